"""``semantics.any_breach``: the chance that some party breaks a deal (hand values)."""

from __future__ import annotations

import numpy as np
import pytest

from ripeness.model import semantics as S


def test_any_breach_by_hand():
    # two parties breaching independently with 0.5 and 0.2: 1 - 0.5 * 0.8 = 0.6
    assert S.any_breach([0.5, 0.2]) == pytest.approx(0.6)
    # over the last axis, per row (draws): nobody breaches -> 0; one certain breach -> 1
    np.testing.assert_allclose(S.any_breach([[0.5, 0.2], [0.0, 0.0], [1.0, 0.3]]), [0.6, 0, 1])
    assert S.any_breach([]) == 0.0  # no committing party
