"""Pareto frontier of the principals' surplus in the ZOPA (epsilon-constraint) and solutions.

Frontier, in one guarantee group, on integer-scaled surpluses ``S_a``:

- one principal: the maximum;
- two: the epsilon-constraint sweep — maximise ``S_1`` then ``S_2`` subject to
  ``S_2 >= eps``, record the point, set ``eps`` just above its ``S_2``, repeat until infeasible;
- more: repeatedly maximise ``sum_a S_a`` over the packages not weakly dominated by a point
  found so far (each maximiser is Pareto-optimal).

Every proposed point is re-checked as a deal in floating point (a zero-sum pair of principals,
whose objective is parallel to the constraints, is solved with CP-SAT's objective cut). The
floating-point frontier is then taken over candidates, evaluated with
:func:`~ripeness.model.evaluate` and filtered with :func:`~ripeness.engine.frontier.pareto_mask`
exactly as enumeration filters packages:

- in a group of at most :data:`BAND_SPACE` class assignments, every deal whose integer
  surplus is within the scaling error of not being dominated by a point found;
- otherwise the lowest-numbered package of each point (lexicographic minimisation) and, when
  the space is within the enumeration limit, the integers are exact and there are two
  principals, the deals tied with a point in a coordinate whose floating-point value may carry
  rounding (:func:`_edges`).

So ties that only floating-point rounding breaks are broken as enumeration breaks them
wherever enumeration can run; beyond it, packages whose surpluses differ by rounding alone
(exactly equal in the integer arithmetic, which is exact for rational data) count as one
point, at its lowest-numbered package.

Solutions (Nash, Kalai–Smorodinsky, egalitarian, utilitarian) are monotone in every surplus,
so their best values are attained on the frontier. The reported package is the
lowest-numbered deal within the tie tolerance of the best value: a lexicographic minimisation
over linear constraints implied by "value >= best - tolerance" (for Nash, small boxes below
the frontier points that reach the level), re-checked in floating point.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .cpsat_build import Form, IntForm, Prep, integer_forms
from .cpsat_deal import Deal
from .cpsat_terms import evaluate_digits, surplus
from .deadline import submit
from .enumerate import _solution_values


def solution_values(s: np.ndarray, smax: np.ndarray) -> dict[str, np.ndarray]:
    """Each solution concept's objective over surpluses ``s`` (d, n), as enumeration computes it."""
    return {**_solution_values(s, None), **_solution_values(s, smax)}


#: Most class assignments in a group for near-tied candidates to be enumerated around the
#: frontier (and around range extremes).
BAND_SPACE = 50_000
#: Most candidate class assignments enumerated around the frontier of one group.
BAND_CAP = 1_000
#: Most deals enumerated along one edge of the frontier staircase (see :func:`_edges`), and
#: the CP-SAT deterministic time allowed for it.
EDGE_CAP = 200
EDGE_WORK = 0.5
#: Threads finding the lowest-numbered package of each frontier point (beyond the band).
WORKERS = max(1, os.cpu_count() or 1)


def _surplus_forms(deal: Deal) -> list[IntForm]:
    prep = deal.prep
    return [integer_forms(prep, [surplus(prep, int(a))])[0] for a in prep.model.principals]


def parallel(f: IntForm, g: IntForm) -> bool:
    """Whether two forms move together (``f = lambda g + const`` on every package, e.g. zero-sum
    principals), which makes an epsilon-constraint objective parallel to the constraints."""
    if f.bun or g.bun or f.viol or g.viol or f.cls.keys() != g.cls.keys():
        return False
    ratio = None
    for k, a in f.cls.items():
        b = g.cls[k]
        for x, y in zip(a, b, strict=True):
            dx, dy = x - a[0], y - b[0]
            if (dx == 0) != (dy == 0):
                return False
            if dy:
                r = dx / dy
                if ratio is None:
                    ratio = r
                elif abs(r - ratio) > 1e-12 * abs(ratio):
                    return False
    return ratio is not None


def _bounds(f: IntForm) -> tuple[int, int]:
    lo = sum(min(c) for c in f.cls.values()) + sum(min(0, w) for _, w in f.bun + f.viol)
    hi = sum(max(c) for c in f.cls.values()) + sum(max(0, w) for _, w in f.bun + f.viol)
    return lo, hi


