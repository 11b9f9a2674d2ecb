"""The app's durability tab with the UCDP data (optional): from $RIPENESS_UCDP or an upload."""

from __future__ import annotations

import pytest

pytest.importorskip("lifelines")

from ripeness.analysis.empirical import DataError
from ripeness.app import APP_PATH, state, text
from ripeness.testing.ucdp import synthetic_csv


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("ucdp") / "pa.csv"
    p.write_text(synthetic_csv(200, seed=9), encoding="utf-8")
    return p


def test_source_and_limits(monkeypatch, data_file):
    monkeypatch.delenv("RIPENESS_UCDP", raising=False)
    assert state.empirical_source() is None
    monkeypatch.setenv("RIPENESS_UCDP", str(data_file))
    assert state.empirical_source() == str(data_file)
    toy = state.load_text(state.packaged_text("toy"), "toy.yaml")
    with pytest.raises(DataError, match="over the limit"):
        state.empirical_of(toy, b"x" * (state.MAX_DATA_BYTES + 1), "big.csv")
    v = state.empirical_of(toy, data_file.read_bytes(), "up.csv")
    assert v.empirical.agreements.file == "up.csv"
    assert [r["covariate"] for r in text.hazard_rows(v)][:2] == ["pko", "pa_3rd"]
    assert [r["option"] for r in text.evidence_rows(v)] == [
        "guarantees=none", "guarantees=assurances", "guarantees=alliance",
    ]  # fmt: skip


def _durability_tab(monkeypatch, value: str):
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RIPENESS_UCDP", value)
    at = AppTest.from_file(str(APP_PATH), default_timeout=60)
    at.query_params["scenario"] = "toy"
    at.run()
    at.session_state["tab"] = "Durability"
    return at.run()


def test_tab_shows_the_data_from_the_environment(monkeypatch, data_file):
    at = _durability_tab(monkeypatch, str(data_file))
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 2  # the scenario's curves and the data's
    assert any("civil-war" in w.value for w in at.warning)


def test_tab_without_data_and_with_a_bad_file(monkeypatch, tmp_path):
    at = _durability_tab(monkeypatch, "")
    assert not at.exception and len(at.get("plotly_chart")) == 1
    assert any("does not ship the UCDP data" in c.value for c in at.caption)
    bad = tmp_path / "bad.csv"
    bad.write_text("paid\n1\n", encoding="utf-8")
    at = _durability_tab(monkeypatch, str(bad))
    assert not at.exception and any("could not be used" in e.value for e in at.error)
    assert any("missing column" in c.value for c in at.code)
