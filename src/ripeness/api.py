"""The public functions: load a scenario and ask it questions.

Data flows one way: YAML -> :class:`Scenario` -> :class:`Model` -> engine ->
results -> analysis. These functions are the façade the CLI, the report and the app use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .analysis.assess import Assessment, assess_digits, complete_package
from .analysis.durability import Durability, durability_of
from .analysis.levers import LeverResult, SweepMap, find_threshold, sweep_map
from .analysis.obstacles import ObstacleAnalysis, subset_table
from .analysis.zopa import Analysis, build_analysis, space_digits
from .engine import ranges, run
from .engine.deadline import DEFAULT_TIME_LIMIT
from .engine.deadline import time_limit as limited
from .model import Model, calibrate, check_off, compile_model
from .scenario import Scenario, read_scenario
from .scenario.catalog import catalog, poll_problem, require_number
from .scenario.numbers import Uncertain, is_number_mapping
from .scenario.overrides import OverrideError, split_path

ScenarioLike = Scenario | str | Path | None


def load(source: Scenario | str | Path | None = None) -> Scenario:
    """Read and validate a scenario file, or a packaged scenario by name, and calibrate it.

    Parameters
    ----------
    source : Scenario, str or Path, optional
        A YAML file, the name of a packaged scenario (``"toy"``, ...), or a parsed
        :class:`Scenario` (returned calibrated). Default: the packaged default scenario.

    Returns
    -------
    Scenario
        With its electorates calibrated once, on the file as written (:func:`calibrate`).

    Raises
    ------
    ScenarioError
        Listing every problem as ``file:line:col: field: message``.
    """
    sc = source if isinstance(source, Scenario) else read_scenario(source)
    if sc.calibration is not None:
        return sc
    return replace(sc, calibration=calibrate(sc))


def counterfactual(sc: Scenario, paths: Iterable[str]) -> None:
    """Refuse counterfactuals on the poll points an electorate is fitted to.

    Counterfactuals never refit (docs/model.md, "Electorates"): ``--set``, levers and sweeps
    change what the public is offered and believes, not its disposition, so a changed poll
    share would have no effect. Set ``electorates.X.mu`` or ``sigma`` (the disposition itself)
    instead, or edit the file (whose polls are then fitted).

    Raises
    ------
    ValueError
        Naming the path.
    """
    for path in paths:
        problem = poll_problem(sc.data, path)
        if problem is not None:
            raise ValueError(problem)


def prepare(
    scenario: ScenarioLike,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Scenario, Model]:
    """Apply overrides, switch obstacles off, and compile."""
    sc = load(scenario)
    off = tuple(off)
    check_off(sc, off)
    counterfactual(sc, overrides or {})
    sc = sc.with_overrides(overrides)
    return sc, compile_model(sc, off)


def analyze(
    scenario: ScenarioLike = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Analysis:
    """Is there a deal? How far apart are the sides? Where would they meet?

    Parameters
    ----------
    scenario : Scenario, path or packaged name
    off : iterable of str
        Obstacle ids to switch off.
    overrides : mapping, optional
        ``{dotted.path: value}``, e.g. ``{"war.military_balance": 1.5}``.
    engine : {"auto", "enumerate", "exact"}
    time_limit : float, optional
        Wall-clock seconds for the exact engine (None or 0: no limit); past it the run stops
        with :class:`~ripeness.engine.deadline.TimeLimitExceeded`, never a partial answer.
        The same parameter, for the whole call, in :func:`obstacles`, :func:`levers`,
        :func:`sweep`, :func:`durability` and :func:`timeline`.

    Returns
    -------
    Analysis
        Verdict, ZOPA size, gap ``g*``, nearest compromise and who rejects it, BATNAs, and
        when a deal exists the Nash, Kalai–Smorodinsky, egalitarian and utilitarian packages.
    """
    sc, model = prepare(scenario, off, overrides)
    kw: dict[str, Any] = {"progress": progress} if progress is not None else {}
    with limited(time_limit):
        res = run(model, engine=engine, **kw)
    return build_analysis(
        model,
        res,
        scenario=sc.id,
        title=sc.title,
        overrides=dict(sc.overrides),
        as_of=sc.spec.as_of,
    )


def assess(
    scenario: ScenarioLike,
    package: Mapping[str, str],
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Assessment:
    """How every actor sees one package (unnamed issues at their ``no_deal`` option)."""
    _sc, model = prepare(scenario, off, overrides)
    digits = complete_package(model, package)
    return assess_digits(model, digits, ranges(model))


def obstacles(
    scenario: ScenarioLike = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    only: Iterable[str] | None = None,
    engine: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> ObstacleAnalysis:
    """Verdict, ZOPA size and ``g*`` for every subset of obstacles switched off.

    Returns the obstacles that alone keep the ZOPA empty, the inclusion-minimal sets whose
    removal opens a deal, and Shapley values of the gap reduction (docs/model.md).
    """
    sc = load(scenario)
    counterfactual(sc, overrides or {})
    sc = sc.with_overrides(overrides)
    names = tuple(only) if only is not None else tuple(sc.spec.obstacles)
    check_off(sc, names)

    def solve(off: frozenset[str]) -> tuple[bool, int, float]:
        with dl.doing("obstacles off: " + (", ".join(sorted(off)) or "none")):
            r = run(compile_model(sc, off), engine=engine, solutions=False, frontier=False)
        return r.deal, r.zopa_size, r.gap

    with limited(time_limit) as dl:
        table = subset_table(names, solve, progress)
    titles = {o: sc.spec.obstacles[o].title for o in names}
    return ObstacleAnalysis(table, titles)


def parameter_value(
    scenario: Scenario, param: str
) -> tuple[float | None, tuple[float, float] | None]:
    """Current (point) value of a dotted-path parameter and its uncertainty bounds, if any.

    A number the file does not write (a block's default, an electorate's fitted ``mu`` or
    ``sigma``) has the value every analysis uses, from :func:`~ripeness.scenario.catalog.catalog`,
    and no bounds; a path that names no number gives ``(None, None)``.
    """
    try:
        keys = split_path(scenario.data, param)
    except OverrideError:
        return None, None
    node: Any = scenario.data
    for k in keys:
        try:
            node = node[k]
        except (KeyError, IndexError, TypeError):
            return _unwritten(scenario, param), None
    if isinstance(node, bool):
        return None, None
    if isinstance(node, int | float):
        return float(node), None
    if is_number_mapping(node):
        u = Uncertain.model_validate(node)
        return u.point, (u.bounds() if u.uncertain else None)
    return None, None


def _unwritten(scenario: Scenario, param: str) -> float | None:
    """The value of a number the file leaves to its default or to the fit, else None."""
    for s in catalog(scenario):
        if s.path == param and s.kind in ("default", "fitted"):
            return float(s.value)
    return None


def levers(
    scenario: ScenarioLike,
    param: str,
    range: tuple[float, float] | None = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    grid: int = 41,
    progress: Callable[[int, int], None] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> LeverResult:
    """The value of ``param`` at which a deal first appears (grid, then bisection).

    Parameters
    ----------
    param : str
        Dotted path of a numeric field, e.g. ``war.military_balance``,
        ``commitment.RU.breach``, ``electorates.UA.public.mu``.
    range : (float, float), optional
        Default: the parameter's uncertainty range (low, high).

    progress : callable, optional
        ``progress(solved, total)`` after each solve.

    Raises
    ------
    ValueError
        When ``param`` names no number of the scenario (with the nearest that exists), or
        no range is given and the parameter has no uncertainty range.
    """
    sc = load(scenario)
    counterfactual(sc, [*(overrides or {}), param])
    sc = sc.with_overrides(overrides)
    off = tuple(off)
    check_off(sc, off)
    require_number(sc, param)
    current, bounds = parameter_value(sc, param)
    if range is None:
        if bounds is None:
            raise ValueError(f"{param!r} has no uncertainty range: give --range LO HI")
        range = bounds
    lo, hi = float(range[0]), float(range[1])

    def solve(x: float) -> tuple[bool, float]:
        m = compile_model(sc.with_overrides({param: x}), off)
        with dl.doing(f"{param} = {x:g}"):
            r = run(m, engine=engine, solutions=False, frontier=False)
        return r.deal, r.gap

    with limited(time_limit) as dl:
        return find_threshold(
            solve, lo, hi, current=current, param=param, grid=grid, progress=progress
        )


def sweep(
    scenario: ScenarioLike,
    params: tuple[str, str],
    ranges: tuple[tuple[float, float], tuple[float, float]] | None = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    points: int = 21,
    engine: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SweepMap:
    """A 2-D sweep of two parameters: ``g*`` and the verdict on a ``points x points`` grid.

    Ranges default to each parameter's uncertainty range.
    """
    import numpy as np

    sc = load(scenario)
    counterfactual(sc, [*(overrides or {}), *params])
    sc = sc.with_overrides(overrides)
    off = tuple(off)
    check_off(sc, off)
    axes = []
    for i, p in enumerate(params):
        require_number(sc, p)
        _cur, bounds = parameter_value(sc, p)
        r = ranges[i] if ranges is not None else bounds
        if r is None:
            raise ValueError(f"{p!r} has no uncertainty range: give its range")
        axes.append(np.linspace(float(r[0]), float(r[1]), points))

    def solve(x: float, y: float) -> tuple[bool, float]:
        m = compile_model(sc.with_overrides({params[0]: x, params[1]: y}), off)
        with dl.doing(f"{params[0]} = {x:g}, {params[1]} = {y:g}"):
            res = run(m, engine=engine, solutions=False, frontier=False)
        return res.deal, res.gap

    with limited(time_limit) as dl:
        return sweep_map(solve, params, axes[0], axes[1], progress)


def durability(
    scenario: ScenarioLike = None,
    package: Mapping[str, str] | None = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Durability:
    """Breach probability, hazard, survival at 1, 5, 10 years and median survival of a package.

    The package defaults to the Nash solution when a deal exists, else the nearest compromise.
    A partial package is completed from the default package (docs/model.md, "Commitment").
    """
    _sc, model = prepare(scenario, off, overrides)
    with limited(time_limit):
        return _durability(model, package, engine)


def _durability(model: Model, package: Mapping[str, str] | None, engine: str) -> Durability:
    res = run(model, engine=engine, solutions=True, frontier=False)
    base: int | None
    if res.solutions is not None:
        base, how = res.solutions["nash"], "nash"
    else:
        base, how = res.nearest, "nearest compromise"
    if base is None:
        raise ValueError("empty package space")
    digits = space_digits(model, int(base))
    if package:
        complete_package(model, package)  # validates names
        for issue, option in package.items():
            k, o = model.space.option_index(issue, option)
            digits[k] = o
        how = f"{how}, with " + ", ".join(f"{k}={v}" for k, v in package.items())
    rng = ranges(model, engine=engine)
    is_deal = bool(assess_digits(model, digits, rng).deal)
    return durability_of(model, digits, how, is_deal)
