"""Every model formula of DESIGN.md §2 (v2) against values computed by hand in the test.

The expected values below are worked out from the scenario text with plain arithmetic and
scipy's normal quantile (``ndtri``), never read back from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit, ndtr, ndtri
from tests.conftest import scenario_from

import ripeness
from ripeness.model import compile_model, evaluate, utilities
from ripeness.model import semantics as S
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

# A public that weighs packages against fighting on; a breach window shorter than the horizon;
# two deterrence entries; a referendum route with its own threshold.
#   u_A = u_P = .5 v_t + .5 v_g  (z has weight 0), u_B = .5 v_t + .5 v_g.
#   War: t in {a, f}, P(a) = logistic(0 + 1 * 0) = .5, horizon 12.
#   d_A = .5 * 50 + .5 * 20 - 12 * 1 = 23;  d_P = 35 - 12 * .5 = 29;  d_B = .5*50 + .5*80 - 6 = 59.
#   Breach by B within 6 months: q(x) = .4 (1 - det_g(x)) (1 - det_z(x));
#   over the horizon q_H = 1 - (1 - q)^(12 / 6).
HAND = """
scenario: hand
parties: {A: {}, B: {}}
actors:
  A.gov: {party: A, role: principal}
  A.pub: {party: A, role: electorate, threshold: 0.5}
  B.gov: {party: B, role: principal}
issues:
  t:
    kind: territory
    options: {a: {}, f: {}, b: {cedes: A}}
    no_deal: f
    war: [a, f]
  g: {options: [none, force], no_deal: none}
  z: {options: [none, dmz], no_deal: none}
utilities:
  A.gov:
    weights: {t: 1, g: 1, z: 0}
    values:
      t: {a: 100, f: 40, b: 0}
      g: {none: 0, force: 100}
      z: {none: 0, dmz: 0}
  A.pub: {like: A.gov}
  B.gov:
    weights: {t: 1, g: 1, z: 0}
    values:
      t: {a: 0, f: 60, b: 100}
      g: {none: 100, force: 0}
      z: {none: 0, dmz: 0}
war:
  horizon_months: 12
  military_balance: 0.0
  control:
    t: {intercept: 0.0, slope: 1.0}
  cost_per_month: {A.gov: 1.0, A.pub: 0.5, B.gov: 0.5}
commitment:
  B:
    breach: 0.4
    within_months: 6
    deterrence:
      - {issue: g, values: {none: 0, force: 0.5}}
      - {issue: z, values: {none: 0, dmz: 0.5}}
    sucker_cost: {A.gov: 10, A.pub: 10}
constitutions:
  A:
    claims: [t]
    override: {ratifiers: [A.pub], threshold: 0.6, cost: 5}
electorates:
  A.pub:
    calibration:
      - {package: {}, support: 0.2}
      - {package: {g: force, z: dmz}, support: 0.6}
