"""The memory budget of vectorised work: Monte Carlo, the tornado, Sobol indices, timelines.

Work over many draws at once is done in passes sized so that the arrays of a pass stay within
a budget in bytes (per process: each worker of a pool has its own). The budget is, in order:
the innermost :func:`memory_limit` context, the ``RIPENESS_MEMORY`` environment variable
(``1G``, ``512M``, ``2.5GB``, or a number of bytes), else :data:`DEFAULT_MEMORY`.

The budget changes how work is split, never the numbers: random streams depend on the seed
and the number of draws only, and every pass does per draw exactly the arithmetic a single
pass would (``tests/analysis/test_memory.py``). It bounds the arrays ripeness allocates per
pass, not the interpreter, the compiled model or the libraries loaded (about 200 MB).
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

#: Budget when nothing else is given: 1 GiB.
DEFAULT_MEMORY = 1 << 30
#: Smallest budget accepted: below it the fixed blocks of the evaluation do not fit.
MIN_MEMORY = 256 << 20
#: Environment variable holding the budget.
ENV = "RIPENESS_MEMORY"

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?(?:[eE][0-9]+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.I)
_CURRENT: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "ripeness_memory", default=None
)


def parse_size(text: str | int | float) -> int:
    """Bytes from ``"1G"``, ``"512M"``, ``"2.5GB"``, ``"64MiB"`` (powers of 1024) or a number.

    Raises
    ------
    ValueError
        For anything else, or a size below :data:`MIN_MEMORY`.
    """
    if isinstance(text, bool):
        raise ValueError(f"memory budget {text!r}: expected a size such as 1G or 512M")
    if isinstance(text, int | float):
        value = float(text)
    else:
        m = _SIZE.match(str(text))
        if m is None:
            raise ValueError(f"memory budget {text!r}: expected a size such as 1G or 512M")
        value = float(m.group(1)) * _UNITS[m.group(2).upper()]
    if not value >= MIN_MEMORY or value != value or value == float("inf"):
        raise ValueError(
            f"memory budget {text!r}: at least {MIN_MEMORY >> 20} MiB is needed (e.g. 256M)"
        )
    return int(value)


def memory_budget() -> int:
    """The budget in force, in bytes (see the module docstring).

    Raises
    ------
    ValueError
        When ``RIPENESS_MEMORY`` is set to something that is not a size.
    """
    got = _CURRENT.get()
    if got is not None:
        return got
    env = os.environ.get(ENV)
    if env is None or not env.strip():
        return DEFAULT_MEMORY
    try:
        return parse_size(env)
    except ValueError as exc:
        raise ValueError(f"${ENV}: {exc}") from None


@contextmanager
def memory_limit(size: str | int | float | None) -> Iterator[int]:
    """Use ``size`` (bytes or a size string; None: keep the budget in force) inside the block;
    yields the budget in bytes."""
    if size is None:
        yield memory_budget()
        return
    token = _CURRENT.set(parse_size(size))
    try:
        yield _CURRENT.get() or DEFAULT_MEMORY
    finally:
        _CURRENT.reset(token)


__all__ = ["DEFAULT_MEMORY", "ENV", "MIN_MEMORY", "memory_budget", "memory_limit", "parse_size"]
