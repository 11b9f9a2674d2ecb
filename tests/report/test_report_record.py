"""The report's "model against the record" section and the case library page."""

from __future__ import annotations

from tests.analysis.test_record import RECORD
from tests.conftest import scenario_from

import ripeness
from ripeness.report import collect, render_html
from ripeness.report.html import render_cases_html


def test_record_section_shows_check():
    sc = scenario_from(RECORD)
    page = render_html(collect(sc, with_obstacles=False))
    assert '<section id="record">' in page and "The model against the record" in page
    assert "positions agreed: <b>2 of 3</b>" in page  # as tests/analysis/test_record.py
    assert page.count("<b>differs</b>") == 1


def test_cases_page_renders_every_snapshot():
    rows = [
        {"id": "a-2000-01", "case": "a", "as_of": "2000-01-01", "outcome_deal": True,
         "verdict": "deal", "hit": True, "gap": -0.1, "p_deal": 0.8, "signed_in_zopa": True,
         "signed_gap": -0.05, "position_agreement": 1.0, "rejected_by": [], "blocked_by": [],
         "durability": {"years": 3.0, "event": False, "survival_at_t": 0.7,
                        "base_survival_at_t": 0.71, "log_score": -0.3, "log_score_base": -0.35,
                        "survival": {"2y": 0.8, "5y": 0.6}, "status": {"2y": 1, "5y": None}}},
        {"id": "a-1999-01", "case": "a", "as_of": "1999-01-01", "outcome_deal": False,
         "verdict": "deal", "hit": False, "gap": -0.02, "p_deal": 0.6, "signed_in_zopa": None,
         "signed_gap": None, "position_agreement": None, "rejected_by": ["X"],
         "blocked_by": [], "durability": None},
    ]  # fmt: skip
    lib = ripeness.CaseLibrary(
        [{**r, "positions_agreed": 0, "positions_answered": 0, "poll_errors": []} for r in rows],
        100,
        0,
    )
    page = render_cases_html(lib.to_dict())
    assert "a-2000-01" in page and "a-1999-01" in page and "<b>miss</b>" in page
    assert "Hit rate <b>50.0%</b>" in page and "plausibility check" in page
    assert 'id="fig-calibration"' in page


def test_claims_section_answers_the_source():
    from tests.analysis.test_claims import CLAIMS

    page = render_html(collect(scenario_from(CLAIMS), with_obstacles=False))
    assert '<section id="claims">' in page
    assert "The source&#x27;s conclusions against the model" in page or (
        "The source's conclusions against the model" in page
    )
    assert "Claims that follow: <b>5 of 8</b>" in page  # as tests/analysis/test_claims.py
    assert page.count("<b>does not follow</b>") == 3
    assert '<section id="record">' not in page  # no positions or polls: no record section
