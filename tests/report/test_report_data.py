"""What the report computes: assumptions, the bargaining picture, durability curves, extras."""

from __future__ import annotations

import numpy as np
import pytest

import ripeness
from ripeness.analysis.base import json_number as number
from ripeness.analysis.curves import deterrence_issues, durability_curves
from ripeness.api import parameter_value
from ripeness.report import picture as picture_mod
from ripeness.report.assumptions import assumptions
from ripeness.report.extras import montecarlo_summary, timeline_points
from ripeness.report.picture import bargaining_picture


def test_assumptions_cover_every_number_with_a_usable_path(toy):
    rows = assumptions(toy)
    paths = [r.path for r in rows]
    assert len(paths) == len(set(paths))
    assert "war.military_balance" in paths and "utilities.A.gov.values.north.a" in paths
    assert "war.control.north.cutpoints.0" in paths
    assert not any(p.startswith("sources.") for p in paths)
    for r in rows:  # every path names the number it shows (what --set would change)
        value, _ = parameter_value(toy, r.path)
        assert value == pytest.approx(r.value), r.path


def test_assumptions_ranges_and_sources(toy):
    rows = {r.path: r for r in assumptions(toy)}
    mb = rows["war.military_balance"]
    assert (mb.value, mb.low, mb.high, mb.distribution) == (0.0, -1.0, 1.0, "triangular")
    assert mb.source == "judgement" and not mb.inherited
    assert mb.source_title == toy.spec.sources["judgement"].title
    slope = rows["war.control.north.slope"]  # the block names the source
    assert slope.source == "judgement" and slope.inherited
    poll = rows["electorates.A.public.calibration.0.support"]
    assert poll.source == "poll-dec" and poll.inherited
    assert rows["utilities.A.gov.weights.north"].source is None


def test_assumptions_show_overrides(toy):
    sc = toy.with_overrides({"war.military_balance": 0.7})
    row = next(r for r in assumptions(sc) if r.path == "war.military_balance")
    assert row.value == 0.7 and row.low is None and row.source == "judgement"


@pytest.mark.parametrize("off", [(), ("hawks-b",)])
def test_picture_is_exhaustive_and_consistent(toy, off):
    a = ripeness.analyze(toy, off)
    p = bargaining_picture(a)
    assert p.exhaustive and p.total == p.evaluated == 54 == len(p.x)
    assert p.zopa_size == a.zopa_size == int(p.deal.sum())
    pr = a.model.principals
    assert p.disagreement == pytest.approx(tuple(a.model.batna[pr]))
    assert p.principals == ("A.gov", "B.gov")
    # frontier points are not dominated by any legal package
    legal = np.column_stack([p.x, p.y])[~p.blocked]
    for fx, fy in zip(p.frontier_x, p.frontier_y, strict=True):
        geq = (legal[:, 0] >= fx) & (legal[:, 1] >= fy)
        assert not np.any(geq & ((legal[:, 0] > fx) | (legal[:, 1] > fy)))
    first = p.marks[0]
    assert first.name == ("most robust deal" if off else "nearest compromise")
    assert first.package == a.nearest_compromise
    seen = ripeness.assess(toy, first.package, off).actors
    assert first.x == pytest.approx(seen["A.gov"]["expected_utility"] - seen["A.gov"]["cost"])
    if off:
        names = {m.name for m in p.marks}
        assert names >= {"nash", "kalai smorodinsky", "egalitarian", "utilitarian"}
    assert all("north=" in t and "sanctions=" in t for t in p.text)


def test_picture_samples_large_spaces(toy, monkeypatch):
    monkeypatch.setattr(picture_mod, "FULL_LIMIT", 10)
    monkeypatch.setattr(picture_mod, "SAMPLE", 300)
    p = bargaining_picture(ripeness.analyze(toy), max_points=40, seed=1)
    assert not p.exhaustive and p.evaluated == 300 and len(p.x) <= 40
    assert "uniform sample of 300 of 54" in p.caption
    q = bargaining_picture(ripeness.analyze(toy), max_points=40, seed=1)
    assert np.array_equal(p.x, q.x)  # seeded


