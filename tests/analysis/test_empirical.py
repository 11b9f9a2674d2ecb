"""Empirical durability: Kaplan–Meier by hand, the coding of the file, the Cox model, the bridge."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import numpy as np
import pytest

pytest.importorskip("lifelines")

from ripeness import load as _scenario
from ripeness.analysis.empirical import (
    DataError,
    cox_model,
    data_path,
    deterrence_entries,
    deterrence_evidence,
    empirical_durability,
    implied_deterrence,
    kaplan_meier,
    process_folds,
    read_agreements,
)
from ripeness.analysis.empirical import ucdp as ucdp_mod
from ripeness.scenario import parse_text
from ripeness.testing.ucdp import COLUMNS, synthetic_csv

# ---------------------------------------------------------------------------------------------
# Kaplan–Meier on a table small enough to do by hand.
#
# durations 1, 2, 2, 3, 4, 5 (years), events 1, 1, 0, 1, 0, 1 (the 2 censored after the event):
#   t=1: n=6, d=1 -> S = 5/6                      Greenwood sum 1/(6*5) = 1/30
#   t=2: n=5, d=1 -> S = 5/6 * 4/5 = 2/3          sum 1/30 + 1/(5*4) = 1/12
#   t=3: n=3, d=1 -> S = 2/3 * 2/3 = 4/9
#   t=4: censored                                 S = 4/9
#   t=5: n=1, d=1 -> S = 0
# 95% interval on log(-log S) (exponential Greenwood): sd = sqrt(sum) / |ln S|,
# bounds S^exp(+-1.959964 sd). At t=1: ln(5/6) = -0.1823216, sd = 0.1825742/0.1823216 =
# 1.0013856, exp(1.959964 * 1.0013856) = exp(1.9626798) = 7.1183770 -> low = (5/6)^7.118377 =
# 0.2731228; exp(-1.9626798) = 0.1404815 -> high = (5/6)^0.1404815 = 0.9747124.
# At t=2: ln(2/3) = -0.4054651, sd = 0.2886751/0.4054651 = 0.7119605 -> low 0.1946166,
# high 0.9044342.
# ---------------------------------------------------------------------------------------------
DURATIONS = [1, 2, 2, 3, 4, 5]
EVENTS = [1, 1, 0, 1, 0, 1]


def test_kaplan_meier_by_hand():
    k = kaplan_meier(DURATIONS, EVENTS)
    expected = {0.5: 1.0, 1: 5 / 6, 1.5: 5 / 6, 2: 2 / 3, 3: 4 / 9, 4.5: 4 / 9, 5: 0.0, 10: 0.0}
    for t, s in expected.items():
        assert k.at(t)["s"] == pytest.approx(s, abs=1e-12), t
    assert k.at(1)["low"] == pytest.approx(0.2731228, abs=1e-6)
    assert k.at(1)["high"] == pytest.approx(0.9747124, abs=1e-6)
    assert k.at(2)["low"] == pytest.approx(0.1946166, abs=1e-6)
    assert k.at(2)["high"] == pytest.approx(0.9044342, abs=1e-6)
    # at risk at t: durations >= t
    assert [k.at(t)["at_risk"] for t in (1, 2, 2.5, 5)] == [6, 5, 3, 1]
    assert (k.n, k.events) == (6, 4)
    assert k.median() == 3.0  # first S <= 0.5: 4/9 at t = 3


def test_kaplan_meier_not_estimated_past_the_last_follow_up():
    # 1 ended at 1 of 2; the other censored at 3: S = 1/2 from 1 to 3, unknown after
    k = kaplan_meier([1, 3], [1, 0])
    assert k.at(2)["s"] == 0.5 and k.at(3)["s"] == 0.5
    assert k.at(3.5) is None
    assert k.median() == 1.0
    with pytest.raises(ValueError, match="no observations"):
        kaplan_meier([], [])
    with pytest.raises(ValueError, match=">= 0"):
        kaplan_meier([-1.0], [1])


# ---------------------------------------------------------------------------------------------
# Coding of the file.
# ---------------------------------------------------------------------------------------------
HEAD = ",".join(COLUMNS)


def row(paid, date, ended="", duration="", proc="1", pko="0", cease="0", third="", inc="2",
        pa_type="2", name="Aland: Government", comment="c"):  # fmt: skip
    vals = {
        "paid": paid, "conflict_name": name, "incompatibility": f'"{inc}"', "pa_name": "x",
        "pa_date": date, "pa_comment": comment, "pa_3rd": third, "ended": ended,
        "duration": duration, "cease": cease, "withd": "0", "pp": "0", "shagov": "0",
        "terr_prov": "0", "pko": pko, "termdur": "-99", "pa_type": pa_type, "procID": proc,
        "version": "22.1", "dateintervalstart_meta": "1975-01-01",
        "dateintervalend_meta": "2021-12-31",
    }  # fmt: skip
    return ",".join(vals[c] for c in COLUMNS)


def write(tmp_path, *rows: str):
    p = tmp_path / "pa.csv"
    p.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return p


def test_coding_choices(tmp_path):
    p = write(
        tmp_path,
        # ended after 731 days (2000-01-01 -> 2002-01-01): 731 / 365.25 years, an event
        row("1", "2000-01-01", "True", "2002-01-01", proc="1", pko="1", third="UN"),
        # blank and False both: not ended, censored at 2021-12-31
        row("2", "2010-06-30", "", "", proc="2"),
        row("3", "2015-01-01", "False", "", proc="3", inc="2, 1"),
        # ended without a date; ends before signature: excluded
        row("4", "2013-02-27", "True", "", proc="4"),
        row("5", "2000-08-26", "True", "2000-01-01", proc="5"),
        # two documents of one process signed the same day: one observation
        row("6", "1996-02-16", "True", "1996-09-30", proc="6", cease="1", pa_type="3"),
        row(
            "7",
            "1996-02-16",
            "True",
            "1996-09-30",
            proc="6",
            third="Mexico",
            pa_type="1",
            comment='"over\ntwo lines"',
            name="Aland - Borovia",
            inc="1",
        ),
    )
    a = read_agreements(p)
    t = a.table.set_index("paid")
    assert (a.rows, a.n, a.events) == (7, 4, 2)
    assert sorted((e.paid, e.line) for e in a.excluded) == [("4", 5), ("5", 6)]
    assert t.loc["1", "years"] == pytest.approx(731 / 365.25)
    assert t.loc["1", "event"] == 1 and t.loc["1", "pko"] == 1 and t.loc["1", "pa_3rd"] == 1
    censor = dt.date(2021, 12, 31)
    assert t.loc["2", "years"] == pytest.approx((censor - dt.date(2010, 6, 30)).days / 365.25)
    assert t.loc["2", "event"] == 0 and t.loc["3", "event"] == 0
    assert t.loc["3", "territory"] == 1 and t.loc["2", "territory"] == 0  # "2, 1" has 1
    m = t.loc["6+7"]  # merged: provisions of either, the most comprehensive type
    assert (m["cease"], m["pa_3rd"], m["pa_type"], m["pa_type_full"]) == (1, 1, 1, 1)
    assert m["years"] == pytest.approx((dt.date(1996, 9, 30) - dt.date(1996, 2, 16)).days / 365.25)
    assert bool(m["interstate"]) and m["line"] == 7
    b = read_agreements(p, unit="agreement")
    assert (b.n, b.events) == (5, 3)
    assert a.censor_date == censor and a.version == "22.1"


def test_bad_values_named_with_line_and_column(tmp_path):
    p = write(
        tmp_path,
        row("1", "2000-01-01", comment='"two\nlines"'),
        row("2", "01/02/2003", pko="yes"),  # starts on line 4: the comment above spans two
        row("3", "2000-01-01", ended="maybe", pa_type="7"),
    )
    with pytest.raises(DataError) as exc:
        read_agreements(p)
    msgs = exc.value.problems
    assert f"{p}:4: pa_date: '01/02/2003' is not a date (YYYY-MM-DD)" in msgs
    assert any(m.startswith(f"{p}:4: pko: 'yes'") for m in msgs)
    assert any(m.startswith(f"{p}:5: ended:") for m in msgs)
    assert any(m.startswith(f"{p}:5: pa_type:") for m in msgs)


def test_missing_columns_size_limit_and_duplicates(tmp_path, monkeypatch):
    p = tmp_path / "x.csv"
    p.write_text("paid,pa_date\n1,2000-01-01\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        read_agreements(p)
    q = write(tmp_path, row("1", "2000-01-01"), row("1", "2001-01-01"))
    with pytest.raises(DataError, match="repeats line 2"):
        read_agreements(q)
    monkeypatch.setattr(ucdp_mod, "MAX_BYTES", 100)
    with pytest.raises(DataError, match="over the limit"):
        read_agreements(q)
    with pytest.raises(DataError, match="over the limit"):
        read_agreements(q.read_bytes())


def test_bytes_and_path_agree_and_env_var(tmp_path, monkeypatch):
    text = synthetic_csv(60, seed=3)
    p = tmp_path / "s.csv"
    p.write_text(text, encoding="utf-8")
    a, b = read_agreements(p), read_agreements(text.encode())
    assert a.table.drop(columns="paid").equals(b.table.drop(columns="paid")) and b.file == "upload"
    monkeypatch.setenv("RIPENESS_UCDP", str(p))
    assert data_path(None) == p and data_path("other.csv").name == "other.csv"
    monkeypatch.delenv("RIPENESS_UCDP")
    assert data_path(None) is None


# ---------------------------------------------------------------------------------------------
# The Cox model on data with a known proportional-hazards truth.
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    p = tmp_path_factory.mktemp("ucdp") / "synthetic.csv"
    # truth: pko halves the hazard, a ceasefire doubles it, the rest are 1 (with seed 12 every
    # 95% interval of the fit covers its truth; 1 in 20 need not, for another seed)
    p.write_text(synthetic_csv(1500, seed=12, hr={"pko": 0.5, "cease": 2.0}), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def fitted(synthetic):
    return empirical_durability(synthetic)


def test_cox_recovers_the_hazard_ratios_of_the_simulation(fitted):
    e = fitted
    hr = e.cox.hazard_ratios
    for cov, truth in (("pko", 0.5), ("cease", 2.0), ("withd", 1.0), ("pa_3rd", 1.0)):
        assert hr[cov].low < truth < hr[cov].high, (cov, hr[cov])
    assert hr["pko"].hr == pytest.approx(math.exp(hr["pko"].coef))
    assert e.deterrence("pko") == pytest.approx(
        {"value": 1 - hr["pko"].hr, "low": 1 - hr["pko"].high, "high": 1 - hr["pko"].low}
    )
    assert 0.5 < e.cox.in_sample < 1 and 0.5 < e.cox.cross_validated < 1
    d = e.to_dict()
    for key in ("n", "events", "survival", "hazard_ratios", "concordance"):
        assert key in d
    assert set(d["survival"]["all"]) == {"1y", "2y", "5y", "10y"}
    assert {"pko_1", "pko_0", "pa_type_full", "territory_0"} <= set(d["survival"])
    assert set(d["concordance"]) >= {"in_sample", "cross_validated"}


def test_cross_validation_reproducible_from_the_seed():
    table = read_agreements(synthetic_csv(300, seed=2, hr={"pko": 0.5}).encode()).table
    first = cox_model(table, seed=5)
    again = cox_model(table, seed=5)
    assert first.fold_concordance == again.fold_concordance
    assert first.cross_validated == again.cross_validated
    other = cox_model(table, seed=6)  # other folds: other figures (checked: they differ)
    assert other.fold_concordance != first.fold_concordance


def test_folds_partition_whole_processes():
    procs = np.repeat(np.arange(23).astype(str), 3)
    masks = process_folds(procs, 5, seed=0)
    assert sum(m.astype(int) for m in masks).tolist() == [1] * procs.size
    for m in masks:
        assert m.any()
        assert not set(procs[m]) & set(procs[~m])
    with pytest.raises(ValueError, match="peace processes"):
        process_folds(procs[:6], 5, seed=0)


def test_constant_covariate_left_out(fitted):
    t = fitted.agreements.table.copy()
    t["withd"] = 0
    res = cox_model(t)
    assert "withd" not in res.hazard_ratios and res.dropped == ["withd"]
    assert any("withd does not vary" in n for n in res.notes)


# ---------------------------------------------------------------------------------------------
# The bridge to a scenario.
# ---------------------------------------------------------------------------------------------
def test_implied_deterrence_by_hand():
    # q0 = 0.6, HR = 0.5: q = 1 - 0.4^0.5 = 0.3675445; deterrence = 1 - q/q0 = 0.3874259
    assert implied_deterrence(0.5, 0.6) == pytest.approx(0.3874259, abs=1e-7)
    assert implied_deterrence(0.5, 0.0) == 0.5
    assert implied_deterrence(0.5, 1e-9) == pytest.approx(0.5, abs=1e-6)
    assert implied_deterrence(1.0, 0.6) == pytest.approx(0.0)


def test_deterrence_entries_take_one_or_a_list():
    e1, e2 = SimpleNamespace(issue="a"), SimpleNamespace(issue="b")
    assert deterrence_entries(SimpleNamespace(deterrence=None)) == []
    assert deterrence_entries(SimpleNamespace(deterrence=e1)) == [e1]
    assert deterrence_entries(SimpleNamespace(deterrence=[e1, e2])) == [e1, e2]


EVIDENCE = """
scenario: ev
parties: {A: {}, B: {}}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  g: {options: [none, weak, mid, strong], no_deal: none}
utilities:
  A.gov: {weights: {g: 1}, values: {g: {none: 0, weak: 30, mid: 60, strong: 100}}}
  B.gov: {weights: {g: 1}, values: {g: {none: 100, weak: 70, mid: 40, strong: 0}}}
