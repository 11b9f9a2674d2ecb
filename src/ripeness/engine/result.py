"""What an engine returns: the same structure whichever engine ran."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class ScanResult:
    """Answers of an engine about one compiled model.

    Attributes
    ----------
    engine : str
        ``"enumerate"`` or ``"exact"``.
    size : int
        Number of packages in the space.
    zopa_size : int
        Number of deals (for the exact engine: exact when it could count, else a lower bound;
        see ``zopa_exact``).
    gap : float
        ``g* = min_x g(x)``.
    nearest : int or None
        Package number of the nearest compromise (the most robust deal when one exists).
    solutions : dict or None
        Package number of each solution concept, when the ZOPA is not empty.
    frontier_index, frontier_surplus : ndarray or None
        Pareto frontier of the principals' surplus inside the ZOPA.
    ranges : ndarray
        Per-actor utility range used to normalise shortfalls.
    zopa_exact : bool
        Whether ``zopa_size`` is an exact count.
    """

    engine: str
    size: int
    zopa_size: int
    gap: float
    nearest: int | None
    solutions: dict[str, int] | None
    frontier_index: np.ndarray | None
    frontier_surplus: np.ndarray | None
    ranges: np.ndarray
    zopa_exact: bool = True

    @property
    def deal(self) -> bool:
        return self.zopa_size > 0
