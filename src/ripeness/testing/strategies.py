"""Hypothesis strategies: random, valid scenarios for property-based tests.

``scenario_data()`` draws a raw scenario mapping in the format of ``examples/toy.yaml`` (two
parties, optional electorate and veto player, bundles, red lines, a rule, constitutions with
and without override routes and route thresholds, commitment with one or several deterrence
entries and a breach window, a war block or direct BATNAs, an electorate fitted to one or two
polls or given its curve, sometimes a ratifier only), small enough for the enumeration engine.
``scenarios()`` parses and calibrates it; poll shares are ordered so that support rises with
the net value of the packages polled (a fit needs that), nothing else is adjusted.

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
        actors["A.pub"] = {
            "party": "A",
            "role": "electorate",
            "threshold": draw(st.sampled_from([0.5, 0.5, 0.3, 0.6])),
        }
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
        kind = draw(st.sampled_from(["given", "two", "one"]))
        if kind == "given":
            elect: dict[str, Any] = {
                "mu": float(draw(st.integers(-30, 30))),
                "sigma": float(draw(st.integers(5, 30))),
            }
        else:

            def package() -> dict[str, str]:
                chosen = draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
                return {i: draw(st.sampled_from(list(issues[i]["options"]))) for i in chosen}

            n_points = 2 if kind == "two" else 1
            points = [
                {"package": package(), "support": draw(st.integers(5, 95)) / 100, "source": "j"}
                for _ in range(n_points)
            ]
            elect = {"calibration": points}
            if kind == "one":
                elect["sigma"] = float(draw(st.integers(5, 30)))
        data["electorates"] = {"A.pub": elect}
    if draw(st.booleans()):
        n_det = draw(st.integers(1, min(2, len(ids))))
        entries = []
        for det in draw(
            st.lists(st.sampled_from(ids), min_size=n_det, max_size=n_det, unique=True)
        ):
            entries.append(
                {
                    "issue": det,
                    "values": {o: draw(st.integers(0, 100)) / 100 for o in issues[det]["options"]},
                }
            )
        c: dict[str, Any] = {
            "breach": draw(st.integers(0, 100)) / 100,
            "deterrence": entries[0] if len(entries) == 1 else entries,
            "sucker_cost": {"A.gov": float(draw(st.integers(0, 20)))},
        }
        if not use_war or draw(st.booleans()):
            c["within_months"] = float(draw(st.sampled_from([6, 12, 24, 48])))
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
                    "threshold": draw(st.sampled_from([0.5, 0.5, 0.4, 0.6])),
                }
                if use_elect and draw(st.integers(0, 3)) == 0:
                    actors["A.pub"]["threshold"] = None  # a referendum ratifier only
            cons[p] = con
    if cons:
        data["constitutions"] = cons
    if draw(st.booleans()):
        rule: dict[str, Any] = {"name": "rule", "forbid": [conj()]}
        t = draw(tag)
        if t:
            rule["obstacle"] = t
        data["rules"] = [rule]
    return consistent_polls(data)


@st.composite
def scenarios(draw: st.DrawFn, **kwargs: Any) -> Any:
    """A random, parsed and calibrated :class:`~ripeness.scenario.Scenario`."""
    from ripeness.api import load
    from ripeness.scenario import parse

    return load(parse(draw(scenario_data(**kwargs)), "<random>"))


def consistent_polls(data: dict[str, Any]) -> dict[str, Any]:
    """Order the electorate's poll shares by the net value of the packages polled (a fit needs
    support to rise with it); ties in net value get a given ``sigma`` and one point."""
    from ripeness.model import compile_structure, net_values, realise
    from ripeness.scenario import parse

    elect = data.get("electorates", {}).get("A.pub")
    if not elect or len(elect.get("calibration", [])) < 2:
        return data
    sc = parse(data, "<random>")
    model = compile_structure(sc, ())
    a = model.actors.index("A.pub")
    nums = realise(model, None, fixed={"A.pub": (0.0, 1.0)})
    net = net_values(model, nums, model.calib_digits)[0, a]
    points = elect["calibration"]
    if abs(float(net[0] - net[1])) < 1e-9 or points[0]["support"] == points[1]["support"]:
        elect["calibration"] = points[:1]
        elect["sigma"] = 10.0
        return data
    shares = sorted(p["support"] for p in points)
    order = sorted(range(len(points)), key=lambda i: float(net[i]))
    for rank, i in enumerate(order):
        points[i]["support"] = shares[rank]
    return data
