"""The real UCDP Peace Agreement Dataset v22.1 (../shared; skipped without it).

Counts and survival are pinned at the values measured, and cross-checked against a product-limit
computed here with plain pandas from the raw file (its own reading of the coding rules of
docs/model.md), and against a direct count where nothing is censored before two years.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("lifelines")

from ripeness.analysis.empirical import empirical_durability, kaplan_meier, read_agreements

# as tests/conftest.py's SHARED: ../shared beside the repository
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FILE = "data/ucdp/ucdp-peace-agreements-22.1.csv"
CENSOR = pd.Timestamp("2021-12-31")


@pytest.fixture(scope="module")
def path():
    p = SHARED / FILE
    if not p.is_file():
        pytest.skip(f"../shared/{FILE} is absent (fresh clone)")
    return p


@pytest.fixture(scope="module")
def result(path):
    return empirical_durability(path)


def _independent(path) -> pd.DataFrame:
    """One row per process and signing day, coded from the raw file without ripeness."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    signed = pd.to_datetime(raw["pa_date"])
    ended = raw["ended"] == "True"
    end = pd.to_datetime(raw["duration"].where(raw["duration"] != "", None))
    bad = (ended & (raw["duration"] == "")) | (end < signed)
    df = pd.DataFrame(
        {
            "proc": raw["procID"],
            "signed": signed,
            "event": ended.astype(int),
            "end": end.where(ended, CENSOR),
            "pko": raw["pko"].astype(int),
        }
    )[~bad]
    g = df.groupby(["proc", "signed"], as_index=False).agg(
        event=("event", "max"), end=("end", "min"), pko=("pko", "max")
    )
    g["years"] = (g["end"] - g["signed"]).dt.days / 365.25
    return g


def _product_limit(df: pd.DataFrame, t: float) -> float:
    s = 1.0
    for ti in sorted(df.loc[(df["event"] == 1) & (df["years"] <= t), "years"].unique()):
        at_risk = int((df["years"] >= ti).sum())
        ended = int(((df["years"] == ti) & (df["event"] == 1)).sum())
        s *= 1.0 - ended / at_risk
    return s


def test_counts(path, result):
    a = result.agreements
    assert (a.rows, result.n, result.events) == (374, 338, 116)  # measured
    assert sorted(e.paid for e in a.excluded) == ["1024", "1470", "1471", "1472", "1476", "1478"]
    per_row = read_agreements(path, unit="agreement")
    assert (per_row.n, per_row.events) == (368, 128)  # 374 - 6 excluded
    ind = _independent(path)
    assert (len(ind), int(ind["event"].sum())) == (result.n, result.events)
    assert a.censor_date == dt.date(2021, 12, 31) and a.version == "22.1"


def test_survival_at_two_years(path, result):
    d = result.to_dict()["survival"]
    measured = {"all": 0.7357715248, "pko_1": 0.6977142857, "pko_0": 0.7422351044}
    ind = _independent(path)
    subsets = {"all": ind, "pko_1": ind[ind["pko"] == 1], "pko_0": ind[ind["pko"] == 0]}
    for group, value in measured.items():
        assert d[group]["2y"]["s"] == pytest.approx(value, abs=1e-9), group
        assert d[group]["2y"]["s"] == pytest.approx(_product_limit(subsets[group], 2.0)), group
        assert d[group]["2y"]["low"] < value < d[group]["2y"]["high"]
    assert (result.curves["pko_1"].n, result.curves["pko_1"].events) == (50, 19)


def test_two_year_survival_is_a_plain_share_without_early_censoring(result):
    # signed by 2019-12-31: censored (at 2021-12-31) only after two years, so the
    # Kaplan–Meier S(2) is the share of them that did not end within two years
    t = result.agreements.table
    old = t[t["signed"] <= pd.Timestamp("2019-12-31")]
    share = 1.0 - float(((old["event"] == 1) & (old["years"] <= 2.0)).sum()) / len(old)
    assert kaplan_meier(old["years"], old["event"]).at(2.0)["s"] == pytest.approx(share)
    assert len(old) == 328 and share == pytest.approx(1 - 89 / 328)  # measured


def test_cox_figures_quoted_in_docs(result):
    hr = result.cox.hazard_ratios
    # docs/empirical.md quotes these (measured with lifelines 0.30)
    assert (hr["pko"].hr, hr["pko"].low, hr["pko"].high) == pytest.approx(
        (1.019, 0.596, 1.743), abs=1e-3
    )
    assert (hr["pa_3rd"].hr, hr["pa_3rd"].low, hr["pa_3rd"].high) == pytest.approx(
        (1.685, 0.961, 2.955), abs=1e-3
    )
    assert hr["pa_type_full"].hr == pytest.approx(0.455, abs=1e-3)
    assert result.cox.in_sample == pytest.approx(0.638, abs=1e-3)
    assert result.cox.cross_validated == pytest.approx(0.601, abs=1e-3)
    assert result.cox.ph_violations == ["terr_prov"]
    assert result.civil_share == pytest.approx(315 / 338)
