"""The canonical text of a scenario's content and its SHA-256: the ledger's scenario hash.

Definition (docs/ledger.md, "The scenario hash")
------------------------------------------------
The *content* of a scenario is its data tree as loaded (:attr:`ripeness.Scenario.data`: YAML
parsed safely into mappings, lists, strings, numbers, booleans and null; dates already ISO
strings). Comments, quoting, flow or block style, indentation and the order of keys are not
content. The canonical text is that tree written as one line of JSON-compatible YAML 1.2 flow:

- a mapping is ``{"key":value,...}`` with its keys sorted by Unicode code point, except the
  mappings whose order is part of the meaning (:data:`ORDERED`), which keep the file's order;
- a list is ``[value,...]`` in its order;
- a string is a JSON string (``json.dumps(ensure_ascii=False)``) in which every character that
  YAML does not allow raw (C0 and C1 controls, DEL, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) is
  written as ``\\uXXXX``;
- ``true``, ``false``, ``null``;
- a number equal to an integer is written as that integer (``1`` and ``1.0`` are one number);
  any other finite number as Python's shortest round-trip ``repr`` (``0.35``, ``1e-05``);
  infinities and NaN as YAML's ``.inf``, ``-.inf`` and ``.nan``;
- no whitespace outside strings.

The scenario hash is ``SHA-256(canonical text as UTF-8)`` in lower-case hex. Two files with the
same content hash the same whatever their comments, style or key order; changing any number,
string or structure changes the text and so the hash.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from collections.abc import Mapping
from io import StringIO
from typing import Any

#: Mappings whose key order is part of the meaning, as paths (``"*"``: any key). ``parties``: the
#: first party is the one ``war:`` lists and the military balance favour; ``issues`` and their
#: ``options``: packages are numbered in this order and ties between equally good packages go
#: to the lowest number (docs/model.md), so reordering them can change an answer.
ORDERED: tuple[tuple[str, ...], ...] = (("parties",), ("issues",), ("issues", "*", "options"))

#: Characters written as ``\\uXXXX`` inside strings (YAML forbids them raw, or reads them as
#: line breaks); JSON already escapes U+0000..U+001F.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _ordered(path: tuple[str, ...]) -> bool:
    return any(
        len(p) == len(path) and all(a in ("*", b) for a, b in zip(p, path, strict=True))
        for p in ORDERED
    )


def _string(s: str) -> str:
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(s, ensure_ascii=False))


def _number(x: float) -> str:
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".inf" if x > 0 else "-.inf"
    if x.is_integer():
        return str(int(x))
    return repr(x)


def _write(node: Any, path: tuple[str, ...], out: list[str]) -> None:
    if isinstance(node, Mapping):
        keys = [str(k) for k in node]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{'.'.join(path) or '<root>'}: two keys with the same text")
        items = list(zip(keys, node.values(), strict=True))
        if not _ordered(path):
            items.sort(key=lambda kv: kv[0])
        out.append("{")
        for i, (k, v) in enumerate(items):
            if i:
                out.append(",")
            out.append(_string(k))
            out.append(":")
            _write(v, (*path, k), out)
        out.append("}")
    elif isinstance(node, list | tuple):
        out.append("[")
        for i, v in enumerate(node):
            if i:
                out.append(",")
            _write(v, (*path, str(i)), out)
        out.append("]")
    elif isinstance(node, str):
        out.append(_string(node))
    elif isinstance(node, bool):
        out.append("true" if node else "false")
    elif node is None:
        out.append("null")
    elif isinstance(node, numbers.Integral):
        out.append(str(int(node)))
    elif isinstance(node, numbers.Real):
        out.append(_number(float(node)))
    else:
        raise TypeError(f"{'.'.join(path) or '<root>'}: cannot write {type(node).__name__}")


class _NonFinite(Exception):
    """A non-finite number: the slower writer spells it in YAML."""


def _normal(node: Any, path: tuple[str, ...]) -> Any:
    """The tree with canonical key order and integral floats as ints, for ``json.dumps``."""
    if isinstance(node, Mapping):
        keys = [str(k) for k in node]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{'.'.join(path) or '<root>'}: two keys with the same text")
        items = list(zip(keys, node.values(), strict=True))
        if not _ordered(path):
            items.sort(key=lambda kv: kv[0])
        return {k: _normal(v, (*path, k)) for k, v in items}
    if isinstance(node, list | tuple):
        return [_normal(v, (*path, str(i))) for i, v in enumerate(node)]
    if isinstance(node, str | bool) or node is None:
        return node
    if isinstance(node, numbers.Integral):
        return int(node)
    if isinstance(node, numbers.Real):
        x = float(node)
        if not math.isfinite(x):
            raise _NonFinite
        return int(x) if x.is_integer() else x
    raise TypeError(f"{'.'.join(path) or '<root>'}: cannot write {type(node).__name__}")


def canonical_text(data: Any) -> str:
    """The canonical text of a data tree (the module docstring gives the rules).

    Raises
    ------
    TypeError
        For a value that is not plain data (mapping, list, string, number, boolean, null).
    ValueError
        For a mapping with two keys of the same text.
    """
    try:  # fast: the C JSON encoder on the normalised tree (the same text, see the tests)
        text = json.dumps(
            _normal(data, ()), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    except _NonFinite:
        pass
    return reference_text(data)


def reference_text(data: Any) -> str:
    """:func:`canonical_text` by the definition, node by node (also spells ``.inf``, ``.nan``)."""
    out: list[str] = []
    _write(data, (), out)
    return "".join(out)


def sha256_hex(text: str) -> str:
    """SHA-256 of ``text`` encoded as UTF-8, in lower-case hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(data: Any) -> str:
    """The scenario hash: SHA-256 of :func:`canonical_text`."""
    return sha256_hex(canonical_text(data))


def parse_canonical(text: str) -> Any:
    """Read canonical text back into plain data (a safe YAML 1.2 load; no Python objects)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(StringIO(text))


__all__ = [
    "ORDERED",
    "canonical_text",
    "content_hash",
    "parse_canonical",
    "reference_text",
    "sha256_hex",
]
