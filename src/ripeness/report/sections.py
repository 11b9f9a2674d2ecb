"""The sections of the report page, each built from :class:`~ripeness.report.build.ReportData`.

Every builder is a :data:`~ripeness.report.section.SectionBuilder`: ``(data) -> Section`` or
None when the data has nothing for it. :data:`SECTIONS` lists them in page order; a new
section is a builder in its own module, added to that list (or passed to
:func:`sections`). All scenario text is escaped (:mod:`ripeness.report.tables`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.explain import durability_note, headline, num
from . import charts, extra_charts
from . import obstacle_charts as oc
from . import tables as t
from .build import ReportData
from .empirical import empirical_figure, empirical_html
from .extras import montecarlo_summary, timeline_points
from .picture import nearest_name
from .section import Section, SectionBuilder, caption, figure_html, figure_row, note

NEUTRALITY = (
    "Every output in this report follows from the assumptions stated in the scenario — each "
    "number with its source and range, listed below — and from the model documented in "
    "ripeness's docs/model.md. A user "
    "can change any of them (<code>--set PATH=VALUE</code>, <code>--off OBSTACLE</code>, or a "
    "copy of the file) and see what follows. ripeness takes no side: it computes what the stated "
    "assumptions imply, not what anyone should want."
)


def verdict_section(data: ReportData) -> Section:
    """The verdict in a few sentences, the packages and how each actor sees the first."""
    a = data.analysis
    settings = []
    if data.off:
        settings.append("obstacles switched off: " + ", ".join(t.code(o) for o in data.off))
    if data.overrides:
        sets = ", ".join(t.code(f"{k}={v}") for k, v in data.overrides.items())
        settings.append(f"overrides: {sets}")
    h = headline(a, data.obstacles, data.lever, data.off)
    return Section.of(
        "verdict", "Verdict", "Verdict",
        t.verdict_html(h),
        caption("; ".join(settings)) if settings else "",
        f'<p class="neutral">{NEUTRALITY}</p>',
        "<h3>Packages</h3>", t.packages_table(a, data.scenario),
        f"<h3>How each actor sees the {nearest_name(a)}</h3>", t.actors_table(a),
    )  # fmt: skip


def picture_section(data: ReportData) -> Section | None:
    p = data.picture
    if p is None:
        return None
    return Section.of(
        "picture", "Bargaining picture", "The bargaining picture",
        figure_html(charts.picture_figure(p), "fig-picture"),
        caption(
            f"{charts.PICTURE_KEY} Each point is a package: the two principals' expected utility "
            f"(commitment-discounted) net of override costs. {t.e(p.caption)}. ZOPA: "
            f"{p.zopa_size:,} package(s). Hover a point to see the package."
        ),
    )  # fmt: skip


def obstacles_section(data: ReportData) -> Section | None:
    obs = data.obstacles
    if obs is None:
        return None
    off = [o for o in data.off if o in obs.table.obstacles]
    on, all_off, now = obs.state(), obs.state(obs.table.obstacles), obs.state(off)
    where = "all on" if not off else f"with {', '.join(off)} off"
    return Section.of(
        "obstacles", "Obstacles", "What stands in the way: the obstacles",
        figure_row([
            (oc.toggle_heading(obs, off), oc.toggle_figure(obs, off), "fig-toggled"),
            (oc.SHAPLEY_HEADING, oc.shapley_figure(obs, off), "fig-shapley"),
        ]),
        caption(
            f"Every subset of the {len(obs.table.obstacles)} obstacles switched off. Now "
            f"({t.e(where)}): {t.e(now['verdict'])}, g* = {num(now['gap'])}; all on: "
            f"{t.e(on['verdict'])}, g* = {num(on['gap'])}; all off: {t.e(all_off['verdict'])}, "
            f"g* = {num(all_off['gap'])}. Toggled from now: green where toggling that obstacle "
            "alone opens a deal. Shapley values share the gap reduction g*(all on) − "
            "g*(all off) among the obstacles."
        ),
        t.obstacles_table(obs, off), t.unblocking_sets(obs, off),
    )  # fmt: skip


def lever_caption(d: dict) -> str:
    """What the lever chart shows, saying only what is drawn."""
    lo, hi = (t.fmt(x) for x in d["range"])
    g = d["curve"]["gap"]
    if not charts.lever_found(d):
        low = f" The lowest g* is {num(min(g))}." if g else ""
        return (
            f"No value in [{lo}, {hi}] opens a deal: g* stays above 0 over the whole range.{low}"
            " Dotted line: the current value."
        )
    if d.get("direction") == "none":
        return (
            f"{t.e(d['message']).capitalize()}. g* over [{lo}, {hi}]; green band: where a deal "
            "exists; dotted line: the current value."
        )
    return (
        f"{t.e(d['message']).capitalize()}. g* over [{lo}, {hi}]; green band: where a deal "
        "exists; dashed line: the threshold; dotted line: the current value."
    )


def lever_section(data: ReportData) -> Section | None:
    if data.lever is None:
        return None
    d = data.lever.to_dict()
    return Section.of(
        "lever", "Lever", f"What would have to change: {d['param']}",
        figure_html(charts.lever_figure(d), "fig-lever"), caption(lever_caption(d)),
    )  # fmt: skip


def claims_section(data: ReportData) -> Section | None:
    """The conclusions of the source the scenario encodes, each answered by the model."""
    if data.record is None or not data.record.get("claims"):
        return None
    from .record import claims_html

    return Section.of(
        "claims", "Conclusions", "The source's conclusions against the model",
        caption(
            "Each conclusion of the source the scenario encodes (its <code>claims:</code>), "
            "answered from the analyses above: a verdict, who rejects a package and why, "
            "which obstacles stand in the way (an inclusion-minimal set of removals that opens "
            "a deal), whether "
            "a lever opens a deal, whether guarantees make a deal last longer. A conclusion "
            "that does not follow is a finding about the encoded argument, not a verdict on "
            "the source: it follows from the stated assumptions, which the scenario shows."
        ),
        claims_html(
            data.record["claims"],
            data.record["claims_followed"],
            data.record["claims_following"],
        ),
    )  # fmt: skip


def record_section(data: ReportData) -> Section | None:
    """The model against the record: observed positions and polls beside the model's answers."""
    if data.record is None or not (data.record["positions"] or data.record["polls"]):
        return None
    from .record import record_html

    no_deal = {i: x.no_deal for i, x in data.scenario.spec.issues.items()}
    return Section.of(
        "record", "Record", "The model against the record",
        caption(
            "Observations at the scenario's date that the model is held against and never "
            "fitted to: for a position, the actor's own acceptance of the package (its "
            "shortfall, red lines included); for a poll, the electorate's support."
        ),
        record_html(data.record, no_deal),
    )  # fmt: skip


