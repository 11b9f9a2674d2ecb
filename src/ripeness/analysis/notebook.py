"""Notebook displays (``_repr_html_``) of the result objects: a verdict banner, who rejects,
rounded tables and, where it helps, an inline SVG chart (:mod:`ripeness.analysis.svg`).

Every piece of scenario text is HTML-escaped; numbers are rounded by
:func:`ripeness.analysis.explain.num`. Tables come from each result's ``to_frame()``, so a
notebook shows what ``to_frame()`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import svg
from .explain import durability_note, headline, lever_sentence, num
from .svg import e

if TYPE_CHECKING:
    from .assess import Assessment
    from .durability import Durability
    from .levers import LeverResult, SweepMap
    from .obstacles import ObstacleAnalysis
    from .zopa import Analysis

BOX = (
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;"
    "line-height:1.45;max-width:860px"
)
COLOURS = {"deal": svg.DEAL, "no deal": svg.NO_DEAL, "info": svg.ACCENT}
#: Columns of the actors' table shown (``to_frame()`` has them all).
ACTOR_COLUMNS = ("role", "accepts", "shortfall", "expected_utility", "cost", "batna", "support",
                 "reason")  # fmt: skip


def banner(kind: str, label: str, text: str, more: Iterable[str] = ()) -> str:
    """A verdict banner: a coloured badge, a lead sentence and further lines (escaped)."""
    c = COLOURS.get(kind, COLOURS["info"])
    lines = "".join(f'<div style="margin-top:3px">{e(m)}</div>' for m in more if m)
    return (
        f'<div style="border-left:5px solid {c};background:#f5f7fa;padding:8px 12px;'
        f'margin:4px 0 8px;border-radius:4px"><span style="background:{c};color:#fff;'
        f'border-radius:9px;padding:1px 8px;font-weight:600;font-size:12px">{e(label)}</span> '
        f"<b>{e(text)}</b>{lines}</div>"
    )


TABLE_STYLE = 'style="border-collapse:collapse;font-size:12px;margin:2px 0"'


def frame_html(frame: Any, max_rows: int = 20, columns: Sequence[str] | None = None) -> str:
    """A pandas frame as an HTML table, numbers rounded, at most ``max_rows`` rows (and only
    ``columns`` when given: the whole frame is ``to_frame()``)."""
    shown = frame.head(max_rows)
    if columns is not None:
        shown = shown[[c for c in columns if c in shown.columns]]
    out = str(shown.to_html(float_format=num, na_rep="–", border=0, escape=True))
    out = out.replace('<table class="dataframe">', f'<table class="dataframe" {TABLE_STYLE}>', 1)
    out = f'<div style="overflow-x:auto">{out}</div>'
    if len(frame) > max_rows:
        out += f'<div style="color:#666">… {len(frame) - max_rows:,} more rows (to_frame())</div>'
    return out


def section(title: str, *parts: str) -> str:
    return f'<div style="margin:6px 0"><div style="color:#555;font-weight:600">{e(title)}</div>' \
        + "".join(parts) + "</div>"  # fmt: skip


def box(*parts: str) -> str:
    return f'<div style="{BOX}">' + "".join(p for p in parts if p) + "</div>"


def pairs(items: Mapping[str, Any]) -> str:
    """``key: value`` pairs on one line (values rounded, escaped)."""
    return " · ".join(
        f"{e(k)} <b>{e(num(v) if isinstance(v, float) else v)}</b>"
        for k, v in items.items()
        if v is not None
    )


def shortfall_chart(actors: Mapping[str, Mapping[str, Any]], title: str) -> str:
    """Bars of each actor's shortfall (below 0: accepts), deal-green or no-deal-red."""
    names = [n for n, x in actors.items() if x.get("shortfall") is not None]
    vals = [float(actors[n]["shortfall"]) for n in names]
    colours = [svg.DEAL if actors[n]["accepts"] else svg.NO_DEAL for n in names]
    return svg.bars(names, vals, colours, title=title) if names else ""


def analysis_html(a: Analysis) -> str:
    """Verdict banner, what ``g*`` means, the packages and how each actor sees the first."""
    h = headline(a)
    more = h.sentences()[1:]
    first = "most robust deal" if a.verdict == "deal" else "nearest compromise"
    return box(
        f'<div style="color:#555">{e(a.title)} · <code>{e(a.scenario)}</code>'
        + (f" · off: {e(', '.join(a.off))}" if a.off else "")
        + "</div>",
        banner(a.verdict, "Deal" if a.verdict == "deal" else "No deal", h.lead, more),
        shortfall_chart(a.nearest.actors, f"shortfall of each actor at the {first} (< 0 accepts)"),
        section("Packages", frame_html(a.packages_frame())),
        section(
            f"How each actor sees the {first}", frame_html(a.to_frame(), columns=ACTOR_COLUMNS)
        ),
    )


