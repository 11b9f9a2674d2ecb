"""Levers: the value of a parameter at which a deal first appears (DESIGN.md §2).

A grid over the range, then bisection on every change of verdict between neighbouring grid
points, to ``1e-4`` of the range. Where the verdict changes more than once the deal region is
reported as intervals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Result

#: Grid points before bisection.
GRID = 41
#: Bisection stops at this fraction of the range.
RESOLUTION = 1e-4


@dataclass(frozen=True, eq=False)
class LeverResult(Result):
    """Result of :func:`ripeness.levers`.

    Attributes
    ----------
    param : str
        Dotted path of the parameter.
    range : (float, float)
    current : float or None
        The parameter's value in the scenario (None if outside the range or not a number).
    threshold : float or None
        The value nearest to ``current`` at which a deal exists, on the deal side of the
        boundary (``current`` itself when a deal already exists; None: none in range).
    direction : str or None
        ``"increase"``, ``"decrease"`` or ``"none"`` (deal now), relative to ``current``.
    intervals : list of (float, float)
        Where a deal exists.
    curve : dict
        Grid values, ``g*`` and verdicts (for charts).
    """

    param: str
    range: tuple[float, float]
    current: float | None
    threshold: float | None
    direction: str | None
    intervals: list[tuple[float, float]]
    curve: dict[str, list[Any]]

    @property
    def message(self) -> str:
        if self.threshold is None:
            return f"none in range [{self.range[0]:g}, {self.range[1]:g}]"
        if self.direction == "none":
            return f"a deal exists at the current value {self.threshold:.6g}"
        return f"a deal first appears at {self.param} = {self.threshold:.6g}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "param": self.param,
            "range": list(self.range),
            "current": self.current,
            "threshold": self.threshold,
            "direction": self.direction,
            "message": self.message,
            "intervals": [list(i) for i in self.intervals],
            "monotone": len(self.intervals) <= 1,
            "curve": self.curve,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """Every value evaluated, one row each in increasing order (pandas): ``value``, ``gap``
        (``g*``) and ``deal``; ``attrs`` holds the parameter, the threshold and the direction.

        Examples
        --------
        >>> import ripeness
        >>> f = ripeness.levers("toy", "war.military_balance", (-1, 1), grid=5).to_frame()
        >>> f.columns.tolist(), len(f), f.attrs["threshold"], bool(f["deal"].any())
        (['value', 'gap', 'deal'], 5, None, False)
        """
        import pandas as pd

        frame = pd.DataFrame({k: self.curve[k] for k in ("value", "gap", "deal")})
        frame.attrs = {
            "param": self.param,
            "threshold": self.threshold,
            "direction": self.direction,
            "intervals": list(self.intervals),
        }
        return frame

    def _repr_html_(self) -> str:
        from .notebook import lever_html

        return lever_html(self)


@dataclass(frozen=True, eq=False)
class SweepMap(Result):
    """A 2-D sweep: ``g*`` and the verdict on a grid of two parameters (a map).

    ``gap[i, j]`` and ``deal[i, j]`` are at ``x[i]`` (the first parameter), ``y[j]``.
    """

    params: tuple[str, str]
    x: list[float]
    y: list[float]
    gap: list[list[float]]
    deal: list[list[bool]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "params": list(self.params),
            "x": self.x,
            "y": self.y,
            "gap": self.gap,
            "deal": self.deal,
            "deal_share": float(np.mean(self.deal)),
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per grid point (pandas): both parameters (by path), ``gap`` and ``deal``."""
        import pandas as pd

        a, b = self.params
        rows = [
            {a: x, b: y, "gap": self.gap[i][j], "deal": self.deal[i][j]}
            for i, x in enumerate(self.x)
            for j, y in enumerate(self.y)
        ]
        return pd.DataFrame(rows, columns=[a, b, "gap", "deal"])

    def _repr_html_(self) -> str:
        from .notebook import sweep_html

        return sweep_html(self)


