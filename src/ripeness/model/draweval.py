"""Evaluate packages for every draw at once: gap and deal, shape ``(D, n)`` (DESIGN.md §2).

The formulas are those of :func:`ripeness.model.evaluate`, with a leading draw axis on every
number: ``EU_a = (1 - q_a) u_a + q_a (d_a - sucker_a)`` with ``q_a = 1 - prod_{p != own}
(1 - q0_p (1 - deterrence_p(x)))``; principals and veto players accept when
``EU_a - cost_a - d_a >= -1e-9`` (shortfall ``-(EU_a - cost_a - d_a) / range_a``), electorates
when ``Phi((EU_a - mu_a) / sigma_a) >= threshold_a - 1e-9`` (shortfall ``threshold - support``);
a crossed red line makes the shortfall at least 1; ``g = max_a shortfall``, at least 1 for an
illegal or forbidden package.

Which packages are illegal, forbidden or cross a red line does not depend on any number, so
:func:`split_packages` separates once the *clean* packages (the only candidates for a deal)
from the *blocked* ones, whose ``g >= 1`` matters only in draws where no clean package comes
below 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from .compiled import Model
from .draws import BLOCK_CELLS, Drawn, package_utilities
from .evaluate import TOL
from .parametric import Parametric

#: Largest package space Monte Carlo scans (the structural split keeps one index per package).
MAX_MC_SPACE = 20_000_000


@dataclass(frozen=True)
class Structure:
    """Number-free facts about a block of packages."""

    digits: np.ndarray  # (n, K)
    violates: np.ndarray  # (P, n) cedes a claimed issue
    blocked: np.ndarray  # (n,) illegal or forbidden by a rule
    red: np.ndarray  # (A, n) crosses a red line of the actor


def structure(m: Model, index: np.ndarray) -> Structure:
    """Claims, rules and red lines of packages ``index`` (vectorised over packages)."""
    digits = m.space.digits(index)
    n, K, P = len(index), digits.shape[1], len(m.parties)
    violates = np.zeros((P, n), dtype=bool)
    for p in range(P):
        if m.cedes[p].any():
            violates[p] = m.cedes[p][np.arange(K), digits].any(axis=1)
    blocked = (violates & ~m.route_open[:, None]).any(axis=0)
    for cond in m.rules:
        blocked |= cond.holds(digits)
    red = np.zeros((m.n_actors, n), dtype=bool)
    for cond, a in zip(m.red_lines, m.red_line_actor, strict=True):
        red[a] |= cond.holds(digits)
    return Structure(digits, violates, blocked, red)


def split_packages(m: Model, block: int = 1 << 20) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the clean packages and of the blocked ones (illegal, forbidden, red line).

    Raises
    ------
    ValueError
        When the package space is above :data:`MAX_MC_SPACE`.
    """
    size = m.space.size
    if size > MAX_MC_SPACE:
        raise ValueError(
            f"{size:.3g} packages: Monte Carlo scans spaces up to {MAX_MC_SPACE:.0e} packages"
        )
    clean, blocked = [], []
    for start in range(0, size, block):
        idx = np.arange(start, min(size, start + block), dtype=np.int64)
        s = structure(m, idx)
        bad = s.blocked | s.red.any(axis=0)
        clean.append(idx[~bad])
        blocked.append(idx[bad])
    return np.concatenate(clean), np.concatenate(blocked)


