"""The scenario format as pydantic v2 models (``examples/toy.yaml`` is normative).

Only the *shape* is checked here; cross-references (an unknown option in a bundle, weights
that do not cover the issues, ...) are checked in :mod:`ripeness.scenario.validate`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

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
    party: str = Field(description="Id of the party (in `parties:`) the actor belongs to.")
    role: Literal["principal", "veto", "electorate"] = Field(
        description="principal (negotiates), veto (must also accept) or electorate (public)."
    )
    threshold: Num | None = Field(
        None,
        description=(
            "Electorates only: the support every deal needs (default 0.5); `null` makes the "
            "electorate a ratifier only (a referendum on an override route)."
        ),
    )
    obstacle: str | None = None
    name: str | None = None
    label: str | None = None
    note: str | None = None

    @property
    def ratifier_only(self) -> bool:
        """An electorate whose ``threshold`` is written as ``null``: it only ratifies."""
        return (
            self.role == "electorate"
            and "threshold" in self.model_fields_set
            and (self.threshold is None)
        )


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
    issue: str = Field(description="The issue whose options deter a breach (guarantees, ...).")
    values: dict[str, Num] = Field(
        description="Per option, the share of the breach probability it removes, in [0, 1]."
    )
    evidence: dict[str, str] | None = Field(
        None,
        description=(
            "Per option, the provision of the empirical durability model it corresponds to "
            "(e.g. `{coalition: pko}`), for `durability --empirical`."
        ),
    )
    note: str | None = None


class Commitment(_Strict):
    breach: Num = Field(
        description=(
            "The chance that the party breaks a deal within `within_months`, as others see it."
        )
    )
    within_months: Num | None = Field(
        None, description="The breach window in months (default: the war horizon)."
    )
    obstacle: str | None = None
    deterrence: Deterrence | list[Deterrence] | None = Field(
        None,
        description=(
            "One entry or a list of entries `{issue, values}`, combined multiplicatively: "
            "q(x) = breach * prod_j (1 - deterrence_j(x))."
        ),
    )
    sucker_cost: dict[str, Num] = Field(
        default_factory=dict,
        description=(
            "Per actor of another party: how much worse a breach leaves it than fighting on now."
        ),
    )
    source: str | None = None
    note: str | None = None

    @property
    def deterrence_entries(self) -> list[Deterrence]:
        """The deterrence entries as a list (one entry written alone is a list of one)."""
        if self.deterrence is None:
            return []
        return list(self.deterrence) if isinstance(self.deterrence, list) else [self.deterrence]


class Override(_Strict):
    ratifiers: list[str] = Field(
        default_factory=list,
        description="Actors that must ratify a cession (a referendum: an electorate).",
    )
    blocked_when: list[str] = Field(
        default_factory=list, description="Flags (in `flags:`) that close the route when true."
    )
    threshold: Num = Field(
        0.5, description="Support an electorate ratifier must give in the referendum (default 0.5)."
    )
    cost: Num = Field(
        0.0, description="Political cost charged to the principal when the route is used."
    )
    source: str | None = None
    note: str | None = None


class Constitution(_Strict):
    claims: list[str]
    obstacle: str | None = None
    override: Override | None = None
    source: str | None = None
    note: str | None = None


class PollPoint(_Strict):
    package: dict[str, str] = Field(
        description="A partial package (unnamed issues at `no_deal`; `{}` is the no-deal package)."
    )
    support: Num = Field(description="The share of the electorate that accepts the package.")
    n: int | None = Field(
        None, description="Sample size: gives the share a normal sampling error sqrt(s(1-s)/n)."
    )
    date: str | None = None
    label: str | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return None if v is None else str(v)

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
    set: dict[str, Any] = Field(
        default_factory=dict, description="Dotted paths and the values they take from this date on."
    )
    polls: dict[str, list[PollPoint]] = Field(
        default_factory=dict,
        description=(
            "Per electorate, poll points that replace its calibration from this date and refit it "
            "on this date's model (one poll keeps sigma)."
        ),
    )
    source: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return str(v)


class RecordEntry(_Strict):
    """An observation at the scenario's date that the model is held against (never fitted)."""

    actor: str = Field(description="The actor observed (an electorate for a poll).")
    package: dict[str, str] = Field(
        description="The proposal (unnamed issues at `no_deal`; `{}` is the no-deal package)."
    )
    observed: Literal["accepts", "rejects"] | None = Field(
        None, description="A position: the actor was seen to accept or reject the package."
    )
    support: Num | None = Field(
        None, description="A poll: the share of the electorate accepting it."
    )
    n: int | None = Field(None, description="A poll's sample size.")
    date: str | None = None
    label: str | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return None if v is None else str(v)

    @field_validator("package", mode="before")
    @classmethod
    def _pkg(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: (str(o) if isinstance(o, int | float) else o) for k, o in v.items()}
        return v

    @property
    def kind(self) -> str:
        """``"position"`` or ``"poll"``."""
        return "poll" if self.support is not None else "position"


class Outcome(_Strict):
    """What happened after ``as_of`` (historical cases), scored by ``ripeness cases``."""

    deal: bool = Field(description="Whether a deal was signed within `within_months` of `as_of`.")
    within_months: Num = Field(12, description="The window in months after `as_of`.")
    signed: str | None = Field(None, description="The date the deal was signed.")
    package: dict[str, str] | None = Field(
        None, description="The package signed (unnamed issues at `no_deal`)."
    )
    ended: str | None = Field(
        None, description="The date the deal broke down, or null if it still holds (censored)."
    )
    observed_until: str | None = Field(
        None, description="The date up to which a deal still holding was observed (censoring)."
    )
    source: str | None = None
    note: str | None = None

    @field_validator("signed", "ended", "observed_until", mode="before")
    @classmethod
    def _dates(cls, v: Any) -> Any:
        return None if v is None else str(v)

    @field_validator("package", mode="before")
    @classmethod
    def _pkg(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: (str(o) if isinstance(o, int | float) else o) for k, o in v.items()}
        return v


class ScenarioSpec(_Strict):
    """A whole scenario file (DESIGN.md §2)."""

    scenario: str
    title: str | None = None
    as_of: str | None = None
    case: str | None = Field(
        None, description="The conflict a dated snapshot belongs to (case library), e.g. `korea`."
    )
    description: str | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    flags: dict[str, StrictBool] = Field(default_factory=dict)
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
    record: list[RecordEntry] = Field(
        default_factory=list, description="Observed positions and polls the model is held against."
    )
    outcome: Outcome | None = Field(None, description="What happened (historical cases).")
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
