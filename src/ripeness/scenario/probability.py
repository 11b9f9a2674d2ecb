"""Which numbers of a scenario are probabilities (the checks and the messages agree on it)."""

from __future__ import annotations

from .errors import Path

#: The numbers that are probabilities: path pattern (``*`` is any one key), name used in
#: messages, and whether the ends 0 and 1 are excluded (:mod:`ripeness.scenario.validate` checks
#: each).
PROBABILITIES: tuple[tuple[tuple[str, ...], str, bool], ...] = (
    (("actors", "*", "threshold"), "threshold", True),
    (("commitment", "*", "breach"), "breach", False),
    (("commitment", "*", "deterrence", "values", "*"), "deterrence", False),
    (("commitment", "*", "deterrence", "*", "values", "*"), "deterrence", False),
    (("constitutions", "*", "override", "threshold"), "threshold", True),
    (("electorates", "*", "calibration", "*", "support"), "support", True),
    (("timeline", "*", "polls", "*", "*", "support"), "support", True),
    (("record", "*", "support"), "support", True),
)


def probability_field(path: Path) -> tuple[str, bool] | None:
    """``(name, open_ends)`` when the number at ``path`` is a probability, else None."""
    for pattern, what, open_ends in PROBABILITIES:
        if len(pattern) == len(path) and all(
            a == "*" or a == str(b) for a, b in zip(pattern, path, strict=True)
        ):
            return what, open_ends
    return None


__all__ = ["PROBABILITIES", "probability_field"]
