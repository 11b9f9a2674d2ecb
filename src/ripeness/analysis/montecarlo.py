"""Monte Carlo over every uncertain number (DESIGN.md §2 "Uncertainty", §3).

Draws are split into chunks of :data:`CHUNK` (fixed by ``n``, never by the worker count);
chunk ``i`` draws from ``np.random.SeedSequence(seed).spawn(n_chunks)[i]``. Each chunk is an
independent task (:func:`run_chunk`) that evaluates, for its draws at once, the scenario
as analysed and each obstacle switched off alone. Results are concatenated in chunk order,
so the same seed gives bit-identical numbers serially, in a process pool or on Dask.

Memory: a chunk's uniforms are drawn at once (the stream never changes), then evaluated in
passes of :func:`~ripeness.analysis.passes.draws_per_pass` draws (a whole chunk unless
the scenario's per-draw arrays are large; fixed by the scenario, never by the budget), and
inside a pass the value of fighting on is taken over the joint war outcomes in blocks sized
by the memory budget (:mod:`ripeness.memory`, ``RIPENESS_MEMORY``, default 1 GiB), with
arithmetic that does not depend on the block sizes: the same seed gives the same numbers
whatever the budget.

Obstacle binding (per draw): an obstacle **binds** when switching it off alone lowers ``g*``
by more than the tie tolerance (``max(1e-9, 1e-9 |g*|)``): it is part of what keeps the sides
apart at the margin. It **opens** a deal when there is no deal with it on and a deal with it
alone off. Obstacles already switched off (``off``) are not analysed.

Electorates are refitted in every draw to the draw's polls, on the scenario as written
(:class:`~ripeness.analysis.uncertainty.Design`); every configuration of the draw (obstacles
off, a lever's grid) keeps that fit. A draw whose polls cannot be fitted (support would not
rise with the net value) is reported, and left out of P(deal) and of the ``g*`` distribution.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..memory import memory_limit
from ..model.numbers import single_threaded_blas
from ..model.params import draw
from ..scenario import Scenario
from .mcresult import MonteCarloResult
from .passes import check_budget, draws_per_pass
from .uncertainty import LEVER_GRID, Design, build_design, lever_thresholds, summarise

#: Draws per task. Fixed: the chunking (hence every random stream) depends on ``n`` only.
CHUNK = 1000


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything a chunk task needs (picklable; shipped once per worker)."""

    design: Design
    obstacles: tuple[str, ...]
    n: int
    chunk: int
    seeds: tuple[np.random.SeedSequence, ...]
    lever: tuple[int, float, float, int] | None = None  # column, lo, hi, grid
    passes: int = CHUNK  # draws per pass (fixed by the scenario)
    lever_passes: int = CHUNK  # draws per pass of the lever search
    memory: int | None = None  # the memory budget of every task, bytes (None: the worker's)

    @property
    def n_chunks(self) -> int:
        return len(self.seeds)

    def uniforms(self, i: int) -> np.ndarray:
        """The uniforms of chunk ``i``, ``(size, m)``: one ``rng.random`` call on its stream;
        columns that are not drawn (a lever) get 0.5 (each model reads its own value there)."""
        size = min(self.chunk, self.n - i * self.chunk)
        m = self.design.n_drawn
        U = np.random.default_rng(self.seeds[i]).random((size, m))
        extra = len(self.design.columns) - m
        return np.hstack([U, np.full((size, extra), 0.5)]) if extra else U


def run_chunk(plan: Plan, i: int) -> dict[str, np.ndarray]:
    """Evaluate chunk ``i``: per-draw answers of every configuration (vectorised over draws,
    in passes of ``plan.passes`` draws)."""
    with single_threaded_blas(), memory_limit(plan.memory):
        U = plan.uniforms(i)
        step = plan.passes
        parts = [_pass(plan, U[r : r + step]) for r in range(0, U.shape[0], step)]
    if len(parts) == 1:
        return parts[0]
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k != "counts"}
    out["counts"] = np.sum([p["counts"] for p in parts], axis=0)
    return out


