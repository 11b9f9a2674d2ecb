"""``--set PATH=VALUE``: change any field of a scenario by dotted path."""

from __future__ import annotations

import copy
from typing import Any

from ruamel.yaml import YAML

from .numbers import is_number_mapping


class OverrideError(ValueError):
    """A dotted path that names no field, or a value that does not fit it."""


def split_path(data: Any, path: str) -> list[str | int]:
    """Split a dotted path against the data, matching keys that contain dots.

    ``electorates.UA.public.mu`` resolves to ``["electorates", "UA.public", "mu"]`` because
    ``UA.public`` is a key of ``electorates``: at each level the longest key made of the next
    dot-separated parts wins. The last part may name a key that does not exist yet.
    """
    parts = path.split(".")
    out: list[str | int] = []
    node = data
    i = 0
    while i < len(parts):
        if isinstance(node, list):
            try:
                idx = int(parts[i])
            except ValueError:
                raise OverrideError(f"{path!r}: {parts[i]!r} is not a list index") from None
            if not -len(node) <= idx < len(node):
                raise OverrideError(f"{path!r}: index {idx} out of range")
            out.append(idx)
            node = node[idx]
            i += 1
            continue
        if not isinstance(node, dict):
            raise OverrideError(f"{path!r}: {'.'.join(map(str, out))!r} is a value, not a mapping")
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if key in node:
                out.append(key)
                node = node[key]
                i = j
                break
        else:
            # a new key: the longest run of parts naming a known actor id, else one part;
            # missing intermediate mappings are created by apply_overrides
            known = set(data.get("actors", {})) if isinstance(data, dict) else set()
            for j in range(len(parts), i, -1):
                key = ".".join(parts[i:j])
                if j == i + 1 or key in known:
                    out.append(key)
                    node = {}
                    i = j
                    break
    return out


def parse_value(text: str) -> Any:
    """Parse a command-line value as a YAML scalar (number, bool, string), safely."""
    y = YAML(typ="safe", pure=True)
    value = y.load(text)
    if isinstance(value, dict | list):
        raise OverrideError(f"{text!r}: give a single value, not a mapping or list")
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
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and is_number_mapping(old)
        ):
            fixed: dict[str, Any] = {"value": float(value)}
            assert isinstance(old, dict)
            if old.get("source"):
                fixed["source"] = old["source"]
            value = fixed
        elif isinstance(old, dict | list) and not isinstance(value, dict | list):
            raise OverrideError(f"{path!r} is a block, not a value")
        node[last] = value
    return new
