"""The model against what was observed: ``check`` (a scenario's record) and ``cases`` (the
backtest on the case library)."""

from __future__ import annotations

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
    parse_sets,
    progress_bar,
    progress_callback,
    timed,
    user_errors,
    with_time_limit,
)
from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record
from .output import Col, Doc, Mark, Table
from .render import pct, u

PANEL = "The model against history"


def _pkg(p: dict[str, str], moved: dict[str, str] | None = None) -> str:
    items = p.items() if moved is None else ((k, v) for k, v in p.items() if moved.get(k) != v)
    return ", ".join(f"{k}={v}" for k, v in items) or "(the no-deal package)"


def _pct(x: Any) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


@app.command(rich_help_panel=PANEL)
def check(
    scenario: str = SCENARIO_ARG,
    off: list[str] = OFF_OPT,
    set_: list[str] = SET_OPT,
    time_limit: float = TIME_LIMIT_OPT,
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """The model against the record: every observed position and poll beside the model's answer.

    A position is compared with the actor's own acceptance of the package (as `assess` reports
    it), a poll with the electorate's support; then the scores: positions agreed / all, and the
    mean absolute poll error in points. A scenario's `claims:` (the conclusions of the source
    it encodes) are answered too: each follows or does not, with the numbers that decide it.

    Example: [bold]ripeness check toy-with-record.yaml[/]
    """
    import ripeness

    with user_errors():
        sc = ripeness.load(scenario)
        sets = parse_sets(set_)
        r = ripeness.check(sc, off or (), sets, time_limit=time_limit)
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
    emit(
        with_time_limit(d, time_limit),
        fmt_of(fmt, json),
        lambda: timed(_check_doc(d, _no_deal(sc)), time_limit),
    )


def _check_doc(d: dict[str, Any], ref: dict[str, str]) -> Doc:
    doc = Doc()
    when = f", as of {d['as_of']}" if d["as_of"] else ""
    doc.line(
        f"[bold]{u(d['title'])}[/] ({u(d['scenario'])}{u(when)}): the model against the record"
    )
    if not d["positions"] and not d["polls"] and not d["claims"]:
        doc.line("The scenario has no `record:` entries and no `claims:`.")
        return doc
    if d["positions"]:
        t = doc.table(
            Table(
                [
                    Col("date", "id"),
                    Col("actor", "id"),
                    Col("package"),
                    Col("observed", "mark"),
                    Col("model", "mark"),
                    Col("shortfall", "num"),
                    Col("", "mark"),
                ],
                title="Positions (unnamed issues at no_deal)",
            )
        )
        for p in d["positions"]:
            mark = (
                "-"
                if p["agrees"] is None
                else (Mark("agrees", "green") if p["agrees"] else Mark("differs", "red"))
            )
            t.add(
                p["date"] or "",
                p["actor"],
                _pkg(p["package"], ref),
                p["observed"],
                p["model"],
                p["shortfall"],
                mark,
            )
    if d["polls"]:
        t = doc.table(
            Table(
                [
                    Col("date", "id"),
                    Col("electorate", "id"),
                    Col("package"),
                    Col("poll", "num"),
                    Col("model", "num"),
                    Col("error (points)", "num"),
                ],
                title="Polls not used in the calibration",
            )
        )
        for p in d["polls"]:
            err = p["error_points"]
            t.add(
                p["date"] or "",
                p["actor"],
                _pkg(p["package"], ref),
                pct(p["observed"], 0),
                pct(p["model"], 0),
                Mark("-" if err is None else f"{err:+.1f}", value=err),
            )
    pa, mae = d["position_agreement"], d["poll_mae_points"]
    if pa is not None:
        agreed, answered = d["positions_agreed"], d["positions_answered"]
        doc.line(f"positions agreed: {agreed} of {answered} ({100 * pa:.0f}%)")
    if mae is not None:
        doc.line(f"mean absolute poll error: {mae:.1f} points over {len(d['polls'])} poll(s)")
    if d["claims"]:
        _claims_table(doc, d["claims"], d["claims_followed"], d["claims_following"])
    return doc


def _claims_table(doc: Doc, claims: list[dict[str, Any]], held: int, share: float | None) -> None:
    """The source's conclusions beside the model's answers, and the share that follow."""
    t = doc.table(
        Table(
            [Col("claim", "id"), Col("", "mark"), Col("the source says"), Col("the model")],
            title="The source's conclusions (`claims:`)",
        )
    )
    for c in claims:
        mark = Mark("follows", "green") if c["follows"] else Mark("does not follow", "red")
        t.add(c["id"], mark, c["says"], c["reason"])
    pct_ = "" if share is None else f" ({100 * share:.0f}%)"
    doc.line(f"claims that follow: {held} of {len(claims)}{pct_}")


def _no_deal(sc: Any) -> dict[str, str]:
    return {i: x.no_deal for i, x in sc.spec.issues.items()}


@app.command(rich_help_panel=PANEL)
def cases(
    names: list[str] = typer.Argument(
        None,
        help="Cases to run (default: every packaged case).",
        show_default=False,
        metavar="[CASE]...",
    ),
    montecarlo: int = typer.Option(
        1000, "--montecarlo", "-n", help="Draws per snapshot for P(deal) (0: skip).", metavar="N"
    ),
    seed: int = typer.Option(
        0, "--seed", help="Random seed (the same for every snapshot).", metavar="SEED"
    ),
    workers: int = typer.Option(
        None, "--workers", help="Local worker processes for Monte Carlo.", metavar="N"
    ),
    save: bool = SAVE_OPT,
    ledger: Path = LEDGER_OPT,
    fmt: Format = FORMAT_OPT,
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

    with user_errors():
        with progress_bar("cases") as bar:
            lib = ripeness.cases(
                names or None,
                montecarlo=montecarlo,
                seed=seed,
                workers=workers,
                progress=progress_callback(bar),
            )
        d = lib.to_dict()
    if save:
        for row in d["snapshots"]:  # one entry per snapshot (the ledger takes a mapping)
            record(
                "cases",
                {"case": row["id"], "montecarlo": montecarlo, "seed": seed},
                ripeness.load(row["id"]),
                row,
                save=True,
                ledger=ledger,
            )
    emit(d, fmt_of(fmt, json), lambda: _cases_doc(d))


def _cases_doc(d: dict[str, Any]) -> Doc:
    doc = Doc()
    t = doc.table(
        Table(
            [
                Col("snapshot", "id"),
                Col("outcome", "mark"),
                Col("model", "mark"),
                Col("hit", "mark"),
                Col("P(deal)", "num"),
                Col("signed pkg", "mark"),
                Col("record", "num"),
                Col("blocks"),
            ],
            title="The model against history (docs/cases.md)",
        )
    )
    for r in d["snapshots"]:
        signed = "-"
        if r["signed_in_zopa"] is not None:
            signed = "deal" if r["signed_in_zopa"] else f"g={r['signed_gap']:.2f}"
        t.add(
            r["id"],
            "deal" if r["outcome_deal"] else "no deal",
            r["verdict"],
            Mark("yes", "green") if r["hit"] else Mark("no", "red"),
            pct(r["p_deal"], 0),
            signed,
            pct(r["position_agreement"], 0),
            ", ".join(r["rejected_by"] + r["blocked_by"]) or "-",
        )
    s = d["summary"]
    if not s["n_snapshots"]:
        doc.line("No packaged cases.")
        return doc
    doc.line(f"{s['n_snapshots']} snapshots of {s['n_cases']} conflicts")
    doc.line(
        f"hit rate {_pct(s['hit_rate'])} (always no deal {_pct(s['baseline_no_deal'])}, "
        f"always deal {_pct(s['baseline_deal'])})"
    )
    if s["brier"] is not None:
        doc.line(
            f"Brier score of P(deal) {s['brier']:.3f} "
            f"(base-rate forecast {s['brier_base_rate']:.3f}; lower is better)"
        )
    if s["position_agreement"] is not None:
        doc.line(f"record agreement {_pct(s['position_agreement'])} of {s['positions']} positions")
    if s["durability_log_score"] is not None:
        doc.line(
            f"durability of {s['durability_n']} signed deals: "
            f"log score {s['durability_log_score']:.2f} "
            f"(UCDP base rate {s['durability_log_score_base']:.2f}; higher is better)"
        )
        for k in ("2y", "5y"):
            if s[f"brier_{k}"] is not None:
                doc.line(
                    f"  Brier at {k[:-1]} years {s[f'brier_{k}']:.3f} "
                    f"(base rate {s[f'brier_{k}_base']:.3f})"
                )
    doc.line(
        "[dim]A dozen hand-encoded cases is a plausibility check, not a statistical validation; "
        "every encoding is a judgement (docs/cases.md).[/]"
    )
    return doc
