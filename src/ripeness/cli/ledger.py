"""``ripeness ledger``: list, show, diff, verify and export recorded assessments."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import FORMAT_OPT, JSON_OPT, App, Format, app, emit, emit_json, err, fail, fmt_of, out
from ._ledger_opts import LEDGER_OPT, ledger_errors

ledger_app = App(
    help=(
        "The assessment ledger: every assessment recorded with --save, dated, sealed in a hash "
        "chain and comparable. The file: --ledger PATH, else $RIPENESS_LEDGER, else "
        "ledger.duckdb in the user data folder.\n\n"
        "Example: [bold]ripeness analyze --save; ripeness ledger list[/]"
    ),
    no_args_is_help=True,
)
app.add_typer(ledger_app, name="ledger", rich_help_panel="Ledger")

ID_ARG = typer.Argument(..., help="Entry id (ripeness ledger list).", min=1, metavar="ID")


@ledger_app.command(name="list")
def list_(
    scenario: str = typer.Option(
        None, "--scenario", help="Only entries of this scenario id.", metavar="ID"
    ),
    limit: int = typer.Option(None, "--limit", min=1, help="Only the last N entries.", metavar="N"),
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The recorded assessments, oldest first: date, scenario, command, verdict, g*, P(deal).

    Example: [bold]ripeness ledger list --scenario russia-ukraine-2024[/]
    """
    from ripeness import ledger as lg

    from . import ledger_render

    with ledger_errors():
        found = lg.entries(scenario, ledger=ledger, limit=limit)
    how = fmt_of(fmt, json)
    if not found and how == "table":
        where = lg.resolve(ledger)
        err.print(f"no entries{f' of {scenario}' if scenario else ''} in {where}", markup=False)
        return
    rows = [ledger_render.summary_row(e) for e in found]
    emit(rows, how, lambda: ledger_render.entries_doc(found))


@ledger_app.command()
def show(
    entry_id: int = ID_ARG,
    scenario_text: bool = typer.Option(
        False, "--scenario-text", help="Print the scenario as recorded (YAML) instead."
    ),
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """One entry: when, which scenario (hash), command, arguments, answers, chain hashes.

    Example: [bold]ripeness ledger show 3[/] (or [bold]--scenario-text > march.yaml[/])
    """
    from ripeness import ledger as lg

    from . import ledger_render

    how = fmt_of(fmt, json)
    with ledger_errors():
        e = lg.get(entry_id, ledger=ledger)
        wanted = scenario_text or how == "json"
        text = lg.scenario_text(e.scenario_hash, ledger=ledger) if wanted else ""
    if scenario_text:
        from ripeness.ledger.canonical import parse_canonical
        from ripeness.scenario.yamlio import dump_yaml

        typer.echo(dump_yaml(parse_canonical(text)), nl=False)
        return
    emit({**e.to_dict(), "scenario_text": text}, how, lambda: ledger_render.entry_doc(e))


@ledger_app.command()
def diff(
    old: int = typer.Argument(..., help="The earlier entry id.", min=1, metavar="OLD"),
    new: int = typer.Argument(..., help="The later entry id.", min=1, metavar="NEW"),
    full: bool = typer.Option(False, "--full", help="Also every changed number of the results."),
    limit: int = typer.Option(
        60, "--limit", min=1, help="Scenario changes shown (tables).", metavar="N"
    ),
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """What changed between two entries: scenario, run and answers.

    Scenario changes are numbers, sources, structure or text; answers are the verdict, g*,
    P(deal), the nearest compromise and who rejects it.

    Example: [bold]ripeness ledger diff 3 7[/]
    """
    from ripeness import ledger as lg

    from . import ledger_render

    with ledger_errors():
        d = lg.diff(old, new, ledger=ledger, full=full)
    emit(d.to_dict(), fmt_of(fmt, json), lambda: ledger_render.diff_doc(d, limit))


@ledger_app.command()
def verify(
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Recompute the hash chain; name the first entry that was changed, removed or inserted.

    Exit 0 when the chain holds, 1 when it is broken. Note the head hash elsewhere: it proves
    later that the entries up to it existed then.

    Example: [bold]ripeness ledger verify[/]
    """
    from ripeness import ledger as lg

    with ledger_errors():
        v = lg.verify(ledger)
    if json:
        emit_json(v.to_dict())
    elif v.ok:
        out.print(
            f"[green]chain valid[/]: {v.entries} entries; head #{v.head_id or 0} {v.head_hash}",
            highlight=False,
        )
    else:
        out.print(f"[bold red]chain broken[/] at entry #{v.broken_id}: {v.reason}", markup=True)
        good = f"#{v.head_id} {v.head_hash}" if v.head_id else "none"
        out.print(f"entries before it check out; last good: {good}", highlight=False)
    if not v.ok:
        raise typer.Exit(1)


@ledger_app.command()
def export(
    output: Path = typer.Option(..., "-o", "--output", help="File to write.", metavar="FILE"),
    fmt: str = typer.Option(
        "csv", "--format", help="csv, json or parquet.", metavar="csv|json|parquet"
    ),
    scenario: str = typer.Option(
        None, "--scenario", help="Only entries of this scenario id.", metavar="ID"
    ),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
    ledger: Path = LEDGER_OPT,
) -> None:
    """Every entry, with its scenario text, to CSV, JSON or Parquet (written whole, atomically).

    Refuses to replace an existing file without --force.

    Example: [bold]ripeness ledger export --format parquet -o ledger.parquet[/]
    """
    from rich.markup import escape

    from ripeness import ledger as lg

    if fmt not in lg.FORMATS:
        fail(f"--format {fmt!r}: one of {', '.join(lg.FORMATS)}")
    with ledger_errors():
        n = lg.export(output, fmt, ledger=ledger, scenario=scenario, force=force)
    err.print(f"wrote {n} entries to {escape(str(output))}", highlight=False)


@ledger_app.command()
def path(ledger: Path = LEDGER_OPT) -> None:
    """The ledger file in use (--ledger, else $RIPENESS_LEDGER, else the user data folder).

    Example: [bold]ripeness ledger path[/]
    """
    from ripeness import ledger as lg

    typer.echo(str(lg.resolve(ledger)))
