"""Solution concepts and the gap against hand-computed reference values (see conftest)."""

from __future__ import annotations

import numpy as np
import pytest

import ripeness
from ripeness.engine import argbest, pareto_mask, scan
from ripeness.engine.select import ArgBest


def test_split_solutions(split):
    a = ripeness.analyze(split)
    assert a.verdict == "deal"
    assert a.zopa_size == 4
    assert a.solutions == {
        "nash": {"z": "o3"},
        "kalai_smorodinsky": {"z": "o3"},
        "egalitarian": {"z": "o2"},
        "utilitarian": {"z": "o1"},
    }
    su = a.solution_utilities
    assert su["nash"]["A.gov"]["surplus"] == pytest.approx(25)
    assert su["nash"]["B.gov"]["surplus"] == pytest.approx(60)
    front = [(f["surplus"]["A.gov"], f["surplus"]["B.gov"]) for f in a.frontier]
    assert front == [(50, 0), (30, 45), (25, 60), (5, 100)]


def test_mini_zopa_gap_and_nearest(mini):
    a = ripeness.analyze(mini)
    assert a.zopa_size == 2
    assert a.gap == pytest.approx(-0.1)
    assert a.nearest_compromise == {"x": "b", "y": "r"}
    # package 4 gives A exactly its BATNA: log 0 = -inf, so Nash picks package 5
    assert a.solutions["nash"] == {"x": "b", "y": "r"}
    assert a.rejected_by == []
    assert a.batna == {"A.gov": 30, "B.gov": 40}
    assert a.utility_ranges == {"A.gov": 100, "B.gov": 100}


def test_mini_no_deal_gap(mini):
    a = ripeness.analyze(mini, overrides={"batna.B.gov": 60})
    # surplus B: 50-60=-10 at 5, 80-60=20 at 4 (A: 0) ; g(4) = max(0, -.2) = 0 -> deal (tolerance)
    assert a.verdict == "deal" and a.zopa_size == 1
    b = ripeness.analyze(mini, overrides={"batna.B.gov": 60, "batna.A.gov": 31})
    # g(4) = max(.01, -.2) = .01 ; g(5) = max(-.44, .1) = .1 ; g(0) = max(.06, .1) ...
    assert b.verdict == "no deal"
    assert b.gap == pytest.approx(0.01)
    assert b.nearest_compromise == {"x": "b", "y": "q"}
    assert b.rejected_by == ["A.gov"]


def test_tie_rule_lowest_index():
    v = np.array([3.0, 1.0, 1.0 + 5e-10, 1.0, 0.9999999995])
    assert argbest(v) == 1  # all within 1e-9 of the best (0.9999999995): lowest index
    assert argbest(np.array([2.0, 1.0, 1.0 - 2e-9])) == 2
    assert argbest(-v, maximize=True) == 1


def test_argbest_across_blocks_matches_single_pass():
    rng = np.random.default_rng(0)
    v = np.round(rng.normal(size=1000), 2)
    acc = ArgBest()
    for s in range(0, 1000, 37):
        acc.update(v[s : s + 37], np.arange(s, min(1000, s + 37)))
    assert acc.result() == argbest(v) == int(np.flatnonzero(v == v.min())[0])


def test_pareto_mask_2d_and_nd_agree_with_brute_force():
    rng = np.random.default_rng(1)
    pts = rng.integers(0, 6, size=(200, 2)).astype(float)
    brute = np.array(
        [
            not any(
                (pts[j] >= pts[i]).all() and ((pts[j] > pts[i]).any() or j < i)
                for j in range(200)
                if j != i
            )
            for i in range(200)
        ]
    )
    assert (pareto_mask(pts) == brute).all()
    pts3 = rng.integers(0, 5, size=(150, 3)).astype(float)
    brute3 = np.array(
        [
            not any(
                (pts3[j] >= pts3[i]).all() and ((pts3[j] > pts3[i]).any() or j < i)
                for j in range(150)
                if j != i
            )
            for i in range(150)
        ]
    )
    assert (pareto_mask(pts3) == brute3).all()


def test_chunking_does_not_change_answers(toy):
    m = ripeness.compile_model(toy, ["hawks-b", "electorate-a"])
    a, b = scan(m), scan(m, chunk=5)
    assert a.zopa_size == b.zopa_size > 0
    assert a.gap == b.gap and a.nearest == b.nearest and a.solutions == b.solutions
    assert (a.frontier_index == b.frontier_index).all()


def test_weakly_dominated_2d_matches_brute_force():
    from ripeness.engine.frontier import weakly_dominated_2d

    rng = np.random.default_rng(3)
    pts = rng.integers(0, 8, size=(300, 2)).astype(float)
    front = pts[pareto_mask(pts)]
    probe = rng.integers(0, 9, size=(500, 2)).astype(float)
    brute = np.array([((front[:, 0] >= p[0]) & (front[:, 1] >= p[1])).any() for p in probe])
    assert (weakly_dominated_2d(front, probe) == brute).all()
