"""``--set PATH=VALUE``: change any field of a scenario by dotted path."""

from __future__ import annotations

import copy
from typing import Any

from .numbers import is_number_mapping


class OverrideError(ValueError):
    """A dotted path that names no field, or a value that does not fit it.

    Attributes
    ----------
    path : str or None
        The dotted path, when the problem is the value given for it.
    reason : str
        What is wrong, without the path.
    """

    def __init__(self, message: str, path: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.path = path
        self.reason = reason or message


#: Longest ``--set`` path accepted: characters, and dot-separated parts.
MAX_PATH_CHARS = 1000
MAX_PATH_PARTS = 64


def _longest_key(node: dict[Any, Any], parts: list[str], i: int) -> int:
    """Number of parts from ``i`` that the longest matching key of ``node`` spans (0: none)."""
    best = 0
    head = parts[i]
    for key in node:
        if not isinstance(key, str) or not (key == head or key.startswith(head + ".")):
            continue
        n = key.count(".") + 1
        if n > best and i + n <= len(parts) and ".".join(parts[i : i + n]) == key:
            best = n
    return best


def split_path(data: Any, path: str) -> list[str | int]:
    """Split a dotted path against the data, matching keys that contain dots.

    ``electorates.UA.public.mu`` resolves to ``["electorates", "UA.public", "mu"]`` because
    ``UA.public`` is a key of ``electorates``: at each level the longest key made of the next
    dot-separated parts wins. The last part may name a key that does not exist yet. Each level
    looks only at the keys present, so splitting takes time linear in the path and the keys.

    Raises
    ------
    OverrideError
        For an empty part, a path over :data:`MAX_PATH_CHARS` characters or
        :data:`MAX_PATH_PARTS` parts, a bad list index, or a path through a value.
    """
    shown = path if len(path) <= 80 else path[:77] + "..."
    if len(path) > MAX_PATH_CHARS:
        raise OverrideError(f"{shown!r}: a path of more than {MAX_PATH_CHARS} characters")
    parts = path.split(".")
    if len(parts) > MAX_PATH_PARTS:
        raise OverrideError(f"{shown!r}: a path of more than {MAX_PATH_PARTS} parts")
    if any(not p for p in parts):
        raise OverrideError(f"{shown!r}: empty part in the path (two dots, or a dot at an end)")
    known = set(data.get("actors", {})) if isinstance(data, dict) else set()
    out: list[str | int] = []
    node = data
    i = 0
    while i < len(parts):
        if isinstance(node, list):
            try:
                idx = int(parts[i])
            except ValueError:
                raise OverrideError(f"{shown!r}: {parts[i]!r} is not a list index") from None
            if not -len(node) <= idx < len(node):
                raise OverrideError(f"{shown!r}: index {idx} out of range")
            out.append(idx)
            node = node[idx]
            i += 1
            continue
        if not isinstance(node, dict):
            raise OverrideError(f"{shown!r}: {'.'.join(map(str, out))!r} is a value, not a mapping")
        n = _longest_key(node, parts, i)
        if n:
            key = ".".join(parts[i : i + n])
            node = node[key]
        else:
            # a new key: the longest run of parts naming a known actor id, else one part;
            # missing intermediate mappings are created by apply_overrides
            n = max(_longest_key(dict.fromkeys(known), parts, i), 1)
            key = ".".join(parts[i : i + n])
            node = {}
        out.append(key)
        i += n
    return out


def parse_value(text: str) -> Any:
    """Parse a command-line value as a YAML scalar (number, bool, string, null), safely.

    The value is read as a scenario file is (:mod:`ripeness.scenario.yamlload`): tags outside
    the core schema, aliases and numbers that are not finite are refused.

    Raises
    ------
    OverrideError
        When the text is not one plain YAML value.
    """
    from .errors import ScenarioError
    from .yamlload import build

    try:
        value, _ = build(text, "--set")
    except ScenarioError as exc:
        why = "; ".join(p.message for p in exc.problems[:3])
        raise OverrideError(f"not a plain YAML value ({why})") from None
    if isinstance(value, dict | list):
        raise OverrideError("give a single value, not a mapping or list")
    return value


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of raw scenario data with the overrides applied.

    A number written with a source or an uncertainty, when overridden by a plain number,
    becomes ``{value: v, source: <its source>}``: fixed at ``v`` (also in Monte Carlo) and
    still showing where the original figure came from.
    """
    new = copy.deepcopy(data)
    for path, value in overrides.items():
        keys = split_path(new, path)
        node: Any = new
        for k in keys[:-1]:
            if isinstance(node, dict) and k not in node:
                node[k] = {}
            node = node[k]
        last = keys[-1]
        old = node.get(last) if isinstance(node, dict) else node[last]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        was_number = is_number_mapping(old) or (
            isinstance(old, int | float) and not isinstance(old, bool)
        )
        if was_number and isinstance(value, str | bool):
            _refuse(path, f"{_text(value)} is not a number")
        if number and is_number_mapping(old):
            fixed: dict[str, Any] = {"value": float(value)}
            assert isinstance(old, dict)
            if old.get("source"):
                fixed["source"] = old["source"]
            value = fixed
        elif isinstance(old, dict | list) and not isinstance(value, dict | list):
            inside = (
                ", ".join(map(str, old)) if isinstance(old, dict) else f"items 0..{len(old) - 1}"
            )
            _refuse(path, f"names a block, not a value: give a path into it ({inside})")
        node[last] = value
    return new


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _refuse(path: str, reason: str) -> None:
    raise OverrideError(f"{path!r}: {reason}", path, reason)
