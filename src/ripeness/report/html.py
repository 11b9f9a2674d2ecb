"""The report page: one self-contained HTML file (plotly.js inline, opens offline).

The page loads nothing: plotly.js is embedded once in the head, the figures follow as inline
scripts, and a Content-Security-Policy forbids every network fetch. All scenario text is
escaped (:mod:`ripeness.report.tables`, :mod:`ripeness.report.charts`).
"""

from __future__ import annotations

import datetime as _dt
from importlib import resources
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from .. import __version__
from . import charts, extra_charts
from . import tables as t
from .build import ReportData
from .durability import DurabilityCurves
from .empirical import EmpiricalView, empirical_figure, empirical_html
from .extras import MonteCarloSummary, TimelinePoint, montecarlo_summary, timeline_points
from .picture import Picture, nearest_name

#: No network: scripts and styles inline only (plotly.js needs neither eval nor fetches).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

NEUTRALITY = (
    "Every output in this report follows from the assumptions stated in the scenario — each "
    "number with its source and range, listed below — and from the model documented in "
    "ripeness's docs/model.md. A user "
    "can change any of them (<code>--set PATH=VALUE</code>, <code>--off OBSTACLE</code>, or a "
    "copy of the file) and see what follows. ripeness takes no side: it computes what the stated "
    "assumptions imply, not what anyone should want."
)

