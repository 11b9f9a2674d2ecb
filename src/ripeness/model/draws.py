"""Compiled tables with a leading draw axis (DESIGN.md §3, Monte Carlo).

:func:`realise` turns a draw matrix ``X`` of shape ``(D, m)`` into every array the evaluator
needs, for all ``D`` draws at once: the utility table ``(D, A, K, O)``, bundle terms
``(D, B)``, BATNAs ``(D, A)`` (the war computed exactly over joint outcomes), breach ``(D, P)``,
deterrence ``(D, P, O)``, sucker and override costs, thresholds, electorate parameters and the
utility ranges that normalise shortfalls. There is no Python loop over draws; the loops are
over the scenario's structure (parameters, territories, actors).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from scipy.special import expit

from .parametric import Parametric

#: Work per block, in draw x package (or draw x combination) cells.
BLOCK_CELLS = 1 << 20


@dataclass(frozen=True, eq=False)
class Drawn:
    """The numeric arrays of a model for ``D`` draws (leading axis).

    Attributes
    ----------
    table : (D, A, K, O)
        Normalised weight x value: ``w_ak / sum_k w_ak * v_ak(o)``.
    bundle : (D, B)
        Bundle terms ``beta_b``, in :attr:`Model.bundles` order.
    batna : (D, A)
        ``d_a = E[u_a(war outcome)] - horizon * cost_a`` (or the given BATNA).
    breach : (D, P)
    deterrence : (D, P, O)
    sucker : (D, A)
    override_cost : (D, P)
    threshold, mu, sigma : (D, A)
    ranges : (D, A)
        ``max_x u_a - min_x u_a`` over the whole package space.
    """

    table: np.ndarray
    bundle: np.ndarray
    batna: np.ndarray
    breach: np.ndarray
    deterrence: np.ndarray
    sucker: np.ndarray
    override_cost: np.ndarray
    threshold: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    ranges: np.ndarray

    @property
    def n(self) -> int:
        return int(self.table.shape[0])

    def take(self, sel: np.ndarray) -> Drawn:
        """The draws selected by a boolean mask or index array."""
        return Drawn(**{f.name: getattr(self, f.name)[sel] for f in fields(self)})


def fill(pm: Parametric, X: np.ndarray) -> dict[str, np.ndarray]:
    """Raw arrays with the draw axis: base values broadcast, then every slot filled from ``X``."""
    X = np.asarray(X, dtype=float)
    X = X if X.ndim == 2 else X.reshape(-1, len(pm.columns))
    D = X.shape[0]
    out = {k: np.repeat(v[None], D, axis=0) for k, v in pm.base.items()}
    groups: dict[str, list] = {}
    for s in pm.slots:
        groups.setdefault(s.array, []).append(s)
    for name, slots in groups.items():
        flat = out[name].reshape(D, -1)
        idx = np.array([s.index for s in slots], dtype=np.int64)
        cols = X[:, [s.column for s in slots]]
        lo = np.array([s.clip[0] if s.clip else -np.inf for s in slots])
        hi = np.array([s.clip[1] if s.clip else np.inf for s in slots])
        flat[:, idx] = np.clip(cols, lo, hi)
    return out


def _threadpoolctl() -> Any:
    try:
        import threadpoolctl
    except ImportError:  # pragma: no cover - optional
        return None
    return threadpoolctl


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Pin BLAS to one thread, so sums come out bit-identical in every process.

    Parallelism is across chunks of draws; inside a task one BLAS thread is also the fastest.
    Outside this context (or without :mod:`threadpoolctl`) :func:`package_utilities` gathers
    instead of multiplying, which is exact in any thread count. The flag is per thread.
    """
    tp = _threadpoolctl()
    if tp is None:  # pragma: no cover - optional dependency
        yield
        return
    before = getattr(_STATE, "pinned", False)
    with tp.threadpool_limits(1, user_api="blas"):
        _STATE.pinned = True
        try:
            yield
        finally:
            _STATE.pinned = before


_STATE = threading.local()


def package_utilities(
    pm: Parametric, table: np.ndarray, bundle: np.ndarray, digits: np.ndarray
) -> np.ndarray:
    """``u_a(x) = sum_k table[a, k, x_k] + sum_b beta_b [x in b]`` for all draws: ``(D, A, n)``.

    The additive part is ``table (D*A, K*O) @ onehot (K*O, n)`` (exact selection of the K
    terms) when BLAS is pinned to one thread, else K gathers.
    """
    m = pm.model
    D, A, K, O = table.shape
    n = digits.shape[0]
    if getattr(_STATE, "pinned", False):
        onehot = np.zeros((K * O, n))
        onehot[(np.arange(K) * O)[None, :] + digits, np.arange(n)[:, None]] = 1.0
        u = (table.reshape(D * A, K * O) @ onehot).reshape(D, A, n)
    else:
        u = np.zeros((D, A, n))
        for k in range(K):
            u += np.take(table[:, :, k, :], digits[:, k], axis=2)
    for b, (cond, a) in enumerate(zip(m.bundles, m.bundle_actor, strict=True)):
        u[:, a, :] += bundle[:, b, None] * cond.holds(digits)[None, :]
    return u


