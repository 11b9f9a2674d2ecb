"""Monte Carlo throughput: serial vs 2 worker processes vs a naive per-draw loop.

Run: ``python benchmarks/bench_montecarlo.py [-n 100000] [--naive 40] [--scenario NAME]``.

- vectorised, serial: :func:`ripeness.montecarlo` with the scenario's obstacle analysis
  (each obstacle switched off alone in every draw);
- vectorised, 2 workers: the same in a local process pool (identical numbers);
- naive: one :func:`ripeness.analyze` per draw with the draw's values as overrides, and one
  more per obstacle (the same answers), timed on ``--naive`` draws and extrapolated.

The goal (issue 4): 10^5 draws of the flagship scenario in under 60 s on a 2-core machine.
Not a test: prints a table.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import ripeness
from ripeness.analysis.montecarlo import build_plan


def flagship_or_toy(name: str | None) -> tuple[ripeness.Scenario, str]:
    if name:
        return ripeness.load(name), name
    try:
        return ripeness.load("russia-ukraine-2024"), "russia-ukraine-2024 (flagship)"
    except ripeness.ScenarioError:
        return ripeness.load("toy"), "toy (flagship not loadable)"


def naive(sc: ripeness.Scenario, draws: int, seed: int, obstacles: bool) -> float:
    """Seconds per draw of the per-draw loop: write the draw into the scenario, calibrate it
    (Monte Carlo refits per draw) and ``ripeness.analyze`` it (and each obstacle off)."""
    from ripeness.model.params import draw
    from ripeness.scenario import apply_overrides, parse

    plan = build_plan(sc, draws, seed, obstacles=False)
    params = plan.design.configs[0].params
    X = draw(params, plan.uniforms(0)[:draws])
    names = list(sc.spec.obstacles) if obstacles else []
    t = time.perf_counter()
    for row in X:
        ov = {p.path: float(x) for p, x in zip(params, row, strict=True) if p.uncertain}
        drawn = ripeness.load(parse(apply_overrides(sc.data, ov), sc.file, sc.positions))
        for off in [(), *[(o,) for o in names]]:
            ripeness.analyze(drawn, off)
    return (time.perf_counter() - t) / len(X)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100_000, help="draws for the vectorised runs")
    ap.add_argument("--naive", type=int, default=40, help="draws timed for the naive loop")
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    sc, label = flagship_or_toy(args.scenario)
    n = args.n
    print(
        f"scenario: {label}; "
        f"{len(ripeness.montecarlo(sc, 1, 0, obstacles=False).parameters)} uncertain numbers; "
        f"{os.cpu_count()} CPUs; n = {n:,} draws"
    )
    rows = []
    for obstacles in (False, True):
        tag = "with obstacle analysis" if obstacles else "verdict and g* only"
        t = time.perf_counter()
        serial = ripeness.montecarlo(sc, n, args.seed, obstacles=obstacles)
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        pooled = ripeness.montecarlo(sc, n, args.seed, workers=2, obstacles=obstacles)
        t2 = time.perf_counter() - t
        assert np.array_equal(serial.gap, pooled.gap) and np.array_equal(serial.zopa, pooled.zopa)
        per = naive(sc, args.naive, args.seed, obstacles)
        rows.append((tag, t1, t2, per * n, serial.p_deal))

    print()
    head = (
        f"{'run':<26}{'serial s':>10}{'draws/s':>10}{'2 workers s':>13}{'draws/s':>10}"
        f"{'2w/serial':>11}{'naive s (est.)':>16}{'speed-up':>10}"
    )
    print(head)
    print("-" * len(head))
    for tag, t1, t2, tn, _p in rows:
        print(
            f"{tag:<26}{t1:>10.2f}{n / t1:>10.0f}{t2:>13.2f}{n / t2:>10.0f}"
            f"{t1 / t2:>10.2f}x{tn:>16.0f}{tn / t2:>9.0f}x"
        )
    best = rows[-1][2]
    print()
    print(f"P(deal) = {rows[-1][4]:.4f}; naive loop timed on {args.naive} draws and extrapolated;")
    print(
        f"speed-up = naive / vectorised with 2 workers; goal 10^5 flagship draws < 60 s: "
        f"{'met' if best * 1e5 / n < 60 else 'NOT met'} ({best * 1e5 / n:.1f} s per 10^5 draws)"
    )


if __name__ == "__main__":
    main()
