"""The ripeness web app (Streamlit): choose a scenario, toggle obstacles, move levers.

Run with ``ripeness app``. This file only lays out widgets; the logic is in
:mod:`ripeness.app.state` and the charts in :mod:`ripeness.report.charts`. Results are cached
on the scenario text and the settings, so moving back to a setting is instant.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

import ripeness
from ripeness.app import history, state, text
from ripeness.report import charts
from ripeness.report.assumptions import assumptions
from ripeness.scenario import Scenario, ScenarioError

Frozen = tuple[tuple[str, Any], ...]
#: The report's look (not Streamlit's theme), no plotly logo.
PLOTLY: dict[str, Any] = {"theme": None, "config": {"displaylogo": False}}
TABS = [
    "Bargaining picture",
    "Obstacles",
    "Durability",
    "Lever",
    "Record",
    "Assumptions",
    "History",
]
#: How long a cached result is kept (seconds).
CACHE_SECONDS = 3600


# Caches are bounded in entries and time: an upload of up to 1 MB can hold a few hundred MB
# once parsed, so only a few scenarios are kept (keys are hashes of the text, not the text).
@st.cache_resource(max_entries=4, ttl=CACHE_SECONDS, show_spinner=False)
def load(yaml_text: str, name: str) -> Scenario | list[str]:
    """The validated scenario, or its problems (one line each)."""
    try:
        return state.load_text(yaml_text, name)
    except ScenarioError as exc:
        return state.problem_lines(exc)
    except ValueError as exc:  # e.g. a calibration that cannot be fitted
        return [f"{name}: {exc}"]


@st.cache_resource(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def view(yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen) -> state.View:
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    return state.compute_view(sc, off, dict(overrides), toggles=False)


@st.cache_resource(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def toggles(
    yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen
) -> list[dict[str, Any]]:
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    return state.toggle_effects(sc, off, dict(overrides))


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def obstacle_analysis(yaml_text: str, name: str, overrides: Frozen) -> dict[str, Any]:
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    return ripeness.obstacles(sc, dict(overrides)).to_dict()


@st.cache_resource(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def lever_curve(yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen, param: str,
                lo: float, hi: float) -> dict[str, Any]:  # fmt: skip
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    return ripeness.levers(sc, param, (lo, hi), off, dict(overrides), grid=21).to_dict()


@st.cache_resource(max_entries=4, show_spinner=False)
def empirical(
    yaml_text: str, name: str, overrides: Frozen, source: str | bytes, source_name: str,
    stamp: float,
) -> Any:  # fmt: skip
    """What real agreements did (``report.empirical.EmpiricalView``), or the error's text."""
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    try:
        return state.empirical_of(sc.with_overrides(dict(overrides)), source, source_name)
    except (ValueError, OSError) as exc:
        return str(exc)


def empirical_panel(name: str, yaml_text: str, frozen: Frozen, dc: Any) -> None:
    """What real peace agreements did: from ``$RIPENESS_UCDP`` or an upload (optional)."""
    from ripeness.report.empirical import empirical_figure

    st.markdown("**What real peace agreements did** (UCDP Peace Agreement Dataset v22.1)")
    up = st.file_uploader(
        "The dataset's CSV (at most 1 MB; or set RIPENESS_UCDP to its path)", type=["csv"],
        key="ucdp_upload", max_upload_size=1,
    )  # fmt: skip
    env = state.empirical_source()
    if up is not None:
        source: str | bytes = up.getvalue()
        source_name, stamp = up.name, 0.0
    elif env is not None:
        source, source_name = env, env
        stamp = os.stat(env).st_mtime if os.path.exists(env) else 0.0
    else:
        st.caption(
            "ripeness does not ship the UCDP data: upload ucdp-peace-agreements-22.1.csv or set "
            "RIPENESS_UCDP to see how agreements with peacekeepers, third-party signatories, "
            "ceasefires or withdrawals actually lasted."
        )
        return
    with st.spinner("survival of real agreements …"):
        v = empirical(yaml_text, name, frozen, source, source_name, stamp)
    if isinstance(v, str):
        st.error("The data file could not be used:")
        st.code(v, language=None)
        return
    st.plotly_chart(empirical_figure(v, dc), key="fig_empirical", **PLOTLY)
    c = v.empirical.cox
    cv = "–" if c.cross_validated is None else f"{c.cross_validated:.3f}"
    st.caption(
        f"{v.empirical.n} agreements, {v.empirical.events} ended. Cox model: concordance "
        f"{c.in_sample:.3f} in sample, {cv} cross-validated ({c.folds} folds by peace process)."
    )
    st.dataframe(pd.DataFrame(text.hazard_rows(v)), hide_index=True)
    if v.evidence.rows:
        st.markdown("**The scenario's deterrence values beside the data**")
        st.dataframe(pd.DataFrame(text.evidence_rows(v)), hide_index=True)
    st.warning(text.md_escape(v.empirical.caveat()))


