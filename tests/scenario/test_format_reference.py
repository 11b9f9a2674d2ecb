"""The scenario-format reference is generated from the schema, and every field is described."""

from __future__ import annotations

import inspect
from pathlib import Path

from pydantic import BaseModel

from ripeness.scenario import schema
from ripeness.scenario.formatdoc import format_reference
from ripeness.scenario.numbers import Uncertain

DOCS = Path(__file__).resolve().parents[2] / "docs" / "format.md"


def _models() -> list[type[BaseModel]]:
    found = [
        cls
        for _, cls in inspect.getmembers(schema, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == schema.__name__
        and not cls.__name__.startswith("_")
    ]  # fmt: skip
    return [*found, Uncertain]


def test_committed_reference_is_up_to_date():
    # rewrite with: ripeness schema --markdown -o docs/format.md --force
    assert DOCS.read_text(encoding="utf-8") == format_reference()


def test_every_block_and_field_is_described():
    for model in _models():
        assert (model.__doc__ or "").strip(), model.__name__
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"


def test_every_block_has_a_section_with_all_its_fields():
    text = format_reference()
    for model in _models():
        if model is Uncertain:
            continue
        section = text.split(f'<a id="{model.__name__.lower()}"></a>', 1)[1].split("<a id=", 1)[0]
        for name in model.model_fields:
            assert f"| `{name}` |" in section, (model.__name__, name)
