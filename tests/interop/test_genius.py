"""GENIUS XML import/export: hand-written files, the ANAC 2010-2014 domains, NegMAS as a peer."""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from ruamel.yaml import YAML

import ripeness.interop.genius as genius_mod
from ripeness.interop import (
    GeniusFormatError,
    dump_yaml,
    list_domain_files,
    read_genius,
    write_genius,
)

GENIUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "genius"
needs_data = pytest.mark.skipif(
    not GENIUS.is_dir(), reason=f"GENIUS test data not found at {GENIUS}"
)

# --- a small numpy evaluator of the scenario format (independent of the module under test) ---


def _num(x):
    if isinstance(x, dict):
        return float(x.get("value", x.get("mode", x.get("mean"))))
    return float(x)


def _resolved(scn, actor):
    u = scn["utilities"][actor]
    base = (
        _resolved(scn, u["like"]) if "like" in u else {"weights": {}, "values": {}, "bundles": []}
    )
    values = {k: dict(v) for k, v in base["values"].items()}
    for k, v in (u.get("values") or {}).items():
        values[k] = dict(v)  # issue by issue (toy.yaml)
    return {
        "weights": {**base["weights"], **(u.get("weights") or {})},
        "values": values,
        "bundles": u["bundles"] if "bundles" in u else base["bundles"],
    }


def ripeness_utility(scn, actor, idx):
    """u = sum_k w_k / sum(w) * v_k(x_k) + sum of bundle values whose `when` holds; idx (n, K)."""
    issues = list(scn["issues"])
    opts = [list(scn["issues"][i]["options"]) for i in issues]
    u = _resolved(scn, actor)
    w = np.array([_num(u["weights"].get(i, 0)) for i in issues])
    total = np.zeros(len(idx))
    for k, iid in enumerate(issues):
        if w[k]:
            vals = np.array([_num(u["values"][iid][o]) for o in opts[k]])
            total += w[k] / w.sum() * vals[idx[:, k]]
    for b in u["bundles"]:
        mask = np.ones(len(idx), dtype=bool)
        for iid, chosen in b["when"].items():
            k = issues.index(iid)
            chosen = [chosen] if isinstance(chosen, str) else chosen
            mask &= np.isin(idx[:, k], [opts[k].index(o) for o in chosen])
        total += _num(b["value"]) * mask
    return total


def all_packages(scn):
    sizes = [len(i["options"]) for i in scn["issues"].values()]
    return np.stack(np.unravel_index(np.arange(math.prod(sizes)), sizes), axis=1)


# --- hand-written GENIUS files -----------------------------------------------------------------

DOMAIN = """<!-- a hand-written test domain: issue indices are not positions -->
<?xml version="1.0" encoding="UTF-8"?>
<negotiation_template>
  <utility_space number_of_issues="0">
    <objective index="0" etype="objective" type="objective" name="Shop">
      <issue index="3" etype="discrete" type="discrete" vtype="discrete" name="Colour Choice">
        <item index="1" value="Red"/>
        <item index="2" value="Green"/>
        <item index="3" value="Blue / Navy"/>
      </issue>
      <issue index="7" etype="integer" type="integer" vtype="integer" name="Size"
             lowerbound="1" upperbound="3"/>
    </objective>
  </utility_space>
</negotiation_template>
"""

BUYER = """<!-- buyer: linear additive, weights before and after the issues -->
<?xml version="1.0"?>
<utility_space>
  <objective index="0" etype="objective" type="objective" name="Shop">
    <weight index="7" value="0.25"/>
    <issue index="3" etype="discrete" type="discrete" name="Colour Choice">
      <item index="1" value="Red" cost="2.0" evaluation="2"/>
      <item index="2" value="Green" cost="0" evaluation="4"/>
      <item index="3" value="Blue / Navy" evaluation="1" description="dark"/>
    </issue>
    <issue index="7" etype="integer" type="integer" name="Size" lowerbound="1" upperbound="3">
      <evaluator ftype="linear" slope="0.5" offset="0"/>
    </issue>
    <weight index="3" value="0.75"/>
  </objective>
  <discount_factor value="0.9"/>
  <reservation value="0.4"/>
</utility_space>
"""

