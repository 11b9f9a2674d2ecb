"""Case library, part A: Korea, Minsk, Finland–USSR and Iran–Iraq snapshots (docs/cases.md).

These tests hold each packaged file to the encoding protocol (docs/cases.md), not to a result:
the file loads and calibrates, every number is sourced, every judgement has the protocol's
range, snapshots of one conflict share one vocabulary, the control probabilities and breach
probabilities are the protocol's (recomputed here by hand from the front-line class and the
agreement record named in each file), the record and the outcome are packages of the vocabulary
and the outcome's `deal` agrees with its dates. No verdict is pinned: `ripeness cases` scores
the verdicts against history.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from tests.scenario_checks import number_problems, point, raw, source_table_problems

import ripeness

CASES_DIR = Path(ripeness.__file__).parent / "cases"

#: Snapshot -> conflict id.
SNAPSHOTS = {
    "korea-1952-12": "korea",
    "korea-1953-07": "korea",
    "minsk-2014-08": "minsk",
    "minsk-2015-02": "minsk",
    "finland-1940-01": "finland",
    "finland-1940-03": "finland",
    "finland-1944-04": "finland",
    "finland-1944-09": "finland",
    "iran-iraq-1987-07": "iran-iraq",
    "iran-iraq-1988-07": "iran-iraq",
}
PRESENT = [n for n in SNAPSHOTS if (CASES_DIR / f"{n}.yaml").is_file()]

#: docs/cases.md §4: probabilities of (first party gains, status quo, second party gains) at
#: balance 0 by front-line class. A war list of two options merges the impossible side into the
#: status quo (each file says which).
FRONT = {
    "static": (0.075, 0.85, 0.075),
    "slow-first": (0.25, 0.70, 0.05),
    "slow-second": (0.05, 0.70, 0.25),
    "rapid-first": (0.50, 0.45, 0.05),
    "rapid-second": (0.05, 0.45, 0.50),
}
#: Per snapshot and territory: the front-line class the file's j-war source states.
FRONT_CLASS = {
    "korea-1952-12": {"line": "static"},
    "korea-1953-07": {"line": "static"},
    "minsk-2014-08": {"donbas": "rapid-first"},
    "minsk-2015-02": {"donbas": "rapid-second"},
    "finland-1940-01": {"border": "slow-first"},
    "finland-1940-03": {"border": "rapid-first"},
    "finland-1944-04": {"border": "static"},
    "finland-1944-09": {"border": "rapid-first"},
    "iran-iraq-1987-07": {"front": "slow-first"},
    "iran-iraq-1988-07": {"front": "rapid-second"},
}
#: docs/cases.md §5: per snapshot and party, (n, k) = earlier agreements with the counterpart and
#: how many failed within two years (None: no record, the UCDP base rate 0.26, range 0.15-0.40).
#: Korea: none. Minsk: Budapest 1994, Black Sea Fleet 1997, Friendship 1997, Kharkiv 2010 (none
#: failed within two years), then Minsk I (failed within four months; DATA.md). Finland: none
#: before 1940 in the data files; the Moscow Peace of 1940 failed within 15 months. Iran-Iraq:
#: the Algiers agreement of 1975, abrogated in 1980 (UCDP).
RECORD = {
    "korea-1952-12": {"KC": None, "UN": None},
    "korea-1953-07": {"KC": None, "UN": None},
    "minsk-2014-08": {"UA": (4, 0), "RU": (4, 0)},
    "minsk-2015-02": {"UA": (5, 1), "RU": (5, 1)},
    "finland-1940-01": {"SU": None, "FI": None},
    "finland-1940-03": {"SU": None, "FI": None},
    "finland-1944-04": {"SU": (1, 1), "FI": (1, 1)},
    "finland-1944-09": {"SU": (1, 1), "FI": (1, 1)},
    "iran-iraq-1987-07": {"IR": (1, 0), "IQ": (1, 0)},
    "iran-iraq-1988-07": {"IR": (1, 0), "IQ": (1, 0)},
}
# Beta(k + 1, n - k + 1) 5% and 95% quantiles, closed forms: Beta(1, b): 1 - (1 - p)^(1/b);
# Beta(a, 1): p^(1/a); Beta(2, 5) from scipy.stats.beta.ppf (0.0628499, 0.5818034).
BETA_Q = {
    (4, 0): (1 - 0.95 ** (1 / 5), 1 - 0.05 ** (1 / 5)),
    (5, 1): (0.0628499, 0.5818034),
    (1, 1): (math.sqrt(0.05), math.sqrt(0.95)),
    (1, 0): (1 - math.sqrt(0.95), 1 - math.sqrt(0.05)),
}


def months_after(a: dt.date, b: dt.date) -> float:
    return (b.year - a.year) * 12 + (b.month - a.month) + (b.day - a.day) / 31


def date(x: object) -> dt.date:
    parts = [int(p) for p in str(x).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def test_every_snapshot_is_present():
    assert list(SNAPSHOTS) == PRESENT


@pytest.mark.parametrize("name", PRESENT)
def test_loads_calibrates_and_names_itself(name):
    sc = ripeness.load(name)
    assert sc.spec.scenario == name
    assert sc.spec.case == SNAPSHOTS[name]
    assert sc.spec.as_of is not None and sc.spec.as_of.startswith(name[-7:])
    assert sc.spec.description and len(sc.spec.description) > 500
    assert sc.spec.outcome is not None and point(sc.spec.outcome.within_months) == 12
    assert name in ripeness.packaged_scenarios("cases")


@pytest.mark.parametrize("name", PRESENT)
def test_every_number_is_sourced_and_every_judgement_has_a_range(name):
    data = raw(name)
    problems = source_table_problems(data["sources"], fact_note=True) + number_problems(data)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PRESENT)
def test_valuations_follow_the_protocol(name):
    """docs/cases.md §3: per actor and issue the worst option is 0 and the best 100 (`scale`),
    intermediate values are judgements +-15 clipped to 0-100; weights +-30% of the mode."""
    data = raw(name)
    problems: list[str] = []
    for actor, util in data["utilities"].items():
        for issue, table in (util.get("values") or {}).items():
            pts = {o: point(v) for o, v in table.items()}
            if set(table) != set(data["issues"][issue]["options"]):
                problems.append(f"{actor}.{issue}: values for every option")
            if min(pts.values()) != 0 or max(pts.values()) != 100:
                problems.append(f"{actor}.{issue}: worst 0 and best 100")
            for o, v in table.items():
                if pts[o] in (0, 100):
                    if v != {"value": pts[o], "source": "scale"}:
                        problems.append(f"{actor}.{issue}.{o}: an anchor is `scale`")
                elif (v["low"], v["high"]) != (max(0, v["mode"] - 15), min(100, v["mode"] + 15)):
                    problems.append(f"{actor}.{issue}.{o}: range +-15")
        for issue, w in (util.get("weights") or {}).items():
            if not (
                math.isclose(w["low"], 0.7 * w["mode"]) and math.isclose(w["high"], 1.3 * w["mode"])
            ):
                problems.append(f"{actor}.weights.{issue}: range +-30%")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PRESENT)
def test_war_block_follows_the_protocol(name):
    """docs/cases.md §4: 12 months, slope 1.5, balance 0 (-0.7..0.7), the probabilities of the
    file's front-line class, costs on the bracket grid with range x0.5..x2."""
    war = raw(name)["war"]
    assert point(war["horizon_months"]) == 12
    assert war["military_balance"] == {
        "mode": 0.0, "low": -0.7, "high": 0.7, "source": "j-war",
    }  # fmt: skip
    issues = raw(name)["issues"]
    assert set(war["control"]) == set(FRONT_CLASS[name])
    for t, ctrl in war["control"].items():
        assert ctrl["slope"] == 1.5
        cuts = ctrl["cutpoints"] if "cutpoints" in ctrl else [ctrl["intercept"]]
        cum = [1 / (1 + math.exp(-c)) for c in cuts]
        probs = [b - a for a, b in zip([0.0, *cum], [*cum, 1.0], strict=True)]
        first, sq, second = FRONT[FRONT_CLASS[name][t]]
        wl = issues[t]["war"]
        nd = wl.index(issues[t]["no_deal"])
        if len(wl) == 3:
            assert nd == 1
            want = [first, sq, second]
        elif nd == 0:  # the first party cannot gain: its share joins the status quo
            want = [first + sq, second]
        else:  # the second party cannot gain
            want = [first, sq + second]
        assert probs == pytest.approx(want, abs=5e-5), t
    for actor, c in war["cost_per_month"].items():
        assert c["mode"] in (0.1, 0.25, 0.5, 1.0, 2.0), actor
        assert (c["low"], c["high"]) == pytest.approx((c["mode"] / 2, c["mode"] * 2)), actor


