"""The package space: mixed-radix numbering of packages, and compiled conditions.

Packages are numbered in mixed radix, the first issue of the file most significant, options in
file order (DESIGN.md §2, "Package order and ties").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from math import prod

import numpy as np


@dataclass(frozen=True, eq=False)
class Condition:
    """A conjunction of per-issue option sets, compiled to masks.

    Attributes
    ----------
    issues : tuple of int
        Issue indices the condition constrains.
    allowed : tuple of ndarray of bool
        For each constrained issue, a mask over its options.
    """

    issues: tuple[int, ...]
    allowed: tuple[np.ndarray, ...]
    _memo: list = field(default_factory=list, repr=False, compare=False)

    def holds(self, digits: np.ndarray) -> np.ndarray:
        """Whether each package (rows of option indices) satisfies the condition.

        For a read-only table of digits (the engine's cached package tables) the answer is
        remembered, so models of one scenario (obstacle subsets) share it.
        """
        seen = self._memo[0] if self._memo else None  # one read: safe across threads
        if seen is not None and seen[0] is digits:
            return seen[1]  # type: ignore[no-any-return]
        out = np.ones(digits.shape[:-1], dtype=bool)
        for k, mask in zip(self.issues, self.allowed, strict=True):
            out &= mask[digits[..., k]]
        if not digits.flags.writeable:
            out.setflags(write=False)
            self._memo[:] = [(digits, out)]
        return out

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_memo"] = []  # never shipped to other processes
        return state


@dataclass(frozen=True)
class PackageSpace:
    """Issues, their options, and package numbering.

    Attributes
    ----------
    issues : tuple of str
        Issue ids in file order.
    options : tuple of tuple of str
        Option ids of each issue, in file order.
    """

    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]

    @property
    def radix(self) -> np.ndarray:
        return np.array([len(o) for o in self.options], dtype=np.int64)

    @property
    def size(self) -> int:
        """Number of packages (a Python int: it may exceed 2**63)."""
        return prod(len(o) for o in self.options)

    @property
    def max_options(self) -> int:
        return max(len(o) for o in self.options)

    @property
    def strides(self) -> np.ndarray:
        """Place value of each issue; requires ``size < 2**63``."""
        r = [len(o) for o in self.options]
        s = [prod(r[k + 1 :]) for k in range(len(r))]
        return np.array(s, dtype=np.int64)

    def digits(self, index: np.ndarray) -> np.ndarray:
        """Option index of every issue for package numbers ``index`` -> shape ``(n, K)``."""
        index = np.asarray(index, dtype=np.int64)
        return (index[:, None] // self.strides[None, :]) % self.radix[None, :]

    def index(self, digits: np.ndarray) -> np.ndarray:
        """Package numbers of rows of option indices (inverse of :meth:`digits`)."""
        return np.asarray(digits, dtype=np.int64) @ self.strides

    def option_index(self, issue: str, option: str) -> tuple[int, int]:
        k = self.issues.index(issue)
        return k, self.options[k].index(option)

    def encode(self, package: Mapping[str, str], default: Sequence[int] | np.ndarray) -> np.ndarray:
        """Option indices of a (partial) package; unnamed issues take ``default``."""
        d = np.array(default, dtype=np.int64)
        for issue, option in package.items():
            k, o = self.option_index(issue, option)
            d[k] = o
        return d

    def decode(self, digits: Sequence[int] | np.ndarray) -> dict[str, str]:
        """``{issue: option}`` of a row of option indices."""
        return {
            i: self.options[k][int(d)]
            for k, (i, d) in enumerate(zip(self.issues, digits, strict=True))
        }

    def decode_index(self, index: int) -> dict[str, str]:
        """``{issue: option}`` of package number ``index`` (any size, exact integers)."""
        out = {}
        rest = int(index)
        for k in range(len(self.issues) - 1, -1, -1):
            n = len(self.options[k])
            out[self.issues[k]] = self.options[k][rest % n]
            rest //= n
        return {i: out[i] for i in self.issues}

    def encode_index(self, package: Mapping[str, str]) -> int:
        """Package number of a full package (exact Python int)."""
        idx = 0
        for k, issue in enumerate(self.issues):
            idx = idx * len(self.options[k]) + self.options[k].index(package[issue])
        return idx

    def condition(self, conj: Mapping[str, Sequence[str]]) -> Condition:
        """Compile ``{issue: [options]}`` to a :class:`Condition` (one object per space and
        conjunction, so that models of one scenario share it)."""
        key = tuple((i, tuple(o)) for i, o in conj.items())
        return _condition(self, key)

    def _compile(self, conj: Sequence[tuple[str, Sequence[str]]]) -> Condition:
        ks, masks = [], []
        for issue, opts in conj:
            k = self.issues.index(issue)
            m = np.zeros(len(self.options[k]), dtype=bool)
            for o in opts:
                m[self.options[k].index(o)] = True
            ks.append(k)
            masks.append(m)
        return Condition(tuple(ks), tuple(masks))


@lru_cache(maxsize=4096)
def _condition(space: PackageSpace, key: tuple[tuple[str, tuple[str, ...]], ...]) -> Condition:
    return space._compile(key)