SELLER = """<utility_space type="nonlinear">
  <objective index="0" etype="objective" type="objective" name="Shop">
    <issue index="7" etype="integer" type="integer" name="Size" lowerbound="1" upperbound="3"/>
    <utility maxutility="50">
      <ufun type="PlainUfun" weight="1" aggregation="sum">
        <hyperRectangle utility="20"><INCLUDES index="7" min="2" max="3"/></hyperRectangle>
        <hyperRectangle utility="30"><INCLUDES index="7" min="3" max="5"/></hyperRectangle>
        <hyperRectangle utility="5"><INCLUDES index="7" min="4" max="9"/></hyperRectangle>
      </ufun>
    </utility>
  </objective>
</utility_space>
"""


@pytest.fixture
def shop(tmp_path):
    paths = []
    for name, text in [("shop.xml", DOMAIN), ("buyer.xml", BUYER), ("seller.xml", SELLER)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def test_hand_written_files(shop):
    scn = read_genius(shop[0], shop[1:])
    assert scn["scenario"] == "shop"
    assert list(scn["parties"]) == ["P1", "P2"]
    assert scn["actors"]["P2.agent"] == {"party": "P2", "role": "principal"}
    assert scn["issues"] == {
        "colour_choice": {
            "label": "Colour Choice",
            "options": {
                "red": {"label": "Red"},
                "green": {"label": "Green"},
                "blue_navy": {"label": "Blue / Navy"},
            },
            "no_deal": "red",
        },
        "size": {
            "label": "Size",
            "options": {"1": {"label": "1"}, "2": {"label": "2"}, "3": {"label": "3"}},
            "no_deal": "1",
        },
    }
    assert scn["utilities"]["P1.agent"] == {
        "weights": {"colour_choice": 0.75, "size": 0.25},
        "values": {
            "colour_choice": {"red": 50, "green": 100, "blue_navy": 25},
            "size": {"1": 0, "2": 50, "3": 100},
        },
    }
    assert scn["utilities"]["P2.agent"] == {  # the 4..9 rectangle can never hold: dropped
        "weights": {"colour_choice": 0, "size": 0},
        "values": {},
        "bundles": [
            {"when": {"size": ["2", "3"]}, "value": 40},
            {"when": {"size": ["3"]}, "value": 60},
        ],
    }
    assert scn["batna"] == {"P1.agent": 40, "P2.agent": 0}
    meta = scn["metadata"]["genius"]
    assert meta["discount_factor"] == {"P1.agent": 0.9}
    assert meta["reservation_value"] == {"P1.agent": 0.4, "P2.agent": 0.0}
    assert meta["source_files"] == ["shop.xml", "buyer.xml", "seller.xml"]
    assert "Third-party" in scn["description"] and "0.9" in scn["description"]
    assert set(scn["sources"]) == {"genius-domain", "genius-p1", "genius-p2"}
    # hand-computed utilities: (colour, size) -> (buyer, seller)
    idx = np.array([[0, 2], [1, 0], [2, 1]])
    assert ripeness_utility(scn, "P1.agent", idx) == pytest.approx([62.5, 75.0, 31.25])
    assert ripeness_utility(scn, "P2.agent", idx) == pytest.approx([100.0, 0.0, 40.0])


def test_party_names(shop):
    scn = read_genius(shop[0], shop[1:], party_names=["Buyer", "Seller Co."])
    assert scn["parties"] == {"Buyer": {"name": "Buyer"}, "Seller_Co": {"name": "Seller Co."}}
    assert list(scn["actors"]) == ["Buyer.agent", "Seller_Co.agent"]
    scn = read_genius(shop[0], shop[1:], party_names=["a", "A"])
    assert list(scn["parties"]) == ["a", "A"]
    assert list(scn["sources"]) == ["genius-domain", "genius-a", "genius-a_2"]
    with pytest.raises(ValueError, match="party names"):
        read_genius(shop[0], shop[1:], party_names=["one"])


def test_hand_written_round_trip_and_yaml(shop, tmp_path):
    scn = read_genius(shop[0], shop[1:])
    paths = write_genius(scn, tmp_path / "out")
    assert [p.name for p in paths] == ["shop.xml", "buyer.xml", "seller.xml"]
    again = read_genius(paths[0], paths[1:])
    # with a bundle, every issue is written as an integer issue (colours as codes 0..2); the
    # option ids and labels travel beside the codes, so they come back as they were
    assert list(again["issues"]["colour_choice"]["options"]) == ["red", "green", "blue_navy"]
    labels = [o["label"] for o in again["issues"]["colour_choice"]["options"].values()]
    assert labels == ["Red", "Green", "Blue / Navy"]
    idx = all_packages(scn)
    for actor in scn["actors"]:
        assert ripeness_utility(again, actor, idx) == pytest.approx(
            ripeness_utility(scn, actor, idx), abs=1e-12
        )
    assert again["batna"] == scn["batna"]
    buf = io.StringIO()
    dump_yaml(again, buf)
    text = buf.getvalue()
    assert "'1':" in text and "- '3'" in text  # numeric-looking ids (sizes) are quoted
    assert YAML(typ="safe").load(text) == again
    assert text.index("scenario:") < text.index("issues:") < text.index("utilities:")


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        (
            "bomb.xml",
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n'
            "<utility_space>&lol;</utility_space>",
            "DOCTYPE/ENTITY",
        ),
        ("junk.xml", "0.5, 1.0\n1.0, 0.5\n", "not well-formed"),
        ("unknown.xml", BUYER.replace('name="Colour Choice"', 'name="Colour"'), "'Colour'"),
        ("short.xml", BUYER.replace('<weight index="3" value="0.75"/>', ""), "do not cover"),
        ("badweight.xml", BUYER.replace('<weight index="3"', '<weight index="4"'), "index='4'"),
        ("item.xml", BUYER.replace('value="Green"', 'value="Pink"'), "'Pink'"),
        ("noeval.xml", BUYER.replace('evaluation="4"', ""), "evaluation"),
        ("excl.xml", SELLER.replace("INCLUDES", "EXCLUDES"), "EXCLUDES"),
        (
            "onediscrete.xml",
            SELLER.replace('<INCLUDES index="7" min="2"', '<INCLUDES index="3" min="2"'),
            "INCLUDES index 3",
        ),
        ("nomax.xml", SELLER.replace(' maxutility="50"', ""), "maxutility"),
        ("domain.xml", DOMAIN, "not a GENIUS profile"),
    ],
)
def test_bad_profiles_name_the_file(shop, tmp_path, name, text, match):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(GeniusFormatError, match=match) as info:
        read_genius(shop[0], [shop[1], bad])
    assert name in str(info.value)


