"""The fuzz corpus (issue 14): every hostile input refused cleanly, valid scenarios accepted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from ripeness.cli import app
from ripeness.scenario.yamlio import dump_yaml
from ripeness.testing.strategies import scenario_data

sys.path.insert(0, str(Path(__file__).parent))
from fuzz_corpus import SEED, corpus, quick, run_case

CASES = corpus(SEED)
QUICK = quick(CASES)
QUICK_IDS = {c.id for c in QUICK}
REST = [c for c in CASES if c.id not in QUICK_IDS]
#: Seconds a case may take ("within a few seconds"; loose: the machine is shared).
LIMIT = 10.0


def test_corpus_covers_every_class():
    assert len(CASES) >= 500
    kinds = {c.kind for c in CASES}
    assert kinds == {"nonfinite", "loose", "tags", "structure", "semantic", "set"}
    assert len({c.id for c in CASES}) == len(CASES)


def _check(case, tmp_path):
    o = run_case(case, tmp_path)
    assert o.status == "refused", f"{case.id}: {o.status}\n{o.output[-2000:]}"
    assert o.exit_code == 2
    assert o.seconds < LIMIT, f"{case.id} took {o.seconds:.1f} s"


@pytest.mark.parametrize("case", QUICK, ids=[c.id for c in QUICK])
def test_hostile_input_is_refused_with_a_located_message(case, tmp_path):
    _check(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", REST, ids=[c.id for c in REST])
def test_hostile_input_is_refused_full_corpus(case, tmp_path):
    _check(case, tmp_path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario_data())
def test_valid_random_scenarios_are_never_refused(data, tmp_path):
    path = tmp_path / "random.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    r = CliRunner().invoke(app, ["validate", str(path)])
    assert r.exit_code == 0, r.output


def _ripeness(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from ripeness.cli import main; sys.argv[0] = 'ripeness'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


@pytest.mark.parametrize(
    "kind", ["tags", "structure", "nonfinite", "set"], ids=lambda k: f"subprocess-{k}"
)
def test_real_process_refuses_cleanly(kind, tmp_path):
    case = next(c for c in CASES if c.kind == kind and c.scenario == "toy")
    args = [case.command]
    if case.text is None:
        args.append(case.scenario)
    else:
        (tmp_path / "case.yaml").write_bytes(case.text.encode("utf-8", "surrogatepass"))
        args.append("case.yaml")
    for s in case.sets:
        args += ["--set", s]
    r = _ripeness(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert ("--set" in r.stderr) if kind == "set" else ("case.yaml:" in r.stderr)


def test_problem_lines_are_verbatim_and_unwrapped(tmp_path):
    # rich made ':100:' an emoji ('file💯7:') and wrapped long lines at 80 columns
    text = (Path(__file__).parents[2] / "src/ripeness/scenarios/toy.yaml").read_text("utf-8")
    lines = text.split("\n")
    pad = ["# padding"] * (99 - len(lines[:4]))
    body = "\n".join([*lines[:4], *pad, "flags: {martial_law: 1}  # [bold]x[/] :100:", *lines[4:]])
    folder = tmp_path / ("a-very-long-folder-name-" * 4)
    folder.mkdir()
    (folder / "f.yaml").write_text(body.replace("flags:\n  martial_law: true", ""), "utf-8")
    r = CliRunner().invoke(app, ["validate", str(folder / "f.yaml")])
    assert r.exit_code == 2
    line = next(x for x in r.output.splitlines() if "flags" in x)
    assert line.startswith(f"{folder / 'f.yaml'}:100:")  # whole, on one line, no emoji
    assert "💯" not in r.output
