"""Cross-reference checks of a scenario, each naming the field that is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..evidence import evidence_problems
from .catalog import number_problem, poll_problem, spec_numbers
from .claims import claim_problems
from .errors import Path
from .numbers import Uncertain, point
from .probability import PROBABILITIES, probability_field
from .resolve import LikeCycleError, resolve_utility
from .schema import Conjunction, ScenarioSpec
from .suggest import did_you_mean
from .utility_checks import says_nothing, unknown, utility_problems

#: Explicit size limits (docs/input.md).
MAX_ISSUES = 500
MAX_OPTIONS = 1000
MAX_ACTORS = 64
MAX_BUNDLES = 20_000
MAX_OBSTACLES = 24
#: Joint war outcomes the model evaluates exactly (``ripeness.model.war.MAX_JOINT_OUTCOMES``,
#: repeated here because the scenario layer does not import the model).
MAX_JOINT_OUTCOMES = 2_000_000

Found = tuple[Path, str]


def _walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, i))


def _conj(
    spec: ScenarioSpec, conj: Conjunction, path: Path, *, empty_ok: bool = False
) -> Iterator[Found]:
    if not conj and not empty_ok:
        yield path, "empty condition: name at least one issue"
    for issue, options in conj.items():
        if issue not in spec.issues:
            yield (*path, issue), unknown("issue", issue, spec.issues)
            continue
        if not options:
            yield (*path, issue), "empty option list"
        for i, o in enumerate(options):
            if o not in spec.issues[issue].options:
                known = spec.issues[issue].options
                yield (*path, issue, i), unknown("option", o, known, f" of issue {issue!r}")


def _prob(x: Any, path: Path, what: str, *, open_ends: bool = False) -> Iterator[Found]:
    if x is None:
        return
    values = [point(x)]
    if isinstance(x, Uncertain) and x.kind in ("triangular", "uniform"):
        values += [x.low, x.high]  # type: ignore[list-item]
    for v in values:
        bad = not (0.0 < v < 1.0) if open_ends else not (0.0 <= v <= 1.0)
        if bad:
            rng = "(0, 1)" if open_ends else "[0, 1]"
            yield path, f"{what} must be a probability in {rng}, got {v}"
            return


def _package(spec: ScenarioSpec, package: dict[str, str], path: Path) -> Iterator[Found]:
    """A partial package: known issues and options (``{}`` is the no-deal package)."""
    yield from _conj(spec, {k: [v] for k, v in package.items()}, path, empty_ok=True)


def _poll(spec: ScenarioSpec, p: Any, path: Path) -> Iterator[Found]:
    yield from _package(spec, p.package, (*path, "package"))
    yield from _prob(p.support, (*path, "support"), "support", open_ends=True)
    if p.n is not None:
        if p.n < 1:
            yield (*path, "n"), "a sample size must be at least 1"
        if isinstance(p.support, Uncertain) and p.support.uncertain:
            yield (
                (*path, "n"),
                "give the share's uncertainty either as a range or as a sample size `n`, not both",
            )


def problems(spec: ScenarioSpec, data: dict[str, Any]) -> list[Found]:
    """Every cross-reference problem of a shape-valid scenario, as (path, message)."""
    return list(_problems(spec, data)) + list(_input_checks(spec))


def _problems(spec: ScenarioSpec, data: dict[str, Any]) -> Iterator[Found]:
    issues, actors, parties = spec.issues, spec.actors, spec.parties
    if len(issues) > MAX_ISSUES:
        yield ("issues",), f"more than {MAX_ISSUES} issues"
    if len(actors) > MAX_ACTORS:
        yield ("actors",), f"more than {MAX_ACTORS} actors"
    if len(spec.obstacles) > MAX_OBSTACLES:
        yield ("obstacles",), f"more than {MAX_OBSTACLES} obstacles"
    if not issues:
        yield ("issues",), "a scenario needs at least one issue"

    # references anywhere in the tree: sources and obstacle tags
    for path, node in _walk(data):
        if not path or not isinstance(node, str):
            continue
        key = path[-1]
        if key == "source" and node not in spec.sources and path[0] != "sources":
            yield path, unknown("source", node, spec.sources, where=" (not in `sources:`)")
        if key == "obstacle" and node not in spec.obstacles:
            yield path, unknown("obstacle", node, spec.obstacles, where=" (not in `obstacles:`)")

    for pid in parties:
        principals = [a for a, x in actors.items() if x.party == pid and x.role == "principal"]
        if len(principals) != 1:
            yield (
                ("parties", pid),
                f"party {pid!r} needs exactly one principal, has {len(principals)}",
            )
    for aid, a in actors.items():
        if a.party not in parties:
            yield ("actors", aid, "party"), unknown("party", a.party, parties)
        if a.role == "electorate":
            yield from _prob(a.threshold, ("actors", aid, "threshold"), "threshold", open_ends=True)
            if a.ratifier_only and not any(
                c.override is not None and aid in c.override.ratifiers
                for c in spec.constitutions.values()
            ):
                yield (
                    ("actors", aid, "threshold"),
                    "`threshold: null` makes the electorate a ratifier only, but no override "
                    "route names it among its `ratifiers`",
                )
            if aid not in spec.electorates:
                yield (
                    ("actors", aid),
                    "an electorate needs an `electorates:` entry (poll calibration)",
                )
        elif a.threshold is not None:
            yield ("actors", aid, "threshold"), "only electorates take a threshold"
        if aid not in spec.utilities:
            yield ("actors", aid), f"actor {aid!r} has no `utilities:` entry"

    for iid, issue in issues.items():
        if len(issue.options) > MAX_OPTIONS:
            yield ("issues", iid, "options"), f"more than {MAX_OPTIONS} options"
        if not issue.options:
            yield ("issues", iid, "options"), "an issue needs at least one option"
        if issue.no_deal not in issue.options:
            yield ("issues", iid, "no_deal"), unknown("option", issue.no_deal, issue.options)
        for oid, opt in issue.options.items():
            if opt.cedes is not None and opt.cedes not in parties:
                cedes: Path = ("issues", iid, "options", oid, "cedes")
                yield cedes, unknown("party", opt.cedes, parties)
        if issue.war is not None:
            if len(issue.war) < 1 or len(set(issue.war)) != len(issue.war):
                yield ("issues", iid, "war"), "war outcomes must be distinct options"
            for i, o in enumerate(issue.war):
                if o not in issue.options:
                    yield ("issues", iid, "war", i), unknown("option", o, issue.options)

    n_bundles = 0
    for aid, u in spec.utilities.items():
        base = ("utilities", aid)
        if aid not in actors:
            yield base, "utilities for " + unknown("actor", aid, actors)
            continue
        if u.like is not None and u.like not in spec.utilities:
            yield (
                (*base, "like"),
                f"`like:` names {u.like!r}, which has no utilities"
                + did_you_mean(u.like, spec.utilities),
            )
            continue
        try:
            r = resolve_utility(spec, aid)
        except LikeCycleError as exc:
            yield (*base, "like"), str(exc)
            continue
        except KeyError:
            continue
        # a problem copied by `like:` is reported once, at the entry it is copied from
        copied = set()
        if u.like is not None:
            copied = set(utility_problems(spec, resolve_utility(spec, u.like)))
        for sub, msg in utility_problems(spec, r):
            if (sub, msg) not in copied:
                yield (*base, *sub), msg
        n_bundles += len(r.bundles)
        for i, b in enumerate(u.bundles or []):
            yield from _conj(spec, b.when, (*base, "bundles", i, "when"))
        for i, rl in enumerate(u.red_lines or []):
            yield from _conj(spec, rl.when, (*base, "red_lines", i))
    if n_bundles > MAX_BUNDLES:
        yield ("utilities",), f"more than {MAX_BUNDLES} bundles"

    war = spec.war
    if war is not None:
        if point(war.horizon_months) <= 0:
            yield ("war", "horizon_months"), "the horizon must be > 0 months"
        for aid in war.cost_per_month:
            if aid not in actors:
                yield ("war", "cost_per_month", aid), unknown("actor", aid, actors)
        for iid, ctrl in war.control.items():
            path = ("war", "control", iid)
            if iid not in issues:
                yield path, unknown("issue", iid, issues)
                continue
            outcomes = issues[iid].war
            if outcomes is None:
                yield path, f"issue {iid!r} has no `war:` outcome list"
                continue
            if ctrl.intercept is not None and len(outcomes) != 2:
                yield (
                    (*path, "intercept"),
                    (
                        f"`intercept` is for two outcomes; {iid!r} has {len(outcomes)}: "
                        "give `cutpoints`"
                    ),
                )
            if ctrl.cutpoints is not None:
                cps = [point(c) for c in ctrl.cutpoints]
                if len(cps) != len(outcomes) - 1:
                    yield (
                        (*path, "cutpoints"),
                        (
                            f"{len(outcomes)} outcomes need {len(outcomes) - 1} cutpoints, "
                            f"got {len(cps)}"
                        ),
                    )
                if any(b <= a for a, b in zip(cps, cps[1:], strict=False)):
                    yield (*path, "cutpoints"), "cutpoints must increase"
        for iid, issue in issues.items():
            if issue.war is not None and len(issue.war) > 1 and iid not in war.control:
                yield ("issues", iid, "war"), f"no `war.control` entry for {iid!r}"
    for aid in spec.batna:
        if aid not in actors:
            yield ("batna", aid), unknown("actor", aid, actors)

    for pid, c in spec.commitment.items():
        base = ("commitment", pid)
        if pid not in parties:
            yield base, unknown("party", pid, parties)
        yield from _prob(c.breach, (*base, "breach"), "breach")
        listed = isinstance(c.deterrence, list)
        for j, d in enumerate(c.deterrence_entries):
            dpath = (*base, "deterrence", j) if listed else (*base, "deterrence")
            if d.issue not in issues:
                yield (*dpath, "issue"), unknown("issue", d.issue, issues)
                continue
            for o, v in d.values.items():
                if o not in issues[d.issue].options:
                    yield (
                        (*dpath, "values", o),
                        unknown("option", o, issues[d.issue].options, f" of issue {d.issue!r}"),
                    )
                yield from _prob(v, (*dpath, "values", o), "deterrence")
            for sub, msg in evidence_problems(d.evidence, issues[d.issue].options):
                yield (*dpath, "evidence", *sub), msg
        for aid in c.sucker_cost:
            if aid not in actors:
                yield (*base, "sucker_cost", aid), unknown("actor", aid, actors)
            elif actors[aid].party == pid:
                yield (
                    (*base, "sucker_cost", aid),
                    f"{aid!r} belongs to {pid!r}: a sucker cost is borne by another party's actors",
                )
        if c.within_months is None and war is None:
            yield base, "give `within_months`, the breach window (no `war:` horizon to default to)"
        elif c.within_months is not None and point(c.within_months) <= 0:
            yield (*base, "within_months"), "the breach window must be > 0 months"

    for pid, con in spec.constitutions.items():
        base = ("constitutions", pid)
        if pid not in parties:
            yield base, unknown("party", pid, parties)
        for i, iid in enumerate(con.claims):
            if iid not in issues:
                yield (*base, "claims", i), unknown("issue", iid, issues)
        if con.override is not None:
            yield from _prob(
                con.override.threshold,
                (*base, "override", "threshold"),
                "threshold",
                open_ends=True,
            )
            for i, aid in enumerate(con.override.ratifiers):
                if aid not in actors:
                    yield (*base, "override", "ratifiers", i), unknown("actor", aid, actors)
            for i, f in enumerate(con.override.blocked_when):
                if f not in spec.flags:
                    yield (
                        (*base, "override", "blocked_when", i),
                        unknown("flag", f, spec.flags, where=" (not in `flags:`)"),
                    )

    for aid, e in spec.electorates.items():
        base = ("electorates", aid)
        if aid not in actors:
            yield base, unknown("actor", aid, actors)
        elif actors[aid].role != "electorate":
            yield base, f"actor {aid!r} is a {actors[aid].role}, not an electorate"
        for i, p in enumerate(e.calibration):
            yield from _poll(spec, p, (*base, "calibration", i))
        if e.sigma is not None and point(e.sigma) <= 0:
            yield (*base, "sigma"), "sigma must be > 0"
        given = (e.mu is not None) + (e.sigma is not None)
        if len(e.calibration) + given < 2:
            yield base, "needs two poll points, or `mu` and `sigma`, or one point and `sigma`"

    for i, rule in enumerate(spec.rules):
        if not rule.forbid:
            yield ("rules", i, "forbid"), "a rule needs at least one forbidden combination"
        for j, forbid in enumerate(rule.forbid):
            yield from _conj(spec, forbid, ("rules", i, "forbid", j))

    for i, entry in enumerate(spec.timeline):
        for aid, points in entry.polls.items():
            where: Path = ("timeline", i, "polls", aid)
            if aid not in actors or actors[aid].role != "electorate":
                yield where, f"{aid!r} is not an electorate"
                continue
            if not points:
                yield where, "give at least one poll point"
            for j, p in enumerate(points):
                yield from _poll(spec, p, (*where, j))

    for i, rec in enumerate(spec.record):
        base = ("record", i)  # type: ignore[assignment]
        if rec.actor not in actors:
            yield (*base, "actor"), unknown("actor", rec.actor, actors)
        yield from _package(spec, rec.package, (*base, "package"))
        if (rec.observed is None) == (rec.support is None):
            yield (
                base,
                "a record entry is a position (`observed:`) or a poll (`support:`): give one",
            )
        elif rec.support is not None:
            if rec.actor in actors and actors[rec.actor].role != "electorate":
                yield (
                    (*base, "actor"),
                    f"a poll records an electorate; {rec.actor!r} is a {actors[rec.actor].role}",
                )
            yield from _prob(rec.support, (*base, "support"), "support", open_ends=True)
        if rec.n is not None and rec.n < 1:
            yield (*base, "n"), "a sample size must be at least 1"

    yield from claim_problems(
        spec.claims, actors, spec.obstacles, lambda pkg, where: _package(spec, pkg, where)
    )
    for cid, claim in spec.claims.items():
        if claim.lever is not None:
            param = claim.lever.param
            problem = number_problem(data, param, lambda: spec_numbers(spec))
            problem = problem or poll_problem(data, param)
            if problem is not None:
                yield ("claims", cid, "lever", "param"), problem

    out = spec.outcome
    if out is not None:
        if out.package is not None:
            yield from _package(spec, out.package, ("outcome", "package"))
        if out.deal and out.signed is None:
            yield ("outcome", "signed"), "a deal needs the date it was signed (`signed:`)"
        if not out.deal and out.ended is not None:
            yield ("outcome", "ended"), "no deal was signed, so none can have ended"
        if point(out.within_months) <= 0:
            yield ("outcome", "within_months"), "the window must be > 0 months"


# --- checks against hostile or careless input (issue 14) -------------------------------------


def _input_checks(spec: ScenarioSpec) -> Iterator[Found]:
    """Limits the model would hit only later, and utilities that say nothing."""
    if spec.war is not None:
        n = 1
        for issue in spec.issues.values():
            n *= max(1, len(issue.war or ()))
        if n > MAX_JOINT_OUTCOMES:
            yield (
                ("war",),
                f"the territories' war outcomes combine into {n:,} joint war outcomes, more "
                f"than the {MAX_JOINT_OUTCOMES:,} evaluated exactly: give fewer `war:` outcomes",
            )
    for aid, u in spec.utilities.items():
        if aid not in spec.actors or (u.like is not None and u.like not in spec.utilities):
            continue
        try:
            r = resolve_utility(spec, aid)
            copied = u.like is not None and says_nothing(resolve_utility(spec, u.like))
        except (LikeCycleError, KeyError):
            continue
        if says_nothing(r) and not copied:
            yield (
                ("utilities", aid, "weights"),
                "every weight is 0 and there are no bundles: the utility would say nothing",
            )


__all__ = ["PROBABILITIES", "probability_field", "problems"]
