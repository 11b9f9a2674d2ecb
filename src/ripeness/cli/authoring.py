"""Writing scenarios: init, validate, params, schema, scenarios."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ._app import (
    FORCE_OPT,
    FORMAT_OPT,
    JSON_OPT,
    SCENARIO_ARG,
    Format,
    app,
    emit,
    emit_json,
    fail,
    fmt_of,
    out,
    print_problems,
    refuse_existing,
    say,
    user_errors,
)
from .output import Col, Doc, Mark, Table

if TYPE_CHECKING:
    from ripeness.scenario import Problem
    from ripeness.scenario.catalog import Setting

PANEL = "Writing scenarios"
#: The scenario ``ripeness init`` copies when --from is not given.
INIT_FROM = "toy"


def _scenario_id(path: Path) -> str:
    """A scenario id from a file name: ``my war.yaml`` -> ``my-war``."""
    stem = path.name.removesuffix(".yaml").removesuffix(".yml")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "my-scenario"


def started_text(text: str, scenario_id: str, origin: str) -> str:
    """The packaged ``text`` with its ``scenario:`` id replaced and a first comment saying
    where it came from; every other line (and comment) kept as it is."""
    from .. import __version__

    new, n = re.subn(
        r"^scenario:[^\n#]*", f"scenario: {scenario_id}", text, count=1, flags=re.MULTILINE
    )
    if n != 1:
        raise ValueError(f"the packaged scenario {origin!r} has no top-level `scenario:` line")
    head = (
        f"# Started with `ripeness init` from the packaged scenario {origin} (ripeness "
        f"{__version__}).\n# The format: `ripeness schema --markdown`; the numbers you can "
        "change: `ripeness params FILE`.\n"
    )
    return head + new


@app.command(rich_help_panel=PANEL)
def init(
    file: Path = typer.Argument(
        ..., help="The scenario file to write (NAME.yaml).", metavar="NAME.yaml"
    ),
    from_: str = typer.Option(
        INIT_FROM,
        "--from",
        help="The packaged scenario to start from (ripeness scenarios lists them).",
        metavar="SCENARIO",
    ),
    force: bool = FORCE_OPT,
) -> None:
    """Write a commented starting scenario: a copy of a packaged one, under a new id.

    The copy keeps every comment of the original; its `scenario:` id becomes NAME. It is
    validated before it is written, and an existing file is replaced only with --force.

    Example: [bold]ripeness init my-war.yaml[/] (or [bold]--from russia-ukraine-2024[/])
    """
    from ripeness.atomic import atomic_write
    from ripeness.scenario import packaged_scenarios, parse_text
    from ripeness.scenario.scenario import packaged_text

    if file.suffix not in (".yaml", ".yml"):
        fail(f"{file}: give a .yaml file name, e.g. {file}.yaml")
    refuse_existing(file, force)
    text = packaged_text(from_)
    if text is None:
        known = ", ".join(packaged_scenarios())
        fail(f"--from {from_!r}: no packaged scenario of that name (packaged: {known})")
    with user_errors():
        new = started_text(text, _scenario_id(file), from_)
        sc = parse_text(new, str(file))
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, new, mode=0o666)
    say(f"wrote {file}: scenario {sc.id}, from {from_}")
    say(f"next: ripeness validate {file}; ripeness params {file}; ripeness analyze {file}")


@app.command(rich_help_panel=PANEL)
def validate(
    file: str = typer.Argument(..., help="Scenario YAML file (or packaged name).", metavar="FILE"),
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Check a scenario; every problem as file:line:col: field: message (exit 2 if any).

    Every problem is found in one pass, in file order. --format csv or md lists them on stdout.

    Example: [bold]ripeness validate my-war.yaml[/]
    """
    import ripeness
    from ripeness.scenario import ScenarioError

    how = fmt_of(fmt, json)
    try:
        sc = ripeness.load(file)
    except ScenarioError as exc:
        if how == "json":
            emit_json({"valid": False, "problems": [p.to_dict() for p in exc.problems]})
        elif how in ("csv", "md"):
            found = list(exc.problems)
            emit({}, how, lambda: _problems_doc(found))
        else:
            print_problems(exc.problems)
        raise typer.Exit(2) from None
    with user_errors():
        n = ripeness.compile_model(sc).space.size
    if how == "json":
        emit_json({"valid": True, "scenario": sc.id, "packages": n})
    elif how in ("csv", "md"):
        emit({}, how, lambda: _problems_doc([]))
    else:
        out.print("[green]valid[/]: ", end="")
        out.print(f"{sc.id} ({n:,} packages)", markup=False, highlight=False, soft_wrap=True)