def sweep_map(
    solve: Callable[[float, float], tuple[bool, float]],
    params: tuple[str, str],
    xs: np.ndarray,
    ys: np.ndarray,
    progress: Callable[[int, int], None] | None = None,
) -> SweepMap:
    """Solve on every grid point ``(x, y)``; ``progress(done, total)`` after each row."""
    res = []
    for i, x in enumerate(xs):
        res.append([solve(float(x), float(y)) for y in ys])
        if progress is not None:
            progress((i + 1) * len(ys), len(xs) * len(ys))
    return SweepMap(
        params=params,
        x=[float(x) for x in xs],
        y=[float(y) for y in ys],
        gap=[[float(r[1]) for r in row] for row in res],
        deal=[[bool(r[0]) for r in row] for row in res],
    )


def find_threshold(
    solve: Callable[[float], tuple[bool, float]],
    lo: float,
    hi: float,
    *,
    current: float | None = None,
    param: str = "",
    grid: int = GRID,
    progress: Callable[[int, int], None] | None = None,
) -> LeverResult:
    """Grid then bisection for the deal region of ``solve(value) -> (deal, g*)``.

    ``progress(done, total)`` is called after each solve; ``total`` is known once the grid is
    solved (each change of verdict then takes ``ceil(log2(step / tolerance))`` bisections).
    """
    if not hi > lo:
        raise ValueError(f"empty range [{lo}, {hi}]")
    xs = list(np.linspace(lo, hi, grid))
    if current is not None and lo < current < hi:
        xs.append(float(current))
    xs = sorted(set(map(float, xs)))
    tol = RESOLUTION * (hi - lo)
    tick = progress or (lambda _done, _total: None)
    res: dict[float, tuple[bool, float]] = {}
    for x in xs:
        res[x] = solve(x)
        tick(len(res), len(xs))
    changes = [(a, b) for a, b in zip(xs, xs[1:], strict=False) if res[a][0] != res[b][0]]
    total = len(xs) + sum(max(0, math.ceil(math.log2(abs(b - a) / tol))) for a, b in changes)
    boundaries: list[tuple[float, float, bool]] = []  # (no-deal side, deal side, rising)
    for a, b in zip(xs, xs[1:], strict=False):
        da, db = res[a][0], res[b][0]
        if da == db:
            continue
        x0, x1 = a, b  # verdict at x0 is da, at x1 is db
        while abs(x1 - x0) > tol:
            mid = 0.5 * (x0 + x1)
            r = solve(mid)
            res[mid] = r
            tick(min(len(res), total), total)
            if r[0] == da:
                x0 = mid
            else:
                x1 = mid
        boundaries.append((x0, x1, db) if db else (x1, x0, db))
    tick(total, total)
    # deal intervals
    intervals: list[tuple[float, float]] = []
    start = lo if res[xs[0]][0] else None
    for _no, yes, rising in boundaries:
        if rising:
            start = yes
        elif start is not None:
            intervals.append((start, yes))
            start = None
    if start is not None:
        intervals.append((start, hi))
    threshold = direction = None
    if intervals:
        # the range's point nearest the current value (a current value outside the range is
        # moved towards, never said to be in, a deal)
        ref = lo if current is None else min(max(current, lo), hi)
        inside = [iv for iv in intervals if iv[0] - 1e-12 <= ref <= iv[1] + 1e-12]
        if inside and (current is None or lo <= current <= hi):
            threshold, direction = float(ref), "none"
        elif inside:
            threshold = float(ref)
            direction = "decrease" if current is not None and current > hi else "increase"
        else:
            best = min(intervals, key=lambda iv: min(abs(iv[0] - ref), abs(iv[1] - ref)))
            if best[0] > ref:
                threshold, direction = float(best[0]), "increase"
            else:
                threshold, direction = float(best[1]), "decrease"
    xs_all = sorted(res)
    return LeverResult(
        param=param,
        range=(float(lo), float(hi)),
        current=current,
        threshold=threshold,
        direction=direction,
        intervals=[(float(a), float(b)) for a, b in intervals],
        curve={
            "value": xs_all,
            "gap": [float(res[x][1]) for x in xs_all],
            "deal": [bool(res[x][0]) for x in xs_all],
        },
    )
