"""One package in detail: who accepts it, who rejects it, and why (DESIGN.md §2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Model, breach_probability, evaluate
from ..model import semantics as S
from .base import Result


@dataclass(frozen=True, eq=False)
class Assessment(Result):
    """A package as every actor sees it.

    Attributes
    ----------
    package : dict
        ``{issue: option}``.
    deal : bool
        Legal, allowed by every rule and accepted by every actor.
    gap : float
        ``g(x)``: the largest normalised shortfall (negative for a deal).
    rejected_by : list of str
        Actors that do not accept it.
    blocked_by : list of str
        Constitutions and third-party rules that rule it out.
    actors : dict
        Per actor: role, utility, expected utility, cost, BATNA, support, shortfall, accepts,
        reason.
    breach_probability : float
        Probability that some party breaches it within the war horizon (each party's breach
        probability within its own window carried to the horizon, DESIGN.md "Commitment").
    """

    package: dict[str, str]
    deal: bool
    gap: float
    rejected_by: list[str]
    blocked_by: list[str]
    actors: dict[str, dict[str, Any]]
    breach_probability: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "deal": self.deal,
            "gap": self.gap,
            "rejected_by": self.rejected_by,
            "blocked_by": self.blocked_by,
            "actors": self.actors,
            "breach_probability": self.breach_probability,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per actor (pandas): role, whether it accepts, its shortfall, values, reason.

        Ratification details (``ratifies``) are in :meth:`to_dict`.

        Examples
        --------
        >>> import ripeness
        >>> ripeness.assess("toy", {"north": "a"}).to_frame().columns.tolist()[:3]
        ['role', 'accepts', 'shortfall']
        """
        import pandas as pd

        cols = ["role", "accepts", "shortfall", "utility", "expected_utility", "cost", "batna",
                "net_value", "breach_seen", "support", "threshold", "reason"]  # fmt: skip
        rows = {a: {c: x.get(c) for c in cols} for a, x in self.actors.items()}
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
        if frame["support"].isna().all():
            frame = frame.drop(columns=["support", "threshold"])
        frame.index.name = "actor"
        return frame

    def _repr_html_(self) -> str:
        from .notebook import assessment_html

        return assessment_html(self)


def _reason(model: Model, ev: Any, a: int, level: float) -> str:
    if ev.red_line[a, 0]:
        return "crosses a red line"
    net = ev.net[a, 0]
    if model.roles[a] == "electorate":
        s = ev.support[a, 0]
        if model.ratifier_only[a]:
            return f"ratifier only: support {s:.1%}"
        t = model.threshold[a]
        rel = ">=" if ev.accept[a, 0] else "<"
        return f"support {s:.1%} {rel} threshold {t:.0%} (net value {net:.4g}, needs {level:.4g})"
    rel = ">=" if ev.accept[a, 0] else "<"
    eu, cost = ev.eu[a, 0], ev.cost[a, 0]
    if cost:
        return f"EU {eu:.4g} - cost {cost:.3g} = {eu - cost:.4g} {rel} BATNA {model.batna[a]:.4g}"
    return f"EU {eu:.4g} {rel} BATNA {model.batna[a]:.4g}"


