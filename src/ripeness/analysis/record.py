"""The model against the record: what was observed at the scenario's date (DESIGN.md §2).

A scenario's ``record:`` holds observations the model is held against and never fitted to:
positions (a proposal an actor was seen to accept or reject) and polls not used in the
calibration. For a position the model's answer is the actor's own acceptance of the package as
:func:`ripeness.assess` reports it (its shortfall at most 1e-9, red lines included); for a poll
it is the electorate's support for the package, and the error is model minus poll, in points.
Scores: the share of positions the model agrees with, and the mean absolute poll error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Model
from ..scenario import Scenario, point
from .assess import assess_digits, complete_package
from .base import Result


@dataclass(frozen=True, eq=False)
class RecordCheck(Result):
    """Result of :func:`ripeness.check`.

    Attributes
    ----------
    positions : list of dict
        ``{actor, package, observed, model, agrees, shortfall, date, source, label}`` per
        recorded position (``model``: ``"accepts"``, ``"rejects"`` or ``"n/a"`` when the actor
        is switched off; ``package``: the full package).
    polls : list of dict
        ``{actor, package, observed, model, error_points, date, source, label}`` per recorded
        poll (shares in [0, 1]; ``error_points`` = 100 (model - observed)).
    position_agreement : float or None
        Positions agreed / positions answered (None without positions).
    poll_mae_points : float or None
        Mean absolute poll error in points (None without polls).
    claims : list of dict
        Each of the scenario's ``claims:`` (a source's conclusions) answered: ``{id, says,
        source, kind, off, follows, reason, numbers}`` (:mod:`ripeness.analysis.claims`).
    """

    scenario: str
    title: str
    as_of: str | None
    off: list[str]
    overrides: dict[str, Any]
    positions: list[dict[str, Any]]
    polls: list[dict[str, Any]]
    claims: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claims_followed(self) -> int:
        """How many claims follow."""
        return sum(1 for c in self.claims if c["follows"])

    @property
    def claims_following(self) -> float | None:
        """Claims that follow / claims (None without claims)."""
        return self.claims_followed / len(self.claims) if self.claims else None

    @property
    def positions_answered(self) -> int:
        """Positions the model answers (its actor not switched off)."""
        return sum(1 for p in self.positions if p["agrees"] is not None)

    @property
    def positions_agreed(self) -> int:
        """Positions where the model agrees with the record."""
        return sum(1 for p in self.positions if p["agrees"])

    @property
    def position_agreement(self) -> float | None:
        n = self.positions_answered
        return self.positions_agreed / n if n else None

    @property
    def poll_mae_points(self) -> float | None:
        errs = [abs(p["error_points"]) for p in self.polls if p["error_points"] is not None]
        return float(np.mean(errs)) if errs else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "as_of": self.as_of,
            "off": self.off,
            "overrides": self.overrides,
            "positions": self.positions,
            "polls": self.polls,
            "position_agreement": self.position_agreement,
            "positions_agreed": self.positions_agreed,
            "positions_answered": self.positions_answered,
            "poll_mae_points": self.poll_mae_points,
            "n_positions": len(self.positions),
            "n_polls": len(self.polls),
            "claims": self.claims,
            "claims_followed": self.claims_followed,
            "claims_following": self.claims_following,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per record entry: kind, actor, date, observed, model, agrees/error (pandas)."""
        import pandas as pd

        rows = [
            {
                "kind": "position",
                "actor": p["actor"],
                "date": p["date"],
                "label": p["label"],
                "observed": p["observed"],
                "model": p["model"],
                "agrees": p["agrees"],
                "shortfall": p["shortfall"],
                "error_points": None,
            }
            for p in self.positions
        ] + [
            {
                "kind": "poll",
                "actor": p["actor"],
                "date": p["date"],
                "label": p["label"],
                "observed": p["observed"],
                "model": p["model"],
                "agrees": None,
                "shortfall": None,
                "error_points": p["error_points"],
            }
            for p in self.polls
        ]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        from .notebook_more import record_html

        return record_html(self)

    def claims_frame(self):  # type: ignore[no-untyped-def]
        """One row per claim (pandas), indexed by id: kind, follows, says and reason."""
        import pandas as pd

        cols = ["id", "kind", "follows", "says", "reason"]
        frame = pd.DataFrame([{k: c[k] for k in cols} for c in self.claims], columns=cols)
        return frame.set_index("id")


def check_model(
    scenario: Scenario,
    model: Model,
    ranges: np.ndarray,
    *,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    claims: list[dict[str, Any]] | None = None,
) -> RecordCheck:
    """Every ``record:`` entry of ``scenario`` against ``model`` (compiled from it), with the
    answers to its claims when given."""
    positions: list[dict[str, Any]] = []
    polls: list[dict[str, Any]] = []
    for entry in scenario.spec.record:
        digits = complete_package(model, entry.package)
        full = model.space.decode(digits)
        base = {
            "actor": entry.actor,
            "package": full,
            "date": entry.date,
            "source": entry.source,
            "label": entry.label,
        }
        if entry.actor not in model.actors:  # switched off
            if entry.kind == "poll":
                polls.append(
                    {**base, "observed": point(entry.support), "model": None, "error_points": None}
                )
            else:
                positions.append(
                    {
                        **base,
                        "observed": entry.observed,
                        "model": "n/a",
                        "agrees": None,
                        "shortfall": None,
                    }
                )
            continue
        view = assess_digits(model, digits, ranges).actors[entry.actor]
        if entry.kind == "poll":
            observed = point(entry.support)
            support = float(view["support"])
            polls.append(
                {
                    **base,
                    "observed": observed,
                    "model": support,
                    "error_points": 100.0 * (support - observed),
                }
            )
        else:
            ok = view["accepts"]
            if view.get("threshold", 0) is None and "referendum" in view:
                ok = view["referendum"]["ratifies"]  # a ratifier only: its referendum answer
            answer = "accepts" if ok else "rejects"
            positions.append(
                {
                    **base,
                    "observed": entry.observed,
                    "model": answer,
                    "agrees": answer == entry.observed,
                    "shortfall": view["shortfall"],
                }
            )
    return RecordCheck(
        scenario=scenario.id,
        title=scenario.title,
        as_of=scenario.spec.as_of,
        off=sorted(off),
        overrides=dict(overrides or {}),
        positions=positions,
        polls=polls,
        claims=list(claims or []),
    )
