"""Read a scenario whose shape is wrong as far as it goes, so every problem is found at once.

When pydantic refuses the file, each refused field is replaced in a copy of the data by a
*placeholder* of its kind (a number by 0.5, text by a marker, a mapping by ``{}``, a choice by
its first option; a field of a model not written in the file is filled in the same way) and the
copy is validated again, until it passes. The cross-reference checks then run on the repaired
copy, so an unknown option is reported even when a number elsewhere is out of range.

Every placeholder's path is *poisoned*: a problem found at or under a poisoned path (or about
the list that holds a poisoned item) comes from the placeholder, not from the file, and is not
reported; nor are the few checks that count what a placeholder may stand for (a party's
principals, when an actor's role or party was refused; an issue's options, when they were).
An unknown field is removed, or renamed when it is the near miss of a missing one
(``horizon_month`` for ``horizon_months``: one problem, not two).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import Path, Problem, format_path, locate
from .schema import ScenarioSpec
from .shape import Kind, Located, read_loc
from .suggest import closest
from .wording import plain, union_message

#: Rounds of repair before giving up on the cross-reference checks (each round repairs every
#: error pydantic reports; placeholders of models need one round per level of nesting).
MAX_ROUNDS = 12
#: Text put where text was refused (never a valid id: it holds a NUL).
MARKER = "\x00refused"


@dataclass
class Salvage:
    """The outcome of :func:`salvage`.

    Attributes
    ----------
    problems : list of Problem
        The shape problems, in plain words, one per field.
    spec : ScenarioSpec or None
        The repaired scenario (None when it could not be repaired).
    data : dict
        The repaired raw data.
    poisoned : list of Path
        Where placeholders stand.
    """

    problems: list[Problem]
    spec: ScenarioSpec | None
    data: dict[str, Any]
    poisoned: list[Path] = field(default_factory=list)

    def relevant(self, path: Path | str, message: str) -> bool:
        """Whether a problem found on the repaired copy is the file's, not a placeholder's.

        ``path`` is a path of keys or its dotted text (``problem.path``).
        """
        where = path if isinstance(path, str) else format_path(path)
        return not _caused(where, message, self.poisoned, self.data)


def _party_of(data: Any, actor: Any) -> Any:
    entry = (data.get("actors") or {}).get(actor) if isinstance(data, dict) else None
    return entry.get("party") if isinstance(entry, dict) else None


def _under(where: str, prefix: str) -> bool:
    return where == prefix or where.startswith(prefix + ".")


def _caused(where: str, message: str, poisoned: Iterable[Path], data: Any) -> bool:
    for p in poisoned:
        n = len(p)
        if _under(where, format_path(p)):
            return True  # at or under a placeholder
        if isinstance(p[-1], int) and where == format_path(p[:-1]):
            return True  # the list that holds a placeholder (counts, order, distinctness)
        head = p[0] if p else None
        structural = n == 2 or (n > 2 and p[2] in ("role", "party", "options"))
        if head == "actors" and structural and "needs exactly one principal" in message:
            # a party's principals are counted on the refused role (or, unknown, party)
            party = _party_of(data, p[1]) if n > 2 and p[2] == "role" else None
            if party is None or message.startswith(f"party {party!r} "):
                return True
        entry = format_path(p[:2])
        if (
            head == "issues"
            and structural
            and (f"issue {p[1]!r}" in message or _under(where, entry))
        ):
            return True  # the options of an issue whose options were refused
    return False


def _placeholder(kind: Kind) -> Any:
    k = kind.kind
    if k in ("num", "float"):
        return 0.5
    if k == "str":
        return MARKER
    if k == "bool":
        return False
    if k == "int":
        return 1
    if k == "literal":
        from typing import get_args

        return get_args(kind.ann)[0]
    if k in ("dict", "model"):
        return {}
    if k in ("list", "union"):
        return []
    return None


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node)


def _parent(data: Any, path: Path) -> Any:
    node = data
    for part in path[:-1]:
        if not _has(node, part):
            raise LookupError(format_path(path))
        node = node[part]
    return node


def _put(data: Any, path: Path, value: Any) -> None:
    parent = _parent(data, path)
    last = path[-1]
    if not (isinstance(parent, dict) or _has(parent, last)):
        raise LookupError(format_path(path))
    parent[last] = value


def _rename(data: Any, path: Path, new: str) -> None:
    parent = _parent(data, path)
    if not isinstance(parent, dict) or new in parent:
        raise LookupError(format_path(path))
    parent[new] = parent.pop(path[-1])


def _delete(data: Any, path: Path) -> None:
    parent = _parent(data, path)
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        raise LookupError(format_path(path))


@dataclass
class _Round:
    errors: list[tuple[dict[str, Any], Located]]

    def missing(self) -> dict[Path, set[str]]:
        out: dict[Path, set[str]] = {}
        for err, loc in self.errors:
            if err["type"] == "missing" and loc.path:
                out.setdefault(loc.path[:-1], set()).add(str(loc.path[-1]))
        return out


def _read(exc: ValidationError, data: Any) -> _Round:
    found = []
    for err in exc.errors():
        loc = read_loc(err["loc"], data)
        if loc.branch is not None and loc.branch_at is not None:
            node = _value(data, loc.path[: loc.branch_at])
            is_list = loc.branch.startswith("list[")
            if isinstance(node, list) != is_list and isinstance(node, dict | list):
                continue  # the error of the form the value was not written in
        found.append((dict(err), loc))
    return _Round(found)


def salvage(
    data: dict[str, Any],
    exc: ValidationError,
    file: str,
    positions: Mapping[Path, tuple[int, int]],
) -> Salvage:
    """Every shape problem of ``data`` (which ``exc`` refused), and a repaired copy.

    Returns
    -------
    Salvage
        ``spec`` is None when the data could not be repaired; the problems are then pydantic's
        first round only.
    """
    work = copy.deepcopy(data)
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    poisoned: list[Path] = []
    current: ValidationError | None = exc
    for _ in range(MAX_ROUNDS):
        assert current is not None
        rnd = _read(current, work)
        before = list(poisoned)
        missing = rnd.missing()
        renamed: set[Path] = set()
        unions: dict[Path, list[str]] = {}
        stuck = False

        def report(path: Path, message: str, before: list[Path] = before) -> None:
            _report(problems, seen, before, file, positions, path, message)

        # unknown fields first: a near miss of a missing field is renamed (one problem, not two)
        for err, loc in rnd.errors:
            if err["type"] != "extra_forbidden":
                continue
            path = loc.path
            want = closest(str(path[-1]), missing.get(path[:-1], ()))
            try:
                if want is not None and (*path[:-1], want) not in renamed:
                    _rename(work, path, want)
                    renamed.add((*path[:-1], want))
                    report(path, f"unknown field {path[-1]!r} (did you mean `{want}`?)")
                    continue
                _delete(work, path)
            except LookupError:
                stuck = True
            report(path, plain(err, loc))
        for err, loc in rnd.errors:
            path = loc.path
            if err["type"] == "extra_forbidden" or (err["type"] == "missing" and path in renamed):
                continue
            if loc.branch is not None and loc.branch_at == len(path):
                unions.setdefault(path, []).append(loc.branch)
                continue
            report(path, plain(err, loc))
            target = path[: loc.num_at] if loc.num_at is not None else path
            kinds = loc.kinds[: len(target)]
            if target in poisoned:
                continue
            try:
                _put(work, target, _placeholder(kinds[-1]) if kinds else {})
                poisoned.append(target)
            except LookupError:
                stuck = True
        for path, labels in unions.items():
            report(path, union_message(_value(work, path), labels))
            try:
                _put(work, path, None)
                poisoned.append(path)
            except LookupError:
                stuck = True
        if stuck:
            break
        try:
            spec = ScenarioSpec.model_validate(work)
        except ValidationError as again:
            current = again
            continue
        return Salvage(problems, spec, work, poisoned)
    return Salvage(problems, None, work, poisoned)


def _value(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _report(
    problems: list[Problem],
    seen: set[tuple[str, str]],
    poisoned: list[Path],
    file: str,
    positions: Mapping[Path, tuple[int, int]],
    path: Path,
    message: str,
) -> None:
    """Add a problem unless a placeholder put in an earlier round causes it, or it is known."""
    if any(path[: len(p)] == p for p in poisoned):
        return
    key = (format_path(path), message)
    if key in seen:
        return
    seen.add(key)
    line, col, _ = locate(positions, path)
    problems.append(Problem(file, line, col, format_path(path), message))


__all__ = ["MARKER", "MAX_ROUNDS", "Salvage", "salvage"]
