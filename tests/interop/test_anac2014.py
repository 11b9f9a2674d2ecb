"""Third-party checks of the exact engine on ANAC (GENIUS) domains, and the GENIUS CLI commands.

- ANAC 2014 ``10issues``, ``30issues``, ``50issues`` (10^10, 10^30 and — the shipped
  ``50issues`` domain declares 40 issues — 10^40 packages; non-linear hyperRectangle
  utilities): ripeness computes the exact Pareto frontier; every point of the shipped
  ``pareto.xml`` is weakly dominated by it, and on ``10issues`` the two are equal.
- ANAC 2010–2013 linear domains: the frontier and the Nash point equal NegMAS's on the same
  utilities. NegMAS measures Nash gains from the reserved value when it is at least the
  utility's minimum over the outcome space, else from that minimum; ripeness from the BATNA
  (the reservation value). For the comparison ripeness is given NegMAS's disagreement point as
  BATNA — it changes no deal, since no package is worth less than the minimum.

The data live in ``../shared/data/genius`` (third-party files, not part of the project); tests
skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import ripeness
from ripeness import load as _scenario
from ripeness.engine import cpsat
from ripeness.interop import read_genius
from ripeness.scenario import parse

GENIUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "genius"
pytestmark = pytest.mark.skipif(not GENIUS.is_dir(), reason=f"no GENIUS data at {GENIUS}")


def model_of(data: dict) -> ripeness.Model:
    return ripeness.compile_model(_scenario(parse(data)))


# --- ANAC 2014 ---------------------------------------------------------------------------------


def anac2014(n: int) -> tuple[dict, np.ndarray]:
    folder = GENIUS / "y2014" / f"{n}issues"
    data = read_genius(
        folder / f"{n}issues-domain.xml", [folder / "profile-1.xml", folder / "profile-2.xml"]
    )
    ref = [
        [float(x) for x in line.split(",")]
        for line in (folder / "pareto.xml").read_text().splitlines()
        if line.strip()
    ]
    return data, np.array(ref)


@pytest.mark.parametrize(
    "n", [10, 30, pytest.param(50, marks=pytest.mark.slow)], ids=lambda n: f"{n}issues"
)
def test_anac2014_exact_frontier(n):
    data, ref = anac2014(n)
    # no <reservation> in the profiles: reservation value 0, and utilities are sums of
    # non-negative hyperRectangle values, so every package is a deal
    assert data["metadata"]["genius"]["reservation_value"] == {"P1.agent": 0.0, "P2.agent": 0.0}
    assert all(b["value"] >= 0 for u in data["utilities"].values() for b in u["bundles"])
    model = model_of(data)
    k = len(data["issues"])  # 10, 30 and (sic: the shipped "50issues" declares) 40 issues
    assert k == min(n, 40) and model.space.size == 10**k
    r = cpsat.scan(model, solutions=False)
    assert r.engine == "exact"
    assert (r.zopa_size, r.zopa_exact) == (10**k, True)
    # ripeness utilities are 100 x utility / maxutility: back to GENIUS's normalisation
    front = (r.frontier_surplus + model.batna[model.principals]) / 100
    assert len(front) == len(r.frontier_index) >= len(ref)
    for p in ref:  # every reference point is weakly dominated
        assert np.any(np.all(front >= p - 1e-6, axis=1)), p
    # the frontier is Pareto-optimal and its packages evaluate to it
    for i, p in enumerate(front):
        others = np.delete(front, i, axis=0)
        assert not np.any(np.all(others >= p, axis=1) & np.any(others > p, axis=1))
    u = ripeness.model.utilities(
        model,
        np.array(
            [
                model.space.encode(model.space.decode_index(int(k)), model.no_deal)
                for k in r.frontier_index
            ]
        ),
    )
    np.testing.assert_allclose(u[model.principals].T / 100, front, atol=1e-12)
    if n == 10:
        np.testing.assert_allclose(
            np.array(sorted(map(tuple, front))), np.array(sorted(map(tuple, ref))), atol=1e-6
        )


# --- ANAC 2010-2013 against NegMAS ------------------------------------------------------------

LINEAR = {
    "EnglandZimbabwe": (
        "y2010/EnglandZimbabwe",
        "EnglandZimbabwe_domain.xml",
        "England.xml",
        "Zimbabwe.xml",
    ),
    "ItexvsCypress": (
        "y2010/ItexvsCypress",
        "ItexvsCypress_domain.xml",
        "ItexvsCypress_Itex.xml",
        "ItexvsCypress_Cypress.xml",
    ),
    "Energy": (
        "y2011/Energy",
        "energy_domain.xml",
        "energy_consumer.xml",
        "energy_distributor.xml",
    ),
    "Grocery": (
        "y2011/Grocery",
        "Grocery_domain.xml",
        "Grocery_domain_mary.xml",
        "Grocery_domain_sam.xml",
    ),
    "Laptop": (
        "y2011/Laptop",
        "laptop_domain.xml",
        "laptop_buyer_utility.xml",
        "laptop_seller_utility.xml",
    ),
    **{
        f"Airport{c}": (
            "y2012/AirportSiteSelection",
            f"AirportSiteSelection-{c}-domain.xml",
            f"AirportSiteSelection-{c}-prof1.xml",
            f"AirportSiteSelection-{c}-prof2.xml",
        )
        for c in "ABC"
    },
    "Lunch": ("y2013/Lunch", "Lunch.xml", "Lunch_util1.xml", "Lunch_util2.xml"),
}


def negmas_ufuns(model: ripeness.Model, batna: np.ndarray):  # type: ignore[no-untyped-def]
    """NegMAS linear-additive utility functions with exactly ripeness's utilities."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [
        make_issue(list(range(len(o))), name=i)
        for i, o in zip(model.space.issues, model.space.options, strict=True)
    ]
    space = make_os(issues)
    ufuns = []
    for j, a in enumerate(model.principals):
        values = {
            i: TableFun(
                {o: float(model.table[a, k, o]) for o in range(len(model.space.options[k]))}
            )
            for k, i in enumerate(model.space.issues)
        }
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values,
                weights=dict.fromkeys(model.space.issues, 1.0),
                outcome_space=space,
                reserved_value=float(batna[j]),
            )
        )
    return ufuns, issues, space


