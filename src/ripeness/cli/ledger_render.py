"""Ledger entries and diffs as documents (presentation only)."""

from __future__ import annotations

import json
from typing import Any

from ..ledger import Entry, EntryDiff
from .output import Col, Doc, Table


def _f(x: Any) -> Any:
    if isinstance(x, dict | list):
        return json.dumps(x, ensure_ascii=False)
    return x


def summary_row(e: Entry) -> dict[str, Any]:
    """An entry without its full result: what ``ledger list --json`` prints."""
    d = e.to_dict()
    d.pop("result")
    return d


def entries_doc(found: list[Entry]) -> Doc:
    doc = Doc()
    t = doc.table(
        Table(
            [
                Col("id", "num"),
                Col("recorded (UTC)", "id"),
                Col("scenario", "id"),
                Col("command", "mark"),
                Col("verdict", "mark"),
                Col("g*", "num"),
                Col("P(deal)", "num"),
                Col("content", "id"),
            ],
            title="Assessment ledger",
        )
    )
    for e in found:
        t.add(
            e.id,
            e.recorded_at[:16].replace("T", " "),
            e.scenario,
            e.command,
            e.verdict,
            e.gap,
            e.p_deal,
            e.scenario_hash[:12],
        )
    return doc


#: Fields of ``ledger show``, in order (the full result only with --json).
DETAIL = ("recorded_at", "scenario", "title", "scenario_file", "scenario_hash", "overrides",
          "ripeness_version", "command", "arguments", "seed", "engine", "verdict", "gap",
          "p_deal", "nearest_compromise", "rejected_by", "prev_hash", "entry_hash")  # fmt: skip


def entry_doc(e: Entry) -> Doc:
    d = e.to_dict()
    doc = Doc()
    t = doc.table(Table([Col("field", "id"), Col("value")], title=f"Entry #{e.id}"))
    for k in DETAIL:
        t.add(k, _f(d[k]))
    doc.line(f"[dim]full result: ripeness ledger show {e.id} --json[/]")
    return doc


def changes_table(
    doc: Doc,
    title: str,
    rows: list[Any],
    limit: int | None = None,
    more: str = "--limit, or --json",
) -> None:
    """A table of changes (:class:`ripeness.ledger.diff.Change` or their ``to_dict()``):
    where, kind, change, before, after; at most ``limit`` rows, then how many more."""
    if not rows:
        return
    t = doc.table(
        Table(
            [
                Col("where", "id"),
                Col("kind", "mark"),
                Col("change", "mark"),
                Col("before"),
                Col("after"),
            ],
            title=title,
        )
    )
    shown = rows if limit is None else rows[:limit]
    for c in shown:
        c = c if isinstance(c, dict) else c.to_dict()
        t.add(c["path"], c["kind"], c["change"], _f(c["old"]), _f(c["new"]))
    if len(shown) < len(rows):
        doc.line(f"[dim]… and {len(rows) - len(shown)} more ({more})[/]")


def diff_doc(d: EntryDiff, limit: int) -> Doc:
    doc = Doc()
    doc.line(f"[bold]#{d.old_id} -> #{d.new_id}[/]")
    if d.same_scenario:
        doc.line("scenario: the same content (same hash)")
    else:
        counts = ", ".join(f"{n} {k}" for k, n in d.counts().items() if n)
        doc.line(f"scenario: {len(d.scenario)} change(s): {counts or 'none'}")
    changes_table(doc, "Scenario", d.scenario, limit)
    changes_table(doc, "Run", d.run)
    if d.answers:
        changes_table(doc, "Answers", d.answers)
    else:
        doc.line("answers: the same verdict, g*, P(deal), nearest compromise and rejecters")
    changes_table(doc, "Full results", d.result, limit)
    return doc
