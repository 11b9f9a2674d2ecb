"""Hostile uploads reach the app as problem lines, never as a Python exception (issue 14)."""

from __future__ import annotations

import time

import pytest

from ripeness.app import state
from ripeness.scenario import ScenarioError

TOY = state.packaged_text("toy")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (TOY.replace("title: Arland", "title: !!python/object/apply:os.system ['id'] #"),
         "!!python/object"),
        (TOY + "metadata: " + "[" * 2000 + "]" * 2000 + "\n", "nest"),
        (TOY + "metadata: !!omap [{a: 1}]\n", "!!omap"),
        (TOY.replace("weights: {north: 3,", "weights: {north: .nan,"), "finite"),
        (TOY.replace("title: Arland", 'title: "\\ud800" #'), "Unicode"),
    ],
)  # fmt: skip
def test_hostile_upload_gives_problem_lines(text, words):
    with pytest.raises(ScenarioError) as e:
        state.load_text(state.decode_upload(text.encode("utf-8"), "up.yaml"), "up.yaml")
    lines = state.problem_lines(e.value)
    assert any(line.startswith("up.yaml:") and words in line for line in lines), lines


def test_a_node_bomb_upload_is_cheap():
    # 0.99 MB of one-character list items cost 30 s of server CPU before
    text = TOY + "metadata:\n  bomb: [" + ",".join(["0"] * 490_000) + "]\n"
    data = text.encode("utf-8")
    assert len(data) < state.MAX_UPLOAD_BYTES
    start = time.perf_counter()
    state.load_text(state.decode_upload(data, "up.yaml"), "up.yaml")
    assert time.perf_counter() - start < 15


def test_problem_lines_are_bounded():
    text = TOY + "metadata:\n" + "".join(f"  k{i}: .nan\n" for i in range(500))
    with pytest.raises(ScenarioError) as e:
        state.load_text(text, "up.yaml")
    lines = state.problem_lines(e.value)
    assert len(lines) <= state.MAX_PROBLEM_LINES + 1 and "more problem" in lines[-1]
