"""HTML tables and text blocks of the report; every piece of scenario text is escaped."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from ..analysis import Analysis
from ..scenario import Scenario
from .assumptions import Assumption
from .durability import DurabilityCurves
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


def table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """An HTML table; ``head`` is escaped, cells are given as HTML already."""
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    klass = f' class="{e(cls)}"' if cls else ""
    return f"<table{klass}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def verdict_sentence(a: Analysis) -> str:
    """The verdict and the gap in one sentence (HTML)."""
    if a.verdict == "deal":
        return (
            f'<span class="badge deal">Deal</span> {a.zopa_size:,} of {a.package_count:,} '
            f"packages are in the zone of possible agreement; the most robust deal clears every "
            f"actor's threshold by a margin of −g* = {fmt(-a.gap, 3)}."
        )
    who = ", ".join(e(x) for x in a.rejected_by)
    why = f" The nearest compromise is rejected by {who}" if who else " The nearest compromise"
    blocked = f" and ruled out by {'; '.join(e(b) for b in a.blocked_by)}" if a.blocked_by else ""
    return (
        f'<span class="badge nodeal">No deal</span> The zone of possible agreement is empty: '
        f"the sides are g* = {fmt(a.gap, 3)} apart (the largest normalised shortfall of any actor "
        f"at the nearest compromise).{why}{blocked}."
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
    return table(["issue", *cols], rows)


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
    return table(["actor", "role", "BATNA", "expected utility", "shortfall", "", "why"], rows)


def obstacles_table(d: Mapping[str, Any], off: Sequence[str] = ()) -> str:
    """One row per obstacle: single removal, whether it blocks alone, Shapley value."""
    suff = set(d["sufficient_to_block"])
    rows = []
    for o, title in d["obstacles"].items():
        s = d["single"][o]
        verdict = (
            '<span class="ok">deal</span>'
            if s["verdict"] == "deal"
            else '<span class="no">no deal</span>'
        )
        rows.append(
            [
                f"<code>{e(o)}</code>"
                + (' <span class="muted">(off here)</span>' if o in off else ""),
                e(title),
                verdict,
                fmt(s["gap"]),
                "yes" if o in suff else "",
                fmt(d["shapley"][o]),
            ]
        )
    return table(
        [
            "obstacle",
            "title",
            "switched off alone",
            "g* off alone",
            "blocks alone",
            "Shapley value",
        ],
        rows,
    )


def unblocking_sets(d: Mapping[str, Any]) -> str:
    sets = d.get("minimal_unblocking_sets") or []
    if not sets:
        return "<p>No set of obstacles, switched off, opens a deal.</p>"
    items = "".join("<li>" + " + ".join(f"<code>{e(o)}</code>" for o in s) + "</li>" for s in sets)
    return f"<p>Smallest sets of obstacles whose removal opens a deal:</p><ul>{items}</ul>"


def durability_table(dc: DurabilityCurves) -> str:
    rows = []
    for c in dc.curves:
        d = c.durability
        surv = [f"{d.survival.get(y, float('nan')):.0%}" for y in (1, 5, 10)]
        label = f"<b>{e(c.label)}</b>" if c.default else e(c.label)
        rows.append([label, f"{d.breach_probability:.1%}", *surv, fmt(d.median_survival_years, 3)])
    return table(
        ["package", "breach over horizon", "S(1 y)", "S(5 y)", "S(10 y)", "median years"], rows
    )


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
        ["path", "value", "range", "distribution", "source", "note"], out, cls="assumptions"
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
