"""What fighting on can end in: the joint outcomes of the fought-over territories.

Territories are independent (DESIGN.md §2); each outcome's probability is an ordered logit
(:func:`ripeness.model.semantics.outcome_probabilities`), and the value of fighting on is
computed exactly over every joint outcome, listed here as packages.
"""

from __future__ import annotations

from itertools import product

import numpy as np

#: Largest number of joint war outcomes evaluated exactly.
MAX_JOINT_OUTCOMES = 2_000_000


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
    if not territories:
        return no_deal[None, :].copy(), np.ones(1)
    sizes = [len(t[1]) for t in territories]
    n = int(np.prod(sizes))
    if n > MAX_JOINT_OUTCOMES:
        raise ValueError(f"{n} joint war outcomes: more than {MAX_JOINT_OUTCOMES}")
    combos = np.array(list(product(*[range(s) for s in sizes])), dtype=np.int64).reshape(n, -1)
    digits = np.repeat(no_deal[None, :], n, axis=0)
    prob = np.ones(n)
    for col, (k, opts, p) in enumerate(territories):
        digits[:, k] = opts[combos[:, col]]
        prob *= p[combos[:, col]]
    return digits, prob
