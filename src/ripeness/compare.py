"""What changed between two scenarios, and what the change does to the answers.

The scenario changes come from the ledger's differ (:func:`ripeness.ledger.diff.tree_diff`:
numbers, sources, structure, text), run on the two files as written; the answers are the
verdict, the ZOPA, ``g*``, the nearest compromise, who rejects it and what blocks it, computed
on both (and, with ``obstacles=True``, which obstacles alone keep a deal out and the smallest
sets whose removal opens one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .analysis.base import Result
from .ledger.diff import Change, kind_counts, tree_diff, value_changes
from .scenario import Scenario

#: Answers compared, in order.
ANSWERS = ("verdict", "zopa_size", "gap", "nearest_compromise", "rejected_by", "blocked_by")
#: Answers of the obstacle analysis compared with ``obstacles=True``.
OBSTACLE_ANSWERS = ("sufficient_to_block", "minimal_unblocking_sets")


@dataclass(frozen=True, eq=False)
class ScenarioDiff(Result):
    """Result of :func:`compare`.

    Attributes
    ----------
    old, new : str
        The two scenarios' ids (``file`` for their files).
    changes : list of Change
        The scenario changes, parents before children (kinds: number, source, structure, text).
    answers : list of Change
        The answers that differ (kind ``answer``), in the order of :data:`ANSWERS`.
    before, after : dict
        The answers of each scenario.
    """

    old: str
    new: str
    old_file: str
    new_file: str
    changes: list[Change] = field(default_factory=list)
    answers: list[Change] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Scenario changes by kind."""
        return kind_counts(self.changes)

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per change (pandas): ``part`` (``scenario`` or ``answer``), ``path``,
        ``kind``, ``change``, ``old``, ``new``; the scenario's changes first."""
        import pandas as pd

        rows = [{"part": "scenario", **c.to_dict()} for c in self.changes]
        rows += [{"part": "answer", **c.to_dict()} for c in self.answers]
        cols = ["part", "path", "kind", "change", "old", "new"]
        return pd.DataFrame(rows, columns=cols)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"scenario": self.old, "file": self.old_file},
            "new": {"scenario": self.new, "file": self.new_file},
            "scenario_counts": self.counts(),
            "scenario": [c.to_dict() for c in self.changes],
            "answers": [c.to_dict() for c in self.answers],
            "before": self.before,
            "after": self.after,
        }


def _answers(sc: Scenario, off: Iterable[str], engine: str, obstacles: bool) -> dict[str, Any]:
    from .api import analyze
    from .api import obstacles as obstacle_analysis

    d = analyze(sc, off, engine=engine).to_dict()
    out = {k: d[k] for k in ANSWERS}
    if obstacles and sc.spec.obstacles:
        o = obstacle_analysis(sc, engine=engine).to_dict()
        out.update({k: o[k] for k in OBSTACLE_ANSWERS})
    return out


def answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """The answers that differ: a changed value, an issue of the nearest compromise that moved,
    an actor or obstacle that now rejects (``added``) or no longer does (``removed``)."""
    return value_changes(before, after, (*ANSWERS, *OBSTACLE_ANSWERS))


def compare(
    old: Scenario | str,
    new: Scenario | str,
    off: Iterable[str] = (),
    *,
    engine: str = "auto",
    obstacles: bool = False,
    status: Callable[[str], None] | None = None,
) -> ScenarioDiff:
    """What changed from ``old`` to ``new`` (files, names or scenarios), and to the answers.

    Parameters
    ----------
    off : iterable of str
        Obstacles switched off in both (each must exist in both).
    obstacles : bool
        Also compare the obstacle analyses (every subset of obstacles: 2^k solves each).
    status : callable, optional
        Called with the name of each step before it runs.
    """
    from .api import load

    say = status or (lambda _step: None)
    a, b = load(old), load(new)
    off = tuple(off)
    say(f"analysing {a.id}")
    before = _answers(a, off, engine, obstacles)
    say(f"analysing {b.id}")
    after = _answers(b, off, engine, obstacles)
    return ScenarioDiff(
        old=a.id,
        new=b.id,
        old_file=a.file,
        new_file=b.file,
        changes=tree_diff(a.data, b.data),
        answers=answer_changes(before, after),
        before=before,
        after=after,
    )


__all__ = ["ANSWERS", "OBSTACLE_ANSWERS", "ScenarioDiff", "answer_changes", "compare"]
