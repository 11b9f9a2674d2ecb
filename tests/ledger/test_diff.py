"""ripeness ledger diff: hand-made scenario pairs with known differences."""

from __future__ import annotations

import ripeness
from ripeness import ledger
from ripeness.ledger import tree_diff

BASE = """
scenario: s
title: Two sides, one issue
parties: {A: {}, B: {}}
sources:
  j: {title: Judgement, kind: judgement}
  p: {title: Poll, kind: poll}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  z:
    options: [o1, o2]
    no_deal: o2
utilities:
  A.gov: {weights: {z: 1}, values: {z: {o1: 80, o2: 20}}}
  B.gov: {weights: {z: 1}, values: {z: {o1: 10, o2: {mode: 90, low: 80, high: 95, source: j}}}}
batna: {A.gov: 30, B.gov: 40}
"""

# Known differences from BASE, one of each kind (and nothing else):
EDITS = [
    ("values: {z: {o1: 80,", "values: {z: {o1: 70,"),
    ("high: 95, source: j", "high: 97, source: p"),
    ("p: {title: Poll, kind: poll}", "p: {title: Poll of May, kind: poll}"),
    ("title: Two sides, one issue", "title: Two sides, one issue, revised"),
    ("batna: {A.gov: 30, B.gov: 40}", "batna: {A.gov: 30, B.gov: 40}\ndescription: added later"),
]  # fmt: skip
EXPECTED = {
    ("utilities.A.gov.values.z.o1", "number", "changed", 80, 70),
    ("utilities.B.gov.values.z.o2.high", "number", "changed", 95, 97),
    ("utilities.B.gov.values.z.o2.source", "source", "changed", "j", "p"),
    ("sources.p.title", "source", "changed", "Poll", "Poll of May"),
    ("title", "text", "changed", "Two sides, one issue", "Two sides, one issue, revised"),
    ("description", "structure", "added", None, "added later"),
}


def _edited() -> str:
    text = BASE
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_scenario_and_answer_changes(tmp_path):
    path = tmp_path / "l.duckdb"
    a, b = ripeness.parse_text(BASE), ripeness.parse_text(_edited())
    r1 = {"verdict": "no deal", "gap": 0.2, "nearest_compromise": {"z": "o2"},
          "rejected_by": ["A.gov", "B.gov"]}  # fmt: skip
    r2 = {"verdict": "deal", "gap": -0.1, "nearest_compromise": {"z": "o1"}, "rejected_by": []}
    ledger.append(r1, a, command="analyze", arguments={"off": []}, ledger=path)
    ledger.append(r2, b, command="analyze", arguments={"off": ["x"]}, ledger=path)
    d = ledger.diff(1, 2, ledger=path)
    assert not d.same_scenario
    assert {(c.path, c.kind, c.change, c.old, c.new) for c in d.scenario} == EXPECTED
    assert d.counts() == {"number": 2, "source": 2, "structure": 1, "text": 1}
    assert {(c.path, c.change, c.old, c.new) for c in d.answers} == {
        ("verdict", "changed", "no deal", "deal"),
        ("gap", "changed", 0.2, -0.1),
        ("nearest_compromise.z", "changed", "o2", "o1"),
        ("rejected_by", "removed", "A.gov", None),
        ("rejected_by", "removed", "B.gov", None),
    }
    assert [(c.path, c.change, c.new) for c in d.run] == [("arguments.off.0", "added", "x")]
    # the same entry against itself: nothing
    same = ledger.diff(2, 2, ledger=path)
    assert same.same_scenario and not (same.scenario or same.run or same.answers)


def test_reordered_file_is_the_same_scenario(tmp_path):
    path = tmp_path / "l.duckdb"
    moved = BASE.replace("batna: {A.gov: 30, B.gov: 40}\n", "")
    moved = "batna: {B.gov: 40, A.gov: 30}  # moved up\n" + moved
    ledger.append({"verdict": "deal"}, ripeness.parse_text(BASE), ledger=path)
    ledger.append({"verdict": "deal"}, ripeness.parse_text(moved), ledger=path)
    d = ledger.diff(1, 2, ledger=path)
    assert d.same_scenario and d.scenario == [] and d.answers == []


def test_a_number_that_gains_a_range_is_one_number_change():
    old = {"war": {"military_balance": 0.5}}
    new = {"war": {"military_balance": {"mode": 0.5, "low": -1, "high": 1, "source": "j"}}}
    assert [(c.path, c.kind) for c in tree_diff(old, new)] == [("war.military_balance", "number")]
    back = {"war": {"military_balance": {"value": 0.7}}}
    (c,) = tree_diff(new, back)
    assert (c.path, c.kind, c.new) == ("war.military_balance", "number", {"value": 0.7})


def test_lists_are_aligned():
    old = {"timeline": [{"date": "2022"}, {"date": "2023"}, {"date": "2024"}]}
    new = {"timeline": [{"date": "2022"}, {"date": "2022-06"}, {"date": "2023"},
                        {"date": "2024", "label": "x"}]}  # fmt: skip
    got = [(c.path, c.kind, c.change) for c in tree_diff(old, new)]
    assert got == [
        ("timeline.1", "structure", "added"),
        ("timeline.3.label", "structure", "added"),
    ]


def test_removed_blocks_and_changed_types():
    old = {"obstacles": {"x": {"title": "X"}}, "flags": {"f": True}, "n": "3"}
    new = {"flags": {"f": False}, "n": 3}
    got = {(c.path, c.kind, c.change) for c in tree_diff(old, new)}
    assert got == {
        ("obstacles", "structure", "removed"),
        ("flags.f", "text", "changed"),
        ("n", "structure", "changed"),
    }
