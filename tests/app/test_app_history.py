"""The app's History tab (streamlit.testing, no browser) and its Streamlit-free logic."""

from __future__ import annotations

import pytest

import ripeness
from ripeness import ledger
from ripeness.app import history

pytest.importorskip("streamlit")
from app_helpers import app_test
from streamlit.testing.v1 import AppTest


@pytest.fixture
def path(tmp_path, monkeypatch):
    p = tmp_path / "ledger.duckdb"
    monkeypatch.setenv("RIPENESS_LEDGER", str(p))
    return p


def _history_app() -> AppTest:
    return app_test("toy", tab="History")


def test_empty_ledger_says_how_to_record(path):
    at = _history_app()
    assert not at.exception, [e.value for e in at.exception]
    assert "No entries of" in at.info[0].value and "--save" in at.info[0].value
    assert not path.exists()  # reading created nothing


def test_history_chart_table_and_diff(path):
    sc = ripeness.load("toy")
    ledger.append(ripeness.analyze(sc), sc, command="analyze", ledger=path)
    moved = sc.with_overrides({"war.military_balance": 0.5})
    ledger.append(ripeness.analyze(moved, ["hawks-b"]), moved, command="analyze", ledger=path)
    at = _history_app()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 1
    table = at.dataframe[-2].value
    assert list(table["entry"]) == [2, 1] and list(table["verdict"]) == ["deal", "no deal"]
    assert (at.selectbox(key="diff_old").value, at.selectbox(key="diff_new").value) == (1, 2)
    assert any("1 number" in m.value for m in at.markdown)
    changes = at.dataframe[-1].value
    assert "war.military_balance" in set(changes["where"])
    assert {"verdict", "gap"} <= set(changes["where"])


def test_record_button_appends_the_view(path):
    at = _history_app()
    at.button(key="record_view").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[-1].value == "Recorded as entry #1."
    (e,) = ledger.entries(ledger=path)
    assert e.command == "app" and e.verdict == "no deal"
    assert ledger.verify(path).ok


def test_logic_without_streamlit(path):
    assert history.ledger_file() == str(path)
    assert history.history_rows("toy-border-war", str(path)) == []
    sc = ripeness.load("toy")
    a = ripeness.analyze(sc, ["hawks-b"])
    n = history.record_view(sc, a, ["hawks-b"], {"commitment.B.breach": 0.0}, str(path))
    e = ledger.get(n, ledger=path)
    assert (
        e.arguments == '{"scenario":"toy.yaml","off":["hawks-b"],"set":{"commitment.B.breach":0.0}}'
    )
    head, rows = history.diff_view(str(path), 1, 1)
    assert head.startswith("The same scenario content") and rows == []