"""

# Hand computation of the public's two poll packages:
#   {} = (f, none, none): u = 20, q = .4, q_H = 1 - .6^2 = .64,
#       EU = .36 * 20 + .64 * (29 - 10) = 19.36, net = 19.36 - 29 = -9.64
#   (f, force, dmz): u = 70, q = .4 * .5 * .5 = .1, q_H = 1 - .9^2 = .19,
#       EU = .81 * 70 + .19 * 19 = 60.31, net = 31.31
NET_NODEAL, NET_GUARANTEED = -9.64, 31.31
Z1, Z2 = ndtri(0.2), ndtri(0.6)
SIGMA = (NET_GUARANTEED - NET_NODEAL) / (Z2 - Z1)
MU = NET_NODEAL - SIGMA * Z1


@pytest.fixture
def war():
    return scenario_from(WAR)


@pytest.fixture
def hand():
    return scenario_from(HAND)


def test_ordered_logit_probabilities():
    p = S.outcome_probabilities(np.array([-1.0, 1.0]), 2.0, 0.5)
    assert p == pytest.approx([0.5, expit(2.0) - 0.5, 1 - expit(2.0)])
    assert p.sum() == pytest.approx(1.0)
    # a leading draw axis, and cutpoints drawn out of order are sorted
    q = S.outcome_probabilities(np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([2.0, 2.0]), 0.5)
    assert q[0] == pytest.approx(q[1])
    # both rows sort to cutpoints (-1, 1): P(<= 0) = logistic(-1 + 2 * .5) = .5,
    # P(<= 1) = logistic(1 + 1) = expit(2) = 0.880797, so p = (.5, 0.380797, 0.119203)
    hand = [0.5, expit(2.0) - 0.5, 1 - expit(2.0)]
    assert q == pytest.approx(np.array([hand, hand]))
    assert hand == pytest.approx([0.5, 0.380797, 0.119203], abs=1e-6)


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


def test_commitment_discounting_default_window(war):
    """Without ``within_months`` the window is the horizon: q_H = q."""
    m = compile_model(war)
    dA = m.batna[0]
    for g, det in (("none", 0.0), ("strong", 0.8)):
        d = package_digits(m, {"t1": "fr", "t2": "ua", "g": g})[None]
        ev = evaluate(m, d, np.array([100.0, 100.0]))
        q = 0.5 * (1 - det)
        u = ev.u[0, 0]
        assert ev.q[0, 0] == pytest.approx(q)
        assert ev.eu[0, 0] == pytest.approx((1 - q) * u + q * (dA - 10))
        assert ev.eu[1, 0] == pytest.approx(ev.u[1, 0])  # B's own breach does not discount B


def test_breach_window_and_several_deterrence_entries(hand):
    m = compile_model(hand)
    assert m.batna == pytest.approx([23.0, 29.0, 59.0])
    cases = {  # (g, z): q within 6 months
        ("none", "none"): 0.4,
        ("force", "none"): 0.2,
        ("none", "dmz"): 0.2,
        ("force", "dmz"): 0.1,
    }
    for (g, z), q in cases.items():
        d = package_digits(m, {"g": g, "z": z})[None]
        assert ripeness.model.breach_probability(m, d)[1, 0] == pytest.approx(q)
        ev = evaluate(m, d, np.full(3, 100.0))
        q_h = 1 - (1 - q) ** 2  # horizon 12 over a window of 6
        assert ev.q[0, 0] == pytest.approx(q_h) and ev.q[1, 0] == pytest.approx(q_h)
        assert ev.q[2, 0] == 0.0
    assert S.breach_within(0.4, 12.0, 6.0) == pytest.approx(0.64)
    assert S.breach_within(0.19, 6.0, 12.0) == pytest.approx(1 - math.sqrt(0.81))


def test_electorate_fitted_on_net_values(hand):
    """The public's support is a function of EU - d; the fit reproduces both polls."""
    sc = ripeness.load(hand)
    mu, sigma = sc.calibration["A.pub"]
    assert sigma == pytest.approx(SIGMA) and mu == pytest.approx(MU)
    pts = sc.calibration.points["A.pub"]
    assert [p["net"] for p in pts] == pytest.approx([NET_NODEAL, NET_GUARANTEED])
    for pkg, share in (({}, 0.2), ({"g": "force", "z": "dmz"}, 0.6)):
        a = ripeness.assess(sc, pkg)
        assert a.actors["A.pub"]["support"] == pytest.approx(share, abs=1e-9)
        assert a.actors["A.pub"]["net_value"] == pytest.approx(
            NET_NODEAL if not pkg else NET_GUARANTEED
        )


def test_electorate_shortfall_in_utility_range_units(hand):
    a = ripeness.assess(hand, {"t": "a"})  # (a, none, none): u_P = 50
    # q_H = .64: EU = .36 * 50 + .64 * 19 = 30.16, net = 1.16; range_P = 100 (u in [0, 100])
    pub = a.actors["A.pub"]
    assert pub["net_value"] == pytest.approx(1.16)
    assert pub["net_value_needed"] == pytest.approx(MU)  # threshold .5: mu + sigma * 0
    assert pub["shortfall"] == pytest.approx((MU - 1.16) / 100)
    assert pub["support"] == pytest.approx(ndtr((1.16 - MU) / SIGMA))
    # B: u = 50, net = 50 - 59 = -9, shortfall .09; A.gov: EU = .36 * 50 + .64 * 13 = 26.32
    assert a.actors["B.gov"]["shortfall"] == pytest.approx(0.09)
    assert a.actors["A.gov"]["shortfall"] == pytest.approx(-(26.32 - 23) / 100)
    assert a.gap == pytest.approx(max(0.09, (MU - 1.16) / 100, -(26.32 - 23) / 100))


