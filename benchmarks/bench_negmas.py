"""Enumeration engine vs NegMAS: Pareto frontier and Nash point on the same random space.

A random linear-additive two-party domain of 9 issues with 5 options each (5**9 = 1,953,125
packages). ripeness (`engine.enumerate.scan`: every package evaluated, frontier and Nash
point) against NegMAS (`pareto_frontier` + `nash_points`) on identical utilities, in one run.
Prints both times, the ratio (goal: ripeness at least 50x faster) and whether the frontiers
and Nash points are identical.

NegMAS's Nash point uses each agent's reserved value as the disagreement point when it lies
inside the utility range and the minimum utility otherwise; both sides here use the minimum
utility, so every package is in the ZOPA and the two definitions coincide.

Run: ``python benchmarks/bench_negmas.py [--issues 9 --options 5 --seed 0]``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def build(issues: int, options: int, seed: int):
    rng = np.random.default_rng(seed)
    w = rng.random((2, issues)) + 0.05
    w /= w.sum(axis=1, keepdims=True)
    v = rng.integers(0, 101, size=(2, issues, options)).astype(float)
    return w, v


def ripeness_run(w, v):
    import ripeness
    from ripeness import load as _scenario
    from ripeness.engine import scan

    K, O = w.shape[1], v.shape[2]
    ids = [f"i{k}" for k in range(K)]
    opts = [f"o{j}" for j in range(O)]
    data = {
        "scenario": "bench",
        "parties": {"A": {}, "B": {}},
        "actors": {
            "A.gov": {"party": "A", "role": "principal"},
            "B.gov": {"party": "B", "role": "principal"},
        },
        "issues": {i: {"options": opts, "no_deal": opts[0]} for i in ids},
        "utilities": {
            a: {
                "weights": {i: float(w[n, k]) for k, i in enumerate(ids)},
                "values": {
                    i: {o: float(v[n, k, j]) for j, o in enumerate(opts)} for k, i in enumerate(ids)
                },
            }
            for n, a in enumerate(["A.gov", "B.gov"])
        },
        # disagreement at the minimum utility (as NegMAS does when no reserved value is inside)
        "batna": {
            a: float((w[n] * v[n].min(axis=1)).sum()) for n, a in enumerate(["A.gov", "B.gov"])
        },
    }
    sc = _scenario(ripeness.scenario.parse(data, "bench"))
    t0 = time.perf_counter()
    model = ripeness.compile_model(sc)
    res = scan(model, solutions=True, frontier=True)
    t = time.perf_counter() - t0
    d = model.batna
    front = {tuple(np.round((s + d) / 100.0, 9)) for s in res.frontier_surplus}
    nash_pkg = model.space.decode_index(res.solutions["nash"])
    return t, front, nash_pkg, model


def negmas_run(w, v):
    from negmas import make_issue
    from negmas.outcomes import enumerate_issues
    from negmas.preferences import LinearAdditiveUtilityFunction as LAUF
    from negmas.preferences import nash_points, pareto_frontier

    K, O = w.shape[1], v.shape[2]
    issues = [make_issue([f"o{j}" for j in range(O)], name=f"i{k}") for k in range(K)]
    ufuns = []
    for n in range(2):
        vals = {f"i{k}": {f"o{j}": float(v[n, k, j]) / 100.0 for j in range(O)} for k in range(K)}
        wts = {f"i{k}": float(w[n, k]) for k in range(K)}
        ufuns.append(LAUF(values=vals, weights=wts, issues=issues))
    t0 = time.perf_counter()
    # NegMAS's recommended path for linear ufuns: pass the issues, not the outcomes
    frontier, idx = pareto_frontier(ufuns, issues=issues, sort_by_welfare=True)
    nash = nash_points(ufuns, frontier, issues=issues)
    t = time.perf_counter() - t0
    outcomes = list(enumerate_issues(issues))  # same order as pareto_frontier's indices
    front = {tuple(np.round(p, 9)) for p in frontier}
    nash_out = outcomes[idx[nash[0][1]]] if nash else None
    nash_pkg = {f"i{k}": nash_out[k] for k in range(K)} if nash_out is not None else None
    return t, front, nash_pkg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=9)
    ap.add_argument("--options", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    w, v = build(args.issues, args.options, args.seed)
    n = args.options**args.issues
    print(f"random linear-additive 2-party space: {args.options}^{args.issues} = {n:,} packages")
    t_r, f_r, nash_r, _ = ripeness_run(w, v)
    print(f"ripeness (enumeration engine): {t_r:8.3f} s  frontier {len(f_r)} points")
    t_n, f_n, nash_n = negmas_run(w, v)
    print(f"NegMAS pareto_frontier+nash:   {t_n:8.3f} s  frontier {len(f_n)} points")
    print(f"speed-up (NegMAS / ripeness):  {t_n / t_r:8.1f}x   (goal: >= 50x)")
    print(f"identical frontier: {f_r == f_n}")
    print(f"identical Nash point: {nash_r == nash_n}  ripeness {nash_r}")
    if nash_r != nash_n:
        print(f"                                NegMAS   {nash_n}")


if __name__ == "__main__":
    main()
