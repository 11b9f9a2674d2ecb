"""The ledger file: a DuckDB database of three tables, opened under a lock, checked on open.

Tables (docs/ledger.md, "The file")
-----------------------------------
``meta(key, value)``
    ``format = ripeness-ledger``, ``schema_version``, ``created_by`` (the ripeness version).
``scenarios(hash, text)``
    Each scenario content once: its canonical text and SHA-256.
``entries(id, ..., prev_hash, entry_hash)``
    One row per assessment (:data:`ripeness.ledger.entry.COLUMNS`); rows are only ever inserted.

Tables, columns, views, sequences and schemas are checked on every open; macros only by
``connect(deep=True)`` (listing functions costs DuckDB some 15 ms; ``ripeness ledger verify``
does it).

The file holds data only: text and numbers in these three tables, no views, macros, sequences
or serialised Python objects; a file holding anything else is refused. Connections run with
``enable_external_access = false`` (no file, network or extension access from SQL) and locked
configuration. A ledger whose ``schema_version`` is newer than :data:`SCHEMA_VERSION` is refused
with a message naming both versions.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .entry import COLUMNS, NULLABLE
from .lock import LedgerBusy, file_lock, lock_path

#: Version of the ledger's tables that this ripeness writes and reads.
SCHEMA_VERSION = 1
FORMAT = "ripeness-ledger"
#: A writer folds the write-ahead log into the file after every this many entries (and not at
#: each close: checkpointing costs some 20 ms, replaying a short log on open much less).
CHECKPOINT_EVERY = 32
#: Seconds a command waits for another process's turn at the ledger.
DEFAULT_TIMEOUT = 30.0

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "meta": (("key", "VARCHAR"), ("value", "VARCHAR")),
    "scenarios": (("hash", "VARCHAR"), ("text", "VARCHAR")),
    "entries": COLUMNS,
}
_KEYS = {"meta": "key", "scenarios": "hash", "entries": "id"}
_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


class LedgerError(Exception):
    """A ledger that cannot be opened or read (not a ledger, damaged, missing)."""


class LedgerMissing(LedgerError):
    """No ledger file at the path."""


class LedgerVersionError(LedgerError):
    """A ledger written by a newer ripeness (a newer schema version)."""


def _create(con: Any) -> None:
    from .. import __version__

    for name, cols in TABLES.items():
        parts = []
        for c, t in cols:
            key = c == _KEYS[name]
            parts.append(
                f"{c} {t}" + (" PRIMARY KEY" if key else "" if c in NULLABLE else " NOT NULL")
            )
        body = ", ".join(parts)
        con.execute(f"CREATE TABLE {name} ({body})")
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("schema_version", str(SCHEMA_VERSION)), ("created_by", __version__)],
    )


#: What the file holds besides columns, in one query (listing columns with ``duckdb_columns()``
#: costs some 10 ms; ``PRAGMA table_info`` per table a fraction of it).
_CATALOG = (
    "SELECT 'table', table_name FROM duckdb_tables() WHERE NOT internal "
    "UNION ALL SELECT 'view', view_name FROM duckdb_views() WHERE NOT internal "
    "UNION ALL SELECT 'sequence', sequence_name FROM duckdb_sequences() "
    "UNION ALL SELECT 'schema', schema_name FROM duckdb_schemas() WHERE NOT internal "
    "AND schema_name <> 'main' ORDER BY 1, 2"
)


def _catalog(con: Any, deep: bool) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """``({table: [(column, type), ...]}, [anything else, e.g. "view v"])`` of the file."""
    cols: dict[str, list[tuple[str, str]]] = {}
    extra: list[str] = []
    for kind, name in con.execute(_CATALOG).fetchall():
        if kind == "table" and name in TABLES:
            info = con.execute(f"PRAGMA table_info('{name}')").fetchall()
            cols[name] = [(str(r[1]), str(r[2])) for r in info]
        elif kind == "table":
            cols[name] = []
        else:
            extra.append(f"{kind} {name}")
    if deep:
        extra += [
            f"macro {name}"
            for (name,) in con.execute(
                "SELECT function_name FROM duckdb_functions() WHERE NOT internal"
            ).fetchall()
        ]
    return cols, extra


def _check(con: Any, path: Path, cols: dict[str, list[tuple[str, str]]], extra: list[str]) -> None:
    """Refuse anything but a ripeness ledger of a schema version this ripeness reads."""
    if "meta" not in cols:
        raise LedgerError(f"{path} is a DuckDB file but not a ripeness ledger (no meta table)")
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT:
        raise LedgerError(f"{path} is a DuckDB file but not a ripeness ledger")
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise LedgerError(
            f"{path}: unreadable schema version {meta.get('schema_version')!r}"
        ) from None
    if version > SCHEMA_VERSION:
        from .. import __version__

        raise LedgerVersionError(
            f"the ledger {path} has schema version {version} (written by ripeness "
            f"{meta.get('created_by', '?')}); this ripeness {__version__} reads schema versions "
            f"up to {SCHEMA_VERSION}: upgrade ripeness to read it (the file is left untouched)"
        )
    if version < 1:
        raise LedgerError(f"{path}: unknown schema version {version}")
    wanted = {t: list(c) for t, c in TABLES.items()}
    if cols != wanted or extra:
        what = [f"table {t}" for t in sorted(set(cols) - set(wanted))]
        what += [f"columns of {t}" for t in wanted if cols.get(t) != wanted[t]]
        what += extra
        raise LedgerError(
            f"{path} holds more or other than a ripeness ledger ({', '.join(what)}): "
            "refusing to use it"
        )


def _duckdb_open(path: Path, read_only: bool, deadline: float) -> Any:
    import duckdb

    config: dict[str, Any] = dict(_CONFIG)
    if not read_only:  # locked below, once checkpointing at close is off
        config.pop("lock_configuration")
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            if not read_only:
                con.execute("PRAGMA disable_checkpoint_on_shutdown")
                con.execute("SET lock_configuration = true")
            return con
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower() and time.monotonic() < deadline:
                time.sleep(0.02)  # a process outside ripeness's lock holds the file
                continue
            if "lock" in msg.lower():
                raise LedgerBusy(f"the ledger {path} is in use by another program: {msg}") from None
            raise LedgerError(f"cannot open the ledger {path}: {msg}") from None
        except duckdb.Error as exc:
            raise LedgerError(f"cannot open the ledger {path}: {exc}") from None


@contextlib.contextmanager
def connect(
    path: Path, *, write: bool, timeout: float = DEFAULT_TIMEOUT, deep: bool = False
) -> Iterator[Any]:
    """A checked DuckDB connection to the ledger, held under its lock for a ``with`` body.

    Writing creates the file (and its folder) when missing. The connection is closed, and the
    lock released, when the body ends. ``deep`` also refuses a file holding macros.

    Raises
    ------
    LedgerMissing
        Reading a path with no file.
    LedgerBusy
        When another process keeps the ledger longer than ``timeout`` seconds.
    LedgerError, LedgerVersionError
        For a file that is not a ledger this ripeness can use.
    """
    path = Path(path)
    if not write and not path.is_file():
        raise LedgerMissing(f"no ledger at {path} (record one with --save)")
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    lock: contextlib.AbstractContextManager[Any]
    try:
        lock = file_lock(lock_path(path), exclusive=write, timeout=timeout)
        lock.__enter__()
    except PermissionError:
        if write:
            raise LedgerError(f"cannot lock the ledger {path}: permission denied") from None
        lock = contextlib.nullcontext()  # a read-only folder: read without the lock
    try:
        con = _duckdb_open(path, not write, deadline)
        try:
            cols, extra = _catalog(con, deep)
            if not cols and not extra and write:
                con.execute("BEGIN TRANSACTION")
                _create(con)
                con.execute("COMMIT")
                cols, extra = _catalog(con, deep)
            elif not cols and not extra:
                raise LedgerError(f"{path} is an empty DuckDB file, not a ripeness ledger")
            _check(con, path, cols, extra)
            yield con
        finally:
            con.close()
    finally:
        lock.__exit__(None, None, None)


__all__ = [
    "DEFAULT_TIMEOUT",
    "SCHEMA_VERSION",
    "LedgerError",
    "LedgerMissing",
    "LedgerVersionError",
    "connect",
]
