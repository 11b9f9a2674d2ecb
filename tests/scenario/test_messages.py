"""Every problem of a scenario at once, in plain words, with the nearest known name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ripeness
from ripeness.scenario import ScenarioError, parse_text
from ripeness.scenario.yamlio import dump_yaml, load_yaml

TOY = (Path(ripeness.__file__).parent / "scenarios" / "toy.yaml").read_text()
LINE = re.compile(r"^bad\.yaml:(\d+):(\d+): (\S+): (.+)$")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        parse_text(text, "bad.yaml")
    return [str(p) for p in exc.value.problems]


def edit(*pairs: tuple[str, str]) -> str:
    text = TOY
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BREACH = "breach: {mode: 0.6, low: 0.4, high: 0.8, source: judgement}"
#: Three mistakes: a probability out of range (a shape error, which used to hide the rest), a
#: misspelt obstacle tag, a misspelt option in A.gov's values (copied by A.public's `like:`).
THREE = (
    (BREACH, "breach: {mode: 1.5, low: 0.2, high: 0.6, source: judgement}"),
    ("obstacle: electorate-a}", "obstacle: electorat-a}"),
    ("      south: {a: 100, frozen: 30, b: 0}\n      guarantees: {none: 0, assurances: 20,",
     "      south: {a: 100, frozen: 30, bb: 0}\n      guarantees: {none: 0, assurances: 20,"),
)  # fmt: skip


def test_three_mistakes_three_problems_in_file_order():
    text = edit(*THREE)
    found = problems(text)
    # before: 1 problem (the range error alone); once it was fixed, 5 (the option twice, as
    # `like:` copies it, and once more as "values miss options: b")
    assert found == [
        f"bad.yaml:{line_of(text, 'electorat-a')}:68: actors.A.public.obstacle: unknown obstacle "
        "'electorat-a' (did you mean `electorate-a`?)",
        f"bad.yaml:{line_of(text, 'bb: 0')}:39: utilities.A.gov.values.south.bb: unknown option "
        "'bb' of issue 'south' (did you mean `b`?)",
        f"bad.yaml:{line_of(text, 'mode: 1.5')}:13: commitment.B.breach: breach must be a "
        "probability in [0, 1], got mode 1.5 (low 0.2, high 0.6)",
    ]


def test_no_pydantic_wording():
    text = edit(
        (BREACH, "breach: {mode: 0.9, low: 0.2, high: 0.6, source: judgement}"),
        ("horizon_months: 24", "horizon_months: abc"),
        ("role: veto", "role: vetoo"),
        ("martial_law: true", "martial_law: yes"),
        ("A: {name: Arland}", "A: {nam: Arland}"),
        ("cost_per_month: {A.gov: 0.6,", "cost_per_month: {A.gov: 1e15,"),
    )
    found = problems(text)
    joined = "\n".join(found)
    for pydantic in ("Value error", "Input should", "Field required", "Extra inputs", "[type="):
        assert pydantic not in joined
    want = {
        "commitment.B.breach": "the mode 0.9 is not between low 0.2 and high 0.6",
        "war.horizon_months": "'abc' is not a number",
        "actors.B.hawks.role": "'vetoo' is not one of principal, veto or electorate "
        "(did you mean `veto`?)",
        "flags.martial_law": "expected true or false, got the text 'yes'",
        "parties.A.nam": "unknown field 'nam' (did you mean `name`?)",
        "war.cost_per_month.A.gov": "1e+15 is too large",
    }
    for field, message in want.items():
        assert any(f": {field}: {message}" in p for p in found), (field, found)
    assert len(found) == len(want)


def test_near_miss_of_a_missing_field_is_one_problem():
    text = edit(("horizon_months: 24", "horizon_month: 24"))
    found = problems(text)
    assert found == [
        f"bad.yaml:{line_of(text, 'horizon_month:')}:18: war.horizon_month: unknown field "
        "'horizon_month' (did you mean `horizon_months`?)"
    ]


def test_cross_references_checked_beside_shape_errors():
    # a shape error in one block, a bad reference in another: both reported
    text = edit(
        ("horizon_months: 24", "horizon_months: [24]"),
        ("blocked_when: [martial_law]", "blocked_when: [curfew]"),
    )
    found = problems(text)
    assert any("war.horizon_months: expected a number, got a list" in p for p in found)
    assert any(
        "constitutions.A.override.blocked_when.0: unknown flag 'curfew' (not in `flags:`)" in p
        for p in found
    )


def test_placeholders_raise_no_problems_of_their_own():
    # a refused role, party and option list: no "needs exactly one principal", no unknown
    # option of the refused issue
    text = edit(
        ("A.gov: {party: A, role: principal}", "A.gov: {party: A, role: boss}"),
        ("  guarantees:\n    options:\n      none:",
         "  guarantees:\n    options: 5\n    x:\n      none:"),
    )  # fmt: skip
    found = problems(text)
    assert not any("principal, has" in p for p in found), found
    assert not any("of issue 'guarantees'" in p for p in found), found
    assert any("actors.A.gov.role: 'boss' is not one of" in p for p in found)
    assert any("issues.guarantees.options: expected a mapping" in p for p in found)


def test_a_problem_copied_by_like_is_reported_once_at_its_source():
    text = edit(("guarantees: {none: 0, assurances: 20, alliance: 100}",
                 "guarantees: {none: 0, assurances: 20, alliance: 100, allied: 5}"))  # fmt: skip
    found = problems(text)
    hits = [p for p in found if "'allied'" in p]
    assert len(hits) == 1 and ": utilities.A.gov.values.guarantees.allied: " in hits[0]
    # a problem of A.public's own making is reported at A.public
    own = edit(("    like: A.gov ", "    like: A.gov\n    weights: {north: -1}\n   "))
    assert any(": utilities.A.public.weights.north: weights must be >= 0" in p
               for p in problems(own))  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("-8, obstacle: indivisible}", "-8, obstacle: indivisibel}", "mean `indivisible`?"),
        ("0.35, source: poll-dec}", "0.35, source: poll-dex}", "did you mean `poll-dec`?"),
        ("like: B.gov", "like: B.gv", "did you mean `B.gov`?"),
        ('sovereignty", cedes: B}', 'sovereignty", cedes: BB}', "party 'BB' (did you mean `B`?)"),
    ],
)
def test_unknown_ids_name_the_nearest(old, new, words):
    found = problems(edit((old, new)))
    assert any(words in p for p in found), found


def test_problem_lines_are_editor_matchable():
    text = edit(*THREE)
    for p in problems(text):
        m = LINE.match(p)
        assert m and int(m[1]) >= 1 and int(m[2]) >= 1, p


# --- a property: each of k independent mistakes is reported, at its own field --------------

_DATA, _ = load_yaml(TOY)
_LEAVES = [
    ("war", "horizon_months"),
    ("war", "cost_per_month", "A.gov"),
    ("utilities", "A.gov", "weights", "north"),
    ("utilities", "B.gov", "values", "south", "frozen"),
    ("commitment", "B", "sucker_cost", "A.gov"),
    ("constitutions", "A", "override", "cost"),
    ("war", "control", "north", "slope"),
]
_BAD = st.sampled_from(["abc", True, [1, 2], {"mode": 5, "low": 7, "high": 9}, {"valu": 3}])


def _set(data, path, value):
    node = data
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_LEAVES), _BAD), min_size=1, max_size=5,
                unique_by=lambda t: t[0]))  # fmt: skip
def test_every_mistake_is_reported_at_its_field(mistakes):
    import copy

    data = copy.deepcopy(_DATA)
    for path, value in mistakes:
        _set(data, path, value)
    found = problems(dump_yaml(data))
    fields = [LINE.match(p)[3] for p in found]
    for path, _value in mistakes:
        where = ".".join(path)
        assert any(f == where or f.startswith(where + ".") for f in fields), (where, found)