def points(a: np.ndarray) -> list[tuple[float, ...]]:
    return sorted({tuple(np.round(p, 9)) for p in np.asarray(a, dtype=float).reshape(-1, 2)})


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n == "Energy" else n for n in LINEAR],
)
def test_linear_domains_match_negmas(name):
    pytest.importorskip("negmas")
    from negmas.preferences.ops import nash_points, pareto_frontier

    folder, dom, p1, p2 = LINEAR[name]
    f = GENIUS / folder
    data = read_genius(f / dom, [f / p1, f / p2])
    model = model_of(data)
    assert not len(model.bundles)  # linear additive
    pr = model.principals
    ufuns, issues, space = negmas_ufuns(model, model.batna[pr])
    front, _ = pareto_frontier(ufuns, issues=issues)
    r = cpsat.scan(model)
    assert r.engine == "exact"
    if r.frontier_index is None:  # no deal (Lunch: both reservation values 0.8)
        assert r.zopa_size == 0 and len(front) == 0
        return
    ours = r.frontier_surplus + model.batna[pr]
    assert points(ours) == points(front)
    # Nash, with NegMAS's disagreement point: the reserved value, or the minimum utility
    lows = [u.minmax(space)[0] for u in ufuns]
    d = np.maximum(model.batna[pr], lows)
    data["batna"] = {model.actors[a]: float(x) for a, x in zip(pr, d, strict=True)}
    m2 = model_of(data)
    r2 = cpsat.scan(m2, frontier=False)
    nash = np.array(
        ripeness.model.utilities(
            m2, m2.space.encode(m2.space.decode_index(r2.solutions["nash"]), m2.no_deal)[None]
        )[pr, 0]
    )
    theirs = [np.array(p) for p, _ in nash_points(ufuns, front, outcome_space=space)]
    assert theirs and any(np.allclose(nash, t, atol=1e-9) for t in theirs), (nash, theirs)


# --- the CLI ----------------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
    from ripeness.cli import app

    r = runner.invoke(app, [str(a) for a in args])
    assert r.exit_code == code, r.output + str(r.exception)
    return r


def test_import_genius_cli(tmp_path):
    folder, dom, p1, p2 = LINEAR["Laptop"]
    f = GENIUS / folder
    out = tmp_path / "laptop.yaml"
    r = cli("import-genius", f / dom, f / p1, f / p2, "-o", out, "--json")
    assert '"packages": 27' in r.output
    sc = ripeness.load(out)
    assert len(sc.spec.issues) == 3
    a = ripeness.analyze(sc, engine="exact")
    assert a.engine == "exact" and a.verdict == "deal"
    cli("import-genius", f / dom, f / p1, f / p2, "-o", out, code=2)  # exists
    cli("import-genius", f / dom, f / p1, f / p2, "-o", out, "--force")
    bad = tmp_path / "bad.yaml"
    cli("import-genius", f / dom, tmp_path / "missing.xml", "-o", bad, code=2)
    assert not bad.exists() and not list(tmp_path.glob(".bad.yaml*"))


def test_import_genius_anac2014_cli(tmp_path):
    folder = GENIUS / "y2014" / "10issues"
    out = tmp_path / "ten.yaml"
    cli(
        "import-genius",
        folder / "10issues-domain.xml",
        folder / "profile-1.xml",
        folder / "profile-2.xml",
        "-o",
        out,
    )
    r = cli("analyze", out, "--json")
    assert '"engine": "exact"' in r.output and '"verdict": "deal"' in r.output


def test_export_then_import_round_trip(tmp_path):
    out = tmp_path / "toy-genius"
    cli("export-genius", "toy", "-o", out)
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 3 and not [p for p in out.iterdir() if p.name.startswith(".")]
    domain = next(p for p in out.iterdir() if p.name == "toy-border-war.xml")
    profiles = sorted(p for p in out.iterdir() if p != domain)
    back = tmp_path / "back.yaml"
    cli("import-genius", domain, *profiles, "-o", back)
    sc = ripeness.load(back)
    toy = ripeness.compile_model(ripeness.load("toy"))
    m = ripeness.compile_model(sc)
    assert m.space.size == toy.space.size
    # the principals' utilities survive the round trip up to GENIUS's positive scaling
    u0 = ripeness.model.utilities(toy, toy.space.digits(np.arange(toy.space.size)))
    u1 = ripeness.model.utilities(m, m.space.digits(np.arange(m.space.size)))
    for a, b in zip(toy.principals, m.principals, strict=True):
        ratio = u1[b] / np.where(u0[a] == 0, np.nan, u0[a])
        assert np.nanstd(ratio) < 1e-9
