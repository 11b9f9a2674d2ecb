"""ripeness: is a negotiated settlement possible now, and if not, what stands in the way?

A computable bargaining model of war termination (DESIGN.md). Start with::

    import ripeness
    sc = ripeness.load()            # the packaged Russia–Ukraine 2024 scenario
    ripeness.analyze(sc).verdict
"""

from .analysis import (
    Analysis,
    Assessment,
    Durability,
    LeverResult,
    ObstacleAnalysis,
    SweepMap,
)
from .analysis.mcresult import MonteCarloResult
from .analysis.sensitivity import SobolResult, TornadoResult
from .analysis.timeline import TimelineResult
from .api import (
    analyze,
    assess,
    durability,
    levers,
    load,
    montecarlo,
    obstacles,
    prepare,
    sensitivity,
    sweep,
    timeline,
)
from .model import Model, compile_model
from .scenario import (
    DEFAULT_SCENARIO,
    Problem,
    Scenario,
    ScenarioError,
    json_schema,
    packaged_scenarios,
    parse_text,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCENARIO",
    "Analysis",
    "Assessment",
    "Durability",
    "LeverResult",
    "Model",
    "MonteCarloResult",
    "ObstacleAnalysis",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SobolResult",
    "SweepMap",
    "TimelineResult",
    "TornadoResult",
    "__version__",
    "analyze",
    "assess",
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
