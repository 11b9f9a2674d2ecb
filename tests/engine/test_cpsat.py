"""The exact engine: dispatch, hand-computed answers, huge spaces, obstacle analysis."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import ripeness
from ripeness import load as _scenario
from ripeness.engine import cpsat, cpsat_deal, run
from ripeness.engine import enumerate as enumeration
from ripeness.engine.cpsat_model import PARAMETERS
from ripeness.engine.cpsat_terms import groups
from ripeness.scenario import parse


def close(a, b) -> bool:
    """Recursive equality with a 1e-9 tolerance on floats."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-9)
    return a == b


def test_run_exact_reports_engine(toy):
    model = ripeness.compile_model(toy)
    assert run(model, engine="exact").engine == "exact"
    a = ripeness.analyze(toy, engine="exact")
    b = ripeness.analyze(toy, engine="enumerate")
    assert a.engine == "exact" and b.engine == "enumerate"
    da, db = a.to_dict(), b.to_dict()
    for d in (da, db):
        d.pop("engine")
    assert close(da, db)


def test_hand_computed(split, mini):
    r = run(ripeness.compile_model(split), engine="exact")
    assert r.zopa_size == 4
    assert r.solutions == {"nash": 2, "kalai_smorodinsky": 2, "egalitarian": 1, "utilitarian": 0}
    assert [tuple(p) for p in r.frontier_surplus] == [(50, 0), (30, 45), (25, 60), (5, 100)]
    r = run(ripeness.compile_model(mini), engine="exact")
    assert (r.zopa_size, r.nearest, r.solutions["nash"]) == (2, 5, 5)
    assert r.gap == pytest.approx(-0.1)


def test_groups_split_on_guarantee_options(toy):
    model = ripeness.compile_model(toy)
    parts = groups(model)
    assert len(parts) == 3  # guarantees: none, assurances, alliance (deterrence 0, .1, .8)
    a = model.actors.index("A.gov")
    assert sorted(round(float(p.q[a]), 12) for p in parts) == [0.12, 0.54, 0.6]
    off = ripeness.compile_model(toy, ["distrust"])
    assert len(groups(off)) == 1


def test_ranges_with_bundles(toy):
    model = ripeness.compile_model(toy)
    assert len(model.bundles)
    np.testing.assert_allclose(cpsat.ranges(model), enumeration.utility_ranges(model), rtol=1e-12)


@pytest.mark.slow  # the default run has tests/engine/test_engines_agree.py
def test_toy_obstacle_analysis_matches_enumeration(toy):
    a = ripeness.obstacles(toy, engine="exact").to_dict()
    b = ripeness.obstacles(toy, engine="enumerate").to_dict()
    assert close(a, b)


@pytest.mark.slow
def test_toy_obstacle_subsets_full_scan(toy):
    obs = list(toy.spec.obstacles)
    for r in range(len(obs) + 1):
        for off in itertools.combinations(obs, r):
            model = ripeness.compile_model(toy, off)
            a, b = enumeration.scan(model), cpsat.scan(model)
            assert (b.zopa_size, b.nearest, b.solutions) == (a.zopa_size, a.nearest, a.solutions)
            assert b.gap == pytest.approx(a.gap, abs=1e-9)
            fa = None if a.frontier_index is None else list(a.frontier_index)
            fb = None if b.frontier_index is None else list(map(int, b.frontier_index))
            assert fb == fa


def test_levers_exact(toy):
    a = ripeness.levers(toy, "war.military_balance", (-3, 3), engine="exact", grid=7)
    b = ripeness.levers(toy, "war.military_balance", (-3, 3), engine="enumerate", grid=7)
    assert close(a.to_dict(), b.to_dict())


def test_presolve_workaround_is_set():
    # google/or-tools#5293: ProcessAtMostOneAndLinear can refute feasible models in 9.15
    assert PARAMETERS["presolve_inclusion_work_limit"] == 0
    assert PARAMETERS["num_workers"] == 1  # deterministic


# --- a space of 10^30 packages with answers known in closed form ----------------------------


def _split_digits(n: int) -> dict:
    """n issues of 10 options; u_A = (10/n) * sum of option numbers, u_B = 90 - u_A; BATNAs 40.

    Deals: 40 <= u_A <= 50, i.e. digit sum S in [4n, 5n]. Every deal is Pareto-optimal (the
    surpluses sum to 10). Nash, egalitarian and Kalai–Smorodinsky all want u_A = 45 (S = 4.5n),
    utilitarian is indifferent (all deals tie): the lowest-numbered package with a digit sum wins.
    """
    iss = {f"i{k}": {"options": [f"o{j}" for j in range(10)], "no_deal": "o0"} for k in range(n)}
    return {
        "scenario": "digits",
        "parties": {"A": {}, "B": {}},
        "actors": {
            "A.gov": {"party": "A", "role": "principal"},
            "B.gov": {"party": "B", "role": "principal"},
        },
        "issues": iss,
        "utilities": {
            "A.gov": {
                "weights": dict.fromkeys(iss, 1),
                "values": {i: {f"o{j}": 10 * j for j in range(10)} for i in iss},
            },
            "B.gov": {
                "weights": dict.fromkeys(iss, 1),
                "values": {i: {f"o{j}": 90 - 10 * j for j in range(10)} for i in iss},
            },
        },
        "batna": {"A.gov": 40, "B.gov": 40},
    }


