"""Gather everything a report shows, by calling the public analyses (no model logic here)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis import Analysis, LeverResult, ObstacleAnalysis
from ..analysis.base import jsonable
from ..analysis.curves import NO_CURVES, DurabilityCurves, durability_curves
from ..api import analyze, levers, load, obstacles, parameter_value
from ..model import check_off
from ..scenario import Scenario
from .assumptions import Assumption, assumptions
from .picture import MAX_POINTS, Picture, bargaining_picture

if TYPE_CHECKING:
    from ..analysis.empirical import EmpiricalView

#: The lever drawn when none is named.
DEFAULT_LEVER = "war.military_balance"


@dataclass(frozen=True, eq=False)
class ReportData:
    """Everything a report shows.

    Attributes
    ----------
    scenario : Scenario
        With the overrides applied.
    off : tuple of str
        Obstacles switched off.
    overrides : dict
    analysis : Analysis
    picture : Picture or None
    obstacles : ObstacleAnalysis or None
    lever : LeverResult or None
    durability : DurabilityCurves or None
    montecarlo, timeline : dict or None
        ``to_dict()`` of the optional analyses, when computed.
    assumptions : list of Assumption
    notes : list of str
        Why a section is missing or limited.
    empirical : EmpiricalView or None
        What real agreements did (UCDP), when a data file was given.
    record : dict, optional
        :func:`ripeness.check` of the scenario (``to_dict()``), when it has a ``record:``.
    history : list of dict, optional
        :func:`ripeness.ledger.history` rows of this scenario, for the History section.
    ledger : str, optional
        The ledger file they come from.
    """

    scenario: Scenario
    off: tuple[str, ...]
    overrides: dict[str, Any]
    analysis: Analysis
    picture: Picture | None
    obstacles: ObstacleAnalysis | None
    lever: LeverResult | None
    durability: DurabilityCurves | None
    montecarlo: dict[str, Any] | None
    timeline: dict[str, Any] | list[Any] | None
    assumptions: list[Assumption]
    notes: list[str] = field(default_factory=list)
    empirical: EmpiricalView | None = None
    record: dict[str, Any] | None = None
    history: list[dict[str, Any]] | None = None
    ledger: str | None = None


def lever_range(scenario: Scenario, param: str) -> tuple[float, float]:
    """The default range of a lever: its uncertainty range, else its value +- 2."""
    current, bounds = parameter_value(scenario, param)
    if bounds is not None and bounds[1] > bounds[0]:
        return bounds
    c = current if current is not None else 0.0
    return (c - 2.0, c + 2.0)


def collect(
    scenario: Scenario | str | None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    lever: str | None = None,
    lever_range_: tuple[float, float] | None = None,
    montecarlo: int = 0,
    seed: int = 0,
    timeline: bool = True,
    with_obstacles: bool = True,
    max_points: int = MAX_POINTS,
    status: Callable[[str], None] | None = None,
    empirical_data: str | os.PathLike[str] | bytes | None = None,
) -> ReportData:
    """Run the analyses a report shows.

    Parameters
    ----------
    scenario : Scenario, path or packaged name
    off : iterable of str
        Obstacles switched off (the obstacle analysis always covers every subset).
    overrides : mapping, optional
        ``{dotted.path: value}``.
    lever : str, optional
        Dotted path of the lever drawn (default ``war.military_balance`` when there is a war).
    lever_range_ : (float, float), optional
        Default: the lever's uncertainty range.
    montecarlo : int
        Draws of the Monte Carlo analysis (0: none); needs ``ripeness.montecarlo``.
    seed : int
    timeline : bool
        Run ``ripeness.timeline`` when the scenario has a ``timeline:`` and it exists.
    with_obstacles : bool
        Run the obstacle subset analysis.
    status : callable, optional
        Called with a short message before each step.
    empirical_data : path or bytes, optional
        The UCDP Peace Agreement Dataset (CSV): adds what real agreements did to the
        durability section (:mod:`ripeness.report.empirical`).

    Raises
    ------
    ScenarioError, ValueError
        For an invalid scenario, unknown obstacle or bad override; or when Monte Carlo is
        requested and not available; or a malformed data file (``DataError``).
    """
    import ripeness

    say = status or (lambda _msg: None)
    base = load(scenario)
    off = tuple(off)
    check_off(base, off)
    sc = base.with_overrides(overrides)
    notes: list[str] = []

    say("analysing")
    a = analyze(sc, off, engine=engine)
    pic = bargaining_picture(a, max_points=max_points, seed=seed)
    if pic is None:
        notes.append("The bargaining picture needs two active principals.")

    obs = None
    if with_obstacles and sc.spec.obstacles:
        say("obstacle subsets")
        try:
            obs = obstacles(sc, engine=engine)
        except ValueError as exc:
            notes.append(f"Obstacle analysis not run: {exc}")

    lev = None
    param = lever or (DEFAULT_LEVER if sc.spec.war is not None else None)
    if param is not None:
        say(f"lever {param}")
        rng = lever_range_ or lever_range(sc, param)
        lev = levers(sc, param, rng, off, engine=engine)

    dur = durability_curves(a)
    if dur is None:
        notes.append(f"No durability curves: {NO_CURVES}.")

    mc = None
    if montecarlo:
        say(f"Monte Carlo, {montecarlo} draws")
        mc = jsonable(ripeness.montecarlo(sc, montecarlo, seed=seed, off=off).to_dict())

    tl = None
    if timeline and sc.spec.timeline:
        say("timeline")
        # P(deal) per date only when Monte Carlo was asked for (n=0: verdict and g* only);
        # user overrides go last, so they hold at every date over the timeline's own
        res = ripeness.timeline(
            base, n=montecarlo, seed=seed, off=off, overrides=dict(overrides or {}), engine=engine
        )
        tl = jsonable(res.to_dict())

    emp = None
    if empirical_data is not None:
        from ..analysis.empirical import empirical_view

        say("empirical durability (UCDP)")
        emp = empirical_view(sc, empirical_data, seed=seed)

    rec = None
    if sc.spec.record or sc.spec.claims:
        from ..checking import check

        say("the model against the record")
        rec = check(base, off, overrides, engine=engine).to_dict()

    return ReportData(
        scenario=sc,
        off=off,
        overrides=dict(overrides or {}),
        analysis=a,
        picture=pic,
        obstacles=obs,
        lever=lev,
        durability=dur,
        montecarlo=mc,
        timeline=tl,
        assumptions=assumptions(sc),
        notes=notes,
        empirical=emp,
        record=rec,
    )
