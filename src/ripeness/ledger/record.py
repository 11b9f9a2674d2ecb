"""Append assessments to the ledger and read them back."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..scenario import Scenario
from .canonical import canonical_text, sha256_hex
from .entry import GENESIS, NAMES, Entry, dumps, entry_hash, summary
from .store import CHECKPOINT_EVERY, DEFAULT_TIMEOUT, LedgerError, LedgerMissing, connect

#: Environment variable naming the ledger file (``--ledger`` wins over it).
ENV = "RIPENESS_LEDGER"
#: Largest result (JSON text) an entry holds, in characters.
MAX_RESULT_CHARS = 16_000_000
#: Largest ``arguments`` (JSON text), in characters.
MAX_ARGUMENT_CHARS = 1_000_000

# the SQL names only the module's constant columns
_INSERT = f"INSERT INTO entries ({', '.join(NAMES)}) VALUES ({', '.join('?' * len(NAMES))})"  # noqa: S608
_SELECT = f"SELECT {', '.join(NAMES)} FROM entries"  # noqa: S608


def default_path() -> Path:
    """``ledger.duckdb`` in the user's data directory (``platformdirs.user_data_path``)."""
    import platformdirs

    return Path(platformdirs.user_data_path("ripeness", appauthor=False)) / "ledger.duckdb"


def resolve(ledger: str | os.PathLike[str] | None = None) -> Path:
    """The ledger file: ``ledger`` when given, else ``$RIPENESS_LEDGER``, else the default."""
    if ledger is not None and str(ledger) != "":
        return Path(ledger).expanduser()
    env = os.environ.get(ENV, "").strip()
    return Path(env).expanduser() if env else default_path()


def _result_dict(result: Any) -> Mapping[str, Any]:
    if isinstance(result, Mapping):
        return result
    to_dict = getattr(result, "to_dict", None)
    if not callable(to_dict):
        raise TypeError(f"cannot record a {type(result).__name__}: it has no to_dict()")
    d = to_dict()
    if not isinstance(d, Mapping):
        raise TypeError(f"{type(result).__name__}.to_dict() returned no mapping")
    return d


def _scenario(scenario: Scenario | str | os.PathLike[str]) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    from ..scenario import read_scenario

    return read_scenario(os.fspath(scenario))


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_entry(con: Any, entry: Entry, scenario_text: str) -> None:
    """Insert one entry (and its scenario text, once per hash) inside the caller's transaction."""
    con.execute(
        "INSERT INTO scenarios VALUES (?, ?) ON CONFLICT DO NOTHING",
        [entry.scenario_hash, scenario_text],
    )
    con.execute(_INSERT, list(entry.row()))


