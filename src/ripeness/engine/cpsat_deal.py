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

import numpy as np

from .cpsat_build import IntForm, Prep, integer_forms
from .cpsat_model import Cp
from .cpsat_terms import accept_form, accepts, evaluate_digits

#: Most candidate class assignments enumerated per component when counting the ZOPA.
ZOPA_CAP = 2_000


@dataclass(frozen=True, eq=False)
class Deal:
    """The relaxed deal constraints of one group: acceptance forms and logical exclusions."""

    prep: Prep
    forms: tuple[tuple[int, IntForm], ...]
    forbid: tuple[int, ...]  # condition indices (red lines, rules)
    closed: tuple[int, ...]  # parties whose claimed issues may not be ceded

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
        return cls(prep, tuple(forms), forbid, closed)

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
    sub = Deal(prep, tuple(forms), deal.forbid, deal.closed)
    for comp in sorted(comps.values(), key=min):
        if total == 0:
            break
        mine = [(a, f) for a, f in forms if f.issues(prep) <= comp]

        def check(assign: dict[int, int], mine: list = mine) -> tuple[bool, set[int]]:
            ev = evaluate_digits(prep.model, prep.digits(assign), ranges)
            acc = accepts(prep.model, ev, ranges)[:, 0]
            bad: set[int] = set()
            for a, f in mine:
                if not acc[a]:
                    bad |= f.issues(prep)
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
            n = sum(prep.weight(s) for s, good in zip(sols, ok, strict=True) if good)
        if n == 0 and not complete:  # a lower bound must still tell whether deals exist
            got = sub.cp(comp).search(check, lexmin=False)
            n = 0 if got is None else prep.weight(got)
        total *= n
    return total, exact
