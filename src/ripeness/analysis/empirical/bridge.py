"""A scenario's deterrence values beside the hazard reductions of real agreements.

A deterrence value lowers a party's breach probability, ``q(x) = q0 (1 - deterrence(x))``
(DESIGN.md §2, "Commitment"). A hazard ratio ``HR`` of the Cox model multiplies the hazard of
ending, so its hazard reduction is ``1 - HR``: the deterrence value that corresponds to a
provision, exact for a rare breach. At a breach probability ``q0`` over a window, the same
hazard ratio gives ``q = 1 - (1 - q0)^HR`` over that window, that is the deterrence
``1 - (1 - (1 - q0)^HR) / q0`` (shown as *implied at q0*; it tends to ``1 - HR`` as ``q0 -> 0``).

Each deterrence entry names its evidence: ``evidence: {coalition: pko, art5: pa_3rd}`` maps
options of its issue to covariates (:data:`ripeness.evidence.COVARIATES`). A commitment's
``deterrence`` is one entry or a list of entries (combined multiplicatively); both are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...scenario import Scenario
from ...scenario.numbers import Uncertain, point
from ..base import Result
from .result import EmpiricalDurability


def deterrence_entries(commitment: Any) -> list[Any]:
    """The deterrence entries of a commitment: none, its one entry, or its list."""
    d = getattr(commitment, "deterrence", None)
    if d is None:
        return []
    return list(d) if isinstance(d, list | tuple) else [d]


def implied_deterrence(hr: float, q0: float) -> float:
    """Deterrence at breach probability ``q0`` of a hazard ratio ``hr``.

    ``1 - (1 - (1 - q0)^hr) / q0``; ``1 - hr`` when ``q0 = 0``.
    """
    if q0 <= 0.0:
        return 1.0 - hr
    if q0 >= 1.0:
        return 0.0
    return 1.0 - (1.0 - (1.0 - q0) ** hr) / q0


@dataclass(frozen=True)
class EvidenceRow:
    """One guarantee option: its deterrence in the scenario and in the data.

    Attributes
    ----------
    party, issue, option : str
    deterrence, low, high : float
        The scenario's value (point) and its range (equal to the point when fixed).
    source : str or None
    breach : float
        The party's breach probability ``q0`` (point).
    covariate : str or None
        The evidence named for the option.
    empirical : dict or None
        ``{value, low, high}`` of ``1 - HR`` (``low = 1 - HR_high``).
    implied : dict or None
        The same at ``q0`` (:func:`implied_deterrence`).
    verdict : str
        ``inside``, ``above`` or ``below`` the empirical interval, ``no evidence named`` or
        ``not estimated``.
    """

    party: str
    issue: str
    option: str
    deterrence: float
    low: float
    high: float
    source: str | None
    breach: float
    covariate: str | None
    empirical: dict[str, float] | None
    implied: dict[str, float] | None
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party, "issue": self.issue, "option": self.option,
            "deterrence": self.deterrence, "low": self.low, "high": self.high,
            "source": self.source, "breach": self.breach, "covariate": self.covariate,
            "empirical": self.empirical, "implied": self.implied, "verdict": self.verdict,
        }  # fmt: skip


@dataclass(frozen=True, eq=False)
class EvidenceTable(Result):
    """Every guarantee option of a scenario beside the evidence it names."""

    scenario: str
    rows: list[EvidenceRow]
    caveat: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "rows": [r.to_dict() for r in self.rows],
            "deterrence_is": "1 - HR (hazard reduction); implied: at the party's breach q0",
            "caveat": self.caveat,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per guarantee option (pandas): the scenario's deterrence and range, the
        evidence named, ``1 - HR`` and its value implied at the party's breach, the verdict."""
        import pandas as pd

        rows = []
        for r in self.rows:
            emp, imp = r.empirical or {}, r.implied or {}
            rows.append({
                "party": r.party, "issue": r.issue, "option": r.option,
                "deterrence": r.deterrence, "low": r.low, "high": r.high, "breach": r.breach,
                "evidence": r.covariate, "empirical": emp.get("value"),
                "empirical_low": emp.get("low"), "empirical_high": emp.get("high"),
                "implied": imp.get("value"), "verdict": r.verdict,
            })  # fmt: skip
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        from ..notebook_more import evidence_html

        return evidence_html(self)


def _range(x: Any) -> tuple[float, float]:
    if isinstance(x, Uncertain):
        return x.bounds()
    return (point(x), point(x))


def _row(
    party: str, issue: str, option: str, value: Any, q0: float, cov: str | None,
    emp: EmpiricalDurability,
) -> EvidenceRow:  # fmt: skip
    v = point(value, 0.0)
    lo, hi = _range(value) if value is not None else (0.0, 0.0)
    src = value.source if isinstance(value, Uncertain) else None
    ev = emp.deterrence(cov) if cov else None
    implied = None
    if ev is not None and cov is not None:
        hr = emp.cox.hazard_ratios[cov]
        implied = {
            "value": implied_deterrence(hr.hr, q0),
            "low": implied_deterrence(hr.high, q0),
            "high": implied_deterrence(hr.low, q0),
        }
    if cov is None:
        verdict = "no evidence named"
    elif ev is None:
        verdict = "not estimated"
    elif v > ev["high"]:
        verdict = "above"
    elif v < ev["low"]:
        verdict = "below"
    else:
        verdict = "inside"
    return EvidenceRow(party, issue, option, v, lo, hi, src, q0, cov, ev, implied, verdict)


def deterrence_evidence(scenario: Scenario, emp: EmpiricalDurability) -> EvidenceTable:
    """Each guarantee option's deterrence beside the ``1 - HR`` of the provision it names.

    Options are listed in the issue's order: those with a deterrence value and those named in
    ``evidence:`` (an option without a value deters nothing, deterrence 0).
    """
    spec = scenario.spec
    rows = []
    for party, c in spec.commitment.items():
        q0 = point(c.breach)
        for entry in deterrence_entries(c):
            evidence = getattr(entry, "evidence", None) or {}
            options = spec.issues[entry.issue].options
            for o in options:
                if o in entry.values or o in evidence:
                    val = entry.values.get(o)
                    rows.append(_row(party, entry.issue, o, val, q0, evidence.get(o), emp))
    return EvidenceTable(scenario.id, rows, emp.caveat())


__all__ = [
    "EvidenceRow",
    "EvidenceTable",
    "deterrence_entries",
    "deterrence_evidence",
    "implied_deterrence",
]