def durability_section(data: ReportData) -> Section | None:
    dc, emp = data.durability, data.empirical
    if dc is None and emp is None:
        return None
    parts: list[str] = []
    title = "How long a deal would last"
    if dc is not None:
        warn = durability_note(dc.is_deal, dc.chosen_as)
        if warn:
            title = f"How long the {dc.chosen_as} would last (it is not a deal)"
        parts += [
            note(t.e(warn)) if warn else "",
            figure_html(charts.durability_figure(dc), "fig-durability"),
            caption(
                f"Survival S(t) = exp(−hazard·t) of the {t.e(dc.chosen_as)} and of the same "
                "package with each other guarantee option (constant hazard from each party's "
                "breach probability within its window)."
            ),
            t.durability_table(dc),
        ]
    if emp is not None:
        parts += [
            figure_html(empirical_figure(emp, dc), "fig-empirical"),
            caption(
                "Kaplan–Meier survival of real peace agreements (UCDP), with 95% bands; "
                "dashed: the scenario's package, for comparison."
            ),
            empirical_html(emp),
        ]
    return Section.of("durability", "Durability", title, *parts)


def montecarlo_section(data: ReportData) -> Section | None:
    mc = montecarlo_summary(data.montecarlo)
    if mc is None:
        return None
    info = []
    if mc.p_deal is not None:
        se = f" ± {mc.p_deal_se:.1%} (standard error)" if mc.p_deal_se is not None else ""
        info.append(f"<b>P(a deal exists) = {mc.p_deal:.1%}{se}</b>")
    if mc.draws is not None:
        info.append(f"{mc.draws:,} draws")
    if mc.seed is not None:
        info.append(f"seed {t.e(mc.seed)}")
    if mc.quantiles:
        info.append("g* quantiles: " + ", ".join(f"q{q:.0%} = {num(v)}" for q, v in mc.quantiles))
    panels = [("g* over the draws (green: a deal)", extra_charts.montecarlo_figure(mc),
               "fig-montecarlo")]  # fmt: skip
    binding = extra_charts.binding_figure(mc)
    if binding is not None:
        panels.append(("How often each obstacle binds", binding, "fig-binding"))
    parts = [figure_row(panels), caption("; ".join(info))]
    if mc.top:
        rows = [
            [t.e(", ".join(f"{k}={v}" for k, v in pkg.items())), f"{f:.1%}"] for pkg, f in mc.top
        ]
        parts += ["<h3>Packages most often a deal</h3>",
                  t.table(["package", "share of draws"], rows, wide=[0])]  # fmt: skip
    return Section.of("montecarlo", "Uncertainty", "Uncertainty (Monte Carlo)", *parts)