def test_encodings(shop, tmp_path):
    bom = tmp_path / "bom.xml"
    bom.write_bytes(b"\xef\xbb\xbf" + BUYER.encode("utf-8"))
    assert read_genius(shop[0], [bom])["batna"] == {"P1.agent": 40}
    wide = tmp_path / "wide.xml"
    wide.write_text(BUYER, encoding="utf-16")
    with pytest.raises(GeniusFormatError, match=r"wide\.xml: UTF-16"):
        read_genius(shop[0], [wide])
    assert genius_mod.read_genius is read_genius  # also reachable from ripeness.interop.genius


def test_size_limit(shop, monkeypatch):
    monkeypatch.setattr(genius_mod, "MAX_XML_BYTES", 100)
    with pytest.raises(GeniusFormatError, match="byte limit"):
        read_genius(shop[0], shop[1:])


def test_list_domain_files(shop, tmp_path):
    (tmp_path / "pareto.xml").write_text("0.1, 1.0\n", encoding="utf-8")
    assert list_domain_files(tmp_path) == (shop[0], [shop[1], shop[2]])
    (tmp_path / "other.xml").write_text(DOMAIN, encoding="utf-8")
    with pytest.raises(GeniusFormatError, match="exactly one"):
        list_domain_files(tmp_path)


# --- export of hand-written scenarios in the toy format -------------------------------------------

