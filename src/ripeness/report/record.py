"""Report pieces that hold the model against what was observed: a scenario's record (section
"The model against the record"), the source's conclusions (section "The source's conclusions
against the model") and the case library's backtest (its own page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from . import tables as t
from .charts import apply_layout


def _pkg(p: Mapping[str, str], ref: Mapping[str, str]) -> str:
    moved = [f"{k}={v}" for k, v in p.items() if ref.get(k) != v]
    return t.e(", ".join(moved)) if moved else "<i>the no-deal package</i>"


def record_html(d: Mapping[str, Any], no_deal: Mapping[str, str]) -> str:
    """Tables of the record's positions and polls beside the model's answers, and the scores."""
    parts = []
    if d["positions"]:
        rows = []
        for p in d["positions"]:
            mark = "—" if p["agrees"] is None else ("agrees" if p["agrees"] else "<b>differs</b>")
            sf = "—" if p["shortfall"] is None else t.fmt(p["shortfall"], 3)
            rows.append(
                [
                    t.e(p["date"] or ""),
                    t.code(p["actor"]),
                    _pkg(p["package"], no_deal),
                    t.e(p["observed"]),
                    t.e(p["model"]),
                    sf,
                    mark,
                ]
            )
        parts.append(
            "<h3>Positions</h3>"
            + t.table(
                [
                    "date",
                    "actor",
                    "package (moves from no deal)",
                    "observed",
                    "model",
                    "shortfall",
                    "",
                ],
                rows,
            )
        )
    if d["polls"]:
        rows = [
            [
                t.e(p["date"] or ""),
                t.code(p["actor"]),
                _pkg(p["package"], no_deal),
                t.pct(p["observed"]),
                t.pct(p["model"]),
                "—" if p["error_points"] is None else f"{p['error_points']:+.1f}",
            ]
            for p in d["polls"]
        ]
        parts.append(
            "<h3>Polls not used in the calibration</h3>"
            + t.table(["date", "electorate", "package", "poll", "model", "error (points)"], rows)
        )
    scores = []
    if d["position_agreement"] is not None:
        agreed, answered = d["positions_agreed"], d["positions_answered"]
        scores.append(
            f"positions agreed: <b>{agreed} of {answered}</b> ({t.pct(d['position_agreement'])})"
        )
    if d["poll_mae_points"] is not None:
        scores.append(f"mean absolute poll error: <b>{d['poll_mae_points']:.1f} points</b>")
    if scores:
        parts.insert(0, f"<p>{'; '.join(scores)}.</p>")
    return "".join(parts) or "<p>The scenario has no <code>record:</code> entries.</p>"


def claims_html(claims: list[Mapping[str, Any]], held: int, share: float | None) -> str:
    """The source's conclusions (``claims:``) beside the model's answers, and the share that
    follow."""
    rows = [
        [
            t.code(c["id"]),
            "follows" if c["follows"] else "<b>does not follow</b>",
            t.e(c["says"]),
            t.e(c["reason"]),
        ]
        for c in claims
    ]
    head = f"<p>Claims that follow: <b>{held} of {len(claims)}</b> ({t.pct(share)}).</p>"
    return head + t.table(["claim", "", "the source says", "the model"], rows, wide=(2, 3))


def calibration_figure(rows: list[Mapping[str, Any]]) -> go.Figure:
    """P(deal) of every snapshot against its outcome (deal 1, no deal 0), with the diagonal."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="perfect calibration",
            line={"dash": "dot", "color": "#999"},
            hoverinfo="skip",
        )
    )
    pts = [r for r in rows if r.get("p_deal") is not None]
    for outcome, colour, label in ((True, "#2a9d8f", "deal signed"), (False, "#e76f51", "no deal")):
        sel = [r for r in pts if r["outcome_deal"] is outcome]
        if sel:
            fig.add_trace(
                go.Scatter(
                    x=[r["p_deal"] for r in sel],
                    y=[1.0 if outcome else 0.0 for _ in sel],
                    mode="markers",
                    name=label,
                    marker={"size": 11, "color": colour, "opacity": 0.8},
                    text=[t.e(r["id"]) for r in sel],
                    hovertemplate="%{text}: P(deal) %{x:.2f}<extra></extra>",
                )
            )
    fig.update_xaxes(title_text="P(deal) from Monte Carlo", range=[-0.03, 1.03])
    fig.update_yaxes(
        title_text="outcome (1 = a deal within 12 months)", range=[-0.1, 1.1], tickvals=[0, 1]
    )
    return apply_layout(fig, height=380)


def cases_html(d: Mapping[str, Any]) -> tuple[str, str]:
    """The case-library page's table and summary (HTML)."""
    s = d["summary"]
    rows = []
    for r in d["snapshots"]:
        signed = "—"
        if r.get("signed_in_zopa") is not None:
            signed = "a deal" if r["signed_in_zopa"] else f"g = {t.fmt(r['signed_gap'], 3)}"
        who = ", ".join(r["rejected_by"] + r["blocked_by"]) or "—"
        rows.append(
            [
                t.code(r["id"]),
                t.e(r["as_of"] or ""),
                "deal" if r["outcome_deal"] else "no deal",
                t.e(r["verdict"]),
                "hit" if r["hit"] else "<b>miss</b>",
                t.fmt(r["gap"], 3),
                t.pct(r["p_deal"]),
                signed,
                t.pct(r["position_agreement"]),
                t.e(who),
            ]
        )
    table = t.table(
        [
            "snapshot",
            "as of",
            "outcome",
            "model",
            "",
            "g*",
            "P(deal)",
            "signed package",
            "record",
            "blocks",
        ],
        rows,
    )
    lines = [
        f"{s['n_snapshots']} snapshots of {s['n_cases']} conflicts.",
        f"Hit rate <b>{t.pct(s['hit_rate'])}</b> (always no deal {t.pct(s['baseline_no_deal'])}, "
        f"always deal {t.pct(s['baseline_deal'])}).",
    ]
    if s.get("brier") is not None:
        lines.append(
            f"Brier score of P(deal) <b>{s['brier']:.3f}</b> (base-rate forecast "
            f"{s['brier_base_rate']:.3f}; lower is better)."
        )
    if s.get("position_agreement") is not None:
        lines.append(
            f"Record agreement {t.pct(s['position_agreement'])} of {s['positions']} positions."
        )
    if s.get("durability_log_score") is not None:
        lines.append(
            f"Durability of {s['durability_n']} signed deals: log score "
            f"{s['durability_log_score']:.2f} "
            f"(UCDP base rate {s['durability_log_score_base']:.2f}; "
            "higher is better)."
        )
    dur_rows = [
        [
            t.code(r["id"]),
            t.fmt(r["durability"]["years"], 3),
            "broke down" if r["durability"]["event"] else "holds",
            t.pct(r["durability"]["survival_at_t"]),
            t.pct(r["durability"]["base_survival_at_t"]),
        ]
        for r in d["snapshots"]
        if r.get("durability")
    ]
    dur = (
        t.table(["signed deal", "years observed", "", "model S(t)", "UCDP base S(t)"], dur_rows)
        if dur_rows
        else ""
    )
    summary = "<p>" + " ".join(lines) + "</p>"
    return table + ("<h3>Durability</h3>" + dur if dur else ""), summary