def assessment_html(x: Assessment) -> str:
    kind = "deal" if x.deal else "no deal"
    more = []
    if x.rejected_by:
        more.append(f"Rejected by {', '.join(x.rejected_by)}.")
    if x.blocked_by:
        more.append(f"Ruled out by {'; '.join(x.blocked_by)}.")
    more.append(f"Breach probability over the horizon {x.breach_probability:.1%}.")
    pkg = ", ".join(f"{k}={v}" for k, v in x.package.items())
    return box(
        banner(kind, "Deal" if x.deal else "Not a deal", f"g = {num(x.gap)} for {pkg}", more),
        shortfall_chart(x.actors, "shortfall of each actor (< 0 accepts)"),
        frame_html(x.to_frame(), columns=ACTOR_COLUMNS),
    )


def durability_html(d: Durability) -> str:
    import numpy as np

    note = durability_note(d.is_deal, d.chosen_as)
    median = "never (no breach risk)" if not np.isfinite(d.median_survival_years) else (
        f"{num(d.median_survival_years)} years"
    )  # fmt: skip
    years = np.linspace(0.0, 20.0, 41)
    chart = svg.line(
        years.tolist(), d.curve(years).tolist(),
        title="S(t): probability the package still holds, by year",
        zero=False, ylim=(0.0, 1.0), vlines=[],
    )  # fmt: skip
    pkg = ", ".join(f"{k}={v}" for k, v in d.package.items())
    return box(
        banner(
            "info" if d.is_deal is None else ("deal" if d.is_deal else "no deal"),
            "Durability",
            f"Breach within the horizon {d.breach_probability:.1%}; median survival {median}.",
            [note or "", f"{d.chosen_as}: {pkg}"],
        ),
        chart,
        section("Survival", frame_html(d.to_frame())),
        section("By committing party", frame_html(d.parties_frame())),
    )


def lever_html(r: LeverResult) -> str:
    c = r.curve
    vlines: list[tuple[float, str]] = []
    if r.threshold is not None and r.direction != "none":
        vlines.append((r.threshold, f"threshold {num(r.threshold)}"))
    if r.current is not None:
        vlines.append((r.current, f"now {num(r.current)}"))
    found = r.threshold is not None
    chart = (
        svg.line(c["value"], c["gap"], title=f"g* against {r.param} (below 0: a deal)",
                 bands=r.intervals, vlines=vlines, dots=c["deal"])
        if c.get("value") else ""
    )  # fmt: skip
    best = ""
    if c.get("gap") and not found:
        i = min(range(len(c["gap"])), key=lambda j: c["gap"][j])
        best = f"The lowest g* in range is {num(c['gap'][i])}, at {num(c['value'][i])}."
    said = lever_sentence(r)
    return box(
        banner("deal" if found else "no deal", "Lever", said[0].upper() + said[1:] + ".",
               [best, "Green: where a deal exists." if found else ""]),
        chart,
    )  # fmt: skip


def sweep_html(m: SweepMap) -> str:
    share = m.to_dict()["deal_share"]
    cells = []
    nx, ny = len(m.x), len(m.y)
    size = max(4, min(16, 320 // max(nx, ny, 1)))
    for i in range(nx):
        for j in range(ny):
            c = svg.DEAL if m.deal[i][j] else svg.NO_DEAL
            cells.append(
                f'<rect x="{40 + i * size}" y="{8 + (ny - 1 - j) * size}" width="{size}" '
                f'height="{size}" fill="{c}" fill-opacity="0.7"><title>{e(m.params[0])}='
                f"{num(m.x[i])}, {e(m.params[1])}={num(m.y[j])}: g* {num(m.gap[i][j])}</title>"
                "</rect>"
            )
    w, h = 50 + nx * size, 30 + ny * size
    chart = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">{"".join(cells)}'
        f'<text x="40" y="{h - 6}" font-size="11">{e(m.params[0])} →</text></svg>'
    )
    return box(
        banner("info", "Sweep", f"A deal in {share:.0%} of the {nx * ny:,} grid points.",
               [f"x: {m.params[0]}, y: {m.params[1]} (green: deal)"]),
        chart,
    )  # fmt: skip


def obstacles_html(o: ObstacleAnalysis) -> str:
    d = o.to_dict()
    on, off = d["all_on"], d["all_off"]
    sets = o.minimal_unblocking_sets
    more = [
        f"All off: {off['verdict']}, g* = {num(off['gap'])}.",
        "Smallest sets whose removal opens a deal: "
        + ("; ".join(" + ".join(s) for s in sets) if sets else "none") + ".",
    ]  # fmt: skip
    ids = list(d["obstacles"])
    chart = svg.bars(ids, [d["shapley"][i] for i in ids],
                     title="Shapley value: share of the gap reduction")  # fmt: skip
    return box(
        banner(on["verdict"], "Obstacles", f"All on: {on['verdict']}, g* = {num(on['gap'])}.",
               more),
        chart,
        frame_html(o.to_frame(), columns=("on", "toggled_verdict", "toggled_gap", "blocks_alone",
                                          "shapley")),
    )  # fmt: skip


def records_html(title: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """A list of flat records as a rounded table (for small results)."""
    import pandas as pd

    return section(title, frame_html(pd.DataFrame(list(rows))))
