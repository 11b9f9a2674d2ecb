"""``g* = min_x max_a shortfall_a(x)`` and the nearest compromise, in one guarantee group.

For principals and veto players the shortfall is linear (and ``g`` is at least 1 when a red
line is crossed, a rule forbids the package or a closed constitution is violated): one CP-SAT
minimisation of an epigraph variable ``G >= shortfall_a`` brackets ``g*`` between a lower
bound (the integer optimum less its rounding error) and the floating-point ``g`` of the
minimiser. An electorate's shortfall ``threshold - Phi((EU - mu) / sigma)`` is monotone in
``EU``, so ``g(x) <= level`` is linear for a fixed level: the bracket is then narrowed by
bisection on the level (infeasible levels raise the lower end; feasible ones lower the upper
end to the floating-point ``g`` of their witness) down to ``1e-12`` relative.

Ties: the nearest compromise is the lowest-numbered package with ``g <= level`` (``level =
g* + tolerance``, the project's tie rule), found by a lexicographic minimisation over the
relaxed constraints ``g(x) <= level`` and re-checked in floating point.
"""

from __future__ import annotations

import math

import numpy as np

from .cpsat_build import Prep, integer_forms
from .cpsat_model import Cp
from .cpsat_terms import evaluate_digits, level_forms, shortfall_form

#: Most bisection steps on the level (each halves the bracket).
MAX_BISECTION = 80


def _g(prep: Prep, assignment: dict[int, int], ranges: np.ndarray) -> float:
    return float(evaluate_digits(prep.model, prep.digits(assignment), ranges).g[0])


def _blocking(prep: Prep) -> list[int]:
    """Conditions that put ``g`` at 1 or more: red lines and rules."""
    return list(range(len(prep.model.bundles), len(prep.conds)))


def _closed(prep: Prep) -> list[tuple[int, int]]:
    m = prep.model
    return [kc for p in range(len(m.parties)) if not m.route_open[p] for kc in prep.cedes[p]]


def level_cp(prep: Prep, ranges: np.ndarray, level: float) -> Cp:
    """A model whose solutions include every package with ``g(x) <= level``."""
    cp = Cp(prep)
    if not math.isfinite(level):
        if level < 0:
            cp.infeasible = True
        return cp
    le, ge, _ = level_forms(prep, ranges, level)
    for _, f in le:
        cp.add_le(integer_forms(prep, [f])[0])
    for _, f in ge:
        cp.add_ge(integer_forms(prep, [f])[0])
    if level < 1:
        for ci in _blocking(prep):
            cp.forbid(ci)
        for k, c in _closed(prep):
            cp.m.add(cp.x[k][c] == 0)
    return cp


def _epigraph(prep: Prep, ranges: np.ndarray, actors: list[int]) -> tuple[dict[int, int], float]:
    """Minimiser of ``max(shortfall_a for a in actors, 1 if blocked)`` and a lower bound."""
    forms = integer_forms(prep, [shortfall_form(prep, a, ranges) for a in actors], fine=True)
    S = forms[0].scale
    cp = Cp(prep)
    bound = int(max(abs(f.const) + f.err + sum(max(map(abs, c)) for c in f.cls.values())
                    + sum(abs(w) for _, w in f.bun + f.viol) for f in forms)) + int(S) + 2
    G = cp.m.new_int_var(-bound, bound, "g")
    for f in forms:
        e, k0 = cp.expr(f, "le")
        cp.m.add(G >= e + (k0 + math.ceil(f.const)))
    for ci in _blocking(prep):
        lit = cp.when(ci)
        if lit is True:
            cp.m.add(G >= math.ceil(S))
        elif lit is not None:
            cp.m.add(G >= math.ceil(S)).only_enforce_if(lit)
    for k, c in _closed(prep):
        cp.m.add(G >= math.ceil(S)).only_enforce_if(cp.x[k][c])
    r = cp.solve(G)
    assert r is not None  # a package always exists
    err = max(f.err for f in forms)
    return r[0], (r[1] - err - 1) / S


def best(prep: Prep, ranges: np.ndarray) -> tuple[float, float, dict[int, int]]:
    """``(g_hi, g_lo, witness)``: the floating-point ``g`` of the best package found, a lower
    bound on ``g*`` in this group, and that package's class assignment."""
    m = prep.model
    if m.n_actors == 0:
        cp = level_cp(prep, ranges, 0.5)  # unblocked packages have g = -inf
        r = cp.solve()
        if r is not None:
            return -math.inf, -math.inf, r[0]
        r = Cp(prep).solve()
        assert r is not None
        return 1.0, 1.0, r[0]
    others = [a for a in range(m.n_actors) if m.roles[a] != "electorate"]
    elect = [a for a in range(m.n_actors) if m.roles[a] == "electorate"]
    if others:
        sol, lo = _epigraph(prep, ranges, others)
    else:
        r = Cp(prep).solve()
        assert r is not None
        sol, lo = r[0], -1.0
    if elect:
        lo = max(lo, max(float(m.threshold[a]) - 1 for a in elect))
    hi = _g(prep, sol, ranges)
    for _ in range(MAX_BISECTION):
        if hi - lo <= max(1e-13, 1e-12 * abs(hi)):
            break
        mid = (lo + hi) / 2
        cp = level_cp(prep, ranges, mid)
        got = cp.search(lambda a, mid=mid: (_g(prep, a, ranges) <= mid, set()), lexmin=False)
        if got is None:
            lo = mid
        else:
            hi, sol = _g(prep, got, ranges), got
    return hi, min(lo, hi), sol


def lowest(prep: Prep, ranges: np.ndarray, level: float) -> dict[int, int] | None:
    """The lowest-numbered package of the group with ``g <= level`` (``== level`` when the
    level is infinite), or None."""
    if math.isinf(level) and level < 0:
        cp = level_cp(prep, ranges, 0.5)  # no actors: unblocked packages
        return cp.lexmin()
    cp = level_cp(prep, ranges, level)
    return cp.search(lambda a: (_g(prep, a, ranges) <= level, set()))
