"""The ``ripeness`` command line: a thin layer over the library.

Commands live in small modules that register on :data:`app`; heavy imports stay inside the
commands so ``ripeness --help`` starts fast.
"""

from __future__ import annotations

from . import core as _core  # noqa: F401  (registers commands)
from ._app import app

for _mod in ("interop", "uncertainty", "report", "record", "ledger"):
    try:  # optional command groups, present when their modules are
        __import__(f"{__name__}.{_mod}")
    except ModuleNotFoundError as _exc:  # pragma: no cover
        if _exc.name != f"{__name__}.{_mod}":
            raise


def main() -> None:
    """Entry point of the ``ripeness`` script."""
    app()


__all__ = ["app", "main"]
