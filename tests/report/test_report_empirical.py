"""What real agreements did, in the report: only when a data file is given."""

from __future__ import annotations

import pytest

pytest.importorskip("lifelines")

from ripeness.analysis.empirical import DataError, empirical_view, groups_of
from ripeness.app import state
from ripeness.report import collect, render_html, report_files
from ripeness.report.empirical import group_label
from ripeness.testing.ucdp import synthetic_csv

EVIDENCE = "evidence: {alliance: pko, assurances: pa_type_full}"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("ucdp") / "pa.csv"
    p.write_text(synthetic_csv(200, seed=8), encoding="utf-8")
    return p


def test_no_data_no_empirical_part(toy):
    data = collect(toy, with_obstacles=False)
    assert data.empirical is None
    page = render_html(data, generated="x")
    assert "fig-empirical" not in page and "What real agreements did" not in page


def test_empirical_part_beside_the_scenario(toy, data_file, tmp_path):
    data = collect(toy, with_obstacles=False, empirical_data=data_file)
    v = data.empirical
    # no evidence named: peacekeepers and third-party signatories
    assert v is not None and v.groups == ["all", "pko_1", "pko_0", "pa_3rd_1", "pa_3rd_0"]
    page = render_html(data, generated="x")
    sec = page[page.index('<section id="durability"') :]
    sec = sec[: sec.index("</section>")]
    assert "fig-durability" in sec and "fig-empirical" in sec
    assert "What real agreements did" in sec and "civil-war settlements" in sec
    assert "guarantees=alliance" in sec and "1 − HR" in sec
    files = report_files(data, None, png_dir=tmp_path)
    assert (tmp_path / "empirical.png") in files


def test_groups_follow_the_evidence_named(data_file):
    yaml = state.packaged_text("toy").replace(
        "alliance: 0.8}}", "alliance: 0.8}, " + EVIDENCE + "}"
    )
    edited = state.load_text(yaml, "toy-evidence.yaml")
    v = empirical_view(edited, data_file)
    assert v.groups == ["all", "pa_type_full", "pa_type_partial", "pko_1", "pko_0"]
    rows = {r.option: r for r in v.evidence.rows}
    assert rows["alliance"].covariate == "pko" and rows["alliance"].empirical is not None
    assert group_label("pko_1") == "with peacekeepers (pko_1)"
    assert group_label("territory_0") == "over government (territory_0)"
    assert groups_of("pa_type_process") == ["pa_type_process", "pa_type_partial"]


def test_bad_data_file_is_an_error(toy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("paid\n1\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        collect(toy, with_obstacles=False, empirical_data=bad)
