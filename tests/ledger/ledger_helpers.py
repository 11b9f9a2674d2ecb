"""Helpers of the ledger tests: a child process running this checkout's ripeness."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import ripeness

SRC = str(Path(ripeness.__file__).resolve().parents[1])


def child(code: str, *args: str, **kw) -> subprocess.Popen[str]:
    """A separate Python process running ``code`` with this checkout's ``ripeness``."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )
