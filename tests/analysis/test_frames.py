"""Every result has a tidy ``to_frame()`` and a readable notebook display; ``dir(ripeness)``."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

import ripeness

#: A float printed with all its digits (what a nested-dict dump shows: 58.445580504174146).
LONG_FLOAT = re.compile(r"\d\.\d{6,}")


@pytest.fixture(scope="module")
def results(toy):
    sc = toy
    return {
        "analysis": ripeness.analyze(sc),
        "deal": ripeness.analyze(sc, ["hawks-b"]),
        "assessment": ripeness.assess(sc, {"north": "a"}),
        "durability": ripeness.durability(sc),
        "lever": ripeness.levers(sc, "war.military_balance", (-1, 1), grid=9),
        "deal_lever": ripeness.levers(sc, "war.military_balance", (-1, 1), ["hawks-b"], grid=9),
        "sweep": ripeness.sweep(
            sc, ("war.military_balance", "commitment.B.breach"), ((-1, 1), (0, 1)), points=3
        ),
        "obstacles": ripeness.obstacles(sc),
        "montecarlo": ripeness.montecarlo(sc, 120, seed=3),
        "tornado": ripeness.sensitivity(sc),
        "sobol": ripeness.sensitivity(sc, "sobol", n=16, seed=1),
        "timeline": ripeness.timeline("russia-ukraine-2026-06", n=0),
        "calibration": ripeness.calibrate(sc),
    }


def test_frames_are_tidy(results, toy):
    r = results
    a = r["analysis"].to_frame()
    assert a.index.name == "actor" and set(a.index) == set(r["analysis"].batna)
    assert a["shortfall"].max() == pytest.approx(r["analysis"].gap)  # g* is the largest
    assert (a.loc[a["accepts"], "shortfall"] <= 1e-9).all()
    assert list(r["deal"].packages_frame().columns) == list(toy.spec.issues)
    assert r["assessment"].to_frame().loc["B.gov", "accepts"] == np.False_
    d = r["durability"].to_frame()
    assert list(d.index) == [1, 2, 5, 10] and (d["survival"] + d["breached_by"]).eq(1).all()
    assert list(r["durability"].parties_frame().index) == ["B"]
    lv = r["lever"].to_frame()
    assert lv["value"].is_monotonic_increasing and lv.attrs["param"] == "war.military_balance"
    assert (lv["deal"] == (lv["gap"] <= 1e-9)).all()
    dl = r["deal_lever"].to_frame()
    assert dl.attrs["direction"] == "none" and dl["deal"].any()
    sw = r["sweep"].to_frame()
    assert len(sw) == 9 and list(sw.columns)[:2] == ["war.military_balance", "commitment.B.breach"]
    ob = r["obstacles"].to_frame()
    assert ob.index.name == "obstacle" and ob["on"].all()
    assert len(r["obstacles"].subsets_frame()) == 2 ** len(toy.spec.obstacles)
    mc = r["montecarlo"]
    f = mc.to_frame()
    assert len(f) == 120 and f["deal"].mean() == pytest.approx(mc.p_deal)
    assert f["gap"].tolist() == mc.gap.tolist()
    assert {f"gap_off:{o}" for o in toy.spec.obstacles} <= set(f.columns)
    assert set(mc.obstacles_frame().index) == set(toy.spec.obstacles)
    t = r["tornado"].to_frame()
    assert t["swing"].is_monotonic_decreasing and t.index.name == "param"
    s = r["sobol"].to_frame()
    assert s.index.names == ["output", "param"] and set(s.index.get_level_values(0)) == {
        "deal", "gap"
    }  # fmt: skip
    tl = r["timeline"].to_frame()
    assert tl.index.name == "date" and len(tl) == len(r["timeline"].points)
    c = r["calibration"].to_frame()
    assert list(c["electorate"].unique()) == ["A.public"] and c["support"].tolist() == [0.35, 0.95]


def test_displays_are_readable(results):
    for name, res in results.items():
        html = res._repr_html_()
        assert "<div" in html or "<table" in html, name
        assert not LONG_FLOAT.search(re.sub(r"<svg.*?</svg>", "", html, flags=re.S)), name
        assert "{&quot;" not in html and "{'" not in html, name  # no dict dump
    a = results["analysis"]._repr_html_()
    assert "No deal</span>" in a and "rejected by B.hawks" in a and "<svg" in a
    assert "of the widest gap possible" in a
    assert "Deal</span>" in results["deal"]._repr_html_()
    assert "No value of war.military_balance in [−1, 1] opens a deal." in (
        results["lever"]._repr_html_()
    )
    assert "A deal exists at the current value" in results["deal_lever"]._repr_html_()
    assert "<svg" in results["durability"]._repr_html_()
    assert "is not a deal" in results["durability"]._repr_html_()
    assert "P(a deal exists) =" in results["montecarlo"]._repr_html_()


def test_display_escapes_scenario_text(toy):
    sc = toy.with_overrides({"title": "<script>alert(1)</script>"})
    html = ripeness.analyze(sc)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in sc._repr_html_()


def test_bars_stay_inside_their_axis():
    from ripeness.analysis import svg

    out = svg.bars(["a", "b"], [-0.3, 0.1], width=300)
    rects = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', out)
    assert len(rects) == 2  # the plot area is x in [120, 290] (label column, right margin)
    assert all(float(x) >= 120 and float(x) + float(w) <= 290 + 1e-6 for x, w in rects)


def test_dir_lists_each_name_once():
    ripeness.analyze  # noqa: B018 - a name looked up once is cached in the module
    names = dir(ripeness)
    assert [n for n, k in Counter(names).items() if k > 1] == []
    assert "Any" not in names and "TYPE_CHECKING" not in names and "import_module" not in names
    assert set(ripeness.__all__) <= set(names) and "ledger" in names
