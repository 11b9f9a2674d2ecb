"""Same seed, same numbers: serially, in process pools of 1, 2 or 4 workers, and on Dask."""

from __future__ import annotations

import numpy as np
import pytest

import ripeness
from ripeness.parallel import executor, run_tasks

FIELDS = ("gap", "zopa", "nearest", "off_gap", "off_deal", "package_counts", "lever_threshold")


def square(payload: int, i: int) -> int:
    return payload + i * i


def same(a, b) -> None:  # type: ignore[no-untyped-def]
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True), name
    da, db = a.to_dict(), b.to_dict()
    da.pop("backend"), db.pop("backend")
    assert da == db


@pytest.fixture(scope="module")
def toy() -> ripeness.Scenario:
    return ripeness.load("toy").with_overrides(
        {"utilities.B.gov.values.south.frozen": {"mode": 80, "low": 60, "high": 95}}
    )


def run(sc, **kw):  # type: ignore[no-untyped-def]
    return ripeness.montecarlo(
        sc, 2500, seed=42, param="war.military_balance", param_range=(-2, 2), **kw
    )


def test_tasks_come_back_in_order():
    assert run_tasks(square, 10, 7) == [10 + i * i for i in range(7)]
    assert run_tasks(square, 10, 7, workers=3) == [10 + i * i for i in range(7)]
    with pytest.raises(ValueError):
        run_tasks(square, 0, 1, workers=0)
    with executor() as ex:
        assert ex.name == "serial"


def test_identical_with_1_2_4_workers(toy):
    ref = run(toy)
    assert ref.backend == "serial"
    for w in (1, 2, 4):
        r = run(toy, workers=w)
        same(ref, r)
    assert run(toy, workers=2).backend == "2 worker processes"


def test_flagship_identical_serial_and_pool():
    try:
        sc = ripeness.load()
    except ripeness.ScenarioError:  # pragma: no cover - flagship being edited
        pytest.skip("flagship scenario does not load")
    a = ripeness.montecarlo(sc, 2100, seed=9)
    b = ripeness.montecarlo(sc, 2100, seed=9, workers=2)
    same(a, b)


def test_identical_on_a_real_dask_cluster(toy):
    distributed = pytest.importorskip("distributed")
    ref = run(toy)
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            r = run(toy, scheduler=client)
            assert r.backend.startswith("dask")
            same(ref, r)
            assert len(client.scheduler_info()["workers"]) == 2
            # sensitivity designs go through the same backend
            s1 = ripeness.sensitivity(toy, "sobol", n=64, seed=1)
            s2 = ripeness.sensitivity(toy, "sobol", n=64, seed=1, scheduler=client)
            assert s1.to_dict() == s2.to_dict()
    finally:
        cluster.close()


def test_embedded_local_cluster(toy):
    pytest.importorskip("distributed")
    same(run(toy), run(toy, scheduler="local", workers=2))
