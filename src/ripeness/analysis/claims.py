"""A source's conclusions against the model: each ``claims:`` entry answered.

Each claim is answered from the analyses a user can run one by one (the same numbers):

- ``verdict``: :func:`ripeness.analyze` (with the claim's ``off:``); it follows when the verdict
  is the one claimed.
- ``position``: :func:`ripeness.assess` of the package; it follows when every named actor
  accepts (or rejects) it, and, with ``because: OBSTACLE``, when every one of them also accepts
  it with that obstacle switched off (the obstacle is the reason for the rejection).
- ``binds``: :func:`ripeness.obstacles`; an obstacle stands in the way when it belongs to an
  inclusion-minimal set of obstacles whose removal opens a deal; the claim follows when every
  named obstacle does. Each obstacle's Shapley value of the gap is reported beside.
- ``lever``: :func:`ripeness.levers`; it follows when there is no deal at the parameter's
  value and there is one somewhere in the range.
- ``durability``: :func:`ripeness.durability` of the default package with the ``with:`` options
  and with the ``than:`` options; it follows when survival at ``years`` is higher with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np

from ..scenario.claims import Claim
from .assess import Assessment
from .durability import Durability
from .levers import LeverResult
from .obstacles import ObstacleAnalysis
from .zopa import Analysis

#: Tolerance of a difference in survival that counts as "longer".
SURVIVAL_TOL = 1e-9


class Asker(Protocol):
    """The analyses a claim is answered from, on one scenario (as the public functions)."""

    def analysis(self, off: Sequence[str]) -> Analysis: ...

    def assessment(self, package: Mapping[str, str], off: Sequence[str]) -> Assessment: ...

    def obstacles(self) -> ObstacleAnalysis: ...

    def lever(self, param: str, rng: tuple[float, float], off: Sequence[str]) -> LeverResult: ...

    def durability(self, package: Mapping[str, str], off: Sequence[str]) -> Durability: ...


@dataclass(frozen=True)
class ClaimAnswer:
    """The model's answer to one claim.

    Attributes
    ----------
    id, says, source, kind : str
        The claim's id, its words, its source id and its kind.
    off : list of str
        Obstacles switched off while answering.
    follows : bool
        Whether the claim follows from the model.
    reason : str
        The numbers that decide it, in words.
    numbers : dict
        The same numbers, for machines.
    """

    id: str
    says: str
    source: str | None
    kind: str
    off: list[str]
    follows: bool
    reason: str
    numbers: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _with_off(off: Sequence[str]) -> str:
    return f" with {', '.join(off)} off" if off else ""


def _verdict(c: Claim, ask: Asker) -> tuple[bool, str, dict[str, Any]]:
    a = ask.analysis(c.off)
    deal = a.verdict == "deal"
    said = "a deal" if deal else "no deal"
    nums = {"deal": deal, "gap": float(a.gap), "zopa_size": int(a.zopa_size)}
    detail = (
        f"{a.zopa_size:,} package{'' if a.zopa_size == 1 else 's'} in the ZOPA"
        if deal
        else f"g* = {a.gap:.3f}"
    )
    return deal == (c.verdict == "deal"), f"{said}{_with_off(c.off)} ({detail})", nums


def _position(c: Claim, ask: Asker) -> tuple[bool, str, dict[str, Any]]:
    p = c.position
    assert p is not None
    seen = ask.assessment(p.package, c.off).actors
    answers = {a: bool(seen[a]["accepts"]) for a in p.actors}
    shortfalls = {a: float(seen[a]["shortfall"]) for a in p.actors}
    want = p.observed == "accepts"
    ok = all(v == want for v in answers.values())
    words = [
        f"{a} {'accepts' if answers[a] else 'rejects'} (shortfall {shortfalls[a]:.3f})"
        for a in p.actors
    ]
    nums: dict[str, Any] = {"accepts": answers, "shortfall": shortfalls}
    if p.because is not None:
        without = ask.assessment(p.package, [*c.off, p.because]).actors
        freed = {a: bool(without[a]["accepts"]) for a in p.actors}
        nums["accepts_without"] = freed
        nums["shortfall_without"] = {a: float(without[a]["shortfall"]) for a in p.actors}
        ok = ok and all(freed.values())
        words = [
            f"{w}; with {p.because} off {'accepts' if freed[a] else 'rejects'} "
            f"({nums['shortfall_without'][a]:.3f})"
            for w, a in zip(words, p.actors, strict=True)
        ]
    return ok, "; ".join(words) + _with_off(c.off), nums


def _binds(c: Claim, ask: Asker) -> tuple[bool, str, dict[str, Any]]:
    o = ask.obstacles()
    if o.table.deal[0]:
        return False, "there is a deal with every obstacle on: none stands in the way", {}
    sets = o.minimal_unblocking_sets
    shap = o.shapley
    named = c.binds or []
    binding = {b: any(b in s for s in sets) for b in named}
    yes = [b for b in named if binding[b]]
    no = [b for b in named if not binding[b]]
    words = ([f"binds: {', '.join(yes)}"] if yes else []) + (
        [f"does not bind: {', '.join(no)}"] if no else []
    )
    shown = "; ".join("{" + ", ".join(s) + "}" for s in sets) or "none"
    nums = {"binds": binding, "shapley": {b: shap[b] for b in named}, "minimal_sets": sets}
    return all(binding.values()), "; ".join(words) + f" (minimal unblocking sets: {shown})", nums


def _lever(c: Claim, ask: Asker) -> tuple[bool, str, dict[str, Any]]:
    lv = c.lever
    assert lv is not None
    r = ask.lever(lv.param, (float(lv.range[0]), float(lv.range[1])), c.off)
    now = r.direction == "none"
    found = r.threshold is not None
    nums = {
        "threshold": r.threshold,
        "current": r.current,
        "intervals": [list(i) for i in r.intervals],
    }
    if now:
        reason = f"a deal exists already at {lv.param} = {r.current:g}"
    elif found:
        spans = ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in r.intervals)
        reason = f"a deal first appears at {lv.param} = {r.threshold:.3g} (deals in {spans})"
    else:
        reason = f"no value of {lv.param} in [{lv.range[0]:g}, {lv.range[1]:g}] opens a deal"
    return (found and not now), reason + _with_off(c.off), nums


def _durability(c: Claim, ask: Asker) -> tuple[bool, str, dict[str, Any]]:
    d = c.durability
    assert d is not None
    a = ask.durability(d.with_, c.off)
    b = ask.durability(d.than, c.off)
    t = float(d.years)
    at = np.array([t])
    sa, sb = float(a.curve(at)[0]), float(b.curve(at)[0])

    def opts(x: Mapping[str, str]) -> str:
        return ", ".join(f"{k}={v}" for k, v in x.items())

    reason = (
        f"survival at {t:g} years {100 * sa:.1f}% with {opts(d.with_)} (median "
        f"{a.median_survival_years:.1f} y) against {100 * sb:.1f}% with {opts(d.than)} "
        f"(median {b.median_survival_years:.1f} y)"
    )
    nums = {
        "years": t,
        "survival_with": sa,
        "survival_than": sb,
        "median_with": a.median_survival_years,
        "median_than": b.median_survival_years,
        "package": a.package,
        "is_deal_with": a.is_deal,
        "is_deal_than": b.is_deal,
    }
    return sa > sb + SURVIVAL_TOL, reason + _with_off(c.off), nums


_ANSWER = {
    "verdict": _verdict,
    "position": _position,
    "binds": _binds,
    "lever": _lever,
    "durability": _durability,
}


def answer_claims(claims: Mapping[str, Claim], ask: Asker) -> list[ClaimAnswer]:
    """Answer every claim (in the file's order) from the analyses of ``ask``."""
    out = []
    for cid, c in claims.items():
        kind = c.kind
        assert kind is not None  # validation guarantees exactly one kind
        follows, reason, nums = _ANSWER[kind](c, ask)
        out.append(ClaimAnswer(cid, c.says, c.source, kind, list(c.off), follows, reason, nums))
    return out


__all__ = ["Asker", "ClaimAnswer", "answer_claims"]
