"""The code base stays ruff- and mypy-clean (run in CI with the slow tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_ruff_lint_and_format():
    if shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    lint = run("ruff", "check", "src", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = run("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert fmt.returncode == 0, fmt.stdout[-3000:]


@pytest.mark.slow
def test_mypy():
    pytest.importorskip("mypy")
    res = run(sys.executable, "-m", "mypy", "src")
    assert res.returncode == 0, res.stdout[-3000:]
