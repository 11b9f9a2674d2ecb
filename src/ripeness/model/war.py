"""What fighting on can end in: the joint outcomes of the fought-over territories.

Territories are independent (DESIGN.md §2); each outcome's probability is an ordered logit
(:func:`ripeness.model.semantics.outcome_probabilities`), and the value of fighting on is
computed exactly over every joint outcome, listed here as packages. Joint outcomes are
numbered in the order of :func:`itertools.product` over the territories (the last territory
varies fastest) and produced in blocks (:func:`outcome_combos`, :func:`outcome_packages`), so
that no array over all of them is ever held.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Largest number of joint war outcomes evaluated exactly.
MAX_JOINT_OUTCOMES = 2_000_000


def count_outcomes(sizes: Sequence[int]) -> int:
    """Number of joint outcomes of territories with ``sizes`` outcomes each (1 for none)."""
    n = 1
    for s in sizes:
        n *= int(s)
    return n


def outcome_combos(sizes: Sequence[int], start: int, stop: int) -> np.ndarray:
    """Outcome index of every territory in joint outcomes ``start .. stop - 1``: ``(n, T)``."""
    idx = np.arange(start, stop, dtype=np.int64)
    if not len(sizes):
        return np.zeros((len(idx), 0), dtype=np.int64)
    return np.stack(np.unravel_index(idx, tuple(int(s) for s in sizes)), axis=1).astype(np.int64)


def outcome_packages(
    no_deal: np.ndarray, territories: Sequence[tuple[int, np.ndarray]], combo: np.ndarray
) -> np.ndarray:
    """The packages ``(n, K)`` of joint outcomes ``combo`` (:func:`outcome_combos`): each
    territory at its outcome, every other issue at its ``no_deal`` option."""
    digits = np.repeat(np.asarray(no_deal, dtype=np.int64)[None, :], combo.shape[0], axis=0)
    for t, (k, opts) in enumerate(territories):
        digits[:, k] = np.asarray(opts, dtype=np.int64)[combo[:, t]]
    return digits


def joint_outcomes(
    no_deal: np.ndarray,
    territories: list[tuple[int, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Every joint war outcome as a package, with its probability.

    Parameters
    ----------
    no_deal : ndarray, shape (K,)
        Option indices of the no-deal package (issues that are not fought over stay there).
    territories : list of (issue index, outcome option indices, outcome probabilities)

    Returns
    -------
    digits : ndarray, shape (J, K)
    prob : ndarray, shape (J,)
    """
    sizes = [len(t[1]) for t in territories]
    n = count_outcomes(sizes)
    if n > MAX_JOINT_OUTCOMES:
        raise ValueError(f"{n} joint war outcomes: more than {MAX_JOINT_OUTCOMES}")
    combo = outcome_combos(sizes, 0, n)
    digits = outcome_packages(no_deal, [(k, o) for k, o, _ in territories], combo)
    prob = np.ones(n)
    for col, (_k, _opts, p) in enumerate(territories):
        prob *= np.asarray(p)[combo[:, col]]
    return digits, prob
