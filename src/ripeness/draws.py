"""The public functions that draw: Monte Carlo, sensitivity and the timeline.

They share :mod:`ripeness.api`'s loading and counterfactual rules; every draw and every
parallel chunk gets its own stream spawned from one ``seed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .analysis.mcresult import MonteCarloResult
from .analysis.sensitivity import SobolResult, TornadoResult
from .analysis.timeline import TimelineResult
from .api import ScenarioLike, counterfactual, load
from .engine.deadline import DEFAULT_TIME_LIMIT
from .engine.deadline import time_limit as limited
from .model import check_off
from .scenario.catalog import require_number


def montecarlo(
    scenario: ScenarioLike = None,
    n: int = 10_000,
    seed: int | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    param: str | None = None,
    param_range: tuple[float, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    obstacles: bool = True,
    memory: int | str | None = None,
) -> MonteCarloResult:
    """P(deal), the distribution of ``g*``, deal packages, binding obstacles over ``n`` draws.

    Every number given as an uncertainty is drawn (docs/format.md, "Numbers"); chunks of
    draws have streams spawned from ``SeedSequence(seed)``, so results do not depend on
    ``workers`` (a local process pool) or ``scheduler`` (``"local"``, a Dask address, or a
    ``distributed.Client``). With ``param`` (and ``param_range``), also the distribution of the
    value at which a deal first appears. ``memory`` is the memory budget of each task (bytes,
    or a size such as ``"512M"``; default ``$RIPENESS_MEMORY`` or 1 GiB, :mod:`ripeness.memory`):
    it changes how the work is split, never the numbers. See
    :mod:`ripeness.analysis.montecarlo`.
    """
    from .analysis.montecarlo import montecarlo as run_mc

    sc = load(scenario)
    counterfactual(sc, [*(overrides or {}), *([param] if param else [])])
    sc = sc.with_overrides(overrides)
    off = tuple(off)
    check_off(sc, off)
    if param is not None:
        require_number(sc, param)
    return run_mc(
        sc,
        n,
        seed,
        off=off,
        workers=workers,
        scheduler=scheduler,
        param=param,
        param_range=param_range,
        obstacles=obstacles,
        progress=progress,
        memory=memory,
    )


def sensitivity(
    scenario: ScenarioLike = None,
    method: str = "tornado",
    n: int = 512,
    seed: int | None = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    memory: int | str | None = None,
) -> TornadoResult | SobolResult:
    """Which uncertain numbers matter: ``"tornado"`` (one at a time low/high) or ``"sobol"``.

    Sobol uses ``n`` base samples (a power of two; ``n (m + 2)`` evaluations); ``memory`` as
    in :func:`montecarlo`. See :mod:`ripeness.analysis.sensitivity`.
    """
    from .analysis.sensitivity import sobol, tornado

    sc = load(scenario)
    counterfactual(sc, overrides or {})
    sc = sc.with_overrides(overrides)
    off = tuple(off)
    check_off(sc, off)
    if method == "tornado":
        return tornado(sc, off, memory=memory)
    if method == "sobol":
        return sobol(
            sc, n, seed, off, workers=workers, scheduler=scheduler, progress=progress, memory=memory
        )
    raise ValueError(f"unknown method {method!r}: tornado or sobol")


def timeline(
    scenario: ScenarioLike = None,
    n: int = 1000,
    seed: int | None = 0,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    engine: str = "auto",
    memory: int | str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> TimelineResult:
    """Verdict, ``g*``, nearest compromise and P(deal) at each date of the ``timeline:``.

    Dated overrides apply cumulatively in date order; ``overrides`` hold at every date;
    ``memory`` as in :func:`montecarlo`. See :mod:`ripeness.analysis.timeline`.
    """
    from .analysis.timeline import timeline as run_timeline

    sc = load(scenario)
    off = tuple(off)
    check_off(sc, off)
    with limited(time_limit):
        return run_timeline(
            sc,
            n,
            seed,
            off,
            overrides,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            memory=memory,
        )


__all__ = ["montecarlo", "sensitivity", "timeline"]
