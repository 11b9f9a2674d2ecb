"""Scenario files: schema, safe loading, validation with file:line:col messages."""

from .errors import Problem, ScenarioError
from .numbers import Num, Uncertain, point
from .overrides import OverrideError, apply_overrides, parse_value
from .resolve import ResolvedUtility, resolve_utility
from .scenario import (
    DEFAULT_SCENARIO,
    Scenario,
    packaged_cases,
    packaged_scenarios,
    packaged_text,
    parse,
    parse_text,
    read_scenario,
)
from .schema import ScenarioSpec, json_schema

__all__ = [
    "DEFAULT_SCENARIO",
    "Num",
    "OverrideError",
    "Problem",
    "ResolvedUtility",
    "Scenario",
    "ScenarioError",
    "ScenarioSpec",
    "Uncertain",
    "apply_overrides",
    "json_schema",
    "packaged_cases",
    "packaged_scenarios",
    "packaged_text",
    "parse",
    "parse_text",
    "parse_value",
    "point",
    "read_scenario",
    "resolve_utility",
]