def append(
    result: Any,
    scenario: Scenario | str | os.PathLike[str],
    *,
    command: str = "python",
    arguments: Mapping[str, Any] | None = None,
    seed: int | str | None = None,
    engine: str | None = None,
    ledger: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Entry:
    """Record one assessment: dated, sealed into the hash chain, never changed afterwards.

    Parameters
    ----------
    result : object with ``to_dict()``, or a mapping
        Any ripeness result (:class:`ripeness.Analysis`, ``ObstacleAnalysis``,
        ``MonteCarloResult``, ...). Its verdict, ``g*``, nearest compromise, who rejects it and
        P(deal) are kept in columns when it has them (:func:`ripeness.ledger.entry.summary`);
        the whole dictionary is kept as JSON.
    scenario : Scenario, path or packaged name
        The scenario the result answers. Its content (``scenario.data``, with any overrides it
        carries) is hashed (:mod:`ripeness.ledger.canonical`) and kept.
    command : str
        What produced the result (``"analyze"``, ``"montecarlo"``, ...; ``"python"`` default).
    arguments : mapping, optional
        The arguments it ran with (JSON-able).
    seed, engine : optional
        Default: the result's ``seed`` and ``engine`` when it reports them.
    ledger : path, optional
        Default: ``$RIPENESS_LEDGER``, else ``ledger.duckdb`` in the user's data directory.
    timeout : float
        Seconds to wait while another process writes.

    Returns
    -------
    Entry
        As stored: its ``id`` and ``entry_hash``.

    Raises
    ------
    LedgerBusy, LedgerError, LedgerVersionError
        When the ledger cannot be written; nothing is written then.
    """
    from .. import __version__

    d = _result_dict(result)
    sc = _scenario(scenario)
    text = canonical_text(sc.data)
    answers = summary(d)
    result_text = dumps(d)
    args_text = dumps(dict(arguments or {}))
    if len(result_text) > MAX_RESULT_CHARS:
        raise ValueError(f"result of {len(result_text):,} characters: over {MAX_RESULT_CHARS:,}")
    if len(args_text) > MAX_ARGUMENT_CHARS:
        raise ValueError(f"arguments of {len(args_text):,} characters: over {MAX_ARGUMENT_CHARS:,}")
    if seed is None and d.get("seed") is not None:
        seed = d["seed"]
    if engine is None and isinstance(d.get("engine"), str):
        engine = d["engine"]
    fields: dict[str, Any] = {
        "scenario": sc.id,
        "title": sc.title,
        "scenario_file": str(sc.file),
        "scenario_hash": sha256_hex(text),
        "overrides": dumps(dict(sc.overrides)),
        "ripeness_version": __version__,
        "command": str(command),
        "arguments": args_text,
        "seed": None if seed is None else str(seed),
        "engine": engine,
        "verdict": answers["verdict"],
        "gap": answers["gap"],
        "nearest_compromise": None
        if answers["nearest_compromise"] is None
        else dumps(answers["nearest_compromise"]),
        "rejected_by": None if answers["rejected_by"] is None else dumps(answers["rejected_by"]),
        "p_deal": answers["p_deal"],
        "result": result_text,
    }
    with connect(resolve(ledger), write=True, timeout=timeout) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            last = con.execute(
                "SELECT id, entry_hash FROM entries ORDER BY id DESC LIMIT 1"
            ).fetchone()
            fields["id"] = 1 if last is None else int(last[0]) + 1
            fields["prev_hash"] = GENESIS if last is None else str(last[1])
            fields["recorded_at"] = _now()
            entry = Entry(**fields, entry_hash=entry_hash(fields))
            write_entry(con, entry, text)
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):  # closed next; nothing was committed
                con.execute("ROLLBACK")
            raise
        if entry.id % CHECKPOINT_EVERY == 0:  # committed: the log keeps it if this fails
            with contextlib.suppress(Exception):
                con.execute("CHECKPOINT")
    return entry


def entries(
    scenario: str | None = None,
    *,
    ledger: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Entry]:
    """Entries in the order recorded (of one scenario id when given; the last ``limit``).

    A ledger that does not exist yet has no entries.
    """
    sql, params = _SELECT, []
    if scenario is not None:
        sql += " WHERE scenario = ?"
        params.append(scenario)
    sql += " ORDER BY id"
    try:
        with connect(resolve(ledger), write=False, timeout=timeout) as con:
            rows = con.execute(sql, params).fetchall()
    except LedgerMissing:
        return []
    found = [Entry.from_row(r) for r in rows]
    return found[-limit:] if limit else found


def get(
    entry_id: int,
    *,
    ledger: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Entry:
    """One entry by id.

    Raises
    ------
    LedgerError
        When there is no such entry (or no ledger).
    """
    with connect(resolve(ledger), write=False, timeout=timeout) as con:
        row = con.execute(_SELECT + " WHERE id = ?", [int(entry_id)]).fetchone()
    if row is None:
        raise LedgerError(f"no entry #{entry_id} in the ledger {resolve(ledger)}")
    return Entry.from_row(row)


def scenario_text(
    scenario_hash: str,
    *,
    ledger: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """The canonical text of a scenario content kept in the ledger, by its hash."""
    with connect(resolve(ledger), write=False, timeout=timeout) as con:
        row = con.execute("SELECT text FROM scenarios WHERE hash = ?", [scenario_hash]).fetchone()
    if row is None:
        raise LedgerError(f"no scenario {scenario_hash[:12]} in the ledger {resolve(ledger)}")
    return str(row[0])


def history(
    scenario: str | None = None,
    *,
    ledger: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[dict[str, Any]]:
    """Verdict, ``g*`` and P(deal) of each entry (of one scenario id), oldest first.

    Rows: ``id``, ``recorded_at``, ``scenario``, ``command``, ``verdict``, ``gap``, ``p_deal``,
    ``scenario_hash``, ``engine``, ``seed``; an empty list when there is no ledger yet.
    """
    keys = ("id", "recorded_at", "scenario", "command", "verdict", "gap", "p_deal",
            "scenario_hash", "engine", "seed")  # fmt: skip
    return [{k: getattr(e, k) for k in keys} for e in entries(scenario, ledger=ledger,
                                                              timeout=timeout)]  # fmt: skip


__all__ = [
    "ENV",
    "append",
    "default_path",
    "entries",
    "get",
    "history",
    "resolve",
    "scenario_text",
    "write_entry",
]
