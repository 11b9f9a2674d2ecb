"""The case-library snapshots of Ethiopia–Eritrea, Nagorno-Karabakh, Egypt–Israel and Sudan.

Each file is a dated snapshot encoded by the protocol of docs/cases.md from shared/CASES.md.
These tests hold the files to the protocol and to the format (every number sourced, judgements
with their protocol ranges, one vocabulary per conflict, record and outcome inside their
windows); they do not pin what the model concludes about the cases (`ripeness cases` reports
that, and the encodings were frozen before it was run).
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from tests.scenario_checks import (
    months_between,
    number_problems,
    point,
    raw,
    source_table_problems,
)

import ripeness

CASES_DIR = Path(ripeness.__file__).parent / "cases"

#: Snapshot -> conflict id (the brief of issue 10, part b).
SNAPSHOTS = {
    "ethiopia-eritrea-1999-09": "ethiopia-eritrea",
    "ethiopia-eritrea-2000-06": "ethiopia-eritrea",
    "karabakh-1993-09": "karabakh",
    "karabakh-1994-05": "karabakh",
    "egypt-israel-1975-03": "egypt-israel",
    "egypt-israel-1978-09": "egypt-israel",
    "sudan-1994-05": "sudan",
    "sudan-2004-12": "sudan",
}
NAMES = sorted(SNAPSHOTS)
CONFLICTS = sorted(set(SNAPSHOTS.values()))


@cache
def loaded(name: str) -> ripeness.Scenario:
    """The packaged snapshot, loaded and calibrated once."""
    return ripeness.load(name)


def day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --------------------------------------------------------------------------------------------
# Loading and calibration


@pytest.mark.parametrize("name", NAMES)
def test_snapshot_loads_by_name_and_calibrates(name):
    sc = loaded(name)  # ripeness.load parses, validates and fits every electorate
    assert sc.id == name
    assert sc.spec.case == SNAPSHOTS[name]
    assert sc.spec.outcome is not None
    assert ripeness.load(str(CASES_DIR / f"{name}.yaml")).id == name


@pytest.mark.parametrize("name", NAMES)
def test_no_electorate_without_polls(name):
    """Protocol §2: an electorate only where a referendum or polls of the proposals exist
    before as_of; CASES.md has none for these snapshots (the 2011 Sudan referendum is the
    CPA's designed outcome, after both dates)."""
    data = raw(name)
    assert not data.get("electorates")
    assert all(a["role"] != "electorate" for a in data["actors"].values())


# --------------------------------------------------------------------------------------------
# The file: names, dates, sources, ranges


@pytest.mark.parametrize("name", NAMES)
def test_name_case_and_date_agree(name):
    data = raw(name)
    assert data["scenario"] == name
    assert data["case"] == SNAPSHOTS[name]
    m = re.fullmatch(r"(?P<case>.+)-(?P<y>\d{4})-(?P<m>\d{2})", name)
    assert m and m["case"] == data["case"]
    as_of = day(data["as_of"])
    assert (as_of.year, as_of.month) == (int(m["y"]), int(m["m"]))
    assert data.get("description") and data.get("title")


@pytest.mark.parametrize("name", NAMES)
def test_every_number_is_sourced_and_every_judgement_has_a_range(name):
    data = raw(name)
    problems = source_table_problems(data["sources"], fact_note=True) + number_problems(data)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_valuations_follow_the_protocol_ranges(name):
    """Protocol §3: values on 0-100 with each actor's worst option 0 and best 100 (`scale`),
    intermediate values ±15 clipped to 0-100; weights ±30% of the mode."""
    data = raw(name)
    for aid, u in data["utilities"].items():
        for iid, table in (u.get("values") or {}).items():
            points = [point(v) for v in table.values()]
            assert min(points) == 0 and max(points) == 100, (aid, iid)
            for oid, v in table.items():
                if isinstance(v, dict) and "mode" in v:
                    assert v["low"] == pytest.approx(max(0, v["mode"] - 15)), (aid, iid, oid)
                    assert v["high"] == pytest.approx(min(100, v["mode"] + 15)), (aid, iid, oid)
                else:
                    assert v["source"] == "scale" and v["value"] in (0, 100), (aid, iid, oid)
        for iid, w in (u.get("weights") or {}).items():
            assert w["low"] == pytest.approx(0.7 * w["mode"]), (aid, iid)
            assert w["high"] == pytest.approx(1.3 * w["mode"]), (aid, iid)


@pytest.mark.parametrize("name", NAMES)
def test_war_block_follows_the_protocol(name):
    """Protocol §4: horizon 12, balance mode 0 in -0.7..0.7, slope 1.5, costs x0.5 to x2 on a
    bracket of the cost table (raised at most one step), sucker costs 10 in 0-25."""
    data = raw(name)
    war = data["war"]
    assert point(war["horizon_months"]) == 12
    assert war["military_balance"] == {
        "mode": 0.0,
        "low": -0.7,
        "high": 0.7,
        "source": "cases-protocol",
    }
    for iid, ctrl in war["control"].items():
        assert ctrl["slope"] == 1.5
        outcomes = data["issues"][iid]["war"]
        cuts = ctrl.get("cutpoints", [ctrl.get("intercept")])
        assert len(cuts) == len(outcomes) - 1 and cuts == sorted(cuts), iid
        assert data["issues"][iid]["no_deal"] in outcomes, iid
    for aid, cost in war["cost_per_month"].items():
        assert cost["mode"] in (0.1, 0.25, 0.5, 1.0, 2.0), aid
        assert cost["low"] == pytest.approx(cost["mode"] / 2), aid
        assert cost["high"] == pytest.approx(cost["mode"] * 2), aid
    for pid, c in data["commitment"].items():
        assert point(c["within_months"]) == 24, pid
        for aid, s in c["sucker_cost"].items():
            assert (s["mode"], s["low"], s["high"]) == (10, 0, 25), (pid, aid)


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# The front-line rule of protocol §4, as probabilities of the war outcomes at balance 0 (first
# party's best first), hand-derived: static 0.075/0.85/0.075; rapid movement by the second
# party 0.05/0.45/0.50; a mass with no option beyond the line folds into the end option.
FRONT = {
    "ethiopia-eritrea-1999-09": {"disputed": [0.05, 0.45, 0.50]},  # Badme, Feb 1999
    "ethiopia-eritrea-2000-06": {"disputed": [0.05, 0.95]},  # May 2000, folded
    "karabakh-1993-09": {"nk": [0.05, 0.95], "districts": [0.05, 0.95]},
    "karabakh-1994-05": {"nk": [0.05, 0.95], "districts": [0.05, 0.95]},
    "egypt-israel-1975-03": {"sinai": [0.075, 0.925]},  # static, Israel's gain folded
    "egypt-israel-1978-09": {"sinai": [0.075, 0.85, 0.075]},  # static
    "sudan-1994-05": {"south": [0.05, 0.45, 0.50]},  # the government's 1992-94 offensives
    "sudan-2004-12": {"south": [0.075, 0.85, 0.075]},  # cessation of hostilities, Oct 2002
}


@pytest.mark.parametrize("name", NAMES)
def test_cutpoints_give_the_front_line_probabilities(name):
    war = raw(name)["war"]
    assert set(war["control"]) == set(FRONT[name])
    for iid, probs in FRONT[name].items():
        ctrl = war["control"][iid]
        cuts = ctrl.get("cutpoints", [ctrl.get("intercept")])
        cum = [_logistic(c) for c in cuts] + [1.0]
        got = [cum[0]] + [b - a for a, b in zip(cum, cum[1:], strict=False)]
        assert got == pytest.approx(probs, abs=5e-4), (iid, got)


@pytest.mark.parametrize("name", NAMES)
def test_package_space_is_small(name):
    issues = raw(name)["issues"]
    assert math.prod(len(i["options"]) for i in issues.values()) <= 50_000


# --------------------------------------------------------------------------------------------
# One vocabulary per conflict


@pytest.mark.parametrize("conflict", CONFLICTS)
def test_snapshots_of_a_conflict_share_one_vocabulary(conflict):
    names = [n for n in NAMES if SNAPSHOTS[n] == conflict]
    assert len(names) == 2
    first, *rest = (raw(n) for n in names)
    vocab = {iid: list(i["options"]) for iid, i in first["issues"].items()}
    for other in rest:
        assert {iid: list(i["options"]) for iid, i in other["issues"].items()} == vocab
        assert list(other["parties"]) == list(first["parties"])  # the same first party
        assert {a for a, x in other["actors"].items() if x["role"] == "principal"} == {
            a for a, x in first["actors"].items() if x["role"] == "principal"
        }


@pytest.mark.parametrize("name", NAMES)
def test_war_outcomes_run_in_option_order(name):
    """Options are listed best for the first party first; what fighting on can end in follows
    that order."""
    for iid, issue in raw(name)["issues"].items():
        if "war" in issue:
            order = list(issue["options"])
            idx = [order.index(o) for o in issue["war"]]
            assert idx == sorted(idx), iid


# --------------------------------------------------------------------------------------------
# Record and outcome


def _in_vocabulary(issues: dict, package: dict) -> bool:
    return all(i in issues and o in issues[i]["options"] for i, o in package.items())


@pytest.mark.parametrize("name", NAMES)
def test_outcome_package_is_a_package_of_the_vocabulary(name):
    data = raw(name)
    out = data["outcome"]
    if out["deal"]:
        assert _in_vocabulary(data["issues"], out["package"])
        # assess decodes it (unnamed issues at no_deal) and every actor is assessed
        a = ripeness.assess(loaded(name), out["package"])
        assert set(a.actors) == set(data["actors"])
    else:
        assert out["package"] is None and out["signed"] is None and out["ended"] is None


@pytest.mark.parametrize("name", NAMES)
def test_outcome_dates_follow_the_protocol(name):
    """Protocol §7: a deal signed within 12 months after as_of; an end after the signature;
    censoring after the signature; no deal observed beyond the window (as in test_cases_c)."""
    data = raw(name)
    out, as_of = data["outcome"], day(data["as_of"])
    assert out["within_months"] == 12 and out["source"] in data["sources"]
    if not out["deal"]:
        assert months_between(as_of, day(out["observed_until"])) >= 12
        return
    signed = day(out["signed"])
    assert as_of < signed and months_between(as_of, signed) <= 12
    if out["ended"] is not None:
        assert day(out["ended"]) > signed
    assert day(out["observed_until"]) > signed


@pytest.mark.parametrize("name", NAMES)
def test_record_is_inside_its_window_and_vocabulary(name):
    """Protocol §6: positions of as_of - 3 months to as_of + 3 months, packages of the
    vocabulary, actors of the file, sources of the table."""
    data = raw(name)
    as_of = day(data["as_of"])
    assert data["record"], "every snapshot has at least one observed position"
    for rec in data["record"]:
        assert rec["actor"] in data["actors"]
        assert rec["observed"] in ("accepts", "rejects")
        assert _in_vocabulary(data["issues"], rec["package"])
        assert rec["source"] in data["sources"]
        assert abs(months_between(as_of, day(rec["date"]))) <= 3, rec
