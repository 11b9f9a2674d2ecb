"""The scenario format as pydantic v2 models (the packaged ``toy`` scenario is normative).

Every field has a ``description``: it is what an editor shows from the JSON Schema
(``ripeness schema``) and what the reference (``ripeness schema --markdown``, docs/format.md)
prints. Only the *shape* is checked here; cross-references (an unknown option in a bundle, weights
that do not cover the issues, ...) are checked in :mod:`ripeness.scenario.validate`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

from .claims import Claim, package_names
from .numbers import Num


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_option_lists(v: Any) -> Any:
    """``{issue: option}`` is shorthand for ``{issue: [option]}``."""
    if isinstance(v, dict):
        return {k: ([o] if isinstance(o, str | int | float) else o) for k, o in v.items()}
    return v


def _text_or_none(cls: Any, v: Any) -> Any:
    """A date (or other scalar) as text; None stays None."""
    return None if v is None else str(v)


def _keys_as_str(v: Any) -> Any:
    if isinstance(v, list):
        return [str(o) if isinstance(o, int | float) and not isinstance(o, bool) else o for o in v]
    return v


Conjunction = dict[str, list[str]]
"""Per-issue sets of options, all of which must hold (``{crimea: [ru], kherson: [ua]}``)."""


class Source(_Strict):
    """Where a figure comes from: one entry of the `sources:` table, named by its id."""

    title: str = Field(description="What the source is: title, publisher, edition.")
    kind: str | None = Field(
        None,
        description="What sort of source: `poll`, `report`, `dataset`, `judgement` (analyst "
        "judgement), `law`, ... (free text).",
    )
    date: str | None = Field(None, description="When it was published or fielded (YYYY-MM-DD).")
    url: str | None = Field(None, description="Where to read it.")
    author: str | None = Field(None, description="Who wrote or fielded it.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    _date = field_validator("date", mode="before")(_text_or_none)


class Party(_Strict):
    """A side of the war (a state, a movement): one or more actors belong to it."""

    name: str | None = Field(None, description="The party's name (default: its id).")
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Obstacle(_Strict):
    """A named obstacle to a deal; `obstacle:` tags elsewhere say which elements it switches."""

    title: str = Field(description="One line saying what stands in the way.")
    description: str | None = Field(None, description="A longer account, with its evidence.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Actor(_Strict):
    """Someone whose acceptance a deal needs: a government, a veto player or a public."""

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
    obstacle: str | None = Field(
        None,
        description="Id of the obstacle (in `obstacles:`) whose switch removes this actor "
        "from the deal's acceptance.",
    )
    name: str | None = Field(None, description="The actor's name (default: its id).")
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @property
    def ratifier_only(self) -> bool:
        """An electorate whose ``threshold`` is written as ``null``: it only ratifies."""
        return (
            self.role == "electorate"
            and "threshold" in self.model_fields_set
            and (self.threshold is None)
        )


class Option(_Strict):
    """One way an issue can be settled."""

    label: str | None = Field(None, description="What the option means, in words.")
    cedes: str | None = Field(
        None,
        description="Id of the party that cedes territory under this option (checked against "
        "that party's constitution).",
    )
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Issue(_Strict):
    """A matter a deal settles; a package picks one option of every issue."""

    kind: str | None = Field(
        None, description="What sort of issue: `territory`, `security`, ... (free text)."
    )
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    options: dict[str, Option] = Field(
        description="The options, by id; a list of ids is shorthand for options without labels, "
        "and `id: text` for an option with that label."
    )
    no_deal: str = Field(description="The option that holds when there is no deal (today).")
    war: list[str] | None = Field(
        None,
        description="Territories: the options fighting on can end in, best for the first party "
        "first (each needs a `war.control` entry when there are two or more).",
    )
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

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
    """A value added to an actor's utility when a package matches a condition (indivisibility,
    linkage)."""

    when: Conjunction = Field(
        description="Per issue, the options any one of which must hold, every issue named: "
        "`{north: [frozen, b], south: [a]}` (one option may be written alone)."
    )
    value: Num = Field(description="Added to the utility when the condition holds (may be < 0).")
    obstacle: str | None = Field(
        None, description="Id of the obstacle whose switch removes this bundle."
    )
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, v: Any) -> Any:
        return _as_option_lists(v)


class RedLine(_Strict):
    """A condition the actor rejects whatever the package's value (written with or without
    `when:`)."""

    when: Conjunction = Field(
        description="Per issue, the options any one of which must hold, every issue named."
    )
    obstacle: str | None = Field(
        None, description="Id of the obstacle whose switch removes this red line."
    )
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

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
    """How an actor values packages: u = sum_k w_k / sum(w) * value_k(option) + bundle values."""

    like: str | None = Field(
        None,
        description="Id of another actor whose utility this one copies; what is given here "
        "replaces it: weights and values issue by issue, bundles and red lines as whole lists.",
    )
    weights: dict[str, Num] | None = Field(
        None, description="Per issue, its weight (>= 0; normalised by their sum)."
    )
    values: dict[str, dict[str, Num]] | None = Field(
        None,
        description="Per issue and option, the option's value to the actor (0-100 by "
        "convention: 0 its worst option on the issue, 100 its best).",
    )
    bundles: list[Bundle] | None = Field(
        None, description="Values added when packages match a condition."
    )
    red_lines: list[RedLine] | None = Field(
        None, description="Conditions the actor rejects whatever the package's value."
    )
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Control(_Strict):
    """Who ends up holding a territory if the war goes on: an ordered logit in the balance,
    P(outcome index <= j) = logistic(cutpoints[j] + slope * military_balance)."""

    cutpoints: list[Num] | None = Field(
        None,
        description="One per outcome but the last, increasing (give this or `intercept`).",
    )
    intercept: Num | None = Field(
        None, description="Two outcomes only: the one cutpoint (give this or `cutpoints`)."
    )
    slope: Num = Field(
        1.0, description="How strongly the military balance moves the outcome (default 1)."
    )
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @model_validator(mode="after")
    def _one_form(self) -> Control:
        if (self.cutpoints is None) == (self.intercept is None):
            raise ValueError("give exactly one of `cutpoints` or `intercept`")
        return self


class War(_Strict):
    """Fighting on: what it can end in and what it costs; it sets each actor's BATNA."""

    horizon_months: Num = Field(
        description="Months over which fighting on is valued (> 0); the default breach window."
    )
    military_balance: Num = Field(
        0.0, description="The balance of forces: > 0 favours the first party (default 0)."
    )
    control: dict[str, Control] = Field(
        default_factory=dict,
        description="Per territory (an issue with `war:` outcomes), how the balance decides it.",
    )
    cost_per_month: dict[str, Num] = Field(
        default_factory=dict,
        description="Per actor, the cost of a month of war in utility points.",
    )
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Deterrence(_Strict):
    """How the options of one issue (guarantees, peacekeepers) deter a breach."""

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
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Commitment(_Strict):
    """How far the others trust a party to keep a deal: EU = (1 - q) u + q (d - sucker cost)."""

    breach: Num = Field(
        description=(
            "The chance that the party breaks a deal within `within_months`, as others see it."
        )
    )
    within_months: Num | None = Field(
        None, description="The breach window in months (default: the war horizon)."
    )
    obstacle: str | None = Field(
        None,
        description="Id of the obstacle whose switch makes the party's commitment credible "
        "(no discount).",
    )
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
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @property
    def deterrence_entries(self) -> list[Deterrence]:
        """The deterrence entries as a list (one entry written alone is a list of one)."""
        if self.deterrence is None:
            return []
        return list(self.deterrence) if isinstance(self.deterrence, list) else [self.deterrence]


