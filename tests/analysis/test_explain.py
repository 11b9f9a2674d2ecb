"""The verdict in words (analysis.explain) and the obstacle analysis from any setting."""

from __future__ import annotations

import pytest

import ripeness
from ripeness.analysis.explain import (
    binding_actor,
    durability_note,
    gap_scale,
    headline,
    lever_sentence,
    num,
    sets_sentence,
)


def test_numbers_are_rounded_for_reading():
    assert num(58.445580504174146) == "58.4"
    assert num(-0.16) == "−0.16" and num(0.0) == "0"
    assert num(1e-7) == "0.0000001" and num(2.5e7) == "2.500e+07"


def test_deal_headline_hand_computed(mini):
    # conftest MINI: the most robust deal (b, r): u_A 75, u_B 50, BATNAs 30 and 40, ranges 100:
    # shortfalls A -(75 - 30)/100 = -0.45, B -(50 - 40)/100 = -0.1 -> B.gov binds, g* = -0.1
    a = ripeness.analyze(mini)
    assert binding_actor(a) == ("B.gov", pytest.approx(-0.1))
    h = headline(a)
    assert h.verdict == "deal" and h.change == [] and h.rejected_by == []
    assert h.lead.startswith("2 of 6 packages are in the zone of possible agreement")
    assert h.scale == (
        "The most robust deal clears the least satisfied actor (B.gov) by 10% of its utility "
        "range: −g* = 0.1 of the widest gap possible."
    )


def test_no_deal_headline_hand_computed(mini):
    # d_B = 90: B's nets 50-90, 30-90, 0-90, 100-90, 80-90, 50-90; A's -5, 25, 70, -30, 0, 45.
    # g per package 0.4, 0.6, 0.9, 0.3, 0.1, 0.4 -> g* = 0.1 at (b, q): B.gov 10 points short.
    sc = mini.with_overrides({"batna.B.gov": 90})
    a = ripeness.analyze(sc)
    lever = ripeness.levers(sc, "batna.B.gov", (60, 100))  # a deal iff d_B <= 80
    h = headline(a, lever=lever)
    assert h.lead == "The zone of possible agreement is empty: the sides are g* = 0.1 apart."
    assert h.scale == (
        "B.gov, the actor furthest from accepting, is 10 utility points short on a scale where "
        "its best and worst packages are 100 apart: g* = 0.1 is 10% of the widest gap possible."
    )
    assert h.rejected_by == ["B.gov"]
    assert h.change == ["lower batna.B.gov from 90 to 80 (where a deal first appears)"]
    assert h.text().endswith("What would have to change: lower batna.B.gov from 90 to 80 "
                             "(where a deal first appears).")  # fmt: skip


def test_gap_of_a_whole_range_or_more_is_said_so():
    s = gap_scale(1.0, "A.gov", 100.0)
    assert "at least a whole utility range" in s and "red line" in s
    assert gap_scale(float("inf")).startswith("No package can be assessed")
    assert "3% of its utility range" in gap_scale(0.03)  # no actor named: no points


def test_what_would_have_to_change_from_the_toy(toy):
    o = ripeness.obstacles(toy)
    h = headline(ripeness.analyze(toy), o, ripeness.levers(toy, "war.military_balance", (-1, 1)))
    assert h.change == [
        "switch off hawks-b, or constitution-b + electorate-a, or constitution-b + distrust, or "
        "one of 2 other sets (the smallest sets of obstacles whose removal opens a deal)",
        "no value of war.military_balance in [−1, 1] opens a deal",
    ]
    # from another setting the sets are the further ones: with distrust off, constitution-b
    # alone, hawks-b alone or electorate-a alone open a deal (analyze agrees, below)
    h = headline(ripeness.analyze(toy, ["distrust"]), o, off=["distrust"])
    assert h.change[0].startswith("switch off constitution-b, or electorate-a, or hawks-b")
    for s in o.unblocking_from(["distrust"]):
        assert ripeness.analyze(toy, ["distrust", *s]).verdict == "deal"


def test_sentences_and_notes():
    assert sets_sentence([["a"], ["b", "c"]]).startswith("switch off a, or b + c ")
    r = ripeness.LeverResult("p", (0.0, 1.0), 0.4, 0.4, "none", [(0.0, 1.0)], {})
    assert lever_sentence(r) == "a deal exists at the current value of p, 0.4"
    assert durability_note(True, "nash") is None and durability_note(None, "x") is None
    assert "is not a deal" in durability_note(False, "nearest compromise")


FOUR = ("constitution-b", "electorate-a", "hawks-b", "distrust")
SUBSETS = [[ob for k, ob in enumerate(FOUR) if mask >> k & 1] for mask in range(16)]


@pytest.mark.parametrize("off", SUBSETS, ids=lambda s: "+".join(s) or "none")
def test_toggled_and_unblocking_agree_with_analyze(toy, off):
    """From any setting, each toggle is what `analyze` gives for the toggled set, and each
    unblocking set is minimal: it opens a deal, and no smaller part of it does. All 16 subsets
    of the four obstacles, so both branches are run (e.g. none off: no deal; hawks-b off: a
    deal, see test_what_would_have_to_change_from_the_toy)."""
    o = ripeness.obstacles(toy)
    off = sorted(off)
    now = ripeness.analyze(toy, off)
    assert o.state(off)["gap"] == pytest.approx(now.gap)
    for ob, x in o.toggled(off).items():
        assert x["on"] == (ob not in off)
        other = sorted(set(off) ^ {ob})
        assert x["gap"] == pytest.approx(ripeness.analyze(toy, other).gap), ob
    sets = o.unblocking_from(off)
    if now.verdict == "deal":
        assert sets == [[]]
    else:
        assert sets  # all four off is a deal, so from any no-deal setting some set opens one
        for s in sets[:2]:
            assert not set(s) & set(off)
            assert ripeness.analyze(toy, [*off, *s]).verdict == "deal"
            for drop in s:
                rest = [x for x in s if x != drop]
                assert ripeness.analyze(toy, [*off, *rest]).verdict == "no deal"


def test_the_subsets_reach_both_branches(toy):
    verdicts = {ripeness.analyze(toy, off).verdict for off in SUBSETS}
    assert verdicts == {"deal", "no deal"}


def test_obstacles_outside_the_analysis_are_refused(toy):
    o = ripeness.obstacles(toy, only=["hawks-b"])
    with pytest.raises(ValueError, match="not in this analysis"):
        o.state(["distrust"])
    assert o.to_dict(["hawks-b"])["current"]["verdict"] == "deal"


def test_the_unblocking_lead_in_its_three_cases():
    from ripeness.analysis.explain import unblocking_lead

    assert unblocking_lead([[]]) == "A deal exists with the current settings."
    assert unblocking_lead([]) == "No set of obstacles, switched off, opens a deal."
    assert unblocking_lead([["a"], ["b", "c"]]) == (
        "Smallest sets of obstacles whose removal opens a deal:"
    )
    assert unblocking_lead([["a"]], off=["x"]) == (
        "Smallest sets of obstacles whose removal, further from the current settings, opens a deal:"
    )
