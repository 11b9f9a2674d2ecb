"""Read YAML into plain data and the position of every node, refusing what is not plain data.

The text is parsed into events by libyaml (PyYAML's C parser, or its pure-Python parser where
libyaml is missing); this module builds dicts, lists, strings, numbers, booleans and None from
the events, in one pass, without recursion, and records ``(line, col)`` of every node. Nothing
is ever constructed from a tag: the YAML 1.2 core schema is all there is.

Refused, each with the line and column where it happens:

- tags outside the core schema (``!!python/...``, ``!!binary``, ``!!omap``, ``!foo``,
  ``!<tag:...>``), ``%TAG`` directives, ``%YAML`` versions other than 1.2, merge keys ``<<``;
- a core tag on text that does not fit it (``!!float abc``, ``!!int 1.5``);
- numbers that are not finite (``.nan``, ``.inf``, ``1e999``) or too large for a float;
- impossible dates (``2024-02-30``), strings that are not valid Unicode (lone surrogates);
- duplicate keys, including keys that are equal once read as text (``1`` and ``'1'``); keys
  that are mappings or lists; more than one document;
- more than :data:`MAX_NODES` nodes (an alias counts every node it repeats, so a "billion
  laughs" file is refused when the count passes the limit, before anything is expanded) or a
  nesting deeper than :data:`MAX_DEPTH`.

Implicit typing follows YAML 1.2 as ruamel.yaml reads it (``010`` is ten, ``1_000`` a
thousand, ``yes`` a string; ``2024-01-01`` a date, kept as the text ``"2024-01-01"``).
"""

from __future__ import annotations

import copy
import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Path, Problem, ScenarioError

#: Largest number of YAML nodes accepted (aliases count every node they repeat).
MAX_NODES = 500_000
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 64
#: Problems reported before the rest are summarised in one line.
MAX_PROBLEMS = 100

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null"}
_ALLOWED = "only the YAML core schema is read: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq"

_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
)
_SPECIAL = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, ".nan": math.nan,
            ".NaN": math.nan, ".NAN": math.nan}  # fmt: skip
_INT = re.compile(r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9_]+)")
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
#: Longest run of digits read as an integer (a float holds about 308).
_MAX_DIGITS = 300


class _Bad(Exception):
    """A scalar that cannot be read; the message says why."""


