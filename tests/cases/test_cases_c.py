"""The case-library snapshots of Colombia, Cyprus, Northern Ireland and Bosnia (issue 10, part c).

These are the referendum and ratification cases: electorates fitted to polls dated before
``as_of`` and scored on the referendums of their ``record:``, electorates with a ``threshold``
and a ratifier-only one (``threshold: null``) on an override route, veto players for party
assemblies, parliaments and patrons. The tests hold each file to the encoding protocol
(docs/cases.md) and to the format; they do not pin what the model concludes about the cases
(``ripeness cases`` reports that; the files were frozen before it was run).
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from scipy.stats import beta
from tests.scenario_checks import (
    in_vocabulary,
    months_between,
    number_problems,
    point,
    raw,
    source_table_problems,
)

import ripeness

CASES_DIR = Path(ripeness.__file__).parent / "cases"

#: Snapshot -> conflict id.
SNAPSHOTS = {
    "colombia-2016-08": "colombia",
    "colombia-2016-11": "colombia",
    "cyprus-2003-03": "cyprus",
    "cyprus-2004-04": "cyprus",
    "northern-ireland-1998-04": "northern-ireland",
    "bosnia-1993-05": "bosnia",
    "bosnia-1994-08": "bosnia",
    "bosnia-1995-11": "bosnia",
}
NAMES = sorted(SNAPSHOTS)
CONFLICTS = sorted(set(SNAPSHOTS.values()))

#: The encoder's electorate judgements, the same in every snapshot of this set (j-electorate).
SIGMA = {"mode": 15, "low": 7.5, "high": 30, "source": "j-electorate"}
MU = {"mode": 0, "low": -15, "high": 15, "source": "j-electorate"}


@cache
def loaded(name: str) -> ripeness.Scenario:
    """The packaged snapshot, loaded (parsed, validated, electorates fitted) once."""
    return ripeness.load(name)


def span(value) -> tuple[date, date]:
    """The first and last day a date of the file may mean (``2016-08`` is the whole month)."""
    if isinstance(value, date):
        return value, value
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = (int(x) for x in text.split("-"))
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date.fromisoformat(text)
    return d, d


# --------------------------------------------------------------------------------------------
# Loading and calibration


@pytest.mark.parametrize("name", NAMES)
def test_snapshot_loads_by_name_and_by_path_and_calibrates(name):
    sc = loaded(name)
    assert sc.id == name
    assert sc.spec.case == SNAPSHOTS[name]
    assert sc.spec.outcome is not None
    assert ripeness.load(str(CASES_DIR / f"{name}.yaml")).id == name
    fit = ripeness.calibrate(sc)
    electorates = {a for a, x in raw(name)["actors"].items() if x["role"] == "electorate"}
    assert set(fit) == electorates
    for actor, (mu, sigma) in fit.items():
        assert math.isfinite(mu) and sigma > 0, actor


CALIBRATION_POINTS = [
    (name, actor, i)
    for name in NAMES
    for actor, el in (raw(name).get("electorates") or {}).items()
    for i, _ in enumerate(el.get("calibration", []))
]


def test_the_set_has_calibrated_electorates():
    # Colombia (Aug 2016), Cyprus (the GC electorate, 2004), the Bosnian Serbs (1994)
    assert {(n, a) for n, a, _ in CALIBRATION_POINTS} == {
        ("colombia-2016-08", "CO.public"),
        ("cyprus-2004-04", "GC.public"),
        ("bosnia-1994-08", "SRB.public"),
    }


@pytest.mark.parametrize(("name", "actor", "i"), CALIBRATION_POINTS)
def test_every_calibration_poll_is_reproduced(name, actor, i):
    poll = raw(name)["electorates"][actor]["calibration"][i]
    got = ripeness.assess(loaded(name), poll["package"]).actors[actor]["support"]
    assert got == pytest.approx(point(poll["support"]), abs=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_calibration_polls_predate_as_of_and_the_record_does_not_repeat_them(name):
    """Protocol §6: calibration polls are dated before as_of; the record holds the polls of the
    window that the calibration does not use."""
    data = raw(name)
    _, as_of = span(data["as_of"])
    for actor, el in (data.get("electorates") or {}).items():
        used = set()
        for poll in el.get("calibration", []):
            assert span(poll["date"])[1] < as_of, (actor, poll)
            assert in_vocabulary(data["issues"], poll["package"])
            used.add((str(poll["date"]), point(poll["support"])))
        for rec in data["record"]:
            if rec["actor"] == actor and "support" in rec:
                assert (str(rec["date"]), point(rec["support"])) not in used, rec


@pytest.mark.parametrize("name", NAMES)
def test_electorate_judgements_are_the_sets_rule(name):
    """Polls of one package only: sigma is the set's judgement; no poll at all: mu too."""
    data = raw(name)
    for actor, el in (data.get("electorates") or {}).items():
        packages = {tuple(sorted(p["package"].items())) for p in el.get("calibration", [])}
        if len(packages) < 2:
            assert el["sigma"] == SIGMA, actor
        if not packages:
            assert el["mu"] == MU, actor
        else:
            assert "mu" not in el, actor


