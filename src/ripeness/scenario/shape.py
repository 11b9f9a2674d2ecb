"""The scenario schema as a tree of node kinds, for reading pydantic error locations.

Pydantic names where an error is with a location that mixes the keys of the file with the tags
of unions (``commitment.B.breach.uncertain``, ``...deterrence.list[Deterrence].0``). Walking
the schema's annotations along such a location tells the keys from the tags, and says what
kind of node each key reaches: a model (a mapping of named fields), a mapping of ids, a list,
a number (:data:`~ripeness.scenario.numbers.Num`), text, a flag, a choice.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .numbers import Uncertain


@dataclass(frozen=True)
class Kind:
    """What a schema annotation holds.

    Attributes
    ----------
    kind : str
        ``model``, ``dict``, ``list``, ``num``, ``union``, ``literal``, ``str``, ``bool``,
        ``int``, ``float`` or ``any``.
    ann : object
        The annotation, ``Annotated`` and ``None`` stripped.
    optional : bool
        Whether ``None`` is allowed.
    """

    kind: str
    ann: Any
    optional: bool = False

    @property
    def model(self) -> type[BaseModel] | None:
        return self.ann if self.kind == "model" else None

    def child(self) -> Any:
        """The annotation of an item (``dict`` values, ``list`` items)."""
        args = get_args(self.ann)
        return args[-1] if args else Any

    def members(self) -> list[Any]:
        return [a for a in get_args(self.ann) if a is not type(None)]


def _strip(ann: Any) -> Any:
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    return ann


def classify(ann: Any) -> Kind:
    """The :class:`Kind` of a schema annotation."""
    ann = _strip(ann)
    optional = False
    if get_origin(ann) in (Union, types.UnionType):
        members = [_strip(a) for a in get_args(ann)]
        optional = type(None) in members
        members = [a for a in members if a is not type(None)]
        if Uncertain in members:
            return Kind("num", ann, optional)
        if len(members) == 1:
            inner = classify(members[0])
            return Kind(inner.kind, inner.ann, optional or inner.optional)
        return Kind("union", Union[tuple(members)], optional)  # noqa: UP007
    if ann is Uncertain:
        return Kind("num", ann)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return Kind("model", ann)
    origin = get_origin(ann)
    if origin is dict:
        return Kind("dict", ann)
    if origin in (list, tuple):
        return Kind("list", ann)
    if origin is Literal:
        return Kind("literal", ann)
    if ann is str:
        return Kind("str", ann)
    if ann is bool:
        return Kind("bool", ann)
    if ann is int:
        return Kind("int", ann)
    if ann is float:
        return Kind("float", ann)
    return Kind("any", ann)


def member_label(ann: Any) -> str:
    """How pydantic names a union member in an error location (``Deterrence``,
    ``list[Deterrence]``)."""
    ann = _strip(ann)
    origin = get_origin(ann)
    if origin is not None:
        args = ", ".join(member_label(a) for a in get_args(ann))
        return f"{origin.__name__}[{args}]"
    return getattr(ann, "__name__", str(ann))


@dataclass(frozen=True)
class Located:
    """A pydantic location read against the schema and the data.

    Attributes
    ----------
    path : tuple
        The keys of the file only (tags dropped): where the problem is, as ``--set`` names it.
    kinds : tuple of Kind
        The kind of the node each key of ``path`` reaches (``any`` past the schema).
    num_at : int or None
        Length of the path prefix that is a number node (:data:`Num`) the location runs into.
    branch : str or None
        The union member a location runs through (``list[Deterrence]``), if any.
    """

    path: tuple[str | int, ...]
    kinds: tuple[Kind, ...]
    num_at: int | None = None
    branch: str | None = None
    branch_at: int | None = None

    def kind(self) -> Kind:
        return self.kinds[-1] if self.kinds else classify(_root())

    def parent(self) -> Kind:
        return self.kinds[-2] if len(self.kinds) >= 2 else classify(_root())


def _root() -> Any:
    from .schema import ScenarioSpec

    return ScenarioSpec


def _present(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    if isinstance(node, list):
        return isinstance(part, int) and -len(node) <= part < len(node)
    return False


def _step(node: Any, part: Any) -> Any:
    return node[part] if _present(node, part) else None


def read_loc(loc: Sequence[str | int], data: Any) -> Located:
    """Read a pydantic error location against the schema and the raw data."""
    kind = classify(_root())
    node = data
    path: list[str | int] = []
    kinds: list[Kind] = []
    num_at = branch = branch_at = None
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if isinstance(part, str) and part.startswith("function-"):
            continue
        k = kind.kind
        if k == "num" and part in ("number", "uncertain"):  # the tags of a number's two forms
            kind = classify(Uncertain if part == "uncertain" else float)
            continue
        if k == "union":
            labels = {member_label(m): m for m in kind.members()}
            if isinstance(part, str) and part in labels:
                kind, branch, branch_at = classify(labels[part]), part, len(path)
                continue
        if k == "model":
            model = kind.model
            assert model is not None
            field = model.model_fields.get(str(part))
            if field is not None and i < last and not _present(node, part):
                # a field a `mode="before"` validator supplies (a bare red line's `when`)
                kind = classify(field.annotation)
                continue
            kind = classify(field.annotation) if field is not None else Kind("any", Any)
        elif k in ("dict", "list"):
            kind = classify(kind.child())
        else:
            kind = Kind("any", Any)
        path.append(part)
        kinds.append(kind)
        node = _step(node, part)
        if kind.kind == "num" and num_at is None:
            num_at = len(path)
    return Located(tuple(path), tuple(kinds), num_at, branch, branch_at)


def kind_at(path: Sequence[str | int]) -> Kind | None:
    """The kind of the node a path of file keys reaches, None when the schema has no such field
    (a key a model does not define)."""
    kind = classify(_root())
    for part in path:
        if kind.kind == "model":
            model = kind.model
            assert model is not None
            field = model.model_fields.get(str(part))
            if field is None:
                return None
            kind = classify(field.annotation)
        elif kind.kind in ("dict", "list"):
            kind = classify(kind.child())
        elif kind.kind == "num":
            if str(part) not in Uncertain.model_fields:
                return None
            kind = classify(Uncertain.model_fields[str(part)].annotation)
        elif kind.kind == "union":
            models = [classify(m) for m in kind.members()]
            found = [m for m in models if m.kind == "model" and str(part) in m.ann.model_fields]
            if not found:
                lists = [m for m in models if m.kind == "list"]
                if not lists or not isinstance(part, int):
                    return None
                kind = classify(lists[0].child())
                continue
            kind = classify(found[0].ann.model_fields[str(part)].annotation)
        elif kind.kind == "any":
            continue
        else:
            return None
    return kind


__all__ = ["Kind", "Located", "classify", "kind_at", "member_label", "read_loc"]
