"""What changed between two ledger entries: in the scenario, in the run, in the answers.

Scenario changes are found by walking the two content trees (:func:`tree_diff`) and are of
four kinds: ``number`` (a number, or a field of a number mapping such as ``mode`` or ``low``),
``source`` (the ``sources:`` table or any ``source:`` field), ``structure`` (a field, list item
or block added or removed, or a value of another type) and ``text`` (any other string or flag).
Lists are aligned with :class:`difflib.SequenceMatcher` on the items' canonical text, so an
inserted timeline entry shows as one addition, not as every later entry changed.
"""

from __future__ import annotations

import difflib
import json
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..scenario.numbers import is_number_mapping
from .canonical import canonical_text, parse_canonical
from .entry import Entry

#: Answer columns compared by :func:`entry_diff`, in order.
ANSWERS = ("verdict", "gap", "p_deal", "nearest_compromise", "rejected_by")
#: Run fields compared by :func:`entry_diff`.
RUN = ("command", "arguments", "overrides", "ripeness_version", "engine", "seed", "scenario_file")


@dataclass(frozen=True)
class Change:
    """One difference: where (a dotted path, ``--set`` syntax), what kind, before and after.

    ``change`` is ``changed``, ``added`` or ``removed``; ``old``/``new`` is None for an addition
    or a removal.
    """

    path: str
    kind: str
    change: str
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_num(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _kind(path: tuple[str, ...], parent: Any, old: Any, new: Any) -> str:
    if (path and path[0] == "sources") or (path and path[-1] == "source"):
        return "source"
    numberish = [_is_num(x) or is_number_mapping(x) for x in (old, new) if x is not None]
    if numberish and all(numberish) and (old is not None and new is not None):
        return "number"
    if is_number_mapping(parent) and path and path[-1] != "note":
        return "number"
    if old is None or new is None or type(old) is not type(new):
        return "structure"
    return "text"


def _reshaped(old: Any, new: Any) -> bool:
    """Two number mappings of different kinds (their fields other than source and note)."""
    if not (is_number_mapping(old) and is_number_mapping(new)):
        return False
    return set(old) - {"source", "note"} != set(new) - {"source", "note"}


def tree_diff(old: Any, new: Any, path: tuple[str, ...] = (), parent: Any = None) -> list[Change]:
    """Every difference between two plain data trees, parents before children."""
    where = ".".join(path)
    if _reshaped(old, new):  # e.g. {mode, low, high} -> {value}: one number changed
        return [Change(where, "number", "changed", old, new)]
    if (
        isinstance(old, Mapping)
        and isinstance(new, Mapping)
        and is_number_mapping(old) == is_number_mapping(new)
    ):
        out: list[Change] = []
        for k in [*old, *(k for k in new if k not in old)]:
            sub = (*path, str(k))
            if k not in new:
                out.append(Change(".".join(sub), _kind(sub, old, old[k], None), "removed", old[k]))
            elif k not in old:
                out.append(Change(".".join(sub), _kind(sub, new, None, new[k]), "added", None,
                                  new[k]))  # fmt: skip
            else:
                out += tree_diff(old[k], new[k], sub, new)
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list_diff(old, new, path)
    if _is_num(old) and _is_num(new):
        return [] if float(old) == float(new) else [Change(where, _kind(path, parent, old, new),
                                                           "changed", old, new)]  # fmt: skip
    if old == new and type(old) is type(new):
        return []
    return [Change(where, _kind(path, parent, old, new), "changed", old, new)]


def _list_diff(old: list[Any], new: list[Any], path: tuple[str, ...]) -> list[Change]:
    a, b = [canonical_text(x) for x in old], [canonical_text(x) for x in new]
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            out += tree_diff(old[i1 + k], new[j1 + k], (*path, str(j1 + k)), new)
        for i in range(i1 + pairs, i2):
            sub = (*path, str(i))
            out.append(Change(".".join(sub), _kind(sub, old, old[i], None), "removed", old[i]))
        for j in range(j1 + pairs, j2):
            sub = (*path, str(j))
            out.append(Change(".".join(sub), _kind(sub, new, None, new[j]), "added", None, new[j]))
    return out


def kind_counts(changes: Iterable[Change]) -> dict[str, int]:
    """Scenario changes by kind (``number``, ``source``, ``structure``, ``text``)."""
    out = dict.fromkeys(("number", "source", "structure", "text"), 0)
    for c in changes:
        out[c.kind] = out.get(c.kind, 0) + 1
    return out


def value_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Iterable[str]
) -> list[Change]:
    """The answers ``names`` that differ: a mapping by its entries (``name.key``, e.g. an issue
    of the nearest compromise that moved), a list by what was added or removed (an actor that
    now rejects), anything else when it changed. Names in neither mapping are skipped."""
    out: list[Change] = []
    for name in names:
        if name not in before and name not in after:
            continue
        a, b = before.get(name), after.get(name)
        if isinstance(a, dict) and isinstance(b, dict):
            out += [
                Change(f"{name}.{c.path}", "answer", c.change, c.old, c.new)
                for c in tree_diff(a, b)
            ]
        elif isinstance(a, list) and isinstance(b, list):
            out += [Change(name, "answer", "removed", x) for x in a if x not in b]
            out += [Change(name, "answer", "added", None, x) for x in b if x not in a]
        elif a != b:
            out.append(Change(name, "answer", "changed", a, b))
    return out


