"""Numbers that may carry a source and an uncertainty.

A number in a scenario is either a plain number or a mapping: ``{value, source}`` (a sourced
fixed number), ``{mode, low, high}`` (triangular), ``{dist: normal, mean, sd}``,
``{dist: uniform, low, high}`` or ``{dist: beta, a, b}`` (optionally rescaled to ``[low, high]``).
Everywhere but Monte Carlo a number takes its *point* value: ``value`` when given, else the
mode (the mean for a normal, the midpoint for a uniform).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError


def _shape(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """A problem of a number written as a mapping, as its own pydantic error type."""
    return PydanticCustomError(kind, message, context)


Dist = Literal["fixed", "triangular", "normal", "uniform", "beta"]

#: Largest magnitude of a scenario number: sums and products of such numbers stay finite.
MAX_MAGNITUDE = 1e12

#: A finite float, strictly: an int or a float, never a bool, a string, NaN or an infinity,
#: and at most :data:`MAX_MAGNITUDE` in absolute value.
Finite = Annotated[float, Strict(), AllowInfNan(False), Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]


class Uncertain(BaseModel):
    """A number with a source and, optionally, a distribution."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Finite | None = Field(
        None, description="A fixed value (with `source`); with a range, the point value."
    )
    mode: Finite | None = Field(
        None, description="The most likely value of a range (`{mode, low, high}`: triangular)."
    )
    low: Finite | None = Field(None, description="The lowest value of a range.")
    high: Finite | None = Field(None, description="The highest value of a range.")
    dist: Dist | None = Field(
        None,
        description="The distribution, when not implied by the fields given: fixed, "
        "triangular, normal, uniform or beta.",
    )
    mean: Finite | None = Field(None, description="A normal number's mean.")
    sd: Finite | None = Field(None, description="A normal number's standard deviation (> 0).")
    a: Finite | None = Field(None, description="A beta number's first shape parameter (> 0).")
    b: Finite | None = Field(None, description="A beta number's second shape parameter (> 0).")
    source: str | None = Field(None, description="Id of the entry of `sources:` it comes from.")
    note: str | None = Field(None, description="Free text for readers; never read by the model.")

    @model_validator(mode="after")
    def _check(self) -> Uncertain:
        kind = self.kind
        if kind == "fixed" and self.value is None:
            raise _shape(
                "number_value", "a sourced number needs `value` (or `mode`, `low`, `high`)"
            )
        if kind == "triangular":
            if self.low is None or self.high is None or (self.mode is None and self.value is None):
                raise _shape("number_triangular", "a range needs `low`, `mode` and `high`")
            m = self.mode if self.mode is not None else self.value
            if not (self.low <= m <= self.high):  # type: ignore[operator]
                raise _shape(
                    "number_order",
                    "the mode {mode} is not between low {low} and high {high}",
                    low=self.low,
                    mode=m,
                    high=self.high,
                )
        if kind == "normal" and (self.mean is None or self.sd is None or self.sd <= 0):
            raise _shape("number_normal", "a normal number needs `mean` and `sd` > 0")
        if kind == "uniform" and (self.low is None or self.high is None or self.low > self.high):
            raise _shape(
                "number_uniform", "a uniform number needs `low` and `high`, with low <= high"
            )
        if kind == "beta":
            if self.a is None or self.b is None or self.a <= 0 or self.b <= 0:
                raise _shape("number_beta", "a beta number needs `a` > 0 and `b` > 0")
            if (self.low is None) != (self.high is None):
                raise _shape("number_beta", "a beta number takes both `low` and `high`, or neither")
        return self

    @property
    def kind(self) -> Dist:
        """The distribution, inferred when ``dist`` is not given."""
        if self.dist is not None:
            return self.dist
        if self.low is not None or self.high is not None:
            return "triangular"
        if self.mean is not None:
            return "normal"
        return "fixed"

    @property
    def uncertain(self) -> bool:
        return self.kind != "fixed"

    @property
    def point(self) -> float:
        """The value used outside Monte Carlo (an uncertainty takes its mode)."""
        if self.value is not None:
            return float(self.value)
        if self.mode is not None:
            return float(self.mode)
        kind = self.kind
        if kind == "normal":
            return float(self.mean)  # type: ignore[arg-type]
        if kind == "uniform":
            return (float(self.low) + float(self.high)) / 2.0  # type: ignore[arg-type]
        if kind == "beta":
            a, b = float(self.a), float(self.b)  # type: ignore[arg-type]
            x = (a - 1) / (a + b - 2) if a > 1 and b > 1 else a / (a + b)
            lo, hi = (self.low or 0.0), (self.high if self.high is not None else 1.0)
            return lo + (hi - lo) * x
        raise ValueError("number without a value")  # pragma: no cover - excluded by _check

    def bounds(self) -> tuple[float, float]:
        """Low and high values (5% and 95% quantiles for a normal)."""
        kind = self.kind
        if kind == "normal":
            return (self.mean - 1.6448536 * self.sd, self.mean + 1.6448536 * self.sd)  # type: ignore[operator]
        if kind == "beta" and self.low is None:
            return (0.0, 1.0)
        if self.low is not None and self.high is not None:
            return (float(self.low), float(self.high))
        p = self.point
        return (p, p)


def _discriminate(v: Any) -> str:
    return "uncertain" if isinstance(v, dict | Uncertain) else "number"


#: A scenario number: plain, or a mapping with a source and/or a distribution.
Num = Annotated[
    Annotated[Finite, Tag("number")] | Annotated[Uncertain, Tag("uncertain")],
    Discriminator(_discriminate),
]


def point(x: float | Uncertain | None, default: float = math.nan) -> float:
    """Point value of a scenario number (see :class:`Uncertain`)."""
    if x is None:
        return default
    if isinstance(x, Uncertain):
        return x.point
    return float(x)


def is_number_mapping(value: Any) -> bool:
    """Whether a raw YAML value is a number written as a mapping."""
    if not isinstance(value, dict):
        return False
    keys = set(value)
    return (
        bool(keys)
        and keys <= set(Uncertain.model_fields)
        and bool(keys & {"value", "mode", "mean", "low", "high", "a", "dist"})
    )
