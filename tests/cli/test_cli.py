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
    # regression pin (measured): with B's breach at 0 and the balance at 0.5 one package is in
    # the ZOPA, (frozen, frozen, alliance, lifted), with g* = -0.005366. B.hawks binds, and its
    # shortfall checks by hand: u = (2*80 + 3*80 + 4*0 + 1*100)/10 = 50; at balance .5 North
    # stays frozen with 1 - logistic(-1.5 + 1) = .62246, South goes to A with
    # logistic(0 + 1) = .73106, so d = (2*.62246*80 + 3*.26894*80 + 4*100)/10
    # - 10*.62246*.73106 - .1*24 = 49.463 and (49.463 - 50)/100 = -0.00537
    assert want.verdict == "deal" and want.gap == pytest.approx(-0.005366, abs=1e-6)
    assert "DEAL: 1 package(s) in the ZOPA" in r.stdout and "-g* = 0.005366" in r.stdout
    assert "NO DEAL" not in r.stdout
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
    # regression pin (measured): with electorate-a off, a deal first appears as B's breach
    # falls below 0.5365234 (from 0.6, the toy's mode)
    assert d["threshold"] == pytest.approx(0.5365234375, abs=1e-9)
    assert d["direction"] == "decrease" and d["current"] == 0.6
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
