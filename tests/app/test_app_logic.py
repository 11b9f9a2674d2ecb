"""The Streamlit app driven by ``streamlit.testing`` (no browser): load, toggle, levers, upload."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")
from app_helpers import app_test
from streamlit.testing.v1 import AppTest

import ripeness


def _app(scenario: str = "toy") -> AppTest:
    return app_test(scenario)


def _verdict(at: AppTest) -> str:
    assert not at.exception, [e.value for e in at.exception]
    if at.success:
        return at.success[0].value
    return at.error[0].value


def test_loads_toy_with_no_deal():
    at = _app()
    assert _verdict(at).startswith("**No deal.**")
    assert [c.key for c in at.checkbox] == [
        "obstacle:constitution-a", "obstacle:constitution-b", "obstacle:electorate-a",
        "obstacle:hawks-b", "obstacle:indivisible", "obstacle:distrust", "obstacle:legitimacy",
    ]  # fmt: skip
    assert all(c.value for c in at.checkbox)
    assert {m.label: m.value for m in at.metric}["ZOPA"] == "0"
    assert len(at.get("plotly_chart")) == 1  # the open tab only
    assert [b.key for b in at.get("download_button")] == ["download_yaml"]
    assert at.button(key="build_report").label == "Build the report (HTML)"


def test_toggling_an_obstacle_changes_the_verdict():
    at = _app()
    at.checkbox(key="obstacle:hawks-b").uncheck().run()
    assert _verdict(at).startswith("**Deal.** 2 of 54 packages")  # as `analyze --off hawks-b`
    assert {m.label: m.value for m in at.metric}["switched off"] == "1"
    at.checkbox(key="obstacle:hawks-b").check().run()
    assert _verdict(at).startswith("**No deal.**")


def test_moving_a_lever():
    at = _app()
    at.checkbox(key="obstacle:hawks-b").uncheck().run()
    at.slider(key="lever:war.military_balance").set_value(1.0).run()
    assert _verdict(at).startswith("**Deal.** 1 of 54")  # a stronger Arland: fewer deals
    assert any("war.military_balance" in c.value and "= 1" in c.value for c in at.caption)
    at.button(key="reset").click().run()
    assert at.slider(key="lever:war.military_balance").value == 0.0
    assert _verdict(at).startswith("**Deal.** 2 of 54")


def test_obstacles_tab_and_full_analysis():
    at = _app()
    at.session_state["tab"] = "Obstacles"
    at.run()
    assert not at.exception
    toggles = at.dataframe[-1].value
    assert list(toggles["obstacle"])[3] == "hawks-b" and list(toggles["if toggled"])[3] == "deal"
    at.button(key="run_obstacles").click().run()
    assert not at.exception
    assert [c.key for c in at.get("plotly_chart")] == ["fig_obstacles", "fig_shapley"]
    assert any("hawks" in m.value for m in at.markdown if "Smallest sets" in m.value)
    bars = _bars(at)  # from all on: each obstacle switched off alone, as `analyze --off` says
    assert bars["hawks-b"] == pytest.approx(ripeness.analyze("toy", ["hawks-b"]).gap)


def _bars(at: AppTest) -> dict[str, float]:
    """The toggle chart's bars: ``{label: g*}``."""
    import json

    fig = json.loads(next(c for c in at.get("plotly_chart") if c.key == "fig_obstacles").proto.spec)
    return dict(zip(fig["data"][0]["y"], fig["data"][0]["x"], strict=True))


def test_obstacle_chart_follows_the_toggles():
    at = _app()
    at.session_state["tab"] = "Obstacles"
    at.run()
    at.button(key="run_obstacles").click().run()
    at.checkbox(key="obstacle:hawks-b").uncheck().run()
    assert not at.exception and _verdict(at).startswith("**Deal.**")
    bars = _bars(at)  # from hawks-b off (a deal): toggling hawks-b back on is all on again
    assert bars["hawks-b (off)"] == pytest.approx(ripeness.analyze("toy").gap)
    both = ripeness.analyze("toy", ["hawks-b", "distrust"]).gap
    assert bars["distrust"] == pytest.approx(both)
    assert any("hawks-b off" in m.value for m in at.markdown)  # the chart's heading
    assert any("A deal exists with the current settings" in m.value for m in at.markdown)


