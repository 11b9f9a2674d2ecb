"""Static figures, atomic writes, and the ``report`` and ``app`` commands."""

from __future__ import annotations

import os

import pytest
from report_helpers import with_timeline
from typer.testing import CliRunner

import ripeness
from ripeness.cli import app
from ripeness.cli.report import streamlit_command
from ripeness.report import collect, files, write_report
from ripeness.report import html as html_mod
from ripeness.report.static import figure_bytes, plain, render_static, static_figures

runner = CliRunner()


@pytest.fixture(scope="module")
def toy_data(toy):
    return collect(toy, off=["hawks-b"])


def test_static_figures(toy_data):
    figs = static_figures(toy_data)
    assert set(figs) == {"bargaining", "obstacles", "lever", "durability"}
    png = render_static(toy_data, "png")
    assert set(png) == {f"{k}.png" for k in figs}
    assert all(b.startswith(b"\x89PNG") for b in png.values())
    pdf = figure_bytes(figs["lever"], "pdf")
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValueError, match="unknown format"):
        figure_bytes(figs["lever"], "svgz")


def test_static_optional_and_hostile(hostile, fake_optional):
    data = collect(with_timeline(hostile), montecarlo=50, with_obstacles=False)
    figs = static_figures(data)
    assert {"montecarlo", "timeline"} <= set(figs)
    for f in figs.values():  # $ and markup in labels render as text
        assert figure_bytes(f, "png").startswith(b"\x89PNG")
    assert plain("cost $5") == r"cost \$5"


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "a.txt"
    files.atomic_write(target, "old")
    files.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_write_leaves_nothing_on_error(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr("ripeness.atomic.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        files.atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_report_renders_before_writing(toy_data, tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    written = write_report(toy_data, out, png_dir=tmp_path / "png", pdf_dir=tmp_path / "pdf")
    assert out in written and (tmp_path / "png" / "bargaining.png").exists()
    assert (tmp_path / "pdf" / "durability.pdf").read_bytes().startswith(b"%PDF")
    assert oct(out.stat().st_mode & 0o777) == "0o644"

    def boom(data):
        raise RuntimeError("render failed")

    monkeypatch.setattr("ripeness.report.render_html", boom)
    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError):
        write_report(toy_data, fresh / "r.html", png_dir=fresh / "png")
    assert not fresh.exists()


def test_cli_report(tmp_path):
    out = tmp_path / "toy.html"
    r = runner.invoke(
        app, ["report", "toy", "-o", str(out), "--off", "hawks-b", "--png", str(tmp_path / "png")]
    )
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "Deal</span>" in page and "<code>hawks-b</code>" in page
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == [
        "bargaining.png", "durability.png", "lever.png", "obstacles.png",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["png", "toy.html"]  # no temp files


def test_cli_report_options(tmp_path):
    out = tmp_path / "r.html"
    args = ["report", "toy", "-o", str(out), "--no-obstacles", "--set", "war.military_balance=0.5"]
    r = runner.invoke(app, [*args, "--lever", "commitment.B.breach", "--lever-range", "0", "1"])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "What would have to change: commitment.B.breach" in page
    assert '<section id="obstacles">' not in page and "war.military_balance=0.5" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--off", "nope"], "unknown obstacle"),
        (["--set", "war.nothing=1"], "unknown field"),
        (["--lever-range", "2", "1"], "LO must be below HI"),
    ],
)
def test_cli_report_errors_write_nothing(tmp_path, args, message):
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", "toy", "-o", str(out), *args])
    assert r.exit_code == 2
    assert message in r.output
    assert not out.exists() and os.listdir(tmp_path) == []


def test_cli_report_with_montecarlo(tmp_path, fake_optional):
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", "toy", "-o", str(out), "--montecarlo", "100", "--seed", "2"])
    assert r.exit_code == 0, r.output
    assert '<section id="montecarlo">' in out.read_text(encoding="utf-8")


def test_cli_bad_scenario(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: x\nparties: {A: {}}\nbogus: 1\n")
    r = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 2 and "bad.yaml:3:" in r.output


def test_app_command_line():
    cmd = streamlit_command(8765)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("streamlit_app.py")
    joined = " ".join(cmd)
    assert "--server.address 127.0.0.1" in joined and "--server.port 8765" in joined
    assert "--server.headless true" in joined and "--browser.gatherUsageStats false" in joined
    r = runner.invoke(app, ["app", "--help"])
    assert r.exit_code == 0 and "--port" in r.output


def test_app_command_becomes_streamlit(monkeypatch):
    calls = []

    def execv(path, cmd):  # the real one never returns
        calls.append((path, cmd))
        raise SystemExit(0)

    monkeypatch.setattr(os, "name", "posix")
    monkeypatch.setattr(os, "execv", execv)
    runner.invoke(app, ["app", "--port", "9999"])
    assert calls and calls[0][0] == calls[0][1][0] and "9999" in calls[0][1]


def test_css_is_packaged():
    assert "font" in html_mod.CSS and ripeness.__version__