def points(
    deal: Deal, ranges: np.ndarray, found_point: Callable[[tuple[int, ...]], None] | None = None
) -> tuple[list[tuple[int, ...]], list[dict[int, int]]]:
    """Integer frontier points of the group (relaxed ZOPA, witnesses verified) and witnesses;
    ``found_point(p)`` is called as each point is found."""
    prep = deal.prep
    forms = _surplus_forms(deal)
    cp = deal.cp()
    ex, k0 = zip(*(cp.expr(f, "ge") for f in forms), strict=True)
    d = len(forms)
    found: list[tuple[int, ...]] = []
    wit: list[dict[int, int]] = []
    cut = d == 2 and parallel(forms[0], forms[1])
    if d == 2:
        (lo1, hi1), (lo2, hi2) = _bounds(forms[0]), _bounds(forms[1])
        eps = cp.m.add(ex[1] >= lo2 - abs(k0[1]) - 1)
        span = hi2 - lo2 + 2 * abs(k0[1]) + 1
        single = (max(abs(lo1), abs(hi1)) + abs(k0[0])) * span + max(abs(lo2), abs(hi2)) < 2**61
    while True:
        if d == 1:
            r = cp.solve(ex[0], maximize=True)
        elif d == 2 and single:
            r = cp.solve(ex[0] * span + ex[1], maximize=True, cut=cut)
        elif d == 2:
            r = cp.solve(ex[0], maximize=True, cut=cut)
            if r is not None:
                fix = cp.m.add(ex[0] >= round(r[1]))
                r = cp.solve(ex[1], maximize=True, cut=cut)
                fix.proto.linear.domain[0] = lo1 - abs(k0[0]) - 1
        else:
            r = cp.solve(sum(ex), maximize=True)
        if r is None:
            break
        ok, bad = deal.check(r[0], ranges)
        if not ok:
            cp.nogood(r[0], bad or None)
            continue
        p = tuple(f.value(prep, r[0]) for f in forms)
        found.append(p)
        wit.append(r[0])
        if found_point is not None:
            found_point(p)
        if d == 1:
            break
        if d == 2:
            eps.proto.linear.domain[0] = p[1] + 1 - k0[1]
        else:
            lits = []
            for e, k, v in zip(ex, k0, p, strict=True):
                lit = cp.m.new_bool_var("")
                cp.m.add(e + k >= v + 1).only_enforce_if(lit)
                lits.append(lit)
            cp.m.add_bool_or(lits)
    return found, wit


def _representative(deal: Deal, ranges: np.ndarray, p: tuple[int, ...]) -> dict[int, int] | None:
    """Lowest-numbered deal whose integer surpluses reach the (Pareto-optimal) point ``p``."""
    cp = deal.cp()
    for f, v in zip(_surplus_forms(deal), p, strict=True):
        e, k = cp.expr(f, "ge")
        cp.m.add(e + k >= v)
    return cp.search(lambda a: deal.check(a, ranges))


def float_exact(prep: Prep, a: int) -> bool:
    """Whether :func:`~ripeness.model.evaluate` computes actor ``a``'s surplus without rounding:
    no commitment discount, and every number involved a multiple of ``2**-20`` small enough
    for every partial sum to be exact. Ties in such a coordinate are then ties in floating point."""
    m = prep.model
    if prep.q is None or prep.q[a] != 0:
        return False
    vals = [m.table[a, k, o] for k in range(prep.n_issues) for c in prep.classes[k] for o in c]
    vals += [m.bundle_value[j] for j in np.flatnonzero(m.bundle_actor == a)]
    vals += [m.batna[a]] + [c for _, c in _cost_terms(prep, a)]
    v = np.abs(np.array(vals, dtype=float)) * 2.0**20
    return bool(np.all(v == np.rint(v)) and v.sum() < 2.0**52)


def _cost_terms(prep: Prep, a: int) -> tuple[tuple[int, float], ...]:
    return surplus(prep, a).viol


def _edges(deal: Deal, found: list[tuple[int, ...]], coords: list[int]) -> list[dict[int, int]]:
    """Two principals, exact integer surpluses: deals tied with a frontier point in a coordinate
    whose floating-point value may carry rounding, and not dominated in the integers by the
    neighbouring point: ``S_a = P_a^j`` and ``S_b >= P_b`` of the next point along ``b``.
    An edge with more than :data:`EDGE_CAP` class assignments (or needing more work than
    :data:`EDGE_WORK`) is left out (the point keeps its lowest-numbered package)."""
    forms = _surplus_forms(deal)
    order = sorted(range(len(found)), key=lambda j: -found[j][0])
    pts = [found[j] for j in order]
    out: list[dict[int, int]] = []
    for j, p in enumerate(pts):
        for a in coords:
            b = 1 - a
            nb = j + 1 if a == 1 else j - 1  # neighbour with a larger S_b
            cp = deal.cp(full=True)
            ea, ka = cp.expr(forms[a], "both")
            eb, kb = cp.expr(forms[b], "both")
            cp.m.add(ea + ka == p[a])
            if 0 <= nb < len(pts):
                cp.m.add(eb + kb >= pts[nb][b])
            sols, complete = cp.enumerate(EDGE_CAP, EDGE_WORK)
            if complete:
                out += sols
    return out


