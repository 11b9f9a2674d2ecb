"""`ripeness cases`: the backtest's scores on hand-made cases, computed by hand here."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ripeness
from ripeness.analysis import cases as C
from ripeness.cli import app

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def toy_case(tmp_path: Path, outcome: str, name: str = "toycase") -> Path:
    """shared/examples/toy.yaml with a record and the given outcome block."""
    ex = SHARED / "examples"
    if not ex.is_dir():
        pytest.skip("../shared is absent (fresh clone)")
    text = (ex / "toy.yaml").read_text(encoding="utf-8")
    rec = (ex / "record-and-outcome.yaml").read_text(encoding="utf-8")
    rec = rec[: rec.index("outcome:")]
    f = tmp_path / f"{name}.yaml"
    f.write_text(text.replace("scenario: toy-border-war", f"scenario: {name}") + rec + outcome)
    return f


SIGNED = "{north: frozen, south: a, guarantees: alliance, sanctions: kept}"


def test_base_rate_curve():
    # docs/empirical.md: UCDP survival 79% at 1 year, 74% at 2, 69% at 5, 65% at 10
    assert C.base_survival(1.0) == pytest.approx(0.79)
    assert C.base_survival(2.0) == pytest.approx(0.74)
    assert C.base_survival(1.5) == pytest.approx(0.79 * math.sqrt(0.74 / 0.79))
    assert C.base_hazard(3.0) == pytest.approx(math.log(0.74 / 0.69) / 3)
    assert C.base_survival(20.0) == pytest.approx(0.65 * math.exp(-math.log(0.69 / 0.65) / 5 * 10))


def test_scores_by_hand():
    assert C.log_score(0.5, 2.0, True) == pytest.approx(math.log(0.5) - 1.0)
    assert C.log_score(0.5, 2.0, False) == pytest.approx(-1.0)
    assert C.log_score(0.0, 2.0, True) == pytest.approx(math.log(1e-4) - 2e-4)  # floored
    assert C.status_at(1.0, True, 2.0) == 0 and C.status_at(3.0, True, 2.0) == 1
    assert C.status_at(1.0, False, 2.0) is None and C.status_at(2.5, False, 2.0) == 1


def test_a_case_row_and_summary(tmp_path):
    f = toy_case(
        tmp_path,
        f"outcome:\n  deal: true\n  within_months: 12\n  signed: 2024-09-01\n"
        f"  package: {SIGNED}\n  ended: 2026-09-01\n  source: judgement\n",
    )
    lib = ripeness.cases([str(f)], montecarlo=200, seed=1)
    row = lib.snapshots[0]
    a = ripeness.analyze(str(f))
    assert row["verdict"] == a.verdict == "no deal" and row["outcome_deal"] is True
    assert row["hit"] is False
    # the signed package: q = .6 (1 - .8) = .12 within the 24-month horizon (toy's default
    # window): hazard -ln(.88) / 2 per year; it broke down after 2 years (730 days / 365.25)
    h = -math.log(0.88) / 2
    t = 730 / 365.25  # 2024-09-01 -> 2026-09-01: 730 days, just under 2 years
    dur = row["durability"]
    assert dur["hazard_per_year"] == pytest.approx(h)
    assert dur["years"] == pytest.approx(t) and dur["event"] is True
    assert dur["log_score"] == pytest.approx(math.log(h) - h * t)
    assert dur["survival"]["2y"] == pytest.approx(math.exp(-2 * h))
    assert dur["status"] == {"2y": 0, "5y": 0}  # broke down before 2 years
    s = lib.summary
    assert s["hit_rate"] == 0.0 and s["baseline_deal"] == 1.0 and s["baseline_no_deal"] == 0.0
    p = row["p_deal"]
    assert 0 <= p <= 1 and s["brier"] == pytest.approx((p - 1) ** 2)
    assert s["brier_base_rate"] == 0.0  # one snapshot: the base rate is its own outcome
    assert s["brier_2y"] == pytest.approx(math.exp(-2 * h) ** 2)
    assert s["brier_2y_base"] == pytest.approx(0.74**2)
    assert s["durability_log_score_base"] == pytest.approx(
        math.log(C.base_hazard(t)) + math.log(C.base_survival(t))
    )
    # by hand (docs/empirical.md's UCDP curve, piecewise exponential between its points): t is
    # in (1, 2], where the hazard is h0 = ln(.79 / .74) = 0.0653828 per year and
    # S(t) = .79 exp(-h0 (t - 1)), so ln h0 + ln S(t) = ln h0 + ln .79 - h0 (t - 1)
    # = -2.727474 - 0.235722 - 0.065383 * 0.998631 = -3.028512
    h0 = math.log(0.79 / 0.74)
    hand = math.log(h0) + math.log(0.79) - h0 * (t - 1)
    assert s["durability_log_score_base"] == pytest.approx(hand, rel=1e-12)
    assert hand == pytest.approx(-3.028512, abs=1e-6)
    # the record (shared/examples/record-and-outcome.yaml) as `check` scores it
    rc = ripeness.check(str(f))
    assert row["position_agreement"] == rc.position_agreement
    assert s["position_agreement"] == rc.position_agreement
    # by hand. War at the mode balance 0: North goes to A (its first war option) with
    # L = logistic(-1.5) = 0.182426, else stays frozen; South a or frozen with 1/2 each (drawn
    # independently, so the indivisibility bundle, North frozen and South a, has P (1 - L)/2
    # = 0.408787); 24 months of costs.
    # - B.gov accepts {frozen, frozen, assurances, lifted} (observed: accepts): its u is
    #   (2*80 + 3*80 + 2*80 + 2*100)/9 = 84.44 (B's commitment does not discount B's own value),
    #   and its value of fighting on d_B = (2*80(1 - L) + 3*40 + 2*100 + 2*0)/9 - 10*0.408787
    #   - .5*24 = 34.00 < 84.44: accepts, and the model agrees.
    # - A.gov "rejects" {} (observed), i.e. the no-deal package {frozen, a, none, kept}:
    #   u = (3*30 + 3*100 + 3*0 + 1*100)/10 - 8 = 41; B breaks it with q = .6 (1 - 0) = .6
    #   (no guarantees deter), leaving A its war value less the sucker cost 10, so
    #   EU = .4*41 + .6 (d_A - 10); d_A = (3(30 + 70 L) + 3*65 + 100)/10 - 8*0.408787 - .6*24
    #   = 24.66. EU >= d_A iff 16.4 - 6 >= .4 d_A iff d_A <= 26: 24.66 <= 26, the model
    #   accepts where the record says rejects. One of two positions agreed: 1/2.
    assert [(p["actor"], p["model"], p["agrees"]) for p in rc.positions] == [
        ("B.gov", "accepts", True),
        ("A.gov", "accepts", False),
    ]
    assert row["position_agreement"] == 0.5 and s["position_agreement"] == 0.5
    signed = ripeness.assess(
        str(f),
        dict(
            a.model.space.decode(
                a.model.space.encode(
                    {
                        "north": "frozen",
                        "south": "a",
                        "guarantees": "alliance",
                        "sanctions": "kept",
                    },
                    a.model.no_deal,
                )
            )
        ),
    )
    assert row["signed_in_zopa"] == signed.deal and row["signed_gap"] == pytest.approx(signed.gap)
    # by hand: the signed package has guarantees alliance and sanctions kept, B.hawks' red line
    # {guarantees: [alliance], sanctions: [kept]}, so B.hawks' shortfall is max(s, 1) = 1
    # (docs/model.md), and no other actor's is above 1 (B.gov's (34.00 - 7.78) / 100 = 0.26,
    # u_B = (2*80 + 0 + 0 + 0)/9 - 10 = 7.78): outside the ZOPA with g = 1 exactly
    assert row["signed_in_zopa"] is False and row["signed_gap"] == 1.0


def test_no_deal_case_and_cli(tmp_path):
    f = toy_case(tmp_path, "outcome:\n  deal: false\n  source: judgement\n", name="nodeal")
    r = CliRunner().invoke(app, ["cases", str(f), "--montecarlo", "100", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    row = d["snapshots"][0]
    assert row["hit"] is True and row["durability"] is None and row["signed_in_zopa"] is None
    assert d["summary"]["hit_rate"] == 1.0 and d["summary"]["baseline_no_deal"] == 1.0
    r = CliRunner().invoke(app, ["cases", str(f), "--montecarlo", "0"])
    assert r.exit_code == 0 and "hit rate 100%" in r.output and "plausibility check" in r.output


def test_a_case_needs_an_outcome():
    with pytest.raises(ValueError, match="outcome"):
        ripeness.cases(["toy"], montecarlo=0)


# --- the packaged case library --------------------------------------------------------------

CASES = ripeness.packaged_scenarios("cases")


@pytest.mark.parametrize("name", CASES)
def test_packaged_case_is_complete(name):
    sc = ripeness.load(name)
    assert sc.id == name and sc.spec.case and sc.spec.as_of and sc.spec.outcome is not None
    out = sc.spec.outcome
    if out.package is not None:  # a package of the vocabulary (validated; assess decodes it)
        assert ripeness.assess(sc, out.package).package
        # the full package is the one written in the case file, the issues it leaves out at
        # their `no_deal` option (DESIGN.md §2)
        written = {i: out.package.get(i, x.no_deal) for i, x in sc.spec.issues.items()}
        assert ripeness.assess(sc, out.package).package == written
    for actor, cal in sc.calibration.points.items():  # every calibration poll reproduced
        for p in cal:
            got = ripeness.assess(sc, p["package"]).actors[actor]["support"]
            assert got == pytest.approx(p["support"], abs=1e-9), (name, actor, p["package"])
