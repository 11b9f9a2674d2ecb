"""Monte Carlo over every uncertain number (DESIGN.md §2 "Uncertainty", §3).

Draws are split into chunks of :data:`CHUNK` (fixed by ``n``, never by the worker count);
chunk ``i`` draws from ``np.random.SeedSequence(seed).spawn(n_chunks)[i]``. Each chunk is an
independent task (:func:`run_chunk`) that evaluates, for all its draws at once, the scenario
as analysed and each obstacle switched off alone. Results are concatenated in chunk order,
so the same seed gives bit-identical numbers serially, in a process pool or on Dask.

Obstacle binding (per draw): an obstacle **binds** when switching it off alone lowers ``g*``
by more than the tie tolerance (``max(1e-9, 1e-9 |g*|)``): it is part of what keeps the sides
apart at the margin. It **opens** a deal when there is no deal with it on and a deal with it
alone off. Obstacles already switched off (``off``) are not analysed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.draws import realise, single_threaded_blas
from ..model.params import Parameter, lookup, sample, uncertain_parameters
from ..scenario import Scenario
from .mcresult import MonteCarloResult
from .uncertainty import LEVER_GRID, Config, lever_thresholds, make_config, summarise

#: Draws per task. Fixed: the chunking (hence every random stream) depends on ``n`` only.
CHUNK = 1000


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything a chunk task needs (picklable; shipped once per worker)."""

    params: tuple[Parameter, ...]  # drawn columns
    constants: np.ndarray  # values of extra, undrawn columns (a lever parameter)
    configs: tuple[Config, ...]  # the scenario as analysed, then each obstacle off alone
    obstacles: tuple[str, ...]
    n: int
    chunk: int
    seeds: tuple[np.random.SeedSequence, ...]
    lever: tuple[int, float, float, int] | None = None  # column, lo, hi, grid

    @property
    def n_chunks(self) -> int:
        return len(self.seeds)

    def draws(self, i: int) -> np.ndarray:
        """The draw matrix of chunk ``i``: ``(size, m)`` from its own stream."""
        size = min(self.chunk, self.n - i * self.chunk)
        X = sample(self.params, size, np.random.default_rng(self.seeds[i]))
        if self.constants.size:
            X = np.hstack([X, np.repeat(self.constants[None], size, axis=0)])
        return X


def run_chunk(plan: Plan, i: int) -> dict[str, np.ndarray]:
    """Evaluate chunk ``i``: per-draw answers of every configuration (vectorised over draws)."""
    with single_threaded_blas():
        return _chunk(plan, i)


def _chunk(plan: Plan, i: int) -> dict[str, np.ndarray]:
    X = plan.draws(i)
    cfg = plan.configs[0]
    s = summarise(cfg, realise(cfg.pm, X), nearest=True, counts=True)
    assert s.nearest is not None and s.counts is not None  # asked for both
    k = len(plan.configs) - 1
    off_gap = np.empty((X.shape[0], k))
    off_deal = np.empty((X.shape[0], k), dtype=bool)
    for j, c in enumerate(plan.configs[1:]):
        t = summarise(c, realise(c.pm, X))
        off_gap[:, j], off_deal[:, j] = t.gap, t.deal
    out = {
        "gap": s.gap,
        "zopa": s.zopa,
        "nearest": s.nearest,
        "counts": s.counts,
        "off_gap": off_gap,
        "off_deal": off_deal,
    }
    if plan.lever is not None:
        col, lo, hi, grid = plan.lever
        out["lever"], out["lever_dir"] = lever_thresholds(cfg, X, col, lo, hi, grid)
    return out