def test_route_threshold_ratifies_a_cession(hand):
    """Ceding t needs a referendum reaching 60%: support >= .6 iff net >= mu + sigma
    Phi^-1(.6), which is the net value of the 60% poll package (31.31)."""
    sc = ripeness.load(hand)
    # (b, force, dmz): u_P = 50, q_H = .19: EU = .81 * 50 + .19 * 19 = 44.11, net 15.11 < 31.31
    a = ripeness.assess(sc, {"t": "b", "g": "force", "z": "dmz"})
    assert a.actors["A.pub"]["ratifies"]["A"]["ratifies"] is False
    assert any("not ratified" in b for b in a.blocked_by) and a.gap >= 1
    assert a.actors["A.gov"]["cost"] == 5
    # a lower route threshold (.3) ratifies it: .3 < support(15.11)
    s = ndtr((15.11 - MU) / SIGMA)
    assert 0.3 < s < 0.6
    b = ripeness.assess(
        sc,
        {"t": "b", "g": "force", "z": "dmz"},
        overrides={"constitutions.A.override.threshold": 0.3},
    )
    assert b.actors["A.pub"]["ratifies"]["A"] == {
        "ratifies": True,
        "support": pytest.approx(s),
        "threshold": 0.3,
    }
    assert not any("not ratified" in x for x in b.blocked_by)


def test_threshold_null_makes_a_ratifier_only(hand):
    sc = ripeness.load(hand.with_overrides({"actors.A.pub.threshold": None}))
    a = ripeness.assess(sc, {"t": "a"})
    assert a.actors["A.pub"]["shortfall"] is None and a.actors["A.pub"]["threshold"] is None
    assert "A.pub" not in a.rejected_by
    # the gap is over A.gov and B.gov only
    assert a.gap == pytest.approx(max(0.09, -(26.32 - 23) / 100))
    # it still ratifies (or not) the cession
    c = ripeness.assess(sc, {"t": "b", "g": "force", "z": "dmz"})
    assert c.actors["A.pub"]["ratifies"]["A"]["ratifies"] is False


def test_no_deal_package_as_a_poll_point(hand):
    assert ripeness.load(hand).calibration.points["A.pub"][0]["package"] == {}


def test_a_fit_that_cannot_rise_names_the_polls(hand):
    text = HAND.replace("support: 0.2}", "support: 0.7}")
    with pytest.raises(ripeness.ScenarioError) as e:
        scenario_from(text)
    msg = str(e.value)
    assert "electorates.A.pub.calibration" in msg and "calibration.0" in msg
    assert "calibration.1" in msg and "rise" in msg


def test_costlier_war_makes_the_public_more_willing(hand):
    """Support rises with the cost of fighting on (the public weighs a deal against war)."""
    sc = ripeness.load(hand)
    base = ripeness.assess(sc, {"t": "a"}).actors["A.pub"]["support"]
    dearer = ripeness.assess(sc, {"t": "a"}, overrides={"war.cost_per_month.A.pub": 2.0})
    # d_P falls by 12 * 1.5 = 18 and the fit is kept. EU = .36 u + .64 (d_P - 10) falls by
    # .64 * 18, so net = EU - d_P rises by 18 - .64 * 18 = 18 * (1 - .64) = 6.48
    assert dearer.actors["A.pub"]["net_value"] == pytest.approx(1.16 + 18 * (1 - 0.64))
    assert dearer.actors["A.pub"]["support"] > base


