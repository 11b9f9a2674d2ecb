"""The one compiler from a :class:`~ripeness.scenario.Scenario` to a :class:`Model`.

A :class:`Model` holds the scenario's **structure** as arrays (package space, actors, bundle,
red-line and rule conditions, claims and override routes, deterrence entries, war outcomes,
calibration packages) and its **numbers** in two forms: the raw values as written (``base``,
at point values), each cell remembering the dotted path it was read from (``slots`` for the
paths named in ``columns``), and the realised point :class:`~ripeness.model.numbers.Numbers`
every deterministic analysis uses (``point``). Monte Carlo, the tornado and Sobol fill the same
cells from a draw matrix (:func:`~ripeness.model.numbers.realise`), so every analysis reads the
model through this one traversal.

Only active elements are present: switched-off obstacles have removed their actors, bundle
terms, red lines, claims, breach probabilities and rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario import Num, Scenario, point, resolve_utility
from ..scenario.errors import Problem, ScenarioError
from .space import Condition, PackageSpace
from .war import count_outcomes, outcome_combos, outcome_packages

if TYPE_CHECKING:
    from .numbers import Numbers

#: Probability cells are clipped to [0, 1]; shares to (0, 1); sigma to (0, inf).
PROB = (0.0, 1.0)
SHARE = (1e-9, 1.0 - 1e-9)
POSITIVE = (1e-12, np.inf)


@dataclass(frozen=True)
class Slot:
    """Cell ``array.flat[index]`` takes column ``column`` of a draw matrix (clipped)."""

    array: str
    index: int
    column: int
    clip: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class WarOutcome:
    """Probabilities of what fighting on ends in, for one territory (at point values)."""

    issue: str
    outcomes: tuple[str, ...]
    probabilities: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario as arrays (A actors, K issues, O = most options, P parties, J deterrence
    entries, B bundles, T fought-over territories, C calibration points).

    The number arrays named after the scenario's fields (``table``, ``batna``, ``breach``,
    ``mu``, ...) are properties reading the point :class:`~ripeness.model.numbers.Numbers`.
    """

    space: PackageSpace
    actors: tuple[str, ...]
    roles: tuple[str, ...]
    actor_party: np.ndarray  # (A,) party index
    parties: tuple[str, ...]
    principal: np.ndarray  # (P,) actor index of each party's principal, -1 if none active
    no_deal: np.ndarray  # (K,) option indices
    option_valid: np.ndarray  # (K, O) bool
    bundles: tuple[Condition, ...]
    bundle_actor: np.ndarray  # (B,)
    red_lines: tuple[Condition, ...]
    red_line_actor: np.ndarray  # (R,)
    rules: tuple[Condition, ...]
    rule_names: tuple[str, ...]
    cedes: np.ndarray  # (P, K, O) bool: option cedes an issue the party's constitution claims
    route_open: np.ndarray  # (P,) bool
    route_note: tuple[str, ...]  # why a route is closed, per party ('' when open)
    ratifiers: tuple[tuple[int, ...], ...]
    ratifier_only: np.ndarray  # (A,) bool: an electorate with `threshold: null`
    referendum: np.ndarray  # (A,) party whose override route names the actor as ratifier, or -1
    committing: np.ndarray  # (P,) bool: the party has an active breach probability
    det_party: np.ndarray  # (J,) party of each deterrence entry
    det_issue: np.ndarray  # (J,) issue of each deterrence entry
    sucker_actor: np.ndarray  # (S,) actor of each sucker-cost entry
    territories: tuple[tuple[int, np.ndarray], ...]  # (issue, outcome option indices)
    n_cut: np.ndarray  # (T,)
    has_war: bool
    batna_given: np.ndarray  # (A,) bool
    calib_actor: np.ndarray  # (C,) electorate of each calibration point
    calib_digits: np.ndarray  # (C, K) its package
    calib_labels: tuple[str, ...]  # (C,) where each point is written (dotted path)
    range_issues: tuple[np.ndarray, ...]  # per actor: issues its bundles touch
    columns: tuple[str, ...]
    base: Mapping[str, np.ndarray]
    slots: tuple[Slot, ...]
    column_base: np.ndarray  # (m,) value of each column's cells at point values (nan: none)
    point: Numbers | None = None
    calibration: Mapping[str, tuple[float, float]] | None = None
    off: frozenset[str] = field(default_factory=frozenset)

    # --- sizes and roles --------------------------------------------------------------------

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def principals(self) -> np.ndarray:
        """Indices of the active principals, in actor order."""
        return np.array([i for i, r in enumerate(self.roles) if r == "principal"], dtype=np.int64)

    @property
    def is_electorate(self) -> np.ndarray:
        return np.array([r == "electorate" for r in self.roles], dtype=bool)

    @property
    def others(self) -> np.ndarray:
        """``(A, P)``: True where party ``p`` is not actor ``a``'s own."""
        out = np.ones((self.n_actors, len(self.parties)), dtype=bool)
        out[np.arange(self.n_actors), self.actor_party] = False
        return out

    # --- point numbers ----------------------------------------------------------------------

    def _pt(self) -> Numbers:
        if self.point is None:  # pragma: no cover - compile_model always attaches them
            raise ValueError("model without point numbers")
        return self.point

    @property
    def table(self) -> np.ndarray:
        """``(A, K, O)`` normalised weight x value."""
        return self._pt().table[0]

    @property
    def bundle_value(self) -> np.ndarray:
        return self._pt().bundle[0]

    @property
    def batna(self) -> np.ndarray:
        """``(A,)`` the value of fighting on ``d_a``."""
        return self._pt().batna[0]

    @property
    def breach(self) -> np.ndarray:
        """``(P,)`` breach probability ``q0`` within each party's window."""
        return self._pt().breach[0]

    @property
    def within(self) -> np.ndarray:
        """``(P,)`` breach window in months."""
        return self._pt().within[0]

    @property
    def deterrence(self) -> np.ndarray:
        """``(J, O)`` deterrence of each entry's options."""
        return self._pt().deterrence[0]

    @property
    def sucker(self) -> np.ndarray:
        return self._pt().sucker[0]

    @property
    def override_cost(self) -> np.ndarray:
        return self._pt().override_cost[0]

    @property
    def threshold(self) -> np.ndarray:
        """``(A,)`` electorates' threshold support (nan: not an electorate, or ratifier only)."""
        return self._pt().threshold[0]

    @property
    def route_threshold(self) -> np.ndarray:
        return self._pt().route_threshold[0]

    @property
    def mu(self) -> np.ndarray:
        return self._pt().mu[0]

    @property
    def sigma(self) -> np.ndarray:
        return self._pt().sigma[0]

    @property
    def horizon_months(self) -> float:
        """The war horizon ``H`` (0 without a war block)."""
        return float(self._pt().horizon[0])

    @property
    def war(self) -> tuple[WarOutcome, ...]:
        """What fighting on can end in, per territory, with point probabilities."""
        from .fighting import war_probabilities_by_territory
        from .numbers import fill

        probs = war_probabilities_by_territory(self, fill(self, None))
        return tuple(
            WarOutcome(
                self.space.issues[k],
                tuple(self.space.options[k][o] for o in opts),
                tuple(float(x) for x in p[0]),
            )
            for (k, opts), p in zip(self.territories, probs, strict=True)
        )

    @property
    def n_joint(self) -> int:
        """Number of joint war outcomes (1 without fought-over territories: the no-deal
        package)."""
        return count_outcomes([len(o) for _k, o in self.territories])

    def joint_combos(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Outcome index of each territory in joint outcomes ``start .. stop - 1`` ``(n, T)``
        (:func:`~ripeness.model.war.outcome_combos`; ``stop`` defaults to all of them)."""
        stop = self.n_joint if stop is None else stop
        return outcome_combos([len(o) for _k, o in self.territories], start, stop)

    def joint_packages(self, combo: np.ndarray) -> np.ndarray:
        """The joint outcomes ``combo`` as packages ``(n, K)``."""
        return outcome_packages(self.no_deal, self.territories, combo)

    def linear_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-actor min and max of the additive part of ``u`` (exact when no bundles)."""
        t = np.where(self.option_valid[None], self.table, np.nan)
        return np.nanmin(t, axis=2).sum(axis=1), np.nanmax(t, axis=2).sum(axis=1)


# --- the traversal ------------------------------------------------------------------------------


class _Recorder:
    """Collects base values, and slots for the paths named as columns, while reading numbers."""

    def __init__(self, columns: Sequence[str]):
        self.col = {c: j for j, c in enumerate(columns)}
        self.slots: list[Slot] = []
        self.column_base = np.full(len(columns), np.nan)

    def read(
        self,
        array: str,
        index: int,
        path: str,
        x: Num | None,
        default: float,
        clip: tuple[float, float] | None = None,
    ) -> float:
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


def check_off(scenario: Scenario, off: Iterable[str]) -> None:
    """Raise a :class:`ScenarioError` naming unknown obstacle ids (and the known ones)."""
    from ..scenario.suggest import did_you_mean

    ids = list(scenario.spec.obstacles)
    bad = [o for o in off if o not in scenario.spec.obstacles]
    if bad:
        known = ", ".join(ids) or "none"
        raise ScenarioError(
            [
                Problem(
                    scenario.file,
                    0,
                    0,
                    "--off",
                    f"unknown obstacle {o!r}{did_you_mean(o, ids)}; the obstacles: {known}",
                )
                for o in bad
            ]
        )


def compile_structure(
    scenario: Scenario, off: Iterable[str] = (), columns: Sequence[str] = ()
) -> Model:
    """Compile ``scenario`` with the obstacles in ``off`` switched off, without point numbers.

    :func:`compile_model` attaches them; Monte Carlo realises draws on this directly.
    """
    spec = scenario.spec
    off = frozenset(off)
    check_off(scenario, off)

    def on(tag: str | None) -> bool:
        return tag is None or tag not in off

    rec = _Recorder(columns)
    issues = tuple(spec.issues)
    space = PackageSpace(issues, tuple(tuple(spec.issues[i].options) for i in issues))
    K, O = len(issues), space.max_options
    option_valid = np.zeros((K, O), dtype=bool)
    for k, labels in enumerate(space.options):
        option_valid[k, : len(labels)] = True
    no_deal = np.array(
        [space.options[k].index(spec.issues[i].no_deal) for k, i in enumerate(issues)],
        dtype=np.int64,
    )
    parties = tuple(spec.parties)
    actors = tuple(a for a, x in spec.actors.items() if on(x.obstacle))
    A, P = len(actors), len(parties)
    aidx = {a: i for i, a in enumerate(actors)}
    roles = tuple(spec.actors[a].role for a in actors)
    actor_party = np.array([parties.index(spec.actors[a].party) for a in actors], dtype=np.int64)
    principal = np.full(P, -1, dtype=np.int64)
    for i in range(A):
        if roles[i] == "principal":
            principal[actor_party[i]] = i

    # utilities (DESIGN.md §2 "Utility"); paths follow the `like:` chain to where a number is
    weight, value = np.zeros((A, K)), np.zeros((A, K, O))
    b_cond: list[Condition] = []
    b_actor: list[int] = []
    b_val: list[float] = []
    r_cond: list[Condition] = []
    r_actor: list[int] = []
    rng_issues: list[np.ndarray] = []
    for i, a in enumerate(actors):
        r = resolve_utility(spec, a)
        chain = _chain(spec, a)
        for k, issue in enumerate(issues):
            w = r.weights.get(issue)

            def get_weight(u: Any, issue: str = issue) -> Any:
                return (u.weights or {}).get(issue)

            src = _origin(chain, spec, w, get_weight)
            weight[i, k] = rec.read("weight", i * K + k, f"utilities.{src}.weights.{issue}", w, 0.0)
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
            b_val.append(rec.read("bundle", len(b_val), path, b.value, 0.0))
            b_cond.append(space.condition(b.when))
            b_actor.append(i)
            touched.update(issues.index(x) for x in b.when)
        rng_issues.append(np.array(sorted(touched), dtype=np.int64))
        for rl in r.red_lines:
            if on(rl.obstacle):
                r_cond.append(space.condition(rl.when))
                r_actor.append(i)

    rules, rule_names = [], []
    for rule in spec.rules:
        if on(rule.obstacle):
            for c in rule.forbid:
                rules.append(space.condition(c))
                rule_names.append(rule.name)

    # constitutions (obstacles 1-2)
    cedes = np.zeros((P, K, O), dtype=bool)
    route_open = np.zeros(P, dtype=bool)
    route_note = [""] * P
    ratifiers: list[tuple[int, ...]] = [()] * P
    ocost, rthr = np.zeros(P), np.full(P, 0.5)
    referendum = np.full(A, -1, dtype=np.int64)  # the party whose override route names the actor
    for pid, con in spec.constitutions.items():
        p = parties.index(pid)
        if not on(con.obstacle):
            continue
        for issue in con.claims:
            k = issues.index(issue)
            for o, opt in enumerate(space.options[k]):
                cedes[p, k, o] = spec.issues[issue].options[opt].cedes == pid
        ov = con.override
        if ov is None:
            route_note[p] = f"{pid}'s constitution has no override route"
            continue
        base = f"constitutions.{pid}.override"
        rthr[p] = rec.read("route_threshold", p, f"{base}.threshold", ov.threshold, 0.5, SHARE)
        for rid in ov.ratifiers:
            if rid in aidx and referendum[aidx[rid]] < 0:
                referendum[aidx[rid]] = p
        blocked = [f for f in ov.blocked_when if spec.flags.get(f, False)]
        if blocked:
            route_note[p] = f"{pid}'s override route is blocked ({', '.join(blocked)})"
            continue
        route_open[p] = True
        ratifiers[p] = tuple(aidx[x] for x in ov.ratifiers if x in aidx)
        ocost[p] = rec.read("override_cost", p, f"{base}.cost", ov.cost, 0.0)

    # the value of fighting on (DESIGN.md §2): ordered logit per territory, joint outcomes
    war = spec.war
    has_war = war is not None
    war_issues = [k for k, i in enumerate(issues) if has_war and spec.issues[i].war]
    C = max([len(spec.issues[issues[k]].war or ()) - 1 for k in war_issues] + [1])
    cut = np.zeros((len(war_issues), C))
    n_cut = np.zeros(len(war_issues), dtype=np.int64)
    slope = np.zeros(len(war_issues))
    balance = horizon = 0.0
    war_cost = np.zeros(A)
    terr: list[tuple[int, np.ndarray]] = []
    if war is not None:
        horizon = rec.read("horizon", 0, "war.horizon_months", war.horizon_months, 0.0)
        balance = rec.read("balance", 0, "war.military_balance", war.military_balance, 0.0)
        for t, k in enumerate(war_issues):
            issue = issues[k]
            outs = spec.issues[issue].war or []
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
        for i, a in enumerate(actors):
            path = f"war.cost_per_month.{a}"
            war_cost[i] = rec.read("war_cost", i, path, war.cost_per_month.get(a), 0.0)

    batna = np.zeros(A)
    given = np.zeros(A, dtype=bool)
    for a, v in spec.batna.items():
        if a in aidx:
            given[aidx[a]] = True
            batna[aidx[a]] = rec.read("batna", aidx[a], f"batna.{a}", v, 0.0)

    # commitment (obstacle 6): breach, window, deterrence entries, sucker costs
    breach, within = np.zeros(P), np.full(P, np.nan)  # nan: the window defaults to H
    committing = np.zeros(P, dtype=bool)
    det_rows: list[np.ndarray] = []
    det_party: list[int] = []
    det_issue: list[int] = []
    sucker: list[float] = []
    s_actor: list[int] = []
    for pid, com in spec.commitment.items():
        p = parties.index(pid)
        base = f"commitment.{pid}"
        within[p] = rec.read(
            "within", p, f"{base}.within_months", com.within_months, np.nan, POSITIVE
        )
        if not on(com.obstacle):
            continue
        committing[p] = True
        breach[p] = rec.read("breach", p, f"{base}.breach", com.breach, 0.0, PROB)
        listed = isinstance(com.deterrence, list)
        for j, d in enumerate(com.deterrence_entries):
            k = issues.index(d.issue)
            dpath = f"{base}.deterrence.{j}" if listed else f"{base}.deterrence"
            row = np.zeros(O)
            for o, opt in enumerate(space.options[k]):
                row[o] = rec.read(
                    "deterrence",
                    len(det_rows) * O + o,
                    f"{dpath}.values.{opt}",
                    d.values.get(opt),
                    0.0,
                    PROB,
                )
            det_rows.append(row)
            det_party.append(p)
            det_issue.append(k)
        for a, v in com.sucker_cost.items():
            if a in aidx and spec.actors[a].party != pid:
                s_actor.append(aidx[a])
                sucker.append(rec.read("sucker", len(sucker), f"{base}.sucker_cost.{a}", v, 0.0))

    # electorates (obstacles 3-4): thresholds, given parameters, calibration packages
    threshold = np.full(A, np.nan)
    ratifier_only = np.zeros(A, dtype=bool)
    mu_given, sigma_given = np.full(A, np.nan), np.full(A, np.nan)
    c_actor: list[int] = []
    c_digits: list[np.ndarray] = []
    c_support: list[float] = []
    c_labels: list[str] = []
    for i, a in enumerate(actors):
        if roles[i] != "electorate":
            continue
        x = spec.actors[a]
        if x.ratifier_only:
            ratifier_only[i] = True
        else:
            threshold[i] = rec.read(
                "threshold", i, f"actors.{a}.threshold", x.threshold, 0.5, SHARE
            )
        elec = spec.electorates[a]
        if elec.mu is not None:
            mu_given[i] = rec.read("mu_given", i, f"electorates.{a}.mu", elec.mu, np.nan)
        else:
            rec.read("mu_given", i, f"electorates.{a}.mu", None, np.nan)
        if elec.sigma is not None:
            sigma_given[i] = rec.read(
                "sigma_given", i, f"electorates.{a}.sigma", elec.sigma, np.nan, POSITIVE
            )
        else:
            rec.read("sigma_given", i, f"electorates.{a}.sigma", None, np.nan, POSITIVE)
        for j, pt in enumerate(elec.calibration):
            path = f"electorates.{a}.calibration.{j}"
            c_actor.append(i)
            c_digits.append(space.encode(pt.package, no_deal))
            c_labels.append(path)
            c_support.append(
                rec.read("support", len(c_support), f"{path}.support", pt.support, 0.5, SHARE)
            )

    O_det = np.array(det_rows, dtype=float).reshape(len(det_rows), O)
    base_arrays = {
        "weight": weight,
        "value": value,
        "bundle": np.array(b_val, dtype=float),
        "balance": np.array([balance]),
        "horizon": np.array([horizon]),
        "war_cost": war_cost,
        "cut": cut,
        "slope": slope,
        "batna": batna,
        "breach": breach,
        "within": within,
        "deterrence": O_det,
        "sucker": np.array(sucker, dtype=float),
        "override_cost": ocost,
        "route_threshold": rthr,
        "threshold": threshold,
        "mu_given": mu_given,
        "sigma_given": sigma_given,
        "support": np.array(c_support, dtype=float),
    }
    return Model(
        space=space,
        actors=actors,
        roles=roles,
        actor_party=actor_party,
        parties=parties,
        principal=principal,
        no_deal=no_deal,
        option_valid=option_valid,
        bundles=tuple(b_cond),
        bundle_actor=np.array(b_actor, dtype=np.int64),
        red_lines=tuple(r_cond),
        red_line_actor=np.array(r_actor, dtype=np.int64),
        rules=tuple(rules),
        rule_names=tuple(rule_names),
        cedes=cedes,
        route_open=route_open,
        route_note=tuple(route_note),
        ratifiers=tuple(ratifiers),
        ratifier_only=ratifier_only,
        referendum=referendum,
        committing=committing,
        det_party=np.array(det_party, dtype=np.int64),
        det_issue=np.array(det_issue, dtype=np.int64),
        sucker_actor=np.array(s_actor, dtype=np.int64),
        territories=tuple(terr),
        n_cut=n_cut,
        has_war=has_war,
        batna_given=given,
        calib_actor=np.array(c_actor, dtype=np.int64),
        calib_digits=np.array(c_digits, dtype=np.int64).reshape(len(c_digits), K),
        calib_labels=tuple(c_labels),
        range_issues=tuple(rng_issues),
        columns=tuple(columns),
        base=base_arrays,
        slots=tuple(rec.slots),
        column_base=rec.column_base,
        off=off,
    )


def compile_model(
    scenario: Scenario,
    off: Iterable[str] = (),
    columns: Sequence[str] = (),
    *,
    calibration: Mapping[str, tuple[float, float]] | None = None,
) -> Model:
    """Compile ``scenario`` with the obstacles in ``off`` switched off, at point values.

    Electorates take ``calibration`` (``{actor: (mu, sigma)}``), else the scenario's stored
    calibration, else one fitted here on the scenario as written with every obstacle on
    (:func:`~ripeness.model.calibrate`): counterfactuals never refit (DESIGN.md §2).
    ``mu`` or ``sigma`` written in the scenario (or set by ``--set``) replace the fitted ones.

    Raises
    ------
    ScenarioError
        For an unknown obstacle id, or poll points that cannot be fitted.
    """
    from .calibrate import calibrate
    from .numbers import realise

    model = compile_structure(scenario, off, columns)
    cal = calibration if calibration is not None else scenario.calibration
    if cal is None and model.calib_actor.size:
        cal = calibrate(scenario)
    cal = dict(cal or {})
    nums = realise(model, None, fixed=cal)
    return replace(model, point=nums, calibration=cal)


def package_digits(model: Model, package: Mapping[str, str]) -> np.ndarray:
    """Option indices of a package; unnamed issues take their ``no_deal`` option."""
    return model.space.encode(package, model.no_deal)
