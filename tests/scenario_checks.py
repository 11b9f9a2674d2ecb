"""Checks of a packaged scenario file as plain data, shared by the case and scenario tests.

The format (docs/format.md) lets a number be written plain; the packaged files hold themselves
to more: every number is sourced, either as ``{value, source}``, as a range
``{mode, low, high, source}`` citing a judgement, or inside a block that names its
``source:``; every ``source:`` is an id of the file's ``sources:`` table, and every entry of
that table has a title and a known kind. The files differ only in what they allow (which
kinds a range may cite, whether a range may be a point, which top-level blocks are not model
inputs, whether a fact source needs a note); those are the parameters.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Collection, Mapping
from datetime import date

from ruamel.yaml import YAML

from ripeness.scenario.scenario import packaged_text

__all__ = [
    "SOURCE_KINDS",
    "citations_after_as_of",
    "in_vocabulary",
    "is_number",
    "months_between",
    "number_problems",
    "point",
    "raw",
    "source_table_problems",
]

#: The kinds a ``sources:`` entry may have.
SOURCE_KINDS = ("judgement", "poll", "law", "report", "event", "dataset")


@functools.cache
def _parsed(name: str) -> dict:
    text = packaged_text(name)
    if text is None:
        raise FileNotFoundError(f"no packaged scenario or case named {name!r}")
    return YAML(typ="safe").load(text)


def raw(name: str) -> dict:
    """The packaged scenario or case ``name`` as plain data (a fresh copy: tests may change it).

    The file is parsed once; each call returns a deep copy of that parse.
    """
    return copy.deepcopy(_parsed(name))


def months_between(a: date, b: date) -> float:
    """Calendar months from a to b (fractional by days of a 30.44-day month)."""
    return (b.year - a.year) * 12 + (b.month - a.month) + (b.day - a.day) / 30.44


def in_vocabulary(issues: Mapping, package: Mapping) -> bool:
    """Whether every ``issue: option`` of ``package`` is one of the file's ``issues:``."""
    return all(i in issues and o in issues[i]["options"] for i, o in package.items())


def is_number(x: object) -> bool:
    """Whether ``x`` is an int or a float (a YAML boolean is not a number)."""
    return isinstance(x, int | float) and not isinstance(x, bool)


def point(x: object) -> float:
    """The point of a number as written: ``value`` of a fixed one, ``mode`` of a range."""
    if isinstance(x, Mapping):
        return float(x["value"] if "value" in x else x["mode"])
    return float(x)  # type: ignore[arg-type]


def source_table_problems(sources: Mapping, *, fact_note: bool = False) -> list[str]:
    """Problems of a ``sources:`` table, one line each.

    Every entry needs a title and a kind of :data:`SOURCE_KINDS`; a judgement needs a note
    (what it rests on); with ``fact_note``, so does every other source (its tag in the data
    files).
    """
    problems: list[str] = []
    for sid, entry in sources.items():
        if not isinstance(entry, Mapping):
            problems.append(f"sources.{sid}: an entry with a title and a kind")
            continue
        if not entry.get("title"):
            problems.append(f"sources.{sid}: no title")
        kind = entry.get("kind")
        if kind not in SOURCE_KINDS:
            problems.append(f"sources.{sid}: unknown kind {kind!r}")
        elif not entry.get("note") and (kind == "judgement" or fact_note):
            what = "a judgement says what it rests on" if kind == "judgement" else "its tag"
            problems.append(f"sources.{sid}: no note ({what})")
    return problems


def number_problems(
    data: Mapping,
    *,
    range_kinds: Collection[str] = ("judgement",),
    empty_range_ok: bool = False,
    skip: Collection[str] = ("sources",),
) -> list[str]:
    """Problems of a scenario's numbers and citations, one line each with its dotted path.

    Walks the file (top-level keys in ``skip`` left out) and reports: a range
    ``{mode, low, high, source}`` whose source is unknown or not of ``range_kinds``, that lacks
    ``low`` or ``high``, that is not ``low <= mode <= high``, or (unless ``empty_range_ok``) has
    ``low == high``; a numeric ``{value: ...}`` without a known source; a block whose
    ``source:`` is not an id of ``data["sources"]``; a number in a block that names no source.
    """
    sources = data.get("sources") or {}
    problems: list[str] = []

    def known(src: object) -> bool:
        return isinstance(src, str) and src in sources

    def walk(node: object, path: str, enclosing: Mapping | None) -> None:
        if isinstance(node, Mapping):
            if "mode" in node:
                src = node.get("source")
                if not known(src):
                    problems.append(f"{path}: unknown source {src!r}")
                elif sources[src].get("kind") not in range_kinds:
                    problems.append(f"{path}: a range cites a {sources[src].get('kind')} source")
                if "low" not in node or "high" not in node:
                    problems.append(f"{path}: a range needs low and high")
                elif not node["low"] <= node["mode"] <= node["high"]:
                    problems.append(f"{path}: not low <= mode <= high")
                elif node["low"] == node["high"] and not empty_range_ok:
                    problems.append(f"{path}: an empty range (low == high)")
                return
            if "value" in node and is_number(node["value"]):
                if not known(node.get("source")):
                    problems.append(f"{path}: unsourced value")
                return
            if "source" in node and not known(node["source"]):
                problems.append(f"{path}: unknown source {node['source']!r}")
            for key, value in node.items():
                if path == "" and key in skip:
                    continue
                walk(value, f"{path}.{key}" if path else str(key), node)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]", enclosing)
        elif is_number(node) and (enclosing is None or "source" not in enclosing):
            problems.append(f"{path}: bare number {node!r} without a source")

    walk(data, "", None)
    return problems


#: Top-level blocks the model never reads: what a file is scored against, and its sources.
NOT_READ = ("sources", "record", "outcome", "claims")


def citations_after_as_of(data: Mapping, *, skip: Collection[str] = NOT_READ) -> list[str]:
    """Citations of the model's inputs that point to a source dated after the file's ``as_of``.

    docs/cases.md §1: numbers come only from facts dated before ``as_of``; a later fact may be
    used only for a quantity that existed before it, and the source entry says so (its note
    names "protocol §1"). Walks every block but those in ``skip`` (the record, the outcome and
    the claims are what the file is scored against, not inputs) and reports each ``source:``
    whose entry has a ``date`` later than ``as_of``, and each that cites a fact (any source but
    a judgement) with no ``date`` at all, with its dotted path. Dates compare as ISO text
    (``YYYY-MM-DD``; a ``YYYY-MM`` date counts as that month's first day). Judgement notes are
    not read: a note that rests on a later fact is not caught here.
    """
    as_of = str(data.get("as_of") or "")[:10]
    sources = data.get("sources") or {}
    problems: list[str] = []
    if not as_of:
        return problems

    def walk(node: object, path: str) -> None:
        if isinstance(node, Mapping):
            src = node.get("source")
            entry = sources.get(src) if isinstance(src, str) else None
            if isinstance(entry, Mapping) and entry.get("date"):
                date = str(entry["date"])[:10]
                if date > as_of and "protocol §1" not in str(entry.get("note", "")):
                    problems.append(f"{path}: cites {src} ({date}), after as_of {as_of}")
            elif isinstance(entry, Mapping) and entry.get("kind") != "judgement":
                problems.append(f"{path}: cites {src}, a {entry.get('kind')} source with no date")
            for key, value in node.items():
                if path == "" and key in skip:
                    continue
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(data, "")
    return problems
