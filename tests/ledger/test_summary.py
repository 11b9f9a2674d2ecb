"""The answers read from a result's to_dict() (ripeness.ledger.summary), on hand-made dicts."""

from __future__ import annotations

from ripeness.ledger import summary


def test_an_analysis():
    d = {"verdict": "no deal", "gap": 0.25, "nearest_compromise": {"x": "a"},
         "rejected_by": ["B.gov"], "zopa_size": 0}  # fmt: skip
    assert summary(d) == {"verdict": "no deal", "gap": 0.25, "nearest_compromise": {"x": "a"},
                          "rejected_by": ["B.gov"], "p_deal": None}  # fmt: skip


def test_an_obstacle_analysis_reads_all_on():
    d = {"all_on": {"verdict": "deal", "gap": -0.5, "zopa_size": 3},
         "all_off": {"verdict": "deal", "gap": -0.9}}  # fmt: skip
    s = summary(d)
    assert (s["verdict"], s["gap"], s["nearest_compromise"]) == ("deal", -0.5, None)


def test_a_monte_carlo_result():
    d = {"p_deal": 0.125, "gap": {"count": 3, "mean": 0.2, "quantiles": {"0.05": 0.1,
         "0.5": 0.3, "0.95": 0.4}},
         "nearest_compromises": [{"package": {"x": "b"}, "frequency": 0.7},
                                 {"package": {"x": "a"}, "frequency": 0.3}]}  # fmt: skip
    s = summary(d)
    assert (s["verdict"], s["gap"], s["p_deal"]) == (None, 0.3, 0.125)
    assert s["nearest_compromise"] == {"x": "b"}


def test_an_assessment_and_infinite_gaps():
    s = summary({"deal": False, "gap": "inf", "rejected_by": []})
    assert s["verdict"] == "no deal" and s["gap"] == float("inf") and s["rejected_by"] == []


def test_a_timeline_reads_its_latest_date():
    d = {"points": [{"date": "2022", "verdict": "no deal", "gap": 0.5},
                    {"date": "2024", "verdict": "deal", "gap": -0.1, "p_deal": 0.6}]}  # fmt: skip
    s = summary(d)
    assert (s["verdict"], s["gap"], s["p_deal"]) == ("deal", -0.1, 0.6)


def test_nothing_recognised():
    assert set(summary({"x": 1}).values()) == {None}
    assert summary({"verdict": 3, "gap": True, "p_deal": float("nan")})["p_deal"] is None


def test_the_ledger_loads_without_the_numeric_stack():
    """`ripeness ledger list|show|verify` read a database: importing the ledger pulls in
    neither numpy nor scipy nor the engines (an import of analysis.base at module level did:
    0.43-0.55 s against 0.19-0.22 s, `python -X importtime -c "import ripeness.ledger"`)."""
    import subprocess
    import sys

    code = (
        "import sys, ripeness.ledger; "
        "print(','.join(m for m in ('numpy', 'scipy', 'ripeness.engine', 'ripeness.analysis') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
