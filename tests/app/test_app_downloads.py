"""The app's downloads (streamlit.testing): the report is built on request under a spinner, and
a download asked for while the obstacle analysis reruns still gets its file.

The second test keeps one Streamlit media file manager across the runs of an AppTest (as the
server does for a session), and asks for the file of the report button the browser still
shows *while* the next run computes the obstacle analysis. Before the fix this raised
``MediaFileStorageError: Deferred file ... not found``: the report was a callable run on click,
and the ``st.rerun()`` of the obstacle button ended a run that had not drawn the button again,
so Streamlit dropped the callable.
"""

from __future__ import annotations

import contextlib

import pytest

pytest.importorskip("streamlit")
import streamlit
from app_helpers import app_test
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ripeness.app import cached


def _app(scenario: str = "toy") -> AppTest:
    return app_test(scenario, timeout=90)


def _report_button(at: AppTest):
    """The report's download button, after pressing "Build the report" when it is there."""
    for b in at.get("download_button"):
        if b.key == "download_report":
            return b
    at.button(key="build_report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return next(b for b in at.get("download_button") if b.key == "download_report")


def _fetch(mgr: MediaFileManager, proto) -> bytes:
    """What the browser gets for a download button (raises as the server's handler does)."""
    if proto.deferred_file_id:
        url = mgr.execute_deferred(proto.deferred_file_id)
        file_id = url.rsplit("/", 1)[-1].split(".")[0]
    else:
        file_id = proto.url.rsplit("/", 1)[-1].split(".")[0]
    f = mgr.read_file(file_id)
    if f is None:
        raise MediaFileStorageError(f"file {file_id} not found")
    return f.content


def test_report_is_built_on_request_under_a_spinner(monkeypatch):
    spinners: list[str] = []
    built: list[str] = []
    real_spinner, real_report = streamlit.spinner, cached.report

    @contextlib.contextmanager
    def spinner(text="", **kw):
        spinners.append(text)
        with real_spinner(text, **kw):
            yield
        spinners.append("done")

    def report(*args):
        built.append(spinners[-1] if spinners else "")  # the spinner is up while it builds
        return real_report(*args)

    monkeypatch.setattr(streamlit, "spinner", spinner)
    monkeypatch.setattr(cached, "report", report)
    at = _app()
    assert built == []  # nothing built until asked
    button = _report_button(at)
    assert built and built[0].startswith("Building the report")
    assert button.proto.url and not button.proto.deferred_file_id  # the file itself, no callable
    # another setting needs another build; coming back finds the first one cached
    at.checkbox(key="obstacle:hawks-b").uncheck().run()
    assert "download_report" not in [b.key for b in at.get("download_button")]
    at.checkbox(key="obstacle:hawks-b").check().run()
    assert [b.key for b in at.get("download_button")] == ["download_yaml", "download_report"]


def test_download_while_the_obstacle_analysis_reruns(monkeypatch):
    mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", lambda storage: mgr)
    at = _app()
    at.session_state["tab"] = "Obstacles"
    at.run()
    held = _report_button(at).proto  # what the browser shows and will ask for
    expected = _fetch(mgr, held)
    assert expected.startswith(b"<!DOCTYPE html>")

    got: list[bytes | str] = []
    real = cached.obstacle_analysis

    def obstacle_analysis(*args):  # the click on "Download" lands while this runs
        try:
            got.append(_fetch(mgr, held))
        except MediaFileStorageError as exc:
            got.append(str(exc))
        return real(*args)

    monkeypatch.setattr(cached, "obstacle_analysis", obstacle_analysis)
    at.button(key="run_obstacles").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert got and got[0] == expected
    assert _fetch(mgr, held) == expected  # and after the run


def test_no_button_ends_its_own_run(monkeypatch):
    """The obstacle, lever and report buttons compute in the run they start (no st.rerun)."""

    def no_rerun(*a, **k):
        raise AssertionError("st.rerun() called")

    monkeypatch.setattr(streamlit, "rerun", no_rerun)
    at = _app()
    at.session_state["tab"] = "Obstacles"
    at.run()
    at.button(key="run_obstacles").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 2  # from the current toggles
    assert "run_obstacles" not in [b.key for b in at.button]  # the button has gone
    at.session_state["tab"] = "Lever"
    at.run()
    at.button(key="run_lever").click().run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    _report_button(at)
    assert not at.exception