def assess_digits(model: Model, digits: np.ndarray, ranges: np.ndarray) -> Assessment:
    """Assess the package with option indices ``digits`` (shape ``(K,)``)."""
    d = np.asarray(digits, dtype=np.int64)[None, :]
    ev = evaluate(model, d, ranges)
    actors = {}
    for a, name in enumerate(model.actors):
        level = 0.0
        if model.roles[a] == "electorate" and not model.ratifier_only[a]:
            level = float(S.support_level(model.mu[a], model.sigma[a], model.threshold[a]))
        sf = float(ev.shortfall[a, 0])
        entry: dict[str, Any] = {
            "role": model.roles[a],
            "utility": float(ev.u[a, 0]),
            "expected_utility": float(ev.eu[a, 0]),
            "cost": float(ev.cost[a, 0]),
            "batna": float(model.batna[a]),
            "net_value": float(ev.net[a, 0]),
            "breach_seen": float(ev.q[a, 0]),
            "shortfall": None if np.isneginf(sf) else sf,
            "accepts": bool(ev.accept[a, 0]),
            "reason": _reason(model, ev, a, level),
        }
        if model.roles[a] == "electorate":
            entry["support"] = float(ev.support[a, 0])
            entry["threshold"] = None if model.ratifier_only[a] else float(model.threshold[a])
            entry["net_value_needed"] = None if model.ratifier_only[a] else level
            p = int(model.referendum[a])
            if p >= 0:  # the referendum of an override route (whether or not it is open)
                entry["referendum"] = {
                    "party": model.parties[p],
                    **_ratifies(model, ev, a, p, ranges),
                }
        actors[name] = entry
    blocked = []
    for p, pid in enumerate(model.parties):
        if not ev.violates[p, 0]:
            continue
        ceded = [
            model.space.issues[k]
            for k in range(len(model.space.issues))
            if model.cedes[p, k, d[0, k]]
        ]
        if not model.route_open[p]:
            blocked.append(
                f"constitution of {pid}: cedes {', '.join(ceded)}; {model.route_note[p]}"
            )
            continue
        for r in model.ratifiers[p]:
            actors[model.actors[r]].setdefault("ratifies", {})[pid] = _ratifies(
                model, ev, r, p, ranges
            )
        if not ev.ratified[p, 0]:
            no = [
                model.actors[r]
                for r in model.ratifiers[p]
                if not _ratifies(model, ev, r, p, ranges)["ratifies"]
            ]
            blocked.append(
                f"constitution of {pid}: cedes {', '.join(ceded)}; not ratified "
                f"(rejected by {', '.join(no)})"
            )
    for r, name in enumerate(model.rule_names):
        if ev.forbidden[r, 0]:
            label = f"rule {name}"
            if label not in blocked:
                blocked.append(label)
    qp = breach_probability(model, d)[:, 0]
    qh = S.breach_within(qp, model.point.reach[0], model.point.within[0])  # type: ignore[union-attr]
    return Assessment(
        package=model.space.decode(d[0]),
        deal=bool(ev.deal[0]),
        gap=float(ev.g[0]),
        rejected_by=[
            n
            for a, n in enumerate(model.actors)
            if not ev.accept[a, 0] and not model.ratifier_only[a]
        ],
        blocked_by=blocked,
        actors=actors,
        breach_probability=float(S.any_breach(qh)),
    )


def _ratifies(model: Model, ev: Any, r: int, p: int, ranges: np.ndarray) -> dict[str, Any]:
    """Whether ratifier ``r`` ratifies party ``p``'s route, as the evaluator decides it: an
    electorate by a referendum reaching the route's threshold, another actor as for any deal."""
    if model.roles[r] != "electorate":
        return {"ratifies": bool(ev.accept[r, 0])}
    t = float(model.route_threshold[p])
    level = S.support_level(model.mu[r], model.sigma[r], t)
    sf = S.red_line_shortfall(S.shortfall(ev.net[r, 0], level, ranges[r]), ev.red_line[r, 0])
    return {"ratifies": bool(S.accepts(sf)), "support": float(ev.support[r, 0]), "threshold": t}


def complete_package(model: Model, package: Mapping[str, str]) -> np.ndarray:
    """Option indices of a (partial) package; unnamed issues at their ``no_deal`` option.

    Raises
    ------
    ValueError
        Naming an unknown issue or option.
    """
    for issue, option in package.items():
        if issue not in model.space.issues:
            raise ValueError(f"unknown issue {issue!r}; issues: {', '.join(model.space.issues)}")
        opts = model.space.options[model.space.issues.index(issue)]
        if option not in opts:
            raise ValueError(f"unknown option {option!r} of {issue!r}; options: {', '.join(opts)}")
    return model.space.encode(package, model.no_deal)
