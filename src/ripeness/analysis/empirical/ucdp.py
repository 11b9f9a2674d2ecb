"""Read the UCDP Peace Agreement Dataset and code each agreement's survival time.

Coding (docs/model.md, "Empirical durability: coding of the UCDP file"):

- the survival time runs from ``pa_date`` (signature) to ``duration`` (the date UCDP codes
  the agreement as ended) when ``ended`` is true, otherwise to the dataset's end
  (``dateintervalend_meta``, 2021-12-31 in v22.1), where it is censored; years are days / 365.25;
- ``ended`` true is ``True`` or ``1``; ``False``, ``0`` and a blank all mean not ended;
- an agreement coded as ended without an end date, with an end date before its signature or
  after the dataset's end, or with an end date but not ended, is excluded (and listed);
- ``unit="signing"`` (the default) merges the documents of one peace process (``procID``) signed
  on the same day into one observation: each provision is present when any of them has it,
  the type is the most comprehensive (full, then partial, then process), the end is the
  earliest; ``unit="agreement"`` keeps every row;
- covariates are the names of :data:`ripeness.evidence.COVARIATES`; ``termdur`` is not used.

References
----------
Högbladh, S. (2011), "Peace agreements 1975–2011 – Updating the UCDP Peace Agreement dataset";
Pettersson, Högbladh & Öberg (2019), "Organized violence, 1989–2018 and peace agreements",
*Journal of Peace Research* 56(4).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ...evidence import COVARIATE_NAMES

#: Explicit limits on the file read.
MAX_BYTES = 20_000_000
MAX_ROWS = 50_000
#: Problems listed in an error message before "... and N more".
MAX_LISTED = 20
#: Days per year of the survival times.
DAYS_PER_YEAR = 365.25
#: The end of the observation window when the file does not say (v22.1's).
DEFAULT_CENSOR = dt.date(2021, 12, 31)

#: Environment variable naming the user's copy of the data file.
ENV_VAR = "RIPENESS_UCDP"

Unit = Literal["signing", "agreement"]

#: Columns the analysis reads.
REQUIRED = (
    "paid", "conflict_name", "incompatibility", "pa_date", "pa_3rd", "ended", "duration",
    "cease", "withd", "pp", "shagov", "terr_prov", "pko", "pa_type", "procID",
)  # fmt: skip
BINARY = ("pko", "cease", "withd", "pp", "shagov", "terr_prov")
TRUE, FALSE = frozenset({"true", "1"}), frozenset({"false", "0", ""})


class DataError(ValueError):
    """Problems in a data file, each as ``file:line: column: message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_LISTED]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(f"{len(problems)} problem(s) in the data file:\n{text}")


@dataclass(frozen=True)
class Excluded:
    """An agreement left out of the analysis, and why."""

    paid: str
    line: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"paid": self.paid, "line": self.line, "reason": self.reason}


@dataclass(frozen=True, eq=False)
class Agreements:
    """The coded observations.

    Attributes
    ----------
    table : DataFrame
        One row per observation: ``paid`` (ids joined by ``+`` when merged), ``process``,
        ``signed``, ``ended_on`` (NaT when censored), ``event`` (0/1), ``years``, ``line`` (of
        the first row in the file), ``interstate``, ``pa_type`` (1 full, 2 partial,
        3 process) and one 0/1 column per covariate.
    file : str
    rows : int
        Data rows in the file.
    excluded : list of Excluded
    censor_date : date
    unit : {"signing", "agreement"}
    version : str or None
        The file's ``version`` column, when it has one value.
    """

    table: pd.DataFrame
    file: str
    rows: int
    excluded: list[Excluded]
    censor_date: dt.date
    unit: str
    version: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.table)

    @property
    def events(self) -> int:
        return int(self.table["event"].sum())