def war_probabilities(pm: Parametric, raw: dict[str, np.ndarray]) -> np.ndarray:
    """Probability of each joint war outcome, ``(D, J)``.

    Per territory ``P(index <= j) = logistic(c_j + slope * balance)`` (ordered logit; drawn
    cutpoints are sorted per draw so that they stay increasing); territories are independent.
    """
    D = raw["balance"].shape[0]
    prob = np.ones((D, pm.joint_digits.shape[0]))
    bal = raw["balance"][:, 0]
    for t in range(len(pm.territories)):
        n = int(pm.n_cut[t])
        if n == 0:
            continue  # a single outcome: probability one
        cps = np.sort(raw["cut"][:, t, :n], axis=1)
        cum = expit(cps + raw["slope"][:, t, None] * bal[:, None])
        p = np.diff(np.concatenate([np.zeros((D, 1)), cum, np.ones((D, 1))], axis=1), axis=1)
        prob *= p[:, pm.joint_combo[:, t]]
    return prob


def utility_ranges(pm: Parametric, table: np.ndarray, bundle: np.ndarray) -> np.ndarray:
    """``max_x u_a - min_x u_a`` per draw and actor, exactly, ``(D, A)``.

    Bundles only involve the issues their conditions name, so the maximum splits into an
    enumeration of those issues' options (with the bundle terms) plus, independently, the best
    option of every other issue; likewise the minimum.
    """
    m = pm.model
    D, A, K, _O = table.shape
    valid = m.option_valid[None, None]
    tmax = np.where(valid, table, -np.inf).max(axis=3)  # (D, A, K)
    tmin = np.where(valid, table, np.inf).min(axis=3)
    out = np.empty((D, A))
    radix = m.space.radix
    for a in range(A):
        sub = pm.range_issues[a] if a < len(pm.range_issues) else np.zeros(0, dtype=np.int64)
        if sub.size == 0:
            out[:, a] = tmax[:, a].sum(axis=1) - tmin[:, a].sum(axis=1)
            continue
        rest = np.setdiff1d(np.arange(K), sub)
        hi = tmax[:, a, rest].sum(axis=1)
        lo = tmin[:, a, rest].sum(axis=1)
        mine = np.flatnonzero(m.bundle_actor == a)
        n_sub = int(np.prod(radix[sub]))
        step = max(1, BLOCK_CELLS // max(D, 1))
        best, worst = np.full(D, -np.inf), np.full(D, np.inf)
        for start in range(0, n_sub, step):
            c = np.arange(start, min(n_sub, start + step))
            digits = np.zeros((len(c), K), dtype=np.int64)
            digits[:, sub] = np.stack(np.unravel_index(c, radix[sub]), axis=1)
            v = np.zeros((D, len(c)))
            for k in sub:
                v += np.take(table[:, a, k, :], digits[:, k], axis=1)
            for b in mine:
                v += bundle[:, b, None] * m.bundles[b].holds(digits)[None, :]
            best = np.maximum(best, v.max(axis=1))
            worst = np.minimum(worst, v.min(axis=1))
        out[:, a] = (hi + best) - (lo + worst)
    return out


def realise(pm: Parametric, X: np.ndarray) -> Drawn:
    """Every model array for the draws ``X`` (shape ``(D, m)``, columns ``pm.columns``).

    Weights are normalised per draw (``w / sum w`` when the sum is positive); the war BATNA is
    ``sum_j P(j) u_a(outcome j) - horizon * cost_a`` over the joint outcomes.
    """
    m = pm.model
    raw = fill(pm, X)
    D = raw["weight"].shape[0]
    w = raw["weight"]
    total = w.sum(axis=2, keepdims=True)
    w = np.where(total > 0, w / np.where(total > 0, total, 1.0), w)
    table = w[..., None] * raw["value"]
    bundle = raw["bundle"]
    u_out = package_utilities(pm, table, bundle, pm.joint_digits)  # (D, A, J)
    if pm.has_war:
        prob = war_probabilities(pm, raw)
        batna = np.einsum("daj,dj->da", u_out, prob) - raw["horizon"] * raw["war_cost"]
    else:
        batna = u_out[:, :, 0]
    batna = np.where(pm.batna_given[None], raw["batna"], batna)
    sucker = np.zeros((D, m.n_actors))
    for s, a in enumerate(pm.sucker_actor):
        sucker[:, a] = np.maximum(sucker[:, a], raw["sucker"][:, s])
    return Drawn(
        table=table,
        bundle=bundle,
        batna=batna,
        breach=raw["breach"],
        deterrence=raw["deterrence"],
        sucker=sucker,
        override_cost=raw["override_cost"],
        threshold=raw["threshold"],
        mu=raw["mu"],
        sigma=raw["sigma"],
        ranges=utility_ranges(pm, table, bundle),
    )
