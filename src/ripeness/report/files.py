"""Write report files atomically (see :mod:`ripeness.atomic`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..atomic import atomic_write

__all__ = ["atomic_write", "write_all"]


def write_all(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write several files atomically, each whole; directories are created first.

    Everything is rendered before this is called, so an error while computing leaves no file
    half-written; each file is replaced atomically, and temporary files left by a killed
    earlier run are removed.
    """
    for p in files:
        Path(p).parent.mkdir(parents=True, exist_ok=True)
    return [atomic_write(p, d) for p, d in files.items()]
