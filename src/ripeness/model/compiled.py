"""Compile a scenario to immutable arrays: the :class:`Model` every engine evaluates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..scenario import Scenario, point, resolve_utility
from ..scenario.errors import Problem, ScenarioError
from .electorate import CalibrationError, fit_support
from .space import Condition, PackageSpace
from .war import joint_outcomes, outcome_probabilities


@dataclass(frozen=True, eq=False)
class WarOutcome:
    """Probabilities of what fighting on ends in, for one territory."""

    issue: str
    outcomes: tuple[str, ...]
    probabilities: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario as arrays (A actors, K issues, O = most options, P parties).

    Only active elements are present: switched-off obstacles have removed their actors,
    bundle terms, red lines, claims, breach probabilities and rules.
    """

    space: PackageSpace
    actors: tuple[str, ...]
    roles: tuple[str, ...]
    actor_party: np.ndarray  # (A,) party index
    parties: tuple[str, ...]
    principal: np.ndarray  # (P,) actor index of each party's principal, -1 if none active
    no_deal: np.ndarray  # (K,) option indices
    option_valid: np.ndarray  # (K, O) bool
    table: np.ndarray  # (A, K, O) normalised weight x value
    bundles: tuple[Condition, ...]
    bundle_actor: np.ndarray  # (B,)
    bundle_value: np.ndarray  # (B,)
    red_lines: tuple[Condition, ...]
    red_line_actor: np.ndarray  # (R,)
    rules: tuple[Condition, ...]
    rule_names: tuple[str, ...]
    cedes: np.ndarray  # (P, K, O) bool: option cedes an issue the party's constitution claims
    route_open: np.ndarray  # (P,) bool
    route_note: tuple[str, ...]  # why a route is closed, per party ('' when open)
    ratifiers: tuple[tuple[int, ...], ...]
    override_cost: np.ndarray  # (P,)
    breach: np.ndarray  # (P,) q0
    deterrence_issue: np.ndarray  # (P,) issue index or -1
    deterrence: np.ndarray  # (P, O)
    sucker: np.ndarray  # (A,)
    batna: np.ndarray  # (A,) d_a
    threshold: np.ndarray  # (A,) nan for non-electorates
    mu: np.ndarray  # (A,)
    sigma: np.ndarray  # (A,)
    horizon_months: float
    war: tuple[WarOutcome, ...] = ()
    off: frozenset[str] = field(default_factory=frozenset)

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

    def linear_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-actor min and max of the additive part of ``u`` (exact when no bundles)."""
        t = np.where(self.option_valid[None], self.table, np.nan)
        return np.nanmin(t, axis=2).sum(axis=1), np.nanmax(t, axis=2).sum(axis=1)


def _fail(sc: Scenario, path: tuple, msg: str) -> ScenarioError:
    from ..scenario.errors import problem_at

    return ScenarioError([problem_at(sc.file, sc.positions, path, msg)])


def compile_model(scenario: Scenario, off: Iterable[str] = ()) -> Model:
    """Compile ``scenario`` with the obstacles in ``off`` switched off.

    Every number takes its point value (DESIGN.md §2). Electorates use the scenario's stored
    calibration when present (fitted once on the file as written), else are fitted here.

    Raises
    ------
    ValueError
        For an unknown obstacle id.
    ScenarioError
        When a poll calibration cannot be fitted.
    """
    spec = scenario.spec
    off = frozenset(off)
    unknown = sorted(off - set(spec.obstacles))
    if unknown:
        raise ValueError(
            f"unknown obstacle(s) {', '.join(unknown)}; "
            f"known: {', '.join(spec.obstacles) or 'none'}"
        )

    def on(tag: str | None) -> bool:
        return tag is None or tag not in off

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

    table = np.zeros((A, K, O))
    b_cond, b_actor, b_val, r_cond, r_actor = [], [], [], [], []
    for i, a in enumerate(actors):
        r = resolve_utility(spec, a)
        w = np.array([point(r.weights.get(k, 0.0), 0.0) for k in issues])
        total = w.sum()
        w = w / total if total > 0 else w
        for k, issue in enumerate(issues):
            vals = r.values.get(issue, {})
            for o, opt in enumerate(space.options[k]):
                table[i, k, o] = w[k] * point(vals.get(opt, 0.0), 0.0)
        for b in r.bundles:
            if on(b.obstacle):
                b_cond.append(space.condition(b.when))
                b_actor.append(i)
                b_val.append(point(b.value))
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

    cedes = np.zeros((P, K, O), dtype=bool)
    route_open = np.zeros(P, dtype=bool)
    route_note = [""] * P
    ratifiers: list[tuple[int, ...]] = [()] * P
    override_cost = np.zeros(P)
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
        else:
            blocked = [f for f in ov.blocked_when if spec.flags.get(f, False)]
            if blocked:
                route_note[p] = f"{pid}'s override route is blocked ({', '.join(blocked)})"
            else:
                route_open[p] = True
                ratifiers[p] = tuple(aidx[x] for x in ov.ratifiers if x in aidx)
                override_cost[p] = point(ov.cost)

    breach = np.zeros(P)
    det_issue = np.full(P, -1, dtype=np.int64)
    det = np.zeros((P, O))
    sucker = np.zeros(A)
    for pid, com in spec.commitment.items():
        p = parties.index(pid)
        if not on(com.obstacle):
            continue
        breach[p] = point(com.breach)
        if com.deterrence is not None:
            k = issues.index(com.deterrence.issue)
            det_issue[p] = k
            for o, opt in enumerate(space.options[k]):
                det[p, o] = point(com.deterrence.values.get(opt, 0.0), 0.0)
        for a, v in com.sucker_cost.items():
            if a in aidx and spec.actors[a].party != pid:
                sucker[aidx[a]] = max(sucker[aidx[a]], point(v))

    # utilities of arbitrary packages, for the BATNA and calibration
    def u_of(digits: np.ndarray) -> np.ndarray:
        kk = np.arange(K)
        u = table[:, kk, digits].sum(axis=-1)  # (A, n)
        for cond, a, v in zip(b_cond, b_actor, b_val, strict=True):
            u[a] += v * cond.holds(digits)
        return u

    war_out: list[WarOutcome] = []
    horizon = 0.0
    batna = u_of(no_deal[None, :])[:, 0]
    if spec.war is not None:
        war = spec.war
        horizon = point(war.horizon_months)
        balance = point(war.military_balance)
        terr: list[tuple[int, np.ndarray, np.ndarray]] = []
        for k, issue in enumerate(issues):
            outs = spec.issues[issue].war
            if not outs:
                continue
            opts = np.array([space.options[k].index(o) for o in outs], dtype=np.int64)
            probs: np.ndarray
            if len(outs) == 1:
                probs = np.ones(1)
            else:
                ctrl = war.control[issue]
                cps = (
                    [point(x) for x in ctrl.cutpoints]
                    if ctrl.cutpoints is not None
                    else [point(ctrl.intercept)]
                )
                probs = outcome_probabilities(np.array(cps), point(ctrl.slope), balance)
            terr.append((k, opts, probs))
            war_out.append(WarOutcome(issue, tuple(outs), tuple(float(x) for x in probs)))
        outcomes, prob = joint_outcomes(no_deal, terr)
        cost = np.array([point(war.cost_per_month.get(a, 0.0), 0.0) for a in actors])
        batna = u_of(outcomes) @ prob - horizon * cost
    for a, v in spec.batna.items():
        if a in aidx:
            batna[aidx[a]] = point(v)
    for com in spec.commitment.values():
        if com.horizon_months is not None:
            horizon = point(com.horizon_months)

    threshold = np.full(A, np.nan)
    mu = np.full(A, np.nan)
    sigma = np.full(A, np.nan)
    calib = scenario.calibration
    for i, a in enumerate(actors):
        if roles[i] != "electorate":
            continue
        x = spec.actors[a]
        threshold[i] = point(x.threshold, 0.5)
        e = spec.electorates[a]
        m0 = point(e.mu) if e.mu is not None else None
        s0 = point(e.sigma) if e.sigma is not None else None
        if calib is not None and a in calib:
            m0 = calib[a][0] if m0 is None else m0
            s0 = calib[a][1] if s0 is None else s0
        if m0 is None or s0 is None:
            pkgs = np.array([space.encode(pt.package, no_deal) for pt in e.calibration])
            us = u_of(pkgs.reshape(-1, K))[i] if len(pkgs) else np.zeros(0)
            try:
                m0, s0 = fit_support(
                    us, np.array([point(pt.support) for pt in e.calibration]), m0, s0
                )
            except CalibrationError as exc:
                raise _fail(scenario, ("electorates", a, "calibration"), str(exc)) from None
        mu[i], sigma[i] = m0, s0

    return Model(
        space=space,
        actors=actors,
        roles=roles,
        actor_party=actor_party,
        parties=parties,
        principal=principal,
        no_deal=no_deal,
        option_valid=option_valid,
        table=table,
        bundles=tuple(b_cond),
        bundle_actor=np.array(b_actor, dtype=np.int64),
        bundle_value=np.array(b_val, dtype=float),
        red_lines=tuple(r_cond),
        red_line_actor=np.array(r_actor, dtype=np.int64),
        rules=tuple(rules),
        rule_names=tuple(rule_names),
        cedes=cedes,
        route_open=route_open,
        route_note=tuple(route_note),
        ratifiers=tuple(ratifiers),
        override_cost=override_cost,
        breach=breach,
        deterrence_issue=det_issue,
        deterrence=det,
        sucker=sucker,
        batna=batna,
        threshold=threshold,
        mu=mu,
        sigma=sigma,
        horizon_months=horizon,
        war=tuple(war_out),
        off=off,
    )


def fit_calibration(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Electorate parameters ``{actor: (mu, sigma)}`` fitted on the scenario as given."""
    m = compile_model(scenario.__class__(**{**scenario.__dict__, "calibration": None}))
    return {
        a: (float(m.mu[i]), float(m.sigma[i]))
        for i, a in enumerate(m.actors)
        if m.roles[i] == "electorate"
    }


def check_off(scenario: Scenario, off: Iterable[str]) -> None:
    """Raise a :class:`ScenarioError` naming unknown obstacle ids."""
    bad = [o for o in off if o not in scenario.spec.obstacles]
    if bad:
        raise ScenarioError(
            [Problem(scenario.file, 0, 0, "--off", f"unknown obstacle {o!r}") for o in bad]
        )


def package_digits(model: Model, package: Mapping[str, str]) -> np.ndarray:
    """Option indices of a package; unnamed issues take their ``no_deal`` option."""
    return model.space.encode(package, model.no_deal)
