"""Tornado and Sobol indices."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import ripeness
from ripeness.analysis.base import jsonable
from ripeness.cli import app
from ripeness.model.params import uncertain_parameters

SETS = {
    "commitment.B.sucker_cost.A.public": {"mode": 10, "low": 5, "high": 20},
    "war.cost_per_month.B.gov": {"dist": "normal", "mean": 0.5, "sd": 0.1},
    "utilities.B.hawks.weights.guarantees": {"mode": 4, "low": 3, "high": 5},
}


@pytest.fixture(scope="module")
def sc() -> ripeness.Scenario:
    return ripeness.load("toy").with_overrides(SETS)


def test_tornado_matches_one_at_a_time_analyses(sc):
    t = ripeness.sensitivity(sc)
    d = t.to_dict()
    assert d["point"]["gap"] == pytest.approx(ripeness.analyze(sc).gap, abs=1e-12)
    rows = d["parameters"]
    assert len(rows) == 5
    assert [r["swing"] for r in rows] == sorted((r["swing"] for r in rows), reverse=True)
    for r in rows:
        lo = ripeness.analyze(sc, overrides={r["param"]: r["low"]})
        hi = ripeness.analyze(sc, overrides={r["param"]: r["high"]})
        assert r["gap_low"] == pytest.approx(lo.gap, abs=1e-9)
        assert r["gap_high"] == pytest.approx(hi.gap, abs=1e-9)
        assert r["verdict_low"] == lo.verdict and r["verdict_high"] == hi.verdict
    normal = next(r for r in rows if r["param"] == "war.cost_per_month.B.gov")
    assert normal["low"] == pytest.approx(0.5 - 1.6448536 * 0.1)  # 5% quantile
    assert rows[0]["param"] == "war.military_balance"
    json.dumps(jsonable(d))


def test_tornado_flags_verdict_changes():
    sc = ripeness.load("toy").with_overrides(
        {"war.military_balance": {"mode": 0, "low": -1, "high": 3}}
    )
    rows = ripeness.sensitivity(sc, off=["hawks-b"]).to_dict()["parameters"]
    bal = next(r for r in rows if r["param"] == "war.military_balance")
    assert bal["changes_verdict"] and bal["verdict_low"] != bal["verdict_high"]


def test_sobol_indices(sc):
    s = ripeness.sensitivity(sc, "sobol", n=200, seed=3, off=["hawks-b"])
    d = s.to_dict()
    assert d["n"] == 256 and d["evaluations"] == 256 * (5 + 2)  # rounded up to a power of two
    assert 0 < d["p_deal"] < 1 and not d["notes"]
    g = d["indices"]["gap"]
    assert set(g) == {x.path for x in uncertain_parameters(sc)}
    top = max(g, key=lambda k: g[k]["ST"])
    assert top == "war.military_balance" and g[top]["ST"] > 0.3
    for v in g.values():
        assert -0.2 < v["S1"] < 1.2 and -0.2 < v["ST"] < 1.2
    assert d["indices"]["deal"]["war.military_balance"]["ST"] > 0.1
    again = ripeness.sensitivity(sc, "sobol", n=200, seed=3, off=["hawks-b"])
    assert again.to_dict() == d


def test_sobol_constant_output_is_reported(sc):
    s = ripeness.sensitivity(sc, "sobol", n=32, seed=1)  # no deal in any draw
    d = s.to_dict()
    assert d["p_deal"] == 0 and any("deal is constant" in n for n in d["notes"])
    assert all(v["S1"] is None for v in d["indices"]["deal"].values())
    assert np.isfinite(d["indices"]["gap"]["war.military_balance"]["ST"])


def test_unknown_method(sc):
    with pytest.raises(ValueError, match="tornado or sobol"):
        ripeness.sensitivity(sc, "morris")


def test_cli_sensitivity():
    runner = CliRunner()
    r = runner.invoke(app, ["sensitivity", "toy", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["method"] == "tornado"
    r = runner.invoke(app, ["sensitivity", "toy", "--method", "sobol", "-n", "32"])
    assert r.exit_code == 0, r.output
    assert "Sobol" in r.output
