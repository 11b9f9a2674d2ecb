"""Third-party reference: ANAC 2014 non-linear domains (10^10 to 10^50 packages).

ripeness's exact (CP-SAT) Pareto frontier must weakly dominate every point of the frontier
shipped with each domain (``pareto.xml``, normalised utilities), and equal it on ``10issues``.
The data is not part of the project: the tests skip when ``../shared`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ripeness.api import _scenario
from ripeness.engine import run
from ripeness.interop import read_genius
from ripeness.model import compile_model
from ripeness.scenario import parse

GENIUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "genius"
pytest.importorskip("ortools")


def frontier(n: int) -> tuple[np.ndarray, np.ndarray, int]:
    folder = GENIUS / "y2014" / f"{n}issues"
    if not folder.is_dir():
        pytest.skip("../shared/data/genius is absent")
    data = read_genius(
        folder / f"{n}issues-domain.xml", [folder / "profile-1.xml", folder / "profile-2.xml"]
    )
    model = compile_model(_scenario(parse(data, f"{n}issues")))
    res = run(model, engine="auto", solutions=False, frontier=True)
    assert res.engine == "exact"  # 10^n packages: beyond enumeration
    ours = (res.frontier_surplus + model.batna[model.principals]) / 100.0
    ref = np.array(
        [
            [float(x) for x in line.split(",")]
            for line in (folder / "pareto.xml").read_text().splitlines()
            if line.strip()
        ]
    )
    return ours, ref, model.space.size


def weakly_dominated(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return np.array([((ours >= p - 1e-6).all(axis=1)).any() for p in ref])


def test_10issues_frontier_equals_reference():
    ours, ref, size = frontier(10)
    assert size == 10**10
    assert weakly_dominated(ours, ref).all()
    assert len(ours) == len(ref)
    np.testing.assert_allclose(
        ours[np.lexsort(ours.T[::-1])], ref[np.lexsort(ref.T[::-1])], atol=1e-6
    )


@pytest.mark.slow
@pytest.mark.parametrize("n", [30, 50])
def test_large_frontiers_dominate_reference(n):
    ours, ref, size = frontier(n)
    assert size >= 10**30
    assert weakly_dominated(ours, ref).all()
    # ours is a Pareto set: no point dominates another
    for i, p in enumerate(ours):
        others = np.delete(ours, i, axis=0)
        assert not ((others >= p).all(axis=1) & (others > p).any(axis=1)).any()
