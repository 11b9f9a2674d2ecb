"""Every model formula of DESIGN.md §2 against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit, ndtri
from tests.conftest import scenario_from

import ripeness
from ripeness.model import compile_model, evaluate, fit_support, outcome_probabilities, utilities
from ripeness.model.compiled import package_digits

WAR = """
scenario: war
flags: {martial_law: false}
parties: {A: {}, B: {}}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  t1:
    kind: territory
    options: {ua: {cedes: B}, fr: {}, ru: {cedes: A}}
    no_deal: fr
    war: [ua, fr, ru]
  t2:
    kind: territory
    options: {ua: {}, ru: {cedes: A}}
    no_deal: ua
    war: [ua, ru]
  g:
    options: [none, strong]
    no_deal: none
utilities:
  A.gov:
    weights: {t1: 2, t2: 1, g: 1}
    values:
      t1: {ua: 100, fr: 40, ru: 0}
      t2: {ua: 100, ru: 0}
      g: {none: 0, strong: 100}
    bundles:
      - {when: {t1: [fr, ru], t2: [ua]}, value: -10}
  B.gov:
    weights: {t1: 1, t2: 1, g: 2}
    values:
      t1: {ua: 0, fr: 80, ru: 100}
      t2: {ua: 0, ru: 100}
      g: {none: 100, strong: 0}
war:
  horizon_months: 12
  military_balance: 0.5
  control:
    t1: {cutpoints: [-1, 1], slope: 2}
    t2: {intercept: 0, slope: 1}
  cost_per_month: {A.gov: 1, B.gov: 0.5}
commitment:
  B:
    breach: 0.5
    deterrence: {issue: g, values: {none: 0, strong: 0.8}}
    sucker_cost: {A.gov: 10}
constitutions:
  A:
    claims: [t1, t2]
    override: {ratifiers: [], blocked_when: [martial_law], cost: 7}
  B:
    claims: [t1]