def timeline_section(data: ReportData) -> Section | None:
    pts = timeline_points(data.timeline) if data.timeline is not None else []
    if not pts:
        return None
    head = ["date", "event", "verdict", "g*"]
    rows = [[t.e(p.date), t.e(p.label), t.e(p.verdict), t.fmt(p.gap)] for p in pts]
    if any(p.p_deal is not None for p in pts):
        head.append("P(deal)")
        rows = [[*r, t.pct(p.p_deal)] for r, p in zip(rows, pts, strict=True)]
    return Section.of(
        "timeline", "Timeline", "Over time",
        figure_html(extra_charts.timeline_figure(pts), "fig-timeline"),
        t.table(head, rows, wide=[1]),
    )  # fmt: skip


def history_section(data: ReportData) -> Section | None:
    if not data.history:
        return None
    from . import history as h

    rows = data.history
    return Section.of(
        "history", "History", "History: what the ledger recorded over time",
        figure_html(h.history_figure(rows), "fig-history"),
        caption(h.history_caption(rows, data.ledger or "")), h.history_table(rows),
    )  # fmt: skip


def assumptions_section(data: ReportData) -> Section:
    n = len(data.assumptions)
    return Section.of(
        "assumptions", "Assumptions", f"Assumptions: every number and its source ({n})",
        caption(
            "The point value is used by every analysis but Monte Carlo, which draws from the "
            "range. A source in brackets marked inherited is the one named by the enclosing "
            "block. Paths work with <code>--set PATH=VALUE</code>."
        ),
        t.assumptions_table(data.assumptions, data.overrides),
    )  # fmt: skip


def scenario_section(data: ReportData) -> Section:
    return Section.of(
        "scenario", "Scenario", "The scenario, in its own words",
        t.scenario_text(data.scenario), "<h3>Sources</h3>", t.sources_list(data.scenario),
    )  # fmt: skip


def notes_section(data: ReportData) -> Section | None:
    if not data.notes:
        return None
    items = "".join(f"<li>{t.e(n)}</li>" for n in data.notes)
    return Section.of("notes", "Notes", "Notes", f"<ul>{items}</ul>")


#: The report's sections, in page order.
SECTIONS: list[SectionBuilder] = [
    verdict_section,
    picture_section,
    obstacles_section,
    lever_section,
    claims_section,
    record_section,
    durability_section,
    montecarlo_section,
    timeline_section,
    history_section,
    assumptions_section,
    scenario_section,
    notes_section,
]


def sections(data: ReportData, builders: Sequence[SectionBuilder] = SECTIONS) -> list[Section]:
    """The sections of ``data``, in order (builders with nothing to show left out)."""
    return [s for s in (b(data) for b in builders) if s is not None]
