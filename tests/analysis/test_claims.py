"""`claims:`: a source's conclusions answered by the model, on scenarios small enough to do by
hand (every expected value below is worked out in the comments, not taken from the code)."""

from __future__ import annotations

import json

import pytest
from tests.conftest import MINI, scenario_from
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app

# MINI (tests/conftest.py): packages (x, y), x in {a, b}, y in {p, q, r}; u_A = .25 v_x + .75 v_y,
# u_B = .5 v_x + .5 v_y; BATNA A 30, B 40. Added: a rule (obstacle rule-x) forbidding x = b, and
# a linkage bundle of A (obstacle link): -10 on (b, q).
#   package  u_A            u_B   A ok  B ok
#   (a, p)   25             50    no    yes   shortfall A (30 - 25) / 100 = .05
#   (a, q)   55             30    yes   no    shortfall B .10
#   (a, r)   100            0     yes   no    shortfall B .40
#   (b, p)   0              100   no    yes   (forbidden by the rule)
#   (b, q)   30 - 10 = 20   80    no    yes   (forbidden) A's shortfall (30 - 20) / 100 = .1
#   (b, r)   75             50    yes   yes   (forbidden)
# A's range is 100 - 0 = 100 with the bundle and without. All on: no deal, g* = .05 at (a, p).
# rule-x off: (b, r) the one deal. link off: still no deal. Both off: (b, q), (b, r).
# Minimal unblocking sets: {rule-x}.
CLAIMS = (
    MINI.replace(
        "  A.gov:\n    weights: {x: 1, y: 3}\n",
        "  A.gov:\n    weights: {x: 1, y: 3}\n"
        "    bundles:\n      - {when: {x: [b], y: [q]}, value: -10, obstacle: link}\n",
    )
    + """obstacles:
  rule-x: {title: Third parties will not implement x = b}
  link: {title: A links x and y}
rules:
  - {name: no-b, obstacle: rule-x, forbid: [{x: [b]}]}
sources:
  memo: {title: A memo, kind: report}
claims:
  no-deal:
    says: "No deal is possible now."
    source: memo
    verdict: no_deal
  deal-without-rule:
    says: "Without the rule there would be a deal."
    off: [rule-x]
    verdict: deal
  bq-for-link:
    says: "A rejects (b, q) because of the linkage."
    position: {actors: [A.gov], package: {x: b, y: q}, observed: rejects, because: link}
  bq-by-both:
    says: "Both reject (b, q)."
    position: {actors: [A.gov, B.gov], package: {x: b, y: q}}
  both-bind:
    says: "The rule and the linkage both stand in the way."
    binds: [rule-x, link]
  rule-binds:
    says: "The rule stands in the way."
    binds: [rule-x]
  b-batna:
    says: "If B's outside option fell, a deal would appear."
    lever: {param: batna.B.gov, range: [20, 35]}
  a-batna:
    says: "A slightly better deal for A's outside option does not help."
    lever: {param: batna.A.gov, range: [26, 29]}
"""
)


@pytest.fixture
def answers():
    d = ripeness.check(scenario_from(CLAIMS)).to_dict()
    return {c["id"]: c for c in d["claims"]}, d


def test_claims_by_hand(answers):
    by, d = answers
    assert list(by) == [
        "no-deal",
        "deal-without-rule",
        "bq-for-link",
        "bq-by-both",
        "both-bind",
        "rule-binds",
        "b-batna",
        "a-batna",
    ]
    # all on: no deal, g* = .05 at (a, p)
    assert by["no-deal"]["follows"] is True
    assert by["no-deal"]["numbers"]["gap"] == pytest.approx(0.05)
    assert by["no-deal"]["source"] == "memo"
    # rule-x off: (b, r) is the one deal
    assert by["deal-without-rule"]["follows"] is True
    assert by["deal-without-rule"]["numbers"]["zopa_size"] == 1
    assert by["deal-without-rule"]["off"] == ["rule-x"]
    # (b, q): A's shortfall .1 with the linkage, 0 without it (u_A = 30 = BATNA): the reason
    n = by["bq-for-link"]["numbers"]
    assert by["bq-for-link"]["follows"] is True
    assert n["shortfall"]["A.gov"] == pytest.approx(0.1)
    assert n["accepts_without"] == {"A.gov": True}
    assert n["shortfall_without"]["A.gov"] == pytest.approx(0.0, abs=1e-12)
    # B accepts (b, q) (80 >= 40): the claim that both reject it does not follow
    assert by["bq-by-both"]["follows"] is False
    assert by["bq-by-both"]["numbers"]["accepts"] == {"A.gov": False, "B.gov": True}
    assert by["bq-by-both"]["numbers"]["shortfall"]["B.gov"] == pytest.approx(-0.4)
    # minimal unblocking sets {rule-x}: the linkage does not bind
    assert by["both-bind"]["follows"] is False
    assert by["both-bind"]["numbers"]["binds"] == {"rule-x": True, "link": False}
    assert by["both-bind"]["numbers"]["minimal_sets"] == [["rule-x"]]
    assert by["rule-binds"]["follows"] is True
    # B's BATNA at 30 or below: (a, q) gives B 30 and A 55, a deal; 40 (today) is out of range
    assert by["b-batna"]["follows"] is True
    assert by["b-batna"]["numbers"]["threshold"] == pytest.approx(30.0, abs=1e-3)
    # A's BATNA would have to fall to 25 for (a, p); [26, 29] holds no deal
    assert by["a-batna"]["follows"] is False
    assert by["a-batna"]["numbers"]["threshold"] is None
    assert "no value of batna.A.gov" in by["a-batna"]["reason"]
    assert d["claims_following"] == pytest.approx(5 / 8)


