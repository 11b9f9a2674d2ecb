"""Monte Carlo results: seeding, summaries, obstacle binding, levers, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests.conftest import written
from typer.testing import CliRunner

import ripeness
from ripeness.analysis.base import jsonable
from ripeness.analysis.montecarlo import CHUNK, build_plan
from ripeness.cli import app
from ripeness.model.params import draw

SETS = {
    "utilities.A.gov.values.north.frozen": {"mode": 30, "low": 15, "high": 45},
    "commitment.B.sucker_cost.A.public": {"mode": 10, "low": 5, "high": 20},
    "war.cost_per_month.B.gov": {"mode": 0.5, "low": 0.2, "high": 0.9},
}


@pytest.fixture(scope="module")
def sc() -> ripeness.Scenario:
    return written(ripeness.load("toy"), SETS)


@pytest.fixture(scope="module")
def result(sc):  # type: ignore[no-untyped-def]
    return ripeness.montecarlo(sc, 2500, seed=5, param="war.military_balance", param_range=(-3, 3))


def test_chunks_and_streams_depend_on_n_and_seed_only(sc):
    plan = build_plan(sc, 2500, 5)
    assert plan.n_chunks == -(-2500 // CHUNK)
    want = np.random.SeedSequence(5).spawn(plan.n_chunks)
    for got, ref in zip(plan.seeds, want, strict=True):
        assert got.generate_state(4).tolist() == ref.generate_state(4).tolist()
    sizes = [plan.uniforms(i).shape[0] for i in range(plan.n_chunks)]
    assert sum(sizes) == 2500 and sizes[:-1] == [CHUNK] * (plan.n_chunks - 1)


def test_same_seed_same_numbers(sc, result):
    again = ripeness.montecarlo(sc, 2500, seed=5, param="war.military_balance", param_range=(-3, 3))
    for name in ("gap", "zopa", "nearest", "off_gap", "off_deal", "lever_threshold"):
        np.testing.assert_array_equal(getattr(result, name), getattr(again, name))
    other = ripeness.montecarlo(sc, 2500, seed=6, obstacles=False)
    assert not np.array_equal(other.gap, result.gap)
    # a lever column is not drawn: the draws are those of a run without it
    np.testing.assert_array_equal(
        ripeness.montecarlo(sc, 2500, seed=5, obstacles=False).gap, result.gap
    )


def test_summaries_are_consistent(result):
    n = result.n
    assert result.p_deal == pytest.approx(np.mean(result.zopa > 0))
    assert result.p_deal_se == pytest.approx(np.sqrt(result.p_deal * (1 - result.p_deal) / n))
    assert result.package_counts.sum() == result.zopa.sum()
    top = result.top_packages()
    assert [t["frequency"] for t in top] == sorted((t["frequency"] for t in top), reverse=True)
    assert sum(x["frequency"] for x in result.nearest_compromises(10**6)) == pytest.approx(1.0)
    d = result.to_dict()
    json.dumps(jsonable(d))
    assert d["n"] == n and d["chunks"] == 3 and d["gap"]["count"] == n
    assert sum(d["gap"]["histogram"]["counts"]) == n
    lv = d["lever"]
    shares = ("share_deal_at_draw_value", "share_increase", "share_decrease", "share_none_in_range")
    assert sum(lv[k] for k in shares) == pytest.approx(1.0)


def test_obstacle_binding_as_defined(sc, result):
    """binds: g* with the obstacle alone off is lower; opens: no deal on, a deal off."""
    table = result.obstacle_table()
    assert set(table) == set(sc.spec.obstacles)
    plan = build_plan(sc, 2500, 5)
    params = plan.design.configs[0].params
    X = draw(params, plan.uniforms(0)[:3])
    for d in range(3):
        # the draw written into the file (Monte Carlo refits per draw); switches do not refit
        ref = written(sc, {p.path: float(x) for p, x in zip(params, X[d], strict=True)})
        g = ripeness.analyze(ref).gap
        assert result.gap[d] == pytest.approx(g, abs=1e-9)
        for j, o in enumerate(result.obstacles):
            a = ripeness.analyze(ref, (o,))
            assert result.off_gap[d, j] == pytest.approx(a.gap, abs=1e-9)
            assert result.off_deal[d, j] == (a.verdict == "deal")
    tol = np.maximum(1e-9, 1e-9 * np.abs(result.gap))
    for j, o in enumerate(result.obstacles):
        assert table[o]["binds"] == pytest.approx(np.mean(result.off_gap[:, j] < result.gap - tol))
    assert table["hawks-b"]["binds"] > 0.5 and table["hawks-b"]["opens"] > 0.1
    assert table["legitimacy"]["binds"] == 0.0


def test_off_and_overrides_are_respected(sc):
    r = ripeness.montecarlo(
        sc, 1000, seed=1, off=["hawks-b"], overrides={"war.military_balance": 2.0}
    )
    assert "hawks-b" not in r.obstacles and r.off == ["hawks-b"]
    assert "war.military_balance" not in r.parameters  # overridden numbers are fixed
    r0 = ripeness.montecarlo(sc, 1000, seed=1, off=["hawks-b"])
    assert r.p_deal != r0.p_deal  # the override moves the answer
    with pytest.raises(ripeness.ScenarioError):
        ripeness.montecarlo(sc, 10, off=["no-such-obstacle"])


def test_lever_errors(sc):
    with pytest.raises(ValueError, match="range"):
        ripeness.montecarlo(sc, 10, param="war.horizon_months")
    with pytest.raises(ValueError, match="never refit"):
        ripeness.montecarlo(
            sc, 10, param="electorates.A.public.calibration.0.support", param_range=(0.1, 0.5)
        )
    with pytest.raises(ValueError, match="does not enter"):
        ripeness.montecarlo(sc, 10, param="metadata.weight", param_range=(0.1, 0.5))
    r = ripeness.montecarlo(
        sc,
        500,
        seed=2,
        param="electorates.A.public.mu",
        param_range=(0.0, 80.0),
        off=["hawks-b"],
        obstacles=False,
    )
    assert r.lever_summary()["share_none_in_range"] < 1  # type: ignore[index]


def test_cli_montecarlo_json_and_table():
    runner = CliRunner()
    r = runner.invoke(app, ["montecarlo", "toy", "-n", "600", "--seed", "3", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["n"] == 600 and d["seed"] == 3 and 0 <= d["p_deal"] <= 1
    r = runner.invoke(
        app,
        [
            "montecarlo",
            "toy",
            "-n",
            "300",
            "--seed",
            "3",
            "--off",
            "hawks-b",
            "--param",
            "war.military_balance",
            "--range",
            "-2",
            "2",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "P(deal exists)" in r.output and "war.military_balance" in r.output
    r = runner.invoke(app, ["montecarlo", "toy", "-n", "10", "--off", "nope"])
    assert r.exit_code == 2


def test_scenario_without_uncertain_numbers(mini):
    r = ripeness.montecarlo(mini, 1200, seed=1)
    assert r.parameters == () and r.p_deal == 1.0 and r.p_deal_se == 0.0
    assert np.all(r.gap == pytest.approx(ripeness.analyze(mini).gap))
    assert r.nearest_compromises()[0]["frequency"] == 1.0
    assert ripeness.sensitivity(mini).to_dict()["parameters"] == []
    with pytest.raises(ValueError, match="no uncertain numbers"):
        ripeness.sensitivity(mini, "sobol")


def test_every_draw_reproduces_its_polls():
    """Monte Carlo refits the electorate in every draw: the draw's calibration packages get
    the draw's poll shares (toy: two polls, exact), whatever the draw's valuations."""
    from ripeness.analysis.uncertainty import build_design
    from ripeness.model import evaluate

    toy = written(
        ripeness.load("toy"),
        {
            **SETS,
            "electorates.A.public.calibration.0.support": {"mode": 0.35, "low": 0.25, "high": 0.45},
            "electorates.A.public.calibration.1.n": 400,
        },
    )
    design = build_design(toy, [()])
    cfg = design.configs[0]
    U = np.random.default_rng(9).random((50, design.n_drawn))
    fitted = design.fitted(U=U)
    nums = design.numbers(cfg, draw(cfg.params, U), fitted)
    m = cfg.model
    ev = evaluate(m, m.calib_digits, nums.ranges, numbers=nums)
    a = m.actors.index("A.public")
    cols = list(design.columns)
    polls = draw(cfg.params, U)[
        :, [cols.index(f"electorates.A.public.calibration.{j}.support") for j in (0, 1)]
    ]
    np.testing.assert_allclose(ev.support[:, a, :], polls, atol=1e-9)
    assert np.ptp(polls[:, 0]) > 0.05 and np.ptp(polls[:, 1]) > 0.01  # the shares were drawn
    assert np.ptp(nums.mu[:, a]) > 0  # and the fit moved with them