"""


@pytest.fixture
def war():
    return scenario_from(WAR)


def test_ordered_logit_probabilities():
    p = outcome_probabilities(np.array([-1.0, 1.0]), 2.0, 0.5)
    assert p == pytest.approx([0.5, expit(2.0) - 0.5, 1 - expit(2.0)])
    assert p.sum() == pytest.approx(1.0)


def test_utility_with_bundle(war):
    m = compile_model(war)
    # (t1=fr, t2=ua, g=none): A = 2/4*40 + 1/4*100 + 0 - 10 = 35 ; B = 1/4*80 + 0 + 2/4*100 = 70
    d = package_digits(m, {"t1": "fr", "t2": "ua", "g": "none"})[None]
    assert utilities(m, d)[:, 0] == pytest.approx([35.0, 70.0])


def test_war_batna_exact_over_joint_outcomes(war):
    m = compile_model(war)
    p1 = [0.5, expit(2.0) - 0.5, 1 - expit(2.0)]  # t1: ua, fr, ru
    q = expit(0.5)  # t2: P(ua)
    p2 = [q, 1 - q]
    vA1, vA2 = [100, 40, 0], [100, 0]
    vB1, vB2 = [0, 80, 100], [0, 100]
    eA = eB = 0.0
    for i in range(3):
        for j in range(2):
            pr = p1[i] * p2[j]
            bonus = -10 if (i in (1, 2) and j == 0) else 0
            eA += pr * (0.5 * vA1[i] + 0.25 * vA2[j] + 0.25 * 0 + bonus)
            eB += pr * (0.25 * vB1[i] + 0.25 * vB2[j] + 0.5 * 100)
    assert m.batna == pytest.approx([eA - 12 * 1.0, eB - 12 * 0.5])
    assert [w.issue for w in m.war] == ["t1", "t2"]


def test_commitment_discounting_and_deterrence(war):
    m = compile_model(war)
    dA = m.batna[0]
    for g, det in (("none", 0.0), ("strong", 0.8)):
        d = package_digits(m, {"t1": "fr", "t2": "ua", "g": g})[None]
        ev = evaluate(m, d, np.array([100.0, 100.0]))
        q = 0.5 * (1 - det)
        u = ev.u[0, 0]
        assert ev.q[0, 0] == pytest.approx(q)
        assert ev.eu[0, 0] == pytest.approx((1 - q) * u + q * (dA - 10))
        # B's own breach does not discount B's value
        assert ev.eu[1, 0] == pytest.approx(ev.u[1, 0])


def test_constitutions_routes_and_costs(war):
    m = compile_model(war)
    r = np.array([100.0, 100.0])
    # t1 = ru cedes A's claimed territory; A's route is open (martial law false): cost 7
    d = package_digits(m, {"t1": "ru"})[None]
    ev = evaluate(m, d, r)
    assert ev.violates[0, 0] and not ev.illegal[0]
    assert ev.cost[0, 0] == 7 and ev.cost[1, 0] == 0
    # t1 = ua cedes B's claim; B has no override route: illegal, g >= 1
    d = package_digits(m, {"t1": "ua"})[None]
    ev = evaluate(m, d, r)
    assert ev.illegal[0] and not ev.deal[0] and ev.g[0] >= 1
    # martial law closes A's route
    m2 = compile_model(war.with_overrides({"flags.martial_law": True}))
    ev = evaluate(m2, package_digits(m2, {"t1": "ru"})[None], r)
    assert ev.illegal[0] and ev.cost[0, 0] == 0
    a = ripeness.assess(war.with_overrides({"flags.martial_law": True}), {"t1": "ru"})
    assert any("blocked (martial_law)" in b for b in a.blocked_by)


def test_gap_normalised_by_utility_range(war):
    m = compile_model(war)
    ranges = ripeness.engine.utility_ranges(m)
    d = m.space.digits(np.arange(m.space.size))
    u = utilities(m, d)
    assert ranges == pytest.approx(u.max(axis=1) - u.min(axis=1))
    ev = evaluate(m, d, ranges)
    net = ev.eu - ev.cost - m.batna[:, None]
    assert ev.shortfall == pytest.approx(-net / ranges[:, None])
    blocked = ev.illegal | ev.forbidden.any(axis=0)
    assert ev.g == pytest.approx(
        np.where(blocked, np.maximum(ev.shortfall.max(0), 1), ev.shortfall.max(0))
    )


def test_electorate_fit_two_points_exact():
    mu, sigma = fit_support(np.array([20.0, 60.0]), np.array([0.3, 0.8]))
    z1, z2 = ndtri(0.3), ndtri(0.8)
    assert sigma == pytest.approx(40 / (z2 - z1))
    assert mu == pytest.approx(20 - sigma * z1)
    # least squares with three points recovers an exact curve
    u = np.array([10.0, 30.0, 70.0])
    s = 0.5 * (1 + np.vectorize(math.erf)((u - 40) / (25 * math.sqrt(2))))
    assert fit_support(u, s) == pytest.approx((40, 25))


def test_electorate_fit_rejects_falling_support():
    with pytest.raises(ValueError, match="falls"):
        fit_support(np.array([20.0, 60.0]), np.array([0.8, 0.3]))


def test_toy_electorate_calibration_reproduces_polls(toy):
    m = compile_model(toy)
    i = m.actors.index("A.public")
    for pkg, share in (
        ({"north": "frozen"}, 0.35),
        ({"north": "a", "guarantees": "alliance"}, 0.95),
    ):
        u = utilities(m, package_digits(m, pkg)[None])[i, 0]
        support = 0.5 * (1 + math.erf((u - m.mu[i]) / (m.sigma[i] * math.sqrt(2))))
        assert support == pytest.approx(share)


def test_calibration_not_refitted_by_overrides_or_switches(toy):
    m0 = compile_model(toy)
    m1 = compile_model(
        toy.with_overrides({"utilities.A.public.weights.north": 10}), ["indivisible"]
    )
    i = m0.actors.index("A.public")
    assert (m0.mu[i], m0.sigma[i]) == (m1.mu[i], m1.sigma[i])


def test_electorate_support_and_red_lines(toy):
    a = ripeness.assess(
        toy, {"north": "a", "south": "a", "guarantees": "alliance", "sanctions": "kept"}
    )
    hawks = a.actors["B.hawks"]
    assert not hawks["accepts"] and hawks["shortfall"] >= 1 and "red line" in hawks["reason"]
    pub = a.actors["A.public"]
    assert pub["support"] == pytest.approx(
        0.5
        * (
            1
            + math.erf(
                (pub["expected_utility"] - compile_model(toy).mu[1])
                / (compile_model(toy).sigma[1] * math.sqrt(2))
            )
        )
    )


def test_switching_off_removes_tagged_elements(toy):
    m = compile_model(toy, ["hawks-b", "distrust", "indivisible", "constitution-a", "legitimacy"])
    assert "B.hawks" not in m.actors
    assert (m.breach == 0).all()
    assert len(m.bundles) == 0
    assert not m.cedes[0].any() and m.cedes[1].any()
    assert m.rules == ()
    with pytest.raises(ValueError, match="unknown obstacle"):
        compile_model(toy, ["nope"])


def test_open_route_needs_ratification(toy):
    sc = toy.with_overrides({"flags.martial_law": False})
    # ceding South: A's route is open, but Arland's public rejects the referendum -> illegal
    a = ripeness.assess(sc, {"south": "b"})
    assert "A.public" in a.rejected_by
    assert any("not ratified" in b and "A.public" in b for b in a.blocked_by)
    assert a.gap >= 1 and not a.deal
    # with the electorate switched off the ratifier no longer blocks: only the cost remains
    b = ripeness.assess(sc, {"south": "b"}, off=["electorate-a"])
    assert b.blocked_by == [] and b.actors["A.gov"]["cost"] == 5
