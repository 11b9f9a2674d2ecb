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
    # the record (shared/examples/record-and-outcome.yaml) as `check` scores it
    rc = ripeness.check(str(f))
    assert row["position_agreement"] == rc.position_agreement
    assert s["position_agreement"] == rc.position_agreement
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
    for actor, cal in sc.calibration.points.items():  # every calibration poll reproduced
        for p in cal:
            got = ripeness.assess(sc, p["package"]).actors[actor]["support"]
            assert got == pytest.approx(p["support"], abs=1e-9), (name, actor, p["package"])