#: The page's style sheet (``style.css`` beside this module).
CSS = (resources.files(__package__) / "style.css").read_text(encoding="utf-8")


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure as a ``<div>`` and inline script (plotly.js is in the page head)."""
    body = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="figure">{body}</div>'


class Section:
    """One section of the page: an anchor, a short name for the navigation, a heading, a body."""

    def __init__(self, anchor: str, nav: str, title: str, *parts: str):
        self.anchor, self.nav, self.title, self.parts = anchor, nav, title, parts

    def html(self) -> str:
        body = "".join(self.parts)
        return f'<section id="{self.anchor}"><h2>{t.e(self.title)}</h2>{body}</section>'


def _caption(text: str) -> str:
    return f'<p class="caption">{text}</p>'


def verdict_section(data: ReportData) -> Section:
    a = data.analysis
    settings = []
    if data.off:
        settings.append("obstacles switched off: " + ", ".join(t.code(o) for o in data.off))
    if data.overrides:
        sets = ", ".join(t.code(f"{k}={v}") for k, v in data.overrides.items())
        settings.append(f"overrides: {sets}")
    kind = "deal" if a.verdict == "deal" else "nodeal"
    return Section(
        "verdict", "Verdict", "Verdict",
        f'<div class="verdict {kind}">{t.verdict_sentence(a)}</div>',
        _caption("; ".join(settings)) if settings else "",
        f'<p class="neutral">{NEUTRALITY}</p>',
        "<h3>Packages</h3>", t.packages_table(a, data.scenario),
        f"<h3>How each actor sees the {nearest_name(a)}</h3>", t.actors_table(a),
        "".join(f'<p class="no">Ruled out: {t.e(b)}</p>' for b in a.blocked_by),
    )  # fmt: skip


def picture_section(p: Picture) -> Section:
    return Section(
        "picture", "Bargaining picture", "The bargaining picture",
        figure_html(charts.picture_figure(p), "fig-picture"),
        _caption(
            "Each point is a package: the two principals' expected utility (commitment-discounted)"
            f" net of override costs. {t.e(p.caption)}. ZOPA: {p.zopa_size:,} package(s). Hover"
            " a point to see the package."
        ),
    )  # fmt: skip


def obstacles_section(data: ReportData, d: dict[str, Any]) -> Section:
    on, off = d["all_on"], d["all_off"]
    return Section(
        "obstacles", "Obstacles", "What stands in the way: the obstacles",
        figure_html(charts.obstacle_figure(d), "fig-obstacles"),
        _caption(
            f"Every subset of the {len(d['obstacles'])} obstacles switched off (all on: "
            f"{t.e(on['verdict'])}, g* = {t.fmt(on['gap'], 3)}; all off: {t.e(off['verdict'])}, "
            f"g* = {t.fmt(off['gap'], 3)}). Shapley values share the gap reduction g*(all on) − "
            "g*(all off) among the obstacles; green bars: switching this obstacle off alone "
            "opens a deal."
        ),
        t.obstacles_table(d, data.off), t.unblocking_sets(d),
    )  # fmt: skip


def lever_section(d: dict[str, Any]) -> Section:
    lo, hi = (t.fmt(x) for x in d["range"])
    return Section(
        "lever", "Lever", f"What would have to change: {d['param']}",
        figure_html(charts.lever_figure(d), "fig-lever"),
        _caption(
            f"{t.e(d['message'])}. g* over [{lo}, {hi}]; green band: a deal exists; dashed line: "
            "the threshold."
        ),
    )  # fmt: skip


def durability_section(dc: DurabilityCurves | None, emp: EmpiricalView | None = None) -> Section:
    parts: list[str] = []
    if dc is not None:
        parts += [
            figure_html(charts.durability_figure(dc), "fig-durability"),
            _caption(
                f"Survival S(t) = exp(−hazard·t) of the {t.e(dc.chosen_as)} and of the same "
                "package with each other guarantee option (constant hazard from the breach "
                "probability over the horizon)."
            ),
            t.durability_table(dc),
        ]
    if emp is not None:
        parts += [
            figure_html(empirical_figure(emp, dc), "fig-empirical"),
            _caption(
                "Kaplan–Meier survival of real peace agreements (UCDP), with 95% bands; "
                "dashed: the scenario's package, for comparison."
            ),
            empirical_html(emp),
        ]
    return Section("durability", "Durability", "How long a deal would last", *parts)


def montecarlo_section(mc: MonteCarloSummary) -> Section:
    info = []
    if mc.p_deal is not None:
        se = f" ± {mc.p_deal_se:.1%} (standard error)" if mc.p_deal_se is not None else ""
        info.append(f"<b>P(a deal exists) = {mc.p_deal:.1%}{se}</b>")
    if mc.draws is not None:
        info.append(f"{mc.draws:,} draws")
    if mc.seed is not None:
        info.append(f"seed {t.e(mc.seed)}")
    if mc.quantiles:
        info.append(
            "g* quantiles: " + ", ".join(f"q{q:.0%} = {t.fmt(v, 3)}" for q, v in mc.quantiles)
        )
    parts = [
        figure_html(extra_charts.montecarlo_figure(mc), "fig-montecarlo"),
        _caption("; ".join(info)),
    ]
    if mc.top:
        rows = [
            [t.e(", ".join(f"{k}={v}" for k, v in pkg.items())), f"{f:.1%}"] for pkg, f in mc.top
        ]
        parts += [
            "<h3>Packages most often a deal</h3>",
            t.table(["package", "share of draws"], rows),
        ]
    return Section("montecarlo", "Uncertainty", "Uncertainty (Monte Carlo)", *parts)


def timeline_section(pts: list[TimelinePoint]) -> Section:
    head = ["date", "event", "verdict", "g*"]
    rows = [[t.e(p.date), t.e(p.label), t.e(p.verdict), t.fmt(p.gap)] for p in pts]
    if any(p.p_deal is not None for p in pts):
        head.append("P(deal)")
        rows = [[*r, t.pct(p.p_deal)] for r, p in zip(rows, pts, strict=True)]
    return Section(
        "timeline", "Timeline", "Over time",
        figure_html(extra_charts.timeline_figure(pts), "fig-timeline"),
        t.table(head, rows),
    )  # fmt: skip


def history_section(data: ReportData) -> Section:
    from . import history as h

    rows = data.history or []
    return Section(
        "history", "History", "History: what the ledger recorded over time",
        figure_html(h.history_figure(rows), "fig-history"),
        _caption(h.history_caption(rows, data.ledger or "")), h.history_table(rows),
    )  # fmt: skip


def sections(data: ReportData) -> list[Section]:
    """Every section of the page, in order (sections without data left out)."""
    out = [verdict_section(data)]
    if data.picture is not None:
        out.append(picture_section(data.picture))
    if data.obstacles is not None:
        out.append(obstacles_section(data, data.obstacles.to_dict()))
    if data.lever is not None:
        out.append(lever_section(data.lever.to_dict()))
    if data.record is not None:
        from .record import record_html

        no_deal = {i: x.no_deal for i, x in data.scenario.spec.issues.items()}
        out.append(Section(
            "record", "Record", "The model against the record",
            _caption(
                "Observations at the scenario's date that the model is held against and never "
                "fitted to: for a position, the actor's own acceptance of the package (its "
                "shortfall, red lines included); for a poll, the electorate's support."
            ),
            record_html(data.record, no_deal),
        ))  # fmt: skip
    if data.durability is not None or data.empirical is not None:
        out.append(durability_section(data.durability, data.empirical))
    mc = montecarlo_summary(data.montecarlo)
    if mc is not None:
        out.append(montecarlo_section(mc))
    pts = timeline_points(data.timeline) if data.timeline is not None else []
    if pts:
        out.append(timeline_section(pts))
    if data.history:
        out.append(history_section(data))
    n = len(data.assumptions)
    out.append(Section(
        "assumptions", "Assumptions", f"Assumptions: every number and its source ({n})",
        _caption(
            "The point value is used by every analysis but Monte Carlo, which draws from the "
            "range. A source in brackets marked inherited is the one named by the enclosing "
            "block. Paths work with <code>--set PATH=VALUE</code>."
        ),
        t.assumptions_table(data.assumptions, data.overrides),
    ))  # fmt: skip
    out.append(Section(
        "scenario", "Scenario", "The scenario, in its own words",
        t.scenario_text(data.scenario), "<h3>Sources</h3>", t.sources_list(data.scenario),
    ))  # fmt: skip
    if data.notes:
        notes = "".join(f"<li>{t.e(n)}</li>" for n in data.notes)
        out.append(Section("notes", "Notes", "Notes", f"<ul>{notes}</ul>"))
    return out


def render_html(data: ReportData, *, generated: str | None = None) -> str:
    """The whole report page.

    Parameters
    ----------
    data : ReportData
        From :func:`ripeness.report.collect`.
    generated : str, optional
        Timestamp shown in the footer (default: now, UTC).
    """
    from plotly.offline import get_plotlyjs

    sc = data.scenario
    secs = sections(data)
    nav = "".join(f'<a href="#{x.anchor}">{t.e(x.nav)}</a>' for x in secs)
    when = generated or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    as_of = f" · as of {t.e(sc.spec.as_of)}" if sc.spec.as_of else ""
    head: list[Any] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{t.e(sc.title)} — ripeness report</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body><main>",
        f'<header><div class="sub">ripeness report · <code>{t.e(sc.id)}</code>{as_of}</div>',
        f"<h1>{t.e(sc.title)}</h1><nav>{nav}</nav></header>",
    ]
    body = [x.html() for x in secs]
    foot = [
        f"<footer><p>{NEUTRALITY}</p>",
        f"<p>Generated by ripeness {t.e(__version__)} on {t.e(when)} from {t.code(sc.file)}.</p>",
        "</footer></main></body></html>",
    ]
    return "\n".join([*head, *body, *foot])


def render_cases_html(d: dict[str, Any], *, generated: str | None = None) -> str:
    """The case library's page: calibration chart, the per-snapshot table, durability."""
    from plotly.offline import get_plotlyjs

    from .record import calibration_figure, cases_html

    table, summary = cases_html(d)
    when = generated or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    secs = [
        Section("summary", "Scores", "The model against history", summary, _caption(
            "A dozen hand-encoded cases is a plausibility check, not a statistical validation: "
            "every encoding is a judgement, made by the protocol in docs/cases.md before the "
            "scores were seen."
        )),
        Section("calibration", "Calibration", "P(deal) against what happened",
                figure_html(calibration_figure(d["snapshots"]), "fig-calibration")),
        Section("cases", "Cases", "Every snapshot", table),
    ]  # fmt: skip
    nav = "".join(f'<a href="#{x.anchor}">{t.e(x.nav)}</a>' for x in secs)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ripeness: the case library</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body><main>",
        '<header><div class="sub">ripeness report · the case library</div>',
        f"<h1>The case library: the model scored against history</h1><nav>{nav}</nav></header>",
        *[x.html() for x in secs],
        f"<footer><p>{NEUTRALITY}</p>",
        f"<p>Generated by ripeness {t.e(__version__)} on {t.e(when)}.</p>",
        "</footer></main></body></html>",
    ])  # fmt: skip
