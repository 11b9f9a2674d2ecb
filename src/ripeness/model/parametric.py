"""A compiled model whose numbers are parameters: the structure of Monte Carlo (DESIGN.md §3).

:func:`build_parametric` walks a scenario exactly as :func:`~ripeness.model.compile_model`
does, but records, for every number it reads, the dotted path it came from. Numbers named in
``columns`` become *slots*: cells of raw arrays (weights, values, bundle terms, war, breach,
deterrence, sucker costs, override costs, thresholds, electorate parameters) that a draw
matrix fills. Everything structural (package space, conditions, claims, routes, red lines,
rules) is shared with the point-value :class:`~ripeness.model.Model`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario import Num, Scenario, point, resolve_utility
from .compiled import Model, compile_model
from .war import joint_outcomes

#: Probability cells are clipped to [0, 1]; electorate sigma to (0, inf).
PROB = (0.0, 1.0)
POSITIVE = (1e-12, np.inf)


@dataclass(frozen=True)
class Slot:
    """Cell ``array.flat[index]`` takes column ``column`` of the draw matrix (clipped)."""

    array: str
    index: int
    column: int
    clip: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class Parametric:
    """Raw arrays at point values, the slots draws fill, and the shared structure.

    Attributes
    ----------
    model : Model
        The point-value model (structure, and the reference for every array).
    columns : tuple of str
        Paths of the draw-matrix columns.
    base : dict of ndarray
        ``weight`` (A, K) raw weights; ``value`` (A, K, O) option values; ``bundle`` (B,);
        ``balance``, ``horizon`` (1,); ``war_cost`` (A,); ``cut`` (T, C) cutpoints (padded);
        ``slope`` (T,); ``batna`` (A,) given BATNAs; ``breach`` (P,); ``deterrence`` (P, O);
        ``sucker`` (S,) sucker-cost sources; ``override_cost`` (P,); ``threshold``, ``mu``,
        ``sigma`` (A,).
    slots : tuple of Slot
    column_base : ndarray (m,)
        The value each column's cells take at point values (nan: the column reaches no cell).
    """

    model: Model
    columns: tuple[str, ...]
    base: dict[str, np.ndarray]
    slots: tuple[Slot, ...]
    column_base: np.ndarray
    territories: tuple[tuple[int, np.ndarray], ...]  # (issue, outcome option indices)
    n_cut: np.ndarray  # (T,)
    joint_digits: np.ndarray  # (J, K)
    joint_combo: np.ndarray  # (J, T)
    has_war: bool
    batna_given: np.ndarray  # (A,) bool
    sucker_actor: np.ndarray  # (S,)
    range_issues: tuple[np.ndarray, ...] = field(default=())  # per actor: issues its bundles touch


class _Recorder:
    """Collects base values and slots while the compiler reads numbers."""

    def __init__(self, columns: Sequence[str]):
        self.col = {c: j for j, c in enumerate(columns)}
        self.slots: list[Slot] = []
        self.column_base = np.full(len(columns), np.nan)

    def read(self, array: str, index: int, path: str, x: Any, default: float, clip=None) -> float:
        v = point(x, default) if x is not None else default
        j = self.col.get(path)
        if j is not None:
            self.slots.append(Slot(array, int(index), j, clip))
            if np.isnan(self.column_base[j]):
                self.column_base[j] = v
        return v


def _chain(spec: Any, actor: str) -> list[str]:
    chain: list[str] = []
    a: str | None = actor
    while a is not None and a not in chain:
        chain.append(a)
        a = spec.utilities[a].like
    return chain


def _origin(chain: list[str], spec: Any, obj: Any, get: Callable[[Any], Any]) -> str:
    """The ``like:`` chain entry that holds ``obj`` (what resolution picked), by identity."""
    if obj is not None:
        for e in chain:
            if get(spec.utilities[e]) is obj:
                return e
        for e in chain:
            if get(spec.utilities[e]) is not None:
                return e
    return chain[0]


def build_parametric(
    scenario: Scenario, off: Iterable[str] = (), columns: Sequence[str] = ()
) -> Parametric:
    """Compile ``scenario`` (obstacles ``off`` switched off) with ``columns`` as parameters.

    The traversal mirrors :func:`~ripeness.model.compile_model`; at point values
    :func:`~ripeness.model.draws.realise` reproduces its arrays.
    """
    spec = scenario.spec
    model = compile_model(scenario, off)
    off = model.off
    rec = _Recorder(columns)
    space = model.space
    issues = space.issues
    K, O, A, P = len(issues), space.max_options, model.n_actors, len(model.parties)
    aidx = {a: i for i, a in enumerate(model.actors)}

    def on(tag: str | None) -> bool:
        return tag is None or tag not in off

    weight, value = np.zeros((A, K)), np.zeros((A, K, O))
    bundle: list[float] = []
    rng_issues: list[np.ndarray] = []
    for i, a in enumerate(model.actors):
        r = resolve_utility(spec, a)
        chain = _chain(spec, a)
        for k, issue in enumerate(issues):
            w = r.weights.get(issue)

            def get_weight(u: Any, issue: str = issue) -> Any:
                return (u.weights or {}).get(issue)

            src = _origin(chain, spec, w, get_weight)
            path = f"utilities.{src}.weights.{issue}"
            weight[i, k] = rec.read("weight", i * K + k, path, w, 0.0)
            vals = r.values.get(issue, {})
            for o, opt in enumerate(space.options[k]):
                v = vals.get(opt)

                def get_value(u: Any, issue: str = issue, opt: str = opt) -> Any:
                    return (u.values or {}).get(issue, {}).get(opt)

                src = _origin(chain, spec, v, get_value)
                path = f"utilities.{src}.values.{issue}.{opt}"
                value[i, k, o] = rec.read("value", (i * K + k) * O + o, path, v, 0.0)
        touched: set[int] = set()
        for b in r.bundles:
            if not on(b.obstacle):
                continue
            src, pos = chain[0], 0
            for e in chain:
                own = [j for j, x in enumerate(spec.utilities[e].bundles or []) if x is b]
                if own:
                    src, pos = e, own[0]
                    break
            path = f"utilities.{src}.bundles.{pos}.value"
            bundle.append(rec.read("bundle", len(bundle), path, b.value, 0.0))
            touched.update(issues.index(x) for x in b.when)
        rng_issues.append(np.array(sorted(touched), dtype=np.int64))

    # war: ordered logit per territory, joint outcomes (DESIGN.md §2, "The value of fighting on")
    terr: list[tuple[int, np.ndarray]] = []
    war = spec.war
    has_war = war is not None
    war_issues = [k for k, i in enumerate(issues) if has_war and spec.issues[i].war]
    C = max([len(spec.issues[issues[k]].war) - 1 for k in war_issues] + [1])  # type: ignore[arg-type]
    cut = np.zeros((len(war_issues), C))
    n_cut = np.zeros(len(war_issues), dtype=np.int64)
    slope = np.zeros(len(war_issues))
    balance = horizon = 0.0
    war_cost = np.zeros(A)
    if war is not None:
        horizon = rec.read("horizon", 0, "war.horizon_months", war.horizon_months, 0.0)
        balance = rec.read("balance", 0, "war.military_balance", war.military_balance, 0.0)
        for t, k in enumerate(war_issues):
            issue = issues[k]
            outs = spec.issues[issue].war
            assert outs is not None  # war_issues holds only issues with war outcomes
            terr.append((k, np.array([space.options[k].index(o) for o in outs], dtype=np.int64)))
            if len(outs) == 1:
                continue
            ctrl = war.control[issue]
            cpath = f"war.control.{issue}"
            cps: list[tuple[str, Num | None]]
            if ctrl.cutpoints is not None:
                cps = [(f"{cpath}.cutpoints.{j}", c) for j, c in enumerate(ctrl.cutpoints)]
            else:
                cps = [(f"{cpath}.intercept", ctrl.intercept)]
            n_cut[t] = len(cps)
            for j, (cp_path, cp) in enumerate(cps):
                cut[t, j] = rec.read("cut", t * C + j, cp_path, cp, 0.0)
            slope[t] = rec.read("slope", t, f"{cpath}.slope", ctrl.slope, 1.0)
        for i, a in enumerate(model.actors):
            path = f"war.cost_per_month.{a}"
            war_cost[i] = rec.read("war_cost", i, path, war.cost_per_month.get(a), 0.0)
        digits, _ = joint_outcomes(model.no_deal, [(k, o, np.ones(len(o))) for k, o in terr])
        sizes = [len(o) for _k, o in terr]
        grid = np.unravel_index(np.arange(len(digits)), sizes) if terr else ()
        combo = np.stack(grid, axis=1) if terr else np.zeros((1, 0), dtype=np.int64)
    else:
        digits, combo = model.no_deal[None, :].copy(), np.zeros((1, 0), dtype=np.int64)

    batna = np.zeros(A)
    given = np.zeros(A, dtype=bool)
    for a, v in spec.batna.items():
        if a in aidx:
            given[aidx[a]] = True
            batna[aidx[a]] = rec.read("batna", aidx[a], f"batna.{a}", v, 0.0)

    breach, det = np.zeros(P), np.zeros((P, O))
    sucker: list[float] = []
    s_actor: list[int] = []
    for pid, c in spec.commitment.items():
        p = model.parties.index(pid)
        if c.horizon_months is not None:
            rec.read("none", 0, f"commitment.{pid}.horizon_months", c.horizon_months, 0.0)
        if not on(c.obstacle):
            continue
        breach[p] = rec.read("breach", p, f"commitment.{pid}.breach", c.breach, 0.0, PROB)
        if c.deterrence is not None:
            k = issues.index(c.deterrence.issue)
            for o, opt in enumerate(space.options[k]):
                det[p, o] = rec.read(
                    "deterrence",
                    p * O + o,
                    f"commitment.{pid}.deterrence.values.{opt}",
                    c.deterrence.values.get(opt),
                    0.0,
                    PROB,
                )
        for a, v in c.sucker_cost.items():
            if a in aidx and spec.actors[a].party != pid:
                s_actor.append(aidx[a])
                sucker.append(
                    rec.read("sucker", len(sucker), f"commitment.{pid}.sucker_cost.{a}", v, 0.0)
                )

    ocost = np.zeros(P)
    for pid, con in spec.constitutions.items():
        p = model.parties.index(pid)
        if on(con.obstacle) and model.route_open[p] and con.override is not None:
            path = f"constitutions.{pid}.override.cost"
            ocost[p] = rec.read("override_cost", p, path, con.override.cost, 0.0)

    threshold, mu, sigma = model.threshold.copy(), model.mu.copy(), model.sigma.copy()
    for i, a in enumerate(model.actors):
        if model.roles[i] != "electorate":
            continue
        threshold[i] = rec.read(
            "threshold", i, f"actors.{a}.threshold", spec.actors[a].threshold, 0.5, PROB
        )
        elec = spec.electorates[a]
        mu[i] = rec.read("mu", i, f"electorates.{a}.mu", elec.mu, float(model.mu[i]))
        sigma[i] = rec.read(
            "sigma", i, f"electorates.{a}.sigma", elec.sigma, float(model.sigma[i]), POSITIVE
        )

    base = {
        "weight": weight,
        "value": value,
        "bundle": np.array(bundle, dtype=float),
        "balance": np.array([balance]),
        "horizon": np.array([horizon]),
        "war_cost": war_cost,
        "cut": cut,
        "slope": slope,
        "batna": batna,
        "breach": breach,
        "deterrence": det,
        "sucker": np.array(sucker, dtype=float),
        "override_cost": ocost,
        "threshold": threshold,
        "mu": mu,
        "sigma": sigma,
        "none": np.zeros(1),
    }
    return Parametric(
        model=model,
        columns=tuple(columns),
        base=base,
        slots=tuple(rec.slots),
        column_base=rec.column_base,
        territories=tuple(terr),
        n_cut=n_cut,
        joint_digits=digits,
        joint_combo=np.asarray(combo, dtype=np.int64),
        has_war=has_war,
        batna_given=given,
        sucker_actor=np.array(s_actor, dtype=np.int64),
        range_issues=tuple(rng_issues),
    )
