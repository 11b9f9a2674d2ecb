"""Static PNG/PDF versions of the report's figures (matplotlib, no display needed).

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state). Scenario
text is plain text here, but ``$`` would start mathtext, so it is escaped.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..analysis import ObstacleAnalysis
from ..analysis.curves import DurabilityCurves
from .build import ReportData
from .charts import COLORS, PALETTE, lever_found
from .extras import MonteCarloSummary, TimelinePoint, montecarlo_summary, timeline_points
from .obstacle_charts import padded_range
from .picture import Picture

#: Formats accepted by :func:`render_static`.
FORMATS = ("png", "pdf")
MARKERS = {
    "nearest compromise": "D",
    "most robust deal": "D",
    "nash": "o",
    "kalai smorodinsky": "s",
    "egalitarian": "^",
    "utilitarian": "P",
}


def plain(s: Any) -> str:
    """Scenario text for a matplotlib label (``$`` escaped: no mathtext)."""
    return str(s).replace("$", r"\$")


def _fig(w: float = 8.0, h: float = 5.0) -> Figure:
    fig = Figure(figsize=(w, h), dpi=100, layout="constrained")
    return fig


def picture_static(p: Picture) -> Figure:
    """The bargaining picture."""
    fig = _fig(8, 6.5)
    ax = fig.add_subplot()
    groups = [
        ("ruled out", p.blocked & ~p.deal, COLORS["ruled_out"], 6),
        ("package (not a deal)", ~p.blocked & ~p.deal, COLORS["package"], 9),
        ("ZOPA (a deal)", p.deal, COLORS["deal"], 22),
    ]
    for name, mask, color, size in groups:
        if mask.any():
            ax.scatter(p.x[mask], p.y[mask], s=size, c=color, label=name, linewidths=0)
    if len(p.frontier_x):
        ax.plot(
            p.frontier_x,
            p.frontier_y,
            ":",
            color=COLORS["frontier"],
            lw=1.3,
            label="Pareto frontier",
        )
    dx, dy = p.disagreement
    ax.axvline(dx, color=COLORS["disagreement"], lw=0.9, ls="--")
    ax.axhline(dy, color=COLORS["disagreement"], lw=0.9, ls="--")
    ax.scatter(
        [dx],
        [dy],
        marker="*",
        s=220,
        c=COLORS["disagreement"],
        edgecolors="white",
        zorder=5,
        label="disagreement point",
    )
    for m in p.marks:
        c = COLORS.get(m.name, COLORS["accent"])
        filled = m.name in ("nearest compromise", "most robust deal")
        ax.scatter(
            [m.x],
            [m.y],
            marker=MARKERS.get(m.name, "o"),
            s=120,
            zorder=6,
            label=m.name,
            facecolors=c if filled else "none",
            edgecolors=c,
            linewidths=2,
        )
    ax.set_xlabel(f"{plain(p.labels[0])}: expected utility net of cost")
    ax.set_ylabel(f"{plain(p.labels[1])}: expected utility net of cost")
    ax.set_title("The bargaining picture", loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best", framealpha=0.9)
    return fig


def obstacles_static(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> Figure:
    """``g*`` with each obstacle toggled from the setting ``off``, and the Shapley values.

    Each panel's axis covers 0 and every bar (negative bars included).
    """
    ids = list(obs.table.obstacles)
    fig = _fig(9, max(3.0, 0.9 + 0.45 * len(ids)))
    a1, a2 = fig.subplots(1, 2, sharey=True)
    y = np.arange(len(ids))
    tog, now = obs.toggled(off), obs.state(off)["gap"]
    gaps = [tog[o]["gap"] for o in ids]
    a1.barh(
        y, gaps,
        color=[COLORS["deal"] if tog[o]["verdict"] == "deal" else COLORS["no_deal"] for o in ids],
    )  # fmt: skip
    a1.set_yticks(y, [plain(o) + (" (off)" if o in off else "") for o in ids])
    a1.invert_yaxis()
    a1.axvline(0, color="#333", lw=0.8)
    a1.axvline(now, color="#888", lw=0.8, ls="--")
    a1.set_xlim(*padded_range([*gaps, now]))
    a1.set_title("g* with each obstacle toggled from now", fontsize=10)
    shap = [obs.shapley[o] for o in ids]
    a2.barh(y, shap, color=COLORS["accent"])
    a2.axvline(0, color="#333", lw=0.8)
    a2.set_xlim(*padded_range(shap))
    a2.set_title("Shapley value (share of the gap reduction)", fontsize=10)
    for ax in (a1, a2):
        ax.grid(axis="x", alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(5))
    return fig


def lever_static(d: Mapping[str, Any]) -> Figure:
    """``g*`` against a lever."""
    fig = _fig(8, 4.2)
    ax = fig.add_subplot()
    c = d["curve"]
    for lo, hi in d.get("intervals") or []:
        ax.axvspan(lo, hi, color=COLORS["deal"], alpha=0.12, lw=0)
    ax.plot(c["value"], c["gap"], "-", color=COLORS["accent"], lw=1.8)
    ax.scatter(
        c["value"],
        c["gap"],
        s=14,
        c=[COLORS["deal"] if v else COLORS["no_deal"] for v in c["deal"]],
        zorder=3,
    )
    ax.axhline(0, color="#333", lw=0.8)
    if d.get("threshold") is not None and d.get("direction") != "none":
        ax.axvline(
            d["threshold"],
            color=COLORS["deal"],
            lw=1.6,
            ls="--",
            label=f"threshold {d['threshold']:.4g}",
        )
    if not lever_found(d):
        lo, hi = d["range"]
        ax.set_title(f"no deal anywhere in [{lo:.4g}, {hi:.4g}]", loc="right", fontsize=9,
                     color=COLORS["no_deal"])  # fmt: skip
    if d.get("current") is not None:
        ax.axvline(d["current"], color="#666", lw=0.9, ls=":", label=f"now {d['current']:.4g}")
    ax.set_xlabel(plain(d["param"]))
    ax.set_ylabel("g* (below 0: a deal exists)")
    ax.set_title(f"Lever: {plain(d['param'])}", loc="left")
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    return fig


def durability_static(dc: DurabilityCurves) -> Figure:
    """Survival curves."""
    fig = _fig(8, 4.5)
    ax = fig.add_subplot()
    for i, c in enumerate(dc.curves):
        ax.plot(
            dc.years,
            c.survival,
            lw=3 if c.default else 1.5,
            ls="-" if c.default else "--",
            color=PALETTE[i % len(PALETTE)],
            label=plain(c.label),
        )
    ax.axhline(0.5, color="#999", lw=0.8, ls=":")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("years after signature")
    ax.set_ylabel("S(t)")
    ax.set_title("How long a deal lasts, by guarantee option", loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def montecarlo_static(s: MonteCarloSummary) -> Figure:
    """Histogram of ``g*`` over the draws."""
    fig = _fig(8, 4.2)
    ax = fig.add_subplot()
    if s.hist_count is not None and s.hist_left is not None and s.hist_width is not None:
        centers = s.hist_left + s.hist_width / 2
        ax.bar(
            centers,
            s.hist_count,
            width=s.hist_width,
            color=[COLORS["deal"] if x < 0 else COLORS["package"] for x in centers],
        )
    ax.axvline(0, color="#333", lw=0.8)
    for _q, v in s.quantiles:
        ax.axvline(v, color="#888", lw=0.8, ls=":")
    title = "Monte Carlo: g* over the draws"
    if s.p_deal is not None:
        title += f"; P(deal) = {s.p_deal:.1%}"
    ax.set_title(title, loc="left")
    ax.set_xlabel("g*")
    ax.grid(alpha=0.3)
    return fig


def timeline_static(points: list[TimelinePoint]) -> Figure:
    """``g*`` at each date."""
    fig = _fig(8, 4.2)
    ax = fig.add_subplot()
    x = np.arange(len(points))
    gaps = [np.nan if p.gap is None else p.gap for p in points]
    ax.plot(x, gaps, "-", color=COLORS["accent"])
    ax.scatter(
        x,
        gaps,
        c=[COLORS["deal"] if p.verdict == "deal" else COLORS["no_deal"] for p in points],
        zorder=3,
    )
    ax.axhline(0, color="#333", lw=0.8)
    ax.set_xticks(x, [plain(p.date) for p in points], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("g*")
    ax.set_title("Over time", loc="left")
    ax.grid(alpha=0.3)
    return fig


def static_figures(data: ReportData) -> dict[str, Figure]:
    """Every figure of the report that has data, by file stem."""
    out: dict[str, Figure] = {}
    if data.picture is not None:
        out["bargaining"] = picture_static(data.picture)
    if data.obstacles is not None:
        off = [o for o in data.off if o in data.obstacles.table.obstacles]
        out["obstacles"] = obstacles_static(data.obstacles, off)
    if data.lever is not None:
        out["lever"] = lever_static(data.lever.to_dict())
    if data.durability is not None:
        out["durability"] = durability_static(data.durability)
    if data.empirical is not None:
        from .empirical import empirical_static

        out["empirical"] = empirical_static(data.empirical)
    mc = montecarlo_summary(data.montecarlo)
    if mc is not None:
        out["montecarlo"] = montecarlo_static(mc)
    pts = timeline_points(data.timeline) if data.timeline is not None else []
    if pts:
        out["timeline"] = timeline_static(pts)
    return out


def figure_bytes(fig: Figure, fmt: str, dpi: int = 150) -> bytes:
    """A figure as PNG or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    buf = io.BytesIO()
    meta = (
        {"Software": "ripeness"} if fmt == "png" else {"Creator": "ripeness", "CreationDate": None}
    )
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return buf.getvalue()


def render_static(data: ReportData, fmt: str) -> dict[str, bytes]:
    """``{file name: bytes}`` of every static figure in format ``fmt``."""
    return {f"{name}.{fmt}": figure_bytes(fig, fmt) for name, fig in static_figures(data).items()}