@pytest.mark.parametrize("name", PRESENT)
def test_breach_probabilities_follow_the_protocol(name):
    """docs/cases.md §5: rule of succession (k + 1) / (n + 2) with Beta quantiles, else the UCDP
    base rate; 24-month window; sucker costs 10 (0-25)."""
    com = raw(name)["commitment"]
    assert set(com) == set(RECORD[name])
    for party, rec in RECORD[name].items():
        b = com[party]["breach"]
        assert point(com[party]["within_months"]) == 24
        if rec is None:
            assert (b["mode"], b["low"], b["high"]) == (0.26, 0.15, 0.40), party
        else:
            n, k = rec
            assert b["mode"] == pytest.approx((k + 1) / (n + 2), abs=5e-4), party
            assert (b["low"], b["high"]) == pytest.approx(BETA_Q[rec], abs=5e-4), party
        for actor, s in com[party]["sucker_cost"].items():
            assert not actor.startswith(party + ".")
            assert s == {"mode": 10, "low": 0, "high": 25, "source": "j-commitment"}, actor


@pytest.mark.parametrize("case", sorted(set(SNAPSHOTS.values())))
def test_snapshots_of_a_conflict_share_one_vocabulary(case):
    names = [n for n in PRESENT if SNAPSHOTS[n] == case]
    if len(names) < 2:
        pytest.skip(f"{case}: fewer than two snapshots present")
    vocab = [{i: list(v["options"]) for i, v in raw(n)["issues"].items()} for n in names]
    for n, v in zip(names[1:], vocab[1:], strict=True):
        assert v == vocab[0], n
    parties = [list(raw(n)["parties"]) for n in names]
    assert all(p == parties[0] for p in parties), case