def data_path(given: str | Path | None = None) -> Path | None:
    """The data file: ``given``, else ``$RIPENESS_UCDP``, else None."""
    if given is not None and str(given).strip():
        return Path(given).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _open(source: Path | bytes, name: str) -> io.TextIOBase:
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > MAX_BYTES:
        raise DataError([f"{name}: {size:,} bytes, over the limit of {MAX_BYTES:,}"])
    if isinstance(source, bytes):
        try:
            return io.StringIO(source.decode("utf-8-sig"), newline="")
        except UnicodeDecodeError as exc:
            raise DataError([f"{name}: not UTF-8 text: {exc}"]) from None
    return source.open(encoding="utf-8-sig", newline="")  # type: ignore[return-value]


def _records(source: Path | bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(first line, fields)`` of every data row."""
    rows: list[tuple[int, list[str]]] = []
    with _open(source, name) as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataError([f"{name}:1: empty file"]) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataError([f"{name}:1: {exc}"]) from None
        start = reader.line_num + 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise DataError([f"{name}:{start}: {exc}"]) from None
            if any(f.strip() for f in fields):
                rows.append((start, fields))
            if len(rows) > MAX_ROWS:
                raise DataError([f"{name}: more than {MAX_ROWS:,} rows"])
            start = reader.line_num + 1
    return header, rows


def _censor(
    name: str, header: list[str], rows: list[tuple[int, list[str]]], given: dt.date | None
) -> tuple[dt.date, list[str]]:
    if given is not None:
        return given, []
    if "dateintervalend_meta" not in header:
        note = f"no dateintervalend_meta column: censored at {DEFAULT_CENSOR.isoformat()}"
        return DEFAULT_CENSOR, [note]
    k = header.index("dateintervalend_meta")
    ends = {_date(f[k]) if k < len(f) else None for _, f in rows}
    if None in ends or len(ends) != 1:
        raise DataError([f"{name}: dateintervalend_meta: expected one ISO date on every row"])
    return next(iter(ends)), []  # type: ignore[return-value]


def _code_row(
    where: str, rec: dict[str, str], censor: dt.date, problems: list[str]
) -> dict[str, Any] | str:
    """One row's coded values, or the reason it is excluded; problems appended."""
    bad = len(problems)

    def flag(col: str, msg: str) -> None:
        problems.append(f"{where}: {col}: {msg}")

    signed = _date(rec["pa_date"])
    if signed is None:
        flag("pa_date", f"{rec['pa_date']!r} is not a date (YYYY-MM-DD)")
    ended_text = rec["ended"].strip().lower()
    if ended_text not in TRUE | FALSE:
        flag("ended", f"{rec['ended']!r}: expected True, False, 1, 0 or blank")
    end_text = rec["duration"].strip()
    end = _date(end_text) if end_text else None
    if end_text and end is None:
        flag("duration", f"{end_text!r} is not a date (YYYY-MM-DD)")
    out: dict[str, Any] = {}
    for col in BINARY:
        v = rec[col].strip()
        if v not in ("0", "1"):
            flag(col, f"{rec[col]!r}: expected 0 or 1")
        out[col] = int(v == "1")
    codes = [c.strip() for c in rec["incompatibility"].split(",")]
    if not codes or any(c not in ("1", "2", "3") for c in codes):
        flag("incompatibility", f"{rec['incompatibility']!r}: expected codes 1, 2 or 3")
    pa_type = rec["pa_type"].strip()
    if pa_type not in ("1", "2", "3"):
        flag("pa_type", f"{rec['pa_type']!r}: expected 1, 2 or 3")
    if not rec["procID"].strip():
        flag("procID", "blank")
    if len(problems) > bad or signed is None:
        return "invalid"
    ended = ended_text in TRUE
    if ended and end is None:
        return "ended = True without an end date (duration blank)"
    if not ended and end is not None:
        return "an end date (duration) but ended is not True"
    if end is not None and end < signed:
        return f"ends ({end}) before it is signed ({signed})"
    if (end or signed) > censor:
        return f"dated after the end of the observation window ({censor})"
    out.update(
        signed=pd.Timestamp(signed),
        ended_on=pd.Timestamp(end) if end is not None else pd.NaT,
        event=int(ended),
        years=((end or censor) - signed).days / DAYS_PER_YEAR,
        process=rec["procID"].strip(),
        pa_3rd=int(bool(rec["pa_3rd"].strip())),
        power_sharing=int(out["pp"] or out["shagov"]),
        territory=int(any(c in ("1", "3") for c in codes)),
        pa_type=int(pa_type),
        interstate=":" not in rec["conflict_name"],
    )
    return out


def _merge(table: pd.DataFrame, censor: dt.date) -> pd.DataFrame:
    """One observation per process and signing day (see the module docstring)."""
    binary = [*BINARY, "pa_3rd", "power_sharing", "territory", "interstate"]
    agg: dict[str, Any] = dict.fromkeys(binary, "max")
    agg.update(paid="+".join, line="min", pa_type="min", event="max", ended_on="min")
    merged = table.groupby(["process", "signed"], sort=False, as_index=False).agg(agg)
    merged.loc[merged["event"] == 0, "ended_on"] = pd.NaT
    end = merged["ended_on"].fillna(pd.Timestamp(censor))
    merged["years"] = (end - merged["signed"]).dt.days / DAYS_PER_YEAR
    return merged


def read_agreements(
    path: str | Path | bytes,
    *,
    unit: Unit = "signing",
    censor_date: dt.date | None = None,
    name: str | None = None,
) -> Agreements:
    """Read and code the UCDP Peace Agreement Dataset (CSV).

    Parameters
    ----------
    path : str, Path or bytes
        The CSV file (``ucdp-peace-agreements-22.1.csv``; not redistributed by ripeness), or
        its content (an upload).
    unit : {"signing", "agreement"}
        Merge same-day documents of one process (default) or keep every row.
    censor_date : date, optional
        End of observation (default: the file's ``dateintervalend_meta``).
    name : str, optional
        The file's name in messages (default: the path; ``upload`` for bytes).

    Raises
    ------
    DataError
        Missing columns or bad values, every problem as ``file:line: column: message``.
    OSError
        The file cannot be read.
    """
    if unit not in ("signing", "agreement"):
        raise ValueError(f"unit {unit!r}: expected 'signing' or 'agreement'")
    source = path if isinstance(path, bytes) else Path(path)
    p = name or ("upload" if isinstance(path, bytes) else str(path))
    header, rows = _records(source, p)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataError([f"{p}:1: missing column(s): {', '.join(missing)}"])
    censor, notes = _censor(p, header, rows, censor_date)
    idx = {c: header.index(c) for c in REQUIRED}
    problems: list[str] = []
    coded: list[dict[str, Any]] = []
    excluded: list[Excluded] = []
    seen: dict[str, int] = {}
    for line, fields in rows:
        if len(fields) < len(header) - 1:
            problems.append(f"{p}:{line}: {len(fields)} fields, the header has {len(header)}")
            continue
        rec = {c: fields[i] if i < len(fields) else "" for c, i in idx.items()}
        paid = rec["paid"].strip()
        if paid in seen:
            problems.append(f"{p}:{line}: paid: {paid!r} repeats line {seen[paid]}")
        seen[paid] = line
        r = _code_row(f"{p}:{line}", rec, censor, problems)
        if isinstance(r, str):
            if r != "invalid":
                excluded.append(Excluded(paid, line, r))
            continue
        coded.append({"paid": paid, "line": line, **r})
    if problems:
        raise DataError(problems)
    if not coded:
        raise DataError([f"{p}: no agreement left to analyse"])
    table = pd.DataFrame(coded)
    if unit == "signing":
        table = _merge(table, censor)
    for c in ("pa_type_full", "pa_type_process"):
        table[c] = (table["pa_type"] == (1 if c == "pa_type_full" else 3)).astype(int)
    version = None
    if "version" in header:
        k = header.index("version")
        versions = {f[k].strip() for _, f in rows if k < len(f)} - {""}
        version = next(iter(versions)) if len(versions) == 1 else None
    cols = [
        "paid", "process", "signed", "ended_on", "event", "years", "line", "interstate",
        "pa_type", *COVARIATE_NAMES,
    ]  # fmt: skip
    table = table[cols].reset_index(drop=True)
    table["years"] = table["years"].astype(np.float64)
    return Agreements(table, p, len(rows), excluded, censor, unit, version, notes)