def choose_source() -> tuple[str, str] | None:
    """Sidebar: a packaged scenario, an upload or pasted YAML; ``(name, text)``."""
    names = ripeness.packaged_scenarios()
    mode = st.sidebar.radio(
        "Scenario", ["Packaged", "Upload", "Paste YAML"], key="source", horizontal=True
    )
    if mode == "Packaged":
        wanted = st.query_params.get("scenario", ripeness.DEFAULT_SCENARIO)
        idx = names.index(wanted) if wanted in names else 0
        name = st.sidebar.selectbox("Packaged scenario", names, index=idx, key="packaged")
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


def show_problems(lines: list[str]) -> None:
    st.error(f"The scenario has {len(lines)} problem(s):")
    st.code("\n".join(lines), language=None)


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


def results(sc: Scenario, v: state.View, off: tuple[str, ...], overrides: dict[str, float]) -> None:
    a = v.analysis
    (st.success if a.verdict == "deal" else st.error)(text.verdict_text(a))
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


def obstacles_tab(
    name: str, yaml_text: str, sc: Scenario, off: tuple[str, ...], frozen: Frozen
) -> None:
    if not sc.spec.obstacles:
        st.info("This scenario tags no obstacles.")
        return
    st.markdown("**What toggling each obstacle would do, from the current settings**")
    st.dataframe(pd.DataFrame(toggles(yaml_text, name, off, frozen)), hide_index=True)
    run_key = ("obstacles", frozen)
    if run_key not in st.session_state.setdefault("runs", set()):
        n = len(sc.spec.obstacles)
        if st.button(f"Run the full obstacle analysis (all {2**n} subsets)", key="run_obstacles"):
            st.session_state["runs"].add(run_key)
            st.rerun()
        return
    with st.spinner("every subset of obstacles …"):
        d = obstacle_analysis(yaml_text, name, frozen)
    st.plotly_chart(charts.obstacle_figure(d), key="fig_obstacles", **PLOTLY)
    sets = d["minimal_unblocking_sets"]
    st.markdown(
        "Smallest sets whose removal opens a deal: "
        + ("; ".join(" + ".join(text.md_code(o) for o in s) for s in sets) if sets else "none")
    )


def lever_tab(
    name: str, yaml_text: str, sliders: list[state.Slider], off: tuple[str, ...], frozen: Frozen
) -> None:
    if not sliders:
        st.info("This scenario has no levers.")
        return
    paths = [s.path for s in sliders]
    param = st.selectbox("Lever", paths, key="lever_param")
    s = sliders[paths.index(param)]
    run_key = ("lever", param, off, frozen)
    if run_key not in st.session_state.setdefault("runs", set()):
        if st.button("Compute g* along this lever", key="run_lever"):
            st.session_state["runs"].add(run_key)
            st.rerun()
        return
    with st.spinner("sweeping the lever …"):
        d = lever_curve(yaml_text, name, off, frozen, param, s.lo, s.hi)
    st.caption(d["message"])
    st.plotly_chart(charts.lever_figure(d), key="fig_lever", **PLOTLY)


