"""``ripeness.compare``: scenario changes (the ledger's differ) and what they do to the answers."""

from __future__ import annotations

import pytest

import ripeness
from ripeness.compare import answer_changes, compare


def test_same_scenario_no_changes():
    d = compare("toy", "toy")
    assert d.changes == [] and d.answers == [] and d.before == d.after


def test_a_lever_moved_in_the_file(toy):
    moved = toy.with_overrides({"war.military_balance": 0.8})
    d = compare(toy, moved)
    paths = {c.path: c for c in d.changes}
    assert paths["war.military_balance"].kind == "number"
    after = ripeness.analyze(moved)
    assert d.after["gap"] == pytest.approx(after.gap)
    assert d.before["gap"] == pytest.approx(ripeness.analyze(toy).gap)
    # regression pin (measured): the toy's g* (docs/tutorial.md prints 0.0859, B.hawks
    # binding) and g* with the balance moved to 0.8; both still "no deal"
    assert d.before["gap"] == pytest.approx(0.0859332, abs=1e-7)
    assert d.after["gap"] == pytest.approx(0.0694585, abs=1e-7)
    assert d.before["verdict"] == d.after["verdict"] == "no deal"
    assert d.counts()["number"] == len(d.changes)


def test_answer_changes_in_words():
    nearest = {"north": "frozen", "south": "a"}
    before = {"verdict": "no deal", "gap": 0.1, "zopa_size": 0, "rejected_by": ["B.hawks"],
              "blocked_by": [], "nearest_compromise": nearest}  # fmt: skip
    moved = {**nearest, "south": "frozen"}
    after = {**before, "verdict": "deal", "rejected_by": [], "nearest_compromise": moved}
    changes = {(c.path, c.change) for c in answer_changes(before, after)}
    assert changes == {
        ("verdict", "changed"),
        ("rejected_by", "removed"),
        ("nearest_compromise.south", "changed"),
    }


def test_obstacles_compared_on_request(toy):
    d = compare(toy, toy.with_overrides({"commitment.B.breach": 0.1}), obstacles=True)
    assert "sufficient_to_block" in d.before and "minimal_unblocking_sets" in d.after
    # regression pin (measured): from the toy as written, switching off hawks-b alone opens a
    # deal (docs/tutorial.md; tests/cli/test_cli.py test_obstacles_json_keys)
    assert ["hawks-b"] in d.before["minimal_unblocking_sets"]


def test_a_diff_has_a_frame_and_a_notebook_display(toy):
    # the balance moved 0 -> 0.8 (toy writes mode 0.0): one scenario change, and g* moves
    # (the pins above), so one answer row at least
    d = compare(toy, toy.with_overrides({"war.military_balance": 0.8}))
    f = d.to_frame()
    assert list(f.columns) == ["part", "path", "kind", "change", "old", "new"]
    scen = f[f.part == "scenario"]
    assert list(scen.path) == [c.path for c in d.changes]
    assert "gap" in set(f[f.part == "answer"].path)
    html = d._repr_html_()
    assert "war.military_balance" in html
    assert compare("toy", "toy").to_frame().empty
