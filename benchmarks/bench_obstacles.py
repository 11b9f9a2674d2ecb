"""Time of the full obstacle analysis (every subset switched off) against a per-subset loop.

    python benchmarks/bench_obstacles.py [--scenario NAME] [--repeat 3]

``ripeness.obstacles`` compiles and solves all 2^k subsets; models of one scenario share their
package tables and condition masks. The baseline is the loop a user would write: one
``ripeness.analyze(scenario, off=subset)`` per subset. Both give the same g* per subset
(checked). Goal (issue 8): the flagship's 2^7 subsets in under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import itertools
import time

import ripeness


def best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    out, t_best = None, float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="russia-ukraine-2024")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sc = ripeness.load(args.scenario)
    names = list(sc.spec.obstacles)
    t_obs, o = best(lambda: ripeness.obstacles(sc), args.repeat)

    def loop() -> dict[frozenset[str], float]:
        return {
            frozenset(off): ripeness.analyze(sc, off).gap
            for r in range(len(names) + 1)
            for off in itertools.combinations(names, r)
        }

    t_loop, gaps = best(loop, 1)
    table = o.table  # type: ignore[attr-defined]
    for m in range(1 << len(names)):
        want = gaps[frozenset(table.names(m))]  # type: ignore[index]
        assert abs(table.gap[m] - want) < 1e-9, (table.names(m), table.gap[m], want)
    print(
        f"scenario {args.scenario}: {len(names)} obstacles, {1 << len(names)} subsets, "
        f"{ripeness.compile_model(sc).space.size:,} packages"
    )
    print(f"ripeness.obstacles   {t_obs:8.3f} s  (best of {args.repeat})")
    print(f"analyze per subset   {t_loop:8.3f} s  ratio {t_loop / t_obs:.1f}x")
    print(f"goal < 1 s: {'met' if t_obs < 1 else 'NOT met'}; same g* in every subset: yes")


if __name__ == "__main__":
    main()
