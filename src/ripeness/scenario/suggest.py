"""Suggestions for misspelt names ("did you mean ...?"), by rapidfuzz edit similarity."""

from __future__ import annotations

from collections.abc import Iterable

#: Smallest similarity (rapidfuzz ``fuzz.ratio``, 0-100: ``200 * matches / total length``)
#: at which a known name is offered. ``comission`` -> ``commission`` scores 95, ``bb`` -> ``b``
#: 67, ``war.balance`` -> ``war.military_balance`` 71; unrelated names score below 50.
CUTOFF = 60.0


def closest(name: str, choices: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The choice most similar to ``name`` (case-insensitive), or None when none is close.

    Similarity is rapidfuzz's normalised Indel similarity (``fuzz.ratio``); ties go to the
    first choice in the order given.
    """
    from rapidfuzz import fuzz, process, utils

    options = [c for c in dict.fromkeys(str(c) for c in choices) if c != name]
    if not options or not name:
        return None
    found = process.extractOne(
        str(name), options, scorer=fuzz.ratio, processor=utils.default_process,
        score_cutoff=cutoff,
    )  # fmt: skip
    return None if found is None else str(found[0])


def did_you_mean(name: str, choices: Iterable[str], cutoff: float = CUTOFF) -> str:
    """``" (did you mean `x`?)"`` for the closest choice, or ``""``."""
    best = closest(name, choices, cutoff)
    return "" if best is None else f" (did you mean `{best}`?)"


def listing(choices: Iterable[str], limit: int = 12) -> str:
    """``a, b, c`` (or ``a, b, ... and 9 more``), ``none`` when empty."""
    items = [str(c) for c in choices]
    if not items:
        return "none"
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", ... and {len(items) - limit} more"


__all__ = ["CUTOFF", "closest", "did_you_mean", "listing"]
