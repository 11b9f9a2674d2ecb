"""Every command through typer's CliRunner; every command documented."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app

runner = CliRunner()


def run(*args: str, code: int = 0):
    r = runner.invoke(app, list(args))
    assert r.exit_code == code, r.output + str(r.exception)
    return r


def test_every_command_has_help_and_an_example():
    import typer.main

    cmd = typer.main.get_command(app)
    assert cmd.commands  # type: ignore[attr-defined]
    for name, sub in cmd.commands.items():  # type: ignore[attr-defined]
        assert sub.help and "Example" in sub.help, f"{name} is undocumented"
        run(name, "--help")


def test_analyze_json_keys():
    d = json.loads(run("analyze", "toy", "--json").stdout)
    for key in ("verdict", "zopa_size", "gap", "nearest_compromise", "rejected_by", "batna"):
        assert key in d
    assert d["verdict"] == "no deal" and "solutions" not in d
    d = json.loads(run("analyze", "toy", "--off", "hawks-b", "--json").stdout)
    assert d["verdict"] == "deal"
    assert set(d["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert set(d["solution_utilities"]["nash"]) == {"A.gov", "B.gov"}


def test_analyze_set_and_table_output():
    r = run(
        "analyze", "toy", "--set", "commitment.B.breach=0.0", "--set", "war.military_balance=0.5"
    )
    # the table reports what the library says for the same question (the CLI is a thin layer)
    want = ripeness.analyze(
        "toy", overrides={"commitment.B.breach": 0.0, "war.military_balance": 0.5}
    )
    assert want.verdict.upper() in r.stdout and f"{want.gap:.3f}" in r.stdout
    assert ("NO DEAL" in r.stdout) == (want.verdict == "no deal")
    d = json.loads(run("analyze", "toy", "--set", "war.military_balance=0.5", "--json").stdout)
    assert d["overrides"] == {"war.military_balance": 0.5}


def test_bad_input_exit_codes(tmp_path):
    r = run("analyze", "toy", "--off", "nope", code=2)
    assert "unknown obstacle" in r.output
    run("analyze", "toy", "--set", "war.military_balance", code=2)
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: x\nparties: {A: {}}\nactors: {}\nissues: {}\nutilities: {}\n")
    r = run("validate", str(bad), code=2)
    assert "bad.yaml:" in r.output
    d = json.loads(run("validate", str(bad), "--json", code=2).stdout)
    assert d["valid"] is False and d["problems"][0]["line"] >= 1


def test_obstacles_json_keys():
    d = json.loads(run("obstacles", "toy", "--json").stdout)
    for key in ("single", "sufficient_to_block", "minimal_unblocking_sets", "shapley"):
        assert key in d
    assert ["hawks-b"] in d["minimal_unblocking_sets"]


def test_levers_and_durability():
    d = json.loads(
        run(
            "levers",
            "toy",
            "--param",
            "commitment.B.breach",
            "--range",
            "0",
            "1",
            "--off",
            "electorate-a",
            "--json",
        ).stdout
    )
    want = ripeness.levers("toy", "commitment.B.breach", (0, 1), ["electorate-a"])
    assert d["threshold"] == want.threshold and d["direction"] == want.direction
    d = json.loads(
        run(
            "levers", "toy", "--param", "war.military_balance", "--range", "-3", "3", "--json"
        ).stdout
    )
    assert d["threshold"] is None
    assert (
        "none in range"
        in run("levers", "toy", "--param", "war.military_balance", "--range", "-3", "3").stdout
    )
    d = json.loads(run("durability", "toy", "-p", "guarantees=none", "--json").stdout)
    assert d["breach_probability"] == pytest.approx(0.6)
    assert set(d["survival"]) == {"1", "2", "5", "10"}
    # toy: q = .6 within the default window (the 24-month horizon): S(2 years) = .4
    assert d["survival"]["2"] == pytest.approx(0.4)
    run("durability", "toy", "-p", "guarantees=nope", code=2)


def test_assess_validate_schema_scenarios(tmp_path):
    d = json.loads(run("assess", "toy", "-p", "north=a", "--json").stdout)
    assert "B.gov" in d["actors"]
    assert "valid" in run("validate", "toy").stdout
    out = tmp_path / "s.json"
    run("schema", "-o", str(out))
    assert json.loads(out.read_text())["title"] == "ripeness scenario"
    assert "toy" in run("scenarios").stdout


def test_sweep_map():
    d = json.loads(
        run(
            "sweep",
            "toy",
            "--x",
            "war.military_balance",
            "--y",
            "commitment.B.breach",
            "--x-range",
            "-2",
            "2",
            "--y-range",
            "0",
            "1",
            "--points",
            "5",
            "--off",
            "hawks-b",
            "--json",
        ).stdout
    )
    assert len(d["deal"]) == 5 and len(d["deal"][0]) == 5
    assert any(any(r) for r in d["deal"]) and not all(all(r) for r in d["deal"])
    out = run(
        "sweep", "toy", "--x", "war.military_balance", "--y", "commitment.B.breach", "--points", "3"
    ).stdout
    assert "'#' = deal" in out


def test_help_starts_without_heavy_imports():
    import subprocess
    import sys

    code = (
        "import sys, ripeness.cli; "
        "print(','.join(m for m in ('scipy', 'pydantic', 'ortools', 'plotly', 'streamlit', 'dask') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
