"""Interactive charts of the optional analyses: Monte Carlo and timeline (plotly)."""

from __future__ import annotations

import re

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .charts import COLORS, apply_layout, esc
from .extras import MonteCarloSummary, TimelinePoint

#: Dates plotted on a time axis; anything else is a category.
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def shown_quantiles(qs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The quantiles marked on a chart: 5%, 50% and 95% when given, else all (at most 3)."""
    main = [(q, v) for q, v in qs if any(abs(q - m) < 1e-9 for m in (0.05, 0.5, 0.95))]
    return main or qs[:3]


def montecarlo_figure(s: MonteCarloSummary) -> go.Figure:
    """Distribution of ``g*`` over the Monte Carlo draws (green: a deal), quantiles dotted."""
    fig = go.Figure()
    if s.hist_count is not None:
        assert s.hist_left is not None and s.hist_width is not None
        centers = s.hist_left + s.hist_width / 2
        fig.add_trace(
            go.Bar(
                x=centers, y=s.hist_count, width=s.hist_width, name="draws",
                marker_color=[COLORS["deal"] if c < 0 else COLORS["package"] for c in centers],
                hovertemplate="g* around %{x:.3g}: %{y} draws<extra></extra>",
            )
        )  # fmt: skip
        lo, hi = float(s.hist_left[0]), float(s.hist_left[-1] + s.hist_width[-1])
        if lo - 0.25 * (hi - lo) <= 0 <= hi + 0.25 * (hi - lo):  # the deal line, when near
            fig.add_vline(x=0, line={"color": "#333", "width": 1})
    for q, v in shown_quantiles(s.quantiles):
        fig.add_vline(x=v, line={"color": "#888", "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=v, y=1, yref="y domain", text=f"{q:.0%}", showarrow=False, yanchor="top",
            xanchor="left", xshift=2, font={"size": 10, "color": "#555"},
        )  # fmt: skip
    fig.update_xaxes(title_text="g*")
    fig.update_yaxes(title_text="draws")
    apply_layout(fig, height=360)
    fig.update_layout(showlegend=False)
    return fig


def binding_figure(s: MonteCarloSummary) -> go.Figure | None:
    """How often each obstacle binds over the draws (None when not reported)."""
    if not s.binding:
        return None
    names = list(s.binding)
    fig = go.Figure(
        go.Bar(
            y=[esc(n) for n in names], x=[s.binding[n] for n in names], orientation="h",
            marker_color=COLORS["accent"], name="binds",
            hovertemplate="%{y}: %{x:.1%}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02], title_text="share of draws")
    fig.update_yaxes(autorange="reversed", automargin=True)
    apply_layout(fig, height=max(240, 70 + 34 * len(names)))
    fig.update_layout(showlegend=False, margin={"l": 10})
    return fig


def timeline_figure(points: list[TimelinePoint]) -> go.Figure:
    """``g*`` (and P(deal) when given) at each date of the timeline."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    dates = [p.date for p in points]
    fig.add_trace(
        go.Scatter(
            x=dates,
            y=[p.gap for p in points],
            mode="lines+markers",
            name="g*",
            line={"color": COLORS["accent"]},
            marker={
                "size": 10,
                "color": [
                    COLORS["deal"] if p.verdict == "deal" else COLORS["no_deal"] for p in points
                ],
            },
            text=[f"{esc(p.label)}<br>{esc(p.verdict)}" for p in points],
            hovertemplate="%{x}<br>%{text}<br>g* = %{y:.4g}<extra></extra>",
        ),
        secondary_y=False,
    )
    if any(p.p_deal is not None for p in points):
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=[p.p_deal for p in points],
                mode="lines+markers",
                name="P(deal)",
                line={"color": COLORS["deal"], "dash": "dash"},
                connectgaps=True,
                hovertemplate="%{x}: P(deal) %{y:.1%}<extra></extra>",
            ),
            secondary_y=True,
        )
        fig.update_yaxes(
            title_text="P(deal)",
            tickformat=".0%",
            range=[0, 1],
            tickmode="linear",
            tick0=0,
            dtick=0.25,
            showgrid=False,
            secondary_y=True,
        )
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    fig.update_yaxes(title_text="g* (below 0: a deal exists)", secondary_y=False)
    fig.update_xaxes(type="date" if all(ISO_DATE.match(d) for d in dates) else "category")
    apply_layout(fig, height=400)
    if any(p.p_deal is not None for p in points):  # room for the right axis
        fig.update_layout(margin={"r": 64})
    return fig