def test_picture_needs_two_principals(toy):
    data = dict(toy.data)
    data["actors"] = dict(data["actors"])
    data["actors"]["B.gov"] = dict(data["actors"]["B.gov"], obstacle="hawks-b")
    sc = ripeness.scenario.parse(data, "one-principal.yaml")
    assert bargaining_picture(ripeness.analyze(sc, ["hawks-b"])) is None


def test_durability_curves_match_the_public_function(toy):
    a = ripeness.analyze(toy)
    dc = durability_curves(a)
    assert deterrence_issues(a) == ["guarantees"]
    assert [c.label for c in dc.curves] == [
        "nearest compromise: guarantees=alliance", "guarantees=none", "guarantees=assurances",
    ]  # fmt: skip
    base = ripeness.durability(toy)
    assert dc.curves[0].durability.breach_probability == pytest.approx(base.breach_probability)
    for c in dc.curves[1:]:
        option = c.label.split("=")[1]
        ref = ripeness.durability(toy, {"guarantees": option})
        assert c.durability.breach_probability == pytest.approx(ref.breach_probability)
        assert c.survival == pytest.approx(ref.curve(dc.years))
    assert dc.curves[0].survival[0] == 1.0
    assert dc.to_dict()["curves"][0]["default"] is True


def test_montecarlo_summary_reads_several_shapes():
    s = montecarlo_summary(
        {"p_deal": 0.25, "p_deal_se": 0.02, "n": 100, "gap_quantiles": {"5%": -0.1, "q95": 0.3},
         "gap_histogram": {"edges": [0, 1, 2], "counts": [3, 4]}}
    )  # fmt: skip
    assert s.p_deal == 0.25 and s.draws == 100
    assert s.quantiles == [(0.05, -0.1), (0.95, 0.3)]
    assert list(s.hist_left) == [0, 1] and list(s.hist_count) == [3, 4]
    s = montecarlo_summary(
        {"gap_histogram": [{"low": 0, "high": 0.5, "count": 2}], "gap_quantiles": [[0.5, 0.1]]}
    )
    assert list(s.hist_width) == [0.5] and s.quantiles == [(0.5, 0.1)]
    s = montecarlo_summary({"gaps": [0.1, 0.2, "inf", -0.3, None], "binding": {"a": 0.5, "b": "x"}})
    assert s.hist_count.sum() == 3 and s.binding == {"a": 0.5}
    assert montecarlo_summary({"unrelated": 1}) is None
    assert montecarlo_summary(None) is None
    junk = {"p_deal": "n/a", "gap_histogram": {"edges": [1], "counts": []}}
    assert montecarlo_summary(junk) is None


def test_timeline_points_read_several_shapes():
    pts = timeline_points([{"date": "2024-01-01", "deal": True, "gap": "-inf"}, {"no": "date"}])
    assert len(pts) == 1 and pts[0].verdict == "deal" and pts[0].gap == -np.inf
    entry = {"date": 2024, "verdict": "no deal", "g_star": 0.1, "p_deal": 0.3}
    pts = timeline_points({"entries": [entry]})
    assert (pts[0].date, pts[0].gap, pts[0].p_deal) == ("2024", 0.1, 0.3)
    assert timeline_points({"x": 1}) == [] and timeline_points("junk") == []
    assert number(True) is None and number("1e-3") == 0.001


def test_no_curves_says_why(toy):
    # no breach probability: nothing can break down (the toy has a 24-month horizon)
    from ripeness.report import collect

    data = collect(toy, (), {"commitment.B.breach": 0.0}, with_obstacles=False)
    assert data.durability is None
    assert "No durability curves: no party is given a breach probability" in " ".join(data.notes)
    assert "horizon" not in " ".join(data.notes)
