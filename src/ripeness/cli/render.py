"""Rich tables for the terminal (presentation only; numbers come from the library)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from ._app import out

#: Longest piece of scenario text shown in a line or a cell (the JSON output has it whole).
MAX_SHOWN = 200


def u(x: Any) -> str:
    """Scenario text for a rich line or cell: markup escaped, cut at :data:`MAX_SHOWN`."""
    text = str(x)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return escape(text)


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.4g}"
    return u(x)


def verdict_line(verdict: str, gap: float, zopa: int) -> str:
    if verdict == "deal":
        return (
            f"[bold green]DEAL[/]: {zopa:,} package(s) in the ZOPA; "
            f"margin of the most robust deal -g* = {-gap:.4g}"
        )
    return f"[bold red]NO DEAL[/]: the ZOPA is empty; the sides are g* = {gap:.4g} apart"


def analysis(d: dict[str, Any]) -> None:
    when = f", as of {u(d['as_of'])}" if d.get("as_of") else ""
    out.print(
        f"[bold]{u(d['title'])}[/] ({u(d['scenario'])}{when}), "
        f"engine {d['engine']}, {d['package_count']:,} packages"
    )
    if d["off"]:
        out.print(f"obstacles switched off: {u(', '.join(d['off']))}")
    if d["overrides"]:
        out.print("overrides: " + u(", ".join(f"{k}={v}" for k, v in d["overrides"].items())))
    out.print(verdict_line(d["verdict"], d["gap"], d["zopa_size"]))
    packages = {"nearest compromise": d["nearest_compromise"]}
    packages.update(d.get("solutions") or {})
    t = Table(title="Packages")
    t.add_column("issue")
    for name in packages:
        t.add_column(u(name.replace("_", " ")))
    for issue in d["nearest_compromise"]:
        t.add_row(u(issue), *[u(p[issue]) for p in packages.values()])
    out.print(t)
    _actors(d["nearest_compromise_detail"], "How each actor sees the nearest compromise")
    if d.get("solution_utilities"):
        t = Table(title="Principals' surplus over BATNA at each solution")
        names = list(next(iter(d["solution_utilities"].values())))
        t.add_column("solution")
        for n in names:
            t.add_column(u(n))
        for s, vals in d["solution_utilities"].items():
            t.add_row(u(s.replace("_", " ")), *[_fmt(vals[n]["surplus"]) for n in names])
        out.print(t)


def _actors(detail: dict[str, Any], title: str | None) -> None:
    """Per-actor table of an assessment: BATNA, EU, shortfall, accepts, why; then blocks."""
    t = Table(title=title)
    for col in ("actor", "role", "BATNA", "EU", "shortfall", "accepts", "why"):
        t.add_column(col)
    for a, x in detail["actors"].items():
        ok = "[green]yes[/]" if x["accepts"] else "[red]no[/]"
        cells = (x["batna"], x["expected_utility"], x["shortfall"])
        t.add_row(u(a), u(x["role"]), *map(_fmt, cells), ok, u(x["reason"]))
    out.print(t)
    for b in detail["blocked_by"]:
        out.print(f"[red]blocked:[/] {u(b)}")


def assessment(d: dict[str, Any]) -> None:
    out.print("package: " + u(", ".join(f"{k}={v}" for k, v in d["package"].items())))
    verdict = "[green]a deal[/]" if d["deal"] else "[red]not a deal[/]"
    out.print(f"{verdict}; g = {d['gap']:.4g}; breach probability {d['breach_probability']:.1%}")
    _actors(d, None)


def obstacles(d: dict[str, Any]) -> None:
    a = d["all_on"]
    out.print(verdict_line(a["verdict"], a["gap"], a["zopa_size"]) + " (all obstacles on)")
    t = Table(title="Obstacles")
    for col in ("obstacle", "title", "off alone", "g* off alone", "blocks alone", "Shapley"):
        t.add_column(col)
    suff = set(d["sufficient_to_block"])
    for o, title in d["obstacles"].items():
        s = d["single"][o]
        t.add_row(
            u(o),
            u(title),
            s["verdict"],
            _fmt(s["gap"]),
            "yes" if o in suff else "",
            _fmt(d["shapley"][o]),
        )
    out.print(t)
    sets = d["minimal_unblocking_sets"]
    if sets:
        out.print("minimal sets whose removal opens a deal:")
        for s in sets:
            out.print("  - " + u(" + ".join(s)))
    else:
        out.print("no set of obstacles, switched off, opens a deal")
    out.print(
        f"gap reduction with all off: {d['gap_reduction']:.4g} (the sum of the Shapley values)"
    )


def lever(d: dict[str, Any]) -> None:
    out.print(
        f"[bold]{u(d['param'])}[/] over [{d['range'][0]:g}, {d['range'][1]:g}] "
        f"(current: {d['current']})"
    )
    out.print(u(d["message"]))
    if d["intervals"]:
        out.print("deal where: " + ", ".join(f"[{a:.6g}, {b:.6g}]" for a, b in d["intervals"]))


def durability(d: dict[str, Any]) -> None:
    out.print(
        "package ("
        + d["chosen_as"]
        + "): "
        + u(", ".join(f"{k}={v}" for k, v in d["package"].items()))
    )
    t = Table()
    t.add_column("measure")
    t.add_column("value")
    t.add_row(
        f"breach probability over {d['horizon_years']:.3g} years", f"{d['breach_probability']:.1%}"
    )
    t.add_row("hazard per year", _fmt(d["hazard_per_year"]))
    for y, s in d["survival"].items():
        t.add_row(f"survival at {y} year(s)", f"{s:.1%}")
    t.add_row("median survival (years)", _fmt(d["median_survival_years"]))
    out.print(t)


def sweep(d: dict[str, Any]) -> None:
    """A character map: '#' deal, '.' no deal; rows the first parameter, columns the second."""
    px, py = d["params"]
    out.print(
        f"rows: {u(px)} ({d['x'][0]:g} .. {d['x'][-1]:g}); "
        f"columns: {u(py)} ({d['y'][0]:g} .. {d['y'][-1]:g})"
    )
    for xv, row in zip(d["x"], d["deal"], strict=True):
        out.print(f"{xv:>10.4g} " + "".join("#" if c else "." for c in row), highlight=False)
    out.print(f"'#' = deal ({d['deal_share']:.0%} of the grid)")
