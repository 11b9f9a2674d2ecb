"""Evaluate packages on a compiled model, all actors at once (DESIGN.md §2).

Every function takes ``digits`` of shape ``(n, K)`` (option index per issue) and returns
arrays over actors and packages; there is no Python loop over packages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from .compiled import Model

#: Absolute tolerance of acceptance comparisons (DESIGN.md §2).
TOL = 1e-9


def utilities(model: Model, digits: np.ndarray) -> np.ndarray:
    """``u_a(x) = sum_k w_ak v_ak(x_k) + sum_b beta_ab [x in b]``, shape ``(A, n)``."""
    u = np.zeros((model.n_actors, digits.shape[0]))
    for k in range(digits.shape[1]):
        u += model.table[:, k, :][:, digits[:, k]]
    for cond, a, v in zip(model.bundles, model.bundle_actor, model.bundle_value, strict=True):
        u[a] += v * cond.holds(digits)
    return u


def breach_probability(model: Model, digits: np.ndarray) -> np.ndarray:
    """Each party's breach probability ``q_p(x) = q0_p (1 - deterrence_p(x))``, ``(P, n)``."""
    P, n = len(model.parties), digits.shape[0]
    q = np.zeros((P, n))
    for p in range(P):
        if model.breach[p] == 0:
            continue
        k = model.deterrence_issue[p]
        d = model.deterrence[p, digits[:, k]] if k >= 0 else 0.0
        q[p] = model.breach[p] * (1.0 - d)
    return q


def combined_breach(model: Model, q: np.ndarray) -> np.ndarray:
    """Probability that some *other* party breaches, per actor: ``1 - prod_{p != own}(1 - q_p)``."""
    keep = 1.0 - q  # (P, n)
    own = model.actor_party
    P = len(model.parties)
    others = np.ones((len(model.actors), P), dtype=bool)
    others[np.arange(len(own)), own] = False
    # product over the other parties, as exp(sum log) with exact zeros handled
    logk = np.log(np.clip(keep, 1e-300, None))
    zero = keep <= 0
    s = others.astype(float) @ logk
    anyzero = others.astype(float) @ zero.astype(float) > 0
    return 1.0 - np.where(anyzero, 0.0, np.exp(s))


@dataclass(frozen=True)
class Evaluation:
    """Everything the model says about a block of packages.

    Attributes
    ----------
    u, eu, cost : ndarray (A, n)
        Utility, commitment-discounted expected utility, override costs charged.
    q : ndarray (A, n)
        Probability, seen by each actor, that another party breaches the deal.
    support : ndarray (A, n)
        Electorate support (nan for other actors).
    red_line : ndarray (A, n) of bool
        A red line of the actor is crossed.
    accept : ndarray (A, n) of bool
    shortfall : ndarray (A, n)
        Normalised shortfall (negative when the actor gains; 1 at least on a red line).
    violates : ndarray (P, n) of bool
        The package cedes a territory the party's (active) constitution claims.
    illegal : ndarray (n,) of bool
        Violates a constitution whose override route is closed, or open but not ratified.
    forbidden : ndarray (R, n) of bool
        Which third-party rule conditions forbid it.
    g : ndarray (n,)
        Gap ``max_a shortfall_a``, at least 1 when illegal or forbidden.
    deal : ndarray (n,) of bool
    """

    u: np.ndarray
    eu: np.ndarray
    cost: np.ndarray
    q: np.ndarray
    support: np.ndarray
    red_line: np.ndarray
    accept: np.ndarray
    shortfall: np.ndarray
    violates: np.ndarray
    illegal: np.ndarray
    forbidden: np.ndarray
    g: np.ndarray
    deal: np.ndarray

    def surplus(self, model: Model) -> np.ndarray:
        """Principals' surplus ``s_a = EU_a - cost_a - d_a``, shape ``(n_principals, n)``."""
        pr = model.principals
        return self.eu[pr] - self.cost[pr] - model.batna[pr, None]