batna: {A.gov: 0, B.gov: 0}
commitment:
  B:
    breach: 0.6
    within_months: 24
    deterrence:
      issue: g
      values: {none: 0.0, weak: 0.0, mid: {mode: 0.5, low: 0.4, high: 0.6}, strong: 0.97}
      evidence: {weak: pko, mid: pko, strong: pko}
"""


def test_bridge_places_each_value_against_the_interval(fitted):
    e = fitted
    ev = e.deterrence("pko")
    assert ev["low"] < 0.5 < ev["high"] and ev["low"] > 0.0 and ev["high"] < 0.97
    table = deterrence_evidence(_scenario(parse_text(EVIDENCE, "ev.yaml")), e)
    rows = {r.option: r for r in table.rows}
    assert list(rows) == ["none", "weak", "mid", "strong"]
    assert rows["none"].verdict == "no evidence named" and rows["none"].empirical is None
    assert (rows["weak"].verdict, rows["mid"].verdict, rows["strong"].verdict) == (
        "below", "inside", "above",
    )  # fmt: skip
    assert (rows["mid"].low, rows["mid"].high, rows["mid"].breach) == (0.4, 0.6, 0.6)
    hr = e.cox.hazard_ratios["pko"]
    assert rows["mid"].implied["value"] == pytest.approx(implied_deterrence(hr.hr, 0.6))
    # by hand (test_implied_deterrence_by_hand): B's breach q0 = 0.6 (EVIDENCE), a hazard ratio
    # HR turns it into q = 1 - (1 - q0)^HR = 1 - 0.4^HR, so deterrence = 1 - q / q0; the
    # interval's ends come from HR's other ends (a larger HR deters less)
    assert rows["mid"].implied["value"] == pytest.approx(1 - (1 - 0.4**hr.hr) / 0.6)
    assert rows["mid"].implied["low"] == pytest.approx(1 - (1 - 0.4**hr.high) / 0.6)
    assert rows["mid"].implied["high"] == pytest.approx(1 - (1 - 0.4**hr.low) / 0.6)
    assert rows["mid"].implied["low"] < rows["mid"].implied["value"] < rows["mid"].implied["high"]
    assert "civil-war" in table.to_dict()["caveat"]
