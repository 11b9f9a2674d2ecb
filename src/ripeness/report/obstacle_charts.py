"""The obstacle charts (report page and app): Shapley values, and each obstacle toggled.

Two figures, not two subplots of one: on a wide screen the page sets them side by side, on a
phone one above the other, and each keeps a readable axis. The toggle chart starts from the
current setting (the obstacles switched off now), as the verdict does, so the page and the
app never show "all on" beside a verdict computed with some obstacles off.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ..analysis import ObstacleAnalysis
from .charts import COLORS, apply_layout, esc


def padded_range(values: Sequence[float], pad: float = 0.08) -> list[float]:
    """An axis range covering 0 and every finite value, padded: no bar runs off its axis."""
    vals = [float(v) for v in values if v == v and abs(v) != float("inf")] + [0.0]
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    return [lo - pad * span, hi + pad * span]


def _height(n: int) -> int:
    return max(240, 70 + 34 * n)


def _labels(obs: ObstacleAnalysis, off: Sequence[str]) -> list[str]:
    return [esc(o) + (" (off)" if o in off else "") for o in obs.table.obstacles]


def shapley_figure(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> go.Figure:
    """Each obstacle's Shapley value of the gap reduction ``g*(all on) - g*(all off)``."""
    ids = list(obs.table.obstacles)
    sh = obs.shapley
    vals = [sh[o] for o in ids]
    fig = go.Figure(
        go.Bar(
            y=_labels(obs, off), x=vals, orientation="h", marker_color=COLORS["accent"],
            customdata=[esc(obs.titles.get(o, o)) for o in ids],
            hovertemplate="%{customdata}<br>Shapley value %{x:.4g}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=0, line={"color": "#333", "width": 1})
    fig.update_xaxes(range=padded_range(vals), title_text="share of the gap reduction")
    fig.update_yaxes(autorange="reversed", automargin=True)
    apply_layout(fig, height=_height(len(ids)))
    fig.update_layout(showlegend=False, bargap=0.3, margin={"l": 10})
    return fig


def toggle_figure(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> go.Figure:
    """``g*`` with each obstacle toggled from the current setting ``off``; green: a deal.

    A dashed line marks ``g*`` now; an obstacle off now is switched back on by its bar.
    """
    ids = list(obs.table.obstacles)
    tog = obs.toggled(off)
    now = obs.state(off)["gap"]
    gaps = [tog[o]["gap"] for o in ids]
    colours = [COLORS["deal"] if tog[o]["verdict"] == "deal" else COLORS["no_deal"] for o in ids]
    what = ["switched on" if not tog[o]["on"] else "switched off" for o in ids]
    fig = go.Figure(
        go.Bar(
            y=_labels(obs, off), x=gaps, orientation="h", marker_color=colours,
            customdata=[[esc(obs.titles.get(o, o)), w, tog[o]["verdict"], tog[o]["zopa_size"]]
                        for o, w in zip(ids, what, strict=True)],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]} "
            "(ZOPA %{customdata[3]})<br>g* = %{x:.4g}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=0, line={"color": "#333", "width": 1})
    fig.add_vline(x=now, line={"color": "#888", "width": 1, "dash": "dash"})
    fig.update_xaxes(range=padded_range([*gaps, now]), title_text="g* (below 0: a deal)")
    fig.update_yaxes(autorange="reversed", automargin=True)
    apply_layout(fig, height=_height(len(ids)))
    fig.update_layout(showlegend=False, bargap=0.3, margin={"l": 10})
    return fig


def toggle_heading(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> str:
    """The toggle chart's heading (plain text): from which setting, and ``g*`` now."""
    now = obs.state(off)["gap"]
    start = "all on" if not off else f"{', '.join(off)} off"
    return f"g* with each obstacle toggled from now ({start}; dashed: g* now, {now:.3g})"


SHAPLEY_HEADING = "Shapley value: each obstacle's share of the gap reduction"
