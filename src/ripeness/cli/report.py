"""Commands ``report`` (a self-contained HTML page, static figures) and ``app`` (the web app)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer

from ._app import (
    ENGINE_OPT,
    OFF_OPT,
    SCENARIO_ARG,
    SET_OPT,
    app,
    err,
    fail,
    parse_sets,
    user_errors,
)


@app.command()
def report(
    scenario: str = SCENARIO_ARG,
    output: Path = typer.Option(
        Path("report.html"), "-o", "--output", help="HTML file to write (self-contained)."
    ),
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    lever: str = typer.Option(
        None, "--lever", help="Dotted path of the lever drawn (default: war.military_balance)."
    ),
    lever_range: tuple[float, float] = typer.Option(
        (math.nan, math.nan),
        "--lever-range",
        help="LO HI (default: the lever's uncertainty range).",
    ),
    montecarlo: int = typer.Option(
        0, "--montecarlo", min=0, help="Monte Carlo draws to include (0: none)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo draws and the samples."),
    png: Path = typer.Option(None, "--png", help="Also write static PNG figures to this folder."),
    pdf: Path = typer.Option(None, "--pdf", help="Also write static PDF figures to this folder."),
    no_obstacles: bool = typer.Option(
        False, "--no-obstacles", help="Skip the obstacle subset analysis."
    ),
    engine: str = ENGINE_OPT,
    empirical_data: Path = typer.Option(
        None,
        "--empirical-data",
        help="The UCDP Peace Agreement Dataset v22.1 CSV: adds what real agreements did.",
    ),
    history: bool = typer.Option(
        False, "--history", help="Add the ledger's history of this scenario (chart and table)."
    ),
    ledger: Path = typer.Option(
        None, "--ledger", help="Ledger file of the history (implies --history).", show_default=False
    ),
    cases: bool = typer.Option(
        False, "--cases", help="Write the case library's page instead (the backtest on history)."
    ),
) -> None:
    """Write an HTML report: verdict, bargaining picture, obstacles, lever, durability, sources.

    With --history (or --ledger PATH), also the verdict, g* and P(deal) the assessment ledger
    recorded for this scenario over time.

    One self-contained page (plotly.js embedded): it opens offline.

    Everything is computed first; then each file is written whole (temp file, rename).

    With --cases, the case library's page: P(deal) against outcomes, every snapshot, durability
    (Monte Carlo draws per snapshot: --montecarlo, default 1000).

    Example: [bold]ripeness report toy --off hawks-b -o toy.html --png figures[/]
    """
    from rich.markup import escape

    from ripeness.report import collect, write_report

    rng = None if any(math.isnan(x) for x in lever_range) else lever_range
    if rng is not None and not rng[1] > rng[0]:
        fail(f"--lever-range {rng[0]:g} {rng[1]:g}: LO must be below HI")
    if cases:
        _cases_page(output, montecarlo or 1000, seed)
        return
    with user_errors():
        import ripeness

        data = collect(
            ripeness.load(scenario),
            off or (),
            parse_sets(set_),
            engine=engine,
            lever=lever,
            lever_range_=rng,
            montecarlo=montecarlo,
            seed=seed,
            with_obstacles=not no_obstacles,
            status=lambda msg: err.print(f"[dim]{escape(msg)} …[/]", highlight=False),
            empirical_data=empirical_data,
        )
        if history or ledger is not None:
            data = with_history(data, ledger)
        written = write_report(data, output, png_dir=png, pdf_dir=pdf)
    a = data.analysis
    err.print(f"{a.verdict}: g* = {a.gap:.4g}", highlight=False)
    for note in data.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
    for p in written:
        err.print(f"wrote {escape(str(p))}", highlight=False)


def _cases_page(output: Path, montecarlo: int, seed: int) -> None:
    import ripeness
    from ripeness.report.files import atomic_write
    from ripeness.report.html import render_cases_html

    with user_errors():
        lib = ripeness.cases(montecarlo=montecarlo, seed=seed)
        atomic_write(output, render_cases_html(lib.to_dict()))
    err.print(f"wrote {output}", highlight=False)


def with_history(data: Any, ledger: Path | None) -> Any:
    """The report data with the ledger's history of its scenario (a note when there is none)."""
    from dataclasses import replace

    from ripeness import ledger as lg

    from ._ledger_opts import ledger_errors

    where = str(lg.resolve(ledger))
    with ledger_errors():
        rows = lg.history(data.scenario.id, ledger=ledger)
    if not rows:
        note = f"History: no entries of {data.scenario.id} in the ledger {where} (use --save)."
        return replace(data, notes=[*data.notes, note])
    return replace(data, history=rows, ledger=where)


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line of the app, bound to ``address`` only."""
    import sys

    from ripeness.app import APP_PATH

    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.maxUploadSize", "1",
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]  # fmt: skip


@app.command(name="app")
def app_(
    port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port on 127.0.0.1."),
) -> None:
    """Start the web app on localhost: pick or upload a scenario, toggle obstacles, move levers.

    Needs streamlit (pip install 'ripeness\\[app]'); listens on 127.0.0.1 only. Ctrl-C stops it.

    Example: [bold]ripeness app --port 8502[/], then open http://127.0.0.1:8502
    """
    import importlib.util
    import os

    if importlib.util.find_spec("streamlit") is None:
        fail("the app needs streamlit: pip install 'ripeness\\[app]'")
    cmd = streamlit_command(port)
    err.print(f"ripeness app on http://127.0.0.1:{port} (Ctrl-C to stop)", highlight=False)
    if os.name == "posix":  # become the server: signals (Ctrl-C, SIGTERM) reach it directly
        os.execv(cmd[0], cmd)  # noqa: S606 (fixed argv: this interpreter, no shell)
    import subprocess

    proc = subprocess.Popen(cmd)
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        code = proc.wait()
    raise typer.Exit(code)