def _pass(plan: Plan, U: np.ndarray) -> dict[str, np.ndarray]:
    d = plan.design
    cfg = d.configs[0]
    X, nums, fitted = d.first(U)
    s = summarise(cfg, nums, nearest=True, counts=True)
    assert s.nearest is not None and s.counts is not None  # asked for both
    k = len(d.configs) - 1
    off_gap = np.empty((X.shape[0], k))
    off_deal = np.empty((X.shape[0], k), dtype=bool)
    for j, c in enumerate(d.configs[1:]):
        t = summarise(c, d.numbers(c, draw(c.params, U), fitted))
        off_gap[:, j], off_deal[:, j] = t.gap, t.deal
    out = {
        "gap": s.gap,
        "zopa": s.zopa,
        "nearest": s.nearest,
        "counts": s.counts,
        "off_gap": off_gap,
        "off_deal": off_deal,
        "valid": nums.valid,
    }
    if plan.lever is not None:
        col, lo, hi, grid = plan.lever
        step = plan.lever_passes
        found = []
        for r in range(0, X.shape[0], step):
            sl = slice(r, r + step)
            fit = {a: (m[sl], v[sl]) for a, (m, v) in fitted.items()}
            found.append(lever_thresholds(d, cfg, X[sl], fit, col, lo, hi, grid))
        out["lever"] = np.concatenate([f[0] for f in found])
        out["lever_dir"] = np.concatenate([f[1] for f in found])
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
    fits: Sequence[tuple[Scenario, Sequence[str] | None]] | None = None,
    memory: int | str | None = None,
) -> Plan:
    """Compile the configurations and spawn the chunk streams; ``memory``: the budget of
    every task (default: the budget in force here, :func:`ripeness.memory.memory_budget`).

    Raises
    ------
    ValueError
        For ``n < 1``, a lever parameter that is not a number of the model, or one without a
        range.
    """
    from ..model.params import lookup

    if n < 1:
        raise ValueError(f"need at least one draw, got n={n}")
    names = tuple(o for o in sc.spec.obstacles if o not in set(off)) if obstacles else ()
    offs = [tuple(off), *((*off, o) for o in names)]
    extra: list[str] = []
    lever_path = None
    if param is not None:
        p = lookup(sc, param)
        lever_path = p.path
        extra.append(p.path)
        if param_range is None:
            if not p.uncertain:
                raise ValueError(f"{param!r} has no uncertainty range: give --range LO HI")
            param_range = p.bounds()
    with memory_limit(memory) as budget:
        design = build_design(sc, offs, extra=extra, fits=fits)
    lever = None
    if lever_path is not None and param_range is not None:
        lo, hi = float(param_range[0]), float(param_range[1])
        if not hi > lo:
            raise ValueError(f"empty range [{lo}, {hi}]")
        col = design.columns.index(lever_path)
        if not any(s.column == col for s in design.configs[0].model.slots):
            raise ValueError(f"{param!r} does not enter the model")
        lever = (col, lo, hi, int(lever_grid))
    with memory_limit(budget):
        check_budget(design, 0 if lever is None else lever[3])
    n_chunks = -(-n // chunk)
    seeds = tuple(np.random.SeedSequence(seed).spawn(n_chunks))
    passes = min(int(chunk), draws_per_pass(design))
    lever_passes = passes if lever is None else min(passes, draws_per_pass(design, lever[3]))
    return Plan(design, names, int(n), int(chunk), seeds, lever, passes, lever_passes, budget)


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
    fits: Sequence[tuple[Scenario, Sequence[str] | None]] | None = None,
    memory: int | str | None = None,
) -> MonteCarloResult:
    """Draw every uncertain number ``n`` times and answer the central questions per draw.

    Parameters
    ----------
    sc : Scenario
        Calibrated, with any overrides applied (an overridden number is fixed).
    seed : int, optional
        Root of ``np.random.SeedSequence``; None draws a fresh eight-digit seed from the
        system's entropy (:func:`ripeness.seeds.fresh_seed`), reported as ``seed``.
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
    fits : sequence, optional
        ``(scenario, electorates)`` fitted per draw (default: every electorate, on ``sc`` as
        written); timelines pass the scenario of each electorate's latest polls.
    memory : int or str, optional
        Memory budget of each task in bytes, or a size such as ``"512M"`` (default:
        ``$RIPENESS_MEMORY``, else 1 GiB; :mod:`ripeness.memory`). The numbers do not depend
        on it.
    """
    from ..parallel import executor
    from ..seeds import fresh_seed

    ss = np.random.SeedSequence(fresh_seed() if seed is None else seed)
    plan = build_plan(
        sc,
        n,
        ss.entropy,
        off,
        obstacles=obstacles,
        param=param,
        param_range=param_range,
        fits=fits,
        memory=memory,
    )
    if backend is not None:
        parts, name = backend.map(run_chunk, plan, plan.n_chunks, progress), backend.name
    else:
        with executor(workers, scheduler) as ex:
            parts, name = ex.map(run_chunk, plan, plan.n_chunks, progress), ex.name
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k != "counts"}
    counts = np.sum([p["counts"] for p in parts], axis=0)
    cfg = plan.design.configs[0]
    return MonteCarloResult(
        scenario=sc.id,
        title=sc.title,
        n=plan.n,
        seed=int(ss.entropy),  # type: ignore[arg-type]
        chunk=plan.chunk,
        backend=name,
        off=sorted(off),
        overrides=dict(sc.overrides),
        parameters=tuple(p.path for p in plan.design.drawn[: plan.design.n_drawn] if p.uncertain),
        space=cfg.model.space,
        clean_index=cfg.clean,
        package_counts=counts,
        gap=cat["gap"],
        zopa=cat["zopa"],
        nearest=cat["nearest"],
        obstacles=plan.obstacles,
        titles={o: sc.spec.obstacles[o].title for o in plan.obstacles},
        off_gap=cat["off_gap"],
        off_deal=cat["off_deal"],
        valid=cat["valid"],
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
