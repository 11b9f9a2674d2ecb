"""``ripeness diff A B``: what changed between two scenarios, and what it does to the answers."""

from __future__ import annotations

import json
from typing import Any

import typer

from ._app import (
    ENGINE_OPT,
    FORMAT_OPT,
    JSON_OPT,
    OFF_OPT,
    Engine,
    Format,
    app,
    emit,
    fmt_of,
    stages,
    user_errors,
)
from .output import Col, Doc, Mark, Table
from .render import pkg, u


@app.command(rich_help_panel="Questions")
def diff(
    old: str = typer.Argument(
        ..., help="The earlier scenario (file or packaged name).", metavar="A"
    ),
    new: str = typer.Argument(..., help="The later scenario (file or packaged name).", metavar="B"),
    off: list[str] = OFF_OPT,
    obstacles: bool = typer.Option(
        False, "--obstacles", help="Also compare the obstacle analyses (every subset; slower)."
    ),
    limit: int = typer.Option(60, "--limit", min=1, help="Scenario changes shown.", metavar="N"),
    engine: Engine = ENGINE_OPT,
    fmt: Format = FORMAT_OPT,
    json_: bool = JSON_OPT,
) -> None:
    """What changed from A to B (numbers, sources, structure) and what it does to the answers.

    The answers: verdict, ZOPA, g*, the nearest compromise, who rejects it and what blocks it;
    with --obstacles also the obstacles that alone keep a deal out.

    Example: [bold]ripeness diff toy my-war.yaml[/]
    """
    from ripeness.compare import compare

    with user_errors(), stages() as step:
        d = compare(
            old, new, off or (), engine=engine.value, obstacles=obstacles, status=step
        ).to_dict()
    emit(d, fmt_of(fmt, json_), lambda: diff_doc(d, limit))


def _v(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.4g}"
    if isinstance(x, dict | list):
        return json.dumps(x, ensure_ascii=False)
    return str(x)


_SHOWN = {
    "verdict": "verdict",
    "zopa_size": "ZOPA (packages)",
    "gap": "g*",
    "rejected_by": "rejects the nearest compromise",
    "blocked_by": "blocks it",
    "sufficient_to_block": "obstacles that alone keep a deal out",
    "minimal_unblocking_sets": "smallest sets whose removal opens a deal",
}


def _answer(name: str, x: Any) -> str:
    if isinstance(x, list):
        items = [" + ".join(i) if isinstance(i, list) else str(i) for i in x]
        return "; ".join(items) or "none"
    return _v(x)


def diff_doc(d: dict[str, Any], limit: int) -> Doc:
    doc = Doc()
    a, b = d["old"], d["new"]
    doc.line(f"[bold]{u(a['scenario'])}[/] ({u(a['file'])}) -> [bold]{u(b['scenario'])}[/] "
             f"({u(b['file'])})")  # fmt: skip
    changes = d["scenario"]
    counts = ", ".join(f"{n} {k}" for k, n in d["scenario_counts"].items() if n)
    doc.line(f"scenario: {len(changes)} change(s){': ' + counts if counts else ''}")
    from .ledger_render import changes_table  # lazily: `--help` loads no ledger

    changes_table(doc, "Scenario changes", changes, limit, more="--limit, or --format json")
    before, after = d["before"], d["after"]
    moved = {c["path"] for c in d["answers"]}
    t = doc.table(
        Table(
            [Col("answer"), Col("before"), Col("after"), Col("", "mark")],
            title="What it does to the answers",
        )
    )
    for name, shown in _SHOWN.items():
        if name in before or name in after:
            changed = any(p == name or p.startswith(name + ".") for p in moved)
            t.add(
                shown,
                _answer(name, before.get(name)),
                _answer(name, after.get(name)),
                Mark("changed", "yellow") if changed else "",
            )
    nc = [c for c in d["answers"] if c["path"].startswith("nearest_compromise.")]
    if nc:
        m = doc.table(
            Table(
                [Col("issue", "id"), Col("before", "id"), Col("after", "id")],
                title="The nearest compromise moves",
            )
        )
        for c in nc:
            m.add(c["path"].split(".", 1)[1], _v(c["old"]), _v(c["new"]))
    else:
        doc.line("nearest compromise: the same (" + u(pkg(after["nearest_compromise"])) + ")")
    return doc
