"""ripeness: is a negotiated settlement possible now, and if not, what stands in the way?

A computable bargaining model of war termination (docs/model.md). Start with::

    import ripeness
    sc = ripeness.load()            # the packaged Russia–Ukraine scenario of June 2026
    ripeness.analyze(sc).verdict

The public names below are imported on first use, so ``import ripeness`` (and the command
line's ``--help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    "Analysis": ".analysis",
    "Assessment": ".analysis",
    "Durability": ".analysis",
    "LeverResult": ".analysis",
    "ObstacleAnalysis": ".analysis",
    "SweepMap": ".analysis",
    "MonteCarloResult": ".analysis.mcresult",
    "SobolResult": ".analysis.sensitivity",
    "TornadoResult": ".analysis.sensitivity",
    "TimelineResult": ".analysis.timeline",
    "analyze": ".api",
    "check": ".checking",
    "RecordCheck": ".analysis.record",
    "CaseLibrary": ".analysis.cases",
    "cases": ".backtest",
    "assess": ".api",
    "durability": ".api",
    "levers": ".api",
    "load": ".api",
    "montecarlo": ".draws",
    "obstacles": ".api",
    "prepare": ".api",
    "sensitivity": ".draws",
    "sweep": ".api",
    "timeline": ".draws",
    "Calibration": ".model",
    "Model": ".model",
    "calibrate": ".model",
    "compile_model": ".model",
    "DEFAULT_SCENARIO": ".scenario",
    "Problem": ".scenario",
    "Scenario": ".scenario",
    "ScenarioError": ".scenario",
    "json_schema": ".scenario",
    "packaged_scenarios": ".scenario",
    "parse_text": ".scenario",
}

__all__ = [
    "DEFAULT_SCENARIO",
    "Analysis",
    "Assessment",
    "Calibration",
    "CaseLibrary",
    "Durability",
    "LeverResult",
    "Model",
    "MonteCarloResult",
    "ObstacleAnalysis",
    "Problem",
    "RecordCheck",
    "Scenario",
    "ScenarioError",
    "SobolResult",
    "SweepMap",
    "TimelineResult",
    "TornadoResult",
    "__version__",
    "analyze",
    "assess",
    "calibrate",
    "cases",
    "check",
    "compile_model",
    "durability",
    "json_schema",
    "levers",
    "load",
    "montecarlo",
    "obstacles",
    "packaged_scenarios",
    "parse_text",
    "prepare",
    "sensitivity",
    "sweep",
    "timeline",
]


#: Subpackages reachable as attributes without an explicit import (``ripeness.ledger``).
_SUBPACKAGES = frozenset({"ledger"})


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ripeness' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


#: Module attributes listed by ``dir(ripeness)`` beside the public names.
_DUNDERS = ("__all__", "__doc__", "__file__", "__name__", "__path__", "__version__")


def __dir__() -> list[str]:
    """Each public name once (and the subpackages), not the module's own imports."""
    return sorted({*__all__, *_SUBPACKAGES, *_DUNDERS})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .analysis import (
        Analysis,
        Assessment,
        Durability,
        LeverResult,
        ObstacleAnalysis,
        SweepMap,
    )
    from .analysis.cases import CaseLibrary
    from .analysis.mcresult import MonteCarloResult
    from .analysis.record import RecordCheck
    from .analysis.sensitivity import SobolResult, TornadoResult
    from .analysis.timeline import TimelineResult
    from .api import (
        analyze,
        assess,
        durability,
        levers,
        load,
        obstacles,
        prepare,
        sweep,
    )
    from .backtest import cases
    from .checking import check
    from .draws import montecarlo, sensitivity, timeline
    from .model import Calibration, Model, calibrate, compile_model
    from .scenario import (
        DEFAULT_SCENARIO,
        Problem,
        Scenario,
        ScenarioError,
        json_schema,
        packaged_scenarios,
        parse_text,
    )