def _problems_doc(problems: Sequence[Problem]) -> Doc:
    doc = Doc()
    t = doc.table(
        Table(
            [
                Col("file", "id"),
                Col("line", "num"),
                Col("col", "num"),
                Col("field", "id"),
                Col("message"),
            ],
            title=f"{len(problems)} problem(s)",
        )
    )
    for p in problems:
        d = p.to_dict()
        t.add(d["file"], d["line"], d["col"], d["field"], d["message"])
    return doc


@app.command(rich_help_panel=PANEL)
def params(
    scenario: str = SCENARIO_ARG,
    uncertain: bool = typer.Option(
        False, "--uncertain", help="Only the numbers with an uncertainty range."
    ),
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Every dotted path you can --set or move as a lever: value, range and source.

    Values are what every deterministic analysis uses (an uncertain number's mode); `default`
    numbers are not written in the file, `fitted` ones are an electorate's fit to its polls.

    Example: [bold]ripeness params toy --uncertain[/]
    """
    import ripeness
    from ripeness.scenario.catalog import catalog

    with user_errors():
        sc = ripeness.load(scenario)
        found = [s for s in catalog(sc) if not uncertain or s.low is not None]
    data = {"scenario": sc.id, "params": [s.to_dict() for s in found]}
    emit(data, fmt_of(fmt, json), lambda: _params_doc(sc.id, found))


def _params_doc(scenario: str, found: Sequence[Setting]) -> Doc:
    doc = Doc()
    t = doc.table(
        Table(
            [
                Col("path", "id"),
                Col("value", "num"),
                Col("range", "mark"),
                Col("kind", "mark"),
                Col("source", "id"),
            ],
            title=f"{scenario}: {len(found)} paths for --set, levers and --param",
        )
    )
    for s in found:
        lo, hi = s.low, s.high
        rng = Mark("") if lo is None else Mark(f"{lo:.4g} .. {hi:.4g}", value=f"{lo!r} {hi!r}")
        value = s.value
        shown = Mark("true" if value else "false") if isinstance(value, bool) else value
        t.add(s.path, shown, rng, s.kind, s.source)
    return doc


@app.command(rich_help_panel=PANEL)
def schema(
    output: Path = typer.Option(
        None, "-o", "--output", help="Write to a file instead of stdout.", metavar="FILE"
    ),
    markdown: bool = typer.Option(
        False, "--markdown", help="The scenario-format reference (docs/format.md) instead."
    ),
    force: bool = FORCE_OPT,
) -> None:
    """The JSON Schema of the scenario format, for editor completion (or its reference).

    --markdown writes the reference of every block and field, from the same schema.

    Example: [bold]ripeness schema -o ripeness.schema.json[/]
    """
    import json as _json

    from ripeness.atomic import atomic_write
    from ripeness.scenario import json_schema

    if markdown:
        from ripeness.scenario.formatdoc import format_reference

        text = format_reference()
    else:
        text = _json.dumps(json_schema(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    with user_errors():
        if output.is_dir():
            raise IsADirectoryError(
                f"{output} is a folder: give a file name, e.g. {output}/ripeness.schema.json"
            )
        refuse_existing(output, force)
        atomic_write(output, text)
    say(f"wrote {output}")


@app.command(rich_help_panel=PANEL)
def scenarios(fmt: Format = FORMAT_OPT, json: bool = JSON_OPT) -> None:
    """List the packaged scenarios, and apart from them the historical cases of the case library.

    Example: [bold]ripeness scenarios[/]
    """
    import ripeness
    from ripeness.scenario import DEFAULT_SCENARIO

    names = ripeness.packaged_scenarios("scenarios")
    cases = ripeness.packaged_scenarios("cases")
    data = {"default": DEFAULT_SCENARIO, "scenarios": names, "cases": cases}
    emit(data, fmt_of(fmt, json), lambda: _scenarios_doc(names, cases, DEFAULT_SCENARIO))


def _scenarios_doc(names: list[str], cases: list[str], default: str) -> Doc:
    doc = Doc()
    t = doc.table(Table([Col("name", "id"), Col("what", "mark")], title="Packaged scenarios"))
    for name in names:
        t.add(name, "scenario (the default)" if name == default else "scenario")
    for name in cases:
        t.add(name, "case")
    doc.line(
        "cases: dated snapshots of the case library, with known outcomes (ripeness cases); "
        "start your own with ripeness init NAME.yaml --from NAME"
    )
    return doc