@pytest.mark.parametrize("name", PRESENT)
def test_package_space_is_small(name):
    size = math.prod(len(i["options"]) for i in raw(name)["issues"].values())
    assert size <= 50_000


def in_vocabulary(data: dict, package: dict) -> bool:
    issues = data["issues"]
    return all(i in issues and o in issues[i]["options"] for i, o in package.items())


@pytest.mark.parametrize("name", PRESENT)
def test_record_and_outcome_are_packages_of_the_vocabulary(name):
    data = raw(name)
    assert data["record"], "a snapshot records the positions of its window"
    for rec in data["record"]:
        assert in_vocabulary(data, rec["package"]), rec
        assert rec["actor"] in data["actors"], rec
    out = data["outcome"]
    assert out["package"] and in_vocabulary(data, out["package"])
    assert set(out["package"]) == set(data["issues"]), "the signed package names every issue"


@pytest.mark.parametrize("name", PRESENT)
def test_record_positions_lie_in_the_window(name):
    """docs/cases.md §6: as_of - 3 months to as_of + 3 months."""
    data = raw(name)
    as_of = date(data["as_of"])
    for rec in data["record"]:
        m = months_after(as_of, date(rec["date"]))
        assert -3 - 1e-9 <= m <= 3 + 1e-9, rec


@pytest.mark.parametrize("name", PRESENT)
def test_outcome_deal_agrees_with_its_dates(name):
    """docs/cases.md §7: `deal` is true exactly when the signature falls within 12 months."""
    data = raw(name)
    out = data["outcome"]
    m = months_after(date(data["as_of"]), date(out["signed"]))
    assert m >= 0
    assert out["deal"] == (m <= 12), m
    if out["deal"]:
        assert out["observed_until"] is not None
        if out["ended"] is not None:
            assert date(out["ended"]) > date(out["signed"])
    else:
        assert out["ended"] is None


@pytest.mark.parametrize("name", PRESENT)
def test_electorates_only_with_polls(name):
    """docs/cases.md §2: an electorate only with a referendum or pre-as_of polls. None of these
    snapshots has one (no poll on the proposals before its date is in the data files); the
    reproduction of every case's calibration polls is tests/cases/test_library.py."""
    data = raw(name)
    electorates = [aid for aid, a in data["actors"].items() if a["role"] == "electorate"]
    assert electorates == [], electorates
    assert not data.get("electorates"), "an electorates block without an electorate actor"
