"""Empirical durability: survival of real peace agreements (UCDP Peace Agreement Dataset).

Kaplan–Meier curves overall and by provision, a Cox proportional-hazards model on provisions
(hazard ratios with intervals, concordance in and out of sample, the proportional-hazards
check), and a bridge to a scenario's deterrence values (``1 - HR``). DESIGN.md §2, "Empirical
durability"; the figures and their limits are in docs/empirical.md, the coding of the file in
docs/model.md. Needs lifelines and the user's copy of the data file.
"""

from .bridge import (
    EvidenceRow,
    EvidenceTable,
    deterrence_entries,
    deterrence_evidence,
    implied_deterrence,
)
from .cox import CoxResult, HazardRatio, cox_model, process_folds
from .kaplan import GROUPS, YEARS, Curve, group_curves, kaplan_meier, survival_table
from .result import EmpiricalDurability, empirical_durability
from .ucdp import ENV_VAR, Agreements, DataError, Excluded, data_path, read_agreements
from .view import DEFAULT_COVARIATES, EmpiricalView, empirical_view, groups_of

__all__ = [
    "DEFAULT_COVARIATES",
    "ENV_VAR",
    "GROUPS",
    "YEARS",
    "Agreements",
    "CoxResult",
    "Curve",
    "DataError",
    "EmpiricalDurability",
    "EmpiricalView",
    "EvidenceRow",
    "EvidenceTable",
    "Excluded",
    "HazardRatio",
    "cox_model",
    "data_path",
    "deterrence_entries",
    "deterrence_evidence",
    "empirical_durability",
    "empirical_view",
    "group_curves",
    "groups_of",
    "implied_deterrence",
    "kaplan_meier",
    "process_folds",
    "read_agreements",
    "survival_table",
]
