"""Interactive plotly figures of the report and the app.

Every function takes results (or their plain data) and returns a plotly ``Figure``.
Text from the scenario is user input: it is HTML-escaped before it reaches a label or hover text
(plotly renders a subset of HTML in them).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ..analysis.curves import DurabilityCurves
from .picture import Picture

#: Colours shared by the interactive and the static charts.
COLORS = {
    "package": "#6f7b8b",
    "ruled_out": "#d5dae1",
    "deal": "#1a9850",
    "no_deal": "#d73027",
    "frontier": "#2b2b2b",
    "disagreement": "#d73027",
    "nearest compromise": "#f46d43",
    "most robust deal": "#f46d43",
    "nash": "#4575b4",
    "kalai smorodinsky": "#313695",
    "egalitarian": "#762a83",
    "utilitarian": "#35978f",
    "accent": "#4575b4",
}
SYMBOLS = {
    "nearest compromise": "diamond",
    "most robust deal": "diamond",
    "nash": "circle-open",
    "kalai smorodinsky": "square-open",
    "egalitarian": "triangle-up-open",
    "utilitarian": "cross-open",
}
#: Qualitative palette (Tableau 10) for several curves.
PALETTE = ["#4e79a7", "#e15759", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"]
TEMPLATE = "plotly_white"
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def esc(s: Any) -> str:
    """HTML-escape text for plotly labels and hover text."""
    return html.escape(str(s))


def apply_layout(fig: go.Figure, height: int = 460, top: int = 30) -> go.Figure:
    """Shared look; figures carry no title (the page or the app names them)."""
    fig.update_layout(
        template=TEMPLATE,
        font=FONT,
        height=height,
        margin={"l": 70, "r": 30, "t": top, "b": 60},
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "x": 0.0},
        hoverlabel={"align": "left"},
    )
    return fig


def _pkg_text(package: Mapping[str, str], per_line: int = 3) -> str:
    parts = [f"{esc(k)}={esc(v)}" for k, v in package.items()]
    return "<br>".join(", ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line))


def picture_figure(p: Picture) -> go.Figure:
    """Principals' net expected utility of every package, the frontier, the ZOPA and the marks."""
    fig = go.Figure()
    hover = "%{text}<br>x = %{x:.4g}, y = %{y:.4g}<extra>%{fullData.name}</extra>"
    groups = [
        ("ruled out (constitution or rule)", p.blocked & ~p.deal, COLORS["ruled_out"], 5),
        ("package (not a deal)", ~p.blocked & ~p.deal, COLORS["package"], 6),
        ("ZOPA (a deal)", p.deal, COLORS["deal"], 8),
    ]
    text = np.array(p.text, dtype=object)
    for name, mask, color, size in groups:
        if not mask.any():
            continue
        fig.add_trace(
            go.Scatter(
                x=p.x[mask],
                y=p.y[mask],
                mode="markers",
                name=name,
                text=text[mask].tolist(),
                marker={"color": color, "size": size, "line": {"width": 0}},
                hovertemplate=hover,
            )
        )
    if len(p.frontier_x):
        fig.add_trace(
            go.Scatter(
                x=p.frontier_x,
                y=p.frontier_y,
                mode="lines",
                name="Pareto frontier (legal packages)",
                line={"color": COLORS["frontier"], "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    dx, dy = p.disagreement
    fig.add_hline(y=dy, line={"color": COLORS["disagreement"], "width": 1, "dash": "dash"})
    fig.add_vline(x=dx, line={"color": COLORS["disagreement"], "width": 1, "dash": "dash"})
    fig.add_trace(
        go.Scatter(
            x=[dx],
            y=[dy],
            mode="markers",
            name="disagreement point (fighting on)",
            marker={
                "symbol": "star",
                "size": 16,
                "color": COLORS["disagreement"],
                "line": {"width": 1, "color": "white"},
            },
            hovertemplate="BATNAs: x = %{x:.4g}, y = %{y:.4g}<extra>disagreement point</extra>",
        )
    )
    for m in p.marks:
        fig.add_trace(
            go.Scatter(
                x=[m.x],
                y=[m.y],
                mode="markers",
                name=m.name,
                text=[_pkg_text(m.package)],
                marker={
                    "symbol": SYMBOLS.get(m.name, "circle-open"),
                    "size": 15,
                    "color": COLORS.get(m.name, COLORS["accent"]),
                    "line": {"width": 2.5, "color": COLORS.get(m.name, COLORS["accent"])},
                },
                hovertemplate=hover,
            )
        )
    a, b = p.labels
    fig.update_xaxes(title_text=f"{esc(a)}: net expected utility", zeroline=False)
    fig.update_yaxes(title_text=f"{esc(b)}: net expected utility", zeroline=False)
    apply_layout(fig, height=600)
    return fig


#: What the bargaining picture's dashed lines mean (shown under it, not inside it).
PICTURE_KEY = (
    "Dashed lines: each principal's value of fighting on. A deal lies up and right of their "
    "crossing and satisfies every other actor, constitution and rule."
)


def lever_found(d: Mapping[str, Any]) -> bool:
    """Whether a lever's sweep found a deal anywhere in its range."""
    return d.get("threshold") is not None


def lever_figure(d: Mapping[str, Any]) -> go.Figure:
    """``g*`` against a lever (:meth:`ripeness.LeverResult.to_dict`).

    Where a deal exists: green bands and the threshold (dashed). When the range holds no deal
    the chart says so, and marks the lowest ``g*``; no band or threshold is drawn.
    """
    c = d["curve"]
    x, g, deal = c["value"], c["gap"], c["deal"]
    fig = go.Figure()
    for lo, hi in d.get("intervals") or []:
        fig.add_vrect(x0=lo, x1=hi, fillcolor=COLORS["deal"], opacity=0.12, line_width=0)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=g,
            mode="lines+markers",
            name="g*",
            line={"color": COLORS["accent"], "width": 2},
            marker={"size": 6, "color": [COLORS["deal"] if v else COLORS["no_deal"] for v in deal]},
            hovertemplate="value %{x:.4g}<br>g* = %{y:.4g}<extra></extra>",
        )
    )
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    if d.get("threshold") is not None and d.get("direction") != "none":
        fig.add_vline(x=d["threshold"], line={"color": COLORS["deal"], "width": 2, "dash": "dash"})
        fig.add_annotation(
            x=d["threshold"],
            y=1.0,
            yref="paper",
            text=f"threshold {d['threshold']:.4g}",
            showarrow=False,
            yanchor="bottom",
            font={"color": COLORS["deal"]},
        )
    if not lever_found(d) and g:
        i = min(range(len(g)), key=lambda j: g[j])
        lo, hi = d["range"]
        fig.add_annotation(
            x=0.5, y=1.0, xref="paper", yref="paper", yanchor="bottom", showarrow=False,
            text=f"no deal anywhere in [{lo:.4g}, {hi:.4g}]", font={"color": COLORS["no_deal"]},
        )  # fmt: skip
        fig.add_annotation(
            x=x[i], y=g[i], text=f"lowest g* {g[i]:.3g}", showarrow=True, arrowhead=0, ay=28,
            font={"size": 11, "color": "#555"},
        )  # fmt: skip
    if d.get("current") is not None:
        fig.add_vline(x=d["current"], line={"color": "#666", "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=d["current"],
            y=0.0,
            yref="paper",
            text=f"now {d['current']:.4g}",
            showarrow=False,
            yanchor="bottom",
            xanchor="left",
            font={"size": 11, "color": "#555"},
        )
    fig.update_xaxes(title_text=esc(d["param"]))
    fig.update_yaxes(title_text="g* (below 0: a deal exists)")
    apply_layout(fig, height=400, top=36)
    fig.update_layout(showlegend=False)
    return fig


def durability_figure(dc: DurabilityCurves) -> go.Figure:
    """Survival ``S(t)`` of the default package and its guarantee alternatives."""
    fig = go.Figure()
    palette = PALETTE
    for i, c in enumerate(dc.curves):
        dd = c.durability
        fig.add_trace(
            go.Scatter(
                x=dc.years,
                y=c.survival,
                mode="lines",
                name=esc(c.label),
                line={
                    "width": 3.5 if c.default else 1.8,
                    "color": palette[i % len(palette)],
                    "dash": "solid" if c.default else "dash",
                },
                hovertemplate=f"{esc(c.label)}<br>breach over horizon {dd.breach_probability:.1%}"
                "<br>t = %{x:.1f} years: S = %{y:.1%}<extra></extra>",
            )
        )
    fig.add_hline(y=0.5, line={"color": "#999", "width": 1, "dash": "dot"})
    fig.update_xaxes(title_text="years after signature")
    fig.update_yaxes(
        title_text="probability the deal still holds, S(t)", range=[0, 1.02], tickformat=".0%"
    )
    apply_layout(fig, height=440)
    return fig