class Override(_Strict):
    """A constitutional route that makes a cession legal (a referendum, an amendment)."""

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
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Constitution(_Strict):
    """What a party's constitution claims: a package ceding a claimed issue is illegal unless an
    override route is open and ratified."""

    claims: list[str] = Field(description="Ids of the issues the constitution claims.")
    obstacle: str | None = Field(
        None, description="Id of the obstacle whose switch sets this constitution aside."
    )
    override: Override | None = Field(
        None, description="The route that can make a cession legal (none: no route)."
    )
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class PollPoint(_Strict):
    """One poll: the share of an electorate accepting a package."""

    package: dict[str, str] = Field(
        description="A partial package (unnamed issues at `no_deal`; `{}` is the no-deal package)."
    )
    support: Num = Field(description="The share of the electorate that accepts the package.")
    n: StrictInt | None = Field(
        None, description="Sample size: gives the share a normal sampling error sqrt(s(1-s)/n)."
    )
    date: str | None = Field(None, description="When the poll was fielded (YYYY-MM-DD).")
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    _date = field_validator("date", mode="before")(_text_or_none)

    _pkg = field_validator("package", mode="before")(package_names)


class Electorate(_Strict):
    """A public: support = Phi((net value - mu) / sigma), fitted to its polls."""

    calibration: list[PollPoint] = Field(
        default_factory=list,
        description="Poll points the support curve is fitted to (two, or one with `sigma`).",
    )
    mu: Num | None = Field(
        None, description="The net value at which half the public supports (fitted if absent)."
    )
    sigma: Num | None = Field(
        None, description="How gradually support rises with the net value (> 0; fitted if absent)."
    )
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")