def breach_seen(m: Model, dr: Drawn, digits: np.ndarray) -> dict[int, np.ndarray | None]:
    """Per own party: probability that some *other* party breaches, ``(D, n)`` (None: zero).

    ``q = 1 - prod_{p != own} (1 - q0_p (1 - deterrence_p(x_k)))``; the factor of each party
    is tabulated over the options of its guarantee issue, then gathered.
    """
    P = len(m.parties)
    keep: dict[int, np.ndarray] = {}
    for p in range(P):
        if not dr.breach[:, p].any():
            continue
        k = m.deterrence_issue[p]
        if k >= 0:
            small = 1.0 - dr.breach[:, p, None] * (1.0 - dr.deterrence[:, p, :])
            keep[p] = np.take(small, digits[:, k], axis=1)
        else:
            keep[p] = np.repeat(1.0 - dr.breach[:, p, None], len(digits), axis=1)
    out: dict[int, np.ndarray | None] = {}
    for own in {int(x) for x in m.actor_party}:
        others = [keep[p] for p in keep if p != own]
        if not others:
            out[own] = None
            continue
        prod = others[0].copy() if len(others) > 1 else others[0]
        for x in others[1:]:
            prod *= x
        out[own] = 1.0 - np.maximum(prod, 0.0)
    return out


def gap_and_deal(
    pm: Parametric, dr: Drawn, s: Structure, clean: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``g`` and the deal indicator for every draw and package, both ``(D, n)``.

    With ``clean`` the packages are known to be legal, allowed and free of red lines.
    """
    m = pm.model
    D, A, n = dr.n, m.n_actors, s.digits.shape[0]
    if A == 0:
        g = np.where(s.blocked, 1.0, -np.inf)
        return np.broadcast_to(g, (D, n)).copy(), np.broadcast_to(~s.blocked, (D, n)).copy()
    u = package_utilities(pm, dr.table, dr.bundle, s.digits)
    qs = breach_seen(m, dr, s.digits)
    rng = np.where(dr.ranges > 1e-12, dr.ranges, 1.0)
    g = np.full((D, n), -np.inf)
    deal = np.ones((D, n), dtype=bool)
    ratifying = {a for p in range(len(m.parties)) if m.route_open[p] for a in m.ratifiers[p]}
    accepts: dict[int, np.ndarray] = {}
    for a in range(A):
        d = dr.batna[:, a, None]
        q = qs[int(m.actor_party[a])]
        eu = u[:, a] if q is None else (1.0 - q) * u[:, a] + q * (d - dr.sucker[:, a, None])
        if m.roles[a] == "electorate":
            support = ndtr((eu - dr.mu[:, a, None]) / dr.sigma[:, a, None])
            t = dr.threshold[:, a, None]
            sf, acc = t - support, support >= t - TOL
        else:
            cost = np.zeros((1, n))
            for p in range(len(m.parties)):
                if m.principal[p] == a and m.route_open[p] and s.violates[p].any():
                    cost = cost + dr.override_cost[:, p, None] * s.violates[p][None, :]
            x = eu - cost - d
            sf, acc = -x / rng[:, a, None], x >= -TOL
        if not clean and s.red[a].any():
            acc = acc & ~s.red[a][None]
            sf = np.where(s.red[a][None], np.maximum(sf, 1.0), sf)
        np.maximum(g, sf, out=g)
        deal &= acc
        if a in ratifying:
            accepts[a] = acc
    # an open route makes a ceding package legal only when every active ratifier accepts
    blocked = s.blocked[None] if not clean else np.zeros((1, n), dtype=bool)
    for p in range(len(m.parties)):
        if m.route_open[p] and m.ratifiers[p] and s.violates[p].any():
            ratified = np.logical_and.reduce([accepts[a] for a in m.ratifiers[p]])
            blocked = blocked | (s.violates[p][None] & ~ratified)
    if blocked.any():
        g = np.where(blocked, np.maximum(g, 1.0), g)
        deal &= ~blocked
    return g, deal


def tie_tolerance(best: np.ndarray) -> np.ndarray:
    """Tie tolerance ``max(1e-9, 1e-9 |best|)`` (:func:`ripeness.engine.tolerance`)."""
    with np.errstate(invalid="ignore"):
        return np.maximum(1e-9, 1e-9 * np.abs(best))


def block_size(D: int, A: int) -> int:
    """Packages per block so that ``D x A x n`` stays near :data:`BLOCK_CELLS`."""
    return max(16, BLOCK_CELLS // max(1, D * max(A, 1)))
