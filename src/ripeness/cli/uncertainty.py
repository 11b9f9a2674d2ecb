"""Uncertainty commands: montecarlo, sensitivity, timeline."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ._app import (
    JSON_OPT,
    OFF_OPT,
    SCENARIO_ARG,
    SET_OPT,
    TIME_LIMIT_OPT,
    app,
    emit_json,
    out,
    parse_sets,
    print_time_limit,
    progress_bar,
    progress_callback,
    user_errors,
    with_time_limit,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record
from .render import u

WORKERS_OPT = typer.Option(
    None, "--workers", help="Local worker processes (default: serial). Same numbers either way."
)
SCHEDULER_OPT = typer.Option(
    None, "--scheduler", help="Dask scheduler address, or 'local' for an embedded LocalCluster."
)
MEMORY_OPT = typer.Option(
    None,
    "--memory",
    help="Memory budget per process, e.g. 512M or 4G (default: $RIPENESS_MEMORY, else 1G). "
    "Same numbers either way.",
)


def _pkg(p: dict[str, str]) -> str:
    return u(", ".join(f"{k}={v}" for k, v in p.items()))


def _f(x: Any) -> str:
    return "-" if x is None else (f"{x:.4g}" if isinstance(x, float) else str(x))


def _spark(counts: list[int]) -> str:
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts) or 1
    return "".join(bars[min(8, math.ceil(8 * c / top))] for c in counts)


@app.command()
def montecarlo(
    scenario: str = SCENARIO_ARG,
    n: int = typer.Option(10_000, "-n", "--draws", help="Number of draws."),
    seed: int = typer.Option(None, "--seed", help="Random seed (default: fresh, reported)."),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    param: str = typer.Option(
        None, "--param", help="Lever: per draw, the value of this number where a deal appears."
    ),
    range_: tuple[float, float] = typer.Option(
        (float("nan"), float("nan")), "--range", help="LO HI for --param (default: its range)."
    ),
    memory: str = MEMORY_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Draw every uncertain number: P(deal), g*, deal packages, binding obstacles.

    --save records P(deal), the median g* and the whole result in the ledger, with the seed.

    Example: [bold]ripeness montecarlo -n 100000 --seed 7 --workers 2[/]
    """
    import ripeness

    rng = None if any(math.isnan(x) for x in range_) else range_
    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar(f"{n:,} draws", not json) as bar:
            r = ripeness.montecarlo(
                sc, n, seed, workers, scheduler, off or (), sets, param, rng,
                progress_callback(bar), memory=memory,
            )  # fmt: skip
        d = r.to_dict()
    args = {"scenario": scenario, "n": n, "seed": d["seed"], "off": off or [], "set": sets,
            "param": param, "range": list(rng) if rng else None}  # fmt: skip
    _montecarlo_out(d, json)
    record("montecarlo", args, sc, r, save=save, ledger=ledger, overrides=sets)


def _montecarlo_out(d: dict[str, Any], json: bool) -> None:
    if json:
        emit_json(d)
        return
    out.print(
        f"[bold]{d['title']}[/] ({d['scenario']}): {d['n']:,} draws of "
        f"{len(d['parameters'])} uncertain numbers, seed {d['seed']}, {d['backend']}"
    )
    out.print(f"P(deal exists) = [bold]{d['p_deal']:.4f}[/] ± {d['p_deal_se']:.4f} (MC s.e.)")
    g = d["gap"]
    if g.get("count"):
        q = g["quantiles"]
        out.print(
            f"g*: mean {g['mean']:.4g}, median {q['0.5']:.4g}, "
            f"90% in [{q['0.05']:.4g}, {q['0.95']:.4g}]"
        )
        h = g["histogram"]
        out.print(f"   {h['edges'][0]:.3g} {_spark(h['counts'])} {h['edges'][-1]:.3g}")
    if d["top_packages"]:
        t = Table(title="Packages most often a deal")
        t.add_column("share of draws")
        t.add_column("package")
        for p in d["top_packages"]:
            t.add_row(f"{p['frequency']:.2%}", _pkg(p["package"]))
        out.print(t)
    t = Table(title="Nearest compromise (most robust deal when one exists)")
    t.add_column("share of draws")
    t.add_column("package")
    for p in d["nearest_compromises"][:3]:
        t.add_row(f"{p['frequency']:.2%}", _pkg(p["package"]))
    out.print(t)
    if d["obstacles"]:
        t = Table(title="Obstacles (each switched off alone, in every draw)")
        for col in ("obstacle", "binds", "opens a deal", "P(deal) off", "mean g* drop"):
            t.add_column(col)
        for o, x in d["obstacles"].items():
            t.add_row(
                u(o),
                f"{x['binds']:.2%}",
                f"{x['opens']:.2%}",
                f"{x['p_deal_off']:.2%}",
                _f(x["mean_gap_reduction"]),
            )
        out.print(t)
        out.print(f"[dim]{d['binding_definition']}[/]")
    lv = d["lever"]
    if lv:
        out.print(
            f"[bold]{u(lv['param'])}[/] in [{lv['range'][0]:g}, {lv['range'][1]:g}]: deal at the "
            f"drawn value {lv['share_deal_at_draw_value']:.2%}, increase "
            f"{lv['share_increase']:.2%}, decrease {lv['share_decrease']:.2%}, none in range "
            f"{lv['share_none_in_range']:.2%}"
        )
        th = lv["threshold"]
        if th.get("count"):
            q = th["quantiles"]
            out.print(
                f"threshold where it must move: median {q['0.5']:.4g}, 90% in "
                f"[{q['0.05']:.4g}, {q['0.95']:.4g}]"
            )


