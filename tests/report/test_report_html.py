"""The report page: sections, one inline plotly.js, no network, escaped scenario text."""

from __future__ import annotations

import re

import pytest
from report_helpers import with_timeline

import ripeness
from ripeness.report import charts, collect, extra_charts, obstacle_charts, render_html
from ripeness.report.extras import montecarlo_summary, timeline_points
from ripeness.report.html import CSP, NEUTRALITY


@pytest.fixture(scope="module")
def toy_page(toy):
    data = collect(toy, off=["hawks-b"])
    return data, render_html(data, generated="2024-01-01 00:00 UTC")


def test_collect_runs_every_section(toy):
    data = collect(toy)
    assert data.analysis.verdict == "no deal"
    assert data.picture is not None and data.obstacles is not None and data.durability is not None
    assert data.lever.param == "war.military_balance" and data.lever.range == (-1.0, 1.0)
    assert data.montecarlo is None and data.timeline is None and data.notes == []
    assert len(data.assumptions) > 50


def test_collect_options(toy):
    data = collect(toy, lever="commitment.B.breach", lever_range_=(0.0, 1.0), with_obstacles=False)
    assert data.obstacles is None and data.lever.param == "commitment.B.breach"
    with pytest.raises(ripeness.ScenarioError, match="unknown obstacle"):
        collect(toy, off=["nope"])


def test_page_is_self_contained(toy_page):
    _, page = toy_page
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<script") == 1 + 5  # plotly.js once, then one script per figure
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1
    after_js = page[page.index("</script>") :]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", after_js)  # nothing fetched
    assert "cdn.plot.ly" not in after_js and "<link" not in page
    assert CSP in page and "connect-src 'none'" in CSP
    sections = ("verdict", "picture", "obstacles", "lever", "durability", "assumptions", "scenario")
    for anchor in sections:
        assert f'<section id="{anchor}">' in page
    assert page.count(NEUTRALITY) == 2
    assert page.count('class="js-plotly-plot"') == 0  # drawn by plotly.js at load time


def test_page_content(toy_page, toy):
    data, page = toy_page
    assert "Deal</span> 2 of 54 packages" in page
    assert "most robust deal" in page
    # the obstacle table starts from the setting: hawks-b is off, toggling it closes the deal
    row = re.search(r"<tr><td><code>hawks-b</code></td>.*?</tr>", page).group(0)
    assert '<span class="muted">off</span>' in row and '<span class="no">no deal</span>' in row
    assert toy.spec.sources["judgement"].title in page
    assert "Arland and Borovia at war over two provinces" in page
    assert page.count("<tr>") > len(data.assumptions)


def test_no_deal_sentence_names_who_rejects(toy):
    page = render_html(collect(toy, with_obstacles=False))
    assert "No deal</span> The zone of possible agreement is empty" in page
    assert "<b>Who rejects</b> the nearest compromise: B.hawks." in page


def test_optional_sections_from_fake_results(toy, fake_optional):
    data = collect(with_timeline(toy), montecarlo=200, seed=4)
    page = render_html(data)
    assert data.montecarlo["n"] == 200 and data.timeline is not None
    assert '<section id="montecarlo">' in page and '<section id="timeline">' in page
    assert "P(a deal exists) =" in page and "seed 4" in page
    assert "&lt;b&gt;offensive&lt;/b&gt;" in page


def test_unexpected_result_shapes_are_skipped(toy, monkeypatch):
    class Odd:
        def to_dict(self):
            return {"something": "else"}

    monkeypatch.setattr(ripeness, "montecarlo", lambda sc, n, **kw: Odd())
    monkeypatch.setattr(ripeness, "timeline", lambda sc, **kw: Odd())
    data = collect(with_timeline(toy), montecarlo=5, with_obstacles=False)
    page = render_html(data)
    assert '<section id="montecarlo">' not in page and '<section id="timeline">' not in page


def test_hostile_text_is_escaped(hostile):
    page = render_html(collect(hostile))
    assert page.count("<script") == 1 + 5
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript' not in page  # a javascript: URL is shown as text, not linked
    assert "<code>javascript:alert(1)</code>" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)" in page
    # figure JSON: labels are HTML-escaped before plotly (which renders some tags) sees them
    assert "Hawks &lt;\\u002fscript&gt;" in page
    assert "\\u003cscript" not in page


def test_charts_escape_labels(hostile):
    data = collect(hostile)
    fig = obstacle_charts.toggle_figure(data.obstacles)
    titles = [t for tr in fig.data for t in (tr.customdata if tr.customdata is not None else [])]
    flat = str(titles)
    assert "<script>" not in flat and "&lt;script&gt;" in flat
    pic = charts.picture_figure(data.picture)
    texts = [t for tr in pic.data if tr.text is not None for t in tr.text]
    assert texts and all("<script>" not in t for t in texts)
    assert any("north=frozen" in t for t in texts)


def test_extra_charts(fake_optional, toy):
    data = collect(with_timeline(toy), montecarlo=100, with_obstacles=False)
    summary = montecarlo_summary(data.montecarlo)
    assert len(extra_charts.montecarlo_figure(summary).data) == 1  # the histogram
    assert list(extra_charts.binding_figure(summary).data[0].x) == [0.8]  # hawks-b binds
    tl = extra_charts.timeline_figure(timeline_points(data.timeline))
    assert len(tl.data) == 2 and tl.layout.xaxis.type == "date"


def test_real_montecarlo_and_timeline(toy):
    if not (hasattr(ripeness, "montecarlo") and hasattr(ripeness, "timeline")):
        pytest.skip("ripeness.montecarlo / ripeness.timeline not available")
    data = collect(with_timeline(toy), off=["hawks-b"], montecarlo=200, seed=3)
    mc = montecarlo_summary(data.montecarlo)
    assert mc is not None and mc.draws == 200 and mc.p_deal is not None
    assert mc.hist_count is not None and mc.hist_count.sum() > 0 and mc.quantiles
    assert set(mc.binding) <= set(toy.spec.obstacles)
    pts = timeline_points(data.timeline)
    assert [p.date for p in pts] == ["2023-06-01"] and pts[0].p_deal is not None
    page = render_html(data)
    assert '<section id="montecarlo">' in page and '<section id="timeline">' in page
