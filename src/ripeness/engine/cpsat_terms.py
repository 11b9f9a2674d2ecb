"""The model's semantics (DESIGN.md §2) as forms over one part of the package space.

Inside one guarantee-option group (see :func:`groups`) every actor sees a fixed breach
probability ``q``, so ``EU_a = (1 - q) u_a + q (d_a - sucker_a)`` is affine in ``u_a`` and
acceptance, shortfall and surplus are linear in the class booleans and violation indicators.
Electorates accept when ``EU_v >= mu + sigma * Phi^-1(threshold)``.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.special import ndtri

from ..model import Model, breach_probability, evaluate
from ..model.evaluate import TOL, Evaluation, combined_breach
from .cpsat_build import Form, Prep, prepare

#: Most guarantee-option groups the engine splits a space into.
MAX_GROUPS = 10_000
#: ``Phi^-1`` of a probability of 1 in floating point (``ndtr`` rounds to 1 from about 8.3).
Z_ONE = 8.0


def groups(model: Model) -> list[Prep]:
    """Split the space on the deterrence issues: one :class:`Prep` per group of options that
    give every party the same deterrence (hence every actor the same breach probability)."""
    K = len(model.space.issues)
    allowed = [model.option_valid[k, : len(model.space.options[k])].copy() for k in range(K)]
    P = len(model.parties)
    det: dict[int, list[int]] = {}
    for p in range(P):
        k = int(model.deterrence_issue[p])
        if model.breach[p] != 0 and k >= 0:
            det.setdefault(k, []).append(p)
    choices = []
    for k, ps in sorted(det.items()):
        by: dict[tuple[float, ...], list[int]] = {}
        for o in range(len(model.space.options[k])):
            by.setdefault(tuple(float(model.deterrence[p, o]) for p in ps), []).append(o)
        choices.append([(k, g) for g in by.values()])
    if math.prod(len(c) for c in choices) > MAX_GROUPS:
        raise ValueError(f"more than {MAX_GROUPS} guarantee-option combinations")
    out = []
    for combo in itertools.product(*choices):
        al = [a.copy() for a in allowed]
        digits = model.no_deal.copy()
        for k, g in combo:
            mask = np.zeros_like(al[k])
            mask[g] = True
            al[k] &= mask
            digits[k] = g[0]
        q = (
            combined_breach(model, breach_probability(model, digits[None, :]))[:, 0]
            if model.n_actors
            else np.zeros(0)
        )
        out.append(prepare(model, al, q))
    return out


def _cost(prep: Prep, a: int) -> tuple[tuple[int, float], ...]:
    m = prep.model
    if m.roles[a] != "principal":
        return ()
    p = int(m.actor_party[a])
    if m.route_open[p] and m.principal[p] == a and m.override_cost[p] != 0:
        return ((p, -float(m.override_cost[p])),)
    return ()


def surplus(prep: Prep, a: int, shift: float = 0.0) -> Form:
    """``EU_a - cost_a - d_a - shift`` (for principals: the surplus)."""
    m = prep.model
    return Form(
        ((a, float(prep.alpha[a])),), _cost(prep, a), float(prep.beta[a] - m.batna[a]) - shift
    )


def electorate_z(p: float) -> float | None:
    """``Phi^-1(p)`` relaxed slightly downwards; None when every value passes (``p <= 0``)."""
    if p <= 0:
        return None
    z = Z_ONE if p >= 1 else float(ndtri(p))
    return z - 1e-9 - 1e-9 * abs(z)


def electorate_form(prep: Prep, a: int, p: float) -> Form | None:
    """``EU_v - (mu + sigma Phi^-1(p)) >= 0``, i.e. support >= p (relaxed); None: always."""
    m = prep.model
    z = electorate_z(p)
    if z is None:
        return None
    thr = float(m.mu[a] + m.sigma[a] * z)
    return Form(((a, float(prep.alpha[a])),), (), float(prep.beta[a]) - thr)


def accept_form(prep: Prep, a: int) -> Form | None:
    """Acceptance of actor ``a`` (red lines aside) as ``form >= 0``; None when it always holds."""
    m = prep.model
    if m.roles[a] == "electorate":
        return electorate_form(prep, a, float(m.threshold[a]) - TOL)
    return surplus(prep, a, -TOL)


def shortfall_form(prep: Prep, a: int, ranges: np.ndarray, level: float = 0.0) -> Form:
    """Normalised shortfall of a non-electorate minus ``level`` (``<= 0``: shortfall <= level)."""
    rng = float(ranges[a]) if ranges[a] > 1e-12 else 1.0
    s = surplus(prep, a)
    return Form(
        tuple((i, -w / rng) for i, w in s.mult),
        tuple((p, -w / rng) for p, w in s.viol),
        -s.const / rng - level,
    )


def level_forms(
    prep: Prep, ranges: np.ndarray, level: float
) -> tuple[list[tuple[int, Form]], list[tuple[int, Form]]]:
    """Forms of ``g(x) <= level``: ``(le_forms, ge_forms)``, ``le`` forms ``<= 0``
    (non-electorates) and ``ge`` forms ``>= 0`` (electorates); red lines, rules and closed
    constitutions are excluded by the caller when ``level < 1``."""
    m = prep.model
    le, ge = [], []
    for a in range(m.n_actors):
        if m.roles[a] == "electorate":
            f = electorate_form(prep, a, float(m.threshold[a]) - level)
            if f is not None:
                ge.append((a, f))
        else:
            le.append((a, shortfall_form(prep, a, ranges, level)))
    return le, ge


def accepts(model: Model, ev: Evaluation) -> np.ndarray:
    """Acceptance before red lines, ``(A, n)``, exactly as :func:`~ripeness.model.evaluate`."""
    net = ev.eu - ev.cost - model.batna[:, None]
    elect = model.is_electorate[:, None]
    return np.where(elect, ev.support >= model.threshold[:, None] - TOL, net >= -TOL)


def evaluate_digits(model: Model, digits: np.ndarray, ranges: np.ndarray) -> Evaluation:
    return evaluate(model, np.atleast_2d(np.asarray(digits, dtype=np.int64)), ranges)


def package_index(model: Model, digits: np.ndarray) -> int:
    """Package number (exact Python int) of option indices."""
    idx = 0
    for k, d in enumerate(digits):
        idx = idx * len(model.space.options[k]) + int(d)
    return idx
