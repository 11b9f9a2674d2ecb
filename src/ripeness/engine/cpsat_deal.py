"""Deals in one guarantee-option group: relaxed acceptance, float verification, ZOPA counting.

The CP-SAT model of "x is a deal" keeps every package that is a deal in floating point
(relaxed acceptance constraints, exact logical constraints for red lines, rules and closed
constitutions); each package it proposes is re-evaluated with
:func:`~ripeness.model.evaluate` and, when it is not a deal after all, excluded by a nogood on
the issues of the acceptance that failed.

Counting: constraints couple only the issues they mention, so issues split into independent
components; issues in none multiply the count by their number of allowed options, and each
component's deals are enumerated as class assignments (weighted by the number of packages they
stand for), each verified in floating point. A component with more than :data:`ZOPA_CAP`
candidate assignments makes the count a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .cpsat_build import IntForm, Prep, integer_forms
from .cpsat_model import Cp
from .cpsat_terms import accept_form, accepts, evaluate_digits, ratify_form

#: Most candidate class assignments enumerated per component when counting the ZOPA.
ZOPA_CAP = 2_000


@dataclass(frozen=True, eq=False)
class Route:
    """An open override route: ceding what the party claims needs every ratifier to ratify
    (an electorate reaching the route's threshold, a veto player accepting), red lines aside."""

    party: int
    forms: tuple[IntForm, ...]  # relaxed ratification forms (>= 0), one per ratifier with one
    red: tuple[int, ...]  # condition indices of the ratifiers' red lines

    def issues(self, prep: Prep) -> set[int]:
        out = {k for k, _ in prep.cedes[self.party]}
        for f in self.forms:
            out |= f.issues(prep)
        for ci in self.red:
            out |= {k for k, _ in prep.cond_classes[ci] or ()}
        return out


def routes(prep: Prep, ranges: np.ndarray) -> tuple[Route, ...]:
    """The open override routes of the group that a package can use (it cedes a claim)."""
    m = prep.model
    nb = len(m.bundles)
    out = []
    for p in range(len(m.parties)):
        if not (m.route_open[p] and m.ratifiers[p] and prep.cedes[p]):
            continue
        forms = []
        red: list[int] = []
        for r in m.ratifiers[p]:
            f = ratify_form(prep, r, p, ranges)
            if f is not None:
                forms.append(integer_forms(prep, [f])[0])
            red += [nb + int(j) for j in np.flatnonzero(m.red_line_actor == r)]
        out.append(Route(p, tuple(forms), tuple(red)))
    return tuple(out)


def add_route(cp: Cp, route: Route) -> None:
    """Add: ceding what the route lets the party cede implies (relaxed) ratification."""
    v = cp.viol(route.party, "ge")
    for f in route.forms:
        cp.add_ge(f, v)
    for ci in route.red:
        lit = cp.when(ci)
        if lit is True:
            cp.m.add(v == 0)
        elif lit is not None:
            cp.m.add_bool_or([v.Not(), lit.Not()])


def route_legal(ev: Any, route: Route) -> np.ndarray:
    """Packages that do not use the route, or that its ratifiers ratify (floating point)."""
    p = route.party
    return np.asarray(~(ev.violates[p] & ~ev.ratified[p]))


@dataclass(frozen=True, eq=False)
class Deal:
    """The relaxed deal constraints of one group: acceptance forms and logical exclusions."""

    prep: Prep
    forms: tuple[tuple[int, IntForm], ...]
    forbid: tuple[int, ...]  # condition indices (red lines, rules)
    closed: tuple[int, ...]  # parties whose claimed issues may not be ceded
    routes: tuple[Route, ...] = ()

    @classmethod
    def of(cls, prep: Prep, ranges: np.ndarray) -> Deal:
        m = prep.model
        forms = []
        for a in range(m.n_actors):
            f = accept_form(prep, a, ranges)
            if f is not None:
                forms.append((a, integer_forms(prep, [f])[0]))
        nb = len(m.bundles)
        forbid = tuple(range(nb, len(prep.conds)))
        closed = tuple(p for p in range(len(m.parties)) if not m.route_open[p] and prep.cedes[p])
        return cls(prep, tuple(forms), forbid, closed, routes(prep, ranges))

    def cp(self, issues: set[int] | None = None, *, full: bool = False, forms: bool = True) -> Cp:
        """A model whose solutions include every deal (restricted to ``issues``)."""
        cp = Cp(self.prep, issues, full=full)
        inside = set(cp.issues)
        for ci in self.forbid:
            parts = self.prep.cond_classes[ci]
            if parts is None or {k for k, _ in parts} <= inside:
                cp.forbid(ci)
        for p in self.closed:
            for k, c in self.prep.cedes[p]:
                if k in inside:
                    cp.m.add(cp.x[k][c] == 0)
        if forms:
            for _, f in self.forms:
                if f.issues(self.prep) <= inside and not self.redundant(f):
                    cp.add_ge(f)
        for route in self.routes:
            if route.issues(self.prep) <= inside:
                add_route(cp, route)
        return cp

    def check(self, assignment: dict[int, int], ranges: np.ndarray) -> tuple[bool, set[int]]:
        """Whether the lowest package of ``assignment`` is a deal in floating point; if not,
        the issues of the acceptance constraints it fails (for a nogood)."""
        ev = evaluate_digits(self.prep.model, self.prep.digits(assignment), ranges)
        if ev.deal[0]:
            return True, set()
        acc = accepts(self.prep.model, ev, ranges)[:, 0]
        bad: set[int] = set()
        for a, f in self.forms:
            if not acc[a]:
                bad |= f.issues(self.prep)
        for route in self.routes:
            if not route_legal(ev, route)[0]:
                bad |= route.issues(self.prep)
        return False, bad

    def redundant(self, f: IntForm) -> bool:
        """The acceptance holds for every package (checked on integer bounds, tightened)."""
        lo = sum(min(c) for c in f.cls.values()) + sum(min(0, w) for _, w in f.bun)
        lo += sum(min(0, w) for _, w in f.viol)
        return lo + f.const - f.err >= 0

    def impossible(self, f: IntForm) -> bool:
        """The relaxed acceptance fails for every package."""
        hi = sum(max(c) for c in f.cls.values()) + sum(max(0, w) for _, w in f.bun)
        hi += sum(max(0, w) for _, w in f.viol)
        return hi + f.const + f.err < 0


def count(deal: Deal, ranges: np.ndarray, cap: int | None = None) -> tuple[int, bool]:
    """Number of deals in the group (exact, or a lower bound with ``False``)."""
    cap = ZOPA_CAP if cap is None else cap
    prep = deal.prep
    K = prep.n_issues
    forms = []
    for a, f in deal.forms:
        if deal.impossible(f):
            return 0, True
        if not deal.redundant(f):
            forms.append((a, f))
    constant = [a for a, f in forms if not f.issues(prep)]
    if constant:
        ev = evaluate_digits(prep.model, prep.digits({}), ranges)
        if not accepts(prep.model, ev, ranges)[constant, 0].all():
            return 0, True
        forms = [(a, f) for a, f in forms if a not in constant]
    # union-find over issues
    parent = list(range(K))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    used: set[int] = set()
    supports = [f.issues(prep) for _, f in forms]
    for ci in deal.forbid:
        parts = prep.cond_classes[ci]
        if parts is None:
            continue
        if not parts:
            return 0, True
        supports.append({k for k, _ in parts})
    supports += [r.issues(prep) for r in deal.routes]
    for sup in supports:
        ks = sorted(sup)
        used |= sup
        for k in ks[1:]:
            parent[find(k)] = find(ks[0])
    closed = {(k, c) for p in deal.closed for k, c in prep.cedes[p]}
    total, exact = 1, True
    for k in range(K):
        if k not in used:
            total *= sum(len(cl) for c, cl in enumerate(prep.classes[k]) if (k, c) not in closed)
    comps: dict[int, set[int]] = {}
    for k in used:
        comps.setdefault(find(k), set()).add(k)
    sub = Deal(prep, tuple(forms), deal.forbid, deal.closed, deal.routes)
    for comp in sorted(comps.values(), key=min):
        if total == 0:
            break
        mine = [(a, f) for a, f in forms if f.issues(prep) <= comp]
        own = [r for r in deal.routes if r.issues(prep) <= comp]

        def check(
            assign: dict[int, int], mine: list = mine, own: list = own
        ) -> tuple[bool, set[int]]:
            ev = evaluate_digits(prep.model, prep.digits(assign), ranges)
            acc = accepts(prep.model, ev, ranges)[:, 0]
            bad: set[int] = set()
            for a, f in mine:
                if not acc[a]:
                    bad |= f.issues(prep)
            for r in own:
                if not route_legal(ev, r)[0]:
                    bad |= r.issues(prep)
            return not bad, bad

        sols, complete = sub.cp(comp, full=True).enumerate(cap)
        exact &= complete
        n = 0
        if sols:
            ev = evaluate_digits(prep.model, np.array([prep.digits(s) for s in sols]), ranges)
            acc = accepts(prep.model, ev, ranges)
            ok = np.ones(len(sols), dtype=bool)
            for a, _ in mine:
                ok &= acc[a]
            for r in own:
                ok &= route_legal(ev, r)
            n = sum(prep.weight(s) for s, good in zip(sols, ok, strict=True) if good)
        if n == 0 and not complete:  # a lower bound must still tell whether deals exist
            got = sub.cp(comp).search(check, lexmin=False)
            n = 0 if got is None else prep.weight(got)
        total *= n
    return total, exact
