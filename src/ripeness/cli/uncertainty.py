"""Uncertainty commands: montecarlo, sensitivity, timeline."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer

from ._app import (
    FORMAT_OPT,
    JSON_OPT,
    OFF_OPT,
    SCENARIO_ARG,
    SET_OPT,
    TIME_LIMIT_OPT,
    Format,
    app,
    emit,
    fmt_of,
    given_range,
    parse_sets,
    progress_bar,
    progress_callback,
    range_opt,
    report_seed,
    timed,
    user_errors,
    with_time_limit,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record
from .output import Col, Doc, Mark, Table
from .render import pct, pkg, u

PANEL = "Uncertainty and time"
WORKERS_OPT = typer.Option(
    None,
    "--workers",
    help="Local worker processes (default: serial). Same numbers either way.",
    metavar="N",
)
SCHEDULER_OPT = typer.Option(
    None,
    "--scheduler",
    help="Dask scheduler address, or 'local' for an embedded LocalCluster.",
    metavar="ADDRESS",
)
MEMORY_OPT = typer.Option(
    None,
    "--memory",
    help="Memory budget per process, e.g. 512M or 4G (default: $RIPENESS_MEMORY, else 1G). "
    "Same numbers either way.",
    metavar="SIZE",
)


def _spark(counts: list[int]) -> str:
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts) or 1
    return "".join(bars[min(8, math.ceil(8 * c / top))] for c in counts)


@app.command(rich_help_panel=PANEL)
def montecarlo(
    scenario: str = SCENARIO_ARG,
    n: int = typer.Option(10_000, "-n", "--draws", help="Number of draws.", metavar="N"),
    seed: int = typer.Option(
        None, "--seed", help="Random seed (default: drawn, and printed).", metavar="SEED"
    ),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    param: str = typer.Option(
        None,
        "--param",
        help="Lever: per draw, the value of this number where a deal appears.",
        metavar="PATH",
    ),
    range_: tuple[float, float] = range_opt("--range", "LO HI for --param (default: its range)."),
    memory: str = MEMORY_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Draw every uncertain number: P(deal), g*, deal packages, binding obstacles.

    Without --seed, a seed is drawn and printed; give it back with --seed to repeat the run.
    --save records P(deal), the median g* and the whole result in the ledger, with the seed.

    Example: [bold]ripeness montecarlo -n 100000 --seed 7 --workers 2[/]
    """
    import ripeness

    rng = given_range(range_)
    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar(f"{n:,} draws") as bar:
            r = ripeness.montecarlo(
                sc, n, seed, workers, scheduler, off or (), sets, param, rng,
                progress_callback(bar), memory=memory,
            )  # fmt: skip
        d = r.to_dict()
    args = {"scenario": scenario, "n": n, "seed": d["seed"], "off": off or [], "set": sets,
            "param": param, "range": list(rng) if rng else None}  # fmt: skip
    report_seed(seed, d["seed"])
    emit(d, fmt_of(fmt, json), lambda: _montecarlo_doc(d))
    record("montecarlo", args, sc, r, save=save, ledger=ledger, overrides=sets)


def _montecarlo_doc(d: dict[str, Any]) -> Doc:
    doc = Doc()
    doc.line(
        f"[bold]{u(d['title'])}[/] ({u(d['scenario'])}): {d['n']:,} draws of "
        f"{len(d['parameters'])} uncertain numbers, seed {d['seed']}, {d['backend']}"
    )
    doc.line(f"P(deal exists) = [bold]{d['p_deal']:.4f}[/] ± {d['p_deal_se']:.4f} (MC s.e.)")
    g = d["gap"]
    if g.get("count"):
        q = g["quantiles"]
        doc.line(
            f"g*: mean {g['mean']:.4g}, median {q['0.5']:.4g}, "
            f"90% in \\[{q['0.05']:.4g}, {q['0.95']:.4g}]"
        )
        h = g["histogram"]
        doc.line(f"   {h['edges'][0]:.3g} {_spark(h['counts'])} {h['edges'][-1]:.3g}")
    if d["top_packages"]:
        t = doc.table(
            Table(
                [Col("share of draws", "num"), Col("package")], title="Packages most often a deal"
            )
        )
        for p in d["top_packages"]:
            t.add(pct(p["frequency"], 2), pkg(p["package"]))
    t = doc.table(
        Table(
            [Col("share of draws", "num"), Col("package")],
            title="Nearest compromise (most robust deal when one exists)",
        )
    )
    for p in d["nearest_compromises"][:3]:
        t.add(pct(p["frequency"], 2), pkg(p["package"]))
    if d["obstacles"]:
        cols = ("binds", "opens a deal", "P(deal) off", "mean g* drop")
        t = doc.table(
            Table(
                [Col("obstacle", "id"), *(Col(c, "num") for c in cols)],
                title="Obstacles (each switched off alone, in every draw)",
                caption=d["binding_definition"],
            )
        )
        for o, x in d["obstacles"].items():
            t.add(
                o,
                pct(x["binds"], 2),
                pct(x["opens"], 2),
                pct(x["p_deal_off"], 2),
                x["mean_gap_reduction"],
            )
    lv = d["lever"]
    if lv:
        doc.line(
            f"[bold]{u(lv['param'])}[/] in \\[{lv['range'][0]:g}, {lv['range'][1]:g}]: deal at "
            f"the drawn value {lv['share_deal_at_draw_value']:.2%}, increase "
            f"{lv['share_increase']:.2%}, decrease {lv['share_decrease']:.2%}, none in range "
            f"{lv['share_none_in_range']:.2%}"
        )
        th = lv["threshold"]
        if th.get("count"):
            q = th["quantiles"]
            doc.line(
                f"threshold where it must move: median {q['0.5']:.4g}, 90% in "
                f"\\[{q['0.05']:.4g}, {q['0.95']:.4g}]"
            )
    return doc


