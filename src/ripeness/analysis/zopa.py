"""The central question: is there a deal, how far apart are the sides, and where would they meet.

Implements DESIGN.md §2 "Deal and ZOPA", "Gap" and "Solutions" on top of an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import ScanResult
from ..model import Model
from .assess import Assessment, assess_digits
from .base import Result


@dataclass(frozen=True, eq=False)
class Analysis(Result):
    """Result of :func:`ripeness.analyze`.

    Attributes
    ----------
    verdict : str
        ``"deal"`` when the ZOPA is not empty, else ``"no deal"``.
    zopa_size : int
        Number of packages every actor accepts (and no constitution or rule rules out).
    gap : float
        ``g*``: how far apart the sides are (<= 0 iff a deal exists; ``-g*`` is the margin
        of the most robust deal).
    nearest_compromise : dict
        The minimiser of ``g`` (``{issue: option}``).
    rejected_by : list of str
        Actors rejecting the nearest compromise.
    batna : dict
        ``{actor: d_a}``, the value of fighting on.
    solutions : dict or None
        ``{concept: {issue: option}}`` for Nash, Kalai–Smorodinsky, egalitarian and
        utilitarian, when a deal exists.
    """

    scenario: str
    title: str
    engine: str
    off: list[str]
    overrides: dict[str, Any]
    package_count: int
    verdict: str
    zopa_size: int
    zopa_exact: bool
    gap: float
    nearest_compromise: dict[str, str]
    rejected_by: list[str]
    blocked_by: list[str]
    nearest: Assessment
    batna: dict[str, float]
    solutions: dict[str, dict[str, str]] | None
    solution_utilities: dict[str, dict[str, dict[str, float]]] | None
    frontier: list[dict[str, Any]] | None
    utility_ranges: dict[str, float]
    model: Model
    scan: ScanResult
    as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "title": self.title,
            "as_of": self.as_of,
            "engine": self.engine,
            "off": self.off,
            "overrides": self.overrides,
            "package_count": self.package_count,
            "verdict": self.verdict,
            "zopa_size": self.zopa_size,
            "zopa_exact": self.zopa_exact,
            "gap": self.gap,
            "nearest_compromise": self.nearest_compromise,
            "rejected_by": self.rejected_by,
            "blocked_by": self.blocked_by,
            "nearest_compromise_detail": self.nearest.to_dict(),
            "batna": self.batna,
            "utility_ranges": self.utility_ranges,
        }
        if self.solutions is not None:
            out["solutions"] = self.solutions
            out["solution_utilities"] = self.solution_utilities
            out["frontier"] = self.frontier
        return out

    def to_frame(self):  # type: ignore[no-untyped-def]
        """How each actor sees the nearest compromise (the most robust deal when there is
        one): one row per actor (pandas).

        Columns: ``role``, ``accepts``, ``shortfall`` (a share of the actor's utility range;
        ``g*`` is the largest), ``utility_range``, ``expected_utility``, ``cost``, ``batna``,
        ``net_value``, ``support`` and ``threshold`` (electorates) and ``reason``.

        Examples
        --------
        >>> import ripeness
        >>> a = ripeness.analyze("toy")
        >>> f = a.to_frame()
        >>> worst = f["shortfall"].idxmax()  # the actor whose shortfall is g*
        >>> worst, bool(f.loc[worst, "accepts"]), float(f.loc[worst, "shortfall"]) == a.gap
        ('B.hawks', False, True)
        """
        frame = self.nearest.to_frame()
        frame.insert(3, "utility_range", [self.utility_ranges[a] for a in frame.index])
        return frame

    def packages_frame(self):  # type: ignore[no-untyped-def]
        """The packages of interest, one row each (pandas): the nearest compromise (or most
        robust deal) and, for a deal, the Nash, Kalai–Smorodinsky, egalitarian and utilitarian
        packages; one column per issue.

        Examples
        --------
        >>> import ripeness
        >>> ripeness.analyze("toy", off=["hawks-b"]).packages_frame().index.tolist()
        ['most robust deal', 'nash', 'kalai smorodinsky', 'egalitarian', 'utilitarian']
        """
        import pandas as pd

        first = "most robust deal" if self.verdict == "deal" else "nearest compromise"
        rows = {first: self.nearest_compromise}
        rows.update({k.replace("_", " "): v for k, v in (self.solutions or {}).items()})
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "package"
        return frame

    def actors_frame(self):  # type: ignore[no-untyped-def]
        """The same as :meth:`to_frame`."""
        return self.to_frame()

    def _repr_html_(self) -> str:
        from .notebook import analysis_html

        return analysis_html(self)


def build_analysis(
    model: Model,
    res: ScanResult,
    *,
    scenario: str,
    title: str,
    overrides: dict[str, Any],
    as_of: str | None = None,
) -> Analysis:
    """Turn an engine's answers into an :class:`Analysis` (packages decoded, values added)."""
    space = model.space
    if res.nearest is None:
        raise ValueError("empty package space")
    nearest = assess_digits(model, space_digits(model, res.nearest), res.ranges)
    solutions = sol_util = frontier = None
    if res.solutions is not None:
        solutions = {k: space.decode_index(v) for k, v in res.solutions.items()}
        sol_util = {}
        for k, v in res.solutions.items():
            a = assess_digits(model, space_digits(model, v), res.ranges)
            sol_util[k] = {
                model.actors[p]: {
                    "utility": a.actors[model.actors[p]]["utility"],
                    "expected_utility": a.actors[model.actors[p]]["expected_utility"],
                    "surplus": a.actors[model.actors[p]]["expected_utility"]
                    - a.actors[model.actors[p]]["cost"]
                    - a.actors[model.actors[p]]["batna"],
                }
                for p in model.principals
            }
    if res.frontier_index is not None and res.frontier_surplus is not None:
        names = [model.actors[p] for p in model.principals]
        frontier = [
            {"index": int(i), "surplus": dict(zip(names, map(float, s), strict=True))}
            for i, s in zip(res.frontier_index, res.frontier_surplus, strict=True)
        ]
    return Analysis(
        scenario=scenario,
        title=title,
        engine=res.engine,
        off=sorted(model.off),
        overrides=overrides,
        package_count=res.size,
        verdict="deal" if res.deal else "no deal",
        zopa_size=res.zopa_size,
        zopa_exact=res.zopa_exact,
        gap=res.gap,
        nearest_compromise=nearest.package,
        rejected_by=nearest.rejected_by,
        blocked_by=nearest.blocked_by,
        nearest=nearest,
        batna={a: float(model.batna[i]) for i, a in enumerate(model.actors)},
        solutions=solutions,
        solution_utilities=sol_util,
        frontier=frontier,
        utility_ranges={a: float(res.ranges[i]) for i, a in enumerate(model.actors)},
        model=model,
        scan=res,
        as_of=as_of,
    )


def space_digits(model: Model, index: int) -> np.ndarray:
    """Option indices of package number ``index`` (exact for spaces of any size)."""
    pkg = model.space.decode_index(index)
    return model.space.encode(pkg, model.no_deal)