TOY = {
    "scenario": "toy",
    "parties": {"A": {"name": "Arland"}, "B": {"name": "Borovia"}},
    "actors": {
        "A.gov": {"party": "A", "role": "principal"},
        "B.gov": {"party": "B", "role": "principal"},
        "B.hawks": {"party": "B", "role": "veto"},
    },
    "issues": {
        "north": {
            "options": {"a": {"label": "Arland"}, "frozen": {}, "b": {"label": "Borovia"}},
            "no_deal": "frozen",
        },
        "sanctions": {"options": {"kept": {}, "lifted": {}}, "no_deal": "kept"},
    },
    "utilities": {
        "A.gov": {
            "weights": {"north": 3, "sanctions": {"mode": 1, "low": 0, "high": 2}},
            "values": {
                "north": {"a": 100, "frozen": 30, "b": 0},
                "sanctions": {"kept": 100, "lifted": 0},
            },
        },
        "B.gov": {
            "like": "A.gov",
            "values": {
                "north": {"a": 0, "frozen": 30, "b": 100},
                "sanctions": {"kept": 0, "lifted": 100},
            },
            "bundles": [
                {
                    "when": {"north": ["a", "b"], "sanctions": "lifted"},
                    "value": {"value": -10},
                    "obstacle": "x",
                }
            ],
        },
        "B.hawks": {"like": "B.gov", "red_lines": [{"sanctions": ["kept"]}]},
    },
    "batna": {"A.gov": {"mode": 40, "low": 30, "high": 50}, "B.gov": 35},
}


def test_write_toy_with_bundles(tmp_path):
    paths = write_genius(TOY, tmp_path)
    assert [p.name for p in paths] == ["toy.xml", "toy-a_gov.xml", "toy-b_gov.xml"]
    back = read_genius(paths[0], paths[1:])
    idx = all_packages(back)  # same option order: positions 0..n-1
    for actor in ("A.gov", "B.gov"):  # the actors come back under their own ids
        assert ripeness_utility(back, actor, idx) == pytest.approx(
            ripeness_utility(TOY, actor, idx), abs=1e-12
        )
    assert back["batna"] == {"A.gov": 40, "B.gov": 35}
    assert 'description="0=a (Arland); 1=frozen (frozen); 2=b (Borovia)"' in paths[0].read_text()


def test_write_linear_rescales_consistently(tmp_path):
    scn = {**TOY, "utilities": {**TOY["utilities"]}, "batna": {"A.gov": 20, "B.gov": 10}}
    scn["utilities"]["A.gov"] = {
        "weights": {"north": 1, "sanctions": 1},
        "values": {
            "north": {"a": 50, "frozen": 20, "b": 0},
            "sanctions": {"kept": 100, "lifted": 0},
        },
    }
    scn["utilities"]["B.gov"] = {"like": "A.gov"}
    paths = write_genius(scn, tmp_path)
    assert "hyperRectangle" not in paths[1].read_text()
    back = read_genius(paths[0], paths[1:])
    assert list(back["issues"]["north"]["options"]) == ["a", "frozen", "b"]  # ids kept
    idx = all_packages(back)
    scale = 75.0  # best package: 0.5 * 50 + 0.5 * 100
    expected = ripeness_utility(scn, "A.gov", idx) * 100 / scale
    assert ripeness_utility(back, "A.gov", idx) == pytest.approx(expected, abs=1e-12)
    assert back["batna"]["A.gov"] == pytest.approx(20 * 100 / scale)
    assert sum(back["utilities"]["A.gov"]["weights"].values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"actors": ["B.hawks"]}, "red_lines"),
        ({"actors": ["nobody"]}, "no utilities"),
        ({"actors": []}, "no actors"),
    ],
)
def test_write_errors(tmp_path, change, match):
    with pytest.raises(GeniusFormatError, match=match):
        write_genius(TOY, tmp_path, **change)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_write_rejects_negative_linear_values(tmp_path):
    scn = {
        **TOY,
        "utilities": {
            "A.gov": TOY["utilities"]["A.gov"],
            "B.gov": {"like": "A.gov", "values": {"sanctions": {"kept": -5, "lifted": 0}}},
        },
    }
    with pytest.raises(GeniusFormatError, match="negative"):
        write_genius(scn, tmp_path)


# --- the ANAC 2010-2014 domains -------------------------------------------------------------------

