"""Rich tables of ledger entries and diffs (presentation only)."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from rich.table import Table

from ..ledger import Entry, EntryDiff
from ._app import out


def _f(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.4g}"
    if isinstance(x, dict | list):
        return escape(json.dumps(x, ensure_ascii=False))
    return escape(str(x))


def summary_row(e: Entry) -> dict[str, Any]:
    """An entry without its full result: what ``ledger list --json`` prints."""
    d = e.to_dict()
    d.pop("result")
    return d


def entries_table(found: list[Entry]) -> None:
    t = Table(title="Assessment ledger")
    for col in ("id", "recorded (UTC)", "scenario", "command", "verdict", "g*", "P(deal)",
                "content"):  # fmt: skip
        t.add_column(col, no_wrap=col in ("id", "recorded (UTC)", "verdict", "content"))
    for e in found:
        t.add_row(
            str(e.id),
            e.recorded_at[:16].replace("T", " "),
            escape(e.scenario),
            escape(e.command),
            _f(e.verdict),
            _f(e.gap),
            "-" if e.p_deal is None else f"{e.p_deal:.3f}",
            e.scenario_hash[:12],
        )
    out.print(t)


#: Fields of ``ledger show``, in order (the full result only with --json).
DETAIL = ("recorded_at", "scenario", "title", "scenario_file", "scenario_hash", "overrides",
          "ripeness_version", "command", "arguments", "seed", "engine", "verdict", "gap",
          "p_deal", "nearest_compromise", "rejected_by", "prev_hash", "entry_hash")  # fmt: skip


#: Fields of ``ledger show``, in order (the full result only with --json).
DETAIL = ("recorded_at", "scenario", "title", "scenario_file", "scenario_hash", "overrides",
          "ripeness_version", "command", "arguments", "seed", "engine", "verdict", "gap",
          "p_deal", "nearest_compromise", "rejected_by", "prev_hash", "entry_hash")  # fmt: skip


def entry_detail(e: Entry) -> None:
    d = e.to_dict()
    t = Table(title=f"Entry #{e.id}", show_header=False)
    t.add_column("field")
    t.add_column("value", overflow="fold")
    for k in DETAIL:
        t.add_row(k, _f(d[k]))
    out.print(t)
    out.print(f"[dim]full result: ripeness ledger show {e.id} --json[/]")


def _changes(title: str, rows: list[Any], limit: int | None = None) -> None:
    if not rows:
        return
    t = Table(title=title)
    for col in ("where", "kind", "change", "before", "after"):
        t.add_column(col, overflow="fold")
    shown = rows if limit is None else rows[:limit]
    for c in shown:
        t.add_row(escape(c.path), c.kind, c.change, _f(c.old), _f(c.new))
    out.print(t)
    if len(shown) < len(rows):
        out.print(f"[dim]… and {len(rows) - len(shown)} more (--limit, or --json)[/]")


def diff_tables(d: EntryDiff, limit: int) -> None:
    out.print(f"[bold]#{d.old_id} -> #{d.new_id}[/]")
    if d.same_scenario:
        out.print("scenario: the same content (same hash)")
    else:
        counts = ", ".join(f"{n} {k}" for k, n in d.counts().items() if n)
        out.print(f"scenario: {len(d.scenario)} change(s): {counts or 'none'}")
    _changes("Scenario", d.scenario, limit)
    _changes("Run", d.run)
    if d.answers:
        _changes("Answers", d.answers)
    else:
        out.print("answers: the same verdict, g*, P(deal), nearest compromise and rejecters")
    _changes("Full results", d.result, limit)
