"""One ledger entry: its columns, its hash in the chain, and the answers read from a result.

The entry hash (docs/ledger.md, "The chain")
--------------------------------------------
``entry_hash = SHA-256("ripeness ledger entry v1\\n" + canonical_text(H))`` where ``H`` maps the
name of every column but ``entry_hash`` to its stored value (JSON columns as their stored text,
numbers as numbers, missing values as null), written by :func:`canonical_text`. ``H`` holds
``prev_hash``, the previous entry's ``entry_hash`` (:data:`GENESIS` for entry 1), so changing,
removing, inserting or reordering any entry breaks the hash of that entry or of the next one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .canonical import canonical_text, sha256_hex

#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64

#: Prefix of the text hashed into an entry hash (domain separation and format version).
HASH_PREFIX = "ripeness ledger entry v1\n"

#: Columns of the ``entries`` table and their DuckDB types, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "BIGINT"),
    ("recorded_at", "VARCHAR"),
    ("scenario", "VARCHAR"),
    ("title", "VARCHAR"),
    ("scenario_file", "VARCHAR"),
    ("scenario_hash", "VARCHAR"),
    ("overrides", "VARCHAR"),
    ("ripeness_version", "VARCHAR"),
    ("command", "VARCHAR"),
    ("arguments", "VARCHAR"),
    ("seed", "VARCHAR"),
    ("engine", "VARCHAR"),
    ("verdict", "VARCHAR"),
    ("gap", "DOUBLE"),
    ("nearest_compromise", "VARCHAR"),
    ("rejected_by", "VARCHAR"),
    ("p_deal", "DOUBLE"),
    ("result", "VARCHAR"),
    ("prev_hash", "VARCHAR"),
    ("entry_hash", "VARCHAR"),
)
NAMES: tuple[str, ...] = tuple(n for n, _ in COLUMNS)
#: Columns that may be null (the answers a result may not have).
NULLABLE = frozenset(
    {"seed", "engine", "verdict", "gap", "nearest_compromise", "rejected_by", "p_deal"}
)
#: Columns holding JSON text.
JSON_COLUMNS = frozenset({"overrides", "arguments", "nearest_compromise", "rejected_by", "result"})


@dataclass(frozen=True)
class Entry:
    """A ledger entry as stored (JSON columns as text; :meth:`to_dict` parses them).

    Attributes
    ----------
    id : int
        1, 2, 3, ... in the order of recording.
    recorded_at : str
        UTC time of recording, ISO 8601 with microseconds (``2024-03-01T09:30:00.000000Z``).
    scenario, title, scenario_file : str
        The scenario's id, title and the file it was read from.
    scenario_hash : str
        SHA-256 of the scenario's canonical text (:mod:`ripeness.ledger.canonical`), which the
        ledger keeps once per hash.
    overrides : str
        JSON object of the ``--set`` overrides already applied to that content.
    ripeness_version, command, arguments : str
        Which ripeness ran which command with which arguments (JSON object).
    seed, engine : str or None
        The random seed (decimal text: fresh seeds have 128 bits) and the engine, when known.
    verdict, gap, nearest_compromise, rejected_by, p_deal
        The answers, when the result has them (:func:`summary`).
    result : str
        The full result, JSON.
    prev_hash, entry_hash : str
        The chain (module docstring).
    """

    id: int
    recorded_at: str
    scenario: str
    title: str
    scenario_file: str
    scenario_hash: str
    overrides: str
    ripeness_version: str
    command: str
    arguments: str
    seed: str | None
    engine: str | None
    verdict: str | None
    gap: float | None
    nearest_compromise: str | None
    rejected_by: str | None
    p_deal: float | None
    result: str
    prev_hash: str
    entry_hash: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Entry:
        return cls(**dict(zip(NAMES, row, strict=True)))

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in NAMES)

    def computed_hash(self) -> str:
        """The entry hash recomputed from the stored fields."""
        return entry_hash({n: getattr(self, n) for n in NAMES if n != "entry_hash"})

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON columns parsed (``result`` a mapping)."""
        d = asdict(self)
        for k in JSON_COLUMNS:
            if d[k] is not None:
                d[k] = json.loads(d[k])
        return d


def entry_hash(fields: Mapping[str, Any]) -> str:
    """The hash of an entry from its other fields (module docstring)."""
    missing = set(NAMES) - {"entry_hash"} - set(fields)
    if missing:
        raise ValueError(f"entry without {', '.join(sorted(missing))}")
    h = {n: fields[n] for n in NAMES if n != "entry_hash"}
    return sha256_hex(HASH_PREFIX + canonical_text(h))


def dumps(data: Any) -> str:
    """Compact JSON text as the ledger stores it (key order kept; no NaN; ``str()`` fallback)."""
    from ..analysis.base import jsonable

    return json.dumps(
        jsonable(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str
    )


def _places(d: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Where the answers may be, in order: the result, its ``all_on`` (obstacles), its ``point``
    (tornado), its last ``points`` entry (timeline: the latest date)."""
    out = [d]
    for key in ("all_on", "point"):
        if isinstance(d.get(key), Mapping):
            out.append(d[key])
    pts = d.get("points")
    if isinstance(pts, list) and pts and isinstance(pts[-1], Mapping):
        out.append(pts[-1])
    return out


def summary(d: Mapping[str, Any]) -> dict[str, Any]:
    """The answers the ledger keeps in columns, read from a result's ``to_dict()``.

    ``verdict``, ``gap``, ``nearest_compromise``, ``rejected_by`` and ``p_deal`` are taken from
    the first of the result, its ``all_on`` block (an obstacle analysis), its ``point`` (a
    tornado) and its last ``points`` entry (a timeline's latest date) that has them. An
    assessment's ``deal`` flag gives its verdict; a ``gap`` distribution (Monte Carlo) gives its
    median, and the most frequent of ``nearest_compromises`` the nearest compromise.
    """
    from ..analysis.base import json_number  # lazy: the ledger loads without numpy

    out: dict[str, Any] = dict.fromkeys(
        ("verdict", "gap", "nearest_compromise", "rejected_by", "p_deal")
    )
    for place in _places(d):
        if out["verdict"] is None:
            v = place.get("verdict")
            if isinstance(v, str):
                out["verdict"] = v
            elif isinstance(place.get("deal"), bool):
                out["verdict"] = "deal" if place["deal"] else "no deal"
        if out["gap"] is None:
            g = place.get("gap")
            if isinstance(g, Mapping):
                q = g.get("quantiles")
                g = q.get("0.5") if isinstance(q, Mapping) else None
            out["gap"] = json_number(g)
        if out["nearest_compromise"] is None:
            nc = place.get("nearest_compromise")
            ncs = place.get("nearest_compromises")
            if nc is None and isinstance(ncs, list) and ncs and isinstance(ncs[0], Mapping):
                nc = ncs[0].get("package")
            if isinstance(nc, Mapping):
                out["nearest_compromise"] = {str(k): str(v) for k, v in nc.items()}
        if out["rejected_by"] is None and isinstance(place.get("rejected_by"), list):
            out["rejected_by"] = [str(x) for x in place["rejected_by"]]
        if out["p_deal"] is None:
            out["p_deal"] = json_number(place.get("p_deal"))
    for k in ("gap", "p_deal"):
        if out[k] is not None and math.isnan(out[k]):
            out[k] = None
    return out


__all__ = ["COLUMNS", "GENESIS", "NAMES", "Entry", "dumps", "entry_hash", "summary"]