@dataclass(frozen=True)
class EntryDiff:
    """The differences between two entries (:func:`entry_diff`)."""

    old_id: int
    new_id: int
    same_scenario: bool
    scenario: list[Change] = field(default_factory=list)
    run: list[Change] = field(default_factory=list)
    answers: list[Change] = field(default_factory=list)
    result: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Scenario changes by kind."""
        return kind_counts(self.scenario)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_id,
            "new": self.new_id,
            "same_scenario": self.same_scenario,
            "scenario_counts": self.counts(),
            "scenario": [c.to_dict() for c in self.scenario],
            "run": [c.to_dict() for c in self.run],
            "answers": [c.to_dict() for c in self.answers],
            "result": [c.to_dict() for c in self.result],
        }


def _field(e: Entry, name: str) -> Any:
    v = getattr(e, name)
    return json.loads(v) if name in ("arguments", "overrides", "nearest_compromise",
                                     "rejected_by") and v is not None else v  # fmt: skip


def _answer_changes(old: Entry, new: Entry) -> list[Change]:
    before = {name: _field(old, name) for name in ANSWERS}
    after = {name: _field(new, name) for name in ANSWERS}
    return value_changes(before, after, ANSWERS)


def entry_diff(
    old: Entry, new: Entry, old_text: str, new_text: str, *, full: bool = False
) -> EntryDiff:
    """Compare two entries given their scenarios' canonical texts.

    Parameters
    ----------
    full : bool
        Also walk the two full results (``result``): every number of the outputs.
    """
    same = old.scenario_hash == new.scenario_hash
    scen = [] if same else tree_diff(parse_canonical(old_text), parse_canonical(new_text))
    run: list[Change] = []
    for name in RUN:
        a, b = _field(old, name), _field(new, name)
        if isinstance(a, dict) and isinstance(b, dict):
            run += [
                Change(f"{name}.{c.path}" if c.path else name, "run", c.change, c.old, c.new)
                for c in tree_diff(a, b)
            ]
        elif a != b:
            run.append(Change(name, "run", "changed", a, b))
    res = tree_diff(json.loads(old.result), json.loads(new.result)) if full else []
    return EntryDiff(old.id, new.id, same, scen, run, _answer_changes(old, new), res)


__all__ = ["ANSWERS", "Change", "EntryDiff", "entry_diff", "tree_diff"]