_PAIRS = {
    "other/S-1NIKFRT-1": ("S-1NIKFRT-1-domain.xml", ["profile-1.xml", "profile-2.xml"]),
    "y2010/EnglandZimbabwe": ("EnglandZimbabwe_domain.xml", ["England.xml", "Zimbabwe.xml"]),
    "y2010/EnglandZimbabwe/10": ("EnglandZimbabwe_domain.xml", ["England10.xml", "Zimbabwe10.xml"]),
    "y2010/ItexvsCypress": (
        "ItexvsCypress_domain.xml",
        ["ItexvsCypress_Itex.xml", "ItexvsCypress_Cypress.xml"],
    ),
    "y2010/ItexvsCypress/u": (
        "ItexvsCypress_domain.xml",
        ["ItexvsCypress_Itex50.xml", "ItexvsCypress_Cypress100.xml"],
    ),
    "y2011/Energy": ("energy_domain.xml", ["energy_consumer.xml", "energy_distributor.xml"]),
    "y2011/Grocery": ("Grocery_domain.xml", ["Grocery_domain_mary.xml", "Grocery_domain_sam.xml"]),
    "y2011/Grocery/u": (
        "Grocery_domain.xml",
        ["Grocery_domain_mary50.xml", "Grocery_domain_sam100.xml"],
    ),
    **{
        f"y2011/Laptop/{s}": (
            "laptop_domain.xml",
            [f"laptop_buyer_utility{s}.xml", f"laptop_seller_utility{s}.xml"],
        )
        for s in ["", "10", "_u10", "_u20"]
    },
    **{
        f"y2012/AirportSiteSelection/{c}": (
            f"AirportSiteSelection-{c}-domain.xml",
            [f"AirportSiteSelection-{c}-prof1.xml", f"AirportSiteSelection-{c}-prof2.xml"],
        )
        for c in "ABC"
    },
    "y2013/Lunch": ("Lunch.xml", ["Lunch_util1.xml", "Lunch_util2.xml"]),
    **{
        f"y2014/{n}issues": (f"{n}issues-domain.xml", ["profile-1.xml", "profile-2.xml"])
        for n in (10, 30, 50)
    },
}


def _case(key):
    folder = GENIUS / "/".join(key.split("/")[:2])
    domain, profiles = _PAIRS[key]
    return folder / domain, [folder / p for p in profiles]


@needs_data
@pytest.mark.parametrize("key", list(_PAIRS))
def test_anac_utilities_match_negmas(key, tmp_path):
    negmas = pytest.importorskip("negmas")
    domain, profiles = _case(key)
    scn = read_genius(domain, profiles)

    def clean(path):  # negmas cannot read an XML comment placed before the declaration
        text = path.read_text(encoding="utf-8")
        start = text.find("<?xml")
        (tmp_path / path.name).write_text(text[start:] if start > 0 else text.lstrip())
        return tmp_path / path.name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = negmas.load_genius_domain(
            clean(domain), [clean(p) for p in profiles], ignore_discount=True, safe_parsing=False
        )
    issues = peer.outcome_space.issues
    assert [i.name for i in issues] == [v["label"] for v in scn["issues"].values()]
    rng = np.random.default_rng(2024)
    idx = np.stack([rng.integers(0, len(list(i.all)), 200) for i in issues], axis=1)
    outcomes = [tuple(list(i.all)[j] for i, j in zip(issues, row, strict=True)) for row in idx]
    for actor, ufun, path in zip(scn["utilities"], peer.ufuns, profiles, strict=True):
        ours = ripeness_utility(scn, actor, idx)
        if scn["utilities"][actor].get("bundles") is not None:
            # negmas 0.16 keeps the rectangles but tests `min < x < max` (GENIUS: min <= x <= max)
            # and ignores maxutility, so the GENIUS sum is taken over negmas's parsed rectangles.
            top = float(re.search(r'maxutility="([^"]+)"', path.read_text()).group(1))
            ref = [
                sum(
                    w * m
                    for w, rng_, m in zip(
                        ufun.weights, ufun.outcome_ranges, ufun.mappings, strict=True
                    )
                    if all(lo <= o[k] <= hi for k, (lo, hi) in rng_.items())
                )
                for o in outcomes
            ]
            ref = 100 * np.array(ref) / top
        else:
            # negmas 0.16 returns sum_k w_k * evaluation; GENIUS divides each issue's evaluations
            # by their maximum; ripeness also normalises the weights.
            w = np.asarray(ufun.weights, dtype=float)
            tops = [
                max(float(f(v)) for v in i.all) for f, i in zip(ufun.values, issues, strict=True)
            ]
            raw = np.array([float(ufun(o)) for o in outcomes])
            assert raw == pytest.approx(
                [
                    sum(wk * float(f(v)) for wk, f, v in zip(w, ufun.values, o, strict=True))
                    for o in outcomes
                ]
            )
            ref = 100 * np.array(
                [
                    sum(
                        wk / w.sum() * float(f(v)) / t
                        for wk, f, v, t in zip(w, ufun.values, o, tops, strict=True)
                    )
                    for o in outcomes
                ]
            )
            if abs(w.sum() - 1) < 1e-9:  # then also equal to GENIUS without renormalising
                assert ours == pytest.approx(
                    100
                    * np.array(
                        [
                            sum(
                                wk * float(f(v)) / t
                                for wk, f, v, t in zip(w, ufun.values, o, tops, strict=True)
                            )
                            for o in outcomes
                        ]
                    ),
                    abs=1e-9,
                )
        assert ours == pytest.approx(ref, abs=1e-9)
        assert scn["batna"][actor] == pytest.approx(100 * max(ufun.reserved_value, 0.0))


