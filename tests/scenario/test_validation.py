"""Bad input: every problem named with file:line:col and field; safe YAML; size limits."""

from __future__ import annotations

from pathlib import Path

import pytest

import ripeness
from ripeness.scenario import ScenarioError, parse_text
from ripeness.scenario.overrides import split_path

TOY = (Path(ripeness.__file__).parent / "scenarios" / "toy.yaml").read_text()


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        sc = parse_text(text, "bad.yaml")
        from ripeness import load as _scenario

        _scenario(sc)
    return [str(p) for p in exc.value.problems]


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def edit(old: str, new: str) -> str:
    assert old in TOY
    return TOY.replace(old, new, 1)


def test_toy_is_valid():
    assert ripeness.load("toy").id == "toy-border-war"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "{north: [frozen, b], south: [a]}, value: -8",
            "{north: [frozen, zz], south: [a]}, value: -8",
            "utilities.A.gov.bundles.0.when.north.1",
            "unknown option 'zz'",
        ),
        (
            "{north: [frozen, b], south: [a]}, value: -8",
            "{nowhere: [a]}, value: -8",
            "utilities.A.gov.bundles.0.when.nowhere",
            "unknown issue 'nowhere'",
        ),
        (
            "weights: {north: 3, south: 3, guarantees: 3, sanctions: 1}",
            "weights: {north: 3, south: 3, guarantees: 3}",
            "utilities.A.gov.weights",
            "weights do not cover the issues: missing sanctions",
        ),
        (
            "breach: {mode: 0.6, low: 0.4, high: 0.8, source: judgement}",
            "breach: {mode: 0.6, low: 0.4, high: 1.3, source: judgement}",
            "commitment.B.breach",
            "probability in [0, 1]",
        ),
        (
            "obstacle: electorate-a}",
            "obstacle: electorate-x}",
            "actors.A.public.obstacle",
            "unknown obstacle 'electorate-x'",
        ),
        (
            "source: poll-dec}",
            "source: poll-jan}",
            "electorates.A.public.calibration.0.source",
            "unknown source 'poll-jan'",
        ),
        (
            "horizon_months: 24",
            "horizon_month: 24",
            "war.horizon_month",
            "unknown field 'horizon_month'",
        ),
        (
            "blocked_when: [martial_law]",
            "blocked_when: [curfew]",
            "constitutions.A.override.blocked_when.0",
            "unknown flag 'curfew'",
        ),
        (
            "north: {cutpoints: [-1.5], slope: 2.0, source: judgement}",
            "north: {cutpoints: [-1.5, 0.5], slope: 2.0, source: judgement}",
            "war.control.north.cutpoints",
            "2 outcomes need 1 cutpoints",
        ),
        (
            "no_deal: frozen            #",
            "no_deal: gone #",
            "issues.north.no_deal",
            "unknown option 'gone'",
        ),
    ],
)
def test_problem_named_with_position(old, new, field, message):
    text = edit(old, new)
    found = problems_of(text)
    hits = [p for p in found if f": {field}: " in p]
    assert hits, found
    if message:
        assert any(message in p for p in hits), hits
    # file:line:col points at the edited line (or the block it belongs to)
    file, line, col = hits[0].split(":")[:3]
    assert file == "bad.yaml" and int(col) >= 1
    assert int(line) > 0


def test_like_cycle_reported():
    text = edit("like: A.gov ", "like: B.hawks ").replace("like: B.gov", "like: A.public")
    found = problems_of(text)
    assert any("`like:` cycle" in p for p in found), found


def test_position_is_the_offending_line():
    text = edit("breach: {mode: 0.6, low: 0.4, high: 0.8, source: judgement}", "breach: 1.5")
    found = problems_of(text)
    assert f"bad.yaml:{line_of(text, 'breach: 1.5')}:" in found[0]


def test_every_problem_reported_at_once():
    text = edit("obstacle: electorate-a}", "obstacle: nope}").replace(
        "source: poll-dec}", "source: nope}"
    )
    assert len(problems_of(text)) >= 3


