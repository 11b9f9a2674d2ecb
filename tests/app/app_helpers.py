"""Helpers of the app tests: Chromium launch, a Streamlit server on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def browser_available() -> bool:
    if not CHROMIUM.exists() or os.environ.get("RIPENESS_NO_BROWSER"):
        return False
    try:
        import playwright.sync_api  # noqa: F401
        import streamlit  # noqa: F401
    except ImportError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(log: Path, timeout: float = 40.0):
    """``ripeness app``'s command on a free port; yields the base URL once healthy."""
    from ripeness.cli.report import streamlit_command

    port = free_port()
    with open(log, "w") as fh:
        proc = subprocess.Popen(streamlit_command(port), stdout=fh, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def app_test(scenario: str = "toy", *, timeout: float = 60, tab: str | None = None):  # type: ignore[no-untyped-def]
    """The app run once by Streamlit's ``AppTest`` on a packaged scenario (``?scenario=``),
    on the tab ``tab`` if given."""
    from streamlit.testing.v1 import AppTest

    from ripeness.app import APP_PATH

    at = AppTest.from_file(str(APP_PATH), default_timeout=timeout)
    at.query_params["scenario"] = scenario
    if tab is not None:
        at.session_state["tab"] = tab
    return at.run()
