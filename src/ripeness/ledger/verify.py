"""``ripeness ledger verify``: recompute the hash chain and name the first broken entry."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

from .canonical import sha256_hex
from .entry import GENESIS, NAMES, Entry
from .record import resolve
from .store import DEFAULT_TIMEOUT, connect

#: Rows read at a time.
BATCH = 2_000


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify`.

    Attributes
    ----------
    ok : bool
        Every entry's hash, every link and every scenario text checks out.
    entries : int
        Entries read.
    head_id, head_hash : int or None, str
        The last good entry and its hash (:data:`GENESIS` for an empty ledger). Writing the head
        hash down elsewhere (a message, a notebook, a published note) is what later proves the
        chain up to it existed then: a ledger on its own cannot prove that its newest entries
        were not removed.
    broken_id : int or None
        The first entry that fails, when one does.
    reason : str
        Why it fails, in plain words ("" when ``ok``).
    """

    ok: bool
    entries: int
    head_id: int | None
    head_hash: str
    broken_id: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_entries(rows: Any, texts: dict[str, str]) -> Verification:
    """Check entries in id order against their hashes, links and scenario texts.

    Parameters
    ----------
    rows : iterable of Entry
        In id order.
    texts : dict
        ``{scenario hash: canonical text}`` of the ``scenarios`` table.
    """
    prev, expected, n = GENESIS, 1, 0
    head: int | None = None
    good: dict[str, bool] = {}

    def broken(e: Entry, why: str) -> Verification:
        return Verification(False, n, head, prev, e.id, why)

    for e in rows:
        n += 1
        if e.id != expected:
            why = (
                f"entry #{expected} is missing: #{e.id} follows #{expected - 1}"
                if e.id > expected
                else f"entry #{e.id} comes out of order after #{expected - 1}"
            )
            return broken(e, why)
        if e.prev_hash != prev:
            return broken(
                e,
                f"entry #{e.id} does not follow #{e.id - 1}: its link is "
                f"{e.prev_hash[:12]}, #{e.id - 1} hashes to {prev[:12]} (an entry before it was "
                "changed, removed or inserted)",
            )
        if e.computed_hash() != e.entry_hash:
            return broken(e, f"entry #{e.id} was changed after it was recorded (hash mismatch)")
        if e.scenario_hash not in good:
            text = texts.get(e.scenario_hash)
            good[e.scenario_hash] = text is not None and sha256_hex(text) == e.scenario_hash
        if not good[e.scenario_hash]:
            why = "is missing" if e.scenario_hash not in texts else "was changed"
            return broken(e, f"the scenario text of entry #{e.id} {why} (hash mismatch)")
        prev, head, expected = e.entry_hash, e.id, expected + 1
    return Verification(True, n, head, prev)


def verify(
    ledger: str | os.PathLike[str] | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> Verification:
    """Recompute the chain of a ledger (:func:`check_entries`).

    Raises
    ------
    LedgerError
        When the file is missing or not a ledger.
    """
    with connect(resolve(ledger), write=False, timeout=timeout, deep=True) as con:
        texts = dict(con.execute("SELECT hash, text FROM scenarios").fetchall())
        cur = con.execute(f"SELECT {', '.join(NAMES)} FROM entries ORDER BY id")  # noqa: S608

        def rows() -> Any:
            while batch := cur.fetchmany(BATCH):
                yield from (Entry.from_row(r) for r in batch)

        return check_entries(rows(), texts)


__all__ = ["Verification", "check_entries", "verify"]
