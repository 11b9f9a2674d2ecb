"""Results in plain words: what ``g*`` means, who rejects, what would have to change.

``g*`` is the largest shortfall of any actor at the best package, each shortfall a share of
that actor's utility range ``max_x u_a - min_x u_a`` (docs/model.md, "One unit of gap"). A
shortfall of 1 is the widest gap possible: the actor would need the whole distance between the
package it likes best and the one it likes least. The sentences here are plain text (the
report escapes them for HTML, the app for Markdown, notebooks for HTML); the report, the app
and the notebook displays all use them, so the three say the same thing.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .levers import LeverResult
    from .obstacles import ObstacleAnalysis
    from .zopa import Analysis

#: Unblocking sets named in a sentence (the rest are counted).
MAX_SETS = 3


def num(x: float | None, digits: int = 3) -> str:
    """A number rounded for reading: ``digits`` significant digits, ``−`` for minus.

    Examples
    --------
    >>> num(0.030276933), num(-0.16), num(58.445580504174146), num(None), num(float("inf"))
    ('0.0303', '−0.16', '58.4', '–', '∞')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    s = f"{x:.{digits}g}"
    if "e" in s:
        s = f"{x:.{digits}e}" if abs(x) >= 1e6 else f"{x:.{digits + 4}f}".rstrip("0")
    return s.replace("-", "−")


def binding_actor(analysis: Analysis) -> tuple[str, float] | None:
    """The actor whose shortfall sets ``g*`` at the nearest compromise, and that shortfall.

    Ratifier-only electorates (no say on deals) and actors with no shortfall (``None``: they
    accept whatever happens) are left out; None when no actor is left.
    """
    best: tuple[str, float] | None = None
    for name, x in analysis.nearest.actors.items():
        sf = x.get("shortfall")
        if sf is None or (x.get("role") == "electorate" and x.get("threshold") is None):
            continue
        if best is None or sf > best[1]:
            best = (name, float(sf))
    return best


def gap_scale(gap: float, actor: str | None = None, utility_range: float | None = None) -> str:
    """What a value of ``g*`` means, in one sentence.

    Parameters
    ----------
    gap : float
        ``g*`` (negative: the margin of the most robust deal).
    actor : str, optional
        The actor whose shortfall it is (:func:`binding_actor`).
    utility_range : float, optional
        That actor's utility range, to say the gap in utility points as well.

    Examples
    --------
    >>> print(gap_scale(0.0303, "UA.gov", 100.0))  # doctest: +NORMALIZE_WHITESPACE
    UA.gov, the actor furthest from accepting, is 3.03 utility points short on a scale where
    its best and worst packages are 100 apart: g* = 0.0303 is 3.03% of the widest gap possible.
    >>> print(gap_scale(-0.1))  # doctest: +NORMALIZE_WHITESPACE
    The most robust deal clears the least satisfied actor by 10% of its utility range:
    −g* = 0.1 of the widest gap possible.
    """
    if not math.isfinite(gap):
        return "No package can be assessed: g* is not finite."
    pts = ""
    if gap >= 1.0:
        who = f"{actor}: " if actor else ""
        return (
            f"g* = {num(gap)}: at least a whole utility range, the widest gap possible ({who}"
            "the nearest compromise crosses a red line, or a constitution or a rule rules it out)."
        )
    share = f"{num(100 * abs(gap))}%"
    if gap > 0:
        if actor and utility_range and utility_range > 0:
            pts = (
                f"{actor}, the actor furthest from accepting, is {num(gap * utility_range)} "
                f"utility points short on a scale where its best and worst packages are "
                f"{num(utility_range)} apart: "
            )
            return f"{pts}g* = {num(gap)} is {share} of the widest gap possible."
        who = f"{actor}, the actor furthest from accepting," if actor else "The actor furthest"
        return (
            f"{who} falls short by {share} of its utility range: g* = {num(gap)} of the widest "
            "gap possible (1 would be the whole distance between its best and worst package)."
        )
    who = f"the least satisfied actor ({actor})" if actor else "the least satisfied actor"
    return (
        f"The most robust deal clears {who} by {share} of its utility range: "
        f"−g* = {num(-gap)} of the widest gap possible."
    )


def sets_sentence(sets: Sequence[Sequence[str]]) -> str:
    """``switch off a, or b + c`` for the smallest sets of obstacles whose removal opens a deal.

    Examples
    --------
    >>> sets_sentence([["hawks-ru"], ["distrust"]])
    'switch off hawks-ru, or distrust (the smallest sets of obstacles whose removal opens a deal)'
    >>> sets_sentence([])
    'no set of obstacles, switched off, opens a deal'
    """
    if not sets:
        return "no set of obstacles, switched off, opens a deal"
    shown = [" + ".join(s) for s in sets[:MAX_SETS]]
    rest = len(sets) - MAX_SETS
    if rest > 0:
        shown.append("one other set" if rest == 1 else f"one of {rest} other sets")
    return (
        f"switch off {', or '.join(shown)} (the smallest sets of obstacles whose removal opens "
        "a deal)"
    )


