"""Write files atomically: a temporary file in the same directory, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    The bytes go to a temporary file beside ``path``, are flushed to disk, and the file is
    renamed over ``path``. On any error the temporary file is removed and ``path`` untouched.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def write_all(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write several files atomically, each whole; directories are created first.

    Everything is rendered before this is called, so an error while computing leaves no file
    half-written; each file is replaced atomically.
    """
    for p in files:
        Path(p).parent.mkdir(parents=True, exist_ok=True)
    return [atomic_write(p, d) for p, d in files.items()]
