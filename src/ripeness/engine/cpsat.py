"""Exact engine: the questions of :func:`ripeness.engine.enumerate.scan` answered with OR-Tools
CP-SAT, for package spaces of any size (DESIGN.md §3).

Model
    One boolean per class of equivalent options of an issue (exactly one per issue; options
    that every element of the model treats alike form one class, see
    :mod:`~ripeness.engine.cpsat_build`), bundle, red-line and rule conditions as AND
    indicators, constitutional violations as OR indicators, acceptance as linear constraints
    over integer-scaled utilities, electorates through the linear threshold
    ``EU_v - d_v >= mu + sigma * Phi^-1(threshold)``. The breach probability ``q(x)`` depends on the
    guarantee options only, so the space is split on them (one group per set of options with the
    same deterrence for every party); in a group ``EU`` is affine in ``u``.

Scaling resolution
    Linear forms are scaled to integers. When all coefficients of a form (or of a family of
    forms compared with each other, such as the shortfalls in the gap epigraph) are rational with
    denominators up to 10^6 — GENIUS utilities, integer weights and values — the scale is their
    exact common quantum and the integer arithmetic is exact. Otherwise the scale is the largest
    power of two keeping the form's magnitude within 2^40: a resolution of ``M * 2^-40`` for a
    form of magnitude ``M`` (about 1e-10 utility points on the 0–100 scale). Every integer form
    carries a rigorous bound on its rounding error plus floating-point noise, and every
    constraint is relaxed by it, so the integer model never loses a package that the
    floating-point model (:func:`~ripeness.model.evaluate`) accepts; conversely every package it
    proposes — deals, the nearest compromise, solutions, frontier points, range extremes — is
    re-evaluated in floating point before it is reported, and refuted proposals are excluded by
    nogoods. The resolution therefore never changes a verdict; it only bounds how close to a tie
    two packages must be before floating point, not the integer model, separates them
    (``tests/engine/test_cpsat_scaling.py``).

Answers
    ZOPA size: exact by enumerating the deals of each independent component of issues as class
    assignments (weighted by the packages they stand for; issues no constraint mentions just
    multiply), a lower bound (``zopa_exact=False``) beyond
    :data:`~ripeness.engine.cpsat_deal.ZOPA_CAP` assignments in a component. ``g*``: an epigraph
    minimisation brackets it, bisection on the level (feasibility only) closes the bracket to
    the resolution. Frontier: the epsilon-constraint method on the principals' integer surpluses,
    each point re-checked; the lowest-numbered package of each point by lexicographic
    minimisation. Solutions: best values from the frontier (every concept is monotone in the
    surpluses), then the lowest-numbered deal within the tie tolerance. In spaces up to the
    enumeration limit, deals that floating-point rounding alone separates from a frontier point
    are enumerated too, so that even such ties break as enumeration breaks them (see
    :mod:`~ripeness.engine.cpsat_frontier`). Details in the sibling modules.

Solver
    Every solve is single-threaded and deterministic (same answers on every run); lowest-
    numbered frontier packages are found in threads alongside the sweep. Two CP-SAT 9.15
    behaviours are worked around (:mod:`~ripeness.engine.cpsat_model`): the at-most-one/linear
    inclusion presolve, which can refute feasible models (google/or-tools#5293), is off; and an
    optimisation whose objective is parallel to its constraints (zero-sum principals) is first
    probed with a small work limit, then settled by a feasibility check and the objective cut.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..model import Model, utilities
from .cpsat_build import Form, Prep, integer_forms, prepare
from .cpsat_deal import Deal, count
from .cpsat_frontier import BAND_CAP, BAND_SPACE, candidates, lowest_solution, solution_values
from .cpsat_gap import best, lowest
from .cpsat_model import Cp
from .cpsat_terms import evaluate_digits, groups, package_index
from .deadline import current, guarded, submit
from .enumerate import MAX_ENUMERATION, SOLUTIONS
from .frontier import pareto_mask
from .result import ScanResult
from .select import tolerance

__all__ = ["ranges", "scan"]

#: What the last stage of a run computes (frontier?, solutions?), for time-limit messages.
_STAGES = {
    (True, True): "the gap g*, the Pareto frontier and the solutions",
    (True, False): "the gap g* and the Pareto frontier",
    (False, True): "the gap g* and the solutions",
    (False, False): "the gap g*",
}


def _extreme(prep: Prep, a: int, maximize: bool, band: bool) -> float:
    """The floating-point maximum (or minimum) of ``u_a`` over the space."""
    model = prep.model
    f = integer_forms(prep, [Form(((a, 1.0),))])[0]
    cp = Cp(prep)
    e, _ = cp.expr(f, "ge" if maximize else "le")
    r = cp.solve(e, maximize=maximize)
    assert r is not None
    sols = [r[0]]
    if band:
        v = f.value(prep, r[0])
        cpb = Cp(prep, full=True)
        eb, kb = cpb.expr(f, "both")
        w = math.floor(2 * f.err)
        cpb.m.add(eb + kb >= v - w) if maximize else cpb.m.add(eb + kb <= v + w)
        more, complete = cpb.enumerate(BAND_CAP)
        if complete and more:
            sols = more
    u = utilities(model, np.array([prep.digits(s) for s in sols]))[a]
    return float(u.max() if maximize else u.min())


def ranges(model: Model) -> np.ndarray:
    """``max_x u_a - min_x u_a`` over the whole space, per actor, by CP-SAT.

    Without bundles the bounds are those of :meth:`Model.linear_bounds` (exact, as the
    enumeration engine computes them); with bundles each extreme is a CP-SAT optimum whose
    package (and, in spaces small enough, every package tied with it within the scaling error)
    is re-evaluated in floating point. Within the open time limit, stoppable by Ctrl-C
    (:func:`~ripeness.engine.deadline.guarded`).
    """
    if len(model.bundles) == 0:
        lo, hi = model.linear_bounds()
        return hi - lo
    return guarded(lambda: _ranges(model), "the utility ranges")


def _ranges(model: Model) -> np.ndarray:
    prep = prepare(model)
    band = _assignments(prep) <= BAND_SPACE
    out = np.zeros(model.n_actors)
    for a in range(model.n_actors):
        out[a] = _extreme(prep, a, True, band) - _extreme(prep, a, False, band)
    return out


def _assignments(prep: Prep) -> int:
    """Number of class assignments (distinct packages up to equivalent options)."""
    return math.prod(len(r) for r in prep.rep)


def _index_array(idx: list[int]) -> np.ndarray:
    if all(i < 2**63 for i in idx):
        return np.array(idx, dtype=np.int64)
    out = np.empty(len(idx), dtype=object)
    out[:] = idx
    return out


def _gap(parts: list, rng: np.ndarray) -> tuple[float, int]:
    found = [best(p, rng) for p in parts]
    g = min(hi for hi, _, _ in found)
    level = g + tolerance(g) if math.isfinite(g) else g
    nearest = None
    for p, (_, lo, _) in zip(parts, found, strict=True):
        if lo > level:
            continue
        got = lowest(p, rng, level)
        if got is not None:
            i = package_index(p.model, p.digits(got))
            nearest = i if nearest is None else min(nearest, i)
            if math.isfinite(g):
                g = min(g, float(evaluate_digits(p.model, p.digits(got), rng).g[0]))
    assert nearest is not None
    return g, nearest


def scan(
    model: Model,
    *,
    solutions: bool = True,
    frontier: bool = True,
    chunk: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Answer the questions of :func:`ripeness.engine.enumerate.scan` exactly with CP-SAT.

    Parameters
    ----------
    model : Model
    solutions, frontier : bool
        Also find the four solutions / the Pareto frontier of the principals' surplus.
    chunk : int, optional
        Ignored (accepted for interface compatibility with the enumeration engine).
    progress : callable, optional
        Called as ``progress(done, total)`` after each stage.

    Returns
    -------
    ScanResult
        With ``engine="exact"``; package numbers are Python ints (they may exceed 2**63).

    Raises
    ------
    TimeLimitExceeded
        When the open time limit (:func:`~ripeness.engine.deadline.time_limit`; default
        :data:`~ripeness.engine.deadline.DEFAULT_TIME_LIMIT` seconds for this run alone) runs
        out: no partial answer is returned. Ctrl-C stops the run (``KeyboardInterrupt``).
    """
    del chunk
    return guarded(lambda: _scan(model, solutions, frontier, progress), "the utility ranges")


