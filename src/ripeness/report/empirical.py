"""What real agreements did, beside the scenario's durability: figures and tables.

Shown in the report's durability section (``ripeness report --empirical-data PATH``) and the
app's durability tab when the user's copy of the UCDP Peace Agreement Dataset is given. The
figures and the choice of curves come from :mod:`ripeness.analysis.empirical`
(:func:`~ripeness.analysis.empirical.empirical_view`); nothing is computed here.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from matplotlib.figure import Figure

from ..analysis.curves import DurabilityCurves
from ..analysis.empirical import EmpiricalView
from . import tables as t
from .charts import PALETTE, apply_layout, esc

#: Years drawn (the scenario's curves span the same).
MAX_YEARS = 20.0
#: Readable names of the groups.
_NAMES = {
    "pko": ("with peacekeepers", "without peacekeepers"),
    "pa_3rd": ("with a third-party signatory", "without a third-party signatory"),
    "cease": ("with a ceasefire", "without a ceasefire"),
    "withd": ("with a withdrawal", "without a withdrawal"),
    "power_sharing": ("with power sharing", "without power sharing"),
    "terr_prov": ("with territorial provisions", "without territorial provisions"),
    "territory": ("over territory", "over government"),
}


def group_label(group: str) -> str:
    """``pko_1`` -> ``with peacekeepers (pko_1)``."""
    if group == "all":
        return "all agreements"
    if group.startswith("pa_type_"):
        return f"{group.removeprefix('pa_type_')} agreements ({group})"
    cov, _, value = group.rpartition("_")
    names = _NAMES.get(cov)
    return f"{names[0 if value == '1' else 1]} ({group})" if names else group


def _clip(times: Any, *ys: Any) -> list[list[float]]:
    keep = [i for i, x in enumerate(times) if x <= MAX_YEARS]
    out = [[float(times[i]) for i in keep] + [MAX_YEARS]]
    for y in ys:
        vals = [float(y[i]) for i in keep]
        out.append([*vals, vals[-1]])
    return out


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def empirical_figure(view: EmpiricalView, scenario: DurabilityCurves | None = None) -> go.Figure:
    """Kaplan–Meier curves with 95% bands; the scenario's default package dashed, if given."""
    fig = go.Figure()
    for i, g in enumerate(view.groups):
        c = view.empirical.curves[g]
        colour = PALETTE[i % len(PALETTE)]
        x, s, lo, hi = _clip(c.times, c.survival, c.low, c.high)
        name = esc(f"{group_label(g)}, n = {c.n}")
        band = {"x": x, "mode": "lines", "line": {"width": 0, "shape": "hv"}, "hoverinfo": "skip"}
        fig.add_trace(go.Scatter(y=hi, showlegend=False, legendgroup=g, **band))
        fig.add_trace(
            go.Scatter(
                y=lo, fill="tonexty", fillcolor=_rgba(colour, 0.12), showlegend=False,
                legendgroup=g, **band,
            )
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=x, y=s, mode="lines", name=name, legendgroup=g,
                line={"shape": "hv", "width": 3 if g == "all" else 2, "color": colour},
                hovertemplate=f"{name}<br>t = %{{x:.1f}} years: S = %{{y:.1%}}<extra></extra>",
            )
        )  # fmt: skip
    if scenario is not None and scenario.curves:
        c0 = scenario.curves[0]
        label = esc(f"scenario: {c0.label}")
        fig.add_trace(
            go.Scatter(
                x=scenario.years, y=c0.survival, mode="lines", name=label,
                line={"color": "#2b2b2b", "width": 2, "dash": "dash"},
                hovertemplate=f"{label}<br>t = %{{x:.1f}} years: S = %{{y:.1%}}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_xaxes(title_text="years after signature", range=[0, MAX_YEARS])
    fig.update_yaxes(
        title_text="share of agreements still in force", range=[0, 1.02], tickformat=".0%"
    )
    apply_layout(fig, height=460)
    return fig


def empirical_static(view: EmpiricalView) -> Figure:
    """The Kaplan–Meier curves as a matplotlib figure."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for i, g in enumerate(view.groups):
        c = view.empirical.curves[g]
        x, s, lo, hi = _clip(c.times, c.survival, c.low, c.high)
        colour = PALETTE[i % len(PALETTE)]
        ax.step(x, s, where="post", lw=2.5 if g == "all" else 1.5, color=colour,
                label=f"{group_label(g)}, n = {c.n}")  # fmt: skip
        ax.fill_between(x, lo, hi, step="post", color=colour, alpha=0.12, lw=0)
    ax.set_xlim(0, MAX_YEARS)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("years after signature")
    ax.set_ylabel("share still in force")
    ax.set_title("What real agreements did (UCDP PA v22.1, Kaplan–Meier)", loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return fig


def _ci(d: dict[str, Any] | None) -> str:
    if d is None:
        return ""
    return f"{d['s']:.0%} ({100 * (d['low'] or 0):.0f}–{100 * (d['high'] or 0):.0f})"


def _signed(d: dict[str, float] | None) -> str:
    if d is None:
        return ""
    return f"{d['value']:+.2f} ({d['low']:+.2f}, {d['high']:+.2f})"


#: Columns of the evidence table.
EVIDENCE_HEAD = (
    "party", "option", "deterrence (range)", "evidence", "1 − HR (95%)", "implied at q0",
    "scenario value is",
)  # fmt: skip


def empirical_html(view: EmpiricalView) -> str:
    """Survival of the groups drawn, the hazard ratios and the scenario's evidence table."""
    emp = view.empirical
    d = emp.to_dict()
    surv = [
        [t.e(group_label(g)), t.fmt(emp.curves[g].n), t.fmt(emp.curves[g].events),
         *(_ci(d["survival"][g][k]) for k in ("1y", "2y", "5y", "10y"))]
        for g in view.groups
    ]  # fmt: skip
    c = d["concordance"]
    cv = "–" if c["cross_validated"] is None else f"{c['cross_validated']:.3f}"
    viol = d["proportional_hazards"]["violations"]
    hr = [
        [t.code(k), f"{h['hr']:.2f} ({h['low']:.2f}–{h['high']:.2f})", f"{h['p']:.3f}",
         _signed(d["deterrence"][k])]
        for k, h in d["hazard_ratios"].items()
    ]  # fmt: skip
    rows = []
    for r in view.evidence.rows:
        rng = f" ({r.low:.2f}–{r.high:.2f})" if r.high > r.low else ""
        rows.append(
            [t.e(r.party), t.code(f"{r.issue}={r.option}"), f"{r.deterrence:.2f}{rng}",
             t.code(r.covariate) if r.covariate else "", _signed(r.empirical),
             _signed(r.implied), t.e(r.verdict)]
        )  # fmt: skip
    parts = [
        "<h3>What real agreements did</h3>",
        f'<p class="caption">{t.e(d["dataset"])}: {d["n"]} agreements ({d["events"]} ended), '
        f"Kaplan–Meier survival with 95% intervals; censored at {t.e(d['censored_at'])}. "
        "Coding: docs/model.md; figures and limits: docs/empirical.md.</p>",
        t.table(["group", "n", "ended", "1 year", "2 years", "5 years", "10 years"], surv),
        "<h3>Hazard ratios (Cox model) and the deterrence they imply</h3>",
        t.table(["covariate", "HR (95% interval)", "p", "1 − HR (95%)"], hr),
        f'<p class="caption">Concordance in sample {c["in_sample"]:.3f}, {c["folds"]}-fold '
        f"cross-validated by peace process {cv} (seed {c['seed']}). Proportional hazards "
        "(scaled Schoenfeld residuals, p &lt; 0.01): "
        + (f"violated by {t.e(', '.join(viol))}" if viol else "no violation")
        + ".</p>",
    ]
    if rows:
        parts += [
            "<h3>The scenario's deterrence values beside the data</h3>",
            t.table(EVIDENCE_HEAD, rows),
        ]
    parts.append(f'<p class="no">{t.e(emp.caveat())}</p>')
    return "".join(parts)