def test_constitutions_routes_and_costs(war):
    m = compile_model(war)
    r = np.array([100.0, 100.0])
    d = package_digits(m, {"t1": "ru"})[None]  # cedes A's claim; A's route open: cost 7
    ev = evaluate(m, d, r)
    assert ev.violates[0, 0] and not ev.illegal[0]
    assert ev.cost[0, 0] == 7 and ev.cost[1, 0] == 0
    d = package_digits(m, {"t1": "ua"})[None]  # cedes B's claim; B has no route: illegal
    ev = evaluate(m, d, r)
    assert ev.illegal[0] and not ev.deal[0] and ev.g[0] >= 1
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
    assert ev.shortfall == pytest.approx(-(ev.eu - ev.cost - m.batna[:, None]) / ranges[:, None])
    blocked = ev.illegal | ev.forbidden.any(axis=0)
    want = np.where(blocked, np.maximum(ev.shortfall.max(0), 1), ev.shortfall.max(0))
    assert ev.g == pytest.approx(want)
    assert (ev.deal == ((ev.shortfall <= 1e-9).all(axis=0) & ~blocked)).all()
    # by hand from WAR: A (weights 2, 1, 1 of 4) is best at (ua, ua, strong): 100, bundle off
    # (t1 = ua), and worst at (ru, ru, none): 0 (the -10 bundle needs t2 = ua, which brings
    # 25); B (weights 1, 1, 2 of 4) mirrors it: (ru, ru, none) 100, (ua, ua, strong) 0
    assert ranges == pytest.approx([100.0, 100.0])
    # one package by hand, (t1 fr, t2 ua, g none): u_A = 35, u_B = 70 (test_utility_with_bundle)
    # War: t1 (ua, fr, ru) with (.5, expit(2) - .5, 1 - expit(2)), t2 ua with expit(.5).
    # d_A = .5 (.5*100 + (expit(2) - .5)*40) + .25*100 expit(.5) - 10 * .5 expit(.5) - 12
    #     = 32.6159 + 15.5615 - 3.1123 - 12 = 33.0651
    # d_B = .25 ((expit(2) - .5)*80 + (1 - expit(2))*100) + .25*100 (1 - expit(.5)) + .5*100 - 6
    #     = 10.5960 + 9.4385 + 50 - 6 = 64.0345
    # q = .5 (no deterrence): EU_A = .5*35 + .5 (d_A - 10) = 29.0326; no cession, cost 0.
    # shortfalls: A (d_A - EU_A)/100 = 0.040326, B (d_B - 70)/100 = -0.059655; g = 0.040326
    e2, q2 = expit(2.0), expit(0.5)
    d_a = 0.5 * (0.5 * 100 + (e2 - 0.5) * 40) + 0.25 * 100 * q2 - 10 * 0.5 * q2 - 12
    d_b = 0.25 * ((e2 - 0.5) * 80 + (1 - e2) * 100) + 0.25 * 100 * (1 - q2) + 0.5 * 100 - 6
    one = evaluate(m, package_digits(m, {"t1": "fr", "t2": "ua", "g": "none"})[None], ranges)
    sf_a = (d_a - (0.5 * 35 + 0.5 * (d_a - 10))) / 100
    assert one.shortfall[:, 0] == pytest.approx([sf_a, (d_b - 70) / 100])
    assert [sf_a, (d_b - 70) / 100] == pytest.approx([0.040326, -0.059655], abs=1e-6)
    assert one.g[0] == pytest.approx(sf_a) and not one.deal[0]


def test_fit_support_by_hand():
    mu, sigma, ok = S.fit_support(np.array([20.0, 60.0]), np.array([0.3, 0.8]))
    z1, z2 = ndtri(0.3), ndtri(0.8)
    assert ok and sigma == pytest.approx(40 / (z2 - z1)) and mu == pytest.approx(20 - sigma * z1)
    # least squares with three points on an exact curve mu = 40, sigma = 25
    u = np.array([10.0, 30.0, 70.0])
    s = 0.5 * (1 + np.vectorize(math.erf)((u - 40) / (25 * math.sqrt(2))))
    mu, sigma, ok = S.fit_support(u, s)
    assert (float(mu), float(sigma)) == pytest.approx((40, 25))
    # one point and a given sigma: mu solves the point
    mu, sigma, ok = S.fit_support(np.array([10.0]), np.array([0.2]), sigma=15.0)
    assert mu == pytest.approx(10 - 15 * ndtri(0.2)) and sigma == 15.0
    # a given mu: sigma = sum(du^2) / sum(z du); du = (20, -20), z = (Phi^-1(.8), Phi^-1(.3))
    mu, sigma, ok = S.fit_support(np.array([60.0, 20.0]), np.array([0.8, 0.3]), mu=40.0)
    assert sigma == pytest.approx(800 / (20 * ndtri(0.8) - 20 * ndtri(0.3)))
    # falling support cannot be fitted; rows are fitted independently
    mu, sigma, ok = S.fit_support(
        np.array([[20.0, 60.0], [20.0, 60.0]]), np.array([[0.8, 0.3], [0.3, 0.8]])
    )
    assert (
        ok.tolist() == [False, True]
        and np.isnan(mu[0])
        and mu[1] == pytest.approx(20 - sigma[1] * z1)
    )


