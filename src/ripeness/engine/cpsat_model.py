"""A CP-SAT model over option classes: literals, relaxed constraints, solving, lexicographic minima.

Literals of conditions (bundles, red lines, rules) and of constitutional violations are
half-reified in the direction a use needs (``"le"``: the literal implies the condition,
``"ge"``: the condition implies the literal) and fully reified when both are needed or the
model is built for enumeration (``full=True``), so that solutions correspond one to one to
class assignments.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from ortools.sat.python import cp_model

from . import deadline
from .cpsat_build import IntForm, Prep

#: Solver parameters of every solve: one deterministic worker, LP relaxation with cuts, and no
#: at-most-one/linear inclusion presolve: in OR-Tools 9.15 ``ProcessAtMostOneAndLinear`` can
#: declare feasible exactly-one + linear models infeasible or certify wrong optima
#: (google/or-tools#5293, #5274; reproduced here on an ANAC 2010 frontier sweep). CP-SAT does
#: not catch SIGINT: it would end one solve as if timed out and the run would go on (Ctrl-C
#: ignored, an answer from an unfinished solve); :mod:`.deadline` handles Ctrl-C instead.
PARAMETERS: dict[str, Any] = {
    "num_workers": 1,
    "linearization_level": 2,
    "presolve_inclusion_work_limit": 0,
    "catch_sigint_signal": False,
}
#: Largest product of class counts in one block of a lexicographic minimisation.
LEX_BLOCK = 2**52
#: Deterministic time (CP-SAT work units, about seconds) of an optimisation before its
#: feasibility is checked separately (see :func:`_optimise`).
PROBE_WORK = 0.25
#: Most proposals refuted in floating point before a search gives up.
MAX_REFUTED = 10_000
#: Seconds before the deadline at which a solve stopped by its time limit counts as stopped by
#: the deadline (CP-SAT's clock and Python's differ by milliseconds).
CLOCK_SLACK = 0.05

Check = Callable[[dict[int, int]], tuple[bool, "set[int]"]]


class SolveError(RuntimeError):
    """CP-SAT stopped without an answer (time limit or model error)."""


class RefutationLimit(RuntimeError):
    """Too many packages proposed by the integer model failed the floating-point check."""


def _solver(**extra: Any) -> cp_model.CpSolver:
    s = cp_model.CpSolver()
    for k, v in {**PARAMETERS, **extra}.items():
        setattr(s.parameters, k, v)
    return s


def _run(s: cp_model.CpSolver, m: cp_model.CpModel, cb: Any = None) -> Any:
    """``s.solve(m, cb)`` within the open deadline (:mod:`.deadline`): the solve gets the time
    left, can be stopped, and a solve that the deadline (or a stop) cut short raises
    :class:`~ripeness.engine.deadline.TimeLimitExceeded` (or ``Interrupted``) instead of
    returning its unfinished status."""
    d = deadline.current()
    if d is None:
        return s.solve(m, cb)
    d.check()
    left = max(d.remaining(), 1e-3)
    capped = left < s.parameters.max_time_in_seconds
    if capped:
        s.parameters.max_time_in_seconds = left
    with d.running(s):
        st = s.solve(m, cb)
    if st not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
        d.check()
        if capped and d.remaining() < CLOCK_SLACK:  # CP-SAT's clock ran out just before ours
            raise d.timeout()
    return st


def _optimise(m: cp_model.CpModel, cut: bool = False) -> cp_model.CpSolver | None:
    """Solve to optimality (or feasibility without an objective); None when infeasible.

    An optimisation first runs with :data:`PROBE_WORK` units of deterministic time. If that does
    not settle it, feasibility is checked without the objective, then the optimisation reruns
    with the objective cut in the LP: CP-SAT's presolve folds constraints parallel to the
    objective (zero-sum principals) into the objective's domain, which its LP otherwise ignores,
    so that proving optimality (or infeasibility) can take exponential search. (The cut is not
    the default: it slows ordinary sweeps many times over.) ``cut`` uses it from the start.
    """
    if m.has_objective() and cut:
        s = _solver(add_objective_cut=True)
    elif m.has_objective():
        s = _solver(max_deterministic_time=PROBE_WORK)
        st = _run(s, m)
        if st in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            return s if st == cp_model.OPTIMAL else None
        probe = m.clone()
        probe.clear_objective()
        if _optimise(probe) is None:
            return None
        s = _solver(add_objective_cut=True)
    else:
        s = _solver()
    st = _run(s, m)
    if st == cp_model.INFEASIBLE:
        return None
    if st != cp_model.OPTIMAL:
        raise SolveError(f"CP-SAT stopped with status {s.status_name(st)}")
    return s


class Cp:
    """CP-SAT model of (a part of) the package space.

    Parameters
    ----------
    prep : Prep
    issues : iterable of int, optional
        Issues with variables (default: all). Forms and conditions used must stay inside.
    full : bool
        Fully reify every literal (for enumerating solutions).
    """

    def __init__(self, prep: Prep, issues: Iterable[int] | None = None, *, full: bool = False):
        self.prep = prep
        self.full = full
        self.issues = sorted(range(prep.n_issues) if issues is None else set(issues))
        self.m = cp_model.CpModel()
        self.x: dict[int, list[Any]] = {}
        for k in self.issues:
            row = [self.m.new_bool_var(f"x{k}_{c}") for c in range(len(prep.rep[k]))]
            self.m.add_exactly_one(row)
            self.x[k] = row
        self.infeasible = False
        self.slack = 0.0
        self._cond: dict[int, list[Any]] = {}
        self._viol: dict[int, list[Any]] = {}

    # --- literals -----------------------------------------------------------------------------

    def _outside(self, parts: tuple[tuple[int, tuple[int, ...]], ...]) -> list[Any]:
        out = []
        for k, ok in parts:
            out += [v for c, v in enumerate(self.x[k]) if c not in ok]
        return out

    def cond(self, ci: int, direction: str) -> Any:
        """Literal of condition ``ci`` (None: it never holds; True: it always does)."""
        parts = self.prep.cond_classes[ci]
        if parts is None:
            return None
        if not parts:
            return True
        entry = self._cond.get(ci)
        if entry is None:
            entry = self._cond[ci] = [self.m.new_bool_var(f"c{ci}"), False, False]
        lit = entry[0]
        dirs = ("le", "ge") if self.full or direction == "both" else (direction,)
        if "le" in dirs and not entry[1]:
            entry[1] = True
            for k, ok in parts:
                if len(ok) == 1:
                    self.m.add_implication(lit, self.x[k][ok[0]])
                else:
                    self.m.add_bool_or([self.x[k][c] for c in ok]).only_enforce_if(lit)
        if "ge" in dirs and not entry[2]:
            entry[2] = True
            self.m.add_bool_or([lit, *self._outside(parts)])
        return lit

    def viol(self, p: int, direction: str) -> Any:
        """Literal of "the package cedes an issue party ``p``'s constitution claims"."""
        cedes = self.prep.cedes[p]
        if not cedes:
            return None
        entry = self._viol.get(p)
        if entry is None:
            entry = self._viol[p] = [self.m.new_bool_var(f"v{p}"), False, False]
        lit = entry[0]
        dirs = ("le", "ge") if self.full or direction == "both" else (direction,)
        if "le" in dirs and not entry[1]:
            entry[1] = True
            self.m.add_bool_or([self.x[k][c] for k, c in cedes]).only_enforce_if(lit)
        if "ge" in dirs and not entry[2]:
            entry[2] = True
            for k, c in cedes:
                self.m.add_implication(self.x[k][c], lit)
        return lit

    def forbid(self, ci: int) -> None:
        """No package satisfying condition ``ci``."""
        parts = self.prep.cond_classes[ci]
        if parts is None:
            return
        if not parts:
            self.infeasible = True
            return
        self.m.add_bool_or(self._outside(parts))

    def forbid_cedes(self, p: int) -> None:
        for k, c in self.prep.cedes[p]:
            self.m.add(self.x[k][c] == 0)

    def when(self, ci: int) -> Any:
        """Literal implied by condition ``ci`` (for "if the condition holds then ...")."""
        return self.cond(ci, "ge")

    # --- forms --------------------------------------------------------------------------------

    def expr(self, f: IntForm, sense: str) -> tuple[Any, int]:
        """Linear expression and integer constant of ``f`` without ``f.const``.

        ``sense`` is how the expression is used: ``"ge"`` (bounded below, maximised): modelled
        value never above the true one; ``"le"``: never below; ``"both"``: exact.
        """
        vs: list[Any] = []
        cs: list[int] = []
        for k, coefs in f.cls.items():
            if any(coefs):
                if k not in self.x:
                    raise ValueError(f"form depends on issue {k}, outside this model")
                for c, w in enumerate(coefs):
                    if w:
                        vs.append(self.x[k][c])
                        cs.append(w)
        k0 = 0
        terms = [(self.cond, ci, w) for ci, w in f.bun] + [(self.viol, p, w) for p, w in f.viol]
        for make, i, w in terms:
            # keep the modelled value on the safe side of the true one for this use
            d = "both" if sense == "both" else ("le" if (w > 0) == (sense == "ge") else "ge")
            lit = make(i, d)
            if lit is None:
                continue
            if lit is True:
                k0 += w
            else:
                vs.append(lit)
                cs.append(w)
        return cp_model.LinearExpr.weighted_sum(vs, cs), k0

    def add_ge(self, f: IntForm, enforce: Any = None) -> Any:
        """Relaxed ``f(x) >= 0``: kept by every package whose floating-point value is >= 0."""
        e, k0 = self.expr(f, "ge")
        ct = self.m.add(e >= math.ceil(-f.const - k0 - f.err))
        return ct.only_enforce_if(enforce) if enforce is not None else ct

    def add_le(self, f: IntForm, enforce: Any = None) -> Any:
        """Relaxed ``f(x) <= 0``."""
        e, k0 = self.expr(f, "le")
        ct = self.m.add(e <= math.floor(-f.const - k0 + f.err))
        return ct.only_enforce_if(enforce) if enforce is not None else ct

    def nogood(self, assignment: dict[int, int], issues: Iterable[int] | None = None) -> None:
        """Exclude the class assignment (restricted to ``issues``)."""
        ks = [k for k in (self.issues if issues is None else issues) if k in self.x]
        if not ks:
            self.infeasible = True
            return
        self.m.add_bool_or([self.x[k][assignment[k]].Not() for k in ks])

    # --- solving ------------------------------------------------------------------------------

    def _assignment(
        self, s: cp_model.CpSolver, m: cp_model.CpModel | None = None
    ) -> dict[int, int]:
        out = {}
        for k, row in self.x.items():
            vals = [
                s.boolean_value(v if m is None else m.get_bool_var_from_proto_index(v.index))
                for v in row
            ]
            out[k] = vals.index(True)
        return out

    def solve(
        self, objective: Any = None, *, maximize: bool = False, cut: bool = False
    ) -> tuple[dict[int, int], float] | None:
        """A solution (optimal when an objective is given) and the objective value; None if none.
        ``cut``: the objective is parallel to constraints (see :func:`_optimise`)."""
        if self.infeasible:
            return None
        m = self.m
        if objective is None:
            m.clear_objective()
        elif maximize:
            m.maximize(objective)
        else:
            m.minimize(objective)
        s = _optimise(m, cut)
        if s is None:
            return None
        val = s.objective_value if objective is not None else 0.0
        return self._assignment(s), val

    def probe(self, objective: Any) -> tuple[dict[int, int] | None, float]:
        """Minimise ``objective`` for at most :data:`PROBE_WORK`: the best solution found (None
        when none) and a lower bound on the minimum."""
        m = self.m
        m.minimize(objective)
        s = _solver(max_deterministic_time=PROBE_WORK)
        st = _run(s, m)
        if st == cp_model.INFEASIBLE:
            return None, math.inf
        got = self._assignment(s) if st in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
        return got, s.best_objective_bound

    def lexmin(self) -> dict[int, int] | None:
        """The class assignment of the lowest-numbered package satisfying the model, or None.

        Minimises the class positions issue by issue, in blocks of issues whose combined
        position fits in an integer objective; the model itself is left unchanged.
        """
        if self.infeasible:
            return None
        m = self.m.clone()
        m.clear_objective()
        blocks: list[list[int]] = [[]]
        size = 1
        for k in self.issues:
            n = len(self.x[k])
            if size * n > LEX_BLOCK and blocks[-1]:
                blocks.append([])
                size = 1
            blocks[-1].append(k)
            size *= n
        got: dict[int, int] | None = None
        for block in blocks:
            free = [k for k in block if len(self.x[k]) > 1]
            if not free:
                continue
            vs, cs = [], []
            w = 1
            for k in reversed(free):
                for c, v in enumerate(self.x[k]):
                    if c:
                        vs.append(m.get_bool_var_from_proto_index(v.index))
                        cs.append(c * w)
                w *= len(self.x[k])
            m.minimize(cp_model.LinearExpr.weighted_sum(vs, cs))
            s = _optimise(m)
            if s is None:
                return None
            got = self._assignment(s, m)
            for k in free:
                m.add(m.get_bool_var_from_proto_index(self.x[k][got[k]].index) == 1)
        if got is None:
            m.clear_objective()
            s = _optimise(m)
            if s is None:
                return None
            got = self._assignment(s, m)
        return got

    def search(
        self, check: Check, *, lexmin: bool = True, limit: int = MAX_REFUTED
    ) -> dict[int, int] | None:
        """The lowest (``lexmin``) or any solution that passes ``check`` (the floating-point
        re-evaluation). ``check`` returns ``(ok, issues)``; a refuted solution is excluded by a
        nogood on ``issues`` (all issues when empty), which extends the model; more than
        ``limit`` refutations raise :class:`RefutationLimit`."""
        for _ in range(limit):
            if lexmin:
                got = self.lexmin()
            else:
                r = self.solve()
                got = None if r is None else r[0]
            if got is None:
                return None
            ok, bad = check(got)
            if ok:
                return got
            self.nogood(got, bad or None)
        raise RefutationLimit("too many packages failed the floating-point check")

    def enumerate(self, cap: int, work: float | None = None) -> tuple[list[dict[int, int]], bool]:
        """Every class assignment satisfying the model (at most ``cap``, and at most ``work``
        units of CP-SAT's deterministic time); and whether that is all of them."""
        if self.infeasible:
            return [], True
        self.m.clear_objective()
        found: set[tuple[int, ...]] = set()
        x = self.x
        issues = self.issues

        class Cb(cp_model.CpSolverSolutionCallback):
            def __init__(self) -> None:
                super().__init__()
                self.over = False

            def on_solution_callback(self) -> None:
                key = tuple(
                    next(c for c, v in enumerate(x[k]) if self.boolean_value(v)) for k in issues
                )
                found.add(key)
                if len(found) > cap:
                    self.over = True
                    self.stop_search()

        cb = Cb()
        extra: dict[str, Any] = {"enumerate_all_solutions": True}
        if work is not None:
            extra["max_deterministic_time"] = work
        s = _solver(**extra)
        st = _run(s, self.m, cb)
        if st not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and not cb.over:
            if work is None:
                raise SolveError(f"CP-SAT stopped with status {s.status_name(st)}")
            cb.over = True
        sols = [dict(zip(issues, key, strict=True)) for key in sorted(found)]
        return sols[:cap], not cb.over
