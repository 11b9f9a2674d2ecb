"""Streaming argmin with the project's tie rule (DESIGN.md §2, "Package order and ties").

Among values within ``1e-9`` (relative, floor ``1e-9``) of the best, the lowest package index
wins. Blocks arrive in increasing index order; each keeps only its prefix-minimum records near
its own best, which is enough to apply the rule exactly across blocks.
"""

from __future__ import annotations

import numpy as np

from ..model.semantics import tie_tolerance


def tolerance(best: float) -> float:
    """Tie tolerance around ``best`` (:func:`ripeness.model.semantics.tie_tolerance`)."""
    return float(tie_tolerance(best))


def argbest(values: np.ndarray, *, maximize: bool = False) -> int:
    """Position of the best value with ties (within :func:`tolerance`) to the lowest position."""
    acc = ArgBest(maximize=maximize)
    acc.update(values, np.arange(len(values)))
    idx = acc.result()
    if idx is None:
        raise ValueError("argbest of an empty array")
    return idx


class ArgBest:
    """Accumulate the tie-ruled argmin (or argmax) over blocks of (value, index)."""

    def __init__(self, *, maximize: bool = False):
        self.sign = -1.0 if maximize else 1.0
        self._vals: list[np.ndarray] = []
        self._idx: list[np.ndarray] = []
        self._best: float | None = None

    def update(self, values: np.ndarray, index: np.ndarray) -> None:
        """Add a block; ``index`` increasing and larger than every earlier block's."""
        if values.size == 0:
            return
        v = self.sign * np.asarray(values, dtype=float)
        b = float(v.min())
        if (
            self._best is not None
            and np.isfinite(self._best)
            and b > self._best + 4 * tolerance(self._best)
        ):
            return  # nothing here can be within tolerance of the best: skip the records
        if self._best is None or b < self._best:
            self._best = b
        if not np.isfinite(b):
            first = int(np.argmax(v == b))
            self._vals.append(np.array([b]))
            self._idx.append(np.asarray(index[first : first + 1]))
            return
        run = np.minimum.accumulate(v)
        new = np.empty(v.shape, dtype=bool)
        new[0] = True
        new[1:] = run[1:] < run[:-1]
        keep = new & (v <= b + 4 * tolerance(b))
        self._vals.append(v[keep])
        self._idx.append(np.asarray(index)[keep])

    @property
    def empty(self) -> bool:
        return not self._vals

    def best(self) -> float | None:
        """The best value seen (in the caller's sign)."""
        if not self._vals:
            return None
        return self.sign * float(min(x.min() for x in self._vals))

    def result(self) -> int | None:
        """Lowest index among values within tolerance of the best (None when empty)."""
        if not self._vals:
            return None
        v = np.concatenate(self._vals)
        i = np.concatenate(self._idx)
        b = float(v.min())
        ok = v == b if not np.isfinite(b) else v <= b + tolerance(b)
        return int(i[ok].min())