def _number(text: str, kind: str) -> int | float:
    """An int or float from YAML text (``kind`` is ``int`` or ``float``); finite, or _Bad."""
    body = text.replace("_", "")
    if kind == "float":
        sign = -1.0 if body.startswith("-") else 1.0
        special = _SPECIAL.get(body.lstrip("+-"))
        if special is not None:
            value = sign * special
        else:
            try:
                value = float(body)
            except ValueError:
                raise _Bad(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise _Bad(f"{text!r} is not a finite number (numbers must be finite)")
        return value
    digits = body.lstrip("+-")
    if len(digits) > _MAX_DIGITS:
        raise _Bad(f"a number of {len(digits)} digits is too large")
    base = {"0b": 2, "0x": 16, "0o": 8}.get(digits[:2], 10)
    try:
        value_i = int(digits[2:] if base != 10 else digits, base)
    except ValueError:
        raise _Bad(f"{text!r} is not an integer") from None
    return -value_i if body.startswith("-") else value_i


def _date(m: re.Match[str], text: str) -> str:
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        return _dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        raise _Bad(f"{text!r} is not a valid date") from None


def _implicit(text: str) -> Any:
    """A plain scalar's value (YAML 1.2 core schema, plus timestamps as ISO date text)."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    first = text[0]
    if first in "-+0123456789.":
        if text.lstrip("+-") in _SPECIAL or _FLOAT.fullmatch(text):
            return _number(text, "float")
        if first != "." and _INT.fullmatch(text) and any(c.isdigit() for c in text):
            return _number(text, "int")
        m = _DATE.fullmatch(text)
        if m:
            return _date(m, text)
    if text == "<<":
        raise _Bad("merge keys (<<) are not read: write the fields out")
    return text


def _explicit(text: str, suffix: str) -> Any:
    """A scalar under a core tag (``!!int``, ...): its value, or _Bad when the text does not fit."""
    if suffix == "str":
        return text
    value = _implicit(text) if text else None
    if suffix == "null" and value is None:
        return None
    if suffix == "bool" and isinstance(value, bool):
        return value
    if suffix == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if suffix == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _Bad(f"{text!r} is not a valid !!{suffix}")


def _key_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "null" if value is None else str(value)


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _Bad("text that is not valid Unicode (a lone surrogate)") from None


_UNSET = object()


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    start_nodes: int
    journal_start: int
    key: Any = _UNSET  # a mapping's pending key
    key_at: tuple[int, int] = (0, 0)
    first_at: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Plain data and positions from a stream of YAML events (see the module docstring)."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path, tuple[int, int]] = {(): (1, 1)}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, list[tuple[Path, tuple[int, int]]], int]] = {}
        self.journal: list[tuple[Path, tuple[int, int]]] = []
        self.recording = 0
        self.root: Any = None
        self.documents = 0

    # -- problems
    def problem(self, at: tuple[int, int], path: Path, message: str) -> None:
        from .errors import format_path

        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, at[0], at[1], format_path(path), message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem(self.file, at[0], at[1], "<yaml>", "more problems"))

    def fatal(self, at: tuple[int, int], path: Path, message: str) -> ScenarioError:
        self.problem(at, path, message)
        return ScenarioError(self.problems)

    # -- placing a node
    def count(self, n: int, at: tuple[int, int], path: Path) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fatal(
                at,
                path,
                f"more than {MAX_NODES:,} YAML nodes (aliases count every node they repeat)",
            )

    def slot(self, at: tuple[int, int]) -> tuple[Path, bool]:
        """The path of the next node; whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container)), False
        if top.key is _UNSET:
            return top.path, True
        return (*top.path, top.key), False

    def record(self, path: Path, at: tuple[int, int]) -> None:
        self.positions[path] = at
        if self.recording:
            self.journal.append((path, at))

    def put(self, value: Any, path: Path, at: tuple[int, int]) -> None:
        """Attach a finished (or, for collections, a just-started) node to its parent."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            top.container[top.key] = value
            top.key = _UNSET
        self.record(path, at)

    def take_key(self, value: Any, at: tuple[int, int]) -> None:
        top = self.stack[-1]
        assert isinstance(top.container, dict)
        key = _key_text(value)
        if key in top.first_at:
            self.problem(
                at,
                (*top.path, key),
                f"duplicate key {key!r} (first at line {top.first_at[key]})",
            )
        else:
            top.first_at[key] = at[0]
        top.key, top.key_at = key, at

    # -- events
    def scalar(self, ev: Any, at: tuple[int, int]) -> None:
        path, is_key = self.slot(at)
        self.count(1, at, path)
        tag, text = ev.tag, ev.value
        try:
            _check_text(text)
            if tag is None:
                value = _implicit(text) if ev.implicit[0] else text
            elif tag == "!":
                value = text
            elif tag.startswith(_CORE) and tag[len(_CORE) :] in _SCALAR_TAGS:
                value = _explicit(text, tag[len(_CORE) :])
            else:
                raise _Bad(f"YAML tag {_short(tag)} is not allowed: {_ALLOWED}")
        except _Bad as exc:
            self.problem(at, path, str(exc))
            value = None
        if is_key:
            self.take_key(value, at)
            return
        if ev.anchor is not None:
            self.anchors[ev.anchor] = (value, [], 1)
        self.put(value, path, at)

    def start(self, ev: Any, at: tuple[int, int], kind: str) -> None:
        path, is_key = self.slot(at)
        if is_key:
            raise self.fatal(at, path, "a key must be a plain value, not a mapping or a list")
        self.count(1, at, path)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fatal(at, path, f"nested deeper than {MAX_DEPTH} levels")
        if ev.tag not in (None, "!", _CORE + kind):
            self.problem(at, path, f"YAML tag {_short(ev.tag)} is not allowed here: {_ALLOWED}")
        container: dict[str, Any] | list[Any] = {} if kind == "map" else []
        self.put(container, path, at)
        if ev.anchor is not None:
            self.recording += 1
        self.stack.append(_Frame(container, path, ev.anchor, self.nodes, len(self.journal)))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            plen = len(frame.path)
            rel = [(p[plen:], at) for p, at in self.journal[frame.journal_start :]]
            self.anchors[frame.anchor] = (frame.container, rel, self.nodes - frame.start_nodes + 1)
            self.recording -= 1
            if not self.recording:
                self.journal.clear()

    def alias(self, ev: Any, at: tuple[int, int]) -> None:
        path, is_key = self.slot(at)
        if ev.anchor not in self.anchors:
            raise self.fatal(at, path, f"alias *{ev.anchor} names no anchor defined before it")
        value, rel, size = self.anchors[ev.anchor]
        self.count(size, at, path)
        if is_key:
            if isinstance(value, dict | list):
                raise self.fatal(at, path, "a key must be a plain value, not a mapping or a list")
            self.take_key(value, at)
            return
        self.put(copy.deepcopy(value), path, at)
        for sub, pos in rel:
            self.record((*path, *sub), pos)


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else f"!<{tag}>" if ":" in tag else tag


def _events(text: str) -> Any:
    loader_cls = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader = loader_cls(text)
    try:
        while True:
            ev = loader.get_event()
            yield ev
            if isinstance(ev, yaml.StreamEndEvent):
                return
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> ScenarioError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or str(exc)
        return ScenarioError([Problem(file, line, col, "<yaml>", msg.strip())])
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        msg = f"character {exc.character!r} is not allowed in YAML ({exc.reason})"
        return ScenarioError([Problem(file, line, col, "<yaml>", msg)])
    return ScenarioError([Problem(file, 0, 0, "<yaml>", str(exc).strip())])


def build(text: str, file: str) -> tuple[Any, dict[Path, tuple[int, int]]]:
    """Plain data and positions of YAML text (see the module docstring).

    Raises
    ------
    ScenarioError
        With every problem found (or the first that stops reading), located.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        line, col = before.count("\n") + 1, exc.start - (before.rfind("\n") + 1) + 1
        msg = "text that is not valid Unicode (a lone surrogate)"
        raise ScenarioError([Problem(file, line, col, "<yaml>", msg)]) from None
    b = _Builder(file)
    try:
        for ev in _events(text):
            mark = ev.start_mark
            at = (mark.line + 1, mark.column + 1)
            if isinstance(ev, yaml.ScalarEvent):
                b.scalar(ev, at)
            elif isinstance(ev, yaml.MappingStartEvent):
                b.start(ev, at, "map")
            elif isinstance(ev, yaml.SequenceStartEvent):
                b.start(ev, at, "seq")
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                b.end()
            elif isinstance(ev, yaml.AliasEvent):
                b.alias(ev, at)
            elif isinstance(ev, yaml.DocumentStartEvent):
                b.documents += 1
                if b.documents > 1:
                    raise b.fatal(at, (), "more than one YAML document (a second `---`)")
                if ev.tags:
                    b.problem(at, (), f"%TAG directives are not allowed: {_ALLOWED}")
                if ev.version not in (None, (1, 2)):
                    version = ".".join(map(str, ev.version))
                    b.problem(at, (), f"%YAML {version}: only YAML 1.2 is read")
    except yaml.YAMLError as exc:
        if b.problems:
            raise ScenarioError(b.problems) from None
        raise _yaml_error(exc, text, file) from None
    if b.problems:
        raise ScenarioError(b.problems)
    return b.root, b.positions