@pytest.mark.parametrize("name", NAMES)
def test_electorates_thresholds_and_routes(name):
    """An electorate either needs a share of every deal (`threshold`) or only ratifies on an
    override route that names it (`threshold: null`); route ratifiers are actors of the party."""
    data = raw(name)
    for aid, actor in data["actors"].items():
        if actor["role"] != "electorate":
            continue
        assert aid in data["electorates"]
        if actor["threshold"] is None:
            routes = [
                c["override"]
                for pid, c in data.get("constitutions", {}).items()
                if pid == actor["party"] and "override" in c
            ]
            assert any(aid in r["ratifiers"] for r in routes), aid
        else:
            assert point(actor["threshold"]) == 0.5, aid
    for pid, c in data.get("constitutions", {}).items():
        for r in c.get("override", {}).get("ratifiers", []):
            assert data["actors"][r]["party"] == pid, r


def test_the_routes_of_the_set():
    """Colombia after the No: Congress overrides the mandate; Ireland: the claim dropped by
    referendum; Cyprus and Bosnia: no route."""
    col = raw("colombia-2016-11")["constitutions"]["CO"]
    assert col["override"]["ratifiers"] == ["CO.congress"]
    assert raw("colombia-2016-11")["actors"]["CO.congress"]["role"] == "veto"
    assert "constitutions" not in raw("colombia-2016-08")
    ie = raw("northern-ireland-1998-04")["constitutions"]["IE"]
    assert ie["claims"] == ["status"] and ie["override"]["ratifiers"] == ["IE.public"]
    assert raw("northern-ireland-1998-04")["actors"]["IE.public"]["threshold"] is None
    for name in ("cyprus-2003-03", "cyprus-2004-04", "bosnia-1993-05", "bosnia-1994-08"):
        assert "constitutions" not in raw(name), name


# --------------------------------------------------------------------------------------------
# The file: names, dates, sources, ranges


@pytest.mark.parametrize("name", NAMES)
def test_name_case_and_date_agree(name):
    data = raw(name)
    assert data["scenario"] == name
    assert data["case"] == SNAPSHOTS[name]
    m = re.fullmatch(r"(?P<case>.+)-(?P<y>\d{4})-(?P<m>\d{2})", name)
    assert m and m["case"] == data["case"]
    as_of, _ = span(data["as_of"])
    assert (as_of.year, as_of.month) == (int(m["y"]), int(m["m"]))
    assert data.get("description") and data.get("title")


@pytest.mark.parametrize("name", NAMES)
def test_every_number_is_sourced_and_every_judgement_has_a_range(name):
    data = raw(name)
    problems = source_table_problems(data["sources"], fact_note=True) + number_problems(data)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_valuations_follow_the_protocol_ranges(name):
    """Protocol §3: each actor's worst option 0 and best 100 (`scale`); intermediate values ±15
    clipped to 0–100; weights ±30% of the mode, the mode 1 or (a named priority) 3."""
    for aid, u in raw(name)["utilities"].items():
        for iid, table in (u.get("values") or {}).items():
            points = [point(v) for v in table.values()]
            assert min(points) == 0 and max(points) == 100, (aid, iid)
            for oid, v in table.items():
                if "mode" in v:
                    assert 0 < v["mode"] < 100, (aid, iid, oid)
                    assert v["low"] == pytest.approx(max(0, v["mode"] - 15)), (aid, iid, oid)
                    assert v["high"] == pytest.approx(min(100, v["mode"] + 15)), (aid, iid, oid)
                else:
                    assert v["source"] == "scale" and v["value"] in (0, 100), (aid, iid, oid)
        for iid, w in (u.get("weights") or {}).items():
            assert w["mode"] in (1, 3), (aid, iid)
            assert w["low"] == pytest.approx(0.7 * w["mode"]), (aid, iid)
            assert w["high"] == pytest.approx(1.3 * w["mode"]), (aid, iid)


