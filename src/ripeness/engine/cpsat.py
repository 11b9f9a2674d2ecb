"""Exact engine: the questions of :func:`ripeness.engine.enumerate.scan` answered with OR-Tools
CP-SAT, for package spaces of any size (DESIGN.md §3).

Model
    One boolean per class of equivalent options of an issue (exactly one per issue; options
    that every element of the model treats alike form one class, see
    :mod:`~ripeness.engine.cpsat_build`), bundle, red-line and rule conditions as AND
    indicators, constitutional violations as OR indicators, acceptance as linear constraints
    over integer-scaled utilities, electorates through the linear threshold
    ``EU_v >= mu + sigma * Phi^-1(threshold)``. The breach probability ``q(x)`` depends on the
    guarantee options only, so the space is split on them (one group per set of options with the
    same deterrence for every party); in a group ``EU`` is affine in ``u``.

Scaling resolution
    Linear forms are scaled to integers. When all coefficients of a form (or of a family of
    forms compared with each other, such as the shortfalls in the gap epigraph) are rational with
    denominators up to 10^6 — GENIUS utilities, integer weights and values — the scale is their
    exact common quantum and the integer arithmetic is exact. Otherwise the scale is the largest
    power of two keeping the form's magnitude within 2^50: a resolution of ``M * 2^-50`` for a
    form of magnitude ``M`` (about 1e-13 utility points on the 0–100 scale). Every integer form
    carries a rigorous bound on its rounding error plus floating-point noise, and every
    constraint is relaxed by it, so the integer model never loses a package that the
    floating-point model (:func:`~ripeness.model.evaluate`) accepts; conversely every package it
    proposes — deals, the nearest compromise, solutions, frontier points, range extremes — is
    re-evaluated in floating point before it is reported, and refuted proposals are excluded by
    nogoods. The resolution therefore never changes a verdict; it only bounds how close to a tie
    two packages must be before floating point, not the integer model, separates them
    (``tests/engine/test_cpsat_scaling.py``).

Answers
    ZOPA size: exact by enumerating class assignments of independent components (weighted by
    the packages they stand for), a lower bound (``zopa_exact=False``) beyond
    :data:`~ripeness.engine.cpsat_deal.ZOPA_CAP` assignments per component. ``g*``: epigraph
    minimisation (bisection on the level with electorates). Ties: the lowest-numbered package
    within the tie tolerance, by lexicographic minimisation. Frontier: epsilon-constraint
    method. See the sibling modules for details.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..model import Model, utilities
from .cpsat_build import Form, integer_forms, prepare
from .cpsat_deal import Deal, count
from .cpsat_frontier import BAND_CAP, BAND_SPACE, candidates, lowest_solution, solution_values
from .cpsat_gap import best, lowest
from .cpsat_model import Cp
from .cpsat_terms import evaluate_digits, groups, package_index
from .enumerate import SOLUTIONS
from .frontier import pareto_mask
from .result import ScanResult
from .select import tolerance

__all__ = ["ranges", "scan"]


def _extreme(model: Model, a: int, maximize: bool, band: bool) -> float:
    prep = prepare(model)
    f = integer_forms(prep, [Form(((a, 1.0),))])[0]
    cp = Cp(prep)
    e, k0 = cp.expr(f, "ge" if maximize else "le")
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
    is re-evaluated in floating point.
    """
    if len(model.bundles) == 0:
        lo, hi = model.linear_bounds()
        return hi - lo
    band = model.space.size <= BAND_SPACE
    out = np.zeros(model.n_actors)
    for a in range(model.n_actors):
        out[a] = _extreme(model, a, True, band) - _extreme(model, a, False, band)
    return out


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
    for p, (hi, lo, _) in zip(parts, found, strict=True):
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
    """
    del chunk
    total_steps = 4
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total_steps)

    rng = ranges(model)
    tick()
    parts = groups(model)
    deals = [Deal.of(p) for p in parts]
    zopa, exact = 0, True
    for d in deals:
        n, ex = count(d, rng)
        zopa += n
        exact &= ex
    tick()
    gap, nearest = _gap(parts, rng)
    tick()
    pr = model.principals
    sol = fr_i = fr_p = None
    if zopa and len(pr) and (solutions or frontier):
        band = model.space.size <= BAND_SPACE
        rows: dict[int, np.ndarray] = {}
        for d in deals:
            for a in candidates(d, rng, band):
                dg = d.prep.digits(a)
                rows.setdefault(package_index(model, dg), dg)
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
        if frontier:
            fr_p, fr_i = fp, _index_array(fi)
        if solutions:
            sol = _solutions(deals, rng, fp)
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
