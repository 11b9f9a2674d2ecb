"""Timelines: dated overrides applied cumulatively in date order; the Russia–Ukraine fragment."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from tests.conftest import written
from typer.testing import CliRunner

import ripeness
from ripeness.analysis.timeline import cumulative
from ripeness.cli import app

# Out of date order on purpose; two entries share a date (file order decides between them).
TIMELINE = """
timeline:
  - date: "2024-06"
    label: later poll
    polls:
      A.public:
        - {package: {north: frozen}, support: 0.5, source: poll-dec}
  - date: 2024-01-15
    label: start
    source: poll-dec
    set:
      war.military_balance: {mode: 0.5, low: 0.0, high: 1.0, source: judgement}
  - date: "2024-03"
    label: martial law lifted
    set: {flags.martial_law: false}
  - date: "2024-06"
    label: battlefield shift
    set: {war.military_balance: 2.0}
"""


def toy_text() -> str:
    return (resources.files("ripeness") / "scenarios" / "toy.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sc() -> ripeness.Scenario:
    return ripeness.load(ripeness.parse_text(toy_text() + TIMELINE, "toy-timeline.yaml"))


def test_cumulative_in_date_order(sc):
    bal = {"mode": 0.5, "low": 0.0, "high": 1.0, "source": "judgement"}
    assert cumulative(sc) == [
        {"war.military_balance": bal},
        {"war.military_balance": bal, "flags.martial_law": False},
        {"war.military_balance": bal, "flags.martial_law": False},
        {"war.military_balance": 2.0, "flags.martial_law": False},
    ]


def date_scenario(sc, k):  # type: ignore[no-untyped-def]
    """The toy at date ``k``, built by hand. Before the June poll: the file's calibration,
    the dated sets as counterfactuals (no refit). At the poll: its sets written into the file
    and the public calibrated on that one poll, the file's sigma kept. After it: that fit,
    later sets as counterfactuals."""
    cum = cumulative(sc)
    if k < 2:
        return sc.with_overrides(cum[k])
    extra = dict(cum[2])
    extra["electorates.A.public"] = {
        "calibration": [{"package": {"north": "frozen"}, "support": 0.5, "source": "poll-dec"}],
        "sigma": sc.calibration["A.public"][1],
    }
    at_poll = written(sc, extra)
    return at_poll.with_overrides(cum[k]) if k > 2 else at_poll


def test_each_date_is_the_scenario_with_its_sets_and_polls(sc):
    r = ripeness.timeline(sc, n=400, seed=4, off=["hawks-b"])
    d = r.to_dict()
    assert [p["date"] for p in d["points"]] == ["2024-01-15", "2024-03", "2024-06", "2024-06"]
    assert [p["label"] for p in d["points"]][2:] == ["later poll", "battlefield shift"]
    for k, (p, _cum) in enumerate(zip(d["points"], cumulative(sc), strict=True)):
        ref = date_scenario(sc, k)
        a = ripeness.analyze(ref, ["hawks-b"])
        assert (p["verdict"], p["zopa_size"], p["nearest_compromise"]) == (
            a.verdict,
            a.zopa_size,
            a.nearest_compromise,
        )
        assert p["gap"] == pytest.approx(a.gap, abs=1e-12)
        assert 0 <= p["p_deal"] <= 1
        # independent path: Monte Carlo of the dated scenario the test built itself (same
        # seed, so the same draws); with hawks-b off this is 1.0 at every date, so the
        # all-obstacles test below is the one where the comparison can tell values apart
        mc = ripeness.montecarlo(ref, 400, seed=4, off=["hawks-b"], obstacles=False)
        assert p["p_deal"] == mc.p_deal
    # the June poll is refitted at its date (sigma kept, mu solves the point) and reproduced
    assert list(d["points"][2]["refit"]) == ["A.public"]
    assert d["points"][2]["refit"]["A.public"]["sigma"] == pytest.approx(
        sc.calibration["A.public"][1]
    )
    assert d["points"][3]["refit"] == {}
    june = date_scenario(sc, 2)
    assert ripeness.assess(june, {"north": "frozen"}).actors["A.public"][
        "support"
    ] == pytest.approx(0.5)
    assert len({p["gap"] for p in d["points"]}) > 1  # the entries move the answer
    json.dumps(d)
    assert list(r.to_frame().columns)[:2] == ["label", "verdict"]
    again = ripeness.timeline(sc, n=400, seed=4, off=["hawks-b"]).to_dict()
    assert [p["p_deal"] for p in again["points"]] == [p["p_deal"] for p in d["points"]]


def test_p_deal_at_each_date_is_monte_carlo_of_that_dates_scenario(sc):
    # every obstacle on: P(deal) is strictly between 0 and 1 at some date, so a timeline that
    # drew on the wrong scenario (no cumulative sets, no refit at the June poll) would differ
    # from Monte Carlo of the scenario built by hand for that date
    pts = ripeness.timeline(sc, n=400, seed=4).points
    ps = [p["p_deal"] for p in pts]
    for k, p in enumerate(ps):
        ref = date_scenario(sc, k)
        assert p == ripeness.montecarlo(ref, 400, seed=4, obstacles=False).p_deal
    assert any(0 < p < 1 for p in ps)
    assert len(set(ps)) > 1  # the dated entries move P(deal)


def test_user_overrides_hold_at_every_date(sc):
    r = ripeness.timeline(sc, n=0, overrides={"war.military_balance": -1.0})
    for k, (p, _cum) in enumerate(zip(r.points, cumulative(sc), strict=True)):
        ref = date_scenario(sc, k)
        a = ripeness.analyze(ref, (), {"war.military_balance": -1.0})  # no refit on the --set
        assert p["gap"] == pytest.approx(a.gap, abs=1e-12) and "p_deal" not in p


def test_bad_entries_and_missing_timeline():
    from ripeness.scenario import ScenarioError, parse
    from ripeness.scenario.yamlio import load_yaml

    text = toy_text() + '\ntimeline:\n  - {date: "2024-02", set: {war.military_balance.x: 1}}\n'
    with pytest.raises(ScenarioError, match=r"timeline\.0\.set\.war\.military_balance\.x"):
        ripeness.parse_text(text)  # refused when the file is read (issue 14)
    data, positions = load_yaml(text)
    bad = ripeness.load(parse(data, "<string>", positions, timeline=False))
    with pytest.raises(ValueError, match=r"timeline\.0 \(2024-02\)"):
        ripeness.timeline(bad, n=0)
    with pytest.raises(ValueError, match="no `timeline:`"):
        ripeness.timeline("toy", n=0)


def test_cli_timeline(sc, tmp_path: Path):
    f = tmp_path / "tl.yaml"
    f.write_text(toy_text() + TIMELINE, encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(app, ["timeline", str(f), "-n", "100", "--json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)["points"]) == 4
    r = runner.invoke(app, ["timeline", str(f), "-n", "50"])
    assert r.exit_code == 0 and "2024-03" in r.output


# --- the Russia–Ukraine timeline -------------------------------------------------------------
# The 2022–2026 timeline moved to the default scenario, russia-ukraine-2026-06; its polls and
# verdicts are tested in tests/scenarios/test_russia_ukraine.py and _answers.py.


def test_default_scenario_timeline_runs():
    sc = ripeness.load("russia-ukraine-2026-06")
    r = ripeness.timeline(sc, n=50, seed=1)
    assert len(r.points) == len(sc.spec.timeline)
    for p in r.points:
        assert p["verdict"] in ("deal", "no deal") and 0 <= p["p_deal"] <= 1