@pytest.mark.parametrize("name", NAMES)
def test_every_actor_has_full_weights_or_inherits_them(name):
    data = raw(name)
    issues = set(data["issues"])
    for aid in data["actors"]:
        u = data["utilities"][aid]
        if "like" in u:
            assert u["like"] in data["utilities"], aid
        else:
            assert set(u["weights"]) == issues and set(u["values"]) == issues, aid
        if "weights" in u:
            assert set(u["weights"]) == issues, aid


@pytest.mark.parametrize("name", NAMES)
def test_war_block_follows_the_protocol(name):
    """Protocol §4: horizon 12; costs on a step of the table, x0.5 to x2; veto players and
    electorates at their principal's cost unless one step up for a named economic cost."""
    data = raw(name)
    war = data["war"]
    assert point(war["horizon_months"]) == 12
    steps = (0.1, 0.25, 0.5, 1.0, 2.0)
    costs = war["cost_per_month"]
    assert set(costs) == set(data["actors"])
    for aid, cost in costs.items():
        assert cost["mode"] in steps, aid
        assert cost["low"] == pytest.approx(cost["mode"] / 2), aid
        assert cost["high"] == pytest.approx(cost["mode"] * 2), aid
    for aid, actor in data["actors"].items():
        principal = next(
            a
            for a, x in data["actors"].items()
            if x["party"] == actor["party"] and x["role"] == "principal"
        )
        own, theirs = steps.index(costs[aid]["mode"]), steps.index(costs[principal]["mode"])
        assert own in (theirs, theirs + 1), aid
    if "control" in war:
        assert war["military_balance"] == {
            "mode": 0.0,
            "low": -0.7,
            "high": 0.7,
            "source": "protocol",
        }
        for iid, ctrl in war["control"].items():
            assert ctrl["slope"] == 1.5, iid
            assert data["issues"][iid]["no_deal"] in data["issues"][iid]["war"], iid


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# Protocol §4's front-line rule, as the probabilities of the war outcomes at balance 0 (the
# first party's best first), derived by hand from the sources: Bosnia 1993 slow Serb movement
# (Cerska, Konjević Polje, Feb–Mar 1993): 0.05 / 0.70 / 0.25; Bosnia 1994 static (about 70% held
# in May 1993 and July 1994): 0.075 / 0.85 / 0.075; Bosnia 1995 rapid movement by the
# Federation (Storm, Mistral 2, Sana): 0.50 / 0.45 / 0.05. Colombia, Cyprus and Northern
# Ireland fight over no ground: no control entry.
FRONT = {
    "bosnia-1993-05": [0.05, 0.70, 0.25],
    "bosnia-1994-08": [0.075, 0.85, 0.075],
    "bosnia-1995-11": [0.50, 0.45, 0.05],
}


@pytest.mark.parametrize("name", NAMES)
def test_cutpoints_give_the_front_line_probabilities(name):
    war = raw(name)["war"]
    if name not in FRONT:
        assert "control" not in war
        assert all("war" not in i for i in raw(name)["issues"].values())
        return
    assert set(war["control"]) == {"map"}
    cum = [_logistic(c) for c in war["control"]["map"]["cutpoints"]] + [1.0]
    got = [cum[0]] + [b - a for a, b in zip(cum, cum[1:], strict=False)]
    assert got == pytest.approx(FRONT[name], abs=5e-4)


#: Breach rules of protocol §5: the UCDP base rate, or the rule of succession on (n, k).
SUCCESSION = {
    ("northern-ireland-1998-04", "UK"): (1, 1),
    ("northern-ireland-1998-04", "IE"): (1, 1),
}


