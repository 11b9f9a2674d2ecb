"""``ripeness params``' catalog and the words for a path that names no number."""

from __future__ import annotations

import pytest

from ripeness.scenario.catalog import catalog, require_number


def test_catalog_paths_are_the_ones_set_takes(toy):
    paths = [s.path for s in catalog(toy)]
    assert len(paths) == len(set(paths))
    assert "war.cost_per_month.B.hawks" in paths  # a dotted actor id, as --set splits it
    assert "war.control.north.cutpoints.0" in paths  # list items by position
    # the toy writes threshold 0.5 for A.public, nothing for its override's (a default)
    kinds = {s.path: s.kind for s in catalog(toy)}
    assert kinds["actors.A.public.threshold"] == "fixed"
    assert kinds["constitutions.A.override.threshold"] == "default"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("war.balance", "'war.balance' does not exist (did you mean `war.military_balance`?)"),
        ("commitment.Z.breach", "the scenario has no `commitment.Z`"),
        ("war.control", "'war.control' is a block, not a number"),
        ("title", "'title' is text, not a number"),
        ("flags.martial_law", "is a flag, not a number"),
    ],
)
def test_require_number_in_words(toy, path, words):
    with pytest.raises(ValueError) as exc:
        require_number(toy, path)
    assert words in str(exc.value)


@pytest.mark.parametrize(
    "path", ["war.military_balance", "electorates.A.public.mu", "war.control.south.slope"]
)
def test_numbers_pass(toy, path):
    require_number(toy, path)
