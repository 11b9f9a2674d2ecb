"""Result objects: to_dict/JSON, pandas tables, notebook HTML."""

from __future__ import annotations

import json

import ripeness


def test_analysis_result_interfaces(toy):
    a = ripeness.analyze(toy, off=["hawks-b"])
    d = json.loads(a.to_json())
    assert d["verdict"] == "deal" and d["solutions"]["nash"] == a.solutions["nash"]
    frame = a.packages_frame()
    assert list(frame.index)[:2] == ["most robust deal", "nash"]
    assert list(frame.columns) == ["north", "south", "guarantees", "sanctions"]
    actors = a.to_frame()
    assert set(actors.index) == set(a.batna) and "accepts" in actors.columns
    html = a._repr_html_()
    assert "<table" in html and "Deal</span>" in html


def test_other_results_render(toy):
    o = ripeness.obstacles(toy)
    assert "shapley" in o.to_frame().columns and "<table" in o._repr_html_()
    lv = ripeness.levers(toy, "war.military_balance", (-1, 1))
    assert "No value of war.military_balance in [−1, 1] opens a deal" in lv._repr_html_()
    du = ripeness.durability(toy)
    assert json.loads(du.to_json())["survival"]["5"] == du.survival[5]
    assert "<table" in ripeness.assess(toy, {"north": "a"})._repr_html_()


def test_html_escapes_scenario_text(toy):
    sc = toy.with_overrides({"title": "<script>alert(1)</script>"})
    html = ripeness.analyze(sc)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
