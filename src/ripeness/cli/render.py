"""The answers of the core commands as documents (presentation only: numbers come from the
library, and :mod:`ripeness.cli.output` prints them as tables, CSV or Markdown)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from .output import MAX_CELL, Col, Doc, Mark, Table

#: Longest piece of scenario text shown in a line (the JSON output has it whole).
MAX_SHOWN = MAX_CELL


def u(x: Any) -> str:
    """Scenario text for a rich line: markup escaped, cut at :data:`MAX_SHOWN`."""
    text = str(x)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return escape(text)


def pkg(p: dict[str, Any]) -> str:
    """``issue=option, ...`` (plain text, for cells)."""
    return ", ".join(f"{k}={v}" for k, v in p.items())


def verdict_line(verdict: str, gap: float, zopa: int) -> str:
    if verdict == "deal":
        return (
            f"[bold green]DEAL[/]: {zopa:,} package(s) in the ZOPA; "
            f"margin of the most robust deal -g* = {-gap:.4g}"
        )
    return f"[bold red]NO DEAL[/]: the ZOPA is empty; the sides are g* = {gap:.4g} apart"


def pct(x: float | None, digits: int = 1) -> Mark:
    """A share shown as a percentage; CSV keeps the number."""
    return Mark("-" if x is None else f"{x:.{digits}%}", value=x)


def yes_no(ok: bool) -> Mark:
    return Mark("yes", "green") if ok else Mark("no", "red")


def analysis(d: dict[str, Any]) -> Doc:
    doc = Doc()
    when = f", as of {u(d['as_of'])}" if d.get("as_of") else ""
    doc.line(
        f"[bold]{u(d['title'])}[/] ({u(d['scenario'])}{when}), "
        f"engine {d['engine']}, {d['package_count']:,} packages"
    )
    if d["off"]:
        doc.line(f"obstacles switched off: {u(', '.join(d['off']))}")
    if d["overrides"]:
        doc.line("overrides: " + u(", ".join(f"{k}={v}" for k, v in d["overrides"].items())))
    doc.line(verdict_line(d["verdict"], d["gap"], d["zopa_size"]))
    packages = {"nearest compromise": d["nearest_compromise"]}
    packages.update(d.get("solutions") or {})
    t = doc.table(Table([Col("issue", "id"), *(Col(n.replace("_", " "), "id") for n in packages)]))
    t.title = "Packages"
    for issue in d["nearest_compromise"]:
        t.add(issue, *[p[issue] for p in packages.values()])
    actors(doc, d["nearest_compromise_detail"], "How each actor sees the nearest compromise")
    if d.get("solution_utilities"):
        names = list(next(iter(d["solution_utilities"].values())))
        s = doc.table(Table([Col("solution", "id"), *(Col(n, "num") for n in names)]))
        s.title = "Principals' surplus over BATNA at each solution"
        for name, vals in d["solution_utilities"].items():
            s.add(name.replace("_", " "), *[vals[n]["surplus"] for n in names])
    return doc


def actors(doc: Doc, detail: dict[str, Any], title: str | None) -> None:
    """Per-actor table of an assessment: BATNA, EU, shortfall, accepts, why; then blocks."""
    cols = ["BATNA", "EU", "shortfall"]
    t = doc.table(
        Table(
            [
                Col("actor", "id"),
                Col("role", "mark"),
                *(Col(c, "num") for c in cols),
                Col("accepts", "mark"),
                Col("why"),
            ],
            title=title,
        )
    )
    for a, x in detail["actors"].items():
        t.add(
            a,
            x["role"],
            x["batna"],
            x["expected_utility"],
            x["shortfall"],
            yes_no(x["accepts"]),
            x["reason"],
        )
    for b in detail["blocked_by"]:
        doc.line(f"[red]blocked:[/] {u(b)}")


def assessment(d: dict[str, Any]) -> Doc:
    doc = Doc()
    doc.line("package: " + u(pkg(d["package"])))
    verdict = "[green]a deal[/]" if d["deal"] else "[red]not a deal[/]"
    doc.line(f"{verdict}; g = {d['gap']:.4g}; breach probability {d['breach_probability']:.1%}")
    actors(doc, d, "How each actor sees the package")
    return doc


def obstacles(d: dict[str, Any]) -> Doc:
    doc = Doc()
    a = d["all_on"]
    doc.line(verdict_line(a["verdict"], a["gap"], a["zopa_size"]) + " (all obstacles on)")
    suff = set(d["sufficient_to_block"])
    t = doc.table(
        Table(
            [
                Col("obstacle", "id"),
                Col("title"),
                Col("off alone", "mark"),
                Col("g* off alone", "num"),
                Col(
                    "blocks alone",
                    "mark",
                    empty="blocks alone: none (no obstacle, left on alone with every other one "
                    "off, keeps the ZOPA empty)",
                ),
                Col("Shapley", "num"),
            ],
            title="Obstacles",
        )
    )
    for o, title in d["obstacles"].items():
        s = d["single"][o]
        t.add(o, title, s["verdict"], s["gap"], "yes" if o in suff else "", d["shapley"][o])
    sets = d["minimal_unblocking_sets"]
    if sets:
        doc.line("minimal sets whose removal opens a deal:")
        for s in sets:
            doc.line("  - " + u(" + ".join(s)))
    else:
        doc.line("no set of obstacles, switched off, opens a deal")
    doc.line(
        f"gap reduction with all off: {d['gap_reduction']:.4g} (the sum of the Shapley values)"
    )
    return doc


def lever(d: dict[str, Any]) -> Doc:
    doc = Doc()
    current = "not written" if d["current"] is None else f"{d['current']:g}"
    doc.line(
        f"[bold]{u(d['param'])}[/] over \\[{d['range'][0]:g}, {d['range'][1]:g}] "
        f"(current: {current})"
    )
    doc.line(u(d["message"]))
    if d["intervals"]:
        doc.line("deal where: " + ", ".join(f"\\[{a:.6g}, {b:.6g}]" for a, b in d["intervals"]))
    c = d["curve"]
    t = doc.table(
        Table(
            [Col("value", "num"), Col("verdict", "mark"), Col("g*", "num")],
            title=f"Verdict and g* along {d['param']}",
        )
    )
    t.formats = {"csv"}  # the grid and bisection points: for spreadsheets
    for x, g, ok in zip(c["value"], c["gap"], c["deal"], strict=True):
        t.add(x, "deal" if ok else "no deal", g)
    return doc


def durability(d: dict[str, Any]) -> Doc:
    doc = Doc()
    doc.line("package (" + u(d["chosen_as"]) + "): " + u(pkg(d["package"])))
    t = doc.table(Table([Col("measure"), Col("value", "num")]))
    years = d["horizon_years"]
    unit = "year" if years == 1 else "years"
    t.add(f"breach probability over {years:.3g} {unit}", pct(d["breach_probability"]))
    t.add("hazard per year", d["hazard_per_year"])
    for y, s in d["survival"].items():
        t.add(f"survival at {y} year(s)", pct(s))
    t.add("median survival (years)", d["median_survival_years"])
    return doc


def sweep(d: dict[str, Any]) -> Doc:
    """A character map: '#' deal, '.' no deal; rows the first parameter, columns the second."""
    doc = Doc()
    px, py = d["params"]
    doc.line(
        f"rows: {u(px)} ({d['x'][0]:g} .. {d['x'][-1]:g}); "
        f"columns: {u(py)} ({d['y'][0]:g} .. {d['y'][-1]:g})"
    )
    for xv, row in zip(d["x"], d["deal"], strict=True):
        doc.line(f"{xv:>10.4g} " + "".join("#" if c else "." for c in row))
    doc.line(f"'#' = deal ({d['deal_share']:.0%} of the grid)")
    t = doc.table(Table([Col(px, "num"), Col(py, "num"), Col("deal", "mark"), Col("g*", "num")]))
    t.formats = {"csv"}
    for i, xv in enumerate(d["x"]):
        for j, yv in enumerate(d["y"]):
            t.add(xv, yv, bool(d["deal"][i][j]), d["gap"][i][j])
    return doc
