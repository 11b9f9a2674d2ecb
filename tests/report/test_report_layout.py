"""The report on a desk and on a phone: screenshots in headless Chromium, nothing overflows.

Screenshots go to the test's temporary folder (``report-1400x900.png``, ``report-390x844.png``)
for a person to look at; the checks are the ones a reader notices: the page is no wider than
the screen, tables scroll inside their box, the verdict is on the first screen, the two
obstacle charts sit side by side on a desk and one above the other on a phone, and no plot
has a title inside it for plotly's toolbar to cover.
"""

from __future__ import annotations

import pytest
from report_helpers import with_timeline

from ripeness.report import collect, write_report

pytestmark = pytest.mark.browser

SIZES = [(1400, 900), (390, 844)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A no-deal report (Russia–Ukraine with every section) and a deal report (the toy)."""
    from report_helpers import fake_montecarlo, fake_timeline

    import ripeness

    out = tmp_path_factory.mktemp("layout")
    mp = pytest.MonkeyPatch()
    mp.setattr(ripeness, "montecarlo", fake_montecarlo, raising=False)
    mp.setattr(ripeness, "timeline", fake_timeline, raising=False)
    try:
        ru = collect(with_timeline(ripeness.load("russia-ukraine-2024")), montecarlo=200, seed=1)
        deal = collect("toy", off=["hawks-b"])
    finally:
        mp.undo()
    paths = {"nodeal": out / "nodeal.html", "deal": out / "deal.html"}
    write_report(ru, paths["nodeal"])
    write_report(deal, paths["deal"])
    return paths


def _open(chromium, path, width, height):
    page = chromium.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20_000)
    page.wait_for_timeout(600)
    return page, errors


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("which", ["nodeal", "deal"])
def test_nothing_overflows(chromium, pages, tmp_path, which, width, height):
    page, errors = _open(chromium, pages[which], width, height)
    try:
        page.screenshot(path=str(tmp_path / f"report-{width}x{height}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        # what sticks out of the page, outside a scrolling table box (none)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                 .filter(e => !e.closest('.table-wrap'))
                 .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                 .map(e => e.tagName + '.' + e.className.baseVal ?? e.className)"""
        )
        assert wide == []
        # every plot fits its column
        for w in page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')].map(e => e.scrollWidth)"
        ):
            assert w <= width
        # the verdict's first sentence is on the first screen
        box = page.locator("#verdict .lead").bounding_box()
        assert box is not None and box["y"] + box["height"] < height
        assert errors == []
    finally:
        page.close()


def test_obstacle_charts_side_by_side_on_a_desk_stacked_on_a_phone(chromium, pages):
    for width, height in SIZES:
        page, _ = _open(chromium, pages["nodeal"], width, height)
        try:
            a = page.locator("#fig-toggled").bounding_box()
            b = page.locator("#fig-shapley").bounding_box()
            assert a is not None and b is not None
            if width >= 1000:
                assert abs(a["y"] - b["y"]) < 5 and a["x"] + a["width"] <= b["x"] + 1
            else:
                assert b["y"] >= a["y"] + a["height"] - 1
            # no title inside a plot: plotly's toolbar covers the top right corner
            assert page.locator(".js-plotly-plot .gtitle").count() == 0
            assert page.locator(".js-plotly-plot .annotation-text", has_text="Dashed").count() == 0
        finally:
            page.close()


def test_tables_scroll_inside_their_box_on_a_phone(chromium, pages):
    page, _ = _open(chromium, pages["nodeal"], 390, 844)
    try:
        widths = page.evaluate(
            """[...document.querySelectorAll('.table-wrap')].map(
                 w => [w.clientWidth, w.scrollWidth, w.getBoundingClientRect().right])"""
        )
        assert widths and all(right <= 390 + 0.5 for _cw, _sw, right in widths)
        assert any(sw > cw for cw, sw, _ in widths)  # the assumptions table scrolls
    finally:
        page.close()
