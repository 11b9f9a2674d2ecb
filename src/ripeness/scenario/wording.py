"""Pydantic's errors in plain words: what is wrong with a field, never how pydantic says it.

``Value error, need low <= mode <= high`` for a probability written ``{mode: 1.5, low: 0.2,
high: 0.6}`` becomes ``breach must be a probability in [0, 1], got mode 1.5 (low 0.2, high
0.6)``; ``Input should be a valid number`` becomes ``'abc' is not a number``; an unknown field
offers the nearest field of its block (``did you mean `horizon_months`?``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from .numbers import MAX_MAGNITUDE
from .shape import Located
from .suggest import did_you_mean, listing

_NUMBER_TYPES = {"float_type", "float_parsing", "int_type", "int_parsing", "finite_number"}
_MAGNITUDE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def shown(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, cut to ``limit`` characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def described(value: Any) -> str:
    """``a mapping``, ``a list``, ``the text 'abc'``, ``the number 3``, ``true``, ``null``."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool) or value is None:
        return shown(value)
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    return f"the text {shown(value)}"


def _field_help(model: Any, name: str) -> str:
    field = getattr(model, "model_fields", {}).get(name)
    desc = getattr(field, "description", None)
    if not desc:
        return ""
    first = desc.split(". ")[0].rstrip(".")
    return f": {first[0].lower()}{first[1:]}" if first else ""


def _literal(ann: Any) -> list[str]:
    return [str(a) for a in get_args(ann)]


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _probability(loc: Located, ctx: Mapping[str, Any]) -> str | None:
    from .probability import probability_field

    found = probability_field(loc.path)
    if found is None:
        return None
    what, open_ends = found
    parts = {k: ctx.get(k) for k in ("mode", "low", "high")}
    inside = (lambda v: 0 < v < 1) if open_ends else (lambda v: 0 <= v <= 1)
    if all(isinstance(v, int | float) and inside(v) for v in parts.values()):
        return None
    rng = "(0, 1)" if open_ends else "[0, 1]"
    return (
        f"{what} must be a probability in {rng}, got mode {shown(parts['mode'])} "
        f"(low {shown(parts['low'])}, high {shown(parts['high'])})"
    )


def plain(err: Mapping[str, Any], loc: Located) -> str:
    """The message of one pydantic error, in words, for the field at ``loc``."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = str(loc.path[-1]) if loc.path else "scenario"
    parent = loc.parent()
    here = loc.kind()
    if kind == "extra_forbidden":
        model = parent.model
        fields = list(getattr(model, "model_fields", {}))
        hint = did_you_mean(name, fields)
        return f"unknown field {name!r}" + (hint or f" (fields here: {listing(fields, 40)})")
    if kind == "missing":
        return f"missing field {name!r}" + _field_help(parent.model, name)
    if kind == "literal_error":
        choices = _literal(here.ann)
        return f"{shown(value)} is not one of {_either(choices)}" + did_you_mean(
            str(value), choices
        )
    if kind == "number_order":
        return _probability(loc, ctx) or str(err["msg"])
    if kind.startswith("number_"):
        return str(err["msg"])
    if here.kind == "int" and kind in (*_NUMBER_TYPES, "int_from_float"):
        return f"expected a whole number, got {described(value)}"
    if kind in _NUMBER_TYPES or (kind == "bool_type" and here.kind == "num"):
        if isinstance(value, str):
            return f"{value!r} is not a number"
        if kind == "finite_number":
            return f"{shown(value)} is not a finite number"
        return f"expected a number, got {described(value)}"
    if kind in _MAGNITUDE:
        return (
            f"{shown(value)} is too large: numbers are at most {MAX_MAGNITUDE:g} in absolute value"
        )
    if kind == "int_from_float":
        return f"expected a whole number, got {shown(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (`key: value` entries), got {described(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {described(value)}"
    if kind == "string_type":
        return f"expected text, got {described(value)}"
    if kind == "bool_type":
        return f"expected true or false, got {described(value)}"
    if kind == "value_error":
        msg = str(err["msg"])
        return msg.removeprefix("Value error, ")
    return str(err["msg"])


def union_message(value: Any, labels: list[str]) -> str:
    """The one message for a value that fits no form of a field that takes several."""
    forms = [("a list of mappings" if lab.startswith("list[") else "a mapping") for lab in labels]
    return f"expected {_either(list(dict.fromkeys(forms)))}, got {described(value)}"


__all__ = ["described", "plain", "shown", "union_message"]
