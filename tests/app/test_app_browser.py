"""The running app (``streamlit run`` on loopback) driven by Debian's Chromium."""

from __future__ import annotations

import time

import pytest

from ripeness.scenario import parse_text

pytestmark = pytest.mark.browser


def test_load_toggle_download(app_browser, app_url, tmp_path):
    page = app_browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{app_url}/?scenario=toy")
        alert = page.locator('[data-testid="stAlert"]')
        alert.filter(has_text="No deal.").wait_for(timeout=30_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)

        # switch off Borovia's hawks: a deal opens
        t0 = time.monotonic()
        page.locator('[data-testid="stCheckbox"]', has_text="hawks-b").first.click()
        alert.filter(has_text="Deal. 2 of 54 packages").wait_for(timeout=15_000)
        assert time.monotonic() - t0 < 10
        assert alert.filter(has_text="No deal.").count() == 0
        page.screenshot(path=str(tmp_path / "app.png"))

        # move the military balance one step with the keyboard
        page.locator('[data-testid="stSidebar"] input[type="range"]').first.focus()
        page.keyboard.press("ArrowRight")
        page.get_by_text("Levers moved").wait_for(timeout=15_000)

        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="Download the edited scenario (YAML)").click()
        dl = info.value
        assert dl.suggested_filename == "toy-border-war-edited.yaml"
        path = tmp_path / dl.suggested_filename
        dl.save_as(path)
        text = path.read_text(encoding="utf-8")
        assert "hawks-b" in text.splitlines()[2]
        sc = parse_text(text, "downloaded.yaml")
        assert sc.id == "toy-border-war"
        assert sc.spec.war.military_balance.point == pytest.approx(0.05)

        page.get_by_role("button", name="Build the report (HTML)").click()
        report_button = page.get_by_role("button", name="Download the report (HTML)")
        report_button.wait_for(timeout=40_000)
        with page.expect_download(timeout=40_000) as info:
            report_button.click()
        report = tmp_path / "report.html"
        info.value.save_as(report)
        html = report.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "<code>hawks-b</code>" in html
        assert "war.military_balance=0.05" in html
        assert errors == []
    finally:
        page.close()


def _idle(page, timeout: float = 60_000) -> None:
    """Wait until the app's script is not running (Streamlit's status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


@pytest.mark.slow
def test_download_while_the_obstacle_analysis_reruns(app_browser, app_url, tmp_path):
    """Six times: build the report, start the obstacle analysis, download at once (issue 12:
    "Failed to generate file for download" in 2 of 6 tries before)."""
    page = app_browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{app_url}/?scenario=russia-ukraine-2024")
        page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
        page.get_by_role("tab", name="Obstacles").click()
        slider = page.locator('[data-testid="stSidebar"] input[type="range"]').first
        for i in range(6):
            slider.focus()  # a new setting: the obstacle analysis runs again
            page.keyboard.press("ArrowRight")
            page.get_by_text("Levers moved").wait_for(timeout=30_000)
            page.get_by_role("button", name="Build the report (HTML)").click()
            button = page.get_by_role("button", name="Download the report (HTML)")
            button.wait_for(timeout=60_000)
            _idle(page)  # the build's run has finished: the next click starts a new one
            page.get_by_role("button", name="Run the full obstacle analysis").click()
            with page.expect_download(timeout=60_000) as info:
                button.click()
            path = tmp_path / f"report-{i}.html"
            info.value.save_as(path)
            assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), i
            assert page.get_by_text("Failed to generate").count() == 0, i
            page.locator(".js-plotly-plot").nth(1).wait_for(timeout=60_000)
        assert errors == []
    finally:
        page.close()
