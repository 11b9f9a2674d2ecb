"""Ids and names survive a GENIUS export and import; GENIUS files from elsewhere still import."""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path

import pytest

import ripeness
from ripeness.interop import read_genius, write_genius
from ripeness.interop.genius_names import NS

SHARED_GENIUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "genius"


def _linear_toy() -> dict:
    """The toy without bundles or red lines: exported as discrete issues and linear profiles."""
    data = copy.deepcopy(ripeness.load("toy").data)
    for u in data["utilities"].values():
        u.pop("bundles", None)
        u.pop("red_lines", None)
    return data


def _round_trip(data: dict, folder: Path, actors: list[str] | None = None) -> dict:
    paths = write_genius(data, folder, actors=actors)
    return read_genius(paths[0], paths[1:])


@pytest.mark.parametrize("linear", [False, True], ids=["bundles", "linear"])
def test_ids_and_names_come_back(tmp_path, linear):
    data = _linear_toy() if linear else ripeness.load("toy").data
    back = _round_trip(data, tmp_path)
    assert back["scenario"] == data["scenario"] and back["title"] == data["title"]
    assert list(back["issues"]) == list(data["issues"])
    for iid, issue in data["issues"].items():
        assert list(back["issues"][iid]["options"]) == list(issue["options"]), iid
        labels = [o["label"] for o in back["issues"][iid]["options"].values()]
        assert labels == [o["label"] for o in issue["options"].values()]
    assert back["parties"] == {"A": {"name": "Arland"}, "B": {"name": "Borovia"}}
    assert list(back["actors"]) == ["A.gov", "B.gov"]
    assert {a: x["party"] for a, x in back["actors"].items()} == {"A.gov": "A", "B.gov": "B"}
    assert list(back["utilities"]) == ["A.gov", "B.gov"]
    ripeness.load(ripeness.parse_text(ripeness.scenario.yamlio.dump_yaml(back)))


def test_files_from_elsewhere_name_things_from_their_text(tmp_path):
    paths = write_genius(_linear_toy(), tmp_path)
    for p in paths:  # what GENIUS (or any other tool) writes: no ripeness attributes
        text = re.sub(r'\s(xmlns:ripeness|ripeness:[\w-]+)="[^"]*"', "", p.read_text())
        p.write_text(text)
    back = read_genius(paths[0], paths[1:])
    assert back["scenario"] == "toy-border-war"  # from the file name
    assert list(back["parties"]) == ["P1", "P2"] and list(back["actors"]) == [
        "P1.agent",
        "P2.agent",
    ]
    # option ids come from the item values (the labels), as before
    assert list(back["issues"]["north"]["options"]) == [
        "arland_s_sovereignty", "borovia_holds_it_status_deferred", "ceded_to_borovia",
    ]  # fmt: skip


def test_inconsistent_names_are_ignored(tmp_path):
    paths = write_genius(_linear_toy(), tmp_path)
    text = paths[0].read_text().replace('ripeness:id="frozen"', 'ripeness:id="a"', 1)
    paths[0].write_text(text.replace('ripeness:id="south"', 'ripeness:id="north"', 1))
    back = read_genius(paths[0], paths[1:])
    assert list(back["issues"]) == ["north", "south", "guarantees", "sanctions"]  # from names
    # north's option ids collide now: its options are named from their labels again
    assert "arland_s_sovereignty" in back["issues"]["north"]["options"]
    assert list(back["issues"]["guarantees"]["options"]) == ["none", "assurances", "alliance"]


def test_party_names_given_on_the_command_line_win(tmp_path):
    paths = write_genius(ripeness.load("toy").data, tmp_path)
    back = read_genius(paths[0], paths[1:], party_names=["North", "South"])
    assert list(back["parties"]) == ["North", "South"]


def test_the_attributes_are_namespaced_and_other_readers_ignore_them(tmp_path):
    paths = write_genius(ripeness.load("toy").data, tmp_path)
    text = paths[0].read_text()
    assert f'xmlns:ripeness="{NS}"' in text and 'ripeness:id="north"' in text
    negmas = pytest.importorskip("negmas")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = negmas.load_genius_domain(
            paths[0], paths[1:], ignore_discount=True, safe_parsing=False
        )
    assert [i.name for i in peer.outcome_space.issues] == list(ripeness.load("toy").data["issues"])


@pytest.mark.skipif(not SHARED_GENIUS.is_dir(), reason="no shared GENIUS data")
def test_anac_domain_round_trips_through_export(tmp_path):
    folder = SHARED_GENIUS / "y2011" / "Laptop"
    first = read_genius(
        folder / "laptop_domain.xml",
        [folder / "laptop_buyer_utility.xml", folder / "laptop_seller_utility.xml"],
    )
    again = _round_trip(first, tmp_path / "out")
    assert list(again["issues"]) == list(first["issues"])
    assert {k: list(v["options"]) for k, v in again["issues"].items()} == {
        k: list(v["options"]) for k, v in first["issues"].items()
    }
    assert list(again["parties"]) == list(first["parties"])
    assert list(again["actors"]) == list(first["actors"])
