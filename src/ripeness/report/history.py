"""The ledger's history of a scenario as a chart and a table (report page and app).

Input rows are :func:`ripeness.ledger.history` rows: ``id``, ``recorded_at`` (ISO 8601 UTC),
``command``, ``verdict``, ``gap``, ``p_deal``, ``scenario_hash``. Every value is plain data
from the ledger; text is escaped before it reaches a label.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import tables as t
from .charts import COLORS, PALETTE, apply_layout, esc

#: Rows a report's history table shows (the most recent; the chart shows every entry).
MAX_TABLE_ROWS = 200


def _when(row: Mapping[str, Any]) -> _dt.datetime:
    return _dt.datetime.fromisoformat(str(row["recorded_at"]).replace("Z", "+00:00"))


def _finite(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else None


def history_figure(rows: Sequence[Mapping[str, Any]]) -> go.Figure:
    """``g*`` (top) and P(deal) (bottom) of each entry against the time it was recorded.

    Markers are green for a deal and red for no deal; one colour of line per command, so a
    Monte Carlo series and a point-value series are not joined.
    """
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4],
        subplot_titles=("g* (below 0: a deal exists)", "P(deal), Monte Carlo entries"),
    )  # fmt: skip
    commands = list(dict.fromkeys(str(r["command"]) for r in rows))
    for i, cmd in enumerate(commands):
        sub = [r for r in rows if str(r["command"]) == cmd]
        x = [_when(r) for r in sub]
        text = [f"entry #{r['id']} · {esc(cmd)}<br>{esc(r.get('verdict') or '-')}"
                f" · content {esc(str(r['scenario_hash'])[:12])}" for r in sub]  # fmt: skip
        color = PALETTE[i % len(PALETTE)]
        gaps = [_finite(r.get("gap")) for r in sub]
        if any(g is not None for g in gaps):
            fig.add_trace(
                go.Scatter(
                    x=x, y=gaps, mode="lines+markers", name=f"g*, {esc(cmd)}", text=text,
                    line={"color": color, "width": 1.5},
                    marker={"size": 10, "line": {"width": 1, "color": color}, "color": [
                        COLORS["deal"] if r.get("verdict") == "deal"
                        else COLORS["no_deal"] if r.get("verdict") == "no deal" else "white"
                        for r in sub]},
                    hovertemplate="%{x|%Y-%m-%d %H:%M} UTC<br>%{text}<br>g* = %{y:.4g}"
                                  "<extra></extra>",
                ),
                row=1, col=1,
            )  # fmt: skip
        pd_ = [_finite(r.get("p_deal")) for r in sub]
        if any(p is not None for p in pd_):
            fig.add_trace(
                go.Scatter(
                    x=x, y=pd_, mode="lines+markers", name=f"P(deal), {esc(cmd)}", text=text,
                    line={"color": color, "dash": "dash"}, connectgaps=True,
                    hovertemplate="%{x|%Y-%m-%d %H:%M} UTC<br>%{text}<br>P(deal) = %{y:.1%}"
                                  "<extra></extra>",
                ),
                row=2, col=1,
            )  # fmt: skip
    fig.add_hline(y=0, line={"color": "#333", "width": 1}, row=1, col=1)
    fig.update_yaxes(title_text="g*", row=1, col=1)
    fig.update_yaxes(title_text="P(deal)", tickformat=".0%", range=[-0.03, 1.05], row=2, col=1)
    fig.update_xaxes(type="date", title_text="recorded (UTC)", row=2, col=1)
    apply_layout(fig, height=520, top=50)
    return fig


def history_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """HTML table of the most recent entries (newest first)."""
    shown = list(rows)[-MAX_TABLE_ROWS:][::-1]
    body = [
        [
            t.e(r["id"]),
            t.e(str(r["recorded_at"])[:16].replace("T", " ")),
            t.e(r["command"]),
            t.e(r.get("verdict") or "-"),
            t.fmt(r.get("gap")) if r.get("gap") is not None else "-",
            t.pct(r.get("p_deal")) or "-",
            t.code(str(r["scenario_hash"])[:12]),
        ]
        for r in shown
    ]
    head = ["entry", "recorded (UTC)", "command", "verdict", "g*", "P(deal)", "content"]
    return t.table(head, body)


def history_caption(rows: Sequence[Mapping[str, Any]], ledger: str) -> str:
    """One sentence: how many entries, from where, and how many scenario contents."""
    n, contents = len(rows), len({r["scenario_hash"] for r in rows})
    more = f" (the {MAX_TABLE_ROWS} most recent in the table)" if n > MAX_TABLE_ROWS else ""
    return (
        f"{n} recorded assessment(s) of this scenario in the ledger {t.code(ledger)}{more}, "
        f"{contents} distinct scenario content(s) (the content hash changes whenever a number, "
        "source or block of the scenario does; <code>ripeness ledger diff</code> shows what)."
    )


__all__ = ["history_caption", "history_figure", "history_table"]