def _normalised(scn):
    out = {**scn, "utilities": {}}
    for actor, u in scn["utilities"].items():
        total = sum(u["weights"].values()) or 1.0
        out["utilities"][actor] = {**u, "weights": {k: w / total for k, w in u["weights"].items()}}
    return out


@needs_data
@pytest.mark.parametrize("key", list(_PAIRS))
def test_anac_round_trip(key, tmp_path):
    domain, profiles = _case(key)
    first = read_genius(domain, profiles)
    paths = write_genius(first, tmp_path / "a")
    assert [p.name for p in paths] == [domain.name] + [p.name for p in profiles]
    second = read_genius(paths[0], paths[1:])
    if "weight_sum" in first["metadata"]["genius"]:  # ANAC 2011 Laptop: weights sum to 1.000052
        assert "weight_sum" not in second["metadata"]["genius"]
        a, b = _normalised(first), _normalised(second)
        for actor in a["utilities"]:
            assert b["utilities"][actor]["weights"] == pytest.approx(
                a["utilities"][actor]["weights"], rel=1e-12
            )
            assert b["utilities"][actor]["values"] == a["utilities"][actor]["values"]
        paths = write_genius(second, tmp_path / "b")
        assert read_genius(paths[0], paths[1:]) == second
    else:
        assert second == first


@needs_data
@pytest.mark.parametrize("key", ["y2013/Lunch", "y2014/10issues", "y2012/AirportSiteSelection/A"])
def test_anac_yaml_and_engine(key):
    domain, profiles = _case(key)
    scn = read_genius(domain, profiles)
    buf = io.StringIO()
    dump_yaml(scn, buf)
    assert YAML(typ="safe").load(buf.getvalue()) == scn
    scenario = pytest.importorskip("ripeness.scenario")
    model = pytest.importorskip("ripeness.model")
    compiled = model.compile_model(scenario.parse_text(buf.getvalue(), f"{key}.yaml"))
    rng = np.random.default_rng(7)
    idx = np.stack([rng.integers(0, len(i["options"]), 300) for i in scn["issues"].values()], 1)
    table = model.utilities(compiled, idx)
    for a, actor in enumerate(compiled.actors):
        assert table[a] == pytest.approx(ripeness_utility(scn, actor, idx), abs=1e-9)


@needs_data
def test_anac_quirks():
    # ANAC 2014 profiles start with an XML comment before the <?xml ...?> declaration.
    assert (GENIUS / "y2014/10issues/profile-1.xml").read_text().lstrip().startswith("<!--")
    scn = read_genius(*_case("y2014/10issues"))
    assert list(scn["issues"]["c1-i10"]["options"]) == [str(v) for v in range(10)]
    assert all(w == 0 for w in scn["utilities"]["P1.agent"]["weights"].values())
    assert len(scn["utilities"]["P1.agent"]["bundles"]) == 20
    assert len(read_genius(*_case("y2014/50issues"))["issues"]) == 40  # "50issues" has 40
    folder = GENIUS / "y2011/Laptop"  # the domain's <agent> entries order the profiles
    domain, profiles = list_domain_files(folder)
    assert domain.name == "laptop_domain.xml"
    assert [p.name for p in profiles[:2]] == [
        "laptop_seller_utility.xml",
        "laptop_buyer_utility.xml",
    ]
    assert len(profiles) == 8
    assert list_domain_files(GENIUS / "y2014/10issues")[1][0].name == "profile-1.xml"
    with pytest.raises(GeniusFormatError, match="exactly one"):
        list_domain_files(GENIUS / "y2012/AirportSiteSelection")
