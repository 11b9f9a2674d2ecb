"""Compiled tables with a draw axis agree with the reference model, draw by draw.

The reference for a draw is the scenario *written* with the draw's numbers, calibrated and
analysed on its own (Monte Carlo refits the electorates in every draw, DESIGN.md §2).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import ripeness
from ripeness.analysis.uncertainty import build_design, lever_thresholds, summarise
from ripeness.engine import utility_ranges
from ripeness.model import compile_model
from ripeness.model.fighting import war_probabilities
from ripeness.model.numbers import fill, realise, single_threaded_blas
from ripeness.model.params import Parameter, draw, lookup, point_row, sample, uncertain_parameters
from ripeness.scenario import Uncertain, apply_overrides, parse
from ripeness.scenario.overrides import split_path

# Every kind of number the model reads, made uncertain, in every distribution.
UNCERTAIN = {
    "utilities.A.gov.weights.north": {"mode": 3, "low": 2, "high": 4},
    "utilities.A.gov.values.north.frozen": {"mode": 30, "low": 15, "high": 45},
    "utilities.A.gov.bundles.0.value": {"mode": -8, "low": -14, "high": -2},
    "utilities.B.gov.values.south.frozen": {"dist": "uniform", "low": 60, "high": 95},
    "utilities.B.hawks.values.guarantees.assurances": {
        "dist": "beta",
        "a": 2,
        "b": 2,
        "low": 30,
        "high": 70,
    },
    "war.horizon_months": {"mode": 24, "low": 12, "high": 36},
    "war.control.north.cutpoints.0": {"mode": -1.5, "low": -2.5, "high": -0.5},
    "war.control.south.slope": {"dist": "normal", "mean": 2.0, "sd": 0.5},
    "war.cost_per_month.A.gov": {"mode": 0.6, "low": 0.3, "high": 1.0},
    "commitment.B.breach": {"dist": "normal", "mean": 0.6, "sd": 0.3},
    "commitment.B.deterrence.values.alliance": {"mode": 0.8, "low": 0.6, "high": 0.95},
    "commitment.B.sucker_cost.A.public": {"mode": 10, "low": 5, "high": 20},
    "constitutions.A.override.cost": {"mode": 5, "low": 0, "high": 10},
    "actors.A.public.threshold": {"dist": "beta", "a": 20, "b": 20},
    "electorates.A.public.sigma": {"mode": 20, "low": 15, "high": 30},
}
PROBABILITY = ("breach", "deterrence.values", "threshold")


def written(sc: ripeness.Scenario, sets: dict) -> ripeness.Scenario:
    """``sc`` with ``sets`` written into the file (not overrides): calibrated on them."""
    return ripeness.load(parse(apply_overrides(sc.data, sets), "written.yaml", sc.positions))


def uncertain_toy(**flags: bool) -> ripeness.Scenario:
    sets = dict(UNCERTAIN)
    sets.update({f"flags.{k}": v for k, v in flags.items()})
    return written(ripeness.load("toy"), sets)


def as_overrides(params: list[Parameter], row: np.ndarray) -> dict[str, float]:
    """A draw as ``--set`` values (probabilities clipped to [0, 1] as the draws are)."""
    out = {}
    for p, x in zip(params, row, strict=True):
        out[p.path] = float(np.clip(x, 0, 1)) if any(s in p.path for s in PROBABILITY) else float(x)
    return out


def test_parameters_are_named_by_set_paths():
    sc = uncertain_toy()
    paths = [p.path for p in uncertain_parameters(sc)]
    assert set(UNCERTAIN) | {"war.military_balance"} == set(paths)
    for p in paths:
        split_path(sc.data, p)  # resolves
    assert paths == [p.path for p in uncertain_parameters(sc)]  # stable order
    assert not any("calibration" in p for p in paths)  # the toy's polls are plain numbers
    assert lookup(sc, "war.control.north.slope").value == 2.0
    with pytest.raises(ValueError):
        lookup(sc, "issues")


def test_inverse_cdfs():
    u = np.array([0.05, 0.5, 0.95])
    tri = Parameter("t", Uncertain(mode=0.2, low=0.0, high=1.0), 0.2)
    np.testing.assert_allclose(tri.ppf(u), stats.triang(0.2, 0, 1).ppf(u))
    nrm = Parameter("n", Uncertain(dist="normal", mean=1.0, sd=2.0), 1.0)
    np.testing.assert_allclose(nrm.ppf(u), stats.norm(1, 2).ppf(u))
    beta = Parameter("b", Uncertain(dist="beta", a=2, b=5, low=10, high=20), 0.0)
    np.testing.assert_allclose(beta.ppf(u), stats.beta(2, 5, loc=10, scale=10).ppf(u))
    uni = Parameter("u", Uncertain(dist="uniform", low=-1, high=3), 1.0)
    np.testing.assert_allclose(uni.ppf(u), [-0.8, 1.0, 2.8])
    x = sample([tri], 40_000, np.random.default_rng(0))[:, 0]
    assert abs(x.mean() - 1.2 / 3) < 0.01


@pytest.mark.parametrize("flags", [{}, {"martial_law": False}])
def test_point_values_reproduce_compile_model(flags):
    sc = uncertain_toy(**flags)
    offs = [(), *[(o,) for o in sc.spec.obstacles], tuple(sc.spec.obstacles)]
    design = build_design(sc, offs)
    X = point_row(design.drawn)
    fitted = design.fitted(X=X)
    for cfg, off in zip(design.configs, offs, strict=True):
        dr = design.numbers(cfg, X, fitted)
        m = compile_model(sc, off)
        for name in ("table", "batna", "breach", "within", "deterrence", "sucker", "override_cost"):
            np.testing.assert_allclose(getattr(dr, name)[0], getattr(m, name), atol=1e-12)
        for name in ("threshold", "mu", "sigma"):
            np.testing.assert_allclose(getattr(dr, name)[0], getattr(m, name), equal_nan=True)
        np.testing.assert_allclose(dr.bundle[0], m.bundle_value)
        np.testing.assert_allclose(dr.ranges[0], utility_ranges(m), atol=1e-12)


def check_against_reference(sc, off, n, seed):  # type: ignore[no-untyped-def]
    design = build_design(sc, [off])
    cfg = design.configs[0]
    params = list(design.drawn)
    U = np.vstack(
        [np.full((1, len(params)), np.nan), np.random.default_rng(seed).random((n, len(params)))]
    )
    X = draw(params, np.nan_to_num(U, nan=0.5))
    X[0] = point_row(params)[0]
    with single_threaded_blas():
        fitted = design.fitted(X=X)
        s = summarise(cfg, design.numbers(cfg, X, fitted), nearest=True, counts=True)
    for d in range(len(X)):
        a = ripeness.analyze(written(sc, as_overrides(params, X[d])), off)
        assert s.zopa[d] == a.zopa_size, (off, d)
        assert s.gap[d] == pytest.approx(a.gap, abs=1e-9), (off, d)
        assert s.nearest[d] == a.model.space.encode_index(a.nearest_compromise), (off, d)
    return s


@pytest.mark.parametrize("flags", [{}, {"martial_law": False}])
def test_draws_match_the_reference_analysis(flags):
    """Substituting each draw into the scenario and analysing it gives the same answers."""
    sc = uncertain_toy(**flags)
    obs = list(sc.spec.obstacles)
    deals = 0
    for off in [(), ("hawks-b",), ("electorate-a",), ("hawks-b", "distrust"), tuple(obs)]:
        s = check_against_reference(sc, off, 5, seed=len(off))
        deals += int(s.deal.sum())
    assert deals > 0  # the comparison covers deals as well as no-deal draws


def test_given_batna_is_drawn(mini):
    sc = written(mini, {"batna.A.gov": {"mode": 30, "low": 20, "high": 60}})
    s = check_against_reference(sc, (), 6, seed=3)
    assert len(set(s.zopa.tolist())) > 1


def test_flagship_draws_match_the_reference():
    try:
        sc = ripeness.load()
    except ripeness.ScenarioError:  # pragma: no cover - flagship being edited
        pytest.skip("flagship scenario does not load")
    for off in [(), ("hawks-ru",)]:
        check_against_reference(sc, off, 2, seed=11)


def test_probabilities_clipped_and_cutpoints_kept_in_order():
    sc = uncertain_toy()
    design = build_design(sc, [()])
    cfg = design.configs[0]
    X = sample(list(design.drawn), 4000, np.random.default_rng(1))
    j = list(design.columns).index("commitment.B.breach")
    assert (X[:, j] > 1).any() and (X[:, j] < 0).any()  # the normal leaves [0, 1]
    dr = realise(cfg.model, X, fit=True)
    assert dr.breach.min() >= 0 and dr.breach.max() <= 1
    # two cutpoints drawn independently cross in some draws: sorted per draw
    crossing = written(
        ripeness.load("toy"),
        {
            "issues.north.war": ["a", "frozen", "b"],
            "war.control.north": {
                "cutpoints": [
                    {"mode": -1, "low": -3, "high": 1},
                    {"mode": 0, "low": -2, "high": 2},
                ],
                "slope": 1.0,
            },
        },
    )
    design = build_design(crossing, [()])
    cfg = design.configs[0]
    Xc = sample(list(design.drawn), 2000, np.random.default_rng(2))
    raw_prob = war_probabilities(cfg.model, fill(cfg.model, Xc))
    assert raw_prob.min() >= 0
    np.testing.assert_allclose(raw_prob.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("lo", "hi", "values"),
    [
        (-3.0, 3.0, [0.0, 0.0, -2.5, -2.5, 2.5, 1.0]),
        # draws outside the range: never "a deal now", whatever the range's ends hold
        (-1.0, 1.0, [-2.5, 2.5, 1.5, -1.5, 0.0, 0.5]),
    ],
)
def test_lever_thresholds_match_levers(lo, hi, values):
    """Per-draw lever thresholds equal ``levers`` on the scenario written with the draw (the
    lever itself never refits: the draw's fit holds along the grid)."""
    sc = uncertain_toy()
    design = build_design(sc, [("hawks-b",)])
    cfg = design.configs[0]
    params = list(design.drawn)
    col = list(design.columns).index("war.military_balance")
    X = sample(params, 6, np.random.default_rng(4))
    X[:, col] = np.array(values)  # the reference point of each draw
    with single_threaded_blas():
        fitted = design.fitted(X=X)
        thr, direction = lever_thresholds(design, cfg, X, fitted, col, lo, hi)
    seen = set()
    for d in range(len(X)):
        ref_sc = written(sc, as_overrides(params, X[d]))
        ref = ripeness.levers(ref_sc, "war.military_balance", (lo, hi), ("hawks-b",))
        if ref.threshold is None:
            assert direction[d] == 2 and np.isnan(thr[d])
            continue
        want = {"none": 0, "increase": 1, "decrease": -1}[ref.direction]  # type: ignore[index]
        seen.add(want)
        assert direction[d] == want
        assert thr[d] == pytest.approx(ref.threshold, abs=2 * 6e-4 * (hi - lo) / 6)
        if not lo <= values[d] <= hi:
            assert direction[d] != 0
    assert seen == {0, 1, -1}
