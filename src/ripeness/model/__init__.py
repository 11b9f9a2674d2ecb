"""Compile scenarios to arrays and evaluate packages."""

from .compiled import Model, WarOutcome, check_off, compile_model, fit_calibration, package_digits
from .electorate import CalibrationError, fit_support
from .evaluate import TOL, Evaluation, breach_probability, evaluate, utilities
from .space import Condition, PackageSpace
from .war import joint_outcomes, outcome_probabilities

__all__ = [
    "TOL",
    "CalibrationError",
    "Condition",
    "Evaluation",
    "Model",
    "PackageSpace",
    "WarOutcome",
    "breach_probability",
    "check_off",
    "compile_model",
    "evaluate",
    "fit_calibration",
    "fit_support",
    "joint_outcomes",
    "outcome_probabilities",
    "package_digits",
    "utilities",
]
