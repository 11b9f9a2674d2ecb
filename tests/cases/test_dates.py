"""The protocol's date rule (docs/cases.md §1) over every dated packaged file: the model's
inputs cite no source dated after the file's ``as_of``."""

from __future__ import annotations

import pytest
from tests.scenario_checks import citations_after_as_of, raw

import ripeness

DATED = [
    *ripeness.packaged_scenarios("cases"),
    *(n for n in ripeness.packaged_scenarios() if n.startswith("russia-ukraine-")),
]


def test_the_dated_files_are_all_here():
    assert len(DATED) == 30  # 26 snapshots of the case library, four Russia–Ukraine dates


@pytest.mark.parametrize("name", DATED)
def test_no_input_cites_a_source_dated_after_as_of(name):
    data = raw(name)
    assert data.get("as_of"), name
    assert citations_after_as_of(data) == []
