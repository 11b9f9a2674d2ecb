"""`ripeness check`: the model against the record, on a scenario small enough to do by hand."""

from __future__ import annotations

import json

import pytest
from scipy.special import ndtr
from tests.conftest import MINI, scenario_from
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app

# MINI (tests/conftest.py): packages (x, y); u_A = .25 v_x + .75 v_y, u_B = .5 v_x + .5 v_y;
# BATNA A 30, B 40; ranges 100. An electorate A.pub shares A's values, BATNA 20, mu 0, sigma 10.
RECORD = (
    MINI.replace(
        "  B.gov: {party: B, role: principal}\n",
        "  B.gov: {party: B, role: principal}\n  A.pub: {party: A, role: electorate}\n",
        1,
    )
    .replace("batna: {A.gov: 30, B.gov: 40}", "batna: {A.gov: 30, B.gov: 40, A.pub: 20}")
    .replace(
        "  B.gov:\n    weights: {x: 1, y: 1}",
        "  A.pub: {like: A.gov}\n  B.gov:\n    weights: {x: 1, y: 1}",
    )
    + """electorates:
  A.pub: {mu: 0, sigma: 10}
record:
  - {actor: A.gov, package: {x: b, y: q}, observed: accepts, date: 2024-01-02}
  - {actor: B.gov, package: {y: r}, observed: rejects, date: 2024-01-03}
  - {actor: A.gov, package: {}, observed: accepts, date: 2024-01-04}
  - {actor: A.pub, package: {y: q}, support: 0.9, date: 2024-01-05}
  - {actor: A.pub, package: {x: b}, support: 0.05, date: 2024-01-06}
"""
)


@pytest.fixture
def rec():
    return scenario_from(RECORD)


def test_check_by_hand(rec):
    d = ripeness.check(rec).to_dict()
    pos = d["positions"]
    # (b, q): u_A = .25 * 0 + .75 * 40 = 30 = BATNA: accepts, shortfall 0
    assert pos[0]["package"] == {"x": "b", "y": "q"}
    assert (pos[0]["model"], pos[0]["agrees"]) == ("accepts", True)
    assert pos[0]["shortfall"] == pytest.approx(0.0, abs=1e-12)
    # (a, r): u_B = .5 * 0 + .5 * 0 = 0 < 40: rejects, shortfall .4 (unnamed x at no_deal a)
    assert pos[1]["package"] == {"x": "a", "y": "r"}
    assert (pos[1]["model"], pos[1]["agrees"], pos[1]["shortfall"]) == (
        "rejects",
        True,
        pytest.approx(0.4),
    )
    # the no-deal package (a, p): u_A = 25 < 30: rejects, shortfall .05; the record says accepts
    assert (pos[2]["model"], pos[2]["agrees"], pos[2]["shortfall"]) == (
        "rejects",
        False,
        pytest.approx(0.05),
    )
    assert d["position_agreement"] == pytest.approx(2 / 3)
    polls = d["polls"]
    # (a, q): u = 25 + 30 = 55, net = 55 - 20 = 35: support Phi(3.5); poll 90%
    assert polls[0]["model"] == pytest.approx(ndtr(3.5))
    assert polls[0]["error_points"] == pytest.approx(100 * (ndtr(3.5) - 0.9))
    # (b, p): u = 0, net = -20: Phi(-2); poll 5%
    assert polls[1]["error_points"] == pytest.approx(100 * (ndtr(-2.0) - 0.05))
    mae = (abs(100 * (ndtr(3.5) - 0.9)) + abs(100 * (ndtr(-2.0) - 0.05))) / 2
    assert d["poll_mae_points"] == pytest.approx(mae)
    assert list(ripeness.check(rec).to_frame()["kind"]) == ["position"] * 3 + ["poll"] * 2


def test_check_of_a_switched_off_actor_and_no_record(rec):
    d = ripeness.check(rec, off=[]).to_dict()
    assert d["n_positions"] == 3
    empty = ripeness.check("toy").to_dict()
    assert empty["positions"] == [] and empty["position_agreement"] is None
    assert empty["poll_mae_points"] is None


def test_cli_check(tmp_path):
    f = tmp_path / "rec.yaml"
    f.write_text(RECORD, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(f), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["position_agreement"] == pytest.approx(2 / 3)
    assert d["time_limit"] == 600.0  # the default: one limit for the whole command
    r2 = CliRunner().invoke(app, ["check", str(f), "--json", "--time-limit", "0"])
    assert r2.exit_code == 0 and json.loads(r2.stdout)["time_limit"] is None
    r = CliRunner().invoke(app, ["check", str(f)])
    assert r.exit_code == 0 and "positions agreed: 2 of 3" in r.output
    assert "mean absolute poll error" in r.output


def test_record_validation():
    bad = (
        RECORD
        + "  - {actor: A.gov, package: {y: q}, support: 0.5}\n"
        + "  - {actor: nobody, package: {}, observed: accepts}\n"
    )
    with pytest.raises(ripeness.ScenarioError) as e:
        scenario_from(bad)
    msg = str(e.value)
    assert "record.5.actor" in msg and "a poll records an electorate" in msg
    assert "record.6.actor" in msg and "unknown actor 'nobody'" in msg
