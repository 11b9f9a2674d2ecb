"""``check``: the model against the record of its date and against the conclusions of the
source a scenario encodes (its ``record:`` and ``claims:`` blocks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .analysis.assess import Assessment
from .analysis.claims import answer_claims
from .analysis.durability import Durability
from .analysis.levers import LeverResult
from .analysis.obstacles import ObstacleAnalysis
from .analysis.record import RecordCheck, check_model
from .analysis.zopa import Analysis
from .api import ScenarioLike, analyze, assess, durability, levers, obstacles, prepare
from .engine import ranges
from .engine.deadline import DEFAULT_TIME_LIMIT
from .engine.deadline import time_limit as limited
from .scenario import Scenario


class _Asker:
    """The analyses a claim is answered from, on one scenario with the user's settings."""

    def __init__(
        self, sc: Scenario, off: Sequence[str], engine: str, time_limit: float | None
    ) -> None:
        self.sc, self.off, self.engine, self.time_limit = sc, tuple(off), engine, time_limit
        self._obstacles: ObstacleAnalysis | None = None

    def _off(self, off: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.off, *off]))

    def analysis(self, off: Sequence[str]) -> Analysis:
        return analyze(self.sc, self._off(off), engine=self.engine, time_limit=self.time_limit)

    def assessment(self, package: Mapping[str, str], off: Sequence[str]) -> Assessment:
        return assess(self.sc, package, self._off(off))

    def obstacles(self) -> ObstacleAnalysis:
        if self._obstacles is None:
            self._obstacles = obstacles(self.sc, engine=self.engine, time_limit=self.time_limit)
        return self._obstacles

    def lever(self, param: str, rng: tuple[float, float], off: Sequence[str]) -> LeverResult:
        return levers(
            self.sc, param, rng, self._off(off), engine=self.engine, time_limit=self.time_limit
        )

    def durability(self, package: Mapping[str, str], off: Sequence[str]) -> Durability:
        return durability(
            self.sc, package, self._off(off), engine=self.engine, time_limit=self.time_limit
        )


def check(
    scenario: ScenarioLike = None,
    off: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    claims: bool = True,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> RecordCheck:
    """The model against the record, and against the conclusions of the source it encodes.

    Positions are compared with the actor's own acceptance of the package (as :func:`assess`
    reports it); polls with the electorate's support (error in points). Returns the entries and
    the scores ``position_agreement`` (agreed / all) and ``poll_mae_points``. With ``claims``
    (the default), every ``claims:`` entry is answered too ("follows" or not, with the numbers
    that decide it; :mod:`ripeness.analysis.claims`); a ``binds:`` claim runs
    :func:`obstacles`, a ``lever:`` claim :func:`levers`. Claims are answered with every
    obstacle of ``off`` switched off besides the claim's own, and with ``overrides`` applied;
    a ``binds:`` claim with every obstacle on. ``time_limit`` bounds the whole call (every
    analysis a claim runs shares it), as in :func:`ripeness.analyze`.
    """
    off = tuple(off)
    sc, model = prepare(scenario, off, overrides)
    answers: list[dict[str, Any]] = []
    with limited(time_limit):  # the analyses' own limits end no later than this one
        if claims and sc.spec.claims:
            ask = _Asker(sc, off, engine, time_limit)
            answers = [a.to_dict() for a in answer_claims(sc.spec.claims, ask)]
        rng = ranges(model, engine=engine)
    return check_model(sc, model, rng, off=off, overrides=dict(sc.overrides), claims=answers)


__all__ = ["check"]
