"""Differential tests: the enumeration and CP-SAT engines give identical answers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import ripeness
from ripeness.testing.strategies import scenarios

pytest.importorskip("ortools")


def same(a: ripeness.Analysis, b: ripeness.Analysis) -> None:
    assert a.engine == "enumerate" and b.engine == "exact"
    assert a.verdict == b.verdict
    if b.zopa_exact:
        assert a.zopa_size == b.zopa_size
    else:
        assert b.zopa_size <= a.zopa_size
    assert a.gap == pytest.approx(b.gap, abs=1e-6)
    assert a.nearest_compromise == b.nearest_compromise
    assert a.solutions == b.solutions
    if a.frontier is not None:
        fa = {f["index"] for f in a.frontier}
        fb = {f["index"] for f in b.frontier}
        assert fa == fb


def test_toy_every_obstacle_subset():
    sc = ripeness.load("toy")
    oa = ripeness.obstacles(sc)
    ob = ripeness.obstacles(sc, engine="exact")
    for x, y in zip(oa.to_dict()["subsets"], ob.to_dict()["subsets"], strict=True):
        assert (x["off"], x["verdict"], x["zopa_size"]) == (y["off"], y["verdict"], y["zopa_size"])
        assert x["gap"] == pytest.approx(y["gap"], abs=1e-9)
    for off in ([], ["hawks-b"], ["hawks-b", "distrust", "indivisible"]):
        same(ripeness.analyze(sc, off=off), ripeness.analyze(sc, off=off, engine="exact"))


def test_toy_lever_thresholds_agree():
    sc = ripeness.load("toy")
    a = ripeness.levers(sc, "commitment.B.breach", (0, 1), off=["electorate-a"])
    b = ripeness.levers(sc, "commitment.B.breach", (0, 1), off=["electorate-a"], engine="exact")
    assert len(a.intervals) == len(b.intervals)
    for x, y in zip(a.intervals, b.intervals, strict=True):
        assert x == pytest.approx(y)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_scenarios_agree(sc):
    same(ripeness.analyze(sc), ripeness.analyze(sc, engine="exact"))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_issues=5))
def test_random_scenarios_agree_many(sc):
    same(ripeness.analyze(sc), ripeness.analyze(sc, engine="exact"))


@pytest.mark.parametrize("off", [(), ("electorate-ua", "hawks-ru"), ("electorate-ua", "distrust")])
def test_flagship_engines_agree(off):
    sc = ripeness.load("russia-ukraine-2024")
    same(ripeness.analyze(sc, off=off), ripeness.analyze(sc, off=off, engine="exact"))