@pytest.mark.parametrize("name", NAMES)
def test_breach_probabilities_follow_the_protocol(name):
    for pid, c in raw(name)["commitment"].items():
        assert point(c["within_months"]) == 24, pid
        b = c["breach"]
        if (name, pid) in SUCCESSION:
            n, k = SUCCESSION[(name, pid)]
            assert b["mode"] == pytest.approx((k + 1) / (n + 2), abs=5e-4), pid
            assert b["low"] == pytest.approx(beta.ppf(0.05, k + 1, n - k + 1), abs=5e-4), pid
            assert b["high"] == pytest.approx(beta.ppf(0.95, k + 1, n - k + 1), abs=5e-4), pid
        else:
            # docs/empirical.md: 74% of UCDP agreements survived two years; range 0.15–0.40
            assert (b["mode"], b["low"], b["high"]) == (0.26, 0.15, 0.40), pid
        for aid, s in c["sucker_cost"].items():
            assert (s["mode"], s["low"], s["high"]) == (10, 0, 25), (pid, aid)


#: Upper ends of the 95% intervals of 1 - HR in docs/empirical.md (UCDP PA v22.1 Cox model).
EMPIRICAL_UPPER = {"pko": 0.40, "withd": 0.21}


@pytest.mark.parametrize("name", NAMES)
def test_deterrence_follows_the_protocol(name):
    """An option mapped to a UCDP provision takes 1 - HR clipped to [0, 1] (the mode 0, the
    hazard ratios being above 1) up to the interval's upper end; an unmapped one a judgement
    within the protocol's wide range 0–0.5; an option without a guarantee deters nothing."""
    data = raw(name)
    for pid, c in data["commitment"].items():
        entries = c.get("deterrence") or []
        for d in entries if isinstance(entries, list) else [entries]:
            assert set(d["values"]) == set(data["issues"][d["issue"]]["options"]), pid
            evidence = d.get("evidence") or {}
            for oid, v in d["values"].items():
                if oid in evidence:
                    assert (v["mode"], v["low"]) == (0.0, 0.0), (pid, oid)
                    assert v["high"] == EMPIRICAL_UPPER[evidence[oid]], (pid, oid)
                elif "mode" in v:
                    assert 0 <= v["low"] <= v["mode"] <= v["high"] <= 0.5, (pid, oid)
                else:
                    assert (v["value"], v["source"]) == (0.0, "scale"), (pid, oid)


@pytest.mark.parametrize("name", NAMES)
def test_package_space_is_small(name):
    issues = raw(name)["issues"]
    assert math.prod(len(i["options"]) for i in issues.values()) <= 50_000


# --------------------------------------------------------------------------------------------
# One vocabulary per conflict


def _vocabulary(data: dict) -> dict:
    return {
        iid: [(o, (opt or {}).get("cedes")) for o, opt in issue["options"].items()]
        for iid, issue in data["issues"].items()
    }


@pytest.mark.parametrize("conflict", CONFLICTS)
def test_snapshots_of_a_conflict_share_one_vocabulary(conflict):
    names = [n for n in NAMES if SNAPSHOTS[n] == conflict]
    first, *rest = (raw(n) for n in names)
    for other in rest:
        assert _vocabulary(other) == _vocabulary(first)  # ids, order and `cedes` tags
        assert list(other["parties"]) == list(first["parties"])  # the same first party


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


@pytest.mark.parametrize("name", NAMES)
def test_outcome_package_is_a_package_of_the_vocabulary(name):
    data = raw(name)
    out = data["outcome"]
    if out["deal"]:
        assert in_vocabulary(data["issues"], out["package"])
        a = ripeness.assess(loaded(name), out["package"])
        assert set(a.actors) == set(data["actors"])
        decoded = {i: a.package[i] for i in out["package"]}
        assert decoded == out["package"]
    else:
        assert out["package"] is None and out["signed"] is None and out["ended"] is None


