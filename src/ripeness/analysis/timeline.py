"""The verdict over time: a scenario's ``timeline:`` of dated entries (DESIGN.md §2).

Entries are applied **cumulatively** in date order (ISO dates sort as strings; equal dates keep
file order) to the scenario as written: the scenario at date ``t`` is the file with every
``set:`` of the entries dated ``<= t``, a later entry replacing an earlier value of the same
path. A quantity set once therefore stays at its last dated value until a later entry moves
it, as a front line does. User overrides (``--set``) are applied after the timeline's, so they
hold at every date.

Polls: an entry's ``polls:`` for an electorate replace its calibration from that date on and
refit it on that date's model (with one poll, ``sigma`` is kept from the fit in force and
``mu`` solves the point). At later dates without polls the fit stays (the public's disposition
is what was last measured; the circumstances around it move). Monte Carlo at a date refits each
electorate in every draw on the scenario of its latest polls.

Per date: verdict, ``g*``, ZOPA size, nearest compromise and who rejects it (the deterministic
analysis), and P(deal) by Monte Carlo with ``n`` draws. Every date uses the same seed (common
random numbers), so differences between dates are not sampling noise of different streams.
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

    def _repr_html_(self) -> str:
        from .notebook_more import timeline_html

        return timeline_html(self)


def ordered(sc: Scenario) -> list[tuple[int, Any]]:
    """``(position in file, entry)`` in date order (stable for equal dates)."""
    return sorted(enumerate(sc.spec.timeline), key=lambda e: (e[1].date, e[0]))


def cumulative(sc: Scenario) -> list[dict[str, Any]]:
    """The cumulative ``set:`` overrides in force at each entry, in date order."""
    acc: dict[str, Any] = {}
    out = []
    for _i, e in ordered(sc):
        acc = {**acc, **e.set}
        out.append(dict(acc))
    return out


@dataclass(frozen=True, eq=False)
class DatedScenario:
    """The scenario at one date of its timeline, with what its electorates are fitted on."""

    date: str
    position: int
    scenario: Scenario  # as written at the date (calibrated), before user overrides
    fitted_on: dict[str, Scenario]  # electorate -> the scenario of its latest polls
    refitted: dict[str, tuple[float, float]]  # electorates refitted at this date


def dated_scenarios(sc: Scenario) -> list[DatedScenario]:
    """The scenario at every date of its timeline (cumulative sets, poll refits).

    Raises
    ------
    ValueError
        When an entry's ``set:`` or ``polls:`` does not fit the scenario, or its polls cannot
        be fitted.
    """
    from ..model import calibrate
    from ..scenario import parse
    from ..scenario.overrides import OverrideError, apply_overrides

    written = sc.as_written()
    base = written.data
    cal = dict(written.calibration or calibrate(written))
    electorates = [a for a, x in written.spec.actors.items() if x.role == "electorate"]
    fitted_on: dict[str, Scenario] = dict.fromkeys(electorates, written)
    replaced: dict[str, dict[str, Any]] = {}
    acc: dict[str, Any] = {}
    out = []
    for pos, e in ordered(sc):
        where = f"timeline.{pos} ({e.date})"
        acc = {**acc, **e.set}
        raw_polls = base.get("timeline", [])[pos].get("polls", {}) or {}
        for actor in e.polls:
            entry: dict[str, Any] = {"calibration": list(raw_polls.get(actor, []))}
            if len(e.polls[actor]) == 1:  # one poll keeps sigma: mu solves the point
                entry["sigma"] = float(cal[actor][1])
            old = base.get("electorates", {}).get(actor, {})
            for key in ("source", "note"):
                if key in old:
                    entry[key] = old[key]
            replaced[actor] = entry
        try:
            data = apply_overrides(base, acc)
            for actor, entry in replaced.items():
                data.setdefault("electorates", {})[actor] = entry
            s_t = parse(data, sc.file, sc.positions)
        except (OverrideError, ScenarioError) as exc:
            msg = (
                "; ".join(p.message for p in exc.problems)
                if isinstance(exc, ScenarioError)
                else str(exc)
            )
            raise ValueError(f"{where}: {msg}") from None
        refit: dict[str, tuple[float, float]] = {}
        if e.polls:
            try:
                new = calibrate(s_t)
            except ScenarioError as exc:
                msg = "; ".join(p.message for p in exc.problems)
                raise ValueError(f"{where}: {msg}") from None
            for actor in e.polls:
                refit[actor] = cal[actor] = new[actor]
                fitted_on[actor] = s_t
        from dataclasses import replace

        out.append(
            DatedScenario(e.date, pos, replace(s_t, calibration=dict(cal)), dict(fitted_on), refit)
        )
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
    memory: int | str | None = None,
) -> TimelineResult:
    """Verdict, ``g*``, nearest compromise and P(deal) at every date of ``sc.spec.timeline``.

    Parameters
    ----------
    sc : Scenario
        As written (the timeline's entries are applied here).
    n : int
        Monte Carlo draws per date (0: skip P(deal)).
    memory : int or str, optional
        Memory budget of the Monte Carlo tasks (:mod:`ripeness.memory`).

    Raises
    ------
    ValueError
        When the scenario has no timeline, or an entry does not fit the scenario.
    """
    from ..parallel import executor

    entries = ordered(sc)
    if not entries:
        raise ValueError(f"{sc.id} has no `timeline:` entries")
    user = dict(overrides or {})
    dated = dated_scenarios(sc)
    points = []
    with executor(workers, scheduler) as ex:
        for step, ((_pos, e), ds) in enumerate(zip(entries, dated, strict=True)):
            try:
                s = ds.scenario.with_overrides(user)
            except ScenarioError as exc:
                msg = "; ".join(p.message for p in exc.problems)
                raise ValueError(f"timeline.{ds.position} ({e.date}): {msg}") from None
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
                "refit": {k: {"mu": m, "sigma": sd} for k, (m, sd) in ds.refitted.items()},
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
                groups: dict[int, tuple[Scenario, list[str]]] = {}
                for actor, fs in ds.fitted_on.items():
                    groups.setdefault(id(fs), (fs, []))[1].append(actor)
                fits = [(fs, tuple(actors)) for fs, actors in groups.values()]
                mc = montecarlo(
                    s, n, seed, off=off, obstacles=False, backend=ex, fits=fits, memory=memory
                )
                row["p_deal"], row["p_deal_se"] = mc.p_deal, mc.p_deal_se
            points.append(row)
            if progress is not None:
                progress(step + 1, len(entries))
    return TimelineResult(sc.id, sc.title, n, seed, points)
