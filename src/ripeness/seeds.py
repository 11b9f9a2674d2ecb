"""Seeds short enough to copy: drawn from the operating system's entropy when none is given."""

from __future__ import annotations

import secrets

#: Seeds drawn by :func:`fresh_seed` are below this (at most eight digits).
SEED_LIMIT = 100_000_000


def fresh_seed() -> int:
    """A seed in ``[0, 10**8)`` from the operating system's entropy (:mod:`secrets`).

    ``np.random.SeedSequence(seed)`` of the returned integer reproduces the run, so printing it
    is enough to repeat it (``--seed``): an eight-digit number, not SeedSequence's own
    128-bit entropy.
    """
    return secrets.randbelow(SEED_LIMIT)


__all__ = ["SEED_LIMIT", "fresh_seed"]
