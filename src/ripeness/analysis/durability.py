"""How long a deal lasts (DESIGN.md §2, "Commitment").

With ``q`` the probability that some party breaches the package over the horizon ``H``, the
hazard is ``-ln(1 - q) / H`` and survival ``S(t) = exp(-hazard * t)`` (constant hazard).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Model, breach_probability
from .base import Result

YEARS = (1, 5, 10)


@dataclass(frozen=True, eq=False)
class Durability(Result):
    """Breach probability, hazard and survival of a package."""

    package: dict[str, str]
    chosen_as: str
    horizon_years: float
    breach_probability: float
    by_party: dict[str, float]
    hazard: float
    survival: dict[int, float]
    median_survival_years: float

    def curve(self, years: np.ndarray) -> np.ndarray:
        """Survival ``S(t)`` at times ``years``."""
        return survival(self.hazard, np.asarray(years, dtype=float))

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "chosen_as": self.chosen_as,
            "horizon_years": self.horizon_years,
            "breach_probability": self.breach_probability,
            "by_party": self.by_party,
            "hazard_per_year": self.hazard,
            "hazard": self.hazard,
            "survival": {str(k): v for k, v in self.survival.items()},
            "median_survival_years": self.median_survival_years,
        }


def hazard_rate(q: float, horizon_years: float) -> float:
    """Constant hazard per year giving breach probability ``q`` over ``horizon_years``."""
    if q <= 0:
        return 0.0
    if q >= 1:
        return math.inf
    return -math.log1p(-q) / horizon_years


def survival(hazard: float | np.ndarray, t: float | np.ndarray) -> Any:
    """``S(t) = exp(-hazard * t)``."""
    with np.errstate(invalid="ignore"):
        return np.where(np.asarray(t) == 0, 1.0, np.exp(-np.asarray(hazard) * np.asarray(t)))


def durability_of(model: Model, digits: np.ndarray, chosen_as: str) -> Durability:
    """Durability of the package with option indices ``digits``.

    Raises
    ------
    ValueError
        When the scenario gives no horizon.
    """
    if model.horizon_months <= 0:
        raise ValueError("no horizon: give `war.horizon_months` or `commitment.X.horizon_months`")
    qp = breach_probability(model, np.asarray(digits)[None, :])[:, 0]
    q = 1.0 - float(np.prod(1.0 - qp))
    years = model.horizon_months / 12.0
    h = hazard_rate(q, years)
    return Durability(
        package=model.space.decode(digits),
        chosen_as=chosen_as,
        horizon_years=years,
        breach_probability=q,
        by_party={p: float(qp[i]) for i, p in enumerate(model.parties) if model.breach[i] > 0},
        hazard=h,
        survival={y: float(survival(h, y)) for y in YEARS},
        median_survival_years=(math.log(2) / h) if h > 0 else math.inf,
    )