class Rule(_Strict):
    """What third parties will not implement: packages matching any listed condition."""

    name: str = Field(description="The rule's name (`non-recognition`).")
    forbid: list[Conjunction] = Field(
        description="Conditions (per issue, options any one of which must hold); a package "
        "matching any of them is forbidden."
    )
    obstacle: str | None = Field(
        None, description="Id of the obstacle whose switch lifts this rule."
    )
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @field_validator("forbid", mode="before")
    @classmethod
    def _forbid(cls, v: Any) -> Any:
        return [_as_option_lists(c) for c in v] if isinstance(v, list) else v


class TimelinePoint(_Strict):
    """A dated change: from `date` on, `set:` overrides apply (cumulatively, in date order)."""

    date: str = Field(description="The date from which the entry holds (YYYY-MM or YYYY-MM-DD).")
    label: str | None = Field(None, description="What happened then, in a few words.")
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
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

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
    n: StrictInt | None = Field(None, description="A poll's sample size.")
    date: str | None = Field(None, description="When it was observed (YYYY-MM-DD).")
    label: str | None = Field(None, description="A short label shown in reports (default: the id).")
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    _date = field_validator("date", mode="before")(_text_or_none)

    _pkg = field_validator("package", mode="before")(package_names)

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
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    _dates = field_validator("signed", "ended", "observed_until", mode="before")(_text_or_none)

    _pkg = field_validator("package", mode="before")(package_names)


class ScenarioSpec(_Strict):
    """A scenario: a war, the sides and what they value, and what stands in the way of a deal."""

    scenario: str = Field(description="The scenario's id (letters, digits, `-`, `_`, `.`).")
    title: str | None = Field(None, description="One line shown at the head of every answer.")
    as_of: str | None = Field(None, description="The date the scenario describes (YYYY-MM-DD).")
    case: str | None = Field(
        None, description="The conflict a dated snapshot belongs to (case library), e.g. `korea`."
    )
    description: str | None = Field(
        None, description="What the scenario encodes and why, for readers."
    )
    sources: dict[str, Source] = Field(
        default_factory=dict,
        description="Where the figures come from, by id; `source:` fields name these ids.",
    )
    flags: dict[str, StrictBool] = Field(
        default_factory=dict,
        description="Named conditions (true or false) that override routes test (martial law).",
    )
    parties: dict[str, Party] = Field(
        description="The sides, by id; each has exactly one principal among the actors."
    )
    obstacles: dict[str, Obstacle] = Field(
        default_factory=dict,
        description="The obstacles, by id; `--off ID` switches the elements tagged with one off.",
    )
    actors: dict[str, Actor] = Field(
        description="Everyone whose acceptance a deal needs, by id (`UA.gov`, `UA.public`)."
    )
    issues: dict[str, Issue] = Field(description="What a deal settles, by id.")
    utilities: dict[str, Utility] = Field(description="Per actor, how it values packages.")
    war: War | None = Field(
        None,
        description="Fighting on: outcomes, costs, horizon (sets the BATNAs; without it, "
        "`batna:` or the no-deal package's utility).",
    )
    batna: dict[str, Num] = Field(
        default_factory=dict,
        description="Per actor, its value of no deal given directly (instead of from `war:`).",
    )
    commitment: dict[str, Commitment] = Field(
        default_factory=dict,
        description="Per party, the chance that it breaks a deal, and what deters it.",
    )
    constitutions: dict[str, Constitution] = Field(
        default_factory=dict, description="Per party, what its constitution claims."
    )
    electorates: dict[str, Electorate] = Field(
        default_factory=dict,
        description="Per electorate actor, its polls (and the support curve fitted to them).",
    )
    rules: list[Rule] = Field(
        default_factory=list, description="Packages third parties will not implement."
    )
    timeline: list[TimelinePoint] = Field(
        default_factory=list,
        description="Dated changes for `ripeness timeline`: overrides and new polls by date.",
    )
    record: list[RecordEntry] = Field(
        default_factory=list, description="Observed positions and polls the model is held against."
    )
    outcome: Outcome | None = Field(None, description="What happened (historical cases).")
    claims: dict[str, Claim] = Field(
        default_factory=dict,
        description="A source's conclusions, by id, each a proposition `ripeness check` "
        "answers (a verdict, a position, obstacles that bind, a lever, durability).",
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Free data for other tools (kept through GENIUS export, never modelled).",
    )

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
