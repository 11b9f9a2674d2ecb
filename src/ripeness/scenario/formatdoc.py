"""The scenario-format reference (docs/format.md), generated from the schema.

``ripeness schema --markdown`` prints it; a test fails when the committed docs/format.md
differs, so the reference cannot drift from the models in :mod:`ripeness.scenario.schema`.
Every block is a section with a table of its fields: the type, whether it must be written, its
default, and the field's ``description`` (the same text an editor shows from the JSON Schema).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .numbers import Uncertain
from .schema import ScenarioSpec
from .shape import classify

_INTRO = """\
# The scenario format

This reference is generated from the schema (`ripeness schema --markdown -o docs/format.md
--force` rewrites it; a test checks that it is up to date). The packaged `toy` scenario shows
every block in use: `ripeness init my-war.yaml` copies it, with its comments, as a start;
`ripeness params my-war.yaml` lists the numbers you can then change with `--set` or move as
levers; `ripeness schema -o ripeness.schema.json` gives an editor the same descriptions as
completions. The formulas are in docs/model.md.

A file is YAML (1.2, plain data only). Ids are the keys of the mappings (`parties`, `actors`,
`issues`, ...); a field described as the id of an entry names one of those keys, and an
unknown id is reported with the nearest known one. In the paths below, `ID` stands for any key
and `N` for a position in a list (counted from 0), as `--set` writes them.
"""

_NUMBERS = """\
## Numbers

Every number may be written plain (`24`, `-1.5`) or as a mapping that gives its source and its
uncertainty. Everywhere but Monte Carlo, the tornado and Sobol indices, a number takes its
*point value*: `value` when given, else the mode (the mean of a normal, the midpoint of a
uniform). Numbers are finite and at most 10^12 in absolute value.

| form | example | point value |
| --- | --- | --- |
| plain | `0.6` | itself |
| sourced | `{value: 0.6, source: poll-dec}` | `value` |
| triangular | `{mode: 0.6, low: 0.4, high: 0.8, source: judgement}` | `mode` |
| normal | `{dist: normal, mean: 0.6, sd: 0.1}` | `mean` |
| uniform | `{dist: uniform, low: 0.4, high: 0.8}` | the midpoint |
| beta | `{dist: beta, a: 2, b: 3}` (on [0, 1], or `low`..`high`) | the mode |
"""


def _type(ann: Any) -> str:
    kind = classify(ann)
    k = kind.kind
    if k == "num":
        return "[number](#numbers)"
    if k == "model":
        return f"[{_title(kind.ann)}](#{_anchor(kind.ann)})"
    if k == "dict":
        return f"mapping: id → {_type(get_args(kind.ann)[1])}"
    if k == "list":
        return f"list of {_type(kind.child())}"
    if k == "union":
        return " or ".join(_type(m) for m in kind.members())
    if k == "literal":
        return " \\| ".join(f"`{a}`" for a in get_args(kind.ann))
    return {"str": "text", "bool": "true / false", "int": "whole number", "float": "number"}.get(
        k, "anything"
    )


def _title(model: type[BaseModel]) -> str:
    return model.__name__


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _models() -> list[tuple[type[BaseModel], str]]:
    """Every model of the format, in the order they are reached from the top level, with the
    path where it first appears."""
    out: list[tuple[type[BaseModel], str]] = []
    seen: set[type[BaseModel]] = set()
    queue: list[tuple[type[BaseModel], str]] = [(ScenarioSpec, "")]
    while queue:
        model, where = queue.pop(0)
        if model in seen or model is Uncertain:
            continue
        seen.add(model)
        out.append((model, where))
        for name, field in model.model_fields.items():
            for sub, suffix in _nested(field.annotation):
                path = f"{where}.{name}" if where else name
                queue.append((sub, path + suffix))
    return out


def _nested(ann: Any, suffix: str = "") -> list[tuple[type[BaseModel], str]]:
    kind = classify(ann)
    if kind.kind == "model":
        return [(kind.ann, suffix)]
    if kind.kind == "dict":
        return _nested(kind.child(), suffix + ".ID")
    if kind.kind == "list":
        return _nested(kind.child(), suffix + ".N")
    if kind.kind == "union":
        return [m for member in kind.members() for m in _nested(member, suffix)]
    return []


def _default(field: Any) -> str:
    if field.is_required():
        return ""
    factory = field.default_factory
    value = factory() if factory is not None else field.default
    if value is None or value is PydanticUndefined or value in ({}, []):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(model: type[BaseModel], where: str) -> str:
    title = "The top level" if model is ScenarioSpec else _title(model)
    lines = [f'<a id="{_anchor(model)}"></a>', f"## {title}", ""]
    doc = (model.__doc__ or "").strip().split("\n\n")[0]
    lines.append(" ".join(doc.split()))
    if where:
        lines += ["", f"Written at `{where}`."]
    lines += [
        "",
        "| field | type | required | default | what it is |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, field in model.model_fields.items():
        lines.append(
            f"| `{name}` | {_type(field.annotation)} | {'yes' if field.is_required() else ''} | "
            f"{_default(field)} | {_cell(field.description or '')} |"
        )
    return "\n".join(lines)


def format_reference() -> str:
    """The Markdown reference of the scenario format (docs/format.md)."""
    parts = [_INTRO, _NUMBERS]
    parts += [_section(model, where) for model, where in _models()]
    number = ["## Fields of a number written as a mapping", "", "| field | what it is |"]
    number.append("| --- | --- |")
    for name, field in Uncertain.model_fields.items():
        number.append(f"| `{name}` | {_cell(field.description or '')} |")
    parts.append("\n".join(number))
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


__all__ = ["format_reference"]
