"""The questions: analyze, assess, obstacles, levers, sweep, durability."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import (
    ENGINE_OPT,
    FORMAT_OPT,
    JSON_OPT,
    OFF_OPT,
    PACKAGE_METAVAR,
    SCENARIO_ARG,
    SET_OPT,
    TIME_LIMIT_OPT,
    Engine,
    Format,
    app,
    emit,
    fmt_of,
    given_range,
    parse_package,
    parse_sets,
    progress_bar,
    progress_callback,
    range_opt,
    timed,
    user_errors,
    with_time_limit,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record

PANEL = "Questions"


@app.command(rich_help_panel=PANEL)
def analyze(
    scenario: str = SCENARIO_ARG,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    engine: Engine = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Is there a deal? The verdict, ZOPA size, gap g*, nearest compromise and solutions.

    --save records the answer in the assessment ledger (ripeness ledger list).

    Example: [bold]ripeness analyze --off constitution-ua --set war.military_balance=1.5[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar("analysing") as bar:
            a = ripeness.analyze(
                sc,
                off or (),
                sets,
                engine=engine.value,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = a.to_dict()
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(render.analysis(d), time_limit),
    )
    args = {"scenario": scenario, "off": off or [], "set": sets, "engine": engine.value}
    record("analyze", args, sc, a, save=save, ledger=ledger, overrides=sets)


@app.command(rich_help_panel=PANEL)
def assess(
    scenario: str = SCENARIO_ARG,
    package: list[str] = typer.Option(
        None,
        "--package",
        "-p",
        help="ISSUE=OPTION (repeatable); other issues at no_deal (none: the no-deal package).",
        metavar=PACKAGE_METAVAR,
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """How every actor sees one package, and why each accepts or rejects it.

    --save records the assessment in the ledger.

    Example: [bold]ripeness assess -p crimea=ru -p kherson=ua[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc, sets, pkg = ripeness.load(scenario), parse_sets(set_), parse_package(package)
        r = ripeness.assess(sc, pkg, off or (), sets)
        d = r.to_dict()
    emit(d, fmt_of(fmt, json), lambda: render.assessment(d))
    args = {"scenario": scenario, "package": pkg, "off": off or [], "set": sets}
    record("assess", args, sc, r, save=save, ledger=ledger, overrides=sets)


@app.command(rich_help_panel=PANEL)
def obstacles(
    scenario: str = SCENARIO_ARG,
    set_: list[str] = SET_OPT,
    only: list[str] = typer.Option(
        None, "--only", help="Analyse only these obstacles (repeatable).", metavar="ID"
    ),
    engine: Engine = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """What stands in the way: every subset of obstacles switched off, Shapley values of the gap.

    --save records the analysis in the ledger.

    Example: [bold]ripeness obstacles toy --format md[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar("subsets") as bar:
            o = ripeness.obstacles(
                sc,
                sets,
                only=only or None,
                engine=engine.value,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = o.to_dict()
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(render.obstacles(d), time_limit),
    )
    args = {"scenario": scenario, "set": sets, "only": only or [], "engine": engine.value}
    record("obstacles", args, sc, o, save=save, ledger=ledger, overrides=sets)


@app.command(rich_help_panel=PANEL)
def levers(
    scenario: str = SCENARIO_ARG,
    param: str = typer.Option(
        ...,
        "--param",
        help="Dotted path of a number, e.g. war.military_balance (ripeness params lists them).",
        metavar="PATH",
    ),
    range_: tuple[float, float] = range_opt(
        "--range", "LO HI (default: the number's uncertainty range)."
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    engine: Engine = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The value of a parameter at which a deal first appears (grid, then bisection).

    --format csv writes every value solved, its verdict and g*.

    Example: [bold]ripeness levers --param war.military_balance --range -3 3[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc = ripeness.load(scenario)
        with progress_bar(param) as bar:
            r = ripeness.levers(
                sc,
                param,
                given_range(range_),
                off or (),
                parse_sets(set_),
                engine=engine.value,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = r.to_dict()
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(render.lever(d), time_limit),
    )


@app.command(rich_help_panel=PANEL)
def sweep(
    scenario: str = SCENARIO_ARG,
    x: str = typer.Option(..., "--x", help="First parameter (dotted path).", metavar="PATH"),
    y: str = typer.Option(..., "--y", help="Second parameter (dotted path).", metavar="PATH"),
    x_range: tuple[float, float] = range_opt("--x-range", "LO HI (default: uncertainty range)."),
    y_range: tuple[float, float] = range_opt("--y-range", "LO HI (default: uncertainty range)."),
    points: int = typer.Option(
        11, "--points", min=2, max=101, help="Grid points per axis.", metavar="N"
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """A 2-D map of two levers: where a deal exists, and g* on the grid.

    --format csv writes every grid point: both values, deal or not, g*.

    Example: [bold]ripeness sweep --x war.military_balance --y commitment.RU.breach[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc = ripeness.load(scenario)
        ranges = None
        rx, ry = given_range(x_range), given_range(y_range)
        if rx is not None or ry is not None:
            cx = rx or ripeness.api.parameter_value(sc, x)[1]
            cy = ry or ripeness.api.parameter_value(sc, y)[1]
            if cx is None or cy is None:
                raise ValueError(
                    "give --x-range and --y-range (no uncertainty range to default to)"
                )
            ranges = (cx, cy)
        with progress_bar(f"{points}x{points} grid") as bar:
            m = ripeness.sweep(
                sc,
                (x, y),
                ranges,
                off or (),
                parse_sets(set_),
                points=points,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = m.to_dict()
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(render.sweep(d), time_limit),
    )


@app.command(rich_help_panel=PANEL)
def durability(
    scenario: str = SCENARIO_ARG,
    package: list[str] = typer.Option(
        None,
        "--package",
        "-p",
        help="ISSUE=OPTION (repeatable) changing the default package.",
        metavar=PACKAGE_METAVAR,
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
    empirical: bool = typer.Option(
        False,
        "--empirical",
        help="Survival of real peace agreements (UCDP) by provision, Cox hazard ratios; with "
        "a SCENARIO, its deterrence values beside 1 - HR of the provisions they name.",
    ),
    data: str = typer.Option(
        None,
        "--data",
        help="The UCDP Peace Agreement Dataset v22.1 CSV (or $RIPENESS_UCDP).",
        metavar="CSV",
    ),
    seed: int = typer.Option(
        0, "--seed", help="Seed of the cross-validation folds.", metavar="SEED"
    ),
    unit: str = typer.Option(
        "signing",
        "--unit",
        help="signing (merge same-day documents of a process) or agreement.",
        metavar="signing|agreement",
    ),
) -> None:
    """How long a deal lasts: breach probability, hazard, survival at 1, 5, 10 years, median.

    The package is the Nash solution when a deal exists, else the nearest compromise; --package
    changes some of its issues. Example: [bold]ripeness durability -p guarantees=none[/]

    --empirical: what real agreements did, beside the scenario's deterrence values. Example:
    [bold]ripeness durability --empirical toy --data ucdp-peace-agreements-22.1.csv[/]
    """
    import ripeness

    from . import render

    if empirical:
        from .empirical import empirical_command

        with user_errors():
            empirical_command(
                scenario, data, seed=seed, unit=unit, sets=parse_sets(set_), fmt=fmt_of(fmt, json)
            )
        return
    with user_errors():
        d = ripeness.durability(
            ripeness.load(scenario),
            parse_package(package),
            off or (),
            parse_sets(set_),
            time_limit=time_limit,
        ).to_dict()
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(render.durability(d), time_limit),
    )
