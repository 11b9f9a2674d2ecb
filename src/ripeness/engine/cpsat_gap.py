"""``g* = min_x max_a shortfall_a(x)`` and the nearest compromise, in one guarantee group.

Every shortfall is linear in a group (in utility-range units, electorates included: DESIGN.md
§2 v2), and ``g`` is at least 1 when a red line is crossed, a rule forbids the package, a
closed constitution is violated, or an open one is without the acceptance of all its ratifiers
— that last term is left out of the epigraph, which stays a lower bound, and enforced at fixed
levels: one CP-SAT minimisation of an epigraph variable ``G >= shortfall_a`` brackets ``g*``
between a lower bound (the integer optimum less its rounding error) and the floating-point
``g`` of the minimiser. The bracket is then narrowed by bisection on the level (infeasible
levels raise the lower end; feasible ones lower the upper end to the floating-point ``g`` of
their witness) down to ``1e-12`` relative.

Ties: the nearest compromise is the lowest-numbered package with ``g <= level`` (``level =
g* + tolerance``, the project's tie rule), found by a lexicographic minimisation over the
relaxed constraints ``g(x) <= level`` and re-checked in floating point.
"""

from __future__ import annotations

import math

import numpy as np

from .cpsat_build import Prep, integer_forms
from .cpsat_deal import add_route, routes
from .cpsat_model import Cp, RefutationLimit
from .cpsat_terms import counted, evaluate_digits, level_forms, shortfall_form

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
    """A model whose solutions include every package with ``g(x) <= level``; its attribute
    ``slack`` bounds how far above the level the ``g`` of its other solutions can be."""
    cp = Cp(prep)
    cp.slack = 0.0
    if not math.isfinite(level):
        if level < 0:
            cp.infeasible = True
        return cp
    for _, f in level_forms(prep, ranges, level):
        i = integer_forms(prep, [f])[0]
        cp.add_le(i)
        cp.slack = max(cp.slack, i.err / i.scale)
    if level < 1:
        for ci in _blocking(prep):
            cp.forbid(ci)
        for k, c in _closed(prep):
            cp.m.add(cp.x[k][c] == 0)
        _ratified(cp, ranges)
    return cp


def _ratified(cp: Cp, ranges: np.ndarray) -> None:
    """A package ceding what an open route lets a party cede is illegal (``g >= 1``) unless
    every ratifier ratifies it (:func:`~ripeness.engine.cpsat_deal.add_route`)."""
    for route in routes(cp.prep, ranges):
        add_route(cp, route)


def _epigraph(prep: Prep, ranges: np.ndarray, actors: list[int]) -> tuple[dict[int, int], float]:
    """A minimiser of ``max(shortfall_a for a in actors, 1 if blocked)`` and a lower bound.

    The minimisation gets :data:`~ripeness.engine.cpsat_model.PROBE_WORK`: balancing problems
    whose integer optimum sits off the LP optimum (a partition in disguise) can take CP-SAT
    exponential search to prove optimal, while the bisection that follows (feasibility only)
    closes the bracket left by its best package and bound at once."""
    forms = integer_forms(prep, [shortfall_form(prep, a, ranges) for a in actors], fine=True)
    S = forms[0].scale
    cp = Cp(prep)
    bound = (
        int(
            max(
                abs(f.const)
                + f.err
                + sum(max(map(abs, c)) for c in f.cls.values())
                + sum(abs(w) for _, w in f.bun + f.viol)
                for f in forms
            )
        )
        + int(S)
        + 2
    )
    G = cp.m.new_int_var(-bound, bound, "g")
    for f in forms:
        e, k0 = cp.expr(f, "le")
        cp.m.add(e + (k0 + math.ceil(f.const)) <= G)
    for ci in _blocking(prep):
        lit = cp.when(ci)
        if lit is True:
            cp.m.add(math.ceil(S) <= G)
        elif lit is not None:
            cp.m.add(math.ceil(S) <= G).only_enforce_if(lit)
    for k, c in _closed(prep):
        cp.m.add(math.ceil(S) <= G).only_enforce_if(cp.x[k][c])
    got, low = cp.probe(G)
    if got is None:  # no package within the probe's work: start from any package
        r = Cp(prep).solve()
        assert r is not None  # a package always exists
        got = r[0]
    err = max(f.err for f in forms)
    return got, (low - err - 1) / S


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
    needed = [a for a in range(m.n_actors) if counted(m, a)]
    if needed:
        sol, lo = _epigraph(prep, ranges, needed)
    else:
        r = Cp(prep).solve()
        assert r is not None
        sol, lo = r[0], -math.inf
    hi = _g(prep, sol, ranges)
    if not math.isfinite(lo):
        lo = min(hi, -1.0) if math.isfinite(hi) else hi
    for _ in range(MAX_BISECTION):
        if hi - lo <= max(1e-13, 1e-12 * abs(hi)):
            break
        mid = (lo + hi) / 2
        cp = level_cp(prep, ranges, mid)
        if hi - lo <= 2 * cp.slack:
            break  # the integer resolution cannot separate the bracket any further

        def below(a: dict[int, int], mid: float = mid) -> tuple[bool, set[int]]:
            return _g(prep, a, ranges) <= mid, set()

        try:
            got = cp.search(below, lexmin=False, limit=20)
        except RefutationLimit:
            break
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
