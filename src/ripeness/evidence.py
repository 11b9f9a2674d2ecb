"""Names of the empirical-durability covariates a scenario may cite as evidence.

A deterrence entry of a scenario may name, for options of its issue, the covariate of the
empirical survival model (:mod:`ripeness.analysis.empirical`, UCDP Peace Agreement Dataset)
that corresponds to the option: ``evidence: {coalition: pko, art5: pa_3rd}``. This module holds
only the names, so that scenario validation can check them without importing pandas or
lifelines.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping

#: The dataset the covariates are read from.
DATASET = "UCDP Peace Agreement Dataset v22.1"

#: Covariates of the Cox model, in model order, with what each codes (docs/empirical.md).
COVARIATES: dict[str, str] = {
    "pko": "peacekeepers: the agreement provides for a peacekeeping operation (pko = 1)",
    "pa_3rd": "a third party signs the agreement as guarantor, mediator or witness (pa_3rd named)",
    "cease": "a ceasefire provision (cease = 1)",
    "withd": "withdrawal of foreign forces (withd = 1)",
    "power_sharing": "power sharing: rebels into party politics or government (pp or shagov = 1)",
    "terr_prov": "territorial provisions: autonomy, federalism, referendum, ... (terr_prov = 1)",
    "territory": "the conflict is over territory (incompatibility 1 or 3), not government only",
    "pa_type_full": "a full agreement (pa_type = 1), against a partial one (pa_type = 2)",
    "pa_type_process": "a peace-process agreement (pa_type = 3), against a partial one",
}

#: The covariate names, in model order.
COVARIATE_NAMES: tuple[str, ...] = tuple(COVARIATES)


def evidence_problems(
    evidence: Mapping[str, str] | None, options: Container[str]
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Problems of an ``evidence:`` mapping: ``(path below evidence, message)`` pairs.

    Parameters
    ----------
    evidence : mapping of option id to covariate name, or None
    options : container of str
        The options of the deterrence entry's issue.
    """
    for option, covariate in (evidence or {}).items():
        if option not in options:
            yield (option,), f"unknown option {option!r} of the deterrence issue"
        if covariate not in COVARIATES:
            known = ", ".join(COVARIATE_NAMES)
            yield (option,), f"unknown covariate {covariate!r}; known: {known}"


__all__ = ["COVARIATES", "COVARIATE_NAMES", "DATASET", "evidence_problems"]
