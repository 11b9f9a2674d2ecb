"""``ripeness durability --empirical`` on a synthetic file in the UCDP format (and the real one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("lifelines")

from ripeness.cli import app
from ripeness.testing.ucdp import synthetic_csv

runner = CliRunner()
# as tests/conftest.py's SHARED: ../shared beside the repository
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def run(*args: str, code: int = 0, env: dict[str, str] | None = None):
    r = runner.invoke(app, list(args), env=env)
    assert r.exit_code == code, r.output + str(r.exception)
    return r


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("ucdp") / "pa.csv"
    p.write_text(synthetic_csv(240, seed=4, hr={"pko": 0.5}), encoding="utf-8")
    return p


def test_json_keys(csv_file):
    d = json.loads(run("durability", "--empirical", "--data", str(csv_file), "--json").stdout)
    for key in ("n", "events", "survival", "hazard_ratios", "concordance", "caveat"):
        assert key in d
    assert set(d["survival"]["all"]) == {"1y", "2y", "5y", "10y"}
    assert {"pko_1", "pko_0"} <= set(d["survival"])
    assert set(d["hazard_ratios"]["pko"]) >= {"hr", "low", "high"}
    assert set(d["concordance"]) >= {"in_sample", "cross_validated"}
    assert "scenario_evidence" not in d


def test_with_a_scenario_and_the_environment_variable(csv_file):
    env = {"RIPENESS_UCDP": str(csv_file)}
    d = json.loads(run("durability", "toy", "--empirical", "--json", env=env).stdout)
    rows = d["scenario_evidence"]["rows"]
    assert [r["option"] for r in rows] == ["none", "assurances", "alliance"]
    assert all(r["verdict"] == "no evidence named" for r in rows)
    out = run("durability", "toy", "--empirical", env=env).stdout
    assert "Cox model" in out and "civil-war" in out and "evidence" in out


def test_seed_changes_only_the_folds(csv_file):
    args = ("durability", "--empirical", "--data", str(csv_file), "--json")
    a = json.loads(run(*args, "--seed", "3").stdout)
    b = json.loads(run(*args, "--seed", "3").stdout)
    c = json.loads(run(*args, "--seed", "4").stdout)
    assert a["concordance"] == b["concordance"]
    assert a["hazard_ratios"] == c["hazard_ratios"]
    assert a["concordance"]["by_fold"] != c["concordance"]["by_fold"]


def test_bad_input(tmp_path, csv_file):
    r = run("durability", "--empirical", code=2, env={"RIPENESS_UCDP": ""})
    assert "--data PATH" in r.output and "RIPENESS_UCDP" in r.output
    bad = tmp_path / "bad.csv"
    lines = csv_file.read_text(encoding="utf-8").split("\n")
    bad.write_text("\n".join(lines).replace(",True,", ",Yes,", 1), encoding="utf-8")
    r = run("durability", "--empirical", "--data", str(bad), code=2)
    assert "bad.csv:" in r.output and "ended" in r.output
    bad.write_text("\n".join(lines).replace(",True,", ",[/x],", 1), encoding="utf-8")
    r = run("durability", "--empirical", "--data", str(bad), code=2)  # shown as written
    assert "'[/x]': expected True, False, 1, 0 or blank" in r.output
    r = run("durability", "--empirical", "--data", str(tmp_path / "none.csv"), code=2)
    assert "none.csv" in r.output
    r = run("durability", "--empirical", "--data", str(csv_file), "--unit", "x", code=2)
    assert "--unit" in r.output


def test_real_file():
    p = SHARED / "data/ucdp/ucdp-peace-agreements-22.1.csv"
    if not p.is_file():
        pytest.skip("../shared is absent (fresh clone)")
    d = json.loads(run("durability", "--empirical", "--data", str(p), "--json").stdout)
    assert (d["n"], d["events"], d["rows"]) == (338, 116, 374)