@app.command(rich_help_panel=PANEL)
def sensitivity(
    scenario: str = SCENARIO_ARG,
    method: str = typer.Option(
        "tornado", "--method", help="tornado or sobol.", metavar="tornado|sobol"
    ),
    n: int = typer.Option(512, "-n", help="Sobol base samples (power of two).", metavar="N"),
    seed: int = typer.Option(0, "--seed", help="Seed of the Sobol design.", metavar="SEED"),
    top: int = typer.Option(15, "--top", help="Rows to show.", metavar="N"),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    memory: str = MEMORY_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Which uncertain numbers matter: tornado (one at a time) or Sobol indices.

    Example: [bold]ripeness sensitivity --method sobol -n 1024[/]
    """
    import ripeness

    with user_errors():
        sc = ripeness.load(scenario)
        with progress_bar("Sobol design", method == "sobol") as bar:
            r = ripeness.sensitivity(
                sc,
                method,
                n,
                seed,
                off or (),
                parse_sets(set_),
                workers,
                scheduler,
                progress_callback(bar),
                memory=memory,
            )
        d = r.to_dict()
    emit(d, fmt_of(fmt, json), lambda: _sensitivity_doc(d, top))


def _sensitivity_doc(d: dict[str, Any], top: int) -> Doc:
    doc = Doc()
    if d["method"] == "tornado":
        p = d["point"]
        doc.line(f"at point values: {p['verdict']}, g* = {p['gap']:.4g}")
        cols = ("low", "high", "g* low", "g* high", "swing")
        t = doc.table(
            Table(
                [Col("number", "id"), *(Col(c, "num") for c in cols), Col("verdict", "mark")],
                title=f"Tornado ({d['ranking']})",
            )
        )
        for x in d["parameters"][:top]:
            flip = Mark("changes", "yellow") if x["changes_verdict"] else ""
            t.add(x["param"], x["low"], x["high"], x["gap_low"], x["gap_high"], x["swing"], flip)
        return doc
    doc.line(f"Sobol: N = {d['n']}, {d['evaluations']:,} evaluations, P(deal) = {d['p_deal']:.4f}")
    for note in d["notes"]:
        doc.line(f"[dim]{u(note)}[/]")
    gi, di = d["indices"]["gap"], d["indices"]["deal"]
    indices = ("S1 g*", "ST g*", "S1 deal", "ST deal")
    t = doc.table(
        Table(
            [Col("number", "id"), *(Col(c, "num") for c in indices)],
            title="Sobol indices (ranked by total index of g*)",
        )
    )
    order = sorted(gi, key=lambda k: -(gi[k]["ST"] or 0.0))
    for k in order[:top]:
        t.add(k, gi[k]["S1"], gi[k]["ST"], di[k]["S1"], di[k]["ST"])
    return doc


@app.command(rich_help_panel=PANEL)
def timeline(
    scenario: str = SCENARIO_ARG,
    n: int = typer.Option(
        1000, "-n", "--draws", help="Monte Carlo draws per date (0: none).", metavar="N"
    ),
    seed: int = typer.Option(
        0, "--seed", help="Random seed (the same at every date).", metavar="SEED"
    ),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    memory: str = MEMORY_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The verdict over time: dated overrides of the scenario's timeline, applied cumulatively.

    --save records the whole timeline in the ledger; its columns hold the latest date's answers.

    Example: [bold]ripeness timeline -n 2000[/]
    """
    import ripeness

    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar("dates") as bar:
            r = ripeness.timeline(
                sc, n, seed, off or (), sets, workers, scheduler, progress_callback(bar),
                memory=memory, time_limit=time_limit,
            )  # fmt: skip
        d = r.to_dict()
    args = {"scenario": scenario, "n": n, "seed": seed, "off": off or [], "set": sets}
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(_timeline_doc(d), time_limit),
    )
    record("timeline", args, sc, r, save=save, ledger=ledger, overrides=sets)


def _timeline_doc(d: dict[str, Any]) -> Doc:
    doc = Doc()
    doc.line(f"[bold]{u(d['title'])}[/]: timeline, overrides applied cumulatively by date")
    t = doc.table(
        Table(
            [
                Col("date", "id"),
                Col("verdict", "mark"),
                Col("g*", "num"),
                Col("ZOPA", "num"),
                Col(f"P(deal), n={d['n']}", "mark"),
                Col("nearest compromise*"),
                Col("blocked by"),
            ],
            caption="* issues where the nearest compromise departs from the no-deal situation",
        )
    )
    for p in d["points"]:
        pd = (
            Mark(f"{p['p_deal']:.3f}±{p['p_deal_se']:.3f}", value=p["p_deal"])
            if "p_deal" in p
            else "-"
        )
        v = Mark("deal", "green") if p["verdict"] == "deal" else Mark("no deal", "red")
        moves = pkg(p["nearest_moves"]) or "no change"
        who = ", ".join([*p.get("rejected_by", []), *p.get("blocked_by", [])]) or "-"
        t.add(p["date"], v, p["gap"], p["zopa_size"], pd, moves, who)
    for p in d["points"]:
        if p["label"]:
            doc.line(f"[dim]{u(p['date'])}: {u(p['label'])}[/]")
    return doc
