"""ripeness ledger export: CSV, JSON and Parquet, atomic, never overwriting without force."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

import ripeness
from ripeness import ledger


@pytest.fixture
def filled(path, toy):
    ledger.append(ripeness.analyze(toy), toy, command="analyze", ledger=path)
    ledger.append({"p_deal": 0.25, "gap": "inf"}, "russia-ukraine-2024", ledger=path)
    return path


def test_csv(filled, tmp_path):
    out = tmp_path / "x.csv"
    assert ledger.export(out, "csv", ledger=filled) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["command"] == "analyze" and rows[1]["gap"] == "inf"
    assert rows[1]["p_deal"] == "0.25" and rows[0]["p_deal"] == ""
    e = ledger.get(1, ledger=filled)
    assert rows[0]["entry_hash"] == e.entry_hash
    assert rows[0]["scenario_text"] == ledger.scenario_text(e.scenario_hash, ledger=filled)


def test_json_and_one_scenario(filled, tmp_path):
    out = tmp_path / "x.json"
    assert ledger.export(out, "json", ledger=filled, scenario="russia-ukraine-2024") == 1
    (d,) = json.loads(out.read_text(encoding="utf-8"))
    assert d["id"] == 2 and d["result"] == {"p_deal": 0.25, "gap": "inf"}
    assert d["scenario_text"].startswith("{")


def test_parquet(filled, tmp_path):
    out = tmp_path / "x.parquet"
    assert ledger.export(out, "parquet", ledger=filled) == 2
    con = duckdb.connect()
    got = con.execute("SELECT id, verdict, gap FROM read_parquet(?) ORDER BY id",
                      [str(out)]).fetchall()  # fmt: skip
    con.close()
    a = ripeness.analyze("toy")
    assert got == [(1, a.verdict, a.gap), (2, None, float("inf"))]


def test_no_overwrite_without_force_and_no_temp_files(filled, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("keep me\n")
    with pytest.raises(FileExistsError, match="--force"):
        ledger.export(out, "csv", ledger=filled)
    assert out.read_text() == "keep me\n"
    assert ledger.export(out, "csv", ledger=filled, force=True) == 2
    assert out.read_text().startswith("id,")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".x")) == []
    with pytest.raises(ValueError, match="format"):
        ledger.export(tmp_path / "y.xml", "xml", ledger=filled)
    assert not (tmp_path / "y.xml").exists()
