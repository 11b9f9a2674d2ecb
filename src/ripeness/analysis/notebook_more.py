"""Notebook displays of the uncertainty, timeline and empirical results (see
:mod:`ripeness.analysis.notebook` for the building blocks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import svg
from .explain import num
from .notebook import banner, box, frame_html, section

if TYPE_CHECKING:
    from .empirical.bridge import EvidenceTable
    from .empirical.result import EmpiricalDurability
    from .mcresult import MonteCarloResult
    from .sensitivity import SobolResult, TornadoResult
    from .timeline import TimelineResult


def montecarlo_html(r: MonteCarloResult) -> str:
    """P(deal) with its standard error, the distribution of ``g*``, obstacles, packages."""
    from .mcresult import distribution

    d = distribution(r.gap[r.ok])
    q = d.get("quantiles", {})
    more = [
        f"{r.n:,} draws (seed {r.seed})"
        + (f", {r.n - r.n_valid:,} whose polls could not be fitted" if r.n_valid < r.n else "")
        + ".",
        f"g*: median {num(q.get('0.5'))}, 90% of draws in [{num(q.get('0.05'))}, "
        f"{num(q.get('0.95'))}]." if q else "",
    ]  # fmt: skip
    p = r.p_deal
    kind = "deal" if p >= 0.5 else "no deal"
    chart = ""
    if "histogram" in d:
        h = d["histogram"]
        chart = svg.histogram(h["edges"], h["counts"], title="g* over the draws (green: a deal)")
    parts = [
        banner(kind, "Monte Carlo", f"P(a deal exists) = {p:.1%} ± {r.p_deal_se:.1%}", more),
        chart,
    ]
    if r.obstacles:
        parts.append(section("Obstacles over the draws", frame_html(r.obstacles_frame())))
    top = r.packages_frame(5)
    if len(top):
        parts.append(section("Packages most often a deal", frame_html(top)))
    return box(*parts)


def tornado_html(r: TornadoResult) -> str:
    """The point verdict and each uncertain number's swing of ``g*``."""
    frame = r.to_frame()
    top = frame.head(12)
    labels = [str(i) for i in top.index]
    chart = svg.bars(labels, list(top["swing"]), title="swing of g* (low to high, one at a time)")
    flips = [str(i) for i, v in frame["changes_verdict"].items() if v]
    more = [
        f"{len(frame):,} uncertain numbers, ranked by swing.",
        ("Alone at an end of its range, these change the verdict: " + ", ".join(flips) + ".")
        if flips
        else "No number alone changes the verdict within its range.",
    ]
    return box(
        banner(r.verdict, "Tornado", f"At the point values: {r.verdict}, g* = {num(r.gap)}.",
               more),
        chart,
        frame_html(frame, max_rows=15),
    )  # fmt: skip


def sobol_html(r: SobolResult) -> str:
    frame = r.to_frame()
    more = [f"{r.evaluations:,} evaluations ({r.n:,} base samples, seed {r.seed}).", *r.notes]
    deal = frame.xs("deal", level="output") if "deal" in frame.index.get_level_values(0) else None
    chart = ""
    if deal is not None and deal["ST"].notna().any():
        top = deal.sort_values("ST", ascending=False).head(12)
        chart = svg.bars([str(i) for i in top.index], [float(v) for v in top["ST"].fillna(0.0)],
                         title="total Sobol index of the deal indicator")  # fmt: skip
    return box(
        banner("info", "Sobol", f"P(deal) over the design = {r.p_deal:.1%}", more),
        chart,
        frame_html(frame, max_rows=24),
    )


def timeline_html(r: TimelineResult) -> str:
    frame = r.to_frame()
    gaps = [g if isinstance(g := p.get("gap"), int | float) else float("nan") for p in r.points]
    chart = ""
    if len(gaps) > 1:
        chart = svg.line(
            list(range(len(gaps))), gaps, title="g* at each date (below 0: a deal)",
            dots=[p.get("verdict") == "deal" for p in r.points],
        )  # fmt: skip
    last = r.points[-1] if r.points else {}
    lead = (
        f"{len(r.points)} dates; at {last.get('date')}: {last.get('verdict')}, "
        f"g* = {num(last.get('gap'))}" if r.points else "No dated entries."
    )  # fmt: skip
    return box(
        banner(str(last.get("verdict", "info")), "Timeline", lead,
               [f"Cumulative overrides; P(deal) from {r.n:,} draws per date." if r.n else ""]),
        chart,
        frame_html(frame),
    )  # fmt: skip


def empirical_html(r: EmpiricalDurability) -> str:
    d = r.to_dict()
    return box(
        banner("info", "UCDP", f"{d['dataset']}: {r.n:,} agreements, {r.events:,} ended.",
               [r.caveat()]),
        section("Survival by group (Kaplan–Meier)", frame_html(r.to_frame())),
        section("Hazard ratios (Cox model)", frame_html(r.hazard_frame())),
    )  # fmt: skip


def evidence_html(r: EvidenceTable) -> str:
    return box(
        banner("info", "Evidence", f"{len(r.rows)} guarantee option(s) of {r.scenario}",
               [r.caveat]),
        frame_html(r.to_frame()),
    )  # fmt: skip


def generic_html(r: Any) -> str:
    """Any result with ``to_frame()``: its class name and the rounded table."""
    return box(banner("info", type(r).__name__, (type(r).__doc__ or "").strip().split("\n")[0]),
               frame_html(r.to_frame()))  # fmt: skip


def record_html(r: Any) -> str:
    """A :class:`~ripeness.analysis.record.RecordCheck`: the scores, the record's entries and
    the answers to the source's conclusions (``claims:``)."""
    lines = []
    if r.position_agreement is not None:
        lines.append(f"positions agreed: {100 * r.position_agreement:.0f}%")
    if r.poll_mae_points is not None:
        lines.append(f"mean absolute poll error: {r.poll_mae_points:.1f} points")
    if r.claims_following is not None:
        lines.append(f"claims that follow: {r.claims_followed} of {len(r.claims)}")
    lead = f"{r.title} ({r.scenario}): the model against the record"
    parts = [banner("info", "Record", lead, lines)]
    if r.positions or r.polls:
        parts.append(section("Record", frame_html(r.to_frame(), max_rows=40)))
    if r.claims:
        parts.append(section("The source's conclusions", frame_html(r.claims_frame())))
    return box(*parts)
