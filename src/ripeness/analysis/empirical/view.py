"""The empirical analysis related to one scenario: its evidence table and the curves to show.

All agreements, and with and without each provision the scenario names as evidence
(peacekeepers and third-party signatories when it names none). The report and the app draw
:class:`EmpiricalView`; nothing about it is computed in those layers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bridge import EvidenceTable, deterrence_evidence
from .result import EmpiricalDurability, empirical_durability

if TYPE_CHECKING:
    from ...scenario import Scenario

#: Covariates drawn when the scenario names no evidence.
DEFAULT_COVARIATES = ("pko", "pa_3rd")


def groups_of(covariate: str) -> list[str]:
    """The two curves that show a covariate: with and without it (or against partial)."""
    if covariate.startswith("pa_type_"):
        return [covariate, "pa_type_partial"]
    return [f"{covariate}_1", f"{covariate}_0"]


@dataclass(frozen=True, eq=False)
class EmpiricalView:
    """The empirical analysis, the scenario's evidence table and the curves drawn."""

    empirical: EmpiricalDurability
    evidence: EvidenceTable
    groups: list[str]


def empirical_view(
    scenario: Scenario,
    source: str | os.PathLike[str] | bytes,
    *,
    seed: int = 0,
    name: str | None = None,
) -> EmpiricalView:
    """Run the empirical analysis on ``source`` and relate it to ``scenario``.

    Raises
    ------
    DataError, ValueError, OSError
        As :func:`ripeness.analysis.empirical.empirical_durability`.
    """
    path = source if isinstance(source, bytes) else os.fspath(source)
    emp = empirical_durability(path, seed=seed, name=name)
    ev = deterrence_evidence(scenario, emp)
    named = [r.covariate for r in ev.rows if r.covariate]
    covs = list(dict.fromkeys(named)) or list(DEFAULT_COVARIATES)
    groups = ["all"]
    for c in covs:
        groups += [g for g in groups_of(c) if g in emp.curves and g not in groups]
    return EmpiricalView(emp, ev, groups)
