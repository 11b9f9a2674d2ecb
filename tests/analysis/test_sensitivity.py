"""Tornado and Sobol indices."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests.conftest import written
from typer.testing import CliRunner

import ripeness
from ripeness.analysis.base import jsonable
from ripeness.analysis.sensitivity import _indices
from ripeness.cli import app
from ripeness.model.params import Parameter, draw, uncertain_parameters
from ripeness.scenario import Uncertain

SETS = {
    "commitment.B.sucker_cost.A.public": {"mode": 10, "low": 5, "high": 20},
    "war.cost_per_month.B.gov": {"dist": "normal", "mean": 0.5, "sd": 0.1},
    "utilities.B.hawks.weights.guarantees": {"mode": 4, "low": 3, "high": 5},
}


@pytest.fixture(scope="module")
def sc() -> ripeness.Scenario:
    return written(ripeness.load("toy"), SETS)


def test_tornado_matches_one_at_a_time_analyses(sc):
    t = ripeness.sensitivity(sc)
    d = t.to_dict()
    assert d["point"]["gap"] == pytest.approx(ripeness.analyze(sc).gap, abs=1e-12)
    rows = d["parameters"]
    assert len(rows) == 5
    assert [r["swing"] for r in rows] == sorted((r["swing"] for r in rows), reverse=True)
    for r in rows:  # each bound written into the file: the electorate refits, as in Monte Carlo
        lo = ripeness.analyze(written(sc, {r["param"]: r["low"]}))
        hi = ripeness.analyze(written(sc, {r["param"]: r["high"]}))
        assert r["gap_low"] == pytest.approx(lo.gap, abs=1e-9)
        assert r["gap_high"] == pytest.approx(hi.gap, abs=1e-9)
        assert r["verdict_low"] == lo.verdict and r["verdict_high"] == hi.verdict
    normal = next(r for r in rows if r["param"] == "war.cost_per_month.B.gov")
    assert normal["low"] == pytest.approx(0.5 - 1.6448536 * 0.1)  # 5% quantile
    json.dumps(jsonable(d))


def test_tornado_flags_verdict_changes():
    # the hawks block at a war cost of 0.1 a month and accept at 1 (checked with `analyze`)
    path = "war.cost_per_month.B.hawks"
    sc = written(ripeness.load("toy"), {path: {"mode": 0.1, "low": 0.0, "high": 1.0}})
    assert ripeness.analyze(written(sc, {path: 1.0})).verdict == "deal"
    rows = ripeness.sensitivity(sc).to_dict()["parameters"]
    cost = next(r for r in rows if r["param"] == path)
    assert cost["changes_verdict"] and (cost["verdict_low"], cost["verdict_high"]) == (
        "no deal",
        "deal",
    )


def test_sobol_indices(sc):
    s = ripeness.sensitivity(sc, "sobol", n=200, seed=3)
    d = s.to_dict()
    assert d["n"] == 256 and d["evaluations"] == 256 * (5 + 2)  # rounded up to a power of two
    assert 0 < d["p_deal"] < 1 and not d["notes"]
    g = d["indices"]["gap"]
    assert set(g) == {x.path for x in uncertain_parameters(sc)}
    for v in g.values():
        assert -0.2 < v["S1"] < 1.2 and -0.2 < v["ST"] < 1.2
    assert max(v["ST"] for v in g.values()) > 0.3
    again = ripeness.sensitivity(sc, "sobol", n=200, seed=3)
    assert again.to_dict() == d


def test_sobol_constant_output_is_reported(sc):
    s = ripeness.sensitivity(sc, "sobol", n=32, seed=1, off=["hawks-b"])  # a deal in every draw
    d = s.to_dict()
    assert d["p_deal"] == 1 and any("deal is constant" in n for n in d["notes"])
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


def test_sobol_indices_of_the_ishigami_function():
    """The Sobol machinery (uniform designs mapped through each number's inverse CDF, then
    SALib's estimator) against published indices of the Ishigami function with a = 7,
    b = 0.1 on [-pi, pi]^3: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    (Ishigami and Homma 1990; values as tabulated by Saltelli et al. 2008, Global
    Sensitivity Analysis: The Primer, and in SALib's documentation)."""
    from SALib.sample import sobol as sobol_sample

    params = [
        Parameter(f"x{i}", Uncertain(dist="uniform", low=-np.pi, high=np.pi), 0.0) for i in range(3)
    ]
    problem = {"num_vars": 3, "names": [p.path for p in params], "bounds": [[0.0, 1.0]] * 3}
    U = sobol_sample.sample(problem, 2**13, calc_second_order=False, scramble=True, seed=1)
    X = draw(params, U)
    y = np.sin(X[:, 0]) + 7 * np.sin(X[:, 1]) ** 2 + 0.1 * X[:, 2] ** 4 * np.sin(X[:, 0])
    idx = _indices(problem, y, params, seed=1)
    s1 = [idx[f"x{i}"]["S1"] for i in range(3)]
    st = [idx[f"x{i}"]["ST"] for i in range(3)]
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=0.03)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.03)


def _noisy_toy() -> ripeness.Scenario:
    """The toy with two close polls of 15 respondents each (50% and 55%): at the high end of
    the first poll's sampling range (above 55%) the support would fall as the package gets
    better for the public, so the electorate cannot be fitted there."""
    from tests.conftest import scenario_from

    text = ripeness.scenario.packaged_text("toy")
    lines = [ln for ln in text.splitlines() if "- {package:" in ln and "support:" in ln]
    assert len(lines) == 2
    a, b = lines
    text = text.replace(a, a.split("support:")[0] + "support: 0.5, n: 15, source: poll-dec}")
    text = text.replace(b, b.split("support:")[0] + "support: 0.55, n: 15, source: poll-dec}")
    return scenario_from(text)


def test_tornado_end_that_cannot_be_fitted_is_said_and_left_out_of_the_swing():
    t = ripeness.sensitivity(_noisy_toy(), "tornado")
    row = next(r for r in t.rows if r["param"].endswith("calibration.0.support"))
    assert row["verdict_high"] == "unfitted" and np.isnan(row["gap_high"])
    # the swing is the fitted end's: |g*(low) - g*(point)|, never nan
    assert row["swing"] == pytest.approx(abs(row["gap_low"] - t.gap))
    swings = [r["swing"] for r in t.rows]
    finite = [s for s in swings if np.isfinite(s)]
    assert finite == sorted(finite, reverse=True) and swings[: len(finite)] == finite


def test_sobol_leaves_unfitted_points_out_and_says_its_indices_are_undefined():
    s = ripeness.sensitivity(_noisy_toy(), "sobol", n=64, seed=1)
    assert 0 < s.unfitted < s.evaluations
    assert any("could not be fitted" in note for note in s.notes)
    for out in ("deal", "gap"):
        assert all(ix["S1"] is None and ix["ST"] is None for ix in s.indices[out].values())
    assert 0.0 <= s.p_deal <= 1.0 and s.to_dict()["unfitted"] == s.unfitted
