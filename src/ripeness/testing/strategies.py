"""Hypothesis strategies: random, valid scenarios for property-based tests.

``scenario_data()`` draws a raw scenario mapping in the format of ``examples/toy.yaml`` (two
parties, optional electorate and veto player, bundles, red lines, a rule, constitutions with
and without override routes, commitment with deterrence, a war block or direct BATNAs), small
enough for the enumeration engine. ``scenarios()`` parses and calibrates it.

Example
-------
>>> from hypothesis import given
>>> from ripeness.testing.strategies import scenarios
>>> @given(scenarios())
... def test_something(sc): ...
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

OBSTACLES = ("o1", "o2", "o3")


def _value() -> st.SearchStrategy[float]:
    return st.integers(0, 100).map(float)


@st.composite
def scenario_data(
    draw: st.DrawFn,
    *,
    max_issues: int = 4,
    max_options: int = 3,
    electorate: bool | None = None,
    veto: bool | None = None,
    war: bool | None = None,
) -> dict[str, Any]:
    """A random valid scenario as raw data (plain dicts and lists)."""
    n_issues = draw(st.integers(1, max_issues))
    issues: dict[str, Any] = {}
    for k in range(n_issues):
        n_opt = draw(st.integers(2, max_options))
        opts = [f"o{j}" for j in range(n_opt)]
        territory = draw(st.booleans())
        options: dict[str, Any] = {}
        for o in opts:
            entry: dict[str, Any] = {"label": f"option {o}"}
            if territory and draw(st.integers(0, 3)) == 0:
                entry["cedes"] = draw(st.sampled_from(["A", "B"]))
            options[o] = entry
        issue: dict[str, Any] = {"options": options, "no_deal": draw(st.sampled_from(opts))}
        if territory:
            issue["kind"] = "territory"
            issue["war"] = draw(
                st.lists(st.sampled_from(opts), min_size=2, max_size=n_opt, unique=True)
            )
        issues[f"i{k}"] = issue
    ids = list(issues)
    use_elect = draw(st.booleans()) if electorate is None else electorate
    use_veto = draw(st.booleans()) if veto is None else veto
    tag = st.one_of(st.none(), st.sampled_from(OBSTACLES))

    actors: dict[str, Any] = {
        "A.gov": {"party": "A", "role": "principal"},
        "B.gov": {"party": "B", "role": "principal"},
    }
    if use_elect:
        actors["A.pub"] = {"party": "A", "role": "electorate", "threshold": 0.5}
        t = draw(tag)
        if t:
            actors["A.pub"]["obstacle"] = t
    if use_veto:
        actors["B.veto"] = {"party": "B", "role": "veto"}
        t = draw(tag)
        if t:
            actors["B.veto"]["obstacle"] = t

    def conj() -> dict[str, list[str]]:
        chosen = draw(
            st.lists(st.sampled_from(ids), min_size=1, max_size=min(2, len(ids)), unique=True)
        )
        return {
            i: draw(
                st.lists(
                    st.sampled_from(list(issues[i]["options"])), min_size=1, max_size=2, unique=True
                )
            )
            for i in chosen
        }

    utilities: dict[str, Any] = {}
    for a in actors:
        u: dict[str, Any] = {
            "weights": {i: float(draw(st.integers(0, 5))) for i in ids},
            "values": {i: {o: draw(_value()) for o in issues[i]["options"]} for i in ids},
        }
        if not any(u["weights"].values()):
            u["weights"][ids[0]] = 1.0
        bundles = []
        for _ in range(draw(st.integers(0, 2))):
            b: dict[str, Any] = {"when": conj(), "value": float(draw(st.integers(-20, 20)))}
            t = draw(tag)
            if t:
                b["obstacle"] = t
            bundles.append(b)
        if bundles:
            u["bundles"] = bundles
        if a == "B.veto" and draw(st.booleans()):
            u["red_lines"] = [conj()]
        utilities[a] = u

    data: dict[str, Any] = {
        "scenario": "random",
        "title": "random scenario",
        "sources": {"j": {"title": "judgement", "kind": "judgement"}},
        "flags": {"martial_law": draw(st.booleans())},
        "parties": {"A": {"name": "A"}, "B": {"name": "B"}},
        "obstacles": {o: {"title": f"obstacle {o}"} for o in OBSTACLES},
        "actors": actors,
        "issues": issues,
        "utilities": utilities,
    }
    use_war = draw(st.booleans()) if war is None else war
    war_issues = [i for i in ids if "war" in issues[i]]
    if use_war:
        control = {}
        for i in war_issues:
            m = len(issues[i]["war"])
            cps = sorted(
                draw(st.lists(st.integers(-30, 30), min_size=m - 1, max_size=m - 1, unique=True))
            )
            control[i] = {
                "cutpoints": [c / 10 for c in cps],
                "slope": draw(st.integers(0, 30)) / 10,
            }
        data["war"] = {
            "horizon_months": float(draw(st.integers(1, 36))),
            "military_balance": {
                "mode": draw(st.integers(-10, 10)) / 10,
                "low": -1.0,
                "high": 1.0,
                "source": "j",
            },
            "control": control,
            "cost_per_month": {a: draw(st.integers(0, 10)) / 10 for a in actors},
        }
    else:
        for i in war_issues:
            del issues[i]["war"]
        data["batna"] = {a: float(draw(st.integers(0, 80))) for a in actors}
    if use_elect:
        data["electorates"] = {
            "A.pub": {
                "mu": float(draw(st.integers(20, 80))),
                "sigma": float(draw(st.integers(5, 30))),
            }
        }
    if draw(st.booleans()):
        det = draw(st.sampled_from(ids))
        c: dict[str, Any] = {
            "breach": draw(st.integers(0, 100)) / 100,
            "deterrence": {
                "issue": det,
                "values": {o: draw(st.integers(0, 100)) / 100 for o in issues[det]["options"]},
            },
            "sucker_cost": {"A.gov": float(draw(st.integers(0, 20)))},
        }
        if not use_war:
            c["horizon_months"] = 24.0
        t = draw(tag)
        if t:
            c["obstacle"] = t
        data["commitment"] = {"B": c}
    cons: dict[str, Any] = {}
    for p in ("A", "B"):
        if draw(st.booleans()):
            con: dict[str, Any] = {
                "claims": draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
            }
            t = draw(tag)
            if t:
                con["obstacle"] = t
            if p == "A" and draw(st.booleans()):
                con["override"] = {
                    "ratifiers": ["A.pub"] if use_elect else [],
                    "blocked_when": draw(st.sampled_from([[], ["martial_law"]])),
                    "cost": float(draw(st.integers(0, 10))),
                }
            cons[p] = con
    if cons:
        data["constitutions"] = cons
    if draw(st.booleans()):
        rule: dict[str, Any] = {"name": "rule", "forbid": [conj()]}
        t = draw(tag)
        if t:
            rule["obstacle"] = t
        data["rules"] = [rule]
    return data


@st.composite
def scenarios(draw: st.DrawFn, **kwargs: Any) -> Any:
    """A random, parsed and calibrated :class:`~ripeness.scenario.Scenario`."""
    from ripeness.api import _scenario
    from ripeness.scenario import parse

    return _scenario(parse(draw(scenario_data(**kwargs)), "<random>"))
