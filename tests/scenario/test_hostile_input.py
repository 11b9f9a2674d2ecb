"""The YAML loader, strict numbers and limits against hostile input (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app
from ripeness.scenario import ScenarioError, parse_text
from ripeness.scenario.overrides import OverrideError, parse_value, split_path
from ripeness.scenario.yamlio import MAX_FILE_BYTES, load_yaml
from ripeness.scenario.yamlload import MAX_DEPTH, MAX_NODES

TOY = (Path(__file__).parents[2] / "src/ripeness/scenarios/toy.yaml").read_text("utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        load_yaml(text, "f.yaml")
    return [str(p) for p in e.value.problems]


# --- plain data only -----------------------------------------------------------------------------


def test_core_schema_scalars():
    # YAML 1.2 core schema as ruamel.yaml reads it (hand-checked against ruamel.yaml 0.19):
    # 010 is ten, 0o10 eight, 0x1F thirty-one, 1_000 a thousand, yes a string, a date as text
    text = "a: [010, 0o10, 0x1F, 0b11, 1_000, 1e3, .5, -0, yes, 'no', ~, True, 2024-01-05]\n"
    data, pos = load_yaml(text)
    assert data == {
        "a": [10, 8, 31, 3, 1000, 1000.0, 0.5, 0, "yes", "no", None, True, "2024-01-05"]
    }
    assert pos[("a", 12)] == (1, text.index("2024") + 1)
    assert load_yaml("a: !!str 3\nb: !!float 1\nc: ! 5\nd: !!int '7'\n")[0] == {
        "a": "3",
        "b": 1.0,
        "c": "5",
        "d": 7,
    }


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: 1\nb: !!python/object/apply:os.system [ls]\n", "f.yaml:2:4:", "!!python/object"),
        ("a: !!binary aGk=\n", "f.yaml:1:4:", "!!binary"),
        ("a: !foo bar\n", "f.yaml:1:4:", "!foo"),
        ("a: !!omap [{x: 1}]\n", "f.yaml:1:4:", "!!omap"),
        ("a: !!set {x, y}\n", "f.yaml:1:4:", "!!set"),
        ("%TAG !e! tag:e.com,2000:\n---\na: !e!x 1\n", "f.yaml:3:4:", "tag:e.com"),
        ("%YAML 1.1\n---\na: yes\n", "f.yaml:1:1:", "YAML 1.2"),
        ("a: !!float abc\n", "f.yaml:1:4:", "!!float"),
        ("a: !!int 1.5\n", "f.yaml:1:4:", "!!int"),
        ("a:\n  b: .nan\n", "f.yaml:2:6: a.b:", "finite"),
        ("a: [1, -.inf]\n", "f.yaml:1:8: a.1:", "finite"),
        ("a: 1e999\n", "f.yaml:1:4:", "finite"),
        ("a: " + "9" * 400 + "\n", "f.yaml:1:4:", "too large"),
        ("a: 2024-02-30\n", "f.yaml:1:4:", "date"),
        ('a: "\\ud800"\n', "f.yaml:1:", "Unicode"),
        ("1: x\n'1': y\n", "f.yaml:2:1: 1:", "duplicate key '1' (first at line 1)"),
        ("a: 1\na: 2\n", "f.yaml:2:1:", "duplicate"),
        ("? [a]\n: 1\n", "f.yaml:1:3:", "plain value"),
        ("b: &b {x: 1}\nc:\n  <<: *b\n", "f.yaml:3:3:", "merge"),
        ("a: *nowhere\n", "f.yaml:1:4:", "no anchor"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1:", "more than one"),
        ("a: [1, 2\n", "f.yaml:2:1:", "flow sequence"),
        ("a: \x01\n", "f.yaml:1:4:", "not allowed"),
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "f.yaml:1:", "nest"),
        ("a: " + "[" * 100_000 + "\n", "f.yaml:1:", "nest"),
    ],
)
def test_refused_with_a_located_message(text, where, words):
    found = problems(text)
    assert any(p.startswith(where) and words in p for p in found), found


def test_aliases_are_copies_with_positions():
    data, pos = load_yaml("a: &x {b: [1, 2]}\nc: *x\n")
    assert data == {"a": {"b": [1, 2]}, "c": {"b": [1, 2]}}
    assert data["a"] is not data["c"] and data["a"]["b"] is not data["c"]["b"]
    assert pos[("c", "b", 1)] == pos[("a", "b", 1)] == (1, 15)


def test_every_problem_is_reported_not_just_the_first():
    found = problems("a: .nan\nb: !foo x\nc: 1\nc: 2\n")
    assert [p.split(":")[1] for p in found] == ["1", "2", "4"]


def test_billion_laughs_is_refused_before_expansion():
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9)
    )
    start = time.perf_counter()
    found = problems(bomb)
    assert time.perf_counter() - start < 5
    assert any(f"more than {MAX_NODES:,} YAML nodes" in p for p in found)


# --- strict, finite numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("threshold: 0.5", "threshold: true"),
        ("threshold: 0.5", "threshold: '0.5'"),
        ("horizon_months: 24", "horizon_months: 24.0e12"),
        ("sucker_cost: {A.gov: 10", "sucker_cost: {A.gov: '10'"),
        ("military_balance: {mode: 0.0", "military_balance: {mode: false"),
        ("martial_law: true", "martial_law: 'yes'"),
    ],
)
def test_no_bool_or_string_where_a_number_belongs(old, new):
    assert old in TOY
    with pytest.raises(ScenarioError) as e:
        parse_text(TOY.replace(old, new, 1), "toy.yaml")
    line = TOY[: TOY.index(old)].count("\n") + 1
    assert any(p.line == line for p in e.value.problems), e.value


def test_overrides_are_finite_and_strict(toy):
    for bad in (float("nan"), float("inf"), True, "3", 1e13):  # the message names the --set
        with pytest.raises(ScenarioError, match=r"--set war\.horizon_months"):
            toy.with_overrides({"war.horizon_months": bad})
    for bad in (float("nan"), -float("inf"), 1e13):  # a sourced number: becomes {value: bad}
        with pytest.raises(ScenarioError, match=r"from --set war\.military_balance"):
            toy.with_overrides({"war.military_balance": bad})


def test_all_zero_weights_without_bundles_are_refused():
    text = textwrap.dedent("""
        scenario: zero
        parties: {A: {}, B: {}}
        actors:
          A.gov: {party: A, role: principal}
          B.gov: {party: B, role: principal}
        issues:
          x: {options: [a, b], no_deal: a}
        utilities:
          A.gov: {weights: {x: 1}, values: {x: {a: 0, b: 100}}}
          B.gov: {weights: {x: 0}, values: {x: {a: 100, b: 0}}}
        batna: {A.gov: 0, B.gov: 0}
    """)
    with pytest.raises(ScenarioError, match=r":11:\d+: utilities\.B\.gov\.weights: every weight"):
        parse_text(text, "zero.yaml")
    with_bundle = text.replace("{x: {a: 100, b: 0}}}", "{x: {a: 100, b: 0}},\n" + " " * 12 +
                               "bundles: [{when: {x: [a]}, value: 50}]}")  # fmt: skip
    assert parse_text(with_bundle).spec.utilities["B.gov"].bundles


def test_joint_war_outcomes_over_the_model_limit_are_refused():
    from ripeness.model.war import MAX_JOINT_OUTCOMES as MODEL_LIMIT
    from ripeness.scenario.validate import MAX_JOINT_OUTCOMES

    assert MAX_JOINT_OUTCOMES == MODEL_LIMIT
    fronts = "".join(
        f"  front{k}: {{options: [x, y], no_deal: x, war: [x, y]}}\n" for k in range(21)
    )
    controls = "".join(f"    front{k}: {{intercept: 0}}\n" for k in range(21))
    text = TOY.replace("\nissues:\n", "\nissues:\n" + fronts, 1).replace(
        "  control:  ", "  control:\n" + controls + "  #", 1
    )
    r = _validate(text)
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit))
    # 2 ** 23: the toy's own two territories have two war outcomes each
    assert ": war: the territories' war outcomes combine into 8,388,608 joint" in r.output


def _validate(text: str, tmp: Path | None = None) -> object:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "toy.yaml"
        p.write_text(text, encoding="utf-8")
        return CliRunner().invoke(app, ["validate", str(p)])


def test_timeline_paths_are_checked_when_read():
    text = TOY + '\ntimeline:\n  - {date: "2024-02", set: {war.horizon: 1}}\n'
    with pytest.raises(ScenarioError) as e:
        parse_text(text, "toy.yaml")
    (p,) = e.value.problems
    assert (p.line, p.path) == (TOY.count("\n") + 3, "timeline.0.set.war.horizon")
    assert "unknown field 'horizon'" in p.message
    ok = TOY + '\ntimeline:\n  - {date: "2024-02", set: {war.military_balance: 0.5}}\n'
    assert parse_text(ok).spec.timeline[0].set == {"war.military_balance": 0.5}


# --- --set -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["[1", "!foo bar", "*a", "{a: 1}", ".inf", "!!python/name:os.x"])
def test_set_values_must_be_plain_yaml_scalars(text):
    with pytest.raises(OverrideError):
        parse_value(text)


def test_long_set_paths_and_values_are_fast(toy):
    start = time.perf_counter()
    for path in ("a." * 4000 + "b", "x" * 100_000, "war." + "x" * 1000):
        with pytest.raises(OverrideError, match="path of more than"):
            split_path(toy.data, path)
    assert time.perf_counter() - start < 5  # was > 100 s (cubic splitting)
    assert split_path(toy.data, "war.cost_per_month.B.hawks") == [
        "war",
        "cost_per_month",
        "B.hawks",
    ]
    start = time.perf_counter()
    r = CliRunner().invoke(app, ["analyze", "toy", "--set", "title=" + "t" * 100_000, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["title"] == "t" * 100_000
    assert time.perf_counter() - start < 5


def test_a_100_kb_title_is_shown_fast_and_markup_is_not_rendered(tmp_path):
    for title in ("x" * 100_000, "[bold]x[/] [/] :100:"):
        p = tmp_path / "t.yaml"
        p.write_text(TOY.replace("title: Arland", f"title: '{title}' #", 1), encoding="utf-8")
        start = time.perf_counter()
        r = CliRunner().invoke(app, ["analyze", str(p)])
        assert time.perf_counter() - start < 5  # was 53 s of text wrapping
        assert r.exit_code == 0, r.output
    assert "[bold]x[/] [/] :100:" in r.output


# --- limits --------------------------------------------------------------------------------------


@pytest.mark.parametrize("items", [2_490_000, MAX_NODES - 2_000], ids=["refused", "loaded"])
def test_a_file_just_under_the_size_limit_is_cheap(items, tmp_path):
    """Refused (too many nodes) or loaded in under 10 s and 1 GB (was 98 s and 2.5 GB)."""
    body = TOY + "metadata:\n  many: [" + ",".join(["0"] * items) + "]\n"
    path = tmp_path / "big.yaml"
    path.write_text(body, encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    code = textwrap.dedent(f"""
        import resource, sys, time
        from ripeness.scenario import ScenarioError, read_scenario
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        try:
            read_scenario({str(path)!r}); verdict = "loaded"
        except ScenarioError as e:
            verdict = str(e.problems[0])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
        print(time.perf_counter() - t, rss * 1024, verdict)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    seconds, grown, verdict = r.stdout.split(" ", 2)
    assert float(seconds) < 10 and int(grown) < 1e9, r.stdout
    if items > MAX_NODES:
        assert f"more than {MAX_NODES:,} YAML nodes" in verdict and "big.yaml:" in verdict
    else:
        assert verdict.strip() == "loaded"


def test_packaged_scenarios_still_load():
    for name in ripeness.packaged_scenarios():
        assert ripeness.load(name).id
