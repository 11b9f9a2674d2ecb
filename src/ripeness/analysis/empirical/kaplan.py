"""Kaplan–Meier survival of agreements, overall and by provision (lifelines).

The product-limit estimate ``S(t) = prod_{t_i <= t} (1 - d_i / n_i)`` (Kaplan & Meier 1958),
with ``d_i`` endings among ``n_i`` agreements at risk at time ``t_i``; its 95% interval is
lifelines' exponential Greenwood interval (on ``log(-log S)``, Kalbfleisch & Prentice 2002).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: Years at which survival is reported.
YEARS = (1, 2, 5, 10)
#: Confidence level of the intervals.
ALPHA = 0.05


@dataclass(frozen=True, eq=False)
class Curve:
    """A Kaplan–Meier curve: step values after each distinct time.

    Attributes
    ----------
    label : str
        ``all``, ``pko_1``, ``pko_0``, ...
    n, events : int
    times : ndarray
        0 and every distinct observed time, in years.
    survival, low, high : ndarray
        ``S(t)`` and its 95% interval from each time on (a step function).
    at_risk : ndarray
        Agreements at risk just before each time.
    durations : ndarray
        The observed durations (to count those at risk at any time).
    """

    label: str
    n: int
    events: int
    times: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    at_risk: np.ndarray
    durations: np.ndarray

    def _index(self, t: float) -> int | None:
        """Index of the step holding at ``t``; None past the last follow-up."""
        k = int(np.searchsorted(self.times, t, side="right")) - 1
        if t > self.times[-1] and self.survival[-1] > 0:
            return None  # nobody left at risk: S(t) is not estimated
        return k

    def at(self, t: float) -> dict[str, Any] | None:
        """``{"s", "low", "high", "at_risk"}`` at ``t`` years, or None past the data."""
        k = self._index(t)
        if k is None:
            return None
        return {
            "s": float(self.survival[k]),
            "low": _num(self.low[k]),
            "high": _num(self.high[k]),
            "at_risk": int(np.count_nonzero(self.durations >= t)),
        }

    def median(self) -> float | None:
        """The first time ``S(t) <= 0.5``; None when the curve stays above it."""
        below = np.flatnonzero(self.survival <= 0.5)
        return float(self.times[below[0]]) if below.size else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": self.n,
            "events": self.events,
            "times": self.times.tolist(),
            "survival": self.survival.tolist(),
            "low": [_num(x) for x in self.low],
            "high": [_num(x) for x in self.high],
        }


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def kaplan_meier(years: Iterable[float], events: Iterable[int], label: str = "all") -> Curve:
    """The Kaplan–Meier curve of durations ``years`` with event flags ``events``.

    Raises
    ------
    ValueError
        No observations, or a negative duration.
    """
    from lifelines import KaplanMeierFitter

    d = np.asarray(list(years), dtype=float)
    e = np.asarray(list(events), dtype=int)
    if d.size == 0:
        raise ValueError(f"{label}: no observations")
    if (d < 0).any() or not np.isfinite(d).all():
        raise ValueError(f"{label}: durations must be finite and >= 0")
    kmf = KaplanMeierFitter(alpha=ALPHA).fit(d, e, label=label)
    sf = kmf.survival_function_
    ci = kmf.confidence_interval_survival_function_
    times = sf.index.to_numpy(dtype=float)
    table = kmf.event_table
    return Curve(
        label=label,
        n=int(d.size),
        events=int(e.sum()),
        times=times,
        survival=sf.iloc[:, 0].to_numpy(dtype=float),
        low=ci.iloc[:, 0].to_numpy(dtype=float),
        high=ci.iloc[:, 1].to_numpy(dtype=float),
        at_risk=table["at_risk"].reindex(sf.index).to_numpy(dtype=int),
        durations=d,
    )


#: Binary provisions and characteristics with a curve for each value.
SPLITS = ("pko", "pa_3rd", "cease", "withd", "power_sharing", "terr_prov", "territory")
#: ``pa_type`` codes and their names.
PA_TYPES = {1: "full", 2: "partial", 3: "process"}
#: Labels of the groups, in report order.
GROUPS = (
    "all",
    *(f"{c}_{v}" for c in SPLITS for v in (1, 0)),
    *(f"pa_type_{name}" for name in PA_TYPES.values()),
)


def _groups(table: pd.DataFrame) -> list[tuple[str, pd.Series]]:
    """``(label, mask)`` of every group reported, in :data:`GROUPS` order."""
    out: list[tuple[str, pd.Series]] = [("all", pd.Series(True, index=table.index))]
    for c in SPLITS:
        out += [(f"{c}_1", table[c] == 1), (f"{c}_0", table[c] == 0)]
    for code, name in PA_TYPES.items():
        out.append((f"pa_type_{name}", table["pa_type"] == code))
    return out


def group_curves(table: pd.DataFrame) -> dict[str, Curve]:
    """Kaplan–Meier curves of every group with at least one agreement, keyed by label."""
    out = {}
    for label, mask in _groups(table):
        sub = table[mask]
        if len(sub):
            out[label] = kaplan_meier(sub["years"], sub["event"], label)
    return out


def survival_table(curves: dict[str, Curve], years: Iterable[float] = YEARS) -> dict[str, Any]:
    """``{group: {"1y": {"s", "low", "high", "at_risk"}, ...}}``."""
    return {g: {f"{y:g}y": c.at(float(y)) for y in years} for g, c in curves.items()}
