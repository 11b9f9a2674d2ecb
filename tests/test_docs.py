"""The notebook tutorial (docs/tutorial.md) runs cell by cell; the docstring examples hold.

The tutorial is jupytext Markdown: each ```python block is a code cell, run in order in one
namespace (a test fails on the first error); a ```text block right after a cell is the output
it must print, compared as doctest compares (``...`` matches anything, whitespace normalised).
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
CELL = re.compile(r"```(python|text)\n(.*?)```", re.S)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: Modules whose docstrings carry examples (the notebook displays and frames among them).
MODULES = [
    "ripeness.analysis.explain",
    "ripeness.analysis.obstacles",
    "ripeness.analysis.zopa",
    "ripeness.analysis.assess",
    "ripeness.analysis.durability",
    "ripeness.analysis.levers",
    "ripeness.analysis.mcresult",
]


def cells(text: str) -> list[tuple[str, str | None]]:
    """``(code, expected output or None)`` for each code cell, in order."""
    out: list[tuple[str, str | None]] = []
    blocks = list(CELL.finditer(text))
    for i, m in enumerate(blocks):
        if m.group(1) != "python":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        between = text[m.end() : nxt.start()] if nxt else ""
        expected = nxt.group(2) if nxt and nxt.group(1) == "text" and not between.strip() else None
        out.append((m.group(2), expected))
    return out


def test_tutorial_runs_cell_by_cell():
    checker = doctest.OutputChecker()
    namespace: dict = {"__name__": "tutorial"}
    found = cells(TUTORIAL.read_text(encoding="utf-8"))
    assert len(found) >= 8
    for n, (code, expected) in enumerate(found, 1):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, f"{TUTORIAL.name}, cell {n}", "exec"), namespace)
        if expected is not None:
            got = buf.getvalue()
            assert checker.check_output(expected, got, FLAGS), (
                f"cell {n}:\n{code}\nexpected:\n{expected}\ngot:\n{got}"
            )


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.attempted > 0 and result.failed == 0
