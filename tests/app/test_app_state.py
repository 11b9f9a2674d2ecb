"""The app's logic without Streamlit: uploads, levers, views, downloads, text."""

from __future__ import annotations

import pytest

import ripeness
from ripeness.app import APP_PATH, state, text
from ripeness.scenario import ScenarioError, parse_text


@pytest.fixture(scope="module")
def toy():
    return state.load_text(state.packaged_text("toy"), "toy.yaml")


def test_packaged_text_loads_like_the_cli(toy):
    ref = ripeness.load("toy")
    assert toy.id == ref.id and set(toy.calibration) == set(ref.calibration)
    for actor, (mu, sigma) in ref.calibration.items():
        assert toy.calibration[actor] == pytest.approx((mu, sigma))
    with pytest.raises(ValueError, match="no packaged scenario"):
        state.packaged_text("../etc/passwd")
    assert APP_PATH.name == "streamlit_app.py" and APP_PATH.exists()


def test_upload_checks_size_and_encoding():
    assert state.decode_upload(b"scenario: x", "a.yaml") == "scenario: x"
    with pytest.raises(ScenarioError, match="larger than the limit"):
        state.decode_upload(b"#" * (state.MAX_UPLOAD_BYTES + 1), "big.yaml")
    with pytest.raises(ScenarioError, match="not UTF-8") as e:
        state.decode_upload(b"\xff\xfe\x00bad", "bin.yaml")
    assert state.problem_lines(e.value)[0].startswith("bin.yaml:0:0: <file>:")


def test_upload_errors_are_the_cli_messages(tmp_path):
    bad = "scenario: x\nparties: {A: {}}\nactors: {}\nissues: {}\nutilities: {}\nbogus: 1\n"
    with pytest.raises(ScenarioError) as e:
        state.load_text(bad, "mine.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(bad)
    with pytest.raises(ScenarioError) as cli:
        ripeness.load(str(path))
    assert state.problem_lines(e.value) == [
        str(p).replace(str(path), "mine.yaml") for p in cli.value.problems
    ]
    # every problem at once, in file order: A's missing principal, no issue, the unknown field
    lines = state.problem_lines(e.value)
    assert len(lines) == 3 and lines[0].startswith("mine.yaml:2:14: parties.A: ")
    assert lines[-1].startswith("mine.yaml:6:8: bogus: unknown field 'bogus' (fields here: ")


def test_upload_yaml_is_safe():
    evil = "scenario: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(ScenarioError):
        state.load_text(evil, "evil.yaml")


def test_lever_sliders(toy):
    sliders = {s.path: s for s in state.lever_sliders(toy)}
    assert list(sliders)[:3] == [
        "war.military_balance", "commitment.B.breach", "electorates.A.public.mu",
    ]  # fmt: skip
    assert "war.cost_per_month.B.hawks" in sliders
    for s in sliders.values():
        assert s.lo <= s.value <= s.hi and s.step > 0 and isinstance(s.lo, float)
    assert (sliders["commitment.B.breach"].lo, sliders["commitment.B.breach"].hi) == (0.0, 1.0)
    mu = sliders["electorates.A.public.mu"]
    assert mu.value == pytest.approx(toy.calibration["A.public"][0])


def test_changed_keeps_only_moved_sliders(toy):
    sliders = state.lever_sliders(toy)
    values = {s.path: s.value for s in sliders} | {"commitment.B.breach": 0.2}
    assert state.changed(sliders, values) == {"commitment.B.breach": 0.2}
    assert state.changed(sliders, {}) == {}


def test_view_and_toggles(toy):
    v = state.compute_view(toy, [], {})
    assert v.analysis.verdict == "no deal" and v.picture is not None and v.durability is not None
    rows = {r["obstacle"]: r for r in v.toggles}
    assert set(rows) == set(toy.spec.obstacles) and all(r["on"] for r in rows.values())
    assert rows["hawks-b"]["if toggled"] == "deal"
    assert rows["distrust"]["if toggled"] == "no deal"
    v = state.compute_view(toy, ["hawks-b"], {}, toggles=False)
    assert v.analysis.verdict == "deal" and v.toggles == []
    back = {r["obstacle"]: r for r in state.toggle_effects(toy, ["hawks-b"], {})}
    assert back["hawks-b"]["on"] is False and back["hawks-b"]["if toggled"] == "no deal"


def test_edited_yaml_round_trips(toy):
    out = state.edited_yaml(
        toy, {"war.military_balance": 0.75, "commitment.B.breach": 0.3}, ["hawks-b"]
    )
    assert out.startswith("# Edited in the ripeness app from toy.yaml.")
    assert "hawks-b" in out.splitlines()[2]
    sc = parse_text(out, "edited.yaml")
    assert sc.spec.war.military_balance.point == 0.75
    assert sc.spec.war.military_balance.source == "judgement"
    assert sc.spec.commitment["B"].breach.point == 0.3
    assert state.edited_yaml(toy, {}).count("\n#") == 0


def test_report_html_bytes(toy):
    html = state.report_html(toy, ["hawks-b"], {"war.military_balance": 0.2})
    assert html.startswith(b"<!DOCTYPE html>") and b"war.military_balance=0.2" in html


def test_text_helpers(toy):
    assert text.md_escape("a *b* [c](javascript:x) $y$ :red[z]") == (
        r"a \*b\* \[c\](javascript\:x) \$y\$ \:red\[z\]"
    )
    assert text.md_escape("# title") == r"\# title" and text.md_escape("1. one") == r"1\. one"
    assert text.md_code("a`b\nc") == "`a'b c`"
    assert text.safe_filename("../../etc/passwd", ".yaml") == "etc-passwd.yaml"
    assert text.safe_filename("???", ".yaml") == "scenario.yaml"
    a = ripeness.analyze(toy)
    assert text.verdict_text(a).startswith(
        "**No deal.**"
    ) and "rejected by B.hawks" in text.verdict_text(a)
    rows = text.package_rows(ripeness.analyze(toy, ["hawks-b"]), toy)
    assert rows[0]["issue"] == "north" and rows[0]["most robust deal"] == "frozen"
    assert set(rows[0]) >= {"meaning", "nash", "kalai smorodinsky"}
    assert {r["actor"] for r in text.actor_rows(a)} == set(a.nearest.actors)
