"""How long a deal lasts (DESIGN.md §2, "Commitment").

Each committing party ``p`` breaks the package with probability ``q_p(x)`` within its window
``within_p`` (months); with a constant hazard that is ``h_p = -ln(1 - q_p) / within_p`` per
month. The package survives while no party breaks it: the hazards add, and survival is
``S(t) = exp(-sum_p h_p t)``. The breach window is the scenario's `within_months`, not the war
horizon, so durability does not scale with an unrelated number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Model, breach_probability
from ..model import semantics as S
from .base import Result

YEARS = (1, 2, 5, 10)


@dataclass(frozen=True, eq=False)
class Durability(Result):
    """Breach probabilities, hazard and survival of a package.

    Attributes
    ----------
    breach_probability : float
        Probability that some party breaks the package within the war horizon.
    by_party : dict
        Per committing party: ``{breach, within_months, hazard_per_year}``.
    hazard : float
        Total hazard per year.
    survival : dict
        ``S(t)`` at 1, 2, 5 and 10 years.
    """

    package: dict[str, str]
    chosen_as: str
    horizon_years: float
    breach_probability: float
    by_party: dict[str, dict[str, float]]
    hazard: float
    survival: dict[int, float]
    median_survival_years: float
    is_deal: bool | None = None

    def curve(self, years: np.ndarray) -> np.ndarray:
        """Survival ``S(t)`` at times ``years``."""
        return np.asarray(S.survival(self.hazard, np.asarray(years, dtype=float)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "chosen_as": self.chosen_as,
            "is_deal": self.is_deal,
            "horizon_years": self.horizon_years,
            "breach_probability": self.breach_probability,
            "by_party": self.by_party,
            "hazard_per_year": self.hazard,
            "survival": {str(k): v for k, v in self.survival.items()},
            "median_survival_years": self.median_survival_years,
        }

    def to_frame(self, years: Any = None):  # type: ignore[no-untyped-def]
        """Survival by year, one row per time (pandas): ``survival`` ``S(t)`` and
        ``breached_by`` ``1 - S(t)``, at 1, 2, 5 and 10 years or at ``years``.

        Examples
        --------
        >>> import ripeness
        >>> d = ripeness.durability("toy", {"guarantees": "none"})  # breach 0.6 in 24 months
        >>> d.to_frame().loc[2].round(3).tolist()  # S(2) = 1 - 0.6
        [0.4, 0.6]
        """
        import pandas as pd

        t = np.asarray(list(self.survival) if years is None else years, dtype=float)
        s = self.curve(t)
        index = pd.Index(t.astype(int) if years is None else t, name="years")
        return pd.DataFrame({"survival": s, "breached_by": 1.0 - s}, index=index)

    def parties_frame(self):  # type: ignore[no-untyped-def]
        """One row per committing party (pandas): breach probability in its window, the window
        in months, and its hazard per year."""
        import pandas as pd

        frame = pd.DataFrame.from_dict(
            self.by_party, orient="index", columns=["breach", "within_months", "hazard_per_year"]
        )
        frame.index.name = "party"
        return frame

    def _repr_html_(self) -> str:
        from .notebook import durability_html

        return durability_html(self)


def hazard_rate(q: float, within_years: float) -> float:
    """Constant hazard per year giving breach probability ``q`` within ``within_years``."""
    return float(S.hazard(q, within_years))


def survival(rate: float | np.ndarray, t: float | np.ndarray) -> Any:
    """``S(t) = exp(-hazard * t)``."""
    return S.survival(rate, t)


def durability_of(
    model: Model, digits: np.ndarray, chosen_as: str, is_deal: bool | None = None
) -> Durability:
    """Durability of the package with option indices ``digits``."""
    nums = model.point
    assert nums is not None
    qp = breach_probability(model, np.asarray(digits)[None, :])[:, 0]
    within_y = nums.within[0] / 12.0
    reach_y = nums.reach[0] / 12.0
    rates = np.where(model.committing, S.hazard(qp, within_y), 0.0)
    h = float(rates.sum())
    horizon_y = float(nums.horizon[0]) / 12.0 if model.has_war else float(reach_y.max(initial=0.0))
    q_h = float(S.any_breach(S.breach_within(qp, reach_y, within_y)[model.committing]))
    return Durability(
        package=model.space.decode(digits),
        chosen_as=chosen_as,
        horizon_years=horizon_y,
        breach_probability=q_h,
        by_party={
            p: {
                "breach": float(qp[i]),
                "within_months": float(nums.within[0, i]),
                "hazard_per_year": float(rates[i]),
            }
            for i, p in enumerate(model.parties)
            if model.committing[i]
        },
        hazard=h,
        survival={y: float(S.survival(h, y)) for y in YEARS},
        median_survival_years=(math.log(2) / h) if h > 0 else math.inf,
        is_deal=is_deal,
    )