def lowest_with_digit_sum(n: int, s: int, first: int = 0) -> int:
    """Lowest n-digit number (leading zeros allowed, first digit given) with digit sum s."""
    digits = [first]
    s -= first
    for k in range(1, n):
        rest = 9 * (n - k - 1)
        d = max(0, s - rest)
        digits.append(d)
        s -= d
    return int("".join(map(str, digits)))


def test_huge_space_exact_answers(monkeypatch):
    monkeypatch.setattr(cpsat_deal, "ZOPA_CAP", 200)
    n = 30
    data = _split_digits(n)
    # A rejects every package whose first issue is not o9: package numbers above 2**63
    data["utilities"]["A.gov"]["red_lines"] = [{"i0": [f"o{j}" for j in range(9)]}]
    model = ripeness.compile_model(_scenario(parse(data)))
    assert model.space.size == 10**30
    r = run(model)  # auto: far above the enumeration limit
    assert r.engine == "exact"
    assert r.zopa_size >= 200 and not r.zopa_exact
    assert r.gap == pytest.approx(-5 / 90)
    best = lowest_with_digit_sum(n, 135, first=9)
    assert best == 9 * 10**29 + 10**14 - 1 > 2**63
    assert r.nearest == best
    assert r.solutions == {
        "nash": best,
        "kalai_smorodinsky": best,
        "egalitarian": best,
        "utilitarian": lowest_with_digit_sum(n, 120, first=9),
    }
    # the frontier: every digit sum from 150 down to 120, each at its lowest package
    assert r.frontier_index.dtype == object
    expected = [lowest_with_digit_sum(n, s, first=9) for s in range(150, 119, -1)]
    assert list(r.frontier_index) == expected
    np.testing.assert_allclose(r.frontier_surplus.sum(axis=1), 10)
    a = ripeness.analyze(_scenario(parse(data)))
    assert a.solutions["nash"] == model.space.decode_index(best)


def test_huge_space_api(monkeypatch):
    monkeypatch.setattr(cpsat_deal, "ZOPA_CAP", 50)
    sc = _scenario(parse(_split_digits(25)))
    a = ripeness.analyze(sc)
    assert a.engine == "exact" and a.verdict == "deal"
    assert a.nearest_compromise == {f"i{k}": ("o9" if k >= 12 else "o0") for k in range(25)} | {
        "i12": "o4"
    }
    pkg = {f"i{k}": "o9" for k in range(12)}
    s = ripeness.assess(sc, pkg)  # utility ranges of a 10^25 space, by the exact engine
    assert s.actors["A.gov"]["utility"] == pytest.approx(90 * 12 / 25)


def test_separable_zopa_counted_exactly():
    # A cares about i0 only, B about i1 only: components {i0}, {i1}; 38 free issues
    data = _split_digits(40)
    data["utilities"]["A.gov"]["weights"] = {i: (1 if i == "i0" else 0) for i in data["issues"]}
    data["utilities"]["B.gov"]["weights"] = {i: (1 if i == "i1" else 0) for i in data["issues"]}
    model = ripeness.compile_model(_scenario(parse(data)))
    r = cpsat.scan(model, solutions=False, frontier=False)
    # u_A = 10 j0 >= 40 -> 6 options; u_B = 90 - 10 j1 >= 40 -> 6 options
    assert (r.zopa_size, r.zopa_exact) == (36 * 10**38, True)


def _parties(n: int, seed: int) -> dict:
    """n principals (one per party), 3 issues of 3 options, random values, maybe a bundle."""
    rnd = np.random.default_rng(seed)
    parties = [chr(65 + i) for i in range(n)]
    iss = {f"i{k}": {"options": ["o0", "o1", "o2"], "no_deal": "o0"} for k in range(3)}
    utilities = {}
    for p in parties:
        u: dict = {
            "weights": {i: int(rnd.integers(1, 5)) for i in iss},
            "values": {i: {f"o{j}": int(rnd.integers(0, 101)) for j in range(3)} for i in iss},
        }
        if rnd.random() < 0.5:
            u["bundles"] = [
                {"when": {"i0": ["o1"], "i1": ["o2"]}, "value": int(rnd.integers(-20, 21))}
            ]
        utilities[f"{p}.gov"] = u
    return {
        "scenario": "parties",
        "parties": {p: {} for p in parties},
        "actors": {f"{p}.gov": {"party": p, "role": "principal"} for p in parties},
        "issues": iss,
        "utilities": utilities,
        "batna": {f"{p}.gov": int(rnd.integers(0, 61)) for p in parties},
    }


@pytest.mark.parametrize("n", [1, 3, 4])
def test_one_or_several_principals(n):
    """Frontier: the maximum for one principal, "not dominated by a point found" for more."""
    for seed in range(6):
        model = ripeness.compile_model(_scenario(parse(_parties(n, seed))))
        a, b = enumeration.scan(model), cpsat.scan(model)
        assert (b.zopa_size, b.nearest, b.solutions) == (a.zopa_size, a.nearest, a.solutions)
        fa = None if a.frontier_index is None else list(a.frontier_index)
        assert (None if b.frontier_index is None else list(map(int, b.frontier_index))) == fa
