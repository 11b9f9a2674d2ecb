"""Appending, the hash chain, tamper evidence, and refusing files that are not our ledger."""

from __future__ import annotations

import hashlib
import json

import duckdb
import numpy as np
import pytest

import ripeness
from ripeness import ledger
from ripeness.ledger.canonical import canonical_text
from ripeness.ledger.entry import GENESIS, HASH_PREFIX, NAMES


def _fill(path, toy, n=4):
    a = ripeness.analyze(toy)
    return [
        ledger.append(a, toy, command="analyze", arguments={"i": i}, ledger=path) for i in range(n)
    ]


def test_append_records_what_the_issue_asks(path, toy):
    a = ripeness.analyze(toy)
    e = ledger.append(a, scenario=toy, command="analyze", arguments={"off": []}, ledger=path)
    assert e.id == 1 and e.prev_hash == GENESIS
    assert e.scenario == "toy-border-war" and e.command == "analyze"
    assert e.ripeness_version == ripeness.__version__
    assert e.scenario_hash == hashlib.sha256(canonical_text(toy.data).encode()).hexdigest()
    assert e.verdict == a.verdict and e.gap == a.gap and e.engine == a.engine
    assert json.loads(e.nearest_compromise) == a.nearest_compromise
    assert json.loads(e.rejected_by) == a.rejected_by
    assert e.p_deal is None and e.seed is None
    assert json.loads(e.result)["zopa_size"] == a.zopa_size
    assert e.recorded_at.endswith("Z") and e.recorded_at[4] == "-"
    # the stored entry reads back identically, and its scenario text hashes to its hash
    assert ledger.get(1, ledger=path) == e
    text = ledger.scenario_text(e.scenario_hash, ledger=path)
    assert hashlib.sha256(text.encode()).hexdigest() == e.scenario_hash
    # the hash is SHA-256 of the prefix and the canonical text of the other fields
    fields = {n: getattr(e, n) for n in NAMES if n != "entry_hash"}
    expect = hashlib.sha256((HASH_PREFIX + canonical_text(fields)).encode()).hexdigest()
    assert e.entry_hash == expect


def test_a_chain_links_every_entry(path, toy):
    es = _fill(path, toy)
    assert [e.id for e in es] == [1, 2, 3, 4]
    assert all(b.prev_hash == a.entry_hash for a, b in zip(es, es[1:], strict=False))
    v = ledger.verify(path)
    assert v.ok and v.entries == 4 and v.head_id == 4 and v.head_hash == es[-1].entry_hash
    # one scenario content, kept once
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM scenarios").fetchone() == (1,)
    con.close()


def test_seed_and_engine_are_taken_from_the_result(path, toy):
    m = ripeness.montecarlo(toy, 200, seed=11)
    e = ledger.append(m, toy, command="montecarlo", ledger=path)
    assert e.seed == "11" and e.p_deal == m.p_deal
    g = m.gap[np.isfinite(m.gap)]
    assert e.gap == pytest.approx(float(np.median(g)), rel=1e-12)  # the median over the draws
    e2 = ledger.append({"verdict": "deal"}, toy, seed=5, engine="exact", ledger=path)
    assert (e2.seed, e2.engine, e2.verdict) == ("5", "exact", "deal")


def _sql(path, *statements):
    con = duckdb.connect(str(path))
    for s in statements:
        con.execute(s)
    con.close()


def test_an_update_in_place_is_detected_and_named(path, toy):
    _fill(path, toy)
    _sql(path, "UPDATE entries SET verdict = 'deal' WHERE id = 3")
    v = ledger.verify(path)
    assert not v.ok and v.broken_id == 3 and "changed" in v.reason
    assert v.head_id == 2  # the entries before it check out


def test_a_number_changed_in_the_result_is_detected(path, toy):
    _fill(path, toy)
    _sql(path, "UPDATE entries SET result = replace(result, '\"zopa_size\":0', "
               "'\"zopa_size\":1') WHERE id = 2")  # fmt: skip
    assert ledger.verify(path).broken_id == 2


def test_a_forged_hash_breaks_the_next_link(path, toy):
    es = _fill(path, toy)
    forged = ledger.entry.Entry(**{**es[1].__dict__, "verdict": "deal", "entry_hash": ""})
    _sql(path, f"UPDATE entries SET verdict = 'deal', entry_hash = '{forged.computed_hash()}' "
               "WHERE id = 2")  # fmt: skip
    v = ledger.verify(path)
    assert not v.ok and v.broken_id == 3 and "does not follow #2" in v.reason


