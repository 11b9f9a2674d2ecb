"""Core commands: analyze, assess, obstacles, levers, durability, validate, schema, scenarios."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import (
    ENGINE_OPT,
    JSON_OPT,
    OFF_OPT,
    SCENARIO_ARG,
    SET_OPT,
    TIME_LIMIT_OPT,
    app,
    emit_json,
    out,
    parse_package,
    parse_sets,
    print_problems,
    print_time_limit,
    progress_bar,
    progress_callback,
    say,
    user_errors,
    with_time_limit,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record


@app.command()
def analyze(
    scenario: str = SCENARIO_ARG,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    engine: str = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
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
        with progress_bar("analysing", not json) as bar:
            a = ripeness.analyze(
                sc,
                off or (),
                sets,
                engine=engine,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = a.to_dict()
    emit_json(with_time_limit(d, time_limit)) if json else render.analysis(d)
    if not json:
        print_time_limit(time_limit)
    args = {"scenario": scenario, "off": off or [], "set": sets, "engine": engine}
    record("analyze", args, sc, a, save=save, ledger=ledger, overrides=sets)


@app.command()
def assess(
    scenario: str = SCENARIO_ARG,
    package: list[str] = typer.Option(
        None,
        "--package",
        "-p",
        help="ISSUE=OPTION (repeatable); other issues at no_deal (none: the no-deal package).",
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
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
    emit_json(d) if json else render.assessment(d)
    args = {"scenario": scenario, "package": pkg, "off": off or [], "set": sets}
    record("assess", args, sc, r, save=save, ledger=ledger, overrides=sets)


@app.command()
def obstacles(
    scenario: str = SCENARIO_ARG,
    set_: list[str] = SET_OPT,
    only: list[str] = typer.Option(
        None, "--only", help="Analyse only these obstacles (repeatable)."
    ),
    engine: str = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """What stands in the way: every subset of obstacles switched off, Shapley values of the gap.

    --save records the analysis in the ledger.

    Example: [bold]ripeness obstacles toy --json[/]
    """
    import ripeness

    from . import render

    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar("subsets", not json) as bar:
            o = ripeness.obstacles(
                sc,
                sets,
                only=only or None,
                engine=engine,
                progress=progress_callback(bar),
                time_limit=time_limit,
            )
        d = o.to_dict()
    emit_json(with_time_limit(d, time_limit)) if json else render.obstacles(d)
    if not json:
        print_time_limit(time_limit)
    args = {"scenario": scenario, "set": sets, "only": only or [], "engine": engine}
    record("obstacles", args, sc, o, save=save, ledger=ledger, overrides=sets)


@app.command()
def levers(
    scenario: str = SCENARIO_ARG,
    param: str = typer.Option(
        ..., "--param", help="Dotted path of a number, e.g. war.military_balance."
    ),
    range_: tuple[float, float] = typer.Option(
        (float("nan"), float("nan")),
        "--range",
        help="LO HI (default: the number's uncertainty range).",
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    engine: str = ENGINE_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The value of a parameter at which a deal first appears (grid, then bisection).

    Example: [bold]ripeness levers --param war.military_balance --range -3 3[/]
    """
    import math

    import ripeness

    from . import render

    rng = None if any(math.isnan(x) for x in range_) else range_
    with user_errors():
        d = ripeness.levers(
            ripeness.load(scenario),
            param,
            rng,
            off or (),
            parse_sets(set_),
            engine=engine,
            time_limit=time_limit,
        ).to_dict()
    emit_json(with_time_limit(d, time_limit)) if json else render.lever(d)
    if not json:
        print_time_limit(time_limit)


