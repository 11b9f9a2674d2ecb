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
    # breach seen by each actor: 1 - prod over the other parties of (1 - q_p)
    P = len(m.parties)
    logk = np.zeros((D, P, n))
    zero = np.zeros((D, P, n), dtype=bool)
    for p in range(P):
        k = m.deterrence_issue[p]
        det = np.take(dr.deterrence[:, p, :], s.digits[:, k], axis=1) if k >= 0 else 0.0
        keep = 1.0 - dr.breach[:, p, None] * (1.0 - det)
        keep = np.broadcast_to(keep, (D, n))
        logk[:, p] = np.log(np.clip(keep, 1e-300, None))
        zero[:, p] = keep <= 0
    d = dr.batna[:, :, None]
    eu = np.empty((D, A, n))
    for a in range(A):
        others = [p for p in range(P) if p != m.actor_party[a]]
        if others:
            q = 1.0 - np.where(
                zero[:, others].any(axis=1), 0.0, np.exp(logk[:, others].sum(axis=1))
            )
        else:
            q = np.zeros((D, n))
        eu[:, a] = (1.0 - q) * u[:, a] + q * (d[:, a] - dr.sucker[:, a, None])
    elect = m.is_electorate
    shortfall = np.empty((D, A, n))
    accept = np.empty((D, A, n), dtype=bool)
    rng = np.where(dr.ranges > 1e-12, dr.ranges, 1.0)
    for a in range(A):
        if elect[a]:
            support = ndtr((eu[:, a] - dr.mu[:, a, None]) / dr.sigma[:, a, None])
            t = dr.threshold[:, a, None]
            shortfall[:, a] = t - support
            accept[:, a] = support >= t - TOL
            continue
        cost = np.zeros((D, n))
        for p in range(P):
            if m.principal[p] == a and m.route_open[p] and s.violates[p].any():
                cost += dr.override_cost[:, p, None] * s.violates[p][None, :]
        x = eu[:, a] - cost - d[:, a]
        shortfall[:, a] = -x / rng[:, a, None]
        accept[:, a] = x >= -TOL
    if not clean:
        red = s.red[None]
        accept &= ~red
        shortfall = np.where(red, np.maximum(shortfall, 1.0), shortfall)
    g = shortfall.max(axis=1)
    deal = accept.all(axis=1)
    if not clean:
        g = np.where(s.blocked[None], np.maximum(g, 1.0), g)
        deal &= ~s.blocked[None]
    return g, deal


def tie_tolerance(best: np.ndarray) -> np.ndarray:
    """Tie tolerance ``max(1e-9, 1e-9 |best|)`` (:func:`ripeness.engine.tolerance`)."""
    with np.errstate(invalid="ignore"):
        return np.maximum(1e-9, 1e-9 * np.abs(best))


def block_size(D: int, A: int) -> int:
    """Packages per block so that ``D x A x n`` stays near :data:`BLOCK_CELLS`."""
    return max(16, BLOCK_CELLS // max(1, D * max(A, 1)))
