"""The model's semantics (DESIGN.md §2) as forms over one part of the package space.

Inside one guarantee-option group (see :func:`groups`) every actor sees a fixed breach
probability ``q``, so ``EU_a = alpha_a u_a + beta_a`` (:func:`ripeness.model.semantics.discount`)
is affine in ``u_a``, and every shortfall ``(level_a - net_a) / range_a`` is linear in the class
booleans and violation indicators: ``level = 0`` for principals and veto players, the net value
``mu + sigma Phi^-1(threshold)`` at an electorate's threshold support
(:func:`~ripeness.model.semantics.support_level`), and at an override route's threshold for an
electorate ratifying it.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..model import Model, evaluate
from ..model import semantics as S
from ..model.evaluate import TOL, Evaluation
from .cpsat_build import Form, Prep, prepare

#: Most guarantee-option groups the engine splits a space into.
MAX_GROUPS = 10_000


def groups(model: Model) -> list[Prep]:
    """Split the space on the deterrence issues: one :class:`Prep` per group of options that
    give every deterrence entry the same value (hence every actor the same breach probability)."""
    K = len(model.space.issues)
    allowed = [model.option_valid[k, : len(model.space.options[k])].copy() for k in range(K)]
    det: dict[int, list[int]] = {}
    for j, (p, k) in enumerate(zip(model.det_party, model.det_issue, strict=True)):
        if model.committing[p] and model.breach[p] != 0:
            det.setdefault(int(k), []).append(j)
    choices = []
    for k, js in sorted(det.items()):
        by: dict[tuple[float, ...], list[int]] = {}
        for o in range(len(model.space.options[k])):
            by.setdefault(tuple(float(model.deterrence[j, o]) for j in js), []).append(o)
        choices.append([(k, g) for g in by.values()])
    if math.prod(len(c) for c in choices) > MAX_GROUPS:
        raise ValueError(f"more than {MAX_GROUPS} guarantee-option combinations")
    ones = np.ones(model.n_actors)
    out = []
    for combo in itertools.product(*choices):
        al = [a.copy() for a in allowed]
        digits = model.no_deal.copy()
        for k, g in combo:
            mask = np.zeros_like(al[k])
            mask[g] = True
            al[k] &= mask
            digits[k] = g[0]
        q = evaluate(model, digits[None, :], ones).q[:, 0] if model.n_actors else np.zeros(0)
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
    """``net_a - shift`` with ``net_a = EU_a - cost_a - d_a`` (for principals: the surplus)."""
    m = prep.model
    return Form(
        ((a, float(prep.alpha[a])),), _cost(prep, a), float(prep.beta[a] - m.batna[a]) - shift
    )


def counted(model: Model, a: int) -> bool:
    """Whether a deal needs actor ``a``'s acceptance (not a ratifier-only electorate)."""
    return not bool(model.ratifier_only[a])


def acceptance_level(model: Model, a: int) -> float:
    """The net value actor ``a`` needs: 0, or an electorate's net value at its threshold."""
    if model.roles[a] != "electorate":
        return 0.0
    return float(S.support_level(model.mu[a], model.sigma[a], model.threshold[a]))


def route_level(model: Model, r: int, p: int) -> float:
    """The net value at which electorate ``r`` ratifies party ``p``'s override route."""
    return float(S.support_level(model.mu[r], model.sigma[r], model.route_threshold[p]))


def _range(ranges: np.ndarray, a: int) -> float:
    return float(S.safe_range(ranges[a]))


def accept_form(prep: Prep, a: int, ranges: np.ndarray) -> Form | None:
    """Acceptance of actor ``a`` (red lines aside), ``shortfall <= TOL``, as ``form >= 0``;
    None when no deal needs it."""
    m = prep.model
    if not counted(m, a):
        return None
    return surplus(prep, a, acceptance_level(m, a) - TOL * _range(ranges, a))


def ratify_form(prep: Prep, r: int, p: int, ranges: np.ndarray) -> Form | None:
    """Ratification of party ``p``'s route by actor ``r`` (red lines aside) as ``form >= 0``:
    an electorate reaches the route's threshold, another actor accepts as for any deal."""
    m = prep.model
    if m.roles[r] == "electorate":
        return surplus(prep, r, route_level(m, r, p) - TOL * _range(ranges, r))
    return accept_form(prep, r, ranges)


def shortfall_form(prep: Prep, a: int, ranges: np.ndarray, level: float = 0.0) -> Form:
    """``(level_a - net_a) / range_a - level`` (``<= 0``: shortfall <= level)."""
    rng = _range(ranges, a)
    s = surplus(prep, a, acceptance_level(prep.model, a))
    return Form(
        tuple((i, -w / rng) for i, w in s.mult),
        tuple((p, -w / rng) for p, w in s.viol),
        -s.const / rng - level,
    )


def level_forms(prep: Prep, ranges: np.ndarray, level: float) -> list[tuple[int, Form]]:
    """Forms ``<= 0`` of ``g(x) <= level`` over the actors a deal needs; red lines, rules and
    closed constitutions are excluded by the caller when ``level < 1``."""
    m = prep.model
    return [(a, shortfall_form(prep, a, ranges, level)) for a in range(m.n_actors) if counted(m, a)]


def accepts(model: Model, ev: Evaluation, ranges: np.ndarray) -> np.ndarray:
    """Acceptance before red lines, ``(A, n)``, from the evaluation's net values."""
    levels = np.array([acceptance_level(model, a) for a in range(model.n_actors)])
    sf = S.shortfall(ev.net, levels[:, None], np.asarray(ranges)[:, None])
    ok = S.accepts(sf)
    ok[model.ratifier_only] = True
    return ok


def evaluate_digits(model: Model, digits: np.ndarray, ranges: np.ndarray) -> Evaluation:
    return evaluate(model, np.atleast_2d(np.asarray(digits, dtype=np.int64)), ranges)


def package_index(model: Model, digits: np.ndarray) -> int:
    """Package number (exact Python int) of option indices."""
    idx = 0
    for k, d in enumerate(digits):
        idx = idx * len(model.space.options[k]) + int(d)
    return idx
