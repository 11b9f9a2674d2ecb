"""Levers (grid + bisection) and durability against hand-computed values."""

from __future__ import annotations

import math

import pytest

import ripeness
from ripeness.analysis.levers import find_threshold


def test_lever_hand_computed(mini):
    # with d_B = 60 only packages 3 (u_A 0) and 4 (u_A 30) satisfy B: a deal iff d_A <= 30
    sc = mini.with_overrides({"batna.B.gov": 60, "batna.A.gov": 45})
    r = ripeness.levers(sc, "batna.A.gov", (0, 60))
    assert r.current == 45
    assert r.direction == "decrease"
    assert r.threshold == pytest.approx(30, abs=60e-4)
    assert r.threshold <= 30  # on the deal side
    assert len(r.intervals) == 1 and r.intervals[0][0] == 0
    assert ripeness.analyze(sc, overrides={"batna.A.gov": r.threshold}).verdict == "deal"


def test_lever_none_in_range(toy):
    r = ripeness.levers(toy, "war.military_balance", (-3, 3))
    assert r.threshold is None and r.intervals == []
    assert "none in range" in r.message


def test_lever_default_range_from_uncertainty(toy):
    r = ripeness.levers(toy, "war.military_balance", off=["hawks-b"])
    assert r.range == (-1.0, 1.0)
    with pytest.raises(ValueError, match="no uncertainty range"):
        ripeness.levers(toy, "war.horizon_months")


def test_non_monotone_reported_as_intervals():
    def solve(x):
        deal = 0.2 < x < 0.4 or x > 0.7
        return deal, -1.0 if deal else 1.0

    r = find_threshold(solve, 0.0, 1.0, current=0.0)
    assert len(r.intervals) == 2
    (a, b), (c, d) = r.intervals
    assert (a, b, c, d) == pytest.approx((0.2, 0.4, 0.7, 1.0), abs=2e-4)
    assert r.threshold == pytest.approx(0.2, abs=2e-4) and r.direction == "increase"
    assert not r.to_dict()["monotone"]


def test_durability_hand_computed(toy):
    d = ripeness.durability(toy, {"guarantees": "none"})
    h = -math.log(0.4) / 2.0  # breach 0.6 over 24 months
    assert d.breach_probability == pytest.approx(0.6)
    assert d.hazard == pytest.approx(h)
    assert d.survival[1] == pytest.approx(math.exp(-h))
    assert d.survival[5] == pytest.approx(0.4**2.5)
    assert d.median_survival_years == pytest.approx(math.log(2) / h)
    strong = ripeness.durability(toy, {"guarantees": "alliance"})
    assert strong.breach_probability == pytest.approx(0.6 * 0.2)
    assert strong.survival[5] > d.survival[5]
    assert ripeness.durability(toy, off=["distrust"]).median_survival_years == math.inf


def test_durability_default_package_is_nash_when_deal(toy):
    d = ripeness.durability(toy, off=["hawks-b"])
    a = ripeness.analyze(toy, off=["hawks-b"])
    assert d.chosen_as == "nash" and d.package == a.solutions["nash"]


def test_levers_and_sweeps_report_progress(toy):
    seen: list[tuple[int, int]] = []
    # the verdict changes once in [0, 5] (at about 0.4585): 41 grid points and the current
    # value 0.1, then bisections
    r = ripeness.levers(
        toy, "war.cost_per_month.B.hawks", (0.0, 5.0), progress=lambda d, t: seen.append((d, t))
    )
    assert len(r.intervals) == 1 and seen[0] == (1, 42)
    assert seen[-1][0] == seen[-1][1] > 42 and all(d <= t for d, t in seen)
    grid: list[tuple[int, int]] = []
    ripeness.sweep(
        toy,
        ("war.military_balance", "commitment.B.breach"),
        points=3,
        progress=lambda d, t: grid.append((d, t)),
    )
    assert grid == [(3, 9), (6, 9), (9, 9)]


def test_a_current_value_outside_the_range_is_never_said_to_be_a_deal():
    """The range [20, 35] seen from a current value of 40 (outside it): deals for x <= 30 lie
    below, so a deal first appears at 30, decreasing; never "a deal exists now" (by hand)."""
    from ripeness.analysis.levers import find_threshold

    def below_30(x: float) -> tuple[bool, float]:
        return x <= 30.0, x - 30.0

    r = find_threshold(below_30, 20.0, 35.0, current=40.0, grid=7)
    assert r.direction == "decrease" and r.threshold == pytest.approx(30.0, abs=1e-3)
    r = find_threshold(lambda x: (True, -1.0), 20.0, 35.0, current=40.0, grid=5)
    assert (r.direction, r.threshold) == ("decrease", 35.0)  # the nearest end of the range
    r = find_threshold(lambda x: (x >= 25.0, 25.0 - x), 20.0, 35.0, current=10.0, grid=7)
    assert r.direction == "increase" and r.threshold == pytest.approx(25.0, abs=1e-3)
    r = find_threshold(below_30, 20.0, 35.0, current=25.0, grid=7)
    assert (r.direction, r.threshold) == ("none", 25.0)
