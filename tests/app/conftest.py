"""Fixtures of the app tests."""

from __future__ import annotations

import pytest
from app_helpers import CHROMIUM, CHROMIUM_ARGS, browser_available, streamlit_server


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app served by ``streamlit run`` on 127.0.0.1 (skips without a browser)."""
    if not browser_available():
        pytest.skip("needs /usr/bin/chromium, playwright and streamlit")
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def app_browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
