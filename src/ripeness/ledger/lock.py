"""An operating-system lock on a file beside the ledger, so ripeness processes take turns.

DuckDB lets one process at a time open a database file for writing, and readers may not open it
while a writer has it. Every ripeness process therefore opens the ledger only while it holds a
lock on ``<ledger>.lock``: exclusive to append, shared to read. Writers queue instead of failing;
the lock is released by the operating system when a process dies (even by SIGKILL), so a crash
never leaves the ledger locked. POSIX uses ``fcntl.flock``; Windows ``msvcrt.locking``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

#: Seconds between two attempts to take a lock that is held.
POLL_SECONDS = 0.005


class LedgerBusy(TimeoutError):
    """The ledger stayed locked by another process for longer than the timeout."""


def lock_path(ledger: Path) -> Path:
    """The lock file of a ledger: ``<ledger>.lock`` beside it."""
    return ledger.with_name(ledger.name + ".lock")


def _try_lock(fd: int, exclusive: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:  # msvcrt has no shared locks: readers take turns as well
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def file_lock(path: Path, *, exclusive: bool, timeout: float) -> Iterator[None]:
    """Hold a lock on ``path`` (created when missing) for the body of a ``with``.

    Parameters
    ----------
    path : Path
        The lock file.
    exclusive : bool
        True to write (nobody else holds the lock), False to read (other readers may).
    timeout : float
        Seconds to wait for the lock.

    Raises
    ------
    LedgerBusy
        When the lock is not free within ``timeout`` seconds.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd, exclusive):
            if time.monotonic() >= deadline:
                raise LedgerBusy(
                    f"the ledger is busy: another process has held {path} for {timeout:g} s "
                    "(try again, or give a longer timeout)"
                )
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


__all__ = ["LedgerBusy", "file_lock", "lock_path"]