def _scan(
    model: Model,
    solutions: bool,
    frontier: bool,
    progress: Callable[[int, int], None] | None,
) -> ScanResult:
    dl = current()
    assert dl is not None  # guarded opened one
    total_steps = 4
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total_steps)

    rng = _ranges(model) if len(model.bundles) else ranges(model)
    tick()
    dl.stage = "the ZOPA size"
    parts = groups(model)
    deals = [Deal.of(p, rng) for p in parts]
    zopa, exact = 0, True
    for d in deals:
        n, ex = count(d, rng)
        zopa += n
        exact &= ex
    tick()
    pr = model.principals
    sol = fr_i = fr_p = None
    want = zopa and len(pr) and (solutions or frontier)
    dl.stage = _STAGES[bool(frontier), bool(solutions)] if want else _STAGES[False, False]
    with ThreadPoolExecutor(max_workers=1) as pool:  # the gap alongside the frontier
        gap_job = submit(pool, _gap, parts, rng)
        if want:
            fr_p, fr_i, sol = _frontier(model, deals, rng, solutions, frontier)
        gap, nearest = gap_job.result()
    tick()
    return ScanResult(
        engine="exact",
        size=model.space.size,
        zopa_size=zopa,
        gap=float(gap),
        nearest=nearest,
        solutions=sol,
        frontier_index=fr_i,
        frontier_surplus=fr_p,
        ranges=rng,
        zopa_exact=exact,
    )


