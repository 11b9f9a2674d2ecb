"""Run independent tasks serially, in a local process pool, or on a Dask cluster (DESIGN.md §3).

A task is ``fn(payload, i)`` for ``i`` in ``range(n_tasks)``: a module-level function, one
shared (picklable) payload, and a task number. Results come back in task order whatever the
backend, so a reduction over them is the same with 1, 2 or 4 workers and on Dask.

- serial (default): in this process;
- ``workers=N`` (N > 1): a :class:`concurrent.futures.ProcessPoolExecutor`, the payload sent
  once per worker (pool initializer);
- ``scheduler="local"``: an embedded :class:`distributed.LocalCluster` with ``workers``
  worker processes (default 2); ``scheduler="tcp://host:port"``: an existing cluster; or a
  :class:`distributed.Client`. The payload is scattered once to every worker.
"""

from __future__ import annotations

import multiprocessing as mp
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

Task = Callable[[Any, int], Any]
Progress = Callable[[int, int], None] | None

_PAYLOAD: Any = None


class WorkerError(RuntimeError):
    """A worker process died before finishing its tasks (killed, or out of memory)."""


def _init(payload: Any) -> None:
    global _PAYLOAD
    _PAYLOAD = payload


def _call(fn: Task, i: int) -> Any:
    return fn(_PAYLOAD, i)


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


class Serial:
    """Tasks in this process, in order."""

    name = "serial"

    def map(self, fn: Task, payload: Any, n_tasks: int, progress: Progress = None) -> list[Any]:
        out = []
        for i in range(n_tasks):
            out.append(fn(payload, i))
            if progress is not None:
                progress(i + 1, n_tasks)
        return out


class Pool:
    """A local process pool of ``workers`` processes (one pool per :meth:`map`)."""

    def __init__(self, workers: int):
        self.workers = int(workers)
        self.name = f"{self.workers} worker processes"

    def map(self, fn: Task, payload: Any, n_tasks: int, progress: Progress = None) -> list[Any]:
        out: list[Any] = [None] * n_tasks
        try:
            with ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_context(),
                initializer=_init,
                initargs=(payload,),
            ) as ex:
                futs = {ex.submit(_call, fn, i): i for i in range(n_tasks)}
                for done, f in enumerate(as_completed(futs), 1):
                    out[futs[f]] = f.result()
                    if progress is not None:
                        progress(done, n_tasks)
        except BrokenProcessPool:
            raise WorkerError(
                f"a worker process of the pool of {self.workers} died (killed, or out of "
                "memory); nothing was computed: run again, with fewer --workers or draws"
            ) from None
        return out


class Dask:
    """A Dask distributed client (embedded LocalCluster, address, or given client)."""

    def __init__(self, scheduler: Any, workers: int | None = None):
        from distributed import Client, LocalCluster

        self._cluster = None
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        elif scheduler == "local":
            import logging

            self._cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client, self._own = Client(self._cluster), True
        else:
            self.client, self._own = Client(str(scheduler)), True
        self.name = f"dask ({self.client.scheduler.address})"

    def map(self, fn: Task, payload: Any, n_tasks: int, progress: Progress = None) -> list[Any]:
        from distributed import KilledWorker
        from distributed import as_completed as dask_completed

        shared = self.client.scatter(payload, broadcast=True, hash=False)
        token = uuid.uuid4().hex[:12]
        futs = [
            self.client.submit(fn, shared, i, pure=False, key=f"ripeness-{token}-{i}")
            for i in range(n_tasks)
        ]
        try:
            if progress is not None:
                for done, _f in enumerate(dask_completed(futs), 1):
                    progress(done, n_tasks)
            out = self.client.gather(futs)
        except KilledWorker as exc:
            raise WorkerError(f"Dask workers died running a task ({exc})") from None
        del shared
        return list(out)

    def close(self) -> None:
        if self._own:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


@contextmanager
def executor(workers: int | None = None, scheduler: Any = None) -> Iterator[Any]:
    """The backend for ``workers`` / ``scheduler`` (see the module docstring)."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if scheduler is not None:
        ex = Dask(scheduler, workers)
        try:
            yield ex
        finally:
            ex.close()
    elif workers is not None and workers > 1:
        yield Pool(workers)
    else:
        yield Serial()


def run_tasks(
    fn: Task,
    payload: Any,
    n_tasks: int,
    *,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Progress = None,
) -> list[Any]:
    """``[fn(payload, i) for i in range(n_tasks)]`` on the chosen backend, in task order."""
    with executor(workers, scheduler) as ex:
        return ex.map(fn, payload, n_tasks, progress)  # type: ignore[no-any-return]
