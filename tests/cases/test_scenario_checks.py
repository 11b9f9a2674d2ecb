"""The shared file checks of tests/scenario_checks.py catch what they are meant to catch."""

from __future__ import annotations

from tests.scenario_checks import citations_after_as_of, number_problems, raw, source_table_problems

NAME = "sudan-1994-05"


def test_a_mutated_packaged_file_is_caught_at_each_mutation():
    clean = raw(NAME)
    assert number_problems(clean) == []
    assert source_table_problems(clean["sources"], fact_note=True) == []

    data = raw(NAME)
    data["war"]["control"]["south"]["source"] = "nope"  # a block citing an unknown id
    data["war"]["horizon_months"] = 12  # a bare number
    data["war"]["military_balance"].update(low=0.0, high=0.0)  # an empty range (mode 0.0)
    data["war"]["cost_per_month"]["GOS.gov"]["source"] = "ucdp-pa"  # a range citing a dataset
    problems = number_problems(data)
    assert sorted(p.split(":")[0] for p in problems) == [
        "war.control.south",
        "war.cost_per_month.GOS.gov",
        "war.horizon_months",
        "war.military_balance",
    ], problems
    assert "nope" in next(p for p in problems if p.startswith("war.control.south"))
    # the options relax exactly their own rule
    relaxed = number_problems(data, empty_range_ok=True, range_kinds=("judgement", "dataset"))
    assert sorted(p.split(":")[0] for p in relaxed) == ["war.control.south", "war.horizon_months"]
    # the unmutated copy is untouched: raw() hands out fresh copies
    assert raw(NAME) == clean


def test_a_mutated_source_table_is_caught():
    sources = raw(NAME)["sources"]
    fact = next(s for s, e in sources.items() if e["kind"] != "judgement")
    judgement = next(s for s, e in sources.items() if e["kind"] == "judgement")
    del sources[fact]["note"]
    del sources[judgement]["note"]
    sources["extra"] = {"title": "", "kind": "rumour"}
    problems = source_table_problems(sources, fact_note=True)
    assert sorted(problems) == sorted(
        [
            f"sources.{fact}: no note (its tag)",
            f"sources.{judgement}: no note (a judgement says what it rests on)",
            "sources.extra: no title",
            "sources.extra: unknown kind 'rumour'",
        ]
    )
    # without fact_note a fact source may go without a note; a judgement may not
    assert f"sources.{fact}: no note (its tag)" not in source_table_problems(sources)
    assert f"sources.{judgement}: no note" in " ".join(source_table_problems(sources))


def test_a_citation_after_as_of_is_caught_outside_the_record_only():
    data = raw("colombia-2016-11")  # as_of 2016-11-14
    assert citations_after_as_of(data) == []
    # the record may cite later facts (what is observed after the model's date) ...
    assert any(str(data["sources"][e["source"]].get("date")) > "2016-11-14" for e in data["record"])
    # ... the model's inputs may not: the override route sourced on the Court's December ruling
    data["constitutions"]["CO"]["override"]["source"] = "jurist-2016-12"
    assert citations_after_as_of(data) == [
        "constitutions.CO.override: cites jurist-2016-12 (2016-12-13), after as_of 2016-11-14"
    ]
    # a later fact used for a quantity that existed before as_of, said so in its note
    data["sources"]["jurist-2016-12"]["note"] += " Used under protocol §1."
    assert citations_after_as_of(data) == []
    # a month date is that month's first day: December is after 14 November
    data["sources"]["jurist-2016-12"].update(date="2016-12", note="")
    assert len(citations_after_as_of(data)) == 1
    # the same date as as_of is allowed (a fact of that day)
    data["sources"]["jurist-2016-12"]["date"] = "2016-11-14"
    assert citations_after_as_of(data) == []
    # a fact with no date cannot show it precedes as_of; a judgement needs none
    del data["sources"]["jurist-2016-12"]["date"]
    assert citations_after_as_of(data) == [
        "constitutions.CO.override: cites jurist-2016-12, a law source with no date"
    ]
    data["sources"]["jurist-2016-12"]["kind"] = "judgement"
    assert citations_after_as_of(data) == []
