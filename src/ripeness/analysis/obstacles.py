"""Which obstacles stand in the way: every subset switched off (DESIGN.md §2, "Obstacle analysis").

For each subset ``S`` of the k obstacles (all ``2**k``, ``k <= 12``) the model is compiled with
``S`` switched off and solved for the verdict, the ZOPA size and ``g*``. Shapley values share
the gap reduction ``v(S) = g*(all on) - g*(S off)`` among the obstacles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np

from .base import Result

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
class ObstacleAnalysis(Result):
    """Result of :func:`ripeness.obstacles`: every subset of the obstacles switched off.

    Attributes
    ----------
    table : SubsetTable
    titles : dict
        ``{obstacle: title}``.

    Examples
    --------
    >>> import ripeness
    >>> o = ripeness.obstacles("toy")
    >>> o.minimal_unblocking_sets[0], o.unblocking_from(["distrust"])[0]
    (['hawks-b'], ['constitution-b'])
    >>> o.toggled(["hawks-b"])["hawks-b"]["verdict"]  # hawks back on: no deal again
    'no deal'
    """

    table: SubsetTable
    titles: dict[str, str]

    def _row(self, m: int) -> dict[str, Any]:
        t = self.table
        return {
            "verdict": "deal" if t.deal[m] else "no deal",
            "zopa_size": int(t.zopa_size[m]),
            "gap": float(t.gap[m]),
        }

    def _mask(self, off: Iterable[str]) -> int:
        off = list(off)
        unknown = [o for o in off if o not in self.table.obstacles]
        if unknown:
            raise ValueError(
                f"obstacle(s) {', '.join(unknown)} not in this analysis "
                f"({', '.join(self.table.obstacles)})"
            )
        return self.table.mask(off)

    @property
    def single(self) -> dict[str, dict[str, Any]]:
        """Each obstacle switched off alone (all others on)."""
        return {o: self._row(1 << i) for i, o in enumerate(self.table.obstacles)}

    def state(self, off: Iterable[str] = ()) -> dict[str, Any]:
        """Verdict, ZOPA size and ``g*`` with the obstacles ``off`` switched off."""
        return self._row(self._mask(off))

    def toggled(self, off: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
        """From the setting ``off``: each obstacle toggled (switched off if on, on if off).

        Per obstacle ``{on, verdict, zopa_size, gap}``; ``on`` is its state in the setting, the
        rest is the setting with this one obstacle toggled. With ``off`` empty this is
        :attr:`single`.
        """
        m0 = self._mask(off)
        return {
            o: {"on": not (m0 >> i & 1), **self._row(m0 ^ (1 << i))}
            for i, o in enumerate(self.table.obstacles)
        }

    @property
    def sufficient_to_block(self) -> list[str]:
        """Obstacles that alone keep the ZOPA empty (all the others switched off)."""
        t = self.table
        full = (1 << len(t.obstacles)) - 1
        return [o for i, o in enumerate(t.obstacles) if not t.deal[full & ~(1 << i)]]

    @property
    def minimal_unblocking_sets(self) -> list[list[str]]:
        """Inclusion-minimal sets of obstacles whose removal (from all on) opens a deal."""
        t = self.table
        return [t.names(m) for m in minimal_sets(t.deal, len(t.obstacles))]

    def unblocking_from(self, off: Iterable[str] = ()) -> list[list[str]]:
        """The smallest further sets to switch off, from the setting ``off``, that open a deal.

        ``[[]]`` when the setting already has a deal; ``[]`` when no further set opens one.
        """
        t = self.table
        m0 = self._mask(off)
        k = len(t.obstacles)
        ok = np.array([bool(t.deal[m | m0]) and not (m & m0) for m in range(1 << k)])
        return [t.names(m) for m in minimal_sets(ok, k)]

    @property
    def shapley(self) -> dict[str, float]:
        """Shapley values of the gap reduction ``v(S) = g*(all on) - g*(S off)``."""
        t = self.table
        v = t.gap[0] - t.gap
        phi = shapley(v, len(t.obstacles))
        return {o: float(x) for o, x in zip(t.obstacles, phi, strict=True)}

    @property
    def verdict(self) -> str:
        """The verdict with every obstacle on."""
        return "deal" if self.table.deal[0] else "no deal"

    def to_dict(self, off: Iterable[str] = ()) -> dict[str, Any]:
        """Plain data; with ``off``, also the setting and each obstacle toggled from it."""
        t = self.table
        full = (1 << len(t.obstacles)) - 1
        out: dict[str, Any] = {
            "obstacles": {o: self.titles.get(o, o) for o in t.obstacles},
            "all_on": self._row(0),
            "all_off": self._row(full),
            "single": self.single,
            "sufficient_to_block": self.sufficient_to_block,
            "minimal_unblocking_sets": self.minimal_unblocking_sets,
            "shapley": self.shapley,
            "gap_reduction": float(t.gap[0] - t.gap[full]),
            "subsets": [{"off": t.names(m), **self._row(m)} for m in range(1 << len(t.obstacles))],
        }
        off = list(off)
        if off:
            out["current"] = {"off": off, **self.state(off)}
            out["toggled"] = self.toggled(off)
            out["unblocking_from_current"] = self.unblocking_from(off)
        return out

    def to_frame(self, off: Iterable[str] = ()):  # type: ignore[no-untyped-def]
        """One row per obstacle (pandas): title, whether it is on, the verdict and ``g*`` with
        it toggled from the setting ``off`` (switched off alone when ``off`` is empty), whether
        it blocks alone, and its Shapley value.

        Examples
        --------
        >>> import ripeness
        >>> ripeness.obstacles("toy").to_frame().loc["hawks-b", ["toggled_verdict", "on"]]
        ... # doctest: +NORMALIZE_WHITESPACE
        toggled_verdict    deal
        on                 True
        Name: hawks-b, dtype: object
        """
        import pandas as pd

        tog, sh = self.toggled(off), self.shapley
        suff = set(self.sufficient_to_block)
        ids = list(self.table.obstacles)
        frame = pd.DataFrame(
            {
                "title": [self.titles.get(o, o) for o in ids],
                "on": [tog[o]["on"] for o in ids],
                "toggled_verdict": [tog[o]["verdict"] for o in ids],
                "toggled_gap": [tog[o]["gap"] for o in ids],
                "toggled_zopa_size": [tog[o]["zopa_size"] for o in ids],
                "blocks_alone": [o in suff for o in ids],
                "shapley": [sh[o] for o in ids],
            },
            index=pd.Index(ids, name="obstacle"),
        )
        return frame

    def subsets_frame(self):  # type: ignore[no-untyped-def]
        """One row per subset switched off (pandas): ``off``, ``n_off``, verdict, ZOPA, ``g*``."""
        import pandas as pd

        t = self.table
        rows = [
            {"off": ", ".join(t.names(m)), "n_off": bin(m).count("1"), **self._row(m)}
            for m in range(1 << len(t.obstacles))
        ]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        from .notebook import obstacles_html

        return obstacles_html(self)


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
