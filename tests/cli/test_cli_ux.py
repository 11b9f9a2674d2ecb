"""The command line as a new user meets it: at 80 columns, in pipes, in four formats."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app
from ripeness.scenario.yamlio import dump_yaml, load_yaml

runner = CliRunner()
COLS = {"COLUMNS": "80"}
TOY = (Path(ripeness.__file__).parent / "scenarios" / "toy.yaml").read_text()


def run(*args: str, code: int = 0, env: dict[str, str] | None = COLS):
    r = runner.invoke(app, [str(a) for a in args], env=env)
    assert r.exit_code == code, r.output + repr(r.exception)
    return r


def narrow(text: str, width: int = 80) -> None:
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert not too_long, too_long


def _commands():
    def walk(c, prefix):
        for name, sub in getattr(c, "commands", {}).items():
            yield [*prefix, name]
            yield from walk(sub, [*prefix, name])

    return list(walk(typer.main.get_command(app), []))


# --- 7. conventions ------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", _commands(), ids=" ".join)
def test_help_has_human_metavars_at_80_columns(cmd):
    out = run(*cmd, "--help").output
    narrow(out)
    # no type placeholders (<str>, <list[str]>, <bool>, <float,float>...), no nan defaults
    assert not re.findall(r"<(?:str|int|float|bool|path|list\[[^>]*\]|float,float)[^>]*>", out)
    assert "default: nan" not in out and "Example" in out


def test_version_and_completion():
    assert run("--version").stdout.strip() == f"ripeness {ripeness.__version__}"
    top = run("--help").output
    assert "--install-completion" in top and "--show-completion" in top
    from ripeness.cli._app import _complete_scenario

    assert "toy" in _complete_scenario("to")


def test_usage_errors_are_one_plain_line_in_a_pipe():
    r = run("analyze", "--bogus", code=2)
    assert "Error: No such option: --bogus" in r.output and "╭" not in r.output


def test_seed_drawn_short_and_reproducible():
    r = run("montecarlo", "toy", "-n", "200", "--json")
    m = re.search(r"seed (\d+) \(drawn; --seed \1 repeats this run\)", r.stderr)
    assert m and int(m[1]) < 10**8
    first = json.loads(r.stdout)
    again = json.loads(run("montecarlo", "toy", "-n", "200", "--seed", m[1], "--json").stdout)
    assert first["seed"] == int(m[1]) and again["p_deal"] == first["p_deal"]
    assert "drawn" not in run("montecarlo", "toy", "-n", "200", "--seed", "3", "--json").stderr


def test_overwrite_rule_is_force_everywhere(tmp_path):
    target = tmp_path / "exists.yaml"
    target.write_text("keep me")
    attempts = [
        ("init", target),
        ("schema", "-o", target),
        ("schema", "--markdown", "-o", target),
        ("report", "toy", "-o", target),
        ("import-genius", target, target, "-o", target),
    ]
    for args in attempts:
        r = run(*args, code=2)
        assert "exists" in r.output and "--force" in r.output, args
        assert target.read_text() == "keep me"
    folder = tmp_path / "genius"
    run("export-genius", "toy", "-o", folder)
    assert "--force" in run("export-genius", "toy", "-o", folder, code=2).output
    run("export-genius", "toy", "-o", folder, "--force")
    run("schema", "-o", target, "--force")
    assert json.loads(target.read_text())["title"] == "ripeness scenario"


# --- 3. starting a scenario -----------------------------------------------------------------


def test_init_copies_a_packaged_scenario_with_its_comments(tmp_path):
    out = tmp_path / "my war.yaml"
    r = run("init", out)
    assert "wrote" in r.stderr
    text = out.read_text()
    assert "scenario: my-war\n" in text and "toy-border-war" not in text
    # every comment of the toy survives the copy
    comments = [line.split("#", 1)[1] for line in TOY.splitlines() if "#" in line]
    assert all(c in text for c in comments)
    assert "DESIGN.md" not in text
    assert ripeness.load(str(out)).id == "my-war"
    run("init", tmp_path / "ru.yaml", "--from", "russia-ukraine-2024")
    assert ripeness.load(str(tmp_path / "ru.yaml")).id == "ru"
    r = run("init", tmp_path / "x.yaml", "--from", "nowhere", code=2)
    assert "toy" in r.output and "russia-ukraine-2024" in r.output


def test_params_lists_every_settable_number():
    d = json.loads(run("params", "toy", "--json").stdout)
    by = {p["path"]: p for p in d["params"]}
    # the toy writes war.military_balance as {mode: 0.0, low: -1.0, high: 1.0, source: judgement}
    mb = by["war.military_balance"]
    assert (mb["value"], mb["low"], mb["high"], mb["kind"], mb["source"]) == (
        0.0, -1.0, 1.0, "triangular", "judgement"
    )  # fmt: skip
    assert by["constitutions.A.override.threshold"]["kind"] == "default"  # not written: 0.5
    assert by["electorates.A.public.mu"]["kind"] == "fitted"
    assert by["flags.martial_law"]["kind"] == "flag"
    assert not [p for p in by if ".calibration." in p]  # poll shares are not --set-able
    for path in by:  # every path listed is one --set takes
        if by[path]["kind"] != "flag":
            ripeness.analyze("toy", overrides={path: by[path]["value"]})
    only = json.loads(run("params", "toy", "--uncertain", "--json").stdout)["params"]
    assert {p["path"] for p in only} == {"war.military_balance", "commitment.B.breach"}


def test_format_reference_and_editor_help():
    from ripeness.scenario.formatdoc import format_reference

    assert run("schema", "--markdown").stdout == format_reference()
    schema = json.loads(run("schema").stdout)
    props = schema["$defs"]["War"]["properties"]
    assert all(v.get("description") for v in props.values())


def test_no_user_facing_text_points_at_design_md(tmp_path):
    texts = [run(*cmd, "--help").output for cmd in _commands()]
    texts += [run("schema").stdout, run("schema", "--markdown").stdout]
    texts += [ripeness.scenario.scenario.packaged_text(n) for n in ripeness.packaged_scenarios()]
    assert not [t for t in texts if "DESIGN.md" in t]


# --- 2. tables at 80 columns and in pipes ---------------------------------------------------


def test_ids_whole_at_80_columns():
    obs = run("obstacles", "toy").stdout
    narrow(obs)
    for o in ripeness.load("toy").obstacle_ids:
        assert re.search(rf"(^|\s){re.escape(o)}(\s|$)", obs, re.M), o
    assert "…" not in obs
    # the empty "blocks alone" column is dropped, and said
    assert "blocks alone: none" in obs
    packages = run("analyze", "toy", "--off", "hawks-b").stdout
    narrow(packages)
    assert "smorodinsky" in packages and "utilitarian" in packages and "…" not in packages


def test_wide_tables_fall_back_to_two_lines_per_row():
    out = run("sensitivity").stdout
    narrow(out)
    paths = [p["param"] for p in ripeness.sensitivity().to_dict()["parameters"][:15]]
    lines = out.splitlines()
    assert all(p in lines for p in paths)  # each path on a line of its own, whole


def test_in_a_pipe_each_row_is_one_line():
    out = run("params", env={"COLUMNS": None}).stdout  # type: ignore[dict-item]  # no COLUMNS: no wrap
    want = next(
        p for p in json.loads(run("params", "--json").stdout)["params"]
        if p["path"] == "commitment.RU.breach"
    )  # fmt: skip
    row = next(line for line in out.splitlines() if "commitment.RU.breach " in line)
    assert f"{want['low']:.4g} .. {want['high']:.4g}" in row and want["kind"] in row
    assert want["source"] in row


@pytest.mark.parametrize(
    "args",
    [
        ("analyze",),
        ("assess", "toy", "-p", "north=a"),
        ("durability", "toy"),
        ("montecarlo", "toy", "-n", "100", "--seed", "1"),
        ("timeline", "-n", "0"),
        ("params", "toy"),
        ("scenarios",),
        ("levers", "toy", "--param", "war.military_balance"),
    ],
    ids=lambda a: a[0],
)
def test_every_table_fits_80_columns(args):
    narrow(run(*args).stdout)


def test_formats_csv_md_json():
    d = json.loads(run("obstacles", "toy", "--json").stdout)
    assert d == json.loads(run("obstacles", "toy", "--format", "json").stdout)
    rows = list(csv.reader(io.StringIO(run("obstacles", "toy", "--format", "csv").stdout)))
    assert rows[0] == ["obstacle", "title", "off alone", "g* off alone", "blocks alone", "Shapley"]
    shapley = {r[0]: float(r[5]) for r in rows[1:]}
    assert shapley == pytest.approx(d["shapley"], rel=0, abs=0)  # full precision in CSV
    md = run("obstacles", "toy", "--format", "md").stdout
    assert "| obstacle | title |" in md and "NO DEAL" in md and "[bold" not in md
    # several tables: each after a `# title` line
    multi = run("analyze", "toy", "--format", "csv").stdout
    assert multi.startswith("# Packages\nissue,nearest compromise\n")
    assert "\n\n# How each actor sees the nearest compromise\nactor,role," in multi
    grid = list(csv.reader(io.StringIO(run(
        "sweep", "toy", "--x", "war.military_balance", "--y", "commitment.B.breach",
        "--points", "3", "--format", "csv").stdout)))  # fmt: skip
    assert grid[0] == ["war.military_balance", "commitment.B.breach", "deal", "g*"]
    assert len(grid) == 1 + 9


# --- 1. plain-word errors on the command line -----------------------------------------------


def test_command_line_mistakes_in_words():
    r = run("analyze", "--set", "war.military_balance=abc", code=2)
    assert "--set war.military_balance: abc is not a number" in r.output
    r = run("levers", "--param", "war.balance", code=2)
    assert "'war.balance' does not exist (did you mean `war.military_balance`?)" in r.output
    r = run("analyze", "--off", "electorate-x", code=2)
    assert "did you mean `electorate-ua`?" in r.output
    for o in ripeness.load().obstacle_ids:
        assert o in r.output


def test_problem_lines_never_wrapped(tmp_path):
    bad = tmp_path / ("a-rather-long-folder-name-" * 3) / "war.yaml"
    bad.parent.mkdir()
    text = TOY.replace("obstacle: electorate-a}", "obstacle: electorat-a}").replace(
        "horizon_months: 24", "horizon_months: twenty-four"
    )
    bad.write_text(text)
    r = run("validate", bad, code=2, env={"COLUMNS": "40"})
    lines = r.stderr.splitlines()
    assert len(lines) == 3 and lines[-1] == "2 problem(s)"
    assert all(line.startswith(f"{bad}:") for line in lines[:2])
    rows = list(csv.reader(io.StringIO(run("validate", bad, "--format", "csv", code=2).stdout)))
    assert rows[0] == ["file", "line", "col", "field", "message"] and len(rows) == 3


# --- diff -----------------------------------------------------------------------------------


def test_diff_says_what_changed_and_what_it_does(tmp_path):
    data, _ = load_yaml(TOY)
    new = copy.deepcopy(data)
    for block in (new["actors"], new["utilities"], new["war"]["cost_per_month"]):
        del block["B.hawks"]
    new["commitment"]["B"]["breach"]["mode"] = 0.5
    path = tmp_path / "no-hawks.yaml"
    path.write_text(dump_yaml(new))
    d = json.loads(run("diff", "toy", path, "--json").stdout)
    changes = {c["path"]: c for c in d["scenario"]}
    assert changes["commitment.B.breach.mode"]["kind"] == "number"
    assert changes["actors.B.hawks"]["change"] == "removed"
    before, after = ripeness.analyze("toy"), ripeness.analyze(str(path))
    assert (d["before"]["verdict"], d["after"]["verdict"]) == (before.verdict, after.verdict)
    assert d["after"]["gap"] == pytest.approx(after.gap)
    answers = {c["path"]: c for c in d["answers"]}
    assert answers["verdict"]["old"] == "no deal" and answers["verdict"]["new"] == "deal"
    assert answers["rejected_by"]["change"] == "removed"  # B.hawks no longer rejects
    table = run("diff", "toy", path).stdout
    narrow(table)
    assert "What it does to the answers" in table and "changed" in table
