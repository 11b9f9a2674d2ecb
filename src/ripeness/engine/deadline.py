"""A wall-clock limit shared by every solve of an exact run, and Ctrl-C that stops the run.

An exact run makes many CP-SAT solves (ranges, ZOPA counts, the gap, the frontier, solutions;
for ``obstacles``, ``levers`` or ``sweep``, one run per subset or grid point). A
:class:`Deadline` is one budget for all of them: :func:`time_limit` opens it for a block of
work (a whole command), each solve gets the time left as its ``max_time_in_seconds``, and a
solve cut short by the deadline raises :class:`TimeLimitExceeded`, naming the limit and what
was being computed: the run stops, it never answers from an unfinished solve. Without an open
deadline each exact run gets :data:`DEFAULT_TIME_LIMIT` of its own.

Ctrl-C: :func:`guarded` runs an exact computation started on the main thread in a worker
thread (daemon: it never keeps the process alive) while the main thread waits, so that
``KeyboardInterrupt`` is raised at once; the deadline is then stopped, which stops every
running solve (``CpSolver.stop_search``) and makes every later one raise :class:`Interrupted`,
and the interrupt propagates. (CP-SAT's own SIGINT handling is switched off:
``catch_sigint_signal``, which otherwise swallows Ctrl-C as if a solve had timed out.)
"""

from __future__ import annotations

import contextvars
import math
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, TypeVar

#: Seconds an exact run may take when no limit is given (``--time-limit``).
DEFAULT_TIME_LIMIT = 600.0
#: Seconds the worker threads get to wind down after Ctrl-C before the interrupt propagates.
GRACE = 5.0
#: Seconds between the main thread's checks while it waits (and between stop requests).
POLL = 0.05

T = TypeVar("T")


class TimeLimitExceeded(RuntimeError):
    """The exact engine reached its time limit; nothing was answered."""

    def __init__(self, limit: float, doing: str):
        self.limit = limit
        self.doing = doing
        super().__init__(
            f"the exact engine stopped at its time limit of {limit:g} s while computing "
            f"{doing}; no answer was given: allow more time with --time-limit SECONDS "
            "(0: no limit)"
        )


class Interrupted(RuntimeError):
    """The run was stopped (Ctrl-C)."""


class Deadline:
    """One time budget (and one stop switch) for every solve of a run.

    Parameters
    ----------
    seconds : float or None
        Wall-clock seconds from now; None for no limit.
    parent : Deadline, optional
        An enclosing deadline: this one ends no later, and stopping it stops this one.
    """

    def __init__(self, seconds: float | None, parent: Deadline | None = None):
        if seconds is not None and not seconds > 0:
            raise ValueError(f"time limit {seconds!r}: give a positive number of seconds")
        self.seconds = seconds
        self.parent = parent
        self._own_end = math.inf if seconds is None else time.monotonic() + seconds
        self.end: float = min(self._own_end, parent.end) if parent else self._own_end
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._solvers: set[Any] = set()
        self._children: list[Deadline] = []
        self.labels: list[str] = []  # what the run is about (outermost first)
        self.stage = "the answer"  # what the engine is computing
        if parent is not None:
            with parent._lock:
                parent._children.append(self)

    @property
    def limit(self) -> float | None:
        """The limit in force, in seconds: this one's, or its parent's when that ends first."""
        if self.parent is not None and self.parent.end < self._own_end:
            return self.parent.limit
        return self.seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set() or (self.parent is not None and self.parent.stopped)

    def describe(self) -> str:
        """What was being computed, for messages."""
        labels = [*(self.parent.labels if self.parent is not None else []), *self.labels]
        return self.stage + (f" ({'; '.join(labels)})" if labels else "")

    def timeout(self) -> TimeLimitExceeded:
        """The error to raise at the deadline."""
        return TimeLimitExceeded(float(self.limit or 0.0), self.describe())

    def check(self) -> None:
        """Raise when stopped or past the deadline."""
        if self.stopped:
            raise Interrupted("stopped")
        if self.expired():
            raise self.timeout()

    @contextmanager
    def doing(self, label: str) -> Iterator[None]:
        """Name what the enclosed work is about (in messages)."""
        self.labels.append(label)
        try:
            yield
        finally:
            self.labels.pop()

    @contextmanager
    def running(self, solver: Any) -> Iterator[None]:
        """Register a solver for the duration of its solve, so that :meth:`stop` reaches it."""
        with self._lock:
            self._solvers.add(solver)
        try:
            self.check()  # a stop that came just before registering
            yield
        finally:
            with self._lock:
                self._solvers.discard(solver)

    def stop(self) -> None:
        """Stop every running solve of this deadline (and of its children); later solves
        raise :class:`Interrupted`. Safe to call repeatedly, from any thread."""
        self._stopped.set()
        with self._lock:
            solvers, children = list(self._solvers), list(self._children)
        for s in solvers:
            s.stop_search()
        for c in children:
            c.stop()


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "ripeness_deadline", default=None
)


def current() -> Deadline | None:
    """The deadline open in this context, if any."""
    return _CURRENT.get()


@contextmanager
def time_limit(seconds: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Deadline]:
    """Open a deadline ``seconds`` from now (None, 0 or infinity: no limit) shared by every
    exact solve in the block, and by the threads the engine starts there; nested in another,
    it ends no later.

    Raises
    ------
    ValueError
        For a negative or non-numeric limit.
    """
    if seconds is not None and (seconds == 0 or seconds == math.inf):
        seconds = None
    d = Deadline(seconds, current())
    token = _CURRENT.set(d)
    try:
        yield d
    finally:
        _CURRENT.reset(token)


def submit(pool: Executor, fn: Callable[..., T], *args: Any) -> Future[T]:
    """``pool.submit(fn, *args)`` in a copy of this context (the open deadline included)."""
    return pool.submit(contextvars.copy_context().run, fn, *args)


def guarded(fn: Callable[[], T], stage: str | None = None) -> T:
    """Run an exact computation under the open deadline (or a fresh
    :data:`DEFAULT_TIME_LIMIT` one), stoppable by Ctrl-C.

    On the main thread ``fn`` runs in a daemon worker thread while the main thread waits
    (``KeyboardInterrupt`` arrives at once); on Ctrl-C the deadline is stopped, the worker
    gets :data:`GRACE` seconds to wind down, and ``KeyboardInterrupt`` propagates. Elsewhere
    ``fn`` runs inline. Exceptions of ``fn`` propagate either way.
    """
    d = current()
    if d is None:
        with time_limit(DEFAULT_TIME_LIMIT):
            return guarded(fn, stage)
    if stage is not None:
        d.stage = stage
    d.check()
    if threading.current_thread() is not threading.main_thread():
        return fn()
    box: dict[str, Any] = {}
    done = threading.Event()  # not Thread.join: an interrupted join can mark a thread stopped

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(
        target=contextvars.copy_context().run, args=(work,), name="ripeness-exact", daemon=True
    )
    worker.start()
    try:
        while not done.wait(POLL):
            pass
    except KeyboardInterrupt:
        give_up = time.monotonic() + GRACE
        while not done.is_set() and time.monotonic() < give_up:
            d.stop()  # again and again: a solve may start between two requests
            done.wait(POLL)
        raise
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Deadline",
    "Interrupted",
    "TimeLimitExceeded",
    "current",
    "guarded",
    "submit",
    "time_limit",
]
