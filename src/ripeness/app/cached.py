"""The app's cached computations (Streamlit's ``cache_resource``), keyed on the scenario text
and the settings: moving back to a setting is instant.

Caches are bounded in entries and time: an upload of up to 1 MB can hold a few hundred MB once
parsed, so only a few scenarios are kept (keys are hashes of the text, not the text).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import ripeness
from ripeness.analysis import ObstacleAnalysis
from ripeness.analysis.record import RecordCheck
from ripeness.app import state
from ripeness.scenario import Scenario, ScenarioError

Frozen = tuple[tuple[str, Any], ...]
#: How long a cached result is kept (seconds).
CACHE_SECONDS = 3600


@st.cache_resource(max_entries=4, ttl=CACHE_SECONDS, show_spinner=False)
def load(yaml_text: str, name: str) -> Scenario | list[str]:
    """The validated scenario, or its problems (one line each)."""
    try:
        return state.load_text(yaml_text, name)
    except ScenarioError as exc:
        return state.problem_lines(exc)
    except ValueError as exc:  # e.g. a calibration that cannot be fitted
        return [f"{name}: {exc}"]


def scenario(yaml_text: str, name: str) -> Scenario:
    sc = load(yaml_text, name)
    assert isinstance(sc, Scenario)
    return sc


@st.cache_resource(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def view(yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen) -> state.View:
    return state.compute_view(scenario(yaml_text, name), off, dict(overrides), toggles=False)


@st.cache_resource(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def toggles(
    yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen
) -> list[dict[str, Any]]:
    return state.toggle_effects(scenario(yaml_text, name), off, dict(overrides))


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def obstacle_analysis(yaml_text: str, name: str, overrides: Frozen) -> ObstacleAnalysis:
    """Every subset of obstacles (the charts then start from any setting of the toggles)."""
    return ripeness.obstacles(scenario(yaml_text, name), dict(overrides))


@st.cache_resource(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def lever_curve(yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen, param: str,
                lo: float, hi: float) -> dict[str, Any]:  # fmt: skip
    sc = scenario(yaml_text, name)
    return ripeness.levers(sc, param, (lo, hi), off, dict(overrides), grid=21).to_dict()


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def check(
    yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen, claims: bool
) -> RecordCheck:
    """The model against the record and, with ``claims``, the source's conclusions (the
    analyses the claims run take seconds: a redraw of the tab must not run them again)."""
    return ripeness.check(scenario(yaml_text, name), off, dict(overrides), claims=claims)


@st.cache_resource(max_entries=4, ttl=CACHE_SECONDS, show_spinner=False)
def report(yaml_text: str, name: str, off: tuple[str, ...], overrides: Frozen) -> bytes:
    """The HTML report of one setting (a few MB: plotly.js is inline)."""
    return state.report_html(scenario(yaml_text, name), off, dict(overrides))


@st.cache_resource(max_entries=4, show_spinner=False)
def empirical(
    yaml_text: str, name: str, overrides: Frozen, source: str | bytes, source_name: str,
    stamp: float,
) -> Any:  # fmt: skip
    """What real agreements did (``analysis.empirical.EmpiricalView``), or the error's text."""
    sc = scenario(yaml_text, name)
    try:
        return state.empirical_of(sc.with_overrides(dict(overrides)), source, source_name)
    except (ValueError, OSError) as exc:
        return str(exc)
