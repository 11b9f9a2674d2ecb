"""--save on the commands, and ripeness ledger list/show/diff/verify/export/path."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from ripeness.cli import app

runner = CliRunner()


def run(*args: str, code: int = 0):
    r = runner.invoke(app, list(args))
    assert r.exit_code == code, r.output + str(r.exception)
    return r


@pytest.fixture
def path(tmp_path, monkeypatch):
    p = tmp_path / "ledger.duckdb"
    monkeypatch.setenv("RIPENESS_LEDGER", str(p))
    return p


def test_save_records_each_command(path):
    d = json.loads(run("analyze", "toy", "--save", "--json").stdout)  # stdout stays JSON
    run("analyze", "toy", "--off", "hawks-b", "--set", "war.military_balance=0.5", "--save")
    run("obstacles", "toy", "--save")
    run("montecarlo", "toy", "-n", "200", "--seed", "4", "--save")
    run("assess", "toy", "-p", "north=b", "--save")
    run("analyze", "toy")  # without --save: nothing recorded
    rows = json.loads(run("ledger", "list", "--json").stdout)
    assert [r["command"] for r in rows] == ["analyze", "analyze", "obstacles", "montecarlo",
                                           "assess"]  # fmt: skip
    assert rows[0]["verdict"] == d["verdict"] and rows[0]["gap"] == d["gap"]
    want = {"scenario": "toy", "off": ["hawks-b"], "set": {"war.military_balance": 0.5}}
    assert rows[1]["arguments"] == {**want, "engine": "auto"}
    assert rows[1]["overrides"] == {"war.military_balance": 0.5}
    assert rows[1]["scenario_hash"] != rows[0]["scenario_hash"]  # the content the model read
    assert rows[0]["scenario_hash"] == rows[2]["scenario_hash"]
    assert rows[3]["seed"] == "4" and rows[3]["p_deal"] is not None
    # the recorded P(deal) is what the same command prints (same arguments, same seed)
    printed = json.loads(run("montecarlo", "toy", "-n", "200", "--seed", "4", "--json").stdout)
    assert rows[3]["p_deal"] == printed["p_deal"]
    assert rows[4]["verdict"] == "no deal"
    assert "recorded as entry #6" in run("analyze", "toy", "--save").output


def test_list_show_diff_verify(path):
    run("analyze", "toy", "--save")
    run("analyze", "toy", "--off", "hawks-b", "--save")
    table = run("ledger", "list", "--scenario", "toy-border-war").stdout
    assert "no deal" in table and "deal" in table
    assert json.loads(run("ledger", "list", "--scenario", "nope", "--json").stdout) == []
    shown = json.loads(run("ledger", "show", "2", "--json").stdout)
    assert shown["id"] == 2 and shown["result"]["verdict"] == "deal"
    assert "Entry #2" in run("ledger", "show", "2").stdout
    yaml_text = run("ledger", "show", "1", "--scenario-text").stdout
    assert "scenario: toy-border-war" in yaml_text
    d = json.loads(run("ledger", "diff", "1", "2", "--json").stdout)
    assert d["same_scenario"] is True
    assert {c["path"] for c in d["answers"]} >= {"verdict", "gap"}
    assert "deal" in run("ledger", "diff", "1", "2").stdout
    assert "chain valid" in run("ledger", "verify").stdout
    run("ledger", "show", "9", code=2)


def test_verify_names_the_broken_entry(path):
    for _ in range(3):
        run("analyze", "toy", "--save")
    con = duckdb.connect(str(path))
    con.execute("UPDATE entries SET gap = 0.5 WHERE id = 2")
    con.close()
    r = run("ledger", "verify", code=1)
    assert "broken" in r.stdout and "#2" in r.stdout
    assert json.loads(run("ledger", "verify", "--json", code=1).stdout)["broken_id"] == 2


def test_export_and_overwrite(path, tmp_path):
    run("analyze", "toy", "--save")
    out = tmp_path / "x.json"
    run("ledger", "export", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text())[0]["id"] == 1
    assert "--force" in run("ledger", "export", "--format", "json", "-o", str(out), code=2).output
    run("ledger", "export", "--format", "json", "-o", str(out), "--force")
    run("ledger", "export", "--format", "xml", "-o", str(tmp_path / "y"), code=2)


def test_ledger_option_and_path(path, tmp_path):
    other = tmp_path / "other.duckdb"
    run("analyze", "toy", "--save", "--ledger", str(other))
    assert not path.exists() and other.exists()
    assert run("ledger", "path").stdout.strip() == str(path)
    assert run("ledger", "path", "--ledger", str(other)).stdout.strip() == str(other)
    assert len(json.loads(run("ledger", "list", "--ledger", str(other), "--json").stdout)) == 1


def test_newer_ledger_refused_with_a_clear_message(path):
    run("analyze", "toy", "--save")
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    r = run("analyze", "toy", "--save", code=2)
    assert "schema version 7" in r.output and "upgrade ripeness" in r.output
    assert "schema version 7" in run("ledger", "list", code=2).output


def test_default_path_is_the_user_data_folder(monkeypatch, tmp_path):
    import platformdirs

    from ripeness import ledger

    monkeypatch.delenv("RIPENESS_LEDGER", raising=False)
    want = platformdirs.user_data_path("ripeness", appauthor=False) / "ledger.duckdb"
    assert ledger.resolve() == want == ledger.default_path()
    assert ledger.resolve(tmp_path / "x") == tmp_path / "x"


def test_cases_save_records_one_entry_per_snapshot(path):
    d = json.loads(run("cases", "korea-1952-12", "korea-1953-07", "-n", "20", "--save",
                       "--json").stdout)  # fmt: skip
    rows = json.loads(run("ledger", "list", "--json").stdout)
    assert [(r["command"], r["scenario"]) for r in rows] == [
        ("cases", "korea-1952-12"),
        ("cases", "korea-1953-07"),
    ]
    # each entry holds its snapshot's row as `ripeness cases` printed it
    for r, snap in zip(rows, d["snapshots"], strict=True):
        assert r["verdict"] == snap["verdict"] and r["p_deal"] == snap["p_deal"]
