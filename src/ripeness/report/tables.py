"""HTML tables and text blocks of the report; every piece of scenario text is escaped."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from ..analysis import Analysis, ObstacleAnalysis
from ..analysis.curves import DurabilityCurves
from ..analysis.explain import Headline, unblocking_lead
from ..scenario import Scenario
from .assumptions import Assumption
from .picture import nearest_name


def e(x: Any) -> str:
    """Escape text for HTML (quotes included)."""
    return html.escape(str(x), quote=True)


def code(x: Any) -> str:
    """Escaped text in ``<code>``."""
    return f"<code>{e(x)}</code>"


def fmt(x: Any, digits: int = 4) -> str:
    """A number for a table cell."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        return f"{x:.{digits}g}"
    return e(x)


def pct(x: float | None) -> str:
    """A share as a percentage (empty when missing)."""
    return "" if x is None else f"{x:.1%}"


def table(
    head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "", wide: Iterable[int] = ()
) -> str:
    """An HTML table in a horizontally scrolling box (a narrow screen scrolls the table, not
    the page); ``head`` is escaped, cells are given as HTML already.

    ``wide`` are the columns of running text (kept at least a few words wide).
    """
    w = set(wide)
    th = "".join(f"<th>{e(h)}</th>" for h in head)

    def td(i: int, c: str) -> str:
        return f'<td class="text">{c}</td>' if i in w else f"<td>{c}</td>"

    body = "".join("<tr>" + "".join(td(i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
    klass = f' class="{e(cls)}"' if cls else ""
    return (
        f'<div class="table-wrap"><table{klass}><thead><tr>{th}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def verdict_html(h: Headline) -> str:
    """The verdict block: badge and lead sentence, what ``g*`` means, who rejects, what would
    have to change (every sentence escaped)."""
    deal = h.verdict == "deal"
    badge = '<span class="badge deal">Deal</span>' if deal else (
        '<span class="badge nodeal">No deal</span>'
    )  # fmt: skip
    items = []
    if h.rejected_by:
        items.append(f"<li><b>Who rejects</b> the nearest compromise: "
                     f"{e(', '.join(h.rejected_by))}.</li>")  # fmt: skip
    if h.blocked_by:
        items.append(f"<li><b>Ruled out</b> by {e('; '.join(h.blocked_by))}.</li>")
    if h.change:
        items.append(f"<li><b>What would have to change</b>: {e('; '.join(h.change))}.</li>")
    facts = f'<ul class="facts">{"".join(items)}</ul>' if items else ""
    return (
        f'<div class="verdict {"deal" if deal else "nodeal"}"><p class="lead">{badge} '
        f'{e(h.lead)}</p><p class="scale">{e(h.scale)}</p>{facts}</div>'
    )


def option_cell(sc: Scenario, issue: str, option: str) -> str:
    spec_issue = sc.spec.issues.get(issue)
    label = None
    if spec_issue is not None and option in spec_issue.options:
        label = spec_issue.options[option].label
    if label:
        return f'<span title="{e(label)}">{e(option)}</span> <span class="muted">{e(label)}</span>'
    return e(option)


def packages_table(a: Analysis, sc: Scenario) -> str:
    """Nearest compromise and the solutions, issue by issue."""
    cols: dict[str, Mapping[str, str]] = {nearest_name(a): a.nearest_compromise}
    for k, v in (a.solutions or {}).items():
        cols[k.replace("_", " ")] = v
    rows = [
        [f"<b>{e(issue)}</b>", *[option_cell(sc, issue, p[issue]) for p in cols.values()]]
        for issue in a.nearest_compromise
    ]
    return table(["issue", *cols], rows, wide=range(1, len(cols) + 1))


def actors_table(a: Analysis) -> str:
    """How each actor sees the nearest compromise (the most robust deal when there is one)."""
    rows = []
    for name, x in a.nearest.actors.items():
        ok = (
            '<span class="ok">accepts</span>' if x["accepts"] else '<span class="no">rejects</span>'
        )
        rows.append(
            [
                e(name),
                e(x["role"]),
                fmt(x["batna"]),
                fmt(x["expected_utility"]),
                fmt(x["shortfall"]),
                ok,
                e(x["reason"]),
            ]
        )
    return table(
        ["actor", "role", "BATNA", "expected utility", "shortfall", "", "why"], rows, wide=[6]
    )


def obstacles_table(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> str:
    """One row per obstacle: on or off now, the verdict and ``g*`` with it toggled from the
    current setting, whether it blocks alone, its Shapley value."""
    suff = set(obs.sufficient_to_block)
    tog, sh = obs.toggled(off), obs.shapley
    rows = []
    for o, x in tog.items():
        verdict = (
            '<span class="ok">deal</span>' if x["verdict"] == "deal"
            else '<span class="no">no deal</span>'
        )  # fmt: skip
        rows.append([
            code(o), e(obs.titles.get(o, o)), "on" if x["on"] else '<span class="muted">off</span>',
            verdict, fmt(x["gap"]), "yes" if o in suff else "", fmt(sh[o]),
        ])  # fmt: skip
    head = ["obstacle", "title", "now", "if toggled", "g* if toggled", "blocks alone",
            "Shapley value"]  # fmt: skip
    return table(head, rows, wide=[1])


def unblocking_sets(obs: ObstacleAnalysis, off: Sequence[str] = ()) -> str:
    """The smallest sets of obstacles whose removal, from the current setting, opens a deal."""
    sets = obs.unblocking_from(off)
    lead = e(unblocking_lead(sets, off))
    if sets in ([], [[]]):
        return f"<p>{lead}</p>"
    items = "".join("<li>" + " + ".join(code(o) for o in s) + "</li>" for s in sets)
    return f"<p>{lead}</p><ul>{items}</ul>"


def durability_table(dc: DurabilityCurves) -> str:
    rows = []
    for c in dc.curves:
        d = c.durability
        surv = [f"{d.survival.get(y, float('nan')):.0%}" for y in (1, 5, 10)]
        label = f"<b>{e(c.label)}</b>" if c.default else e(c.label)
        deal = "" if d.is_deal is None else ("yes" if d.is_deal else '<span class="no">no</span>')
        rows.append(
            [label, deal, f"{d.breach_probability:.1%}", *surv, fmt(d.median_survival_years, 3)]
        )
    head = ["package", "a deal?", "breach over horizon", "S(1 y)", "S(5 y)", "S(10 y)",
            "median years"]  # fmt: skip
    return table(head, rows, wide=[0])


def assumptions_table(rows: Sequence[Assumption], overridden: Iterable[str] = ()) -> str:
    """Every number with its path, value, uncertainty range and source."""
    over = set(overridden)
    out = []
    for r in rows:
        rng = f"{fmt(r.low)} – {fmt(r.high)}" if r.low is not None else ""
        if r.source_title:
            how = ", inherited" if r.inherited else ""
            src = f'{e(r.source_title)} <span class="muted">[{e(r.source)}{how}]</span>'
        else:
            src = '<span class="warn">no source given</span>'
        path = f"<code>{e(r.path)}</code>" + (
            ' <span class="badge set">set</span>' if r.path in over else ""
        )
        out.append([path, fmt(r.value), rng, e(r.distribution), src, e(r.note or "")])
    return table(
        ["path", "value", "range", "distribution", "source", "note"],
        out,
        cls="assumptions",
        wide=[4, 5],
    )


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        scheme = urlparse(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def sources_list(sc: Scenario) -> str:
    items = []
    for key, s in sc.spec.sources.items():
        bits = [f"<b>{e(s.title)}</b>"]
        meta = ", ".join(e(x) for x in (s.author, s.kind, s.date) if x)
        if meta:
            bits.append(f'<span class="muted">({meta})</span>')
        url = _safe_url(s.url)
        if url:
            bits.append(f'<a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>')
        elif s.url:
            bits.append(f"<code>{e(s.url)}</code>")
        if s.note:
            bits.append(f'<div class="note">{e(s.note)}</div>')
        items.append(f'<li id="src-{e(key)}"><code>{e(key)}</code> ' + " ".join(bits) + "</li>")
    return (
        f'<ul class="sources">{"".join(items)}</ul>'
        if items
        else "<p>The scenario lists no sources.</p>"
    )


def scenario_text(sc: Scenario) -> str:
    """Title, date, description, parties and obstacles as the scenario states them."""
    spec = sc.spec
    parts = [f"<p><b>{e(sc.title)}</b> <code>{e(sc.id)}</code>"]
    if spec.as_of:
        parts.append(f" — as of {e(spec.as_of)}")
    parts.append(f' <span class="muted">(file {e(sc.file)})</span></p>')
    if spec.description:
        parts.append(f'<div class="prose">{e(spec.description.strip())}</div>')
    if spec.parties:
        items = "".join(
            f"<li><code>{e(k)}</code> {e(p.name or p.label or '')}</li>"
            for k, p in spec.parties.items()
        )
        parts.append(f"<h3>Parties</h3><ul>{items}</ul>")
    if spec.obstacles:
        items = "".join(
            f"<li><code>{e(k)}</code> {e(o.title)}"
            + (f'<div class="note">{e(o.description)}</div>' if o.description else "")
            + "</li>"
            for k, o in spec.obstacles.items()
        )
        parts.append(f"<h3>Obstacles</h3><ul>{items}</ul>")
    return "".join(parts)
