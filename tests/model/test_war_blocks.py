"""The value of fighting on over many joint war outcomes: blocks of outcomes, passes of draws."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from scipy.special import expit
from tests.conftest import scenario_from
from tests.fronts import fronts_yaml, intercept

import ripeness
from ripeness.analysis.uncertainty import build_design
from ripeness.model import fighting, realise
from ripeness.model.numbers import single_threaded_blas
from ripeness.model.params import draw
from ripeness.model.war import outcome_combos

T = 10


@pytest.fixture(scope="module")
def fronts() -> ripeness.Scenario:
    return scenario_from(fronts_yaml(T), "fronts.yaml")


def closed_form_batna() -> list[float]:
    """Hand formula: territories are independent and utilities additive, so
    ``E[u_A] = sum_t w_t / W * 100 * P_t(a)`` with ``P_t(a) = logistic(c_t + 1.5 * 0)`` at the
    point balance 0; minus ``H * cost`` (24 months x 0.6 for A.gov, 0.5 for B.gov)."""
    pa = np.array([expit(intercept(t)) for t in range(T)])
    wa = np.array([1 + t % 3 for t in range(T)], dtype=float)
    wb = np.array([1 + (t + 1) % 3 for t in range(T)], dtype=float)
    return [
        float(wa @ (100 * pa) / wa.sum() - 24 * 0.6),
        float(wb @ (100 * (1 - pa)) / wb.sum() - 24 * 0.5),
    ]


def test_joint_outcomes_in_product_order(fronts):
    m = ripeness.compile_model(fronts)
    assert m.n_joint == 2**T
    want = np.array(list(product(range(2), repeat=T)))
    np.testing.assert_array_equal(m.joint_combos(), want)
    np.testing.assert_array_equal(m.joint_combos(100, 237), want[100:237])
    pk = m.joint_packages(want[:5])
    assert pk.shape == (5, T) and (pk == want[:5]).all()  # options a=0, b=1 in every issue
    assert outcome_combos([], 0, 1).shape == (1, 0)


@pytest.mark.parametrize("block", [fighting.JOINT_BLOCK, 1000, 7])
def test_blocked_expectation_is_the_closed_form(fronts, monkeypatch, block):
    monkeypatch.setattr(fighting, "JOINT_BLOCK", block)
    m = ripeness.compile_model(fronts)
    got = m.batna[[m.actors.index("A.gov"), m.actors.index("B.gov")]]
    np.testing.assert_allclose(got, closed_form_batna(), rtol=1e-12)


@pytest.mark.parametrize("block", [fighting.JOINT_BLOCK, 100])
def test_passes_never_change_the_numbers(fronts, monkeypatch, block):
    """Per draw the arithmetic is the same whatever the number of draws in a pass."""
    monkeypatch.setattr(fighting, "JOINT_BLOCK", block)
    design = build_design(fronts, [()])
    cfg = design.configs[0]
    U = np.random.default_rng(1).random((40, len(design.columns)))
    X = draw(cfg.params, U)
    n = min(block, 2**T)
    one = realise(cfg.model, X, fit=True)
    assert fighting.war_passes(cfg.model, 40, n) == 40  # the default budget: one pass
    monkeypatch.setattr(fighting, "WAR_SHARE", 1 << 40)  # one draw per pass
    assert fighting.war_passes(cfg.model, 40, n) == 1
    many = realise(cfg.model, X, fit=True)
    for name in ("batna", "mu", "sigma"):
        np.testing.assert_array_equal(getattr(one, name), getattr(many, name))
    with single_threaded_blas():
        pinned = realise(cfg.model, X, fit=True)
    np.testing.assert_array_equal(one.batna, pinned.batna)
