"""Timelines: dated overrides applied cumulatively in date order; the Russia–Ukraine fragment."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtr
from typer.testing import CliRunner

import ripeness
from ripeness.analysis.timeline import cumulative
from ripeness.cli import app
from ripeness.model import compile_model, utilities

# Out of date order on purpose; two entries share a date (file order decides between them).
TIMELINE = """
timeline:
  - date: "2024-06"
    label: later poll
    set: {electorates.A.public.mu: 40}
  - date: 2024-01-15
    label: start
    source: poll-dec
    set:
      war.military_balance: {mode: 0.5, low: 0.0, high: 1.0, source: judgement}
      electorates.A.public.mu: 60
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
    from ripeness.api import _scenario

    return _scenario(ripeness.parse_text(toy_text() + TIMELINE, "toy-timeline.yaml"))


def test_cumulative_in_date_order(sc):
    cum = cumulative(sc)
    assert cum == [
        {
            "war.military_balance": {"mode": 0.5, "low": 0.0, "high": 1.0, "source": "judgement"},
            "electorates.A.public.mu": 60,
        },
        {
            "war.military_balance": {"mode": 0.5, "low": 0.0, "high": 1.0, "source": "judgement"},
            "electorates.A.public.mu": 60,
            "flags.martial_law": False,
        },
        {
            "war.military_balance": {"mode": 0.5, "low": 0.0, "high": 1.0, "source": "judgement"},
            "electorates.A.public.mu": 40,
            "flags.martial_law": False,
        },
        {"war.military_balance": 2.0, "electorates.A.public.mu": 40, "flags.martial_law": False},
    ]


def test_each_date_is_the_scenario_with_its_overrides(sc):
    r = ripeness.timeline(sc, n=400, seed=4, off=["hawks-b"])
    d = r.to_dict()
    assert [p["date"] for p in d["points"]] == ["2024-01-15", "2024-03", "2024-06", "2024-06"]
    assert [p["label"] for p in d["points"]][2:] == ["later poll", "battlefield shift"]
    for p, cum in zip(d["points"], cumulative(sc), strict=True):
        a = ripeness.analyze(sc, ["hawks-b"], cum)
        assert (p["verdict"], p["zopa_size"], p["nearest_compromise"]) == (
            a.verdict,
            a.zopa_size,
            a.nearest_compromise,
        )
        assert p["gap"] == pytest.approx(a.gap, abs=1e-12)
        mc = ripeness.montecarlo(sc, 400, seed=4, off=["hawks-b"], overrides=cum, obstacles=False)
        assert p["p_deal"] == mc.p_deal and p["p_deal_se"] == mc.p_deal_se
    assert len({p["gap"] for p in d["points"]}) > 1  # the entries move the answer
    json.dumps(d)
    assert list(r.to_frame().columns)[:2] == ["label", "verdict"]


def test_user_overrides_hold_at_every_date(sc):
    r = ripeness.timeline(sc, n=0, overrides={"war.military_balance": -1.0})
    for p, cum in zip(r.points, cumulative(sc), strict=True):
        a = ripeness.analyze(sc, (), {**cum, "war.military_balance": -1.0})
        assert p["gap"] == pytest.approx(a.gap, abs=1e-12) and "p_deal" not in p


def test_bad_entries_and_missing_timeline():
    from ripeness.api import _scenario
    from ripeness.scenario import ScenarioError, parse
    from ripeness.scenario.yamlio import load_yaml

    text = toy_text() + '\ntimeline:\n  - {date: "2024-02", set: {war.military_balance.x: 1}}\n'
    with pytest.raises(ScenarioError, match=r"timeline\.0\.set\.war\.military_balance\.x"):
        ripeness.parse_text(text)  # refused when the file is read (issue 14)
    data, positions = load_yaml(text)
    bad = _scenario(parse(data, "<string>", positions, timeline=False))
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


# --- the Russia–Ukraine timeline of the flagship ---------------------------------

KIIS_READY = {  # shared/DATA.md: KIIS share "ready for some territorial concessions"
    "2022-05": 0.10,
    "2022-07": 0.10,
    "2022-09": 0.08,
    "2023-02": 0.09,
    "2023-05": 0.10,
    "2023-10": 0.14,
    "2023-12": 0.19,
    "2024-05": 0.32,
    "2024-12": 0.38,
    "2025-03": 0.39,
    "2025-10": 0.38,
    "2025-12": 0.33,
}


@pytest.fixture(scope="module")
def merged() -> ripeness.Scenario:
    """The flagship with its 2022–2025 timeline."""
    sc = ripeness.load("russia-ukraine-2024")
    assert sc.spec.timeline, "the flagship has a timeline"
    return sc


def test_flagship_timeline_reproduces_the_polls(merged):
    cum = cumulative(merged)
    dates = [e.date for e in sorted(merged.spec.timeline, key=lambda e: e.date)]
    assert dates[0] == "2022-05" and dates[-1] == "2025-12"
    mu0, sigma = merged.calibration["UA.public"]
    for date, acc in zip(dates, cum, strict=True):
        assert acc["flags.martial_law"] is True
        if date not in KIIS_READY:
            continue
        s = merged.with_overrides(acc)
        m = compile_model(s)
        i = m.actors.index("UA.public")
        freeze = s.spec.electorates["UA.public"].calibration[0].package
        u = utilities(m, m.space.encode(freeze, m.no_deal)[None])[i, 0]
        assert m.sigma[i] == pytest.approx(sigma)  # the calibration is not refitted
        assert ndtr((u - m.mu[i]) / sigma) == pytest.approx(KIIS_READY[date], abs=1e-3), date
        mu = acc["electorates.UA.public.mu"]
        lo = ndtr((u - mu["high"]) / sigma)
        hi = ndtr((u - mu["low"]) / sigma)
        assert lo == pytest.approx(KIIS_READY[date] - 0.025, abs=1e-3), date
        assert hi == pytest.approx(KIIS_READY[date] + 0.025, abs=1e-3), date
    dec23 = cum[dates.index("2023-12")]
    assert dec23["electorates.UA.public.mu"]["mode"] == pytest.approx(mu0, abs=0.005)


def test_flagship_timeline_runs(merged):
    r = ripeness.timeline(merged, n=100, seed=1)
    pts = r.points
    assert len(pts) == len(merged.spec.timeline)
    flagship = ripeness.analyze("russia-ukraine-2024")
    dec23 = next(p for p in pts if p["date"] == "2023-12")
    # near the file as written: mu rounded to 0.01, the Kremlin's cost at Levada's Oct 2023 level
    assert dec23["gap"] == pytest.approx(flagship.gap, abs=1e-3)
    gaps = np.array([p["gap"] for p in pts])
    assert gaps[dates_index(pts, "2025-03")] < gaps[dates_index(pts, "2022-09")]


def dates_index(points, date):  # type: ignore[no-untyped-def]
    return [p["date"] for p in points].index(date)
