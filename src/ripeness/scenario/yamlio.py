"""Safe YAML loading with the position of every node, for ``file:line:col`` messages."""

from __future__ import annotations

import datetime as _dt
import re
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import SafeRepresenter

from .errors import Path, Problem, ScenarioError

#: Largest scenario file accepted, in bytes.
MAX_FILE_BYTES = 5_000_000
#: Largest number of YAML nodes accepted (aliases count every time they are used).
MAX_NODES = 500_000


def _yaml() -> YAML:
    # The round-trip loader keeps positions and never constructs arbitrary Python objects
    # (only the 'unsafe' loader does); duplicate keys are errors.
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def _plain(node: Any, path: Path, positions: dict[Path, tuple[int, int]], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise OverflowError
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            k = key if isinstance(key, str) else _scalar_key(key)
            sub = (*path, k)
            try:
                line, col = node.lc.value(key)
            except (KeyError, TypeError, AttributeError):
                line, col = node.lc.key(key)
            positions[sub] = (line + 1, col + 1)
            out[k] = _plain(value, sub, positions, budget)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            sub = (*path, i)
            try:
                line, col = node.lc.item(i)
                positions[sub] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError):
                positions[sub] = positions.get(path, (0, 0))
            items.append(_plain(value, sub, positions, budget))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, _dt.datetime | _dt.date):
        return node.isoformat()[:10] if isinstance(node, _dt.date) else node.isoformat()
    return node


def _scalar_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    if isinstance(key, _dt.date):
        return key.isoformat()
    return str(key)


def load_yaml(text: str, file: str = "<string>") -> tuple[Any, dict[Path, tuple[int, int]]]:
    """Parse YAML text into plain dicts/lists and a map from node path to (line, col).

    Raises
    ------
    ScenarioError
        On a syntax error, a duplicate key, or a file over the size limits.
    """
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(file, 0, 0, "<root>", f"file larger than {MAX_FILE_BYTES} bytes")]
        )
    try:
        raw = _yaml().load(StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or str(exc)
        raise ScenarioError([Problem(file, line, col, "<yaml>", msg.strip())]) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(file, 0, 0, "<yaml>", str(exc))]) from None
    positions: dict[Path, tuple[int, int]] = {(): (1, 1)}
    try:
        data = _plain(raw, (), positions, [MAX_NODES])
    except (OverflowError, RecursionError):
        raise ScenarioError(
            [Problem(file, 0, 0, "<root>", f"more than {MAX_NODES} YAML nodes")]
        ) from None
    return data, positions


# Plain scalars that a YAML 1.1 reader (e.g. PyYAML) would not load as strings; YAML 1.2
# look-alikes (numbers, null, true/false) are quoted by ruamel.yaml itself.
_YAML11_AMBIGUOUS = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~)$|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"
    r"|[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?)$"
)


class _Representer(SafeRepresenter):
    """Quotes strings a YAML 1.1 reader would take for numbers, booleans or null."""

    def represent_str(self, data: str) -> Any:
        if _YAML11_AMBIGUOUS.match(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)


def dump_yaml(data: Any) -> str:
    """Serialise plain data as block-style YAML (keys in insertion order).

    Strings that look like numbers, booleans or null (option ids ``"0"``, ``"10000"``,
    ``"yes"``) are quoted, so the text loads back to the same data.
    """
    y = YAML(typ="safe", pure=True)
    y.Representer = _Representer
    y.default_flow_style = False
    # ruamel.yaml initialises this attribute to None, so its inferred type is None
    y.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    y.allow_unicode = True
    y.width = 4096
    buf = StringIO()
    y.dump(data, buf)
    return buf.getvalue()