@pytest.mark.parametrize("tab", ["Bargaining picture", "Durability", "Lever", "Assumptions"])
def test_every_tab_draws(tab):
    at = _app()
    at.session_state["tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if tab == "Lever":
        at.button(key="run_lever").click().run()
        assert not at.exception and len(at.get("plotly_chart")) == 1
        assert any("none in range" in c.value or "a deal" in c.value for c in at.caption)


def test_upload_error_shows_file_line_col():
    at = _app()
    at.radio(key="source").set_value("Upload").run()
    assert at.info[0].value.startswith("Upload a scenario")
    bad = b"scenario: x\nparties: {A: {}}\nactors: {}\nissues: {}\nutilities: {}\nbogus: 1\n"
    at.file_uploader(key="upload").set_value(("mine.yaml", bad, "application/x-yaml")).run()
    # every problem at once, in file order: the two principals' party, no issue, the bad field
    assert at.error[0].value == "The scenario has 3 problem(s):"
    lines = at.code[0].value.splitlines()
    assert lines[0] == "mine.yaml:2:14: parties.A: party 'A' needs exactly one principal, has 0"
    assert lines[-1].startswith("mine.yaml:6:8: bogus: unknown field 'bogus' (fields here: ")
    big = b"#" * 1_000_001
    at.file_uploader(key="upload").set_value(("big.yaml", big, "application/x-yaml")).run()
    assert "larger than the limit" in at.code[0].value


def test_upload_a_valid_scenario():
    from ripeness.app.state import packaged_text

    at = _app()
    at.radio(key="source").set_value("Upload").run()
    data = packaged_text("toy").replace("Arland and Borovia", "Uploaded war").encode()
    at.file_uploader(key="upload").set_value(("mine.yaml", data, "application/x-yaml")).run()
    assert _verdict(at).startswith("**No deal.**")
    assert "Uploaded war" in at.caption[0].value


def test_paste_yaml():
    at = _app()
    at.radio(key="source").set_value("Paste YAML").run()
    at.text_area(key="paste").input("scenario: [unclosed\n").run()
    assert at.code[0].value.startswith("pasted.yaml:")


def test_pasted_markdown_is_shown_as_text():
    from ripeness.app.state import packaged_text

    at = _app()
    at.radio(key="source").set_value("Paste YAML").run()
    evil = "**bold** [link](javascript:alert(1)) $x$ :red[y]"
    yaml_text = (
        packaged_text("toy")
        .replace("title: Arland and Borovia at war over two provinces", f'title: "{evil}"')
        .replace('"Borovia\'s hawks treat any concession as treason"', f'"{evil}"')
    )
    at.text_area(key="paste").input(yaml_text).run()
    assert _verdict(at).startswith("**No deal.**")
    assert at.caption[0].value.startswith(r"\*\*bold\*\* \[link\](javascript\:alert(1)) \$x\$")
    label = at.checkbox(key="obstacle:hawks-b").label
    assert label == r"**hawks-b** \*\*bold\*\* \[link\](javascript\:alert(1)) \$x\$ \:red\[y\]"


def test_record_tab_answers_the_claims_on_request():
    at = _app("russia-ukraine-2024")
    at.session_state["tab"] = "Record"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("The model against the record" in m.value for m in at.markdown)
    at.button(key="run_claims").click().run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[-1].value
    assert list(frame.index)[:2] == ["no-deal-now", "six-obstacles"]
    # as `ripeness check russia-ukraine-2024` (tests/scenarios/test_russia_ukraine_answers.py)
    assert list(frame["follows"]) == [True, False, False, False, True, False, True]
    assert any("3 of 7" in m.value for m in at.markdown)


def test_a_redraw_of_the_record_tab_does_not_answer_the_claims_again(monkeypatch):
    """The claims run every analysis they need (about 4 s on russia-ukraine-2024): cached."""
    import ripeness

    calls = []
    real = ripeness.check
    monkeypatch.setattr(ripeness, "check", lambda *a, **k: calls.append(k) or real(*a, **k))
    at = _app("russia-ukraine-2024")
    at.session_state["tab"] = "Record"
    at.run()
    at.button(key="run_claims").click().run()
    assert not at.exception, [e.value for e in at.exception]
    answered = len(calls)
    at.run()  # a redraw with the same settings
    assert not at.exception and len(calls) == answered
    assert any("3 of 7" in m.value for m in at.markdown)


def test_the_scenario_list_marks_the_case_library():
    at = _app()
    shown = at.selectbox(key="packaged").options  # as the page shows them
    assert "korea-1953-07 · case library" in shown
    assert "russia-ukraine-2026-06" in shown and "toy" in shown
    assert at.selectbox(key="packaged").value == "toy"
