"""The app's History tab, free of Streamlit: a scenario's entries, a diff, recording a view.

The ledger is :mod:`ripeness.ledger`; nothing here writes unless :func:`record_view` is called
(the tab's "Record" button).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..analysis import Analysis
from ..scenario import Scenario


def ledger_file(text: str | None = None) -> str:
    """The ledger the tab reads: ``text`` when given, else ``$RIPENESS_LEDGER`` or the default."""
    from ..ledger import resolve

    return str(resolve(text.strip() if text and text.strip() else None))


def history_rows(scenario_id: str, ledger: str) -> list[dict[str, Any]]:
    """Every entry of one scenario id, oldest first (none when the ledger does not exist)."""
    from ..ledger import history

    return history(scenario_id, ledger=ledger, timeout=5.0)


def table_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows as the tab's table shows them, newest first."""
    return [
        {
            "entry": r["id"],
            "recorded (UTC)": str(r["recorded_at"])[:19].replace("T", " "),
            "command": r["command"],
            "verdict": r["verdict"] or "",
            "g*": r["gap"],
            "P(deal)": r["p_deal"],
            "content": str(r["scenario_hash"])[:12],
        }
        for r in reversed(list(rows))
    ]


def diff_view(ledger: str, old: int, new: int) -> tuple[str, list[dict[str, Any]]]:
    """A one-line summary and one row per change between two entries."""
    from ..ledger import diff

    d = diff(old, new, ledger=ledger)
    if d.same_scenario:
        head = "The same scenario content (same hash)."
    else:
        counts = ", ".join(f"{n} {k}" for k, n in d.counts().items() if n)
        head = f"{len(d.scenario)} change(s) in the scenario: {counts}."
    if not d.answers:
        head += " The same answers."
    rows = [
        {"part": part, "where": c.path, "kind": c.kind, "change": c.change,
         "before": _cell(c.old), "after": _cell(c.new)}
        for part, changes in (("answers", d.answers), ("scenario", d.scenario), ("run", d.run))
        for c in changes
    ]  # fmt: skip
    return head, rows


def _cell(x: Any) -> str:
    import json

    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:.6g}"
    return x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)


def record_view(
    sc: Scenario,
    analysis: Analysis,
    off: Iterable[str],
    overrides: Mapping[str, Any] | None,
    ledger: str,
) -> int:
    """Record the analysis the app shows (command ``app``); the entry's id."""
    from ..ledger import append

    overrides = dict(overrides or {})
    scenario = sc.with_overrides(overrides) if overrides else sc
    args = {"scenario": sc.file, "off": sorted(off), "set": overrides}
    return append(analysis, scenario, command="app", arguments=args, ledger=ledger).id


__all__ = ["diff_view", "history_rows", "ledger_file", "record_view", "table_rows"]
