"""The report page: one self-contained HTML file (plotly.js inline, opens offline).

The page loads nothing: plotly.js is embedded once in the head, the figures follow as inline
scripts, and a Content-Security-Policy forbids every network fetch. All scenario text is
escaped (:mod:`ripeness.report.tables`, :mod:`ripeness.report.charts`).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from .. import __version__
from . import charts
from . import tables as t
from .build import ReportData
from .extras import montecarlo_summary, timeline_points

#: No network: scripts and styles inline only (plotly.js needs neither eval nor fetches).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

NEUTRALITY = (
    "Every output in this report follows from the assumptions stated in the scenario — each "
    "number with its source and range, listed below — and from the model of DESIGN.md. A user "
    "can change any of them (<code>--set PATH=VALUE</code>, <code>--off OBSTACLE</code>, or a "
    "copy of the file) and see what follows. ripeness takes no side: it computes what the stated "
    "assumptions imply, not what anyone should want."
)

CSS = """
:root { --fg:#1d232b; --muted:#5b6573; --line:#e3e7ec; --deal:#1a9850; --nodeal:#d73027; --accent:#4575b4; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:#f6f7f9; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 60px; background:#fff; min-height:100vh; }
header h1 { font-size: 26px; margin: 8px 0 4px; }
header .sub { color: var(--muted); }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
nav { margin: 14px 0 0; font-size: 14px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
.verdict { font-size: 18px; padding: 14px 18px; border-radius: 8px; background: #f3f6fa; border-left: 6px solid var(--accent); margin: 18px 0 10px; }
.verdict.deal { border-left-color: var(--deal); } .verdict.nodeal { border-left-color: var(--nodeal); }
.badge { display:inline-block; padding: 1px 9px; border-radius: 10px; font-size: 13px; font-weight: 600; color:#fff; vertical-align: 2px; }
.badge.deal { background: var(--deal); } .badge.nodeal { background: var(--nodeal); }
.badge.set { background: #f46d43; font-size: 11px; }
.ok { color: var(--deal); font-weight: 600; } .no { color: var(--nodeal); font-weight: 600; }
.warn { color: #b35806; } .muted { color: var(--muted); }
.neutral { font-size: 14px; color: var(--muted); background:#fafbfc; border:1px solid var(--line); border-radius:6px; padding: 10px 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: #f3f5f8; font-weight: 600; }
table.assumptions td:nth-child(2), table.assumptions td:nth-child(3) { white-space: nowrap; }
.prose { white-space: pre-wrap; font-size: 14px; background:#fafbfc; border:1px solid var(--line); border-radius:6px; padding: 12px 14px; }
.note { color: var(--muted); font-size: 13px; margin: 2px 0 0 0; }
.figure { margin: 6px 0 4px; } .caption { color: var(--muted); font-size: 13px; margin: 0 0 10px; }
ul.sources li { margin-bottom: 6px; }
code { font-size: 12.5px; background:#f1f3f6; padding: 0 4px; border-radius: 3px; }
footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); font-size: 13px; color: var(--muted); }
"""


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure as a ``<div>`` and inline script (plotly.js is in the page head)."""
    body = pio.to_html(
        fig, full_html=False, include_plotlyjs=False, div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="figure">{body}</div>'


def _section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{t.e(title)}</h2>{"".join(parts)}</section>'


def _caption(text: str) -> str:
    return f'<p class="caption">{text}</p>'


def sections(data: ReportData) -> list[tuple[str, str, str]]:  # noqa: C901
    """``(anchor, nav title, html)`` of every section, in page order."""
    a, sc = data.analysis, data.scenario
    out: list[tuple[str, str, str]] = []
    settings = []
    if data.off:
        settings.append("obstacles switched off: " + ", ".join(f"<code>{t.e(o)}</code>" for o in data.off))
    if data.overrides:
        settings.append("overrides: " + ", ".join(f"<code>{t.e(k)}={t.e(v)}</code>" for k, v in data.overrides.items()))
    out.append((
        "verdict", "Verdict",
        _section(
            "verdict", "Verdict",
            f'<div class="verdict {"deal" if a.verdict == "deal" else "nodeal"}">{t.verdict_sentence(a)}</div>',
            _caption("; ".join(settings)) if settings else "",
            f'<p class="neutral">{NEUTRALITY}</p>',
            "<h3>Packages</h3>", t.packages_table(a, sc),
            "<h3>How each actor sees the nearest compromise</h3>", t.actors_table(a),
            "".join(f'<p class="no">Ruled out: {t.e(b)}</p>' for b in a.blocked_by),
        ),
    ))
    if data.picture is not None:
        p = data.picture
        out.append(("picture", "Bargaining picture", _section(
            "picture", "The bargaining picture",
            figure_html(charts.picture_figure(p), "fig-picture"),
            _caption(
                f"Each point is a package: the two principals' expected utility (commitment-"
                f"discounted) net of override costs. {t.e(p.caption)}. ZOPA: {p.zopa_size:,} "
                "package(s). Hover a point to see the package."
            ),
        )))
    if data.obstacles is not None:
        d = data.obstacles.to_dict()
        out.append(("obstacles", "Obstacles", _section(
            "obstacles", "What stands in the way: the obstacles",
            figure_html(charts.obstacle_figure(d), "fig-obstacles"),
            _caption(
                f"Every subset of the {len(d['obstacles'])} obstacles switched off (with all "
                f"obstacles on: {t.e(d['all_on']['verdict'])}, g* = {t.fmt(d['all_on']['gap'], 3)}; "
                f"all off: {t.e(d['all_off']['verdict'])}, g* = {t.fmt(d['all_off']['gap'], 3)}). "
                "Shapley values share the gap reduction g*(all on) − g*(all off) among the obstacles; "
                "green bars: switching this obstacle off alone opens a deal."
            ),
            t.obstacles_table(d, data.off), t.unblocking_sets(d),
        )))
    if data.lever is not None:
        d = data.lever.to_dict()
        out.append(("lever", "Lever", _section(
            "lever", f"What would have to change: {d['param']}",
            figure_html(charts.lever_figure(d), "fig-lever"),
            _caption(f"{t.e(d['message'])}. g* over [{t.fmt(d['range'][0])}, {t.fmt(d['range'][1])}]; "
                     "green band: a deal exists; dashed line: the threshold."),
        )))
    if data.durability is not None:
        dc = data.durability
        out.append(("durability", "Durability", _section(
            "durability", "How long a deal would last",
            figure_html(charts.durability_figure(dc), "fig-durability"),
            _caption(f"Survival S(t) = exp(−hazard·t) of the {t.e(dc.chosen_as)} and of the same "
                     "package with each other guarantee option (constant hazard from the breach "
                     "probability over the horizon)."),
            t.durability_table(dc),
        )))
    mc = montecarlo_summary(data.montecarlo)
    if mc is not None:
        info = []
        if mc.p_deal is not None:
            se = f" ± {mc.p_deal_se:.1%} (standard error)" if mc.p_deal_se is not None else ""
            info.append(f"<b>P(a deal exists) = {mc.p_deal:.1%}{se}</b>")
        if mc.draws is not None:
            info.append(f"{mc.draws:,} draws")
        if mc.seed is not None:
            info.append(f"seed {t.e(mc.seed)}")
        q = ", ".join(f"q{qq:.0%} = {t.fmt(v, 3)}" for qq, v in mc.quantiles)
        out.append(("montecarlo", "Uncertainty", _section(
            "montecarlo", "Uncertainty (Monte Carlo)",
            figure_html(charts.montecarlo_figure(mc), "fig-montecarlo"),
            _caption("; ".join(info + ([f"g* quantiles: {q}"] if q else []))),
        )))
    pts = timeline_points(data.timeline) if data.timeline is not None else []
    if pts:
        rows = [[t.e(p.date), t.e(p.label), t.e(p.verdict), t.fmt(p.gap), t.fmt(p.p_deal)] for p in pts]
        out.append(("timeline", "Timeline", _section(
            "timeline", "Over time",
            figure_html(charts.timeline_figure(pts), "fig-timeline"),
            t.table(["date", "event", "verdict", "g*", "P(deal)"], rows),
        )))
    out.append(("assumptions", "Assumptions", _section(
        "assumptions", f"Assumptions: every number and its source ({len(data.assumptions)})",
        _caption("The point value is used by every analysis but Monte Carlo, which draws from the "
                 "range. A source in brackets marked inherited is the one named by the enclosing "
                 "block. Paths work with <code>--set PATH=VALUE</code>."),
        t.assumptions_table(data.assumptions, data.overrides),
    )))
    out.append(("scenario", "Scenario", _section(
        "scenario", "The scenario, in its own words", t.scenario_text(sc),
        "<h3>Sources</h3>", t.sources_list(sc),
    )))
    if data.notes:
        out.append(("notes", "Notes", _section(
            "notes", "Notes", "<ul>" + "".join(f"<li>{t.e(n)}</li>" for n in data.notes) + "</ul>",
        )))
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
    nav = "".join(f'<a href="#{anchor}">{t.e(title)}</a>' for anchor, title, _ in secs)
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
    body = [html for _, _, html in secs]
    foot = [
        f"<footer><p>{NEUTRALITY}</p>",
        f"<p>Generated by ripeness {t.e(__version__)} on {t.e(when)} from <code>{t.e(sc.file)}</code>.</p>",
        "</footer></main></body></html>",
    ]
    return "\n".join([*head, *body, *foot])