def candidates(
    deal: Deal, ranges: np.ndarray, band: bool, edges: bool = True
) -> list[dict[int, int]]:
    """Class assignments among which the floating-point frontier of the group lies.

    Small groups (``band``): every deal not certainly dominated in the integers. Otherwise the
    lowest-numbered package of each point, found in worker threads (CP-SAT releases the GIL)
    while the sweep goes on; with ``edges``, two principals and exact integer surpluses, also
    the deals tied with a point in a coordinate that floating point may round
    (:func:`_edges`).
    """
    if band:
        found, wit = points(deal, ranges)
        if not found:
            return []
        forms = _surplus_forms(deal)
        cp = deal.cp(full=True)
        ex = [cp.expr(f, "both") for f in forms]
        for p in found:
            lits = []
            for (e, k), v, f in zip(ex, p, forms, strict=True):
                t = v - math.floor(2 * f.err) - k
                lit = cp.m.new_bool_var("")
                cp.m.add(e >= t).only_enforce_if(lit)
                cp.m.add(e <= t - 1).only_enforce_if(~lit)
                lits.append(lit)
            cp.m.add_bool_or(lits)
        sols, complete = cp.enumerate(BAND_CAP)
        if complete:
            return sols
        return [_representative(deal, ranges, p) or w for p, w in zip(found, wit, strict=True)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        jobs = []
        found, wit = points(
            deal, ranges, lambda p: jobs.append(submit(pool, _representative, deal, ranges, p))
        )
        reps = [j.result() or w for j, w in zip(jobs, wit, strict=True)]
    forms = _surplus_forms(deal)
    pr = [int(a) for a in deal.prep.model.principals]
    if edges and len(pr) == 2 and found and all(2 * f.err < 1 for f in forms):
        rounded = [i for i, a in enumerate(pr) if not float_exact(deal.prep, a)]
        if rounded:
            reps += _edges(deal, found, rounded)
    return reps


def _tie_forms(
    deal: Deal, name: str, level: float, smax: np.ndarray, front: np.ndarray
) -> list[list[Form]]:
    """Alternatives (each a list of forms ``>= 0``) covering every deal of value >= level."""
    prep = deal.prep
    pr = [int(a) for a in prep.model.principals]
    slack = 1e-12 * (1 + abs(level))
    if name == "utilitarian":
        parts = [surplus(prep, a) for a in pr]
        return [
            [
                Form(
                    tuple(x for f in parts for x in f.mult),
                    tuple(x for f in parts for x in f.viol),
                    sum(f.const for f in parts) - level + slack * len(pr),
                )
            ]
        ]
    if name == "egalitarian":
        return [[surplus(prep, a, level - slack) for a in pr]]
    if name == "kalai_smorodinsky":
        return [
            [
                surplus(prep, a, level * float(smax[i]) - slack * (1 + abs(float(smax[i]))))
                for i, a in enumerate(pr)
                if smax[i] > 1e-12
            ]
        ]
    # Nash: boxes below the frontier points whose value reaches the level
    vals = solution_values(front.T, smax)["nash"]
    out = []
    for p, v in zip(front, vals, strict=True):
        if v >= level:
            f = math.exp(level - v) * (1 - 1e-12)
            out.append(
                [surplus(prep, a, max(float(p[i]) * f, 1e-12) - slack) for i, a in enumerate(pr)]
            )
    return out


def lowest_solution(
    deal: Deal, ranges: np.ndarray, name: str, level: float, smax: np.ndarray, front: np.ndarray
) -> dict[int, int] | None:
    """Lowest-numbered deal of the group whose ``name`` value is at least ``level``."""
    prep = deal.prep
    model = prep.model
    cp = deal.cp()
    if math.isfinite(level):
        alts = _tie_forms(deal, name, level, smax, front)
        if not alts:
            return None
        lits = []
        for forms in alts:
            lit = cp.m.new_bool_var("") if len(alts) > 1 else None
            for f in [integer_forms(prep, [g])[0] for g in forms]:
                cp.add_ge(f, lit)
            if lit is not None:
                lits.append(lit)
        if lits:
            cp.m.add_bool_or(lits)

    def check(a: dict[int, int]) -> tuple[bool, set[int]]:
        ok, bad = deal.check(a, ranges)
        if not ok:
            return ok, bad
        ev = evaluate_digits(model, prep.digits(a), ranges)
        v = solution_values(ev.surplus(model), smax)[name][0]
        return bool(v >= level) if math.isfinite(level) else True, set()

    return cp.search(check)
