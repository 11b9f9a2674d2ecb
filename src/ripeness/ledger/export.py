"""``ripeness ledger export``: every entry to CSV, JSON or Parquet, written atomically.

Each file has one row (CSV, Parquet) or object (JSON) per entry, with every column of the
ledger and ``scenario_text``, the canonical text of its scenario; JSON columns stay JSON text in
CSV and Parquet and are parsed in JSON. The file is written by
:func:`ripeness.atomic.atomic_write`: readers see no file or the whole file; without ``force``
an existing file is never replaced (the placing itself refuses, so a file created meanwhile is
not overwritten either).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from .entry import NAMES, Entry
from .record import resolve
from .store import DEFAULT_TIMEOUT, connect

FORMATS = ("csv", "json", "parquet")
COLUMNS = (*NAMES, "scenario_text")


def _rows(
    ledger: str | os.PathLike[str] | None, scenario: str | None, timeout: float
) -> list[tuple[Any, ...]]:
    cols = ", ".join(f"e.{n}" for n in NAMES)
    sql = (
        f"SELECT {cols}, s.text FROM entries e "  # noqa: S608 (constant column names)
        "LEFT JOIN scenarios s ON s.hash = e.scenario_hash"
    )
    params: list[Any] = []
    if scenario is not None:
        sql += " WHERE e.scenario = ?"
        params.append(scenario)
    with connect(resolve(ledger), write=False, timeout=timeout) as con:
        return con.execute(sql + " ORDER BY e.id", params).fetchall()


def _csv(rows: Sequence[tuple[Any, ...]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8")


def _json(rows: Sequence[tuple[Any, ...]]) -> bytes:
    out = []
    for r in rows:
        d = Entry.from_row(r[: len(NAMES)]).to_dict()
        d["scenario_text"] = r[-1]
        out.append(d)
    from ..analysis.base import jsonable

    return (json.dumps(jsonable(out), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _parquet(rows: Sequence[tuple[Any, ...]]) -> bytes:
    import duckdb

    from .entry import COLUMNS as TYPES

    types = [t for _, t in TYPES] + ["VARCHAR"]
    con = duckdb.connect(":memory:")
    with tempfile.TemporaryDirectory() as d:  # DuckDB writes a file itself
        tmp = Path(d) / "export.parquet"
        try:
            cols = ", ".join(f"{n} {t}" for n, t in zip(COLUMNS, types, strict=True))
            con.execute(f"CREATE TABLE x ({cols})")
            if rows:
                marks = ", ".join("?" * len(COLUMNS))
                con.executemany(f"INSERT INTO x VALUES ({marks})", rows)  # noqa: S608
            con.execute("COPY x TO ? (FORMAT parquet)", [str(tmp)])
        finally:
            con.close()
        return tmp.read_bytes()


def export(
    output: str | os.PathLike[str],
    fmt: str = "csv",
    *,
    ledger: str | os.PathLike[str] | None = None,
    scenario: str | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Write the ledger's entries (of one scenario id when given) to ``output``.

    Returns
    -------
    int
        The number of entries written.

    Raises
    ------
    FileExistsError
        When ``output`` exists and ``force`` is false (nothing is written).
    ValueError
        For an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    target = Path(output)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists: give --force to replace it")
    rows = _rows(ledger, scenario, timeout)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"csv": _csv, "json": _json, "parquet": _parquet}[fmt](rows)
    atomic_write(target, data, replace=force)
    return len(rows)


__all__ = ["FORMATS", "export"]
