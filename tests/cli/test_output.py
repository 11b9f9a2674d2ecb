"""The terminal table layout (`ripeness.cli.output`): every line within the width."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from ripeness.cli.output import Col, Mark, Table, print_table

WORD = st.text(alphabet="abcdefghij.-_", min_size=1, max_size=22)
TEXT = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


def _lines(t: Table, width: int) -> list[str]:
    out = io.StringIO()
    print_table(Console(file=out, width=width, force_terminal=False, color_system=None), t)
    return out.getvalue().splitlines()


def test_two_text_columns_with_a_long_word_fit_80_columns():
    # The claims table of `ripeness check`: an id, a mark, two text columns, one of which holds
    # a 20-character word. Rich's equal-ratio split gave that column 19 characters and drew
    # the table 81 wide (the last border cut); the widths are now set to fit.
    t = Table([Col("claim", "id"), Col("", "mark"), Col("the source says"), Col("the model")])
    t.add("consolation-prize", Mark("does not follow"), "Peace negotiations make " * 4, "x")
    t.add("ground-first", Mark("follows"), "A deal", "no value of war.military_balance in")
    lines = _lines(t, 80)
    assert max(len(line) for line in lines) <= 80
    assert lines[0].endswith("┓")  # the right border is drawn
    assert any("war.military_balance" in line for line in lines)  # never cut


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(WORD, TEXT, TEXT), min_size=1, max_size=5),
    width=st.integers(min_value=40, max_value=120),
)
def test_no_line_is_wider_than_the_terminal(rows, width):
    t = Table([Col("id", "id"), Col("a"), Col("b")])
    for r in rows:
        t.add(*r)
    assert max(len(line) for line in _lines(t, width)) <= width
