"""The engines' reorganised sums differ from the formulas only in the last bits (docs/model.md,
"How the engines compute the same formulas")."""

from __future__ import annotations

import numpy as np
import pytest
from tests.conftest import scenario_from
from tests.fronts import fronts_yaml

import ripeness
from ripeness.engine.blocks import Blocks
from ripeness.model import fighting, utilities


def test_block_utilities_on_the_flagship_space_differ_only_in_the_last_bits():
    # 103,680 packages in blocks of 4,096 (the engine's smallest block; at its default size
    # the flagship is one block, whose sum is the formula's order): the blocks' outer sums
    # against additive_utility package by package
    m = ripeness.compile_model(ripeness.load("russia-ukraine-2024"))
    assert Blocks(m, 4096).j > 0  # the split into leading and trailing issues is exercised
    worst = 0.0
    for _idx, digits, u in Blocks(m, 4096):
        worst = max(worst, float(np.max(np.abs(u - utilities(m, digits)))))
    assert worst < 1e-13  # far inside the tie tolerance (1e-9): rounding, not a formula


@pytest.mark.slow
def test_blocks_of_joint_outcomes_differ_from_one_sum_only_in_the_last_bits(monkeypatch):
    # 2^20 joint war outcomes: the default blocks of 2^16 against one block over all of them
    sc = scenario_from(fronts_yaml(20), "fronts.yaml")
    blocked = ripeness.compile_model(sc).batna
    monkeypatch.setattr(fighting, "JOINT_BLOCK", 1 << 20)
    whole = ripeness.compile_model(sc).batna
    # BATNAs are on the 0-100 scale; the sums of 2^20 terms differ by about 2e-11
    assert float(np.max(np.abs(blocked - whole))) < 1e-10
