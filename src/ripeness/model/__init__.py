"""Compile scenarios to arrays and evaluate packages (every formula in :mod:`.semantics`)."""

from . import semantics
from .calibrate import Calibration, calibrate
from .compiled import Model, WarOutcome, check_off, compile_model, compile_structure, package_digits
from .evaluate import TOL, Evaluation, breach_probability, evaluate, net_values, utilities
from .numbers import Numbers, realise
from .semantics import CalibrationError
from .space import Condition, PackageSpace
from .war import joint_outcomes

__all__ = [
    "TOL",
    "Calibration",
    "CalibrationError",
    "Condition",
    "Evaluation",
    "Model",
    "Numbers",
    "PackageSpace",
    "WarOutcome",
    "breach_probability",
    "calibrate",
    "check_off",
    "compile_model",
    "compile_structure",
    "evaluate",
    "joint_outcomes",
    "net_values",
    "package_digits",
    "realise",
    "semantics",
    "utilities",
]
