"""Fixtures of the report tests: scenarios, fake optional analyses, a headless Chromium."""

from __future__ import annotations

import pytest
from report_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    browser_available,
    fake_montecarlo,
    fake_timeline,
    make_hostile,
)

import ripeness


@pytest.fixture
def fake_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install fake ``ripeness.montecarlo`` and ``ripeness.timeline`` (fixed, fast results)."""
    monkeypatch.setattr(ripeness, "montecarlo", fake_montecarlo, raising=False)
    monkeypatch.setattr(ripeness, "timeline", fake_timeline, raising=False)


@pytest.fixture(scope="session")
def toy() -> ripeness.Scenario:
    return ripeness.load("toy")


@pytest.fixture(scope="session")
def hostile() -> ripeness.Scenario:
    return make_hostile()


@pytest.fixture(scope="module")
def chromium():
    """A headless Debian Chromium driven by Playwright (skips when unavailable)."""
    if not browser_available():
        pytest.skip("needs /usr/bin/chromium and the playwright package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
