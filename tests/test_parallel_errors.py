"""A worker process that dies is reported as an error, not a BrokenProcessPool traceback."""

from __future__ import annotations

import os
import signal

import pytest

from ripeness.parallel import WorkerError, run_tasks


def _die(payload: object, i: int) -> int:
    if i == 1:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    return i


def test_killed_worker_is_a_worker_error():
    with pytest.raises(WorkerError, match=r"worker process .* died"):
        run_tasks(_die, None, 4, workers=2)


def test_cli_reports_a_dead_worker_in_words(monkeypatch):
    from typer.testing import CliRunner

    import ripeness
    from ripeness.cli import app

    def boom(*args, **kwargs):
        raise WorkerError("a worker process of the pool of 2 died (killed, or out of memory)")

    monkeypatch.setattr(ripeness, "montecarlo", boom)
    r = CliRunner().invoke(app, ["montecarlo", "toy", "-n", "10", "--workers", "2"])
    assert r.exit_code == 2 and "error: a worker process" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
