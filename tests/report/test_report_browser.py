"""Open the report in Debian's Chromium: every chart drawn, no console error, no fetch."""

from __future__ import annotations

import pytest
from report_helpers import with_timeline

from ripeness.report import collect, write_report

pytestmark = pytest.mark.browser


def _open(chromium, path):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    page.wait_for_timeout(500)
    return page, problems, requests, dialogs


def test_report_renders_every_chart(chromium, toy, fake_optional, tmp_path):
    out = tmp_path / "report.html"
    write_report(collect(with_timeline(toy), off=["hawks-b"], montecarlo=300, seed=1), out)
    page, problems, requests, dialogs = _open(chromium, out)
    try:
        assert page.locator(".js-plotly-plot").count() == 8
        figs = ("picture", "toggled", "shapley", "lever", "durability", "montecarlo", "binding",
                "timeline")  # fmt: skip
        for fig in figs:
            assert page.locator(f"#fig-{fig} .main-svg").count() >= 1, fig
        # the bargaining picture has its points, and hovering one names a package
        assert page.locator("#fig-picture .scatterlayer .point").count() >= 54
        assert page.locator("#verdict .badge").inner_text() == "Deal"
        assert problems == []
        assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests
        assert dialogs == []
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    finally:
        page.close()


def test_hostile_scenario_runs_no_script(chromium, hostile, tmp_path):
    out = tmp_path / "hostile.html"
    write_report(collect(hostile), out)
    page, problems, _requests, dialogs = _open(chromium, out)
    try:
        assert dialogs == []  # no injected alert() ran
        assert page.locator("img[src='x']").count() == 0
        assert "<script>alert('x')</script>" in page.locator("h1").inner_text()
        assert page.locator(".js-plotly-plot").count() == 5
        assert problems == []
        assert page.locator("a[href^='javascript']").count() == 0
    finally:
        page.close()