def test_yaml_syntax_error_has_position():
    found = problems_of("scenario: x\nparties: {A: {}\n")
    assert found[0].startswith("bad.yaml:") and int(found[0].split(":")[1]) >= 2


def test_duplicate_key_rejected():
    found = problems_of(TOY.replace("flags:\n", "flags:\n  martial_law: false\n", 1))
    assert found


def test_no_code_execution_from_yaml(tmp_path):
    evil = "!!python/object/apply:os.system ['touch " + str(tmp_path / "pwned") + "']\n"
    with pytest.raises(ScenarioError):
        parse_text(evil, "evil.yaml")
    assert not (tmp_path / "pwned").exists()


def test_size_limits():
    from ripeness.scenario import yamlio

    with pytest.raises(ScenarioError, match="larger than"):
        parse_text("a: " + "x" * (yamlio.MAX_FILE_BYTES + 1), "big.yaml")
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=False)
    )
    with pytest.raises(ScenarioError, match="YAML nodes"):
        parse_text(bomb, "bomb.yaml")


def test_missing_file_message():
    with pytest.raises(ScenarioError, match="no such file"):
        ripeness.load("/nonexistent/war.yaml")


def test_split_path_handles_dotted_actor_ids(toy):
    assert split_path(toy.data, "electorates.A.public.calibration.0.support") == [
        "electorates",
        "A.public",
        "calibration",
        0,
        "support",
    ]
    assert split_path(toy.data, "war.cost_per_month.B.hawks") == [
        "war",
        "cost_per_month",
        "B.hawks",
    ]
    assert split_path(toy.data, "electorates.A.public.mu") == ["electorates", "A.public", "mu"]


def test_override_keeps_source_and_fixes_value(toy):
    sc = toy.with_overrides({"war.military_balance": 1.5, "commitment.B.breach": 0.2})
    assert sc.data["war"]["military_balance"] == {"value": 1.5, "source": "judgement"}
    assert sc.spec.commitment["B"].breach.point == 0.2
    with pytest.raises(ScenarioError, match="--set"):
        toy.with_overrides({"war.control.north": 3})


def test_json_schema_describes_format():
    schema = ripeness.json_schema()
    assert "parties" in schema["properties"] and "$defs" in schema
    import jsonschema

    jsonschema.validate(ripeness.load("toy").data, schema)


def test_dump_yaml_round_trips_ambiguous_strings(toy):
    from ripeness.scenario.yamlio import dump_yaml, load_yaml

    data = {"ids": ["0", "10000", "yes", "off", "1.5", "x"], "n": 3}
    assert load_yaml(dump_yaml(data))[0] == data
    assert load_yaml(dump_yaml(toy.data))[0] == toy.data


DETERRENCE = "deterrence: {issue: guarantees, values: {none: 0.0, assurances: 0.1, alliance: 0.8}}"


def test_deterrence_evidence_checked():
    good = edit(DETERRENCE, DETERRENCE[:-1] + ", evidence: {alliance: pa_3rd, assurances: pko}}")
    from ripeness import load as _scenario

    sc = _scenario(parse_text(good, "good.yaml"))
    evidence = sc.spec.commitment["B"].deterrence.evidence
    assert evidence == {"alliance": "pa_3rd", "assurances": "pko"}
    bad = edit(DETERRENCE, DETERRENCE[:-1] + ", evidence: {ally: pko, alliance: peacekeepers}}")
    found = problems_of(bad)
    line = line_of(bad, "evidence:")
    assert any(
        p.startswith(f"bad.yaml:{line}:")
        and ": commitment.B.deterrence.evidence.ally: unknown option 'ally'" in p
        for p in found
    ), found
    assert any(
        ": commitment.B.deterrence.evidence.alliance: unknown covariate 'peacekeepers'" in p
        and "pko, pa_3rd" in p
        for p in found
    ), found
