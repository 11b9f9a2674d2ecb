"""Shared fixtures: small hand-written scenarios and the location of ../shared."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import ripeness

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def scenario_from(text: str, name: str = "test.yaml") -> ripeness.Scenario:
    """Parse and calibrate scenario YAML written in a test."""
    return ripeness.load(ripeness.parse_text(textwrap.dedent(text), name))


def written(sc: ripeness.Scenario, sets: dict) -> ripeness.Scenario:
    """``sc`` with ``sets`` written into its file (not ``--set`` overrides), calibrated on
    them: what a user gets by editing the file."""
    from ripeness.scenario import apply_overrides, parse

    return ripeness.load(parse(apply_overrides(sc.data, sets), sc.file, sc.positions))


# One issue, two principals, BATNA 0: surplus pairs (5, 100), (30, 45), (25, 60), (50, 0).
# Hand-computed: Nash o3 (1500), KS o3 (min(25/50, 60/100) = .5), egalitarian o2 (30),
# utilitarian o1 (105); frontier: all four.
SPLIT = """
scenario: split
parties: {A: {}, B: {}}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  z:
    options: [o1, o2, o3, o4]
    no_deal: o4
utilities:
  A.gov: {weights: {z: 1}, values: {z: {o1: 5, o2: 30, o3: 25, o4: 50}}}
  B.gov: {weights: {z: 1}, values: {z: {o1: 100, o2: 45, o3: 60, o4: 0}}}
batna: {A.gov: 0, B.gov: 0}
"""

# Two issues; u_A = .25 v_x + .75 v_y, u_B = .5 v_x + .5 v_y; BATNA A 30, B 40.
# Packages (x most significant): 0 (a,p) 1 (a,q) 2 (a,r) 3 (b,p) 4 (b,q) 5 (b,r)
# u_A = 25, 55, 100, 0, 30, 75 ; u_B = 50, 30, 0, 100, 80, 50
# ZOPA = {4, 5}; g = .05, .1, .4, .3, 0, -.1 -> g* = -.1 at package 5 (b, r)
MINI = """
scenario: mini
parties: {A: {}, B: {}}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  x: {options: [a, b], no_deal: a}
  y: {options: [p, q, r], no_deal: p}
utilities:
  A.gov:
    weights: {x: 1, y: 3}
    values: {x: {a: 100, b: 0}, y: {p: 0, q: 40, r: 100}}
  B.gov:
    weights: {x: 1, y: 1}
    values: {x: {a: 0, b: 100}, y: {p: 100, q: 60, r: 0}}
batna: {A.gov: 30, B.gov: 40}
"""


@pytest.fixture
def split() -> ripeness.Scenario:
    return scenario_from(SPLIT)


@pytest.fixture
def mini() -> ripeness.Scenario:
    return scenario_from(MINI)


@pytest.fixture(scope="session")
def toy() -> ripeness.Scenario:
    return ripeness.load("toy")


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (fresh clone)")
    return SHARED
