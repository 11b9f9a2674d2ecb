"""Durability curves: survival of the default package under each guarantee option.

The default package is the one :func:`ripeness.durability` picks (the Nash solution when a deal
exists, else the nearest compromise). Each alternative option of an issue that carries
deterrence (``commitment.X.deterrence.issue``) gives another curve, computed by
:func:`ripeness.analysis.durability.durability_of` on the same compiled model, which is what
``ripeness.durability(..., package={issue: option})`` computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .assess import assess_digits
from .durability import Durability, durability_of
from .zopa import Analysis, space_digits

#: Why there are no curves (:func:`durability_curves` returns None).
NO_CURVES = "no party is given a breach probability (`commitment:`), so no deal can break down"

#: Years on the horizontal axis of the survival curves.
YEARS = np.linspace(0.0, 20.0, 81)


@dataclass(frozen=True)
class Curve:
    """One survival curve.

    Attributes
    ----------
    label : str
        ``"default: guarantees=bilateral"`` or ``"guarantees=art5"``.
    default : bool
        Whether this is the default package itself.
    durability : Durability
    survival : ndarray
        ``S(t)`` at :attr:`DurabilityCurves.years`.
    """

    label: str
    default: bool
    durability: Durability
    survival: np.ndarray


@dataclass(frozen=True)
class DurabilityCurves:
    """Survival curves of the default package and its guarantee alternatives."""

    years: np.ndarray
    curves: list[Curve]
    chosen_as: str
    package: dict[str, str]

    @property
    def is_deal(self) -> bool | None:
        """Whether the default package (the first curve) is a deal."""
        return self.curves[0].durability.is_deal if self.curves else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "chosen_as": self.chosen_as,
            "package": self.package,
            "years": self.years.tolist(),
            "curves": [
                {
                    "label": c.label,
                    "default": c.default,
                    "survival": c.survival.tolist(),
                    **c.durability.to_dict(),
                }
                for c in self.curves
            ],
        }


def deterrence_issues(analysis: Analysis) -> list[str]:
    """Issues whose options change some party's breach probability, in file order."""
    model = analysis.model
    ks = sorted(
        {
            int(k)
            for k, p in zip(model.det_issue, model.det_party, strict=True)
            if model.committing[p] and model.breach[p] > 0
        }
    )
    return [model.space.issues[k] for k in ks]


def durability_curves(analysis: Analysis, years: np.ndarray = YEARS) -> DurabilityCurves | None:
    """Survival curves for the default package and each alternative deterrence option.

    Returns None when no party has a breach probability (:data:`NO_CURVES`).
    """
    model = analysis.model
    if not (model.committing & (model.breach > 0)).any():
        return None
    scan = analysis.scan
    base: int | None = scan.nearest
    how = "nearest compromise"
    if scan.solutions is not None:
        base, how = scan.solutions["nash"], "nash"
    if base is None:
        return None
    digits = space_digits(model, int(base))
    issues = deterrence_issues(analysis)
    own = ", ".join(
        f"{i}={model.space.options[model.space.issues.index(i)][digits[model.space.issues.index(i)]]}"
        for i in issues
    )

    def deal(d: np.ndarray) -> bool:
        return bool(assess_digits(model, d, scan.ranges).deal)

    first = durability_of(model, digits, how, deal(digits))
    curves = [Curve(f"{how}" + (f": {own}" if own else ""), True, first, first.curve(years))]
    for issue in issues:
        k = model.space.issues.index(issue)
        for o, option in enumerate(model.space.options[k]):
            if o == digits[k]:
                continue
            alt = digits.copy()
            alt[k] = o
            d = durability_of(model, alt, f"{how}, with {issue}={option}", deal(alt))
            curves.append(Curve(f"{issue}={option}", False, d, d.curve(years)))
    return DurabilityCurves(np.asarray(years, dtype=float), curves, how, first.package)
