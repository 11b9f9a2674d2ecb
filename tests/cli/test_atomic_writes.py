"""SIGKILL at every step of every command that writes files: old content or new, never a mix.

Each command runs in a forked child that sends itself SIGKILL (a real kill, no clean-up) just
before its k-th call of a file-system step (open for writing, write, fsync, rename, symlink),
for k = 1, 2, ... until a run completes. After every kill the target must hold the old
content or the new one; after the next complete run no temporary file or staging folder may
be left.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

STEPS = [
    (os, "open"),
    (os, "fsync"),
    (os, "replace"),
    (os, "symlink"),
    (Path, "write_text"),
    (Path, "write_bytes"),
]


def _run(args: list[str], kill_at: int | None) -> bool:
    """Run the CLI in a forked child; True when it was killed (it reached step ``kill_at``)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            calls = [0]

            def wrap(fn: Callable) -> Callable:
                def step(*a, **kw):
                    calls[0] += 1
                    if calls[0] == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return fn(*a, **kw)

                return step

            for owner, name in STEPS:
                setattr(owner, name, wrap(getattr(owner, name)))
            from ripeness.cli import app

            app(args, standalone_mode=False)
            os._exit(0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the command failed"
    return False


_STAMP = re.compile(rb" on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def _snapshot(target: Path) -> object:
    """The target's content: a file's bytes (the report's time stamp blanked), or a folder's
    ``{name: bytes}`` read through its link."""
    if not target.exists():
        return None
    if target.is_dir():
        real = Path(os.path.realpath(target))
        return {p.name: p.read_bytes() for p in sorted(real.iterdir())}
    return _STAMP.sub(b" on <time>", target.read_bytes())


def _sweep(
    old_args: list[str], new_args: list[str], target: Path, steps: list[int] | None = None
) -> tuple[int, list[str]]:
    """Kill ``new_args`` at every step (or at ``steps``) over the output of ``old_args``."""
    assert not _run(old_args, None)
    old = _snapshot(target)
    assert not _run(new_args, None)
    new = _snapshot(target)
    assert old != new, "the two runs must write different content"
    assert not _run(old_args, None)
    kills = 0
    for k in steps or range(1, 200):
        killed = _run(new_args, k)
        now = _snapshot(target)
        assert now in (old, new), f"a mix after a kill at step {k}"
        if not killed:
            assert now == new
            break
        kills += 1
        if now == new:
            assert not _run(old_args, None)  # back to the old content for the next kill
    else:
        if steps is None:
            pytest.fail("the command never completed")
    assert not _run(new_args, None)  # a clean run removes what the kills left
    left = sorted(p.name for p in target.parent.iterdir() if p.name.startswith(f".{target.name}"))
    return kills, left


def test_schema(tmp_path):
    out = tmp_path / "s.json"
    kills, left = _sweep_file(["schema", "-o", str(out), "--force"], out)
    assert kills >= 2 and left == []


def _sweep_file(args: list[str], out: Path) -> tuple[int, list[str]]:
    """For commands with one output and no option changing it: old = a sentinel file."""
    assert not _run(args, None)
    new = out.read_bytes()
    kills = 0
    for k in range(1, 60):
        out.write_bytes(b"old content")
        killed = _run(args, k)
        assert out.read_bytes() in (b"old content", new), f"a mix after a kill at step {k}"
        if not killed:
            break
        kills += 1
    assert not _run(args, None)
    left = sorted(p.name for p in out.parent.iterdir() if p.name != out.name)
    return kills, left


FULL = pytest.param(None, marks=pytest.mark.slow, id="every-step")
SOME = pytest.param([1, 4, 7, 10], id="some-steps")


@pytest.mark.parametrize("steps", [SOME, FULL])
def test_export_genius(tmp_path, steps):
    out = tmp_path / "genius"
    old = ["export-genius", "toy", "-o", str(out), "--force"]
    new = [*old, "--set", "utilities.A.gov.values.north.frozen=31"]
    kills, left = _sweep(old, new, out, steps)
    assert kills >= 4
    versions = [n for n in left if ".v-" in n]
    assert len(versions) <= 2 and not [n for n in left if ".link-" in n], left
    assert out.is_symlink() and Path(os.path.realpath(out)).name in versions


@pytest.mark.parametrize("steps", [SOME, FULL])
def test_import_genius(tmp_path, steps):
    export = tmp_path / "genius"
    assert not _run(["export-genius", "toy", "-o", str(export)], None)
    files = sorted(Path(os.path.realpath(export)).iterdir())
    domain = next(p for p in files if p.name == "toy-border-war.xml")
    profiles = [str(p) for p in files if p != domain]
    out = tmp_path / "back.yaml"
    old = ["import-genius", str(domain), *profiles, "-o", str(out), "--force"]
    new = [*old, "--party", "Arland", "--party", "Borovia"]
    kills, left = _sweep(old, new, out, steps)
    assert kills >= 2 and left == []


@pytest.mark.slow
def test_report(tmp_path):
    out = tmp_path / "r.html"
    old = ["report", "toy", "-o", str(out), "--no-obstacles", "--force"]
    new = [*old, "--off", "hawks-b"]
    kills, left = _sweep(old, new, out)
    assert kills >= 2 and left == []


def test_report_file_is_never_half_written(tmp_path):
    """Default-suite share of the report sweep: a kill just before the rename (step 3)."""
    out = tmp_path / "r.html"
    args = ["report", "toy", "-o", str(out), "--no-obstacles", "--force"]
    out.write_bytes(b"old")
    for k in (1, 2, 3):
        assert _run(args, k)
        assert out.read_bytes() == b"old"
    assert list(tmp_path.glob(".r.html.*.tmp"))  # a kill leaves a temporary file ...
    assert not _run(args, None)
    assert out.read_bytes().startswith(b"<!DOCTYPE html>") or b"<html" in out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # ... the next run removes it


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
