"""The model against what was observed: ``check`` (a scenario's record) and ``cases`` (the
backtest on the case library)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ._app import (
    JSON_OPT,
    OFF_OPT,
    SCENARIO_ARG,
    SET_OPT,
    app,
    emit_json,
    out,
    parse_sets,
    progress_bar,
    progress_callback,
    user_errors,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record
from .render import u


def _pkg(p: dict[str, str], moved: dict[str, str] | None = None) -> str:
    items = p.items() if moved is None else ((k, v) for k, v in p.items() if moved.get(k) != v)
    return ", ".join(f"{k}={v}" for k, v in items) or "(the no-deal package)"


def _pct(x: Any) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


@app.command()
def check(
    scenario: str = SCENARIO_ARG,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The model against the record: every observed position and poll beside the model's answer.

    A position is compared with the actor's own acceptance of the package (as `assess` reports
    it), a poll with the electorate's support; then the scores: positions agreed / all, and the
    mean absolute poll error in points.

    Example: [bold]ripeness check toy-with-record.yaml[/]
    """
    import ripeness

    with user_errors():
        sc = ripeness.load(scenario)
        sets = parse_sets(set_)
        r = ripeness.check(sc, off or (), sets)
        d = r.to_dict()
    record(
        "check",
        {"scenario": scenario, "off": off or []},
        sc,
        r,
        save=save,
        ledger=ledger,
        overrides=sets,
    )
    if json:
        emit_json(d)
        return
    when = f", as of {d['as_of']}" if d["as_of"] else ""
    out.print(
        f"[bold]{u(d['title'])}[/] ({u(d['scenario'])}{u(when)}): the model against the record"
    )
    if not d["positions"] and not d["polls"]:
        out.print("The scenario has no `record:` entries.")
        return
    ref = _no_deal(sc)
    if d["positions"]:
        t = Table(title="Positions (unnamed issues at no_deal)", expand=False)
        for c in ("date", "actor", "package", "observed", "model", "shortfall", ""):
            t.add_column(c, overflow="fold")
        for p in d["positions"]:
            mark = (
                "-"
                if p["agrees"] is None
                else ("[green]agrees[/]" if p["agrees"] else "[red]differs[/]")
            )
            sf = "-" if p["shortfall"] is None else f"{p['shortfall']:.3f}"
            t.add_row(
                u(p["date"] or ""),
                u(p["actor"]),
                u(_pkg(p["package"], ref)),
                u(p["observed"]),
                u(p["model"]),
                sf,
                mark,
            )
        out.print(t)
    if d["polls"]:
        t = Table(title="Polls not used in the calibration", expand=False)
        for c in ("date", "electorate", "package", "poll", "model", "error (points)"):
            t.add_column(c, overflow="fold")
        for p in d["polls"]:
            err = "-" if p["error_points"] is None else f"{p['error_points']:+.1f}"
            t.add_row(
                u(p["date"] or ""),
                u(p["actor"]),
                u(_pkg(p["package"], ref)),
                _pct(p["observed"]),
                _pct(p["model"]),
                err,
            )
        out.print(t)
    pa, mae = d["position_agreement"], d["poll_mae_points"]
    if pa is not None:
        agreed = sum(1 for p in d["positions"] if p["agrees"])
        answered = sum(1 for p in d["positions"] if p["agrees"] is not None)
        out.print(f"positions agreed: {agreed} of {answered} ({100 * pa:.0f}%)")
    if mae is not None:
        out.print(f"mean absolute poll error: {mae:.1f} points over {len(d['polls'])} poll(s)")


def _no_deal(sc: Any) -> dict[str, str]:
    return {i: x.no_deal for i, x in sc.spec.issues.items()}


@app.command()
def cases(
    names: list[str] = typer.Argument(
        None,
        help="Cases to run (default: every packaged case).",
        show_default=False,
        metavar="[CASE]...",
    ),
    montecarlo: int = typer.Option(
        1000, "--montecarlo", "-n", help="Draws per snapshot for P(deal) (0: skip)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed (the same for every snapshot)."),
    workers: int = typer.Option(None, "--workers", help="Local worker processes for Monte Carlo."),
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The backtest: every packaged historical case run, and the model scored against history.

    Per snapshot the verdict against the outcome, P(deal), whether the signed package is a deal
    in the model, record agreement and who blocks; then the hit rate beside the "always no
    deal" and "always deal" baselines, the Brier score beside the base rate, and durability.
    A dozen hand-encoded cases is a plausibility check, not a statistical validation.

    Example: [bold]ripeness cases --montecarlo 500[/]
    """
    import ripeness
    from ripeness.analysis.base import Result

    with user_errors():
        with progress_bar("cases", not json) as bar:
            lib = ripeness.cases(
                names or None,
                montecarlo=montecarlo,
                seed=seed,
                workers=workers,
                progress=progress_callback(bar),
            )
        d = lib.to_dict()
    if save:
        for row in d["snapshots"]:

            class _Row(Result):
                def to_dict(self, row: dict = row) -> dict:  # type: ignore[override]
                    return row

            record(
                "cases",
                {"case": row["id"], "montecarlo": montecarlo, "seed": seed},
                ripeness.load(row["id"]),
                _Row(),
                save=True,
                ledger=ledger,
            )
    if json:
        emit_json(d)
        return
    t = Table(title="The model against history (docs/cases.md)", expand=False)
    for c in ("snapshot", "outcome", "model", "hit", "P(deal)", "signed pkg", "record", "blocks"):
        t.add_column(c, overflow="fold")
    for r in d["snapshots"]:
        signed = "-"
        if r["signed_in_zopa"] is not None:
            signed = "deal" if r["signed_in_zopa"] else f"g={r['signed_gap']:.2f}"
        rec = _pct(r["position_agreement"])
        t.add_row(
            u(r["id"]),
            "deal" if r["outcome_deal"] else "no deal",
            u(r["verdict"]),
            "[green]yes[/]" if r["hit"] else "[red]no[/]",
            _pct(r["p_deal"]),
            signed,
            rec,
            u(", ".join(r["rejected_by"] + r["blocked_by"]) or "-"),
        )
    out.print(t)
    s = d["summary"]
    if not s["n_snapshots"]:
        out.print("No packaged cases.")
        return
    out.print(f"{s['n_snapshots']} snapshots of {s['n_cases']} conflicts")
    out.print(
        f"hit rate {_pct(s['hit_rate'])} (always no deal {_pct(s['baseline_no_deal'])}, "
        f"always deal {_pct(s['baseline_deal'])})"
    )
    if s["brier"] is not None:
        out.print(
            f"Brier score of P(deal) {s['brier']:.3f} "
            f"(base-rate forecast {s['brier_base_rate']:.3f}; lower is better)"
        )
    if s["position_agreement"] is not None:
        out.print(f"record agreement {_pct(s['position_agreement'])} of {s['positions']} positions")
    if s["durability_log_score"] is not None:
        out.print(
            f"durability of {s['durability_n']} signed deals: "
            f"log score {s['durability_log_score']:.2f} "
            f"(UCDP base rate {s['durability_log_score_base']:.2f}; higher is better)"
        )
        for k in ("2y", "5y"):
            if s[f"brier_{k}"] is not None:
                out.print(
                    f"  Brier at {k[:-1]} years {s[f'brier_{k}']:.3f} "
                    f"(base rate {s[f'brier_{k}_base']:.3f})"
                )
    out.print(
        "[dim]A dozen hand-encoded cases is a plausibility check, not a statistical validation; "
        "every encoding is a judgement (docs/cases.md).[/]"
    )
