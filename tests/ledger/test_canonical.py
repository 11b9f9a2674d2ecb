"""The canonical text and the scenario hash (ripeness.ledger.canonical)."""

from __future__ import annotations

import hashlib
import math

from hypothesis import given
from hypothesis import strategies as st

import ripeness
from ripeness.ledger.canonical import (
    canonical_text,
    content_hash,
    parse_canonical,
    reference_text,
)


def test_hand_written_canonical_forms():
    # expected texts written by hand from the rules in the module docstring
    assert canonical_text({"b": 1, "a": [True, None, "x"]}) == '{"a":[true,null,"x"],"b":1}'
    assert canonical_text({"x": 1.0, "y": -0.0, "z": 0.35, "w": 1e-05}) == (
        '{"w":1e-05,"x":1,"y":0,"z":0.35}'
    )
    assert canonical_text({"é": "naïve \u2028"}) == '{"é":"naïve \\u2028"}'
    assert canonical_text({"k": 'tab\tquote"\x7f'}) == '{"k":"tab\\tquote\\"\\u007f"}'
    assert canonical_text([math.inf, -math.inf, 2.5]) == "[.inf,-.inf,2.5]"
    # parties, issues and options keep their order; everything else is sorted
    data = {
        "parties": {"UA": {}, "RU": {}},
        "issues": {"z": {"options": {"o2": {}, "o1": {}}, "no_deal": "o1"}, "a": {}},
        "sources": {"s2": {}, "s1": {}},
    }
    assert canonical_text(data) == (
        '{"issues":{"z":{"no_deal":"o1","options":{"o2":{},"o1":{}}},"a":{}},'
        '"parties":{"UA":{},"RU":{}},"sources":{"s1":{},"s2":{}}}'
    )


def test_hash_is_sha256_of_the_text():
    data = {"scenario": "x", "n": 3}
    text = '{"n":3,"scenario":"x"}'
    assert canonical_text(data) == text
    assert content_hash(data) == hashlib.sha256(text.encode()).hexdigest()


TOY_A = """
# a comment
scenario: s
parties: {A: {name: Arland}, B: {name: Borovia}}
sources:
  j: {title: Judgement, kind: judgement}
  p: {title: Poll, kind: poll}
actors:
  A.gov: {party: A, role: principal}
  B.gov: {party: B, role: principal}
issues:
  z:
    options: [o1, o2]
    no_deal: o2
utilities:
  A.gov: {weights: {z: 1}, values: {z: {o1: 80, o2: 20}}}
  B.gov: {weights: {z: 1}, values: {z: {o1: 10, o2: {mode: 90, low: 80, high: 95, source: j}}}}
batna: {A.gov: 30, B.gov: 40.0}
"""

# The same content: blocks and keys in another order, block style, other comments and quoting.
TOY_B = """
batna:
  B.gov: 40        # an int written where the other file has 40.0
  A.gov: 30.0
utilities:
  B.gov:
    values:
      z:
        o2: {source: j, high: 95, low: 80, mode: 90}
        o1: 10
    weights: {z: 1}
  A.gov: {values: {z: {o2: 20, o1: 80}}, weights: {z: 1}}
issues:
  z: {no_deal: "o2", options: [o1, o2]}
actors:
  B.gov: {role: principal, party: B}
  A.gov: {role: principal, party: A}
sources:
  p: {kind: poll, title: Poll}
  j: {kind: judgement, title: "Judgement"}
parties:
  A: {name: Arland}
  B: {name: Borovia}
scenario: 's'
"""


def _hash(text: str) -> str:
    return content_hash(ripeness.parse_text(text).data)


def test_same_content_other_order_style_and_comments_hash_the_same():
    assert _hash(TOY_A) == _hash(TOY_B)


def test_any_change_of_a_number_changes_the_hash():
    base = _hash(TOY_A)
    for old, new in [("low: 80", "low: 81"), ("o1: 80", "o1: 80.5"), ("A.gov: 30", "A.gov: 31"),
                     ("mode: 90", "mode: 90.000001")]:  # fmt: skip
        assert old in TOY_A
        assert _hash(TOY_A.replace(old, new, 1)) != base, (old, new)


def test_order_that_carries_meaning_changes_the_hash():
    swapped = TOY_A.replace(
        "parties: {A: {name: Arland}, B: {name: Borovia}}",
        "parties: {B: {name: Borovia}, A: {name: Arland}}",
    )
    assert _hash(swapped) != _hash(TOY_A)  # the first party is the one war: lists favour
    assert _hash(TOY_A.replace("[o1, o2]", "[o2, o1]")) != _hash(TOY_A)


def test_packaged_scenarios_round_trip():
    for name in ripeness.packaged_scenarios():
        data = ripeness.load(name).data
        text = canonical_text(data)
        assert text == reference_text(data)
        assert canonical_text(parse_canonical(text)) == text


_keys = st.text(min_size=1, max_size=6)
_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
_trees = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=25,
)


@given(_trees)
def test_fast_writer_equals_the_definition_and_round_trips(tree):
    text = canonical_text(tree)
    assert text == reference_text(tree)
    back = parse_canonical(text)
    assert canonical_text(back) == text  # the text reads back to the same content


@given(st.dictionaries(_keys, _leaves, min_size=2, max_size=6), st.randoms())
def test_key_order_never_matters_outside_ordered_blocks(d, rnd):
    items = list(d.items())
    rnd.shuffle(items)
    assert canonical_text({"utilities": dict(items)}) == canonical_text({"utilities": d})
