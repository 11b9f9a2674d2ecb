"""The exact engine's time limit and Ctrl-C (issue 14): one deadline for every solve of a run,
a clear error when it runs out (never a partial answer), SIGINT that stops the run at once."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.conftest import SHARED, scenario_from
from tests.engine.rectangles import rectangles_yaml
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app
from ripeness.cli._app import DEFAULT_TIME_LIMIT as CLI_DEFAULT
from ripeness.engine import cpsat
from ripeness.engine.deadline import (
    DEFAULT_TIME_LIMIT,
    Deadline,
    Interrupted,
    TimeLimitExceeded,
    current,
    time_limit,
)

ROOT = Path(__file__).resolve().parents[2]
#: 10^40 packages, 2 x 120 random boxes: minutes of CP-SAT work (seeded, so always the same)
HARD = rectangles_yaml(40, 120)
#: Seconds past the limit allowed for the running solve to notice and the threads to unwind
MARGIN = 1.5


@pytest.fixture(scope="module")
def hard() -> ripeness.Scenario:
    return scenario_from(HARD, "rectangles.yaml")


@pytest.fixture(scope="module")
def hard_file(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("hard") / "rectangles.yaml"
    path.write_text(HARD)
    return path


def test_deadlines_nest_and_stop():
    assert current() is None and CLI_DEFAULT == DEFAULT_TIME_LIMIT
    for none in (None, 0, math.inf):
        with time_limit(none) as d:
            assert d.limit is None and d.remaining() == math.inf and current() is d
            d.check()
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="positive number of seconds"), time_limit(bad):
            pass
    with time_limit(10) as outer:
        with time_limit(100) as inner:
            assert inner.limit == 10 and inner.end == outer.end  # ends no later than outer
        with time_limit(1) as inner:
            assert inner.limit == 1 and inner.end < outer.end
            with outer.doing("x = 1"):
                inner.stage = "the gap g*"
                assert inner.describe() == "the gap g* (x = 1)"
            outer.stop()
            assert inner.stopped
            with pytest.raises(Interrupted):
                inner.check()
    assert current() is None
    d = Deadline(0.01)
    time.sleep(0.02)
    with pytest.raises(TimeLimitExceeded, match=r"limit of 0\.01 s while computing the answer"):
        d.check()


@pytest.mark.parametrize("limit", [0.3, 1.5])
def test_exact_engine_stops_at_the_limit(hard, limit):
    model = ripeness.compile_model(hard)
    before = threading.active_count()
    t = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as got, time_limit(limit):
        cpsat.scan(model)
    took = time.monotonic() - t
    assert limit - 0.06 <= took < limit + MARGIN
    text = str(got.value)
    assert f"time limit of {limit:g} s while computing the " in text
    assert "no answer was given" in text and "--time-limit" in text
    assert got.value.limit == limit
    give_up = time.monotonic() + MARGIN  # no solver thread is left running
    while threading.active_count() > before and time.monotonic() < give_up:
        time.sleep(0.05)
    assert threading.active_count() <= before


def test_one_limit_for_a_whole_command(hard):
    """A lever search makes one exact run per grid point: they share one deadline."""
    t = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"\(batna\.A\.gov = "):
        ripeness.levers(hard, "batna.A.gov", (0.0, 10.0), engine="exact", time_limit=1.0, grid=5)
    assert time.monotonic() - t < 1.0 + MARGIN + 1.0  # the model compiles once per grid point


def test_answers_within_the_limit_are_unchanged():
    toy = ripeness.load("toy")
    free = ripeness.analyze(toy, engine="exact", time_limit=None).to_dict()
    assert ripeness.analyze(toy, engine="exact").to_dict() == free
    assert ripeness.analyze(toy, engine="exact", time_limit=60).to_dict() == free
    assert ripeness.analyze(toy, engine="enumerate", time_limit=1e-6).verdict == free["verdict"]


@pytest.mark.skipif(not (SHARED / "data" / "genius").is_dir(), reason="no ../shared GENIUS data")
def test_anac2014_50issues_stops_at_a_small_limit():
    from ripeness.interop import read_genius
    from ripeness.scenario import parse

    folder = SHARED / "data" / "genius" / "y2014" / "50issues"
    data = read_genius(
        folder / "50issues-domain.xml", [folder / "profile-1.xml", folder / "profile-2.xml"]
    )
    model = ripeness.compile_model(ripeness.load(parse(data)))
    assert model.space.size == 10**40
    t = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"time limit of 0\.5 s"), time_limit(0.5):
        cpsat.scan(model)  # about 3 s without a limit (benchmarks/bench_exact.py)
    assert time.monotonic() - t < 0.5 + MARGIN


def test_cli_reports_the_limit_and_stops_at_it(hard_file):
    r = CliRunner().invoke(app, ["analyze", "toy", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["time_limit"] == 600.0
    r = CliRunner().invoke(app, ["analyze", "toy", "--json", "--time-limit", "0"])
    assert json.loads(r.stdout)["time_limit"] is None
    r = CliRunner().invoke(app, ["obstacles", "toy", "--time-limit", "42"])
    assert r.exit_code == 0 and "time limit of the exact engine: 42 s" in r.stdout
    r = CliRunner().invoke(app, ["durability", "toy", "--json", "--time-limit", "7.5"])
    assert json.loads(r.stdout)["time_limit"] == 7.5
    r = CliRunner().invoke(
        app, ["analyze", str(hard_file), "--engine", "exact", "--time-limit", "0.5", "--json"]
    )
    assert r.exit_code == 3
    assert "time limit of 0.5 s while computing" in r.output and "{" not in r.stdout
    r = CliRunner().invoke(app, ["analyze", "toy", "--time-limit", "-1"])
    assert r.exit_code == 2


CHILD = """
import sys
import ripeness.engine.cpsat  # OR-Tools loaded before "ready"
from ripeness.cli import main
sys.argv = ["ripeness", "analyze", sys.argv[1], "--engine", "exact", "--time-limit", "0", "--json"]
print("ready", flush=True)
main()
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_ctrl_c_stops_the_exact_engine_at_once(hard_file):
    """Without a limit the run takes minutes; SIGINT during the solves ends it within a few
    seconds with exit code 130 and a short message, and nothing on stdout."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    p = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(hard_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # loaded and compiled (0.1 s): in the solves by now
        assert p.poll() is None
        t = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        took = time.monotonic() - t
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130, err
    assert took < 3.0
    assert "interrupted" in err and "Traceback" not in err
    assert out.strip() == ""


def test_check_answers_every_claim_under_one_limit(monkeypatch):
    """``check(time_limit=T)`` bounds the whole call: the claims are answered inside one open
    deadline of T seconds (each analysis's own limit then ends no later), not T per analysis."""
    import ripeness.checking as checking

    seen = []

    def answer_claims(claims, ask):  # stands in for the analyses a claim runs
        seen.append(current())
        return []

    monkeypatch.setattr(checking, "answer_claims", answer_claims)
    text = ripeness.scenario.packaged_text("toy") + (
        "claims:\n  no-deal:\n    says: x\n    verdict: no_deal\n"
    )
    ripeness.check(scenario_from(text), time_limit=7.0)
    assert len(seen) == 1 and seen[0] is not None and seen[0].limit == 7.0
    assert current() is None  # closed again after the call