@pytest.mark.parametrize("name", NAMES)
def test_outcome_dates_follow_the_protocol(name):
    """Protocol §7: a deal signed within 12 months of as_of, observed after its signature; no
    deal observed beyond the window."""
    data = raw(name)
    out = data["outcome"]
    as_of, _ = span(data["as_of"])
    assert out["within_months"] == 12 and out["source"] in data["sources"]
    observed, _ = span(out["observed_until"])
    if out["deal"]:
        signed, _ = span(out["signed"])
        assert as_of <= signed and months_between(as_of, signed) <= 12
        assert out["ended"] is None or span(out["ended"])[0] > signed
        assert observed > signed
    else:
        assert months_between(as_of, observed) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_record_is_inside_its_window_and_vocabulary(name):
    """Protocol §6: the window is as_of - 3 months to as_of + 3 months; packages of the
    vocabulary; a position or a poll of an electorate, with a share in (0, 1)."""
    data = raw(name)
    as_of, _ = span(data["as_of"])
    assert data["record"], "every snapshot has at least one observation"
    for rec in data["record"]:
        assert rec["actor"] in data["actors"], rec
        assert in_vocabulary(data["issues"], rec["package"]), rec
        assert rec["source"] in data["sources"], rec
        first, last = span(rec["date"])
        assert months_between(as_of, last) >= -3 and months_between(as_of, first) <= 3, rec
        assert ("observed" in rec) != ("support" in rec), rec
        if "observed" in rec:
            assert rec["observed"] in ("accepts", "rejects"), rec
        else:
            assert data["actors"][rec["actor"]]["role"] == "electorate", rec
            assert 0 < rec["support"] < 1, rec


# Referendum results recorded, against the published counts (Yes / (Yes + No), CASES.md
# Part B): Colombia 2 Oct 2016 6,382,901 Yes / 6,438,552 No; Cyprus 24 Apr 2004 (GC) 99,976 /
# 313,704; Northern Ireland 22 May 1998 676,966 / 274,879; the Republic 1,442,583 / 85,748;
# the Bosnian Serb referendum of 27–28 Aug 1994 32,429 / 936,934; the TC result is published
# as a share only (64.91%). The Bosnian Serb referendum of May 1993 is not in bosnia-1993-05's
# record: it was called after that snapshot's as_of, so its electorate is no actor there.
REFERENDUMS = [
    ("colombia-2016-08", "CO.public", "2016-10-02", 6_382_901 / (6_382_901 + 6_438_552)),
    ("cyprus-2004-04", "GC.public", "2004-04-24", 99_976 / (99_976 + 313_704)),
    ("cyprus-2004-04", "TC.public", "2004-04-24", 0.6491),
    ("northern-ireland-1998-04", "UK.ni", "1998-05-22", 676_966 / (676_966 + 274_879)),
    ("northern-ireland-1998-04", "IE.public", "1998-05-22", 1_442_583 / (1_442_583 + 85_748)),
    ("bosnia-1994-08", "SRB.public", "1994-08-28", 32_429 / (32_429 + 936_934)),
]


@pytest.mark.parametrize(("name", "actor", "when", "share"), REFERENDUMS)
def test_referendum_results_are_recorded_from_the_counts(name, actor, when, share):
    hits = [
        r
        for r in raw(name)["record"]
        if r["actor"] == actor and str(r["date"]) == when and "support" in r
    ]
    assert len(hits) == 1
    assert hits[0]["support"] == pytest.approx(share, abs=5e-5)


def test_the_referendum_calibrates_the_next_bosnian_snapshot():
    """The 1993 referendum (35,212 Yes of 1,095,560: 0.0321) was called on 6 May 1993, after
    bosnia-1993-05's as_of (1 May): no electorate there (protocol §2). Before bosnia-1994-08's
    it calibrates the electorate there, and as a precedent it makes that electorate a ratifier
    (the referral of 3 Aug 1994 is after that snapshot's as_of)."""
    cal = raw("bosnia-1994-08")["electorates"]["SRB.public"]["calibration"]
    assert [(str(p["date"]), p["support"]) for p in cal] == [("1993-05-16", 0.0321)]
    assert raw("bosnia-1994-08")["actors"]["SRB.public"]["threshold"] == {
        "value": 0.5,
        "source": "j-ratifier",
    }
    first = raw("bosnia-1993-05")
    assert "SRB.public" not in first["actors"] and "electorates" not in first
    assert all(r["actor"] != "SRB.public" for r in first["record"])