def unblocking_lead(sets: Sequence[Sequence[str]], off: Sequence[str] = ()) -> str:
    """The words that introduce the smallest sets whose removal, from the current setting
    (``off`` already switched off), opens a deal; the whole sentence when there are no sets
    to list (a deal exists already, or no set opens one).

    Examples
    --------
    >>> unblocking_lead([[]])
    'A deal exists with the current settings.'
    >>> unblocking_lead([["hawks-ru"]], off=["distrust"])
    'Smallest sets of obstacles whose removal, further from the current settings, opens a deal:'
    """
    if [list(x) for x in sets] == [[]]:
        return "A deal exists with the current settings."
    if not sets:
        return sets_sentence(sets).capitalize() + "."
    where = ", further from the current settings," if off else ""
    return f"Smallest sets of obstacles whose removal{where} opens a deal:"


def lever_sentence(lever: LeverResult) -> str:
    """What the lever says would have to change, in words.

    Examples
    --------
    >>> from ripeness.analysis.levers import LeverResult
    >>> lever_sentence(LeverResult("war.military_balance", (-1.0, 1.0), 0.0, None, None, [], {}))
    'no value of war.military_balance in [−1, 1] opens a deal'
    >>> lever_sentence(LeverResult("x", (0.0, 2.0), 0.5, 1.25, "increase", [(1.25, 2.0)], {}))
    'raise x from 0.5 to 1.25 (where a deal first appears)'
    """
    lo, hi = (num(v) for v in lever.range)
    if lever.threshold is None:
        return f"no value of {lever.param} in [{lo}, {hi}] opens a deal"
    if lever.direction == "none":
        return f"a deal exists at the current value of {lever.param}, {num(lever.threshold)}"
    verb = "raise" if lever.direction == "increase" else "lower"
    now = f" from {num(lever.current)}" if lever.current is not None else ""
    return f"{verb} {lever.param}{now} to {num(lever.threshold)} (where a deal first appears)"


@dataclass(frozen=True)
class Headline:
    """The verdict in a few sentences (plain text).

    Attributes
    ----------
    verdict : str
        ``"deal"`` or ``"no deal"``.
    lead : str
        The first sentence: the verdict and ``g*``.
    scale : str
        What ``g*`` means (:func:`gap_scale`).
    rejected_by, blocked_by : list of str
        Who rejects the nearest compromise; what rules it out.
    change : list of str
        What would have to change (obstacles, a lever); empty for a deal or when neither was
        analysed.
    """

    verdict: str
    lead: str
    scale: str
    rejected_by: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """Every sentence, in reading order."""
        out = [self.lead, self.scale]
        if self.rejected_by:
            out.append(f"The nearest compromise is rejected by {', '.join(self.rejected_by)}.")
        if self.blocked_by:
            out.append(f"It is ruled out by {'; '.join(self.blocked_by)}.")
        if self.change:
            out.append(f"What would have to change: {'; '.join(self.change)}.")
        return out

    def text(self) -> str:
        return " ".join(self.sentences())


def headline(
    analysis: Analysis,
    obstacles: ObstacleAnalysis | None = None,
    lever: LeverResult | None = None,
    off: Iterable[str] = (),
) -> Headline:
    """The verdict of ``analysis`` in words, with what would change it when that was analysed.

    Parameters
    ----------
    analysis : Analysis
    obstacles : ObstacleAnalysis, optional
        Gives the smallest sets of obstacles whose removal opens a deal, from ``off``.
    lever : LeverResult, optional
        Gives the lever's threshold, if any.
    off : iterable of str
        Obstacles switched off in ``analysis``.
    """
    a = analysis
    bound = binding_actor(a)
    actor, rng = (bound[0], a.utility_ranges.get(bound[0])) if bound else (None, None)
    scale = gap_scale(a.gap, actor, rng)
    if a.verdict == "deal":
        lead = (
            f"{a.zopa_size:,} of {a.package_count:,} packages are in the zone of possible "
            f"agreement; the most robust deal clears every actor's threshold by a margin of "
            f"−g* = {num(-a.gap)}."
        )
        return Headline(a.verdict, lead, scale)
    lead = f"The zone of possible agreement is empty: the sides are g* = {num(a.gap)} apart."
    change: list[str] = []
    if obstacles is not None:
        with contextlib.suppress(ValueError):  # the analysis does not cover `off`
            change.append(sets_sentence(obstacles.unblocking_from(tuple(off))))
    if lever is not None:
        change.append(lever_sentence(lever))
    return Headline(a.verdict, lead, scale, list(a.rejected_by), list(a.blocked_by), change)


def durability_note(is_deal: bool | None, chosen_as: str) -> str | None:
    """A warning when the package whose durability is shown is not a deal (None otherwise)."""
    if is_deal is None or is_deal:
        return None
    return (
        f"The {chosen_as} is not a deal: no one signs it under these assumptions. Its durability "
        "says how long it would hold if it were signed anyway."
    )