def test_a_removed_entry_is_detected(path, toy):
    _fill(path, toy)
    _sql(path, "DELETE FROM entries WHERE id = 2")
    v = ledger.verify(path)
    assert not v.ok and v.broken_id == 3 and "#2 is missing" in v.reason


def test_a_changed_scenario_text_is_detected(path, toy):
    es = _fill(path, toy)
    _sql(path, "UPDATE scenarios SET text = replace(text, '\"mode\":0', '\"mode\":1')")
    v = ledger.verify(path)
    assert not v.ok and v.broken_id == 1 and "scenario text" in v.reason
    assert es[0].scenario_hash  # every entry shares the scenario: the first one is named


def test_appending_after_tampering_keeps_the_evidence(path, toy):
    _fill(path, toy, 2)
    _sql(path, "UPDATE entries SET gap = 0 WHERE id = 1")
    e = ledger.append({"verdict": "deal"}, toy, ledger=path)
    assert e.id == 3 and ledger.verify(path).broken_id == 1


def test_an_empty_ledger_verifies(path, toy):
    with ledger.store.connect(path, write=True):
        pass
    v = ledger.verify(path)
    assert v.ok and v.entries == 0 and v.head_hash == GENESIS
    assert ledger.entries(ledger=path) == []


def test_a_ledger_from_a_newer_version_is_refused(path, toy):
    _fill(path, toy, 1)
    _sql(path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for call in (
        lambda: ledger.append({"verdict": "deal"}, toy, ledger=path),
        lambda: ledger.entries(ledger=path),
        lambda: ledger.verify(path),
    ):
        with pytest.raises(ledger.LedgerVersionError, match=r"schema version 99.*upgrade ripeness"):
            call()
    _sql(path, "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert ledger.verify(path).ok  # the refusal left the file untouched


def test_other_files_are_refused(path, tmp_path, toy):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database\n")
    with pytest.raises(ledger.LedgerError, match="cannot open"):
        ledger.append({"verdict": "deal"}, toy, ledger=junk)
    assert junk.read_text() == "not a database\n"
    other = tmp_path / "other.duckdb"
    _sql(other, "CREATE TABLE t (x INT)")
    with pytest.raises(ledger.LedgerError, match="not a ripeness ledger"):
        ledger.append({"verdict": "deal"}, toy, ledger=other)
    with pytest.raises(ledger.LedgerMissing):
        ledger.get(1, ledger=tmp_path / "none.duckdb")


@pytest.mark.parametrize(
    ("statement", "what"),
    [
        ("CREATE VIEW v AS SELECT 1", "view v"),
        ("CREATE SEQUENCE s", "sequence s"),
        ("CREATE TABLE blob (b BLOB)", "table blob"),
        ("ALTER TABLE entries ADD COLUMN pickle BLOB", "columns of entries"),
        ("CREATE MACRO m(x) AS x + 1", "macro m"),
    ],
)
def test_a_ledger_holding_more_than_data_is_refused(path, toy, statement, what):
    _fill(path, toy, 1)
    _sql(path, statement)
    with pytest.raises(ledger.LedgerError, match=what):
        ledger.verify(path)


def test_the_file_holds_only_text_and_numbers(path, toy):
    _fill(path, toy, 2)
    con = duckdb.connect(str(path), read_only=True)
    types = {t for (t,) in con.execute("SELECT DISTINCT data_type FROM duckdb_columns() "
                                       "WHERE NOT internal").fetchall()}  # fmt: skip
    con.close()
    assert types == {"VARCHAR", "BIGINT", "DOUBLE"}


def test_results_without_to_dict_are_refused(path, toy):
    with pytest.raises(TypeError, match="to_dict"):
        ledger.append(object(), toy, ledger=path)
    assert not path.exists()


def test_the_log_is_folded_into_the_file_every_few_entries(path, toy):
    from ripeness.ledger.store import CHECKPOINT_EVERY

    wal = path.with_name(path.name + ".wal")
    for i in range(CHECKPOINT_EVERY - 1):
        ledger.append({"verdict": "deal", "gap": -i}, toy, ledger=path)
    assert wal.exists() and wal.stat().st_size > 0  # closes do not checkpoint
    assert len(ledger.entries(ledger=path)) == CHECKPOINT_EVERY - 1  # readers replay the log
    ledger.append({"verdict": "deal"}, toy, ledger=path)
    assert not wal.exists() or wal.stat().st_size == 0
    assert ledger.verify(path).ok and ledger.verify(path).entries == CHECKPOINT_EVERY
