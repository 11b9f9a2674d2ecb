"""The integer scaling of the exact engine never changes a verdict (cpsat module docstring).

1. On the test scenarios — the packaged toy scenario, every subset of its obstacles switched off,
   the Russia–Ukraine scenario and random scenarios — every package's acceptance by every actor,
   decided by the scaled integer form alone (with its error bound either way), is the
   floating-point decision of :func:`ripeness.model.evaluate`: no package falls within the
   resolution of an acceptance threshold, so the integer model's deals are exactly the deals.
2. Even at a deliberately coarse resolution the engine's answers do not move, because every
   answer is re-evaluated in floating point (refuted proposals are excluded).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ripeness
from ripeness.engine import cpsat, cpsat_build
from ripeness.engine import enumerate as enumeration
from ripeness.engine.cpsat_deal import Deal
from ripeness.engine.cpsat_terms import accepts, evaluate_digits, groups
from ripeness.testing.strategies import scenarios


def integer_verdicts_are_float_verdicts(model: ripeness.Model) -> int:
    """Check every package of every guarantee group; return the number of packages checked."""
    rng = enumeration.utility_ranges(model)
    checked = 0
    for prep in groups(model):
        deal = Deal.of(prep, rng)
        assigns = [
            dict(enumerate(c)) for c in itertools.product(*(range(len(r)) for r in prep.rep))
        ]
        ev = evaluate_digits(model, np.array([prep.digits(a) for a in assigns]), rng)
        acc = accepts(model, ev, rng)
        for a, f in deal.forms:
            for j, assign in enumerate(assigns):
                v = f.value(prep, assign) + f.const
                relaxed, tight = v + f.err >= 0, v - f.err >= 0
                assert relaxed == tight == bool(acc[a, j]), (model.actors[a], assign, v, f.err)
        checked += sum(prep.weight(a) for a in assigns)
    assert checked == model.space.size
    return checked


def test_toy_and_its_obstacle_subsets(toy):
    obs = list(toy.spec.obstacles)
    for r in range(len(obs) + 1):
        for off in itertools.combinations(obs, r):
            integer_verdicts_are_float_verdicts(ripeness.compile_model(toy, off))


def test_russia_ukraine():
    sc = ripeness.load("russia-ukraine-2024")
    assert integer_verdicts_are_float_verdicts(ripeness.compile_model(sc)) > 10_000


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenarios(), st.data())
def test_random_scenarios(sc, data):
    off = data.draw(st.lists(st.sampled_from(list(sc.spec.obstacles)), unique=True))
    integer_verdicts_are_float_verdicts(ripeness.compile_model(sc, off))


def test_toy_scales_are_exact_quanta(toy):
    """Toy data are rational: the scale is their exact quantum, the arithmetic exact."""
    model = ripeness.compile_model(toy)
    for prep in groups(model):
        for _, f in Deal.of(prep, enumeration.utility_ranges(model)).forms:
            assert f.err < 1e-6


def _same(model: ripeness.Model) -> None:
    a, b = enumeration.scan(model), cpsat.scan(model)
    assert (b.zopa_size, b.nearest, b.solutions) == (a.zopa_size, a.nearest, a.solutions)
    assert b.gap == pytest.approx(a.gap, abs=1e-9)
    fa = None if a.frontier_index is None else list(a.frontier_index)
    assert (None if b.frontier_index is None else list(map(int, b.frontier_index))) == fa


@pytest.fixture
def coarse(monkeypatch):
    """Powers of two only, and a magnitude budget of 2**12: about 0.03 utility points."""
    monkeypatch.setattr(cpsat_build, "_quantum", lambda coefs: None)
    monkeypatch.setattr(cpsat_build, "BUDGET", 2**12)


def test_coarse_resolution_same_answers(toy, coarse):
    model = ripeness.compile_model(toy)
    f = Deal.of(groups(model)[0], enumeration.utility_ranges(model)).forms[0][1]
    assert f.scale <= 2**6 and f.err > 0.1  # really coarse
    for off in (
        [],
        ["distrust"],
        ["constitution-a", "electorate-a", "hawks-b"],
        list(toy.spec.obstacles),
    ):
        _same(ripeness.compile_model(toy, off))


@pytest.mark.slow
def test_coarse_resolution_all_toy_subsets(toy, coarse):
    obs = list(toy.spec.obstacles)
    for r in range(len(obs) + 1):
        for off in itertools.combinations(obs, r):
            _same(ripeness.compile_model(toy, off))