def test_durability_claim_on_the_toy():
    # toy: B breaks a deal with probability 0.6 within 24 months (the horizon); an alliance
    # deters 0.8 of it: 0.6 * 0.2 = 0.12. S(5 y) = (1 - q)^(60 / 24).
    text = ripeness.scenario.packaged_text("toy") + (
        "claims:\n"
        "  alliance-lasts:\n"
        "    says: A deal lasts only with an alliance.\n"
        "    durability: {with: {guarantees: alliance}, than: {guarantees: none}, years: 5}\n"
        "  none-lasts:\n"
        "    says: A deal lasts longer without guarantees.\n"
        "    durability: {with: {guarantees: none}, than: {guarantees: alliance}}\n"
    )
    d = ripeness.check(scenario_from(text)).to_dict()
    yes, no = d["claims"]
    assert yes["follows"] is True and no["follows"] is False
    assert yes["numbers"]["survival_with"] == pytest.approx(0.88**2.5)
    assert yes["numbers"]["survival_than"] == pytest.approx(0.4**2.5)
    assert no["numbers"]["years"] == 5  # the default


def test_lever_claim_on_a_fitted_number_starts_from_its_fitted_value():
    # toy: A.public's mu is not written but fitted to its two polls; a lever claim on it is
    # answered from the fitted value (the one every analysis uses), not from the range's end.
    # With hawks-b off the toy has a deal (2 of 54 packages), so at that value a deal exists
    # already and the claim "a deal appears once mu moves" does not follow.
    text = ripeness.scenario.packaged_text("toy") + (
        "claims:\n"
        "  mu-opens:\n"
        "    says: A deal appears once the public's disposition moves.\n"
        "    off: [hawks-b]\n"
        "    lever: {param: electorates.A.public.mu, range: [0, 50]}\n"
    )
    sc = scenario_from(text)
    fitted_mu = ripeness.calibrate(sc)["A.public"][0]
    (claim,) = ripeness.check(sc).to_dict()["claims"]
    assert claim["numbers"]["current"] == pytest.approx(fitted_mu)
    assert claim["follows"] is False
    assert f"a deal exists already at electorates.A.public.mu = {fitted_mu:g}" in claim["reason"]


def test_a_lever_claim_on_a_poll_is_refused_when_the_file_is_read():
    # counterfactuals never refit: the same rule as --set and levers, found by validation
    text = ripeness.scenario.packaged_text("toy") + (
        "claims:\n"
        "  poll-opens:\n"
        "    says: x\n"
        "    lever: {param: electorates.A.public.calibration.0.support, range: [0.1, 0.9]}\n"
    )
    with pytest.raises(ripeness.ScenarioError) as e:
        scenario_from(text)
    msg = str(e.value)
    assert "claims.poll-opens.lever.param" in msg and "counterfactuals never refit" in msg


def test_claims_validation():
    bad = CLAIMS + (
        "  two-kinds:\n    says: x\n    verdict: deal\n    binds: [rule-x]\n"
        "  no-kind:\n    says: x\n"
        "  bad-ids:\n    says: x\n    off: [rulex]\n"
        "    position: {actors: [C.gov], package: {x: c}, observed: accepts, because: link}\n"
        "  bad-lever:\n    says: x\n    lever: {param: war.balance, range: [1, 0]}\n"
        "  binds-off:\n    says: x\n    off: [link]\n    binds: [nope]\n"
    )
    with pytest.raises(ripeness.ScenarioError) as e:
        scenario_from(bad)
    msg = str(e.value)
    assert "claims.two-kinds" in msg and "gives `verdict:`, `binds:`" in msg
    assert "claims.no-kind" in msg and "gives none" in msg
    assert "claims.bad-ids.off.0" in msg and "did you mean" in msg
    assert "claims.bad-ids.position.actors.0" in msg and "unknown actor 'C.gov'" in msg
    assert "claims.bad-ids.position.package.x" in msg
    assert "`because:` gives the reason for a rejection" in msg
    assert "claims.bad-lever.lever.range" in msg and "need low < high" in msg
    assert "claims.bad-lever.lever.param" in msg and "'war.balance' does not exist" in msg
    assert "claims.binds-off.off" in msg and "claims.binds-off.binds.0" in msg


def test_claims_are_not_levers():
    sc = scenario_from(CLAIMS)
    paths = [s.path for s in ripeness.scenario.catalog.catalog(sc)]
    assert not [p for p in paths if p.startswith("claims.")]


def test_cli_check_shows_claims(tmp_path):
    f = tmp_path / "claims.yaml"
    f.write_text(CLAIMS, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(f), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert [c["follows"] for c in d["claims"]] == [
        True,
        True,
        True,
        False,
        False,
        True,
        True,
        False,
    ]
    r = CliRunner().invoke(app, ["check", str(f)], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "claims that follow: 5 of 8" in r.output
    assert "does not follow" in r.output
    r = CliRunner().invoke(app, ["check", str(f), "--format", "csv"])
    assert r.exit_code == 0 and "b-batna" in r.output


def test_notebook_display_shows_the_claims():
    html = ripeness.check(scenario_from(CLAIMS))._repr_html_()
    assert "claims that follow: 5 of 8" in html
    assert "The source&#x27;s conclusions" in html or "The source's conclusions" in html
    assert "bq-for-link" in html and "<table" in html
