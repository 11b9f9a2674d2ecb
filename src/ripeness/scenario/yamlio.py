"""Safe YAML loading with the position of every node, for ``file:line:col`` messages; dumping."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import SafeRepresenter

from .errors import Path, Problem, ScenarioError
from .yamlload import MAX_DEPTH, MAX_NODES, build

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "dump_yaml", "load_yaml"]

#: Largest scenario file accepted, in bytes.
MAX_FILE_BYTES = 5_000_000


def load_yaml(text: str, file: str = "<string>") -> tuple[Any, dict[Path, tuple[int, int]]]:
    """Parse YAML text into plain dicts/lists and a map from node path to (line, col).

    Only plain data is read (the YAML 1.2 core schema); see :mod:`ripeness.scenario.yamlload`
    for what is refused, and its limits :data:`MAX_NODES` and :data:`MAX_DEPTH`.

    Raises
    ------
    ScenarioError
        On a syntax error, a duplicate key, a tag outside the core schema, a number that is
        not finite, or a file over the size limits; every problem located.
    """
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(file, 0, 0, "<root>", f"file larger than {MAX_FILE_BYTES} bytes")]
        )
    return build(text, file)


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