def test_support_and_level_are_inverse():
    assert S.support(S.support_level(3.0, 7.0, 0.37), 3.0, 7.0) == pytest.approx(0.37)
    # support_level(mu, sigma, share) = mu + sigma Phi^-1(share); Phi^-1(.37) = -0.331853
    assert S.support_level(3.0, 7.0, 0.37) == pytest.approx(3 + 7 * ndtri(0.37))
    assert S.support_level(3.0, 7.0, 0.37) == pytest.approx(3 - 7 * 0.331853, abs=1e-5)
    assert S.support(3.0, 3.0, 7.0) == 0.5


def test_hazard_and_survival_by_hand():
    # q = .4 within 6 months: hazard -ln(.6)/6 per month; S(12 months) = .6^2 = .36
    h = S.hazard(0.4, 6.0)
    assert h == pytest.approx(-math.log(0.6) / 6)
    assert S.survival(h, 12.0) == pytest.approx(0.36)
    assert S.survival(np.inf, 0.0) == 1.0 and S.hazard(1.0, 6.0) == np.inf


def test_durability_uses_the_breach_window(hand):
    d = ripeness.durability(hand, {"t": "f", "g": "none", "z": "none"})
    # q = .4 within 6 months = .5 years: hazard = -ln(.6) / .5 per year; S(1) = .36
    assert d.by_party["B"]["breach"] == pytest.approx(0.4)
    assert d.by_party["B"]["within_months"] == 6
    assert d.hazard == pytest.approx(-math.log(0.6) / 0.5)
    assert d.survival[1] == pytest.approx(0.36) and d.survival[2] == pytest.approx(0.36**2)
    # over the war horizon (12 months) the breach probability is 1 - .6^2
    assert d.breach_probability == pytest.approx(0.64)
    # the horizon does not move durability
    e = ripeness.durability(
        hand, {"t": "f", "g": "none", "z": "none"}, overrides={"war.horizon_months": 48}
    )
    assert e.hazard == pytest.approx(d.hazard)


def test_calibration_not_refitted_by_overrides_or_switches(toy):
    m0 = compile_model(toy)
    m1 = compile_model(
        toy.with_overrides({"utilities.A.public.weights.north": 10}), ["indivisible"]
    )
    i = m0.actors.index("A.public")
    assert (m0.mu[i], m0.sigma[i]) == (m1.mu[i], m1.sigma[i])


def test_overriding_a_poll_is_refused(toy):
    with pytest.raises(ValueError, match="never refit"):
        ripeness.analyze(toy, overrides={"electorates.A.public.calibration.0.support": 0.5})


def test_red_lines(toy):
    a = ripeness.assess(
        toy, {"north": "a", "south": "a", "guarantees": "alliance", "sanctions": "kept"}
    )
    hawks = a.actors["B.hawks"]
    assert not hawks["accepts"] and hawks["shortfall"] >= 1 and "red line" in hawks["reason"]


def test_switching_off_removes_tagged_elements(toy):
    m = compile_model(toy, ["hawks-b", "distrust", "indivisible", "constitution-a", "legitimacy"])
    assert "B.hawks" not in m.actors
    assert (m.breach == 0).all()
    assert len(m.bundles) == 0
    assert not m.cedes[0].any() and m.cedes[1].any()
    assert m.rules == ()
    with pytest.raises(ripeness.ScenarioError, match="unknown obstacle"):
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


def test_kalai_smorodinsky_differs_from_nash():
    """Surpluses (10, 90), (40, 70), (55, 45), (90, 5); best in the ZOPA (90, 90).
    Nash (1950): products 900, 2800, 2475, 450 -> (40, 70). Kalai–Smorodinsky (1975): min of
    normalised gains .111, .444, .5, .056 -> (55, 45). Egalitarian: min 10, 40, 45, 5 ->
    (55, 45); utilitarian: sums 100, 110, 100, 95 -> (40, 70)."""
    s = np.array([[10.0, 40.0, 55.0, 90.0], [90.0, 70.0, 45.0, 5.0]])
    assert int(np.argmax(S.nash_product(s))) == 1
    assert int(np.argmax(S.kalai_smorodinsky(s, np.array([90.0, 90.0])))) == 2
    assert int(np.argmax(S.egalitarian(s))) == 2 and int(np.argmax(S.utilitarian(s))) == 1
    assert S.nash_product(np.array([[0.0], [5.0]]))[0] == -np.inf  # log 0 = -inf
