"""The ripeness web app (Streamlit): choose a scenario, toggle obstacles, move levers.

Run with ``ripeness app``. This file only lays out widgets; the logic is in
:mod:`ripeness.app.state`, the cached computations in :mod:`ripeness.app.cached`, the tabs and
downloads in :mod:`ripeness.app.tabs` and the charts in :mod:`ripeness.report`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ripeness
from ripeness.analysis import ObstacleAnalysis
from ripeness.analysis.curves import NO_CURVES
from ripeness.analysis.explain import durability_note
from ripeness.app import cached, state, text
from ripeness.app.cached import Frozen
from ripeness.app.tabs import (
    PLOTLY,
    downloads,
    empirical_panel,
    history_tab,
    lever_tab,
    obstacles_tab,
    record_tab,
    show_problems,
)
from ripeness.report import charts
from ripeness.report.assumptions import assumptions
from ripeness.scenario import Scenario, ScenarioError

TABS = [
    "Bargaining picture",
    "Obstacles",
    "Durability",
    "Lever",
    "Record",
    "Assumptions",
    "History",
]


def choose_source() -> tuple[str, str] | None:
    """Sidebar: a packaged scenario, an upload or pasted YAML; ``(name, text)``."""
    names = ripeness.packaged_scenarios()
    mode = st.sidebar.radio(
        "Scenario", ["Packaged", "Upload", "Paste YAML"], key="source", horizontal=True
    )
    if mode == "Packaged":
        wanted = st.query_params.get("scenario", ripeness.DEFAULT_SCENARIO)
        idx = names.index(wanted) if wanted in names else 0
        cases = set(ripeness.packaged_scenarios("cases"))
        name = st.sidebar.selectbox(
            "Packaged scenario",
            names,
            index=idx,
            key="packaged",
            format_func=lambda n: f"{n} · case library" if n in cases else n,
        )
        return f"{name}.yaml", state.packaged_text(name)
    if mode == "Upload":
        up = st.sidebar.file_uploader(
            "Scenario YAML (at most 1 MB)", type=["yaml", "yml"], key="upload", max_upload_size=1
        )
        if up is None:
            st.info("Upload a scenario file (YAML) in the sidebar.")
            return None
        try:
            return up.name, state.decode_upload(up.getvalue(), up.name)
        except ScenarioError as exc:
            show_problems(state.problem_lines(exc))
            return None
    pasted = st.sidebar.text_area("Scenario YAML", key="paste", height=200)
    if not pasted.strip():
        st.info("Paste a scenario (YAML) in the sidebar.")
        return None
    try:  # the same size limit as an upload
        return "pasted.yaml", state.decode_upload(pasted.encode("utf-8"), "pasted.yaml")
    except ScenarioError as exc:
        show_problems(state.problem_lines(exc))
        return None


def reset_when_changed(name: str, yaml_text: str) -> None:
    """Forget obstacle and lever widgets when another scenario is loaded."""
    digest = hash((name, yaml_text))
    if st.session_state.get("digest") != digest:
        for k in [k for k in st.session_state if str(k).startswith(("obstacle:", "lever:"))]:
            del st.session_state[k]
        st.session_state["digest"] = digest
        st.session_state["runs"] = set()


def reset_levers() -> None:
    for k in [k for k in st.session_state if str(k).startswith("lever:")]:
        del st.session_state[k]


def controls(sc: Scenario) -> tuple[tuple[str, ...], dict[str, float], list[state.Slider]]:
    """Sidebar: obstacle checkboxes and lever sliders; ``(off, overrides, sliders)``."""
    off = []
    if sc.spec.obstacles:
        st.sidebar.subheader("Obstacles")
        st.sidebar.caption("Uncheck an obstacle to switch it off.")
        for o, ob in sc.spec.obstacles.items():
            label = f"**{text.md_escape(o)}** {text.md_escape(ob.title)}"
            if not st.sidebar.checkbox(label, value=True, key=f"obstacle:{o}"):
                off.append(o)
    sliders = state.lever_sliders(sc)
    values = {}
    if sliders:
        st.sidebar.subheader("Levers")
        for s in sliders:
            values[s.path] = st.sidebar.slider(
                text.md_escape(s.label), min_value=s.lo, max_value=s.hi, value=s.value, step=s.step,
                key=f"lever:{s.path}", help=text.md_code(s.path),
            )  # fmt: skip
        st.sidebar.button("Reset levers", on_click=reset_levers, key="reset")
    return tuple(off), state.changed(sliders, values), sliders


def results(
    sc: Scenario, v: state.View, off: tuple[str, ...], overrides: dict[str, float],
    obs: ObstacleAnalysis | None = None,
) -> None:  # fmt: skip
    a = v.analysis
    (st.success if a.verdict == "deal" else st.error)(text.verdict_text(a, obs, off))
    c = st.columns(4)
    c[0].metric("g*", f"{a.gap:.4g}")
    c[1].metric("ZOPA", f"{a.zopa_size:,}")
    c[2].metric("packages", f"{a.package_count:,}")
    c[3].metric("switched off", len(off))
    if overrides:
        st.caption(
            "Levers moved: "
            + ", ".join(f"{text.md_code(k)} = {val:.4g}" for k, val in overrides.items())
        )
    st.markdown("**Packages**")
    st.dataframe(pd.DataFrame(text.package_rows(a, sc)), hide_index=True)
    st.markdown(f"**How each actor sees the {text.md_escape(state.nearest_label(a))}**")
    st.dataframe(pd.DataFrame(text.actor_rows(a)), hide_index=True)


def main() -> None:
    st.set_page_config(page_title="ripeness", layout="wide")
    st.title("Is a negotiated settlement possible now?")
    src = choose_source()
    if src is None:
        return
    name, yaml_text = src
    loaded = cached.load(yaml_text, name)
    if not isinstance(loaded, Scenario):
        show_problems(loaded)
        return
    sc = loaded
    reset_when_changed(name, yaml_text)
    st.caption(
        f"{text.md_escape(sc.title)} · {text.md_code(sc.id)}"
        + (f" · as of {text.md_escape(sc.spec.as_of)}" if sc.spec.as_of else "")
    )
    off, overrides, sliders = controls(sc)
    frozen: Frozen = tuple(sorted(overrides.items()))
    try:
        v = cached.view(yaml_text, name, off, frozen)
    except (ScenarioError, ValueError) as exc:
        show_problems(state.problem_lines(exc) if isinstance(exc, ScenarioError) else [str(exc)])
        return
    obs = None  # the full obstacle analysis, when it was run: the verdict then says what to drop
    if ("obstacles", frozen) in st.session_state.get("runs", set()):
        obs = cached.obstacle_analysis(yaml_text, name, frozen)
    results(sc, v, off, overrides, obs)
    # the downloads come before the tabs: a tab's computation never delays them
    downloads(name, yaml_text, sc, off, frozen,
              lambda: state.edited_yaml(sc, overrides, off).encode("utf-8"))  # fmt: skip
    # only the open tab is drawn: moving a lever redraws one chart, not five
    tabs = st.tabs(TABS, key="tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            if v.picture is None:
                st.info("The bargaining picture needs two active principals.")
            else:
                st.plotly_chart(charts.picture_figure(v.picture), key="fig_picture", **PLOTLY)
                st.caption(f"{charts.PICTURE_KEY} {text.md_escape(v.picture.caption)}.")
    if tabs[1].open:
        with tabs[1]:
            obstacles_tab(name, yaml_text, sc, off, frozen)
    if tabs[2].open:
        with tabs[2]:
            if v.durability is None:
                st.info(f"No durability curves: {text.md_escape(NO_CURVES)}.")
            else:
                warn = durability_note(v.durability.is_deal, v.durability.chosen_as)
                if warn:
                    st.warning(text.md_escape(warn))
                st.plotly_chart(
                    charts.durability_figure(v.durability), key="fig_durability", **PLOTLY
                )
            empirical_panel(name, yaml_text, frozen, v.durability)
    if tabs[3].open:
        with tabs[3]:
            lever_tab(name, yaml_text, sliders, off, frozen)
    if tabs[4].open:
        with tabs[4]:
            record_tab(name, yaml_text, sc, off, frozen)
    if tabs[5].open:
        with tabs[5]:
            rows = [r.to_dict() for r in assumptions(sc.with_overrides(overrides))]
            st.dataframe(pd.DataFrame(rows), hide_index=True)
    if tabs[6].open:
        with tabs[6]:
            history_tab(sc, v, off, overrides)
    st.caption(text.NEUTRALITY)


main()
