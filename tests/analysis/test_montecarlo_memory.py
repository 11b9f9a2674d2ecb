"""Monte Carlo within a memory budget: the same numbers whatever the budget, and a scenario with
2^20 joint war outcomes that needed 35 MB per draw (issue 14) runs in a bounded footprint."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import scenario_from
from tests.fronts import fronts_yaml

import ripeness
from ripeness.analysis import montecarlo as mc
from ripeness.analysis import passes
from ripeness.model import fighting

FIELDS = ("gap", "zopa", "nearest", "off_gap", "off_deal", "valid", "package_counts")
ROOT = Path(__file__).resolve().parents[2]


def same(a, b, fields=FIELDS) -> None:  # type: ignore[no-untyped-def]
    for f in fields:
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f), err_msg=f)


def test_budget_never_changes_the_numbers(monkeypatch):
    """A small budget (one draw per pass over the war outcomes, small structural blocks) and a
    large one give bit-identical answers, with the war outcomes summed in many blocks."""
    sc = scenario_from(fronts_yaml(12), "fronts.yaml")
    monkeypatch.setattr(fighting, "JOINT_BLOCK", 256)
    big = ripeness.montecarlo(sc, 300, seed=3, memory="8G")
    monkeypatch.setattr(fighting, "WAR_SHARE", 1 << 40)
    small = ripeness.montecarlo(sc, 300, seed=3, memory="256M")
    same(big, small)
    assert 0 < big.p_deal < 1


def test_passes_are_merged_in_order(monkeypatch):
    """Chunks evaluated in several passes (as a scenario with large per-draw arrays is) give
    the answers of one pass; a lever is searched in its own passes."""
    sc = ripeness.load("toy")
    kw = {"param": "war.military_balance", "param_range": (-3, 3)}
    one = ripeness.montecarlo(sc, 1200, seed=4, **kw)
    plan = mc.build_plan(sc, 1200, 4, **kw)
    assert plan.passes == mc.CHUNK and plan.lever_passes < mc.CHUNK  # the toy's lever: 22 rows
    monkeypatch.setattr(mc, "draws_per_pass", lambda design, grid=0: 7 if grid else 97)
    many = ripeness.montecarlo(sc, 1200, seed=4, **kw)
    assert mc.build_plan(sc, 1200, 4, **kw).passes == 97
    same(one, many, ("zopa", "nearest", "off_deal", "valid", "package_counts"))
    np.testing.assert_allclose(many.gap, one.gap, rtol=0, atol=1e-12)
    np.testing.assert_allclose(many.off_gap, one.off_gap, rtol=0, atol=1e-12)
    np.testing.assert_allclose(many.lever_threshold, one.lever_threshold, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(many.lever_direction, one.lever_direction)


def test_passes_depend_on_the_scenario_only():
    sc = ripeness.load("toy")
    d = mc.build_plan(sc, 10, 1).design
    assert passes.draws_per_pass(d) == passes.PASS_BYTES // passes.draw_bytes(d)
    # by hand from the toy's dimensions (4 actors, 4 issues of at most 3 options, 2 parties,
    # 2 territories with one cutpoint each, one deterrence entry over 3 options, 2 polls) and
    # draw_bytes' docstring. The full model's raw arrays: weight 4x4 = 16, value 4x4x3 = 48,
    # bundle 4 (one per actor: A.public and B.hawks copy theirs), balance 1, horizon 1,
    # war_cost 4, cut 2x1 = 2, slope 2, batna 4, breach 2, within 2, deterrence 1x3 = 3,
    # sucker 2 (A.gov, A.public), override_cost 2, route_threshold 2, threshold 4, mu_given 4,
    # sigma_given 4, support 2: 109 numbers. A model: 8 (2*109 + 4*48) = 3280 bytes; the
    # evaluation block 8 * 16 packages * 4 actors * 6 arrays = 3072; a draw holds two models:
    # 2*3280 + 3072 = 9632 bytes. PASS_BYTES = 256 MiB / 4 = 67108864: 67108864 // 9632 = 6967
    assert passes.PASS_BYTES == (256 << 20) // 4
    assert passes.draw_bytes(d) == 9632
    assert passes.draws_per_pass(d) == 6967
    with ripeness.memory.memory_limit("256M"):
        small = mc.build_plan(sc, 10, 1, param="war.military_balance", param_range=(-1, 1))
    big = mc.build_plan(sc, 10, 1, param="war.military_balance", param_range=(-1, 1), memory="64G")
    assert (small.passes, small.lever_passes) == (big.passes, big.lever_passes)
    assert (small.memory, big.memory) == (256 << 20, 64 << 30)


def test_work_that_cannot_fit_is_refused(monkeypatch):
    sc = ripeness.load("toy")
    need = passes.needed_bytes(mc.build_plan(sc, 10, 1).design)
    assert need < 256 << 20  # a small scenario fits the smallest budget
    monkeypatch.setattr(passes, "PASS_BYTES", 300 << 20)  # as if a draw's arrays were large
    with pytest.raises(ValueError, match=r"needs about \d+ MiB per process, above the memory"):
        ripeness.montecarlo(sc, 10, seed=1, memory="256M")
    with pytest.raises(ValueError, match="The tornado on this scenario needs"):
        ripeness.sensitivity(sc, "tornado", memory="256M")
    assert ripeness.montecarlo(sc, 10, seed=1, memory="1G").n == 10


def test_cli_memory_option():
    from typer.testing import CliRunner

    from ripeness.cli import app

    r = CliRunner().invoke(app, ["montecarlo", "toy", "-n", "50", "--seed", "2", "--json"])
    s = CliRunner().invoke(
        app, ["montecarlo", "toy", "-n", "50", "--seed", "2", "--memory", "300M", "--json"]
    )
    assert r.exit_code == s.exit_code == 0
    assert json.loads(r.stdout)["p_deal"] == json.loads(s.stdout)["p_deal"]
    bad = CliRunner().invoke(app, ["montecarlo", "toy", "-n", "5", "--memory", "plenty"])
    assert bad.exit_code == 2 and "memory budget 'plenty'" in bad.output


CHILD = textwrap.dedent(
    """
    import json, resource, sys, tracemalloc
    import numpy as np
    import ripeness
    path, n, memory, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    sc = ripeness.load(path)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    r = ripeness.montecarlo(sc, n, seed=11, memory=memory)
    traced = tracemalloc.get_traced_memory()[1]
    np.savez(out, gap=r.gap, zopa=r.zopa, nearest=r.nearest, counts=r.package_counts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"traced": traced, "rss": rss, "base": base, "p_deal": r.p_deal}))
    """
)


def child(path: Path, n: int, memory: str, out: Path) -> dict:
    env = {"PYTHONPATH": str(ROOT / "src") + ":" + str(ROOT), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(n), memory, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.slow
def test_a_million_war_outcomes_within_the_budget(tmp_path):
    """20 fought-over binary territories: 2^20 joint war outcomes. Before blocking, a draw
    needed 35 MB for the outcomes (and the model 300 MB more): 24 draws took about 1.3 GB.
    Within a 256 MiB budget the arrays ripeness allocates stay below the budget, the process
    below the interpreter's own footprint plus the budget, and the numbers are those of a run
    with a 4 GiB budget."""
    path = tmp_path / "fronts.yaml"
    path.write_text(fronts_yaml(20))
    small = child(path, 24, "256M", tmp_path / "small.npz")
    big = child(path, 24, "4G", tmp_path / "big.npz")
    assert small["traced"] < 256 << 20
    assert small["rss"] < small["base"] + (256 << 20)
    assert big["traced"] > small["traced"]  # the budget is what bounds the footprint
    a, b = np.load(tmp_path / "small.npz"), np.load(tmp_path / "big.npz")
    for k in ("gap", "zopa", "nearest", "counts"):
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    assert small["p_deal"] == big["p_deal"] > 0
