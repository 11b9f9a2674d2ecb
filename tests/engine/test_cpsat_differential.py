"""Differential tests: the exact (CP-SAT) engine against enumeration on spaces small enough for
both — identical verdicts, ZOPA sizes, g* (to 1e-6), nearest compromises, solutions, frontiers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ripeness
from ripeness import load as _scenario
from ripeness.engine import cpsat
from ripeness.engine import enumerate as enumeration
from ripeness.scenario import parse
from ripeness.testing.strategies import scenarios


def same(model: ripeness.Model) -> None:
    a = enumeration.scan(model)
    b = cpsat.scan(model)
    assert b.engine == "exact"
    assert b.size == a.size
    assert b.zopa_exact
    assert (b.zopa_size, b.deal) == (a.zopa_size, a.deal)
    assert b.gap == pytest.approx(a.gap, abs=1e-6)
    assert b.nearest == a.nearest
    assert b.solutions == a.solutions
    if a.frontier_index is None:
        assert b.frontier_index is None
    else:
        assert list(map(int, b.frontier_index)) == list(map(int, a.frontier_index))
        np.testing.assert_allclose(b.frontier_surplus, a.frontier_surplus, rtol=0, atol=1e-9)
    np.testing.assert_allclose(b.ranges, a.ranges, rtol=1e-12, atol=1e-12)


@st.composite
def models(draw: st.DrawFn) -> ripeness.Model:
    sc = draw(scenarios())
    off = draw(st.lists(st.sampled_from(list(sc.spec.obstacles)), unique=True))
    return ripeness.compile_model(sc, off)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(models())
def test_random_scenarios_agree(model):
    same(model)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(models())
def test_random_scenarios_agree_many(model):
    same(model)


# Shrunk counterexamples found while building the engine, kept as regressions.
_ACTORS = {
    "A.gov": {"party": "A", "role": "principal"},
    "B.gov": {"party": "B", "role": "principal"},
}
REGRESSIONS = {
    # constants finer than the exact quantum of the coefficients (epigraph resolution)
    "epigraph-constants": {
        "scenario": "r1",
        "parties": {"A": {}, "B": {}},
        "actors": _ACTORS,
        "issues": {"i0": {"options": ["o0", "o1"], "no_deal": "o0", "war": ["o0", "o1"]}},
        "utilities": {
            "A.gov": {
                "weights": {"i0": 1},
                "values": {"i0": {"o0": 1, "o1": 0}},
                "bundles": [{"when": {"i0": ["o0"]}, "value": 0}],
            },
            "B.gov": {
                "weights": {"i0": 1},
                "values": {"i0": {"o0": 0, "o1": 2}},
                "bundles": [{"when": {"i0": ["o0"]}, "value": 1}],
            },
        },
        "war": {
            "horizon_months": 1,
            "military_balance": 0,
            "control": {"i0": {"cutpoints": [-0.1], "slope": 0}},
            "cost_per_month": {"A.gov": 0, "B.gov": 0},
        },
    },
    # an electorate, a veto player and a claimed, ceded territory (CP-SAT presolve workaround)
    "electorate-veto-cession": {
        "scenario": "r2",
        "parties": {"A": {}, "B": {}},
        "actors": {
            **_ACTORS,
            "A.pub": {"party": "A", "role": "electorate", "threshold": 0.5},
            "B.veto": {"party": "B", "role": "veto"},
        },
        "issues": {
            "i0": {"options": ["o0", "o1"], "no_deal": "o0"},
            "i1": {
                "options": {"o0": {"cedes": "A"}, "o1": {}, "o2": {}},
                "no_deal": "o0",
                "war": ["o0", "o1"],
            },
            "i2": {
                "options": {"o0": {}, "o1": {"cedes": "A"}},
                "no_deal": "o0",
                "war": ["o0", "o1"],
            },
            "i3": {"options": ["o0", "o1"], "no_deal": "o0"},
        },
        "utilities": {
            "A.gov": {
                "weights": {"i0": 1, "i1": 2, "i2": 0, "i3": 0},
                "values": {"i0": {"o0": 0, "o1": 9}, "i1": {"o0": 0, "o1": 0, "o2": 2}},
            },
            "B.gov": {
                "weights": {"i0": 1, "i1": 3, "i2": 2, "i3": 0},
                "values": {
                    "i0": {"o0": 1, "o1": 0},
                    "i1": {"o0": 63, "o1": 63, "o2": 72},
                    "i2": {"o0": 18, "o1": 0},
                },
            },
            "A.pub": {
                "weights": {"i0": 1, "i1": 0, "i2": 0, "i3": 0},
                "values": {"i0": {"o0": 17, "o1": 0}},
            },
            "B.veto": {
                "weights": {"i0": 0, "i1": 3, "i2": 1, "i3": 0},
                "values": {"i1": {"o0": 28, "o1": 60, "o2": 0}, "i2": {"o0": 0, "o1": 1}},
            },
        },
        "war": {
            "horizon_months": 1,
            "military_balance": 0,
            "control": {
                "i1": {"cutpoints": [0.0], "slope": 0},
                "i2": {"cutpoints": [0.0], "slope": 0},
            },
            "cost_per_month": {},
        },
        "electorates": {"A.pub": {"mu": 20, "sigma": 5}},
    },
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_regressions(name):
    same(ripeness.compile_model(_scenario(parse(REGRESSIONS[name]))))


def test_fixtures_agree(split, mini):
    for sc in (split, mini):
        same(ripeness.compile_model(sc))


def test_russia_ukraine_agrees():
    same(ripeness.compile_model(ripeness.load("russia-ukraine-2024")))
