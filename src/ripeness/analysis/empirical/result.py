"""The empirical durability analysis: read the file, Kaplan–Meier by provision, Cox model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...evidence import COVARIATES, DATASET
from ..base import Result
from .cox import FOLDS, CoxResult, cox_model
from .kaplan import YEARS, Curve, group_curves, survival_table
from .ucdp import Agreements, Unit, read_agreements

#: Said wherever the figures are shown beside a scenario (docs/empirical.md, "Limits").
CAVEAT = (
    "UCDP peace agreements are mostly civil-war settlements ({civil:.0%} of these {n}); "
    "provisions are chosen, not assigned at random: the hazard ratios describe what agreements "
    "with such provisions did, not what adding one would do."
)


@dataclass(frozen=True, eq=False)
class EmpiricalDurability(Result):
    """Survival of real peace agreements by provision, and the Cox model.

    Attributes
    ----------
    agreements : Agreements
        The coded observations (``.table``) and what was excluded.
    curves : dict of str to Curve
        Kaplan–Meier curves: ``all``, ``pko_1``, ``pko_0``, ... (see ``kaplan.GROUPS``).
    cox : CoxResult
    """

    agreements: Agreements
    curves: dict[str, Curve]
    cox: CoxResult
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.agreements.n

    @property
    def events(self) -> int:
        return self.agreements.events

    @property
    def civil_share(self) -> float:
        """Share of observations from intrastate conflicts (UCDP names them ``Country: ...``)."""
        return float(1.0 - self.agreements.table["interstate"].mean())

    def caveat(self) -> str:
        return CAVEAT.format(civil=self.civil_share, n=self.n)

    def deterrence(self, covariate: str) -> dict[str, float] | None:
        """``1 - HR`` of a covariate with its interval ``(1 - high, 1 - low)``; None if unfitted."""
        hr = self.cox.hazard_ratios.get(covariate)
        if hr is None:
            return None
        return {"value": 1.0 - hr.hr, "low": 1.0 - hr.high, "high": 1.0 - hr.low}

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per group of agreements (pandas): ``n``, ``events``, ``median_years`` and
        Kaplan–Meier survival ``S(1y)`` ... ``S(10y)``."""
        import pandas as pd

        surv = survival_table(self.curves, YEARS)
        rows = {}
        for g, k in self.curves.items():
            row: dict[str, Any] = {"n": k.n, "events": k.events, "median_years": k.median()}
            for key, v in surv[g].items():
                row[f"S({key})"] = None if v is None else v["s"]
            rows[g] = row
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "group"
        return frame

    def hazard_frame(self):  # type: ignore[no-untyped-def]
        """One row per covariate of the Cox model (pandas): hazard ratio, interval, p, and the
        deterrence ``1 - HR`` with its interval."""
        import pandas as pd

        rows = {}
        for k, h in self.cox.hazard_ratios.items():
            d = self.deterrence(k) or {}
            rows[k] = {
                **h.to_dict(),
                "deterrence": d.get("value"),
                "deterrence_low": d.get("low"),
                "deterrence_high": d.get("high"),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "covariate"
        return frame

    def _repr_html_(self) -> str:
        from ..notebook_more import empirical_html

        return empirical_html(self)

    def to_dict(self) -> dict[str, Any]:
        a, c = self.agreements, self.cox
        return {
            "dataset": DATASET if a.version in (None, "22.1") else f"UCDP PA v{a.version}",
            "file": a.file,
            "version": a.version,
            "unit": a.unit,
            "rows": a.rows,
            "n": self.n,
            "events": self.events,
            "censored_at": a.censor_date.isoformat(),
            "civil_war_share": self.civil_share,
            "excluded": [e.to_dict() for e in a.excluded],
            "groups": {
                g: {"n": k.n, "events": k.events, "median_years": k.median()}
                for g, k in self.curves.items()
            },
            "survival": survival_table(self.curves, YEARS),
            "hazard_ratios": {k: v.to_dict() for k, v in c.hazard_ratios.items()},
            "deterrence": {k: self.deterrence(k) for k in c.hazard_ratios},
            "covariates": {k: COVARIATES[k] for k in c.hazard_ratios},
            "concordance": {
                "in_sample": c.in_sample,
                "cross_validated": c.cross_validated,
                "folds": c.folds,
                "seed": c.seed,
                "by_fold": c.fold_concordance,
                "folds_by": "peace process",
            },
            "proportional_hazards": {
                "test": "scaled Schoenfeld residuals vs rank and KM time (lifelines)",
                "threshold": 0.01,
                "by_covariate": c.ph_test,
                "violations": c.ph_violations,
            },
            "log_likelihood": c.log_likelihood,
            "caveat": self.caveat(),
            "notes": [*a.notes, *c.notes, *self.notes],
        }


def empirical_durability(
    path: str | Path | bytes,
    *,
    unit: Unit = "signing",
    seed: int = 0,
    folds: int = FOLDS,
    censor_date: dt.date | None = None,
    name: str | None = None,
) -> EmpiricalDurability:
    """Survival analysis of the UCDP Peace Agreement Dataset (DESIGN.md §2, "Empirical durability").

    Parameters
    ----------
    path : str, Path or bytes
        ``ucdp-peace-agreements-22.1.csv`` (the user's copy; ripeness does not ship it), or
        its content.
    unit : {"signing", "agreement"}
        Merge same-day documents of one peace process (default) or keep every row.
    seed : int
        Seed of the cross-validation folds.
    folds : int
        Folds of the cross-validation (by peace process).
    censor_date : date, optional
        End of observation (default: the file's ``dateintervalend_meta``).
    name : str, optional
        The file's name in messages.

    Raises
    ------
    DataError
        A malformed file, every problem as ``file:line: column: message``.
    ValueError
        Too few processes or no event.
    OSError
        The file cannot be read.

    Examples
    --------
    >>> e = empirical_durability("ucdp-peace-agreements-22.1.csv")  # doctest: +SKIP
    >>> e.cox.hazard_ratios["pko"].hr, e.curves["all"].at(2.0)["s"]  # doctest: +SKIP
    """
    agreements = read_agreements(path, unit=unit, censor_date=censor_date, name=name)
    curves = group_curves(agreements.table)
    cox = cox_model(agreements.table, folds=folds, seed=seed)
    return EmpiricalDurability(agreements, curves, cox)