@app.command()
def sensitivity(
    scenario: str = SCENARIO_ARG,
    method: str = typer.Option("tornado", "--method", help="tornado or sobol."),
    n: int = typer.Option(512, "-n", help="Sobol base samples (power of two)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Sobol design."),
    top: int = typer.Option(15, "--top", help="Rows to show."),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    memory: str = MEMORY_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Which uncertain numbers matter: tornado (one at a time) or Sobol indices.

    Example: [bold]ripeness sensitivity --method sobol -n 1024[/]
    """
    import ripeness

    with user_errors():
        sc = ripeness.load(scenario)
        with progress_bar("sensitivity", not json and method == "sobol") as bar:
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
    if json:
        emit_json(d)
        return
    if d["method"] == "tornado":
        p = d["point"]
        out.print(f"at point values: {p['verdict']}, g* = {p['gap']:.4g}")
        t = Table(title=f"Tornado ({d['ranking']})")
        for col in ("number", "low", "high", "g* low", "g* high", "swing", "verdict"):
            t.add_column(col)
        for x in d["parameters"][:top]:
            flip = "[yellow]changes[/]" if x["changes_verdict"] else ""
            t.add_row(
                u(x["param"]),
                _f(x["low"]),
                _f(x["high"]),
                _f(x["gap_low"]),
                _f(x["gap_high"]),
                _f(x["swing"]),
                flip,
            )
        out.print(t)
        return
    out.print(f"Sobol: N = {d['n']}, {d['evaluations']:,} evaluations, P(deal) = {d['p_deal']:.4f}")
    for note in d["notes"]:
        out.print(f"[dim]{note}[/]")
    gi, di = d["indices"]["gap"], d["indices"]["deal"]
    t = Table(title="Sobol indices (ranked by total index of g*)")
    for col in ("number", "S1 g*", "ST g*", "S1 deal", "ST deal"):
        t.add_column(col)
    order = sorted(gi, key=lambda k: -(gi[k]["ST"] or 0.0))
    for k in order[:top]:
        t.add_row(u(k), _f(gi[k]["S1"]), _f(gi[k]["ST"]), _f(di[k]["S1"]), _f(di[k]["ST"]))
    out.print(t)


@app.command()
def timeline(
    scenario: str = SCENARIO_ARG,
    n: int = typer.Option(1000, "-n", "--draws", help="Monte Carlo draws per date (0: none)."),
    seed: int = typer.Option(0, "--seed", help="Random seed (the same at every date)."),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    memory: str = MEMORY_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The verdict over time: dated overrides of the scenario's timeline, applied cumulatively.

    --save records the whole timeline in the ledger; its columns hold the latest date's answers.

    Example: [bold]ripeness timeline -n 2000[/]
    """
    import ripeness

    with user_errors():
        sc, sets = ripeness.load(scenario), parse_sets(set_)
        with progress_bar("dates", not json) as bar:
            r = ripeness.timeline(
                sc, n, seed, off or (), sets, workers, scheduler, progress_callback(bar),
                memory=memory, time_limit=time_limit,
            )  # fmt: skip
        d = r.to_dict()
    args = {"scenario": scenario, "n": n, "seed": seed, "off": off or [], "set": sets}
    _timeline_out(with_time_limit(d, time_limit) if json else d, json)
    if not json:
        print_time_limit(time_limit)
    record("timeline", args, sc, r, save=save, ledger=ledger, overrides=sets)


def _timeline_out(d: dict[str, Any], json: bool) -> None:
    if json:
        emit_json(d)
        return
    out.print(f"[bold]{u(d['title'])}[/]: timeline, overrides applied cumulatively by date")
    t = Table()
    cols = ("date", "verdict", "g*", "ZOPA", f"P(deal), n={d['n']}", "nearest compromise*")
    for col in (*cols, "blocked by"):
        t.add_column(col)
    for p in d["points"]:
        pd = f"{p['p_deal']:.3f}±{p['p_deal_se']:.3f}" if "p_deal" in p else "-"
        v = "[green]deal[/]" if p["verdict"] == "deal" else "[red]no deal[/]"
        moves = _pkg(p["nearest_moves"]) or "no change"
        who = ", ".join([*p.get("rejected_by", []), *p.get("blocked_by", [])]) or "-"
        t.add_row(u(p["date"]), v, f"{p['gap']:.4g}", f"{p['zopa_size']:,}", pd, moves, u(who))
    out.print(t)
    out.print("[dim]* issues where the nearest compromise departs from the no-deal situation[/]")
    for p in d["points"]:
        if p["label"]:
            out.print(f"[dim]{u(p['date'])}: {u(p['label'])}[/]")
