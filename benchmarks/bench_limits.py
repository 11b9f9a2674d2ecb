"""Limits on hostile input (issue 14): the memory a big Monte Carlo needs, and how fast Ctrl-C
stops the exact engine.

Run: ``python benchmarks/bench_limits.py [-n 24]`` from the repository root.

1. Monte Carlo on 20 fought-over territories (``2**20`` joint war outcomes, the scenario of
   ``tests/fronts.py``), ``n`` draws, in a fresh process per memory budget: the peak resident
   memory (``ru_maxrss``) above the interpreter's footprint once ripeness is loaded, the peak
   of the arrays traced by ``tracemalloc``, and whether the numbers are identical.
2. The exact engine on a space of 10^40 packages without a time limit (the scenario of
   ``tests/engine/test_deadline.py``): SIGINT after 1.5 s, the time until the process exits,
   and its exit code (130).
Not a test: prints a table.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engine.test_deadline import CHILD as EXACT_CHILD  # noqa: E402
from tests.engine.test_deadline import HARD  # noqa: E402
from tests.fronts import fronts_yaml  # noqa: E402

MC_CHILD = """
import hashlib, json, resource, sys, tracemalloc
import ripeness
path, n, memory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sc = ripeness.load(path)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
r = ripeness.montecarlo(sc, n, seed=11, memory=memory, workers=1)
traced = tracemalloc.get_traced_memory()[1]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
h = hashlib.sha256(r.gap.tobytes() + r.zopa.tobytes() + r.nearest.tobytes()).hexdigest()
print(json.dumps({"traced": traced, "rss": rss, "base": base, "hash": h}))
"""


def _env() -> dict[str, str]:
    return {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"}


def memory(n: int) -> None:
    import ripeness

    print(f"Monte Carlo, 2^20 joint war outcomes, {n} draws, one process per budget")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "fronts.yaml"
        path.write_text(fronts_yaml(20))
        # the baseline: one float64 array of every draw's utility in every joint outcome, as
        # a single einsum over (draws, actors, outcomes) needs it (the path before the budget)
        actors = ripeness.compile_model(ripeness.load(path)).n_actors
        naive = n * actors * 2**20 * 8
        print(f"baseline, one (draws, actors, outcomes) array: {naive / 2**20:.0f} MB")
        print(
            f"{'budget':>8} {'peak RSS above base':>20} {'traced arrays':>14} "
            f"{'/ baseline':>11} {'seconds':>8}  numbers"
        )
        first = None
        for budget in ("256M", "1G", "4G"):
            t = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", MC_CHILD, str(path), str(n), budget],
                capture_output=True, text=True, env=_env(), timeout=900,
            )  # fmt: skip
            took = time.perf_counter() - t
            if run.returncode:
                print(f"{budget:>8} failed: {run.stderr.strip().splitlines()[-1]}")
                continue
            r = json.loads(run.stdout.splitlines()[-1])
            first = first or r["hash"]
            same = "same" if r["hash"] == first else "DIFFERENT"
            print(
                f"{budget:>8} {(r['rss'] - r['base']) / 2**20:>17.0f} MB "
                f"{r['traced'] / 2**20:>11.0f} MB {r['traced'] / naive:>11.2f} {took:>8.1f}  {same}"
            )


def ctrl_c(repeat: int) -> None:
    print("\nexact engine, 10^40 packages, no time limit: SIGINT after 1.5 s")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rectangles.yaml"
        path.write_text(HARD)
        for _ in range(repeat):
            p = subprocess.Popen(
                [sys.executable, "-c", EXACT_CHILD, str(path)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
            )  # fmt: skip
            assert p.stdout is not None
            p.stdout.readline()
            time.sleep(1.5)
            t = time.monotonic()
            p.send_signal(signal.SIGINT)
            p.communicate(timeout=60)
            print(f"  stopped {time.monotonic() - t:.2f} s after SIGINT, exit code {p.returncode}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=24, help="Monte Carlo draws")
    ap.add_argument("--repeat", type=int, default=3, help="SIGINT runs")
    a = ap.parse_args()
    memory(a.n)
    ctrl_c(a.repeat)


if __name__ == "__main__":
    main()
