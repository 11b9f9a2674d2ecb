"""The report's History section: from ledger rows, and through ripeness report --history."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

import ripeness
from ripeness import ledger
from ripeness.cli import app
from ripeness.report import collect, render_html
from ripeness.report.history import MAX_TABLE_ROWS, history_figure, history_table

ROWS = [
    {"id": 1, "recorded_at": "2024-03-01T09:00:00.000000Z", "scenario": "s", "command": "analyze",
     "verdict": "no deal", "gap": 0.25, "p_deal": None, "scenario_hash": "a" * 64},
    {"id": 2, "recorded_at": "2024-04-01T09:00:00.000000Z", "scenario": "s",
     "command": "montecarlo", "verdict": None, "gap": 0.1, "p_deal": 0.375,
     "scenario_hash": "b" * 64},
    {"id": 3, "recorded_at": "2024-05-01T09:00:00.000000Z", "scenario": "s", "command": "analyze",
     "verdict": "deal", "gap": -0.05, "p_deal": None, "scenario_hash": "<script>" + "c" * 56},
]  # fmt: skip


def test_figure_one_series_per_command():
    fig = history_figure(ROWS)
    names = [tr.name for tr in fig.data]
    assert names == ["g*, analyze", "g*, montecarlo", "P(deal), montecarlo"]
    assert list(fig.data[0].y) == [0.25, -0.05] and list(fig.data[2].y) == [0.375]
    assert list(fig.data[0].marker.color) == ["#d73027", "#1a9850"]  # no deal red, deal green


def test_table_newest_first_and_escaped():
    html = history_table(ROWS)
    assert html.index(">3<") < html.index(">1<")
    assert "37.5%" in html and "<script>" not in html and "&lt;script&gt;" in html
    many = [{**ROWS[0], "id": i} for i in range(MAX_TABLE_ROWS + 5)]
    assert history_table(many).count("<tr>") == MAX_TABLE_ROWS + 1  # plus the header


@pytest.fixture(scope="module")
def data():
    return collect("toy", with_obstacles=False, timeline=False)


def test_section_only_with_history(data):
    assert 'id="history"' not in render_html(data)
    page = render_html(dataclasses.replace(data, history=ROWS, ledger="/x/l.duckdb"))
    assert 'id="history"' in page and "fig-history" in page and "3 recorded assessment" in page


def test_cli_report_history(tmp_path, monkeypatch):
    path = tmp_path / "l.duckdb"
    runner = CliRunner()
    out = tmp_path / "r.html"
    args = ["report", "toy", "--no-obstacles", "-o", str(out), "--ledger", str(path)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "no entries of toy-border-war" in r.output and 'id="history"' not in out.read_text()
    sc = ripeness.load("toy")
    ledger.append(ripeness.analyze(sc), sc, command="analyze", ledger=path)
    monkeypatch.setenv("RIPENESS_LEDGER", str(path))
    args = ["report", "toy", "--no-obstacles", "-o", str(out), "--history", "--force"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    page = out.read_text()
    assert 'id="history"' in page and "1 recorded assessment" in page