def _frontier(
    model: Model, deals: list[Deal], rng: np.ndarray, solutions: bool, frontier: bool
) -> tuple[np.ndarray | None, np.ndarray | None, dict[str, int] | None]:
    """Frontier of the principals' surplus over all groups (re-evaluated in floating point,
    ordered as enumeration orders it) and, if asked, the solutions."""
    rows: dict[int, np.ndarray] = {}
    for d in deals:
        small = _assignments(d.prep) <= BAND_SPACE
        for a in candidates(d, rng, small, model.space.size <= MAX_ENUMERATION):
            dg = d.prep.digits(a)
            rows.setdefault(package_index(model, dg), dg)
    if not rows:
        return None, None, None
    idx = sorted(rows)
    ev = evaluate_digits(model, np.array([rows[i] for i in idx]), rng)
    keep = np.flatnonzero(ev.deal)
    pts = ev.surplus(model)[:, keep].T
    ids = [idx[i] for i in keep]
    m = pareto_mask(pts)
    fp = pts[m]
    fi = [i for i, k in zip(ids, m, strict=True) if k]
    order = sorted(range(len(fi)), key=lambda j: (-fp[j, 0], fi[j]))
    fp = fp[order]
    fi = [fi[j] for j in order]
    sol = _solutions(deals, rng, fp) if solutions and len(fp) else None
    return (fp, _index_array(fi), sol) if frontier else (None, None, sol)


def _solutions(deals: list[Deal], rng: np.ndarray, front: np.ndarray) -> dict[str, int]:
    smax = front.max(axis=0)
    vals = solution_values(front.T, smax)
    out: dict[str, int] = {}
    for name in SOLUTIONS:
        b = float(vals[name].max())
        level = b - tolerance(b) if math.isfinite(b) else b
        best_i = None
        for d in deals:
            got = lowest_solution(d, rng, name, level, smax, front)
            if got is not None:
                i = package_index(d.prep.model, d.prep.digits(got))
                best_i = i if best_i is None else min(best_i, i)
        assert best_i is not None
        out[name] = best_i
    return out
