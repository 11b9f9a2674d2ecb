"""Which obstacles stand in the way: every subset switched off (DESIGN.md §2, "Obstacle analysis").

For each subset ``S`` of the k obstacles (all ``2**k``, ``k <= 12``) the model is compiled with
``S`` switched off and solved for the verdict, the ZOPA size and ``g*``. Shapley values share
the gap reduction ``v(S) = g*(all on) - g*(S off)`` among the obstacles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np

#: Most obstacles analysed jointly (2**12 = 4096 subsets).
MAX_OBSTACLES = 12


@dataclass(frozen=True, eq=False)
class SubsetTable:
    """Verdict, ZOPA size and ``g*`` for every subset of obstacles switched off.

    Subset ``m`` is a bitmask: bit ``i`` set means ``obstacles[i]`` is off.
    """

    obstacles: tuple[str, ...]
    deal: np.ndarray  # (2**k,) bool
    zopa_size: np.ndarray  # (2**k,) int
    gap: np.ndarray  # (2**k,) float

    def mask(self, names: list[str] | tuple[str, ...]) -> int:
        return sum(1 << self.obstacles.index(n) for n in names)

    def names(self, mask: int) -> list[str]:
        return [o for i, o in enumerate(self.obstacles) if mask >> i & 1]


def shapley(values: np.ndarray, k: int) -> np.ndarray:
    """Shapley values of a k-player game given as ``values[mask]`` (``v(empty) = values[0]``).

    ``phi_i = sum_{S not containing i} |S|! (k - |S| - 1)! / k! * (v(S + i) - v(S))``.
    """
    masks = np.arange(1 << k)
    size = np.array([bin(m).count("1") for m in masks])
    w = np.array(
        [factorial(s) * factorial(k - s - 1) / factorial(k) if s < k else 0.0 for s in size]
    )
    phi = np.zeros(k)
    for i in range(k):
        without = masks[(masks >> i & 1) == 0]
        phi[i] = np.sum(w[without] * (values[without | (1 << i)] - values[without]))
    return phi


def minimal_sets(ok: np.ndarray, k: int) -> list[int]:
    """Inclusion-minimal masks with ``ok[mask]`` true."""
    cands = sorted((m for m in range(1 << k) if ok[m]), key=lambda m: (bin(m).count("1"), m))
    minimal: list[int] = []
    for m in cands:
        if not any((m & s) == s for s in minimal):
            minimal.append(m)
    return minimal


@dataclass(frozen=True, eq=False)
class ObstacleAnalysis:
    """Result of :func:`ripeness.obstacles`."""

    table: SubsetTable
    titles: dict[str, str]

    @property
    def single(self) -> dict[str, dict[str, Any]]:
        t = self.table
        return {
            o: {
                "verdict": "deal" if t.deal[1 << i] else "no deal",
                "zopa_size": int(t.zopa_size[1 << i]),
                "gap": float(t.gap[1 << i]),
            }
            for i, o in enumerate(t.obstacles)
        }

    @property
    def sufficient_to_block(self) -> list[str]:
        t = self.table
        full = (1 << len(t.obstacles)) - 1
        return [o for i, o in enumerate(t.obstacles) if not t.deal[full & ~(1 << i)]]

    @property
    def minimal_unblocking_sets(self) -> list[list[str]]:
        t = self.table
        return [t.names(m) for m in minimal_sets(t.deal, len(t.obstacles))]

    @property
    def shapley(self) -> dict[str, float]:
        t = self.table
        v = t.gap[0] - t.gap
        phi = shapley(v, len(t.obstacles))
        return {o: float(x) for o, x in zip(t.obstacles, phi, strict=True)}

    @property
    def verdict(self) -> str:
        return "deal" if self.table.deal[0] else "no deal"

    def to_dict(self) -> dict[str, Any]:
        t = self.table
        full = (1 << len(t.obstacles)) - 1
        return {
            "obstacles": {o: self.titles.get(o, o) for o in t.obstacles},
            "all_on": {
                "verdict": self.verdict,
                "zopa_size": int(t.zopa_size[0]),
                "gap": float(t.gap[0]),
            },
            "all_off": {
                "verdict": "deal" if t.deal[full] else "no deal",
                "zopa_size": int(t.zopa_size[full]),
                "gap": float(t.gap[full]),
            },
            "single": self.single,
            "sufficient_to_block": self.sufficient_to_block,
            "minimal_unblocking_sets": self.minimal_unblocking_sets,
            "shapley": self.shapley,
            "gap_reduction": float(t.gap[0] - t.gap[full]),
            "subsets": [
                {
                    "off": t.names(m),
                    "verdict": "deal" if t.deal[m] else "no deal",
                    "zopa_size": int(t.zopa_size[m]),
                    "gap": float(t.gap[m]),
                }
                for m in range(1 << len(t.obstacles))
            ],
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per obstacle: title, single-removal verdict, gap, Shapley value (pandas)."""
        import pandas as pd

        single, sh = self.single, self.shapley
        suff = set(self.sufficient_to_block)
        return pd.DataFrame(
            {
                "title": [self.titles.get(o, o) for o in self.table.obstacles],
                "off_alone_verdict": [single[o]["verdict"] for o in self.table.obstacles],
                "off_alone_gap": [single[o]["gap"] for o in self.table.obstacles],
                "blocks_alone": [o in suff for o in self.table.obstacles],
                "shapley": [sh[o] for o in self.table.obstacles],
            },
            index=list(self.table.obstacles),
        )

    def to_json(self, **kw: Any) -> str:
        import json

        from .base import jsonable

        return json.dumps(jsonable(self.to_dict()), **kw)

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        return str(self.to_frame().to_html())


def subset_table(
    obstacles: tuple[str, ...],
    solve: Callable[[frozenset[str]], tuple[bool, int, float]],
    progress: Callable[[int, int], None] | None = None,
) -> SubsetTable:
    """Solve every subset of ``obstacles`` switched off with ``solve(off) -> (deal, n, g*)``."""
    k = len(obstacles)
    if k > MAX_OBSTACLES:
        raise ValueError(
            f"{k} obstacles: more than {MAX_OBSTACLES} for the full subset analysis; "
            "name at most 12 with --only"
        )
    n = 1 << k
    deal = np.zeros(n, dtype=bool)
    size = np.zeros(n, dtype=np.int64)
    gap = np.zeros(n)
    for m in range(n):
        off = frozenset(o for i, o in enumerate(obstacles) if m >> i & 1)
        deal[m], size[m], gap[m] = solve(off)
        if progress is not None:
            progress(m + 1, n)
    return SubsetTable(obstacles, deal, size, gap)