def build_plan(
    sc: Scenario,
    n: int,
    seed: int | Sequence[int] | None,
    off: Sequence[str] = (),
    *,
    obstacles: bool = True,
    param: str | None = None,
    param_range: tuple[float, float] | None = None,
    lever_grid: int = LEVER_GRID,
    chunk: int = CHUNK,
) -> Plan:
    """Compile the configurations and spawn the chunk streams.

    Raises
    ------
    ValueError
        For ``n < 1``, a lever parameter that is not a number of the model, or one without a
        range.
    """
    if n < 1:
        raise ValueError(f"need at least one draw, got n={n}")
    params = uncertain_parameters(sc)
    columns = [p.path for p in params]
    lever = None
    extra = False
    if param is not None:
        p = lookup(sc, param)
        if p.path not in columns:
            columns.append(p.path)
            extra = True
        if param_range is None:
            if not p.uncertain:
                raise ValueError(f"{param!r} has no uncertainty range: give --range LO HI")
            param_range = p.bounds()
        lo, hi = float(param_range[0]), float(param_range[1])
        if not hi > lo:
            raise ValueError(f"empty range [{lo}, {hi}]")
        lever = (columns.index(p.path), lo, hi, int(lever_grid))
    base = make_config(sc, off, columns)
    constants = np.zeros(0)
    if lever is not None:
        value = base.pm.column_base[lever[0]]
        if math.isnan(value):
            assert param is not None  # a lever is set only for a param
            hint = (
                " (poll supports are fitted once and never redrawn)"
                if ".calibration." in param
                else ""
            )
            raise ValueError(f"{param!r} does not enter the model{hint}")
        if extra:
            constants = np.array([value])
    names = tuple(o for o in sc.spec.obstacles if o not in set(off)) if obstacles else ()
    configs = (base, *(make_config(sc, (*off, o), columns) for o in names))
    n_chunks = -(-n // chunk)
    seeds = tuple(np.random.SeedSequence(seed).spawn(n_chunks))
    return Plan(tuple(params), constants, configs, names, int(n), int(chunk), seeds, lever)


def montecarlo(
    sc: Scenario,
    n: int = 10_000,
    seed: int | None = None,
    *,
    off: Sequence[str] = (),
    workers: int | None = None,
    scheduler: Any = None,
    param: str | None = None,
    param_range: tuple[float, float] | None = None,
    obstacles: bool = True,
    progress: Callable[[int, int], None] | None = None,
    backend: Any = None,
) -> MonteCarloResult:
    """Draw every uncertain number ``n`` times and answer the central questions per draw.

    Parameters
    ----------
    sc : Scenario
        Calibrated, with any overrides applied (an overridden number is fixed).
    seed : int, optional
        Root of ``np.random.SeedSequence``; None draws fresh entropy (reported).
    workers, scheduler
        Backend (:mod:`ripeness.parallel`); the numbers do not depend on it.
    param, param_range
        A lever: per draw, the value of ``param`` in ``param_range`` at which a deal first
        appears (:func:`~ripeness.analysis.uncertainty.lever_thresholds`).
    obstacles : bool
        Also switch each obstacle off alone in every draw (binding frequencies).
    progress : callable, optional
        ``progress(chunks_done, n_chunks)``.
    backend : optional
        An open :func:`ripeness.parallel.executor` to reuse (``workers`` and ``scheduler``
        are then ignored).
    """
    from ..parallel import executor

    ss = np.random.SeedSequence(seed)
    plan = build_plan(
        sc,
        n,
        ss.entropy,
        off,
        obstacles=obstacles,
        param=param,
        param_range=param_range,
    )
    if backend is not None:
        parts, name = backend.map(run_chunk, plan, plan.n_chunks, progress), backend.name
    else:
        with executor(workers, scheduler) as ex:
            parts, name = ex.map(run_chunk, plan, plan.n_chunks, progress), ex.name
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k != "counts"}
    counts = np.sum([p["counts"] for p in parts], axis=0)
    cfg = plan.configs[0]
    return MonteCarloResult(
        scenario=sc.id,
        title=sc.title,
        n=plan.n,
        seed=int(ss.entropy),  # type: ignore[arg-type]
        chunk=plan.chunk,
        backend=name,
        off=sorted(off),
        overrides=dict(sc.overrides),
        parameters=tuple(p.path for p in plan.params),
        space=cfg.pm.model.space,
        clean_index=cfg.clean,
        package_counts=counts,
        gap=cat["gap"],
        zopa=cat["zopa"],
        nearest=cat["nearest"],
        obstacles=plan.obstacles,
        titles={o: sc.spec.obstacles[o].title for o in plan.obstacles},
        off_gap=cat["off_gap"],
        off_deal=cat["off_deal"],
        lever=None
        if plan.lever is None
        else {
            "param": param,
            "range": [plan.lever[1], plan.lever[2]],
            "grid": plan.lever[3],
        },
        lever_threshold=cat.get("lever"),
        lever_direction=cat.get("lever_dir"),
    )


__all__ = ["CHUNK", "MonteCarloResult", "Plan", "build_plan", "montecarlo", "run_chunk"]
