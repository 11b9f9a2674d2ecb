"""The app's tabs and its download row (Streamlit), over :mod:`ripeness.app.cached`.

No tab calls ``st.rerun()``: a button that starts a computation runs it in the same script run.
A rerun requested in the middle of a run stops it before the rest of the page is drawn, and
Streamlit then forgets the files of the elements that run did not draw again, such as a
download the browser is about to ask for ("Failed to generate file for download").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from ripeness.analysis.explain import unblocking_lead
from ripeness.app import cached, history, state, text
from ripeness.app.cached import Frozen
from ripeness.report import charts
from ripeness.report import obstacle_charts as oc
from ripeness.scenario import Scenario, ScenarioError

#: The report's look (not Streamlit's theme), no plotly logo.
PLOTLY: dict[str, Any] = {"theme": None, "config": {"displaylogo": False}}


def show_problems(lines: list[str]) -> None:
    st.error(f"The scenario has {len(lines)} problem(s):")
    st.code("\n".join(lines), language=None)


def run_once(run_key: Any, label: str, key: str) -> Callable[[], object] | None:
    """A button that starts a computation, shown until it is pressed once for ``run_key``.

    None while the computation should not run; otherwise a function the caller calls once
    its results are drawn. Pressing the button runs the computation in this very script run,
    without ``st.rerun()``; until the results are drawn, a disabled twin of the button keeps
    its place, so the page does not shrink under the pointer (at the foot of a scrolled page
    the browser would scroll by the button's height, and a click landing meanwhile would be
    lost: measured, a download button 56 px lower between pointerdown and pointerup).
    """
    runs = st.session_state.setdefault("runs", set())
    if run_key in runs:
        return _drawn
    slot = st.empty()
    if not slot.button(label, key=key):
        return None
    runs.add(run_key)
    slot.button(label, key=f"{key}_running", disabled=True)
    return slot.empty


def _drawn() -> None:
    """Nothing to clear: the computation ran in an earlier script run."""


def obstacles_tab(
    name: str, yaml_text: str, sc: Scenario, off: tuple[str, ...], frozen: Frozen
) -> None:
    """What toggling each obstacle would do now, and the full subset analysis on request.

    The charts start from the current toggles, as the verdict above them does.
    """
    if not sc.spec.obstacles:
        st.info("This scenario tags no obstacles.")
        return
    st.markdown("**What toggling each obstacle would do, from the current settings**")
    st.dataframe(pd.DataFrame(cached.toggles(yaml_text, name, off, frozen)), hide_index=True)
    n = len(sc.spec.obstacles)
    done = run_once(("obstacles", frozen), f"Run the full obstacle analysis (all {2**n} "
                    "subsets)", "run_obstacles")  # fmt: skip
    if done is None:
        return
    with st.spinner("every subset of obstacles …"):
        obs = cached.obstacle_analysis(yaml_text, name, frozen)
    c1, c2 = st.columns(2)
    c1.markdown(f"**{text.md_escape(oc.toggle_heading(obs, off))}**")
    c1.plotly_chart(oc.toggle_figure(obs, off), key="fig_obstacles", **PLOTLY)
    c2.markdown(f"**{text.md_escape(oc.SHAPLEY_HEADING)}**")
    c2.plotly_chart(oc.shapley_figure(obs, off), key="fig_shapley", **PLOTLY)
    done()
    sets = obs.unblocking_from(off)
    lead = text.md_escape(unblocking_lead(sets, off))
    shown = "; ".join(" + ".join(text.md_code(o) for o in s) for s in sets if s)
    st.markdown(f"{lead} {shown}" if shown else lead)


def lever_tab(
    name: str, yaml_text: str, sliders: list[state.Slider], off: tuple[str, ...], frozen: Frozen
) -> None:
    if not sliders:
        st.info("This scenario has no levers.")
        return
    paths = [s.path for s in sliders]
    param = st.selectbox("Lever", paths, key="lever_param")
    s = sliders[paths.index(param)]
    done = run_once(("lever", param, off, frozen), "Compute g* along this lever", "run_lever")
    if done is None:
        return
    with st.spinner("sweeping the lever …"):
        d = cached.lever_curve(yaml_text, name, off, frozen, param, s.lo, s.hi)
    st.caption(d["message"])
    st.plotly_chart(charts.lever_figure(d), key="fig_lever", **PLOTLY)
    done()


def downloads(name: str, yaml_text: str, sc: Scenario, off: tuple[str, ...], frozen: Frozen,
              edited: Callable[[], bytes]) -> None:  # fmt: skip
    """The edited scenario (YAML) and the report (HTML), built on request with a spinner.

    The report is handed to the download button as bytes, not as a callable run on click:
    Streamlit keeps a file for one more run after the button that served it, so a click that
    lands while the page reruns still gets it.
    """
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the edited scenario (YAML)", data=edited(),
        file_name=text.safe_filename(sc.id, "-edited.yaml"), mime="application/x-yaml",
        key="download_yaml", on_click="ignore",
    )  # fmt: skip
    want = (name, hash(yaml_text), off, frozen)
    built = st.session_state.setdefault("reports_built", set())
    slot: Any = c2  # once built, the button is drawn straight away: no placeholder, no spinner
    if want not in built:  # built on request, once per setting, under a spinner
        slot = c2.empty()
        hint = "The whole report of these settings, in a few seconds"
        if not slot.button("Build the report (HTML)", key="build_report", help=hint):
            return
        with slot.container(), st.spinner("Building the report (a few seconds) …"):
            cached.report(yaml_text, name, off, frozen)
        built.add(want)
    data = cached.report(yaml_text, name, off, frozen)
    slot.download_button(
        "Download the report (HTML)", data=data,
        file_name=text.safe_filename(sc.id, "-report.html"), mime="text/html",
        key="download_report", on_click="ignore",
    )  # fmt: skip


def record_tab(
    name: str, yaml_text: str, sc: Scenario, off: tuple[str, ...], frozen: Frozen
) -> None:
    """The model against the record, and the source's conclusions (``claims:``) on request:
    the same tables as `ripeness check`."""
    if not sc.spec.record and not sc.spec.claims:
        st.info("The scenario has no `record:` of observed positions and polls, no `claims:`.")
        return
    try:
        rc = cached.check(yaml_text, name, off, frozen, False)
    except (ScenarioError, ValueError) as exc:
        show_problems(state.problem_lines(exc) if isinstance(exc, ScenarioError) else [str(exc)])
        return
    d = rc.to_dict()
    if d["positions"] or d["polls"]:
        scores = []
        if d["position_agreement"] is not None:
            scores.append(f"positions agreed: {100 * d['position_agreement']:.0f}%")
        if d["poll_mae_points"] is not None:
            scores.append(f"mean absolute poll error: {d['poll_mae_points']:.1f} points")
        st.markdown("**The model against the record** — " + "; ".join(scores))
        st.dataframe(rc.to_frame(), hide_index=True)
    if not sc.spec.claims:
        return
    st.markdown("**The source's conclusions against the model** (`claims:`)")
    run_key = ("claims", name, hash(yaml_text), off, frozen)
    label = f"Answer the {len(sc.spec.claims)} conclusions (runs the analyses they need)"
    done = run_once(run_key, label, "run_claims")
    if done is None:
        return
    with st.spinner("answering the conclusions …"):
        try:
            rc = cached.check(yaml_text, name, off, frozen, True)
        except ValueError as exc:
            show_problems([str(exc)])
            done()
            return
    st.markdown(f"Claims that follow: **{rc.claims_followed} of {len(rc.claims)}**")
    st.dataframe(rc.claims_frame())
    done()


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
        v = cached.empirical(yaml_text, name, frozen, source, source_name, stamp)
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
