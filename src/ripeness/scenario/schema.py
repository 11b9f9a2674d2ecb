"""The scenario format as pydantic v2 models (``examples/toy.yaml`` is normative).

Only the *shape* is checked here; cross-references (an unknown option in a bundle, weights
that do not cover the issues, ...) are checked in :mod:`ripeness.scenario.validate`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .numbers import Num


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_option_lists(v: Any) -> Any:
    """``{issue: option}`` is shorthand for ``{issue: [option]}``."""
    if isinstance(v, dict):
        return {k: ([o] if isinstance(o, str | int | float) else o) for k, o in v.items()}
    return v


def _keys_as_str(v: Any) -> Any:
    if isinstance(v, list):
        return [str(o) if isinstance(o, int | float) and not isinstance(o, bool) else o for o in v]
    return v


Conjunction = dict[str, list[str]]
"""Per-issue sets of options, all of which must hold (``{crimea: [ru], kherson: [ua]}``)."""


class Source(_Strict):
    title: str
    kind: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return None if v is None else str(v)


class Party(_Strict):
    name: str | None = None
    label: str | None = None
    note: str | None = None


class Obstacle(_Strict):
    title: str
    description: str | None = None
    note: str | None = None


class Actor(_Strict):
    party: str
    role: Literal["principal", "veto", "electorate"]
    threshold: Num | None = None
    obstacle: str | None = None
    name: str | None = None
    label: str | None = None
    note: str | None = None


class Option(_Strict):
    label: str | None = None
    cedes: str | None = None
    note: str | None = None


class Issue(_Strict):
    kind: str | None = None
    label: str | None = None
    options: dict[str, Option]
    no_deal: str
    war: list[str] | None = None
    note: str | None = None

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, v: Any) -> Any:
        if isinstance(v, list):  # shorthand: a list of option ids
            return {str(o): {} for o in v}
        if isinstance(v, dict):
            return {
                k: ({} if o is None else ({"label": o} if isinstance(o, str) else o))
                for k, o in v.items()
            }
        return v

    @field_validator("no_deal", mode="before")
    @classmethod
    def _no_deal(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v

    @field_validator("war", mode="before")
    @classmethod
    def _war(cls, v: Any) -> Any:
        return _keys_as_str(v)


class Bundle(_Strict):
    when: Conjunction
    value: Num
    obstacle: str | None = None
    label: str | None = None
    note: str | None = None

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, v: Any) -> Any:
        return _as_option_lists(v)


class RedLine(_Strict):
    when: Conjunction
    obstacle: str | None = None
    label: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, v: Any) -> Any:
        if isinstance(v, dict) and "when" not in v:
            return {"when": v}
        return v

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, v: Any) -> Any:
        return _as_option_lists(v)


class Utility(_Strict):
    like: str | None = None
    weights: dict[str, Num] | None = None
    values: dict[str, dict[str, Num]] | None = None
    bundles: list[Bundle] | None = None
    red_lines: list[RedLine] | None = None
    note: str | None = None


class Control(_Strict):
    cutpoints: list[Num] | None = None
    intercept: Num | None = None
    slope: Num = 1.0
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Control:
        if (self.cutpoints is None) == (self.intercept is None):
            raise ValueError("give exactly one of `cutpoints` or `intercept`")
        return self


class War(_Strict):
    horizon_months: Num
    military_balance: Num = 0.0
    control: dict[str, Control] = Field(default_factory=dict)
    cost_per_month: dict[str, Num] = Field(default_factory=dict)
    source: str | None = None
    note: str | None = None


class Deterrence(_Strict):
    issue: str
    values: dict[str, Num]
    # option id -> covariate of the empirical model (ripeness.evidence.COVARIATES), e.g.
    # {coalition: pko}: the provision whose 1 - HR the option's value is compared with
    evidence: dict[str, str] | None = None


class Commitment(_Strict):
    breach: Num
    obstacle: str | None = None
    deterrence: Deterrence | None = None
    sucker_cost: dict[str, Num] = Field(default_factory=dict)
    horizon_months: Num | None = None
    source: str | None = None
    note: str | None = None


class Override(_Strict):
    ratifiers: list[str] = Field(default_factory=list)
    blocked_when: list[str] = Field(default_factory=list)
    cost: Num = 0.0
    source: str | None = None
    note: str | None = None


class Constitution(_Strict):
    claims: list[str]
    obstacle: str | None = None
    override: Override | None = None
    source: str | None = None
    note: str | None = None


class PollPoint(_Strict):
    package: dict[str, str]
    support: Num
    source: str | None = None
    note: str | None = None

    @field_validator("package", mode="before")
    @classmethod
    def _pkg(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: (str(o) if isinstance(o, int | float) else o) for k, o in v.items()}
        return v


class Electorate(_Strict):
    calibration: list[PollPoint] = Field(default_factory=list)
    mu: Num | None = None
    sigma: Num | None = None
    source: str | None = None
    note: str | None = None


class Rule(_Strict):
    name: str
    forbid: list[Conjunction]
    obstacle: str | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("forbid", mode="before")
    @classmethod
    def _forbid(cls, v: Any) -> Any:
        return [_as_option_lists(c) for c in v] if isinstance(v, list) else v


class TimelinePoint(_Strict):
    date: str
    label: str | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return str(v)


class ScenarioSpec(_Strict):
    """A whole scenario file (DESIGN.md §2)."""

    scenario: str
    title: str | None = None
    as_of: str | None = None
    description: str | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    flags: dict[str, bool] = Field(default_factory=dict)
    parties: dict[str, Party]
    obstacles: dict[str, Obstacle] = Field(default_factory=dict)
    actors: dict[str, Actor]
    issues: dict[str, Issue]
    utilities: dict[str, Utility]
    war: War | None = None
    batna: dict[str, Num] = Field(default_factory=dict)
    commitment: dict[str, Commitment] = Field(default_factory=dict)
    constitutions: dict[str, Constitution] = Field(default_factory=dict)
    electorates: dict[str, Electorate] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    timeline: list[TimelinePoint] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v: Any) -> Any:
        return None if v is None else str(v)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario format, for editor completion."""
    schema = ScenarioSpec.model_json_schema()
    defs = schema["$defs"]
    conj = {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
    defs["RedLine"] = {"anyOf": [defs["RedLine"], conj]}
    opts = defs["Issue"]["properties"]["options"]
    defs["Issue"]["properties"]["options"] = {
        "anyOf": [opts, {"type": "array", "items": {"type": "string"}}]
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ripeness scenario"
    return schema