@app.command()
def sweep(
    scenario: str = SCENARIO_ARG,
    x: str = typer.Option(..., "--x", help="First parameter (dotted path)."),
    y: str = typer.Option(..., "--y", help="Second parameter (dotted path)."),
    x_range: tuple[float, float] = typer.Option(
        (float("nan"), float("nan")), "--x-range", help="LO HI (default: uncertainty range)."
    ),
    y_range: tuple[float, float] = typer.Option(
        (float("nan"), float("nan")), "--y-range", help="LO HI (default: uncertainty range)."
    ),
    points: int = typer.Option(11, "--points", min=2, max=101, help="Grid points per axis."),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """A 2-D map of two levers: where a deal exists, and g* on the grid.

    Example: [bold]ripeness sweep --x war.military_balance --y commitment.RU.breach[/]
    """
    import math

    import ripeness

    from . import render

    def rng(r: tuple[float, float], name: str) -> tuple[float, float] | None:
        return None if any(math.isnan(v) for v in r) else r

    with user_errors():
        sc = ripeness.load(scenario)
        ranges = None
        rx, ry = rng(x_range, x), rng(y_range, y)
        if rx is not None or ry is not None:
            cx = rx or ripeness.api.parameter_value(sc, x)[1]
            cy = ry or ripeness.api.parameter_value(sc, y)[1]
            if cx is None or cy is None:
                raise ValueError(
                    "give --x-range and --y-range (no uncertainty range to default to)"
                )
            ranges = (cx, cy)
        m = ripeness.sweep(
            sc, (x, y), ranges, off or (), parse_sets(set_), points=points, time_limit=time_limit
        )
        d = m.to_dict()
    emit_json(with_time_limit(d, time_limit)) if json else render.sweep(d)
    if not json:
        print_time_limit(time_limit)


@app.command()
def durability(
    scenario: str = SCENARIO_ARG,
    package: list[str] = typer.Option(
        None, "--package", "-p", help="ISSUE=OPTION (repeatable) changing the default package."
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    json: bool = JSON_OPT,
    empirical: bool = typer.Option(
        False,
        "--empirical",
        help="Survival of real peace agreements (UCDP) by provision, Cox hazard ratios; with "
        "a SCENARIO, its deterrence values beside 1 - HR of the provisions they name.",
    ),
    data: str = typer.Option(
        None, "--data", help="The UCDP Peace Agreement Dataset v22.1 CSV (or $RIPENESS_UCDP)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the cross-validation folds."),
    unit: str = typer.Option(
        "signing", "--unit", help="signing (merge same-day documents of a process) or agreement."
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
                scenario, data, seed=seed, unit=unit, sets=parse_sets(set_), json=json
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
    emit_json(with_time_limit(d, time_limit)) if json else render.durability(d)
    if not json:
        print_time_limit(time_limit)


@app.command()
def validate(
    file: str = typer.Argument(..., help="Scenario YAML file (or packaged name)."),
    json: bool = JSON_OPT,
) -> None:
    """Check a scenario; every problem as file:line:col: field: message (exit 2 if any).

    Example: [bold]ripeness validate my-war.yaml[/]
    """
    import ripeness
    from ripeness.scenario import ScenarioError

    try:
        sc = ripeness.load(file)
    except ScenarioError as exc:
        if json:
            emit_json({"valid": False, "problems": [p.to_dict() for p in exc.problems]})
        else:
            print_problems(exc.problems)
        raise typer.Exit(2) from None
    with user_errors():
        n = ripeness.compile_model(sc).space.size
    if json:
        emit_json({"valid": True, "scenario": sc.id, "packages": n})
    else:
        out.print("[green]valid[/]: ", end="")
        out.print(f"{sc.id} ({n:,} packages)", markup=False, highlight=False, soft_wrap=True)


@app.command()
def schema(
    output: Path = typer.Option(None, "-o", "--output", help="Write to a file instead of stdout."),
) -> None:
    """The JSON Schema of the scenario format, for editor completion.

    Example: [bold]ripeness schema -o ripeness.schema.json[/]
    """
    import json as _json

    from ripeness.atomic import atomic_write
    from ripeness.scenario import json_schema

    text = _json.dumps(json_schema(), indent=2)
    if output is None:
        typer.echo(text)
        return
    with user_errors():
        if output.is_dir():
            raise IsADirectoryError(
                f"{output} is a folder: give a file name, e.g. {output}/ripeness.schema.json"
            )
        atomic_write(output, text + "\n")
    say(f"wrote {output}")


@app.command()
def scenarios(json: bool = JSON_OPT) -> None:
    """List the packaged scenarios, and apart from them the historical cases of the case library.

    Example: [bold]ripeness scenarios[/]
    """
    import ripeness
    from ripeness.scenario import DEFAULT_SCENARIO

    names = ripeness.packaged_scenarios("scenarios")
    cases = ripeness.packaged_scenarios("cases")
    if json:
        emit_json({"default": DEFAULT_SCENARIO, "scenarios": names, "cases": cases})
        return
    out.print("[bold]Scenarios[/]")
    for name in names:
        out.print(
            f"  {name}" + ("  (default)" if name == DEFAULT_SCENARIO else ""), highlight=False
        )
    out.print("[bold]Case library[/] (historical cases with known outcomes; `ripeness cases`)")
    for name in cases:
        out.print(f"  {name}", highlight=False)
    if not cases:
        out.print("  (none packaged)")
