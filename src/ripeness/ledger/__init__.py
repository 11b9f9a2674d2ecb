"""The assessment ledger: every assessment dated, sealed into a hash chain, and comparable.

An embedded DuckDB file (default ``ledger.duckdb`` in the user's data directory; elsewhere
``RIPENESS_LEDGER`` or ``ledger=``) keeps one entry per recorded assessment: when, which
scenario (its content, hashed), which ripeness, command, arguments, seed and engine, and the
answers. Each entry's hash covers the previous one's, so any later change is detected by
:func:`verify`. See docs/ledger.md.

Typical use::

    import ripeness
    from ripeness import ledger
    sc = ripeness.load("toy")
    e = ledger.append(ripeness.analyze(sc), scenario=sc, command="analyze")
    ledger.verify().ok
    ledger.history("toy-border-war")
"""

from __future__ import annotations

import os

from .canonical import canonical_text, content_hash
from .diff import Change, EntryDiff, entry_diff, tree_diff
from .entry import Entry, summary
from .export import FORMATS, export
from .lock import LedgerBusy
from .record import ENV, append, default_path, entries, get, history, resolve, scenario_text
from .store import SCHEMA_VERSION, LedgerError, LedgerMissing, LedgerVersionError
from .verify import Verification, verify


def diff(
    old_id: int,
    new_id: int,
    *,
    ledger: str | os.PathLike[str] | None = None,
    full: bool = False,
) -> EntryDiff:
    """What changed between two entries: scenario (numbers, sources, structure), run, answers."""
    a, b = get(old_id, ledger=ledger), get(new_id, ledger=ledger)
    ta = scenario_text(a.scenario_hash, ledger=ledger)
    tb = ta if b.scenario_hash == a.scenario_hash else scenario_text(b.scenario_hash, ledger=ledger)
    return entry_diff(a, b, ta, tb, full=full)


__all__ = [
    "ENV",
    "FORMATS",
    "SCHEMA_VERSION",
    "Change",
    "Entry",
    "EntryDiff",
    "LedgerBusy",
    "LedgerError",
    "LedgerMissing",
    "LedgerVersionError",
    "Verification",
    "append",
    "canonical_text",
    "content_hash",
    "default_path",
    "diff",
    "entries",
    "entry_diff",
    "export",
    "get",
    "history",
    "resolve",
    "scenario_text",
    "summary",
    "tree_diff",
    "verify",
]
