"""The value of fighting on for many draws: the expectation over every joint war outcome.

Territories are independent (DESIGN.md §2): the probability of a joint outcome is the product
of its territories' ordered-logit probabilities, and ``E[u_a]`` is summed exactly over every
joint outcome (:func:`~ripeness.model.semantics.war_expectation`). Outcomes come in blocks of
:data:`JOINT_BLOCK` (numbered as :mod:`.war` numbers them), added in order; a block is
evaluated in passes over as many draws as the memory budget (:mod:`ripeness.memory`) and a
cache-sized cell count allow. Utilities at the outcomes are gathered issue by issue, never by
a matrix product (whose rounding can depend on the shape of the call), so per draw the
arithmetic, hence every number, is the same whatever the passes.
"""

from __future__ import annotations

import numpy as np

from ..memory import memory_budget
from . import semantics as S
from .compiled import Model

#: Joint war outcomes per block of the expectation over them (:func:`war_expectation`). Fixed:
#: the blocks are added in order, so the value of fighting on is the same whatever the memory
#: budget; a scenario with at most this many joint outcomes sums them in one block.
JOINT_BLOCK = 1 << 16
#: Share of the memory budget a pass over the joint war outcomes may use.
WAR_SHARE = 4
#: Most draw x actor x outcome cells of a pass over the joint war outcomes (2 MiB arrays,
#: that stay in cache through the pass's issue-by-issue sums: faster than larger passes).
WAR_CELLS = 1 << 18


def war_probabilities_by_territory(model: Model, raw: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Per fought-over territory, the probabilities of its outcomes ``(D, m_t)`` from raw
    arrays (:func:`fill`)."""
    D = raw["balance"].shape[0]
    out = []
    for t in range(len(model.territories)):
        n = int(model.n_cut[t])
        if n == 0:
            out.append(np.ones((D, 1)))
            continue
        cps, slope, bal = raw["cut"][:, t, :n], raw["slope"][:, t], raw["balance"][:, 0]
        out.append(S.outcome_probabilities(cps, slope, bal))
    return out


def joint_probabilities(by_territory: list[np.ndarray], combo: np.ndarray, D: int) -> np.ndarray:
    """Probability of joint outcomes ``combo`` ``(n, T)`` from each territory's outcome
    probabilities ``(D, m_t)``: ``(D, n)``, the product in territory order (independent)."""
    prob = np.ones((D, combo.shape[0]))
    for t, p in enumerate(by_territory):
        prob *= p[:, combo[:, t]]
    return prob


def war_probabilities(
    model: Model, raw: dict[str, np.ndarray], start: int = 0, stop: int | None = None
) -> np.ndarray:
    """Probability of joint war outcomes ``start .. stop - 1`` (default: all) ``(D, n)``:
    territories are independent."""
    by_t = war_probabilities_by_territory(model, raw)
    return joint_probabilities(by_t, model.joint_combos(start, stop), raw["balance"].shape[0])


def war_passes(model: Model, D: int, n: int) -> int:
    """Draws per pass over a block of ``n`` joint outcomes: at most :data:`WAR_CELLS` cells,
    and the pass's arrays (utilities, probabilities and their temporaries, about
    ``8 (2A + 2)`` bytes per draw and outcome) within ``1 /`` :data:`WAR_SHARE` of the memory
    budget."""
    A = max(model.n_actors, 1)
    per_draw = 8 * (2 * A + 2) * max(n, 1)
    fit = (memory_budget() // WAR_SHARE) // per_draw
    return int(max(1, min(D, fit, WAR_CELLS // (A * max(n, 1)))))


def war_expectation(
    model: Model, raw: dict[str, np.ndarray], table: np.ndarray, bundle: np.ndarray
) -> np.ndarray:
    """``E[u_a(war outcome)]`` per draw and actor ``(D, A)``, exactly over every joint outcome.

    The sum over outcomes runs over blocks of :data:`JOINT_BLOCK` outcomes in order, each
    block in passes of :func:`war_passes` draws; no array spans every outcome. Utilities at
    the outcomes are gathered issue by issue (never a matrix product, whose rounding can
    depend on the shape of the call), so per draw the arithmetic is the same whatever the
    number of draws in a pass, hence whatever the memory budget.
    """
    D, A = table.shape[0], table.shape[1]
    J = model.n_joint
    by_t = war_probabilities_by_territory(model, raw)
    out = np.empty((D, A))
    for start in range(0, J, JOINT_BLOCK):
        combo = model.joint_combos(start, min(J, start + JOINT_BLOCK))
        digits = model.joint_packages(combo)
        holds = np.array([c.holds(digits) for c in model.bundles]) if model.bundles else None
        # column-major: each pass reads one territory's (issue's) column at a time
        combo, digits = np.asfortranarray(combo), np.asfortranarray(digits)
        step = war_passes(model, D, len(combo))
        for r in range(0, D, step):
            sl = slice(r, min(D, r + step))
            u = S.additive_utility(table[sl], digits)
            if holds is not None:
                S.add_bundles(u, bundle[sl], holds, model.bundle_actor)
            prob = joint_probabilities([p[sl] for p in by_t], combo, sl.stop - r)
            e = S.war_expectation(u, prob)
            out[sl] = e if start == 0 else out[sl] + e
    return out


__all__ = [
    "JOINT_BLOCK",
    "WAR_CELLS",
    "WAR_SHARE",
    "joint_probabilities",
    "war_expectation",
    "war_passes",
    "war_probabilities",
    "war_probabilities_by_territory",
]
