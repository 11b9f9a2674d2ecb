"""Obstacle analysis: subsets, minimal unblocking sets and Shapley values."""

from __future__ import annotations

import numpy as np
import pytest

import ripeness
from ripeness.analysis.obstacles import minimal_sets, shapley


def test_shapley_hand_computed_three_player_game():
    # v(empty)=0, v1=1, v2=2, v12=4, v3=0, v13=1, v23=3, v123=6 (bit i = player i+1)
    v = np.array([0, 1, 2, 4, 0, 1, 3, 6], dtype=float)
    phi = shapley(v, 3)
    assert phi == pytest.approx([11 / 6, 10 / 3, 5 / 6])
    assert phi.sum() == pytest.approx(6)


def test_minimal_sets():
    ok = np.zeros(8, dtype=bool)
    ok[[3, 4, 5, 7]] = True  # {1,2}, {3}, {1,3}, all
    assert minimal_sets(ok, 3) == [4, 3]


def test_toy_obstacles(toy):
    o = ripeness.obstacles(toy)
    d = o.to_dict()
    assert d["all_on"]["verdict"] == "no deal"
    assert len(d["subsets"]) == 2 ** len(toy.obstacle_ids)
    # each subset agrees with a direct analysis
    for entry in d["subsets"][::17]:
        a = ripeness.analyze(toy, off=entry["off"])
        assert (a.verdict, a.zopa_size) == (entry["verdict"], entry["zopa_size"])
        assert a.gap == pytest.approx(entry["gap"])
    # Shapley values add up to the whole gap reduction
    assert sum(d["shapley"].values()) == pytest.approx(d["gap_reduction"])
    # minimal unblocking sets open a deal, and no proper subset does
    for s in d["minimal_unblocking_sets"]:
        assert ripeness.analyze(toy, off=s).verdict == "deal"
        for drop in s:
            assert ripeness.analyze(toy, off=[x for x in s if x != drop]).verdict == "no deal"
    # sufficient_to_block: with only that obstacle on, still no deal
    everything = set(toy.obstacle_ids)
    for ob in toy.obstacle_ids:
        alone = ripeness.analyze(toy, off=sorted(everything - {ob})).verdict == "no deal"
        assert alone == (ob in d["sufficient_to_block"])
    assert d["single"]["hawks-b"]["verdict"] == "deal"
    assert o.to_frame().loc["hawks-b", "toggled_verdict"] == "deal"


def test_only_subset_and_limit(toy):
    o = ripeness.obstacles(toy, only=["hawks-b", "electorate-a"])
    assert list(o.single) == ["hawks-b", "electorate-a"]
    assert len(o.to_dict()["subsets"]) == 4
    with pytest.raises(ripeness.ScenarioError):
        ripeness.obstacles(toy, only=["nope"])
