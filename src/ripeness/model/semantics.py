"""Every formula of the model (DESIGN.md §2, v2), written once.

Each function is pure and broadcasts over leading axes (draws, packages), so the enumeration
engine (one draw, many packages), Monte Carlo (many draws) and the CP-SAT builder (which needs
the same terms as linear coefficients) all compute the model here and nowhere else.

Notation: ``u`` utility, ``d`` the value of fighting on (BATNA, disagreement point), ``q`` a
breach probability within a party's window ``within`` (months), ``H`` the war horizon over which
``d`` is valued, ``EU`` expected utility after commitment discounting, ``net = EU - cost - d``
the net value of a package, ``range`` an actor's utility range over the package space.
References: Nash (1950), Kalai and Smorodinsky (1975), Fearon (1995) for the bargaining range,
Powell (2006) for the commitment problem, Putnam (1988) for ratification by domestic actors.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import expit, ndtr, ndtri

#: Array-likes that broadcast (numbers, or arrays with leading draw / package axes).
Arr = Any

#: Tolerance of every acceptance: a deal is every shortfall ``<= TOL`` (DESIGN.md §2).
TOL = 1e-9
#: Relative tie tolerance of argmin/argmax (floor ``TIE``; DESIGN.md "Package order and ties").
TIE = 1e-9


class CalibrationError(ValueError):
    """Poll points from which no increasing support curve can be fitted."""


# --- utility ------------------------------------------------------------------------------------


def normalised_weights(w: Arr) -> Any:
    """``w_ak / sum_k w_ak`` along the last axis (weights left as they are when they sum to 0)."""
    w = np.asarray(w, dtype=float)
    total = w.sum(axis=-1, keepdims=True)
    return np.where(total > 0, w / np.where(total > 0, total, 1.0), w)


def utility_table(weight: Arr, value: Arr) -> Any:
    """Per-issue utility terms ``w_ak / sum(w_a) * v_ak(o)``: weights ``(..., K)``, values
    ``(..., K, O)`` -> ``(..., K, O)``; ``u_a(x) = sum_k table[a, k, x_k] + bundle terms``."""
    return normalised_weights(weight)[..., None] * np.asarray(value, dtype=float)


def additive_utility(table: Arr, digits: Arr, *, matmul: bool = False) -> Any:
    """``sum_k table[..., k, x_k]`` for packages ``digits`` ``(n, K)``: ``(..., K, O)`` ->
    ``(..., n)``.

    By default K gathers (exact in any thread count). With ``matmul`` the same sum as
    ``table (.., K*O) @ onehot (K*O, n)`` (exact selection of the K terms; faster for many
    draws, bit-identical across processes only with BLAS pinned to one thread).
    """
    digits = np.asarray(digits, dtype=np.int64)
    n, K = digits.shape
    if matmul:
        O = table.shape[-1]
        lead = table.shape[:-2]
        onehot = np.zeros((K * O, n))
        onehot[(np.arange(K) * O)[None, :] + digits, np.arange(n)[:, None]] = 1.0
        flat = table.reshape(-1, K * O) @ onehot
        return flat.reshape(*lead, n)
    out = np.zeros((*table.shape[:-2], n))
    for k in range(K):
        out += np.take(table[..., k, :], digits[:, k], axis=-1)
    return out


def add_bundles(u: Arr, bundle_value: Arr, holds: Arr, bundle_actor: Arr) -> Any:
    """Add ``sum_b beta_ab [x satisfies b]`` to ``u`` ``(..., A, n)`` in place and return it.

    ``bundle_value`` ``(..., B)``, ``holds`` ``(B, n)`` bool, ``bundle_actor`` ``(B,)``.
    """
    for b, a in enumerate(np.asarray(bundle_actor, dtype=np.int64)):
        u[..., a, :] += bundle_value[..., b, None] * holds[b]
    return u


# --- the value of fighting on -------------------------------------------------------------------


def outcome_probabilities(cutpoints: Arr, slope: Arr, balance: Arr) -> Any:
    """Ordered logit: ``P(index <= j) = logistic(c_j + slope * balance)``; ``p_j`` its increments.

    ``cutpoints`` ``(..., m - 1)`` (sorted here, so drawn cutpoints stay increasing), ``slope``
    and ``balance`` broadcast over the leading axes; returns ``(..., m)`` summing to one.
    """
    c = np.sort(np.asarray(cutpoints, dtype=float), axis=-1)
    s = np.asarray(slope, dtype=float)[..., None]
    b = np.asarray(balance, dtype=float)[..., None]
    cum = expit(c + s * b)
    lead = cum.shape[:-1]
    cum = np.concatenate([np.zeros((*lead, 1)), cum, np.ones((*lead, 1))], axis=-1)
    return np.diff(cum, axis=-1)


def war_expectation(u_outcomes: Arr, prob: Arr) -> Any:
    """``sum_j P(j) u_a(outcome j)`` over (a block of) joint outcomes ``j``: ``(..., A)``.

    Over many joint outcomes the sum is taken block by block (blocks of
    :data:`ripeness.model.fighting.JOINT_BLOCK` outcomes, added in order), so that no array over
    every outcome is needed."""
    return np.einsum("...aj,...j->...a", u_outcomes, prob)


def fighting_on(expected: Arr, horizon: Arr, cost: Arr) -> Any:
    """``d_a = E[u_a(war outcome)] - H * cost_a`` from the expectation ``(..., A)``."""
    h = np.asarray(horizon, dtype=float).reshape((*np.shape(expected)[:-1], 1))
    return expected - h * cost


# --- commitment (obstacle 6) --------------------------------------------------------------------


def party_breach(q0: Arr, deterrence: list[Any]) -> Any:
    """``q(x) = q0 * prod_j (1 - deterrence_j(x))`` (deterrence entries combined
    multiplicatively); ``q0`` broadcasts against each ``deterrence_j``."""
    q = np.asarray(q0, dtype=float)
    for d in deterrence:
        q = q * (1.0 - d)
    return q


def breach_within(q: Arr, horizon: Arr, within: Arr) -> Any:
    """``q_H = 1 - (1 - q)^(H / within)``: the chance of a breach within the war horizon ``H``
    given a chance ``q`` within ``within`` months (constant hazard)."""
    q = np.clip(np.asarray(q, dtype=float), 0.0, 1.0)
    ratio = np.asarray(horizon, dtype=float) / np.asarray(within, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q >= 1.0, 1.0, -np.expm1(ratio * np.log1p(-np.minimum(q, 1.0 - 1e-300))))


def others_breach(keep: Arr, others: Arr) -> Any:
    """Chance that some *other* party breaches, per actor: ``1 - prod_{p != own} (1 - q_H,p)``.

    ``keep`` ``(..., P, n)`` holds ``1 - q_H,p``; ``others`` ``(A, P)`` is True where party
    ``p`` is not actor ``a``'s own. Returns ``(..., A, n)``.
    """
    A, _P = others.shape
    out = np.ones((*keep.shape[:-2], A, keep.shape[-1]))
    for a in range(A):
        for p in np.flatnonzero(others[a]):
            out[..., a, :] *= keep[..., p, :]
    return 1.0 - out


def any_breach(q_h: Arr) -> Any:
    """Chance that some party breaches: ``1 - prod_p (1 - q_H,p)`` over the last axis
    (parties breach independently)."""
    return 1.0 - np.prod(1.0 - np.asarray(q_h, dtype=float), axis=-1)


def discount(q_seen: Arr, d: Arr, sucker: Arr) -> tuple[Any, Any]:
    """``(alpha, beta)`` with ``EU = alpha * u + beta``: ``alpha = 1 - q``,
    ``beta = q (d - sucker)`` (the linear form the CP-SAT engine uses)."""
    q = np.asarray(q_seen, dtype=float)
    return 1.0 - q, q * (np.asarray(d) - np.asarray(sucker))


def expected_utility(u: Arr, q_seen: Arr, d: Arr, sucker: Arr) -> Any:
    """``EU_a(x) = (1 - q_H(x)) u_a(x) + q_H(x) (d_a - sucker_a)`` (DESIGN.md "Commitment")."""
    alpha, beta = discount(q_seen, d, sucker)
    return alpha * u + beta


def hazard(q: Arr, within: Arr) -> Any:
    """Constant breach hazard per month ``-ln(1 - q) / within`` (infinite when ``q >= 1``)."""
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(q >= 1.0, np.inf, -np.log1p(-np.minimum(q, 1.0)) / np.asarray(within))


def survival(rate: Arr, t: Arr) -> Any:
    """``S(t) = exp(-hazard * t)`` (``S(0) = 1`` even for an infinite hazard)."""
    rate, t = np.asarray(rate, dtype=float), np.asarray(t, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(t == 0, 1.0, np.exp(-rate * t))


# --- electorates (obstacles 3, 4) ---------------------------------------------------------------


def support(net: Arr, mu: Arr, sigma: Arr) -> Any:
    """``Phi((EU_v - d_v - mu) / sigma)``: the share of an electorate accepting a package of net
    value ``net = EU_v - d_v``."""
    return ndtr((np.asarray(net) - mu) / sigma)


def support_level(mu: Arr, sigma: Arr, share: Arr) -> Any:
    """The net value at which support reaches ``share``: ``mu + sigma * Phi^-1(share)``."""
    return np.asarray(mu) + np.asarray(sigma) * ndtri(share)


def fit_support(
    net: Arr,
    share: Arr,
    mu: Arr | None = None,
    sigma: Arr | None = None,
) -> tuple[Any, Any, Any]:
    """Fit ``share = Phi((net - mu) / sigma)`` to poll points, row by row.

    Least squares of ``z = Phi^-1(share)`` on ``net`` (``z = (net - mu) / sigma``), exact for
    two points. A given ``sigma`` leaves ``mu = mean(net - sigma z)`` (one point suffices); a
    given ``mu`` leaves ``sigma = sum((net - mu)^2) / sum(z (net - mu))``; both given are kept.

    Parameters
    ----------
    net, share : ndarray, shape (..., n)
        Net values ``EU_v - d_v`` of the calibration packages and the shares accepting them.
    mu, sigma : ndarray of shape (...), float, or None
        Fixed parameters (nan entries count as not given).

    Returns
    -------
    mu, sigma : ndarray, shape (...)
    ok : ndarray of bool, shape (...)
        False where support cannot rise with the net value (slope <= 0) or the points do not
        identify the curve; ``mu`` and ``sigma`` are nan there.
    """
    x = np.asarray(net, dtype=float)
    z = ndtri(np.asarray(share, dtype=float))
    lead = x.shape[:-1]
    m_in = np.broadcast_to(np.nan if mu is None else np.asarray(mu, dtype=float), lead)
    s_in = np.broadcast_to(np.nan if sigma is None else np.asarray(sigma, dtype=float), lead)
    n = x.shape[-1]
    if n == 0:  # no poll point: only given parameters
        ok = ~np.isnan(m_in) & ~np.isnan(s_in) & (s_in > 0)
        return np.where(ok, m_in, np.nan), np.where(ok, s_in, np.nan), ok
    with np.errstate(invalid="ignore", divide="ignore"):
        # both free: ordinary least squares z = a + b x, sigma = 1/b, mu = -a/b
        xm, zm = x.mean(axis=-1), z.mean(axis=-1)
        sxx = ((x - xm[..., None]) ** 2).sum(axis=-1)
        sxz = ((x - xm[..., None]) * (z - zm[..., None])).sum(axis=-1)
        slope = sxz / sxx
        ok_free = (n >= 2) & (sxx > 1e-24) & (slope > 0)
        mu_free = xm - zm / slope
        sig_free = 1.0 / slope
        # sigma given
        mu_sig = (x - s_in[..., None] * z).mean(axis=-1) if n else np.full(lead, np.nan)
        # mu given
        du = x - m_in[..., None]
        den = (z * du).sum(axis=-1)
        sig_mu = (du * du).sum(axis=-1) / den
    has_m, has_s = ~np.isnan(m_in), ~np.isnan(s_in)
    mu_out = np.where(has_m, m_in, np.where(has_s, mu_sig, mu_free))
    sig_out = np.where(has_s, s_in, np.where(has_m, sig_mu, sig_free))
    ok = np.where(
        has_m & has_s,
        True,
        np.where(has_s, n >= 1, np.where(has_m, (n >= 1) & (den > 0), ok_free)),
    )
    ok = ok & np.isfinite(mu_out) & np.isfinite(sig_out) & (sig_out > 0)
    return np.where(ok, mu_out, np.nan), np.where(ok, sig_out, np.nan), ok


# --- shortfalls, acceptance, gap ----------------------------------------------------------------


def safe_range(ranges: Arr) -> Any:
    """Utility ranges used as divisors: a constant utility (range 0) is normalised by 1."""
    r = np.asarray(ranges, dtype=float)
    return np.where(r > 1e-12, r, 1.0)


def shortfall(net: Arr, level: Arr, ranges: Arr) -> Any:
    """``(level - net) / range``: the net value still missing for acceptance, in units of the
    actor's utility range (``level = 0`` for principals and veto players; for an electorate the
    net value at its threshold support, :func:`support_level`). Negative when the actor gains."""
    return (np.asarray(level) - np.asarray(net)) / safe_range(ranges)


def accepts(shortfalls: Arr) -> Any:
    """Acceptance: ``shortfall <= TOL``."""
    return np.asarray(shortfalls) <= TOL


def red_line_shortfall(shortfalls: Arr, crossed: Arr) -> Any:
    """A crossed red line makes the shortfall at least 1: ``max(shortfall, 1)``."""
    return np.where(crossed, np.maximum(shortfalls, 1.0), shortfalls)


def blocked_gap(g: Arr, blocked: Arr) -> Any:
    """``g`` is at least 1 for a package that is illegal or forbidden by a rule."""
    return np.where(blocked, np.maximum(g, 1.0), g)


def tie_tolerance(best: Arr) -> Any:
    """Tie tolerance around a best value: ``max(TIE, TIE * |best|)``."""
    with np.errstate(invalid="ignore"):
        return np.maximum(TIE, TIE * np.abs(np.asarray(best, dtype=float)))


# --- solutions ----------------------------------------------------------------------------------


def _fold(op: Any, rows: Arr) -> Any:
    """Fold an elementwise ufunc over the first axis (a few principals): faster than a numpy
    reduction along a short leading axis."""
    rows = np.asarray(rows)
    out = rows[0].copy()
    for r in rows[1:]:
        op(out, r, out=out)
    return out


def nash_product(s: Arr) -> Any:
    """Nash (1950): ``sum_a log s_a`` over principals (axis 0), ``log 0 = -inf``."""
    s = np.asarray(s, dtype=float)
    pos = _fold(np.logical_and, s > 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.log(_fold(np.multiply, s))
    v[~pos] = -np.inf
    return v


def kalai_smorodinsky(s: Arr, smax: Arr) -> Any:
    """Kalai–Smorodinsky (1975): ``min_a s_a / smax_a`` (equal normalised gains); a principal
    whose best surplus in the ZOPA is 0 counts as fully satisfied (ratio 1)."""
    s = np.asarray(s, dtype=float)
    smax = np.asarray(smax, dtype=float)
    ratio = [s[a] / smax[a] if smax[a] > 1e-12 else np.ones(s.shape[1:]) for a in range(len(s))]
    return _fold(np.minimum, ratio)


def egalitarian(s: Arr) -> Any:
    """Egalitarian: ``min_a s_a``."""
    return _fold(np.minimum, np.asarray(s, dtype=float))


def utilitarian(s: Arr) -> Any:
    """Utilitarian: ``sum_a s_a``."""
    return _fold(np.add, np.asarray(s, dtype=float))


def gap(shortfalls: Arr, blocked: Arr) -> Any:
    """``g(x) = max_a shortfall_a(x)`` over the actor axis (second to last), at least 1 when
    ``blocked``; ``-inf`` with no actor."""
    sf = np.asarray(shortfalls)
    if sf.shape[-2] == 0:
        return blocked_gap(np.full(sf.shape[:-2] + sf.shape[-1:], -np.inf), blocked)
    g = sf[..., 0, :].copy()
    for a in range(1, sf.shape[-2]):
        np.maximum(g, sf[..., a, :], out=g)
    return blocked_gap(g, blocked)