def evaluate(
    model: Model, digits: np.ndarray, ranges: np.ndarray, u: np.ndarray | None = None
) -> Evaluation:
    """Evaluate packages (DESIGN.md §2: deal, ZOPA, gap).

    Parameters
    ----------
    model : Model
    digits : ndarray, shape (n, K)
    ranges : ndarray, shape (A,)
        ``max_x u_a - min_x u_a`` over the whole space, for normalising shortfalls.
    u : ndarray, shape (A, n), optional
        The packages' utilities when the caller has them (see :func:`utilities`).
    """
    A, n = model.n_actors, digits.shape[0]
    if u is None:
        u = utilities(model, digits)
    d = model.batna[:, None]
    if A and model.breach.any():
        q = combined_breach(model, breach_probability(model, digits))
        eu = (1.0 - q) * u + q * (d - model.sucker[:, None])
    else:
        q = np.broadcast_to(0.0, (A, n))
        eu = u

    # constitutions: only the issues a constitution claims are looked at
    P = len(model.parties)
    violates = np.zeros((P, n), dtype=bool)
    for p in range(P):
        for k in np.flatnonzero(model.cedes[p].any(axis=1)):
            violates[p] |= model.cedes[p, k][digits[:, k]]
    closed = np.zeros(n, dtype=bool)
    for p in range(P):
        if not model.route_open[p]:
            closed |= violates[p]
    charged = [
        p
        for p in range(P)
        if model.route_open[p] and model.principal[p] >= 0 and model.override_cost[p] != 0
    ]
    cost = np.zeros((A, n)) if charged else np.broadcast_to(0.0, (A, n))
    for p in charged:
        cost[model.principal[p]] += model.override_cost[p] * violates[p]

    red = np.zeros((A, n), dtype=bool) if model.red_lines else np.broadcast_to(False, (A, n))
    for cond, a in zip(model.red_lines, model.red_line_actor, strict=True):
        red[a] |= cond.holds(digits)
    forbidden = (
        np.array([c.holds(digits) for c in model.rules]) if model.rules else np.zeros((0, n), bool)
    )

    # acceptance and normalised shortfall, actor by actor (rows are long, actors few)
    has_e = any(r == "electorate" for r in model.roles)
    support = np.full((A, n), np.nan) if has_e else np.broadcast_to(np.nan, (A, n))
    shortfall = np.empty((A, n))
    accept = np.empty((A, n), dtype=bool)
    rng = np.where(ranges > 1e-12, ranges, 1.0)
    for a in range(A):
        if model.roles[a] == "electorate":
            support[a] = ndtr((eu[a] - model.mu[a]) / model.sigma[a])
            np.subtract(model.threshold[a], support[a], out=shortfall[a])
            np.greater_equal(support[a], model.threshold[a] - TOL, out=accept[a])
        else:
            net = (eu[a] - cost[a] if charged else eu[a]) - model.batna[a]
            np.multiply(net, -1.0 / rng[a], out=shortfall[a])
            np.greater_equal(net, -TOL, out=accept[a])
    if model.red_lines:
        accept &= ~red
        shortfall = np.where(red, np.maximum(shortfall, 1.0), shortfall)

    # an open route makes a ceding package legal only when every (active) ratifier accepts
    illegal = closed
    for p in range(P):
        if model.route_open[p] and model.ratifiers[p] and violates[p].any():
            ratified = accept[list(model.ratifiers[p])].all(axis=0)
            illegal = illegal | (violates[p] & ~ratified)
    blocked = illegal | forbidden.any(axis=0) if model.rules else illegal
    if A:
        g = shortfall[0].copy()
        deal = accept[0].copy()
        for a in range(1, A):
            np.maximum(g, shortfall[a], out=g)
            deal &= accept[a]
    else:
        g, deal = np.full(n, -np.inf), np.ones(n, dtype=bool)
    if blocked.any():
        g = np.where(blocked, np.maximum(g, 1.0), g)
        deal &= ~blocked
    return Evaluation(
        u, eu, cost, q, support, red, accept, shortfall, violates, illegal, forbidden, g, deal
    )