def history_tab(
    sc: Scenario, v: state.View, off: tuple[str, ...], overrides: dict[str, float]
) -> None:
    """Verdict, g* and P(deal) of this scenario as the ledger recorded them; a diff of two."""
    from ripeness.ledger import LedgerBusy, LedgerError
    from ripeness.report.history import history_figure

    path = history.ledger_file(st.text_input("Ledger file", key="ledger_path",
                                             placeholder=history.ledger_file()))  # fmt: skip
    try:
        if st.button("Record this view in the ledger", key="record_view"):
            n = history.record_view(sc, v.analysis, off, overrides, path)
            st.success(f"Recorded as entry #{n}.")
        rows = history.history_rows(sc.id, path)
    except (LedgerError, LedgerBusy, OSError) as exc:
        show_problems([str(exc)])
        return
    if not rows:
        st.info(
            f"No entries of {text.md_code(sc.id)} in {text.md_code(path)} yet: record one here, "
            f"or with `ripeness analyze {text.md_escape(sc.id)} --save`."
        )
        return
    st.plotly_chart(history_figure(rows), key="fig_history", **PLOTLY)
    st.dataframe(pd.DataFrame(history.table_rows(rows)), hide_index=True)
    ids = [r["id"] for r in rows]
    if len(ids) < 2:
        return
    c1, c2 = st.columns(2)
    old = c1.selectbox("Compare entry", ids, index=len(ids) - 2, key="diff_old")
    new = c2.selectbox("with entry", ids, index=len(ids) - 1, key="diff_new")
    try:
        head, changes = history.diff_view(path, int(old), int(new))
    except (LedgerError, LedgerBusy) as exc:
        show_problems([str(exc)])
        return
    st.markdown(text.md_escape(head))
    if changes:
        st.dataframe(pd.DataFrame(changes), hide_index=True)


def record_tab(sc: Scenario, off: tuple[str, ...], overrides: dict[str, float]) -> None:
    """The model against the record: the same table as `ripeness check`."""
    if not sc.spec.record:
        st.info("The scenario has no `record:` of observed positions and polls.")
        return
    try:
        rc = ripeness.check(sc, off, overrides)
    except (ScenarioError, ValueError) as exc:
        show_problems(state.problem_lines(exc) if isinstance(exc, ScenarioError) else [str(exc)])
        return
    d = rc.to_dict()
    scores = []
    if d["position_agreement"] is not None:
        scores.append(f"positions agreed: {100 * d['position_agreement']:.0f}%")
    if d["poll_mae_points"] is not None:
        scores.append(f"mean absolute poll error: {d['poll_mae_points']:.1f} points")
    st.markdown("**The model against the record** — " + "; ".join(scores))
    st.dataframe(rc.to_frame(), hide_index=True)


def main() -> None:
    st.set_page_config(page_title="ripeness", layout="wide")
    st.title("Is a negotiated settlement possible now?")
    src = choose_source()
    if src is None:
        return
    name, yaml_text = src
    loaded = load(yaml_text, name)
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
        v = view(yaml_text, name, off, frozen)
    except (ScenarioError, ValueError) as exc:
        show_problems(state.problem_lines(exc) if isinstance(exc, ScenarioError) else [str(exc)])
        return
    results(sc, v, off, overrides)
    # only the open tab is drawn: moving a lever redraws one chart, not five
    tabs = st.tabs(TABS, key="tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            if v.picture is None:
                st.info("The bargaining picture needs two active principals.")
            else:
                st.plotly_chart(charts.picture_figure(v.picture), key="fig_picture", **PLOTLY)
                st.caption(v.picture.caption)
    if tabs[1].open:
        with tabs[1]:
            obstacles_tab(name, yaml_text, sc, off, frozen)
    if tabs[2].open:
        with tabs[2]:
            if v.durability is None:
                st.info("No horizon: no durability curves.")
            else:
                st.plotly_chart(
                    charts.durability_figure(v.durability), key="fig_durability", **PLOTLY
                )
            empirical_panel(name, yaml_text, frozen, v.durability)
    if tabs[3].open:
        with tabs[3]:
            lever_tab(name, yaml_text, sliders, off, frozen)
    if tabs[4].open:
        with tabs[4]:
            record_tab(sc, off, overrides)
    if tabs[5].open:
        with tabs[5]:
            rows = [r.to_dict() for r in assumptions(sc.with_overrides(overrides))]
            st.dataframe(pd.DataFrame(rows), hide_index=True)
    if tabs[6].open:
        with tabs[6]:
            history_tab(sc, v, off, overrides)
    edited = state.edited_yaml(sc, overrides, off).encode("utf-8")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the edited scenario (YAML)", data=edited,
        file_name=text.safe_filename(sc.id, "-edited.yaml"), mime="application/x-yaml",
        key="download_yaml", on_click="ignore",
    )  # fmt: skip
    c2.download_button(
        "Download the report (HTML)", data=lambda: state.report_html(sc, off, overrides),
        file_name=text.safe_filename(sc.id, "-report.html"), mime="text/html",
        key="download_report", on_click="ignore",
    )  # fmt: skip
    st.caption(text.NEUTRALITY)


main()
