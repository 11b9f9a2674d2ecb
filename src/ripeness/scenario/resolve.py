"""Resolve ``like:`` inheritance between utility entries."""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import Num
from .schema import Bundle, RedLine, ScenarioSpec


class LikeCycleError(ValueError):
    """A cycle of ``like:`` references; ``chain`` names the actors in it."""

    def __init__(self, chain: list[str]):
        self.chain = chain
        super().__init__("`like:` cycle: " + " -> ".join(chain))


@dataclass(frozen=True)
class ResolvedUtility:
    """An actor's utility after ``like:`` is applied (docs/model.md; the toy scenario)."""

    weights: dict[str, Num]
    values: dict[str, dict[str, Num]]
    bundles: list[Bundle]
    red_lines: list[RedLine]


def resolve_utility(spec: ScenarioSpec, actor: str, _seen: tuple[str, ...] = ()) -> ResolvedUtility:
    """Utility of ``actor`` with its ``like:`` chain applied.

    What an entry gives replaces what it copies: weights and values issue by issue, bundles
    and red lines as whole lists.

    Raises
    ------
    LikeCycleError
        When the ``like:`` references loop.
    KeyError
        When an actor (or a ``like:`` target) has no utility entry.
    """
    if actor in _seen:
        raise LikeCycleError([*_seen, actor])
    u = spec.utilities[actor]
    if u.like is None:
        base = ResolvedUtility({}, {}, [], [])
    else:
        base = resolve_utility(spec, u.like, (*_seen, actor))
    weights = dict(base.weights)
    weights.update(u.weights or {})
    values = {k: dict(v) for k, v in base.values.items()}
    for issue, vals in (u.values or {}).items():
        values[issue] = dict(vals)  # issue by issue: the whole option table is replaced
    return ResolvedUtility(
        weights=weights,
        values=values,
        bundles=list(u.bundles) if u.bundles is not None else list(base.bundles),
        red_lines=list(u.red_lines) if u.red_lines is not None else list(base.red_lines),
    )
