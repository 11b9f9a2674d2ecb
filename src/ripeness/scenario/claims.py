"""A source's conclusions as claims the model is held against (``claims:``).

A scenario that encodes an argument (a commentary, a report, a mediator's memo) can state that
argument's conclusions as claims, each a proposition the model can answer: a verdict, a
position (who rejects a package, and because of which obstacle), which obstacles stand in the
way, whether a lever opens a deal, whether guarantees make a deal last longer. ``ripeness
check`` answers each beside the source's words ("follows" or "does not follow", with the
numbers that decide it). Claims are never read by the model; they are what it is asked.

This module holds the schema of a claim and its cross-reference checks; the answers are
computed by :mod:`ripeness.analysis.claims`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import Path
from .numbers import Finite

#: The kinds of claim, in the order ``check`` reports them.
KINDS = ("verdict", "position", "binds", "lever", "durability")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def package_names(cls: Any, v: Any) -> Any:
    """A package's option ids as text (``{issue: 1}`` names option ``"1"``); a pydantic
    ``before`` validator, used by every package field of the format."""
    if isinstance(v, dict):
        return {k: (str(o) if isinstance(o, int | float) else o) for k, o in v.items()}
    return v


class PositionClaim(_Strict):
    """Who accepts or rejects a package (and, for a rejection, because of which obstacle)."""

    actors: list[str] = Field(description="The actors the claim is about; it holds for all.")
    package: dict[str, str] = Field(
        description="The package (unnamed issues at `no_deal`; `{}` is the no-deal package)."
    )
    observed: Literal["accepts", "rejects"] = Field(
        "rejects", description="What the claim says each actor does."
    )
    because: str | None = Field(
        None,
        description="An obstacle id: each actor rejects the package with it on and accepts it "
        "with it switched off (the obstacle is the reason).",
    )

    _pkg = field_validator("package", mode="before")(package_names)


class LeverClaim(_Strict):
    """A deal appears somewhere in a parameter's range although there is none at its value."""

    param: str = Field(description="Dotted path of a number (`war.military_balance`).")
    range: list[Finite] = Field(description="The range searched, `[low, high]`.")


class DurabilityClaim(_Strict):
    """A package lasts longer with some options than with others."""

    with_: dict[str, str] = Field(
        alias="with",
        description="Options that make the deal last (completed from the default package, as "
        "`ripeness durability` completes a partial package).",
    )
    than: dict[str, str] = Field(description="The options it is compared with.")
    years: Finite = Field(5, description="The survival compared is S(years).")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _pkg = field_validator("with_", "than", mode="before")(package_names)


class Claim(_Strict):
    """One conclusion of a source, as a proposition the model answers (exactly one kind)."""

    says: str = Field(description="The conclusion, in the source's words or a close paraphrase.")
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    off: list[str] = Field(
        default_factory=list,
        description="Obstacles switched off while the claim is answered (a changed world, "
        "e.g. a change in Moscow as `off: [hawks-ru]`); not with `binds:`.",
    )
    verdict: Literal["deal", "no_deal"] | None = Field(
        None, description="The claim is a verdict: a deal exists now, or none does."
    )
    position: PositionClaim | None = Field(None, description="The claim is a position.")
    binds: list[str] | None = Field(
        None,
        description="The claim is that each of these obstacles stands in the way: it belongs "
        "to an inclusion-minimal set of obstacles whose removal opens a deal.",
    )
    lever: LeverClaim | None = Field(
        None, description="The claim is that moving one number opens a deal."
    )
    durability: DurabilityClaim | None = Field(
        None, description="The claim is that some options make a deal last longer."
    )
    note: str | None = Field(
        None, description="How the conclusion was read as a claim, for readers."
    )

    @property
    def kind(self) -> str | None:
        """The claim's kind (the one of :data:`KINDS` it gives), None when it gives none."""
        given = [k for k in KINDS if getattr(self, k) is not None]
        return given[0] if len(given) == 1 else None


def claim_problems(
    claims: Mapping[str, Claim],
    actors: Mapping[str, Any],
    obstacles: Mapping[str, Any],
    package_problems: Any,
) -> Iterator[tuple[Path, str]]:
    """Cross-reference problems of a scenario's ``claims:`` (each with the field's path).

    ``package_problems(package, path)`` yields the problems of a package (unknown issues or
    options), as every other block's packages are checked.
    """
    from .utility_checks import unknown

    def obstacle(o: str, where: Path) -> Iterator[tuple[Path, str]]:
        if o not in obstacles:
            yield where, unknown("obstacle", o, obstacles)

    for cid, c in claims.items():
        base: Path = ("claims", cid)
        given = [k for k in KINDS if getattr(c, k) is not None]
        if len(given) != 1:
            what = "gives none" if not given else "gives " + ", ".join(f"`{k}:`" for k in given)
            yield (
                base,
                "a claim is one of " + ", ".join(f"`{k}:`" for k in KINDS) + f"; this one {what}",
            )
        for i, o in enumerate(c.off):
            yield from obstacle(o, (*base, "off", i))
        if c.binds is not None:
            if c.off:
                yield (*base, "off"), "a `binds:` claim is answered with every obstacle on"
            if not c.binds:
                yield (*base, "binds"), "name at least one obstacle"
            for i, o in enumerate(c.binds):
                yield from obstacle(o, (*base, "binds", i))
        if c.position is not None:
            p, where = c.position, (*base, "position")
            if not p.actors:
                yield (*where, "actors"), "name at least one actor"
            for i, a in enumerate(p.actors):
                if a not in actors:
                    yield (*where, "actors", i), unknown("actor", a, actors)
            yield from package_problems(p.package, (*where, "package"))
            if p.because is not None:
                yield from obstacle(p.because, (*where, "because"))
                if p.observed != "rejects":
                    yield (*where, "because"), "`because:` gives the reason for a rejection"
                if p.because in c.off:
                    yield (*where, "because"), f"{p.because!r} is also switched off (`off:`)"
        if c.lever is not None:
            if len(c.lever.range) != 2:
                yield (*base, "lever", "range"), "give the range as two numbers, `[low, high]`"
                continue
            lo, hi = c.lever.range
            if not lo < hi:
                yield (*base, "lever", "range"), f"need low < high (got [{lo:g}, {hi:g}])"
        if c.durability is not None:
            d, where = c.durability, (*base, "durability")
            yield from package_problems(d.with_, (*where, "with"))
            yield from package_problems(d.than, (*where, "than"))
            if d.years <= 0:
                yield (*where, "years"), "years must be > 0"
            if dict(d.with_) == dict(d.than):
                yield (*where, "than"), "`with:` and `than:` are the same options"


__all__ = ["KINDS", "Claim", "DurabilityClaim", "LeverClaim", "PositionClaim", "claim_problems"]
