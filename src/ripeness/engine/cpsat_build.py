"""Building blocks of the exact engine: option classes, linear forms, their integer scaling.

Option classes
    Two options of an issue that every element of the model treats alike — the same utility
    table entry for every actor (bit for bit), the same membership in every bundle, red line and
    rule condition, the same constitutional cession — give the same evaluation, bit for bit, in
    every package. They form one *class*; CP-SAT models have one boolean per class (exactly one
    per issue). The lowest-numbered package of a class assignment takes each class's lowest
    option, so classes are ordered by their lowest option and lexicographic order on class
    positions is package order.

Forms
    A :class:`Form` is a real function ``sum_a mult_a * u_a(x) + sum_p c_p [x violates p] + c``
    of a package: utilities of actors with multipliers (``1 - q`` for commitment discounting,
    ``1 / range`` for normalised shortfalls), override-cost indicators and a constant.
    :func:`integer_forms` scales forms to integers (see :mod:`ripeness.engine.cpsat` for the
    resolution) and returns, with each, a rigorous bound ``err`` on the difference between the
    integer form and the scaled floating-point value that :func:`~ripeness.model.evaluate`
    computes, so that relaxed constraints keep every package that satisfies the floating-point
    condition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce

import numpy as np

from ..model import Model
from ..model import semantics as S
from ..model.space import Condition

#: Largest magnitude of a scaled form (far inside int64 and exact in CP-SAT's double-precision LP).
BUDGET = 2**40
#: Largest denominator tried when looking for an exact rational quantum of the coefficients.
MAX_DENOMINATOR = 10**6


@dataclass(frozen=True, eq=False)
class Prep:
    """A model's package space (or a part of it) in option classes.

    Attributes
    ----------
    model : Model
    classes : tuple of tuple of ndarray
        Per issue, the options of each class (ascending), classes ordered by lowest option.
    rep : tuple of ndarray
        Per issue, the lowest option of each class.
    conds : tuple of Condition
        Bundles, then red lines, then rules (indices into this tuple identify conditions).
    cond_classes : tuple
        Per condition, ``None`` when it never holds, else ``((k, allowed classes), ...)`` for
        the issues it restricts (empty: it always holds).
    q : ndarray or None
        Breach probability each actor sees in this part of the space (one guarantee option
        group per deterrence issue), as :func:`~ripeness.model.evaluate` computes it.
    """

    model: Model
    classes: tuple[tuple[np.ndarray, ...], ...]
    rep: tuple[np.ndarray, ...]
    conds: tuple[Condition, ...]
    cond_classes: tuple[tuple[tuple[int, tuple[int, ...]], ...] | None, ...]
    q: np.ndarray | None = None
    cedes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def n_issues(self) -> int:
        return len(self.classes)

    @property
    def alpha(self) -> np.ndarray:
        """``EU = alpha u + beta`` in this group (:func:`ripeness.model.semantics.discount`)."""
        assert self.q is not None
        m = self.model
        return S.discount(self.q, m.batna, m.sucker)[0]

    @property
    def beta(self) -> np.ndarray:
        assert self.q is not None
        m = self.model
        return S.discount(self.q, m.batna, m.sucker)[1]

    def digits(self, assignment: dict[int, int]) -> np.ndarray:
        """Lowest-numbered package of a class assignment (issues not given: first class)."""
        return np.array(
            [self.rep[k][assignment.get(k, 0)] for k in range(self.n_issues)], dtype=np.int64
        )

    def weight(self, assignment: dict[int, int]) -> int:
        """Number of packages in a class assignment (over the issues it names)."""
        return math.prod(len(self.classes[k][c]) for k, c in assignment.items())

    def size(self, k: int) -> int:
        """Number of options of issue ``k`` in this part of the space."""
        return sum(len(c) for c in self.classes[k])


def all_conditions(model: Model) -> tuple[Condition, ...]:
    return (*model.bundles, *model.red_lines, *model.rules)


def prepare(
    model: Model, allowed: list[np.ndarray] | None = None, q: np.ndarray | None = None
) -> Prep:
    """Group the allowed options of every issue into classes (see module docstring)."""
    K = len(model.space.issues)
    conds = all_conditions(model)
    by_issue: list[list[np.ndarray]] = [[] for _ in range(K)]
    for c in conds:
        for k, mask in zip(c.issues, c.allowed, strict=True):
            by_issue[k].append(mask)
    classes, reps = [], []
    for k in range(K):
        n = len(model.space.options[k])
        ok = np.ones(n, dtype=bool) if allowed is None else allowed[k][:n]
        groups: dict[tuple, list[int]] = {}
        for o in np.flatnonzero(ok):
            sig = (
                model.table[:, k, o].tobytes(),
                tuple(bool(m[o]) for m in by_issue[k]),
                model.cedes[:, k, o].tobytes(),
            )
            groups.setdefault(sig, []).append(int(o))
        cl = sorted((np.array(g, dtype=np.int64) for g in groups.values()), key=lambda a: a[0])
        classes.append(tuple(cl))
        reps.append(np.array([c[0] for c in cl], dtype=np.int64))
    cond_classes = []
    for c in conds:
        parts: list[tuple[int, tuple[int, ...]]] = []
        never = False
        for k, mask in zip(c.issues, c.allowed, strict=True):
            ok_c = tuple(i for i, r in enumerate(reps[k]) if mask[r])
            if not ok_c:
                never = True
            elif len(ok_c) < len(reps[k]):
                parts.append((k, ok_c))
        cond_classes.append(None if never else tuple(parts))
    cedes: dict[int, list[tuple[int, int]]] = {}
    for p in range(len(model.parties)):
        cedes[p] = [(k, i) for k in range(K) for i, r in enumerate(reps[k]) if model.cedes[p, k, r]]
    return Prep(model, tuple(classes), tuple(reps), conds, tuple(cond_classes), q, cedes)


# --- forms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """``sum_a mult[a] u_a(x) + sum_p viol[p] [x violates p's constitution] + const``."""

    mult: tuple[tuple[int, float], ...]
    viol: tuple[tuple[int, float], ...] = ()
    const: float = 0.0


@dataclass(frozen=True, eq=False)
class IntForm:
    """A form scaled to integers: ``cls[k][c]`` per class, ``bun`` per condition, ``viol``.

    The integer value of a package is within ``err`` of ``scale`` times the floating-point
    value of the form; ``const`` (scaled, not rounded) is kept apart for right-hand sides.
    """

    cls: dict[int, list[int]]
    bun: list[tuple[int, int]]
    viol: list[tuple[int, int]]
    const: float
    err: float
    scale: float

    def issues(self, prep: Prep) -> set[int]:
        """Issues the form depends on."""
        out = {k for k, v in self.cls.items() if any(v)}
        for ci, _ in self.bun:
            cc = prep.cond_classes[ci]
            out |= {k for k, _ in cc or ()}
        for p, _ in self.viol:
            out |= {k for k, _ in prep.cedes[p]}
        return out

    def value(self, prep: Prep, assignment: dict[int, int]) -> int:
        """Integer value (without ``const``) of a class assignment over every issue."""
        v = sum(c[assignment[k]] for k, c in self.cls.items())
        for ci, w in self.bun:
            cc = prep.cond_classes[ci]
            if cc is not None and all(assignment[k] in ok for k, ok in cc):
                v += w
        for p, w in self.viol:
            if any(assignment[k] == c for k, c in prep.cedes[p]):
                v += w
        return v


@dataclass(frozen=True)
class _Terms:
    cls: dict[int, np.ndarray]
    bun: list[tuple[int, float]]
    viol: list[tuple[int, float]]
    const: float

    @property
    def coefs(self) -> list[float]:
        out = [float(v) for a in self.cls.values() for v in a if v != 0]
        return out + [v for _, v in self.bun if v != 0] + [v for _, v in self.viol if v != 0]

    @property
    def magnitude(self) -> float:
        m = sum(float(np.max(np.abs(a))) for a in self.cls.values() if len(a))
        return (
            m
            + sum(abs(v) for _, v in self.bun)
            + sum(abs(v) for _, v in self.viol)
            + abs(self.const)
        )

    @property
    def n_terms(self) -> int:
        return len(self.cls) + len(self.bun) + len(self.viol) + 1


def _terms(prep: Prep, form: Form) -> _Terms:
    m = prep.model
    const = float(form.const)
    cls: dict[int, np.ndarray] = {}
    for k in range(prep.n_issues):
        c = np.zeros(len(prep.rep[k]))
        for a, w in form.mult:
            if w != 0:
                c += w * m.table[a, k, prep.rep[k]]
        if len(c) and np.any(c != c[0]):
            lo = float(c.min())
            cls[k] = c - lo
            const += lo
        elif len(c):
            const += float(c[0])
    bun = []
    nb = len(m.bundles)
    for a, w in form.mult:
        if w == 0:
            continue
        for j in np.flatnonzero(m.bundle_actor == a):
            if prep.cond_classes[j] is not None and j < nb:
                bun.append((int(j), float(w * m.bundle_value[j])))
    viol = [(p, float(c)) for p, c in form.viol if c != 0 and prep.cedes[p]]
    return _Terms(cls, bun, viol, const)


def _quantum(coefs: list[float]) -> Fraction | None:
    """A scale making every coefficient an integer exactly (rational data), or None."""
    if not coefs:
        return Fraction(1)
    fr = []
    for v in coefs:
        f = Fraction(v).limit_denominator(MAX_DENOMINATOR)
        if abs(float(f) - v) > 1e-12 * abs(v):
            return None
        fr.append(f)
    den = reduce(math.lcm, (f.denominator for f in fr), 1)
    nums = [abs(f.numerator * (den // f.denominator)) for f in fr]
    g = reduce(math.gcd, nums, 0) or 1
    return Fraction(den, g)


def choose_scale(terms: list[_Terms], fine: bool = False) -> float:
    """One scale for a family of forms: an exact rational quantum when the data allow it and
    it fits :data:`BUDGET` (with ``fine``, its largest power-of-two multiple that fits, so that
    constants, which are not multiples of the quantum, are resolved as finely as possible),
    else the largest power of two that fits."""
    mag = max((t.magnitude for t in terms), default=1.0) or 1.0
    q = _quantum([v for t in terms for v in t.coefs])
    if q is not None and float(q) * mag * 4 <= BUDGET:
        s = float(q)
        if fine:
            s *= 2.0 ** math.floor(math.log2(BUDGET / (4 * s * mag)))
        return s
    return 2.0 ** math.floor(math.log2(BUDGET / mag))


def integer_forms(prep: Prep, forms: list[Form], *, fine: bool = False) -> list[IntForm]:
    """Scale ``forms`` with one common scale (see :func:`choose_scale`)."""
    terms = [_terms(prep, f) for f in forms]
    s = choose_scale(terms, fine)
    out = []
    for t in terms:
        err = 0.0
        cls: dict[int, list[int]] = {}
        for k, c in t.cls.items():
            sc = c * s
            r = np.rint(sc)
            err += float(np.max(np.abs(r - sc)))
            cls[k] = [int(v) for v in r]
        bun: list[tuple[int, int]] = []
        viol: list[tuple[int, int]] = []
        for ci, v in t.bun:
            n = round(float(v) * s)
            err += abs(n - v * s)
            bun.append((ci, n))
        for p, v in t.viol:
            n = round(float(v) * s)
            err += abs(n - v * s)
            viol.append((p, n))
        # floating-point noise of evaluate() and of the coefficients themselves
        err += s * t.magnitude * (t.n_terms + 16) * 2.0**-50
        out.append(IntForm(cls, bun, viol, t.const * s, err, s))
    return out
