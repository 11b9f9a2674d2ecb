"""The verdict over time: a scenario's ``timeline:`` of dated overrides (DESIGN.md §2).

Entries are applied **cumulatively** in date order (ISO dates sort as strings; equal dates keep
file order) to the scenario as written: the scenario at date ``t`` is the file with every
``set:`` of the entries dated ``<= t``, a later entry replacing an earlier value of the same
path. A quantity set once therefore stays at its last dated value until a later entry moves
it, as a poll or front line does. User overrides (``--set``) are applied after the timeline's,
so they hold at every date. As everywhere, the electorate calibration is the one fitted on the
file as written: a dated poll moves an electorate's ``mu`` (or ``sigma``), not the fit.

Per date: verdict, ``g*``, ZOPA size and nearest compromise (the deterministic analysis), and
P(deal) by Monte Carlo with ``n`` draws. Every date uses the same seed (common random numbers),
so differences between dates are not sampling noise of different streams.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..engine import run
from ..model import compile_model
from ..scenario import Scenario, ScenarioError
from .base import Result
from .montecarlo import montecarlo
from .zopa import build_analysis


@dataclass(frozen=True, eq=False)
class TimelineResult(Result):
    """Result of :func:`ripeness.timeline`: one row per dated entry, in date order."""

    scenario: str
    title: str
    n: int
    seed: int | None
    points: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "mode": "cumulative",
            "n": self.n,
            "seed": self.seed,
            "points": self.points,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per date: verdict, g*, ZOPA size, P(deal) and its standard error (pandas)."""
        import pandas as pd

        cols = ("date", "label", "verdict", "gap", "zopa_size", "p_deal", "p_deal_se")
        return pd.DataFrame([{c: p.get(c) for c in cols} for p in self.points]).set_index("date")


def ordered(sc: Scenario) -> list[tuple[int, Any]]:
    """``(position in file, entry)`` in date order (stable for equal dates)."""
    return sorted(enumerate(sc.spec.timeline), key=lambda e: (e[1].date, e[0]))


def cumulative(sc: Scenario) -> list[dict[str, Any]]:
    """The cumulative overrides in force at each entry, in date order."""
    acc: dict[str, Any] = {}
    out = []
    for _i, e in ordered(sc):
        acc = {**acc, **e.set}
        out.append(dict(acc))
    return out


def timeline(
    sc: Scenario,
    n: int = 1000,
    seed: int | None = 0,
    off: Sequence[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> TimelineResult:
    """Verdict, ``g*``, nearest compromise and P(deal) at every date of ``sc.spec.timeline``.

    Parameters
    ----------
    sc : Scenario
        Calibrated, as written (the timeline's overrides are applied here).
    n : int
        Monte Carlo draws per date (0: skip P(deal)).

    Raises
    ------
    ValueError
        When the scenario has no timeline, or an entry's ``set:`` does not fit the scenario.
    """
    from ..parallel import executor

    entries = ordered(sc)
    if not entries:
        raise ValueError(f"{sc.id} has no `timeline:` entries")
    user = dict(overrides or {})
    points = []
    with executor(workers, scheduler) as ex:
        for step, ((pos, e), acc) in enumerate(zip(entries, cumulative(sc), strict=True)):
            try:
                s = sc.with_overrides({**acc, **user})
            except ScenarioError as exc:
                msg = "; ".join(p.message for p in exc.problems)
                raise ValueError(f"timeline.{pos} ({e.date}): {msg}") from None
            model = compile_model(s, off)
            a = build_analysis(
                model,
                run(model, engine=engine, solutions=False, frontier=False),
                scenario=s.id,
                title=s.title,
                overrides={},
            )
            row: dict[str, Any] = {
                "date": e.date,
                "label": e.label,
                "source": e.source,
                "set": dict(e.set),
                "verdict": a.verdict,
                "gap": a.gap,
                "zopa_size": a.zopa_size,
                "nearest_compromise": a.nearest_compromise,
                "nearest_moves": {
                    i: o
                    for k, (i, o) in enumerate(a.nearest_compromise.items())
                    if o != model.space.options[k][model.no_deal[k]]
                },
                "rejected_by": a.rejected_by,
                "blocked_by": a.blocked_by,
            }
            if n > 0:
                mc = montecarlo(s, n, seed, off=off, obstacles=False, backend=ex)
                row["p_deal"], row["p_deal_se"] = mc.p_deal, mc.p_deal_se
            points.append(row)
            if progress is not None:
                progress(step + 1, len(entries))
    return TimelineResult(sc.id, sc.title, n, seed, points)
