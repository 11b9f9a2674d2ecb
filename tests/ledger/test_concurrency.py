"""Two real processes writing at once lose nothing; a writer killed with SIGKILL leaves the
ledger readable, its chain valid, and every entry it had confirmed in place."""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import pytest
from ledger_helpers import child

from ripeness import ledger

WRITER = """
import json, sys
import ripeness
from ripeness import ledger
path, proc, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sc = ripeness.load("toy")
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(n):
    e = ledger.append({"verdict": "no deal", "gap": i / 10}, sc, command="test",
                      arguments={"proc": proc, "i": i}, ledger=path, timeout=120)
    print(e.id, flush=True)
"""


def _race(path, n: int, interleaved: bool) -> None:
    procs = [child(WRITER, str(path), p, str(n), stdin=-1) for p in ("a", "b")]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready", p.stderr
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_o, e) in zip(procs, outs, strict=True):
        assert p.returncode == 0, e
    got = sorted(json.loads(x.arguments)["proc"] + str(json.loads(x.arguments)["i"])
                 for x in ledger.entries(ledger=path))  # fmt: skip
    assert got == sorted(f"{p}{i}" for p in "ab" for i in range(n))  # all present, once each
    es = ledger.entries(ledger=path)
    assert [e.id for e in es] == list(range(1, 2 * n + 1))
    v = ledger.verify(path)
    assert v.ok and v.entries == 2 * n
    if interleaved:  # the ids each process got interleave: the two really wrote at once
        ids_a = [int(x) for x in outs[0][0].split()]
        assert ids_a != list(range(1, n + 1)) and ids_a != list(range(n + 1, 2 * n + 1))


def test_two_writers_without_loss(path):
    _race(path, 15, interleaved=False)


@pytest.mark.slow
def test_two_writers_200_entries_each(path):
    _race(path, 200, interleaved=True)


KILLED = """
import sys
import ripeness
from ripeness import ledger
path = sys.argv[1]
sc = ripeness.load("toy")
i = 0
while True:
    e = ledger.append({"verdict": "deal", "gap": -i}, sc, arguments={"i": i}, ledger=path)
    print(e.id, flush=True)
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_writer_killed_at_random_moments(path):
    for delay in (0.0, 0.013, 0.029, 0.2):
        p = child(KILLED, str(path))
        assert p.stdout is not None
        first = p.stdout.readline()  # the writer is running: one entry confirmed
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        out, _err = p.communicate()
        confirmed = [int(x) for x in (first + out).split()]
        es = ledger.entries(ledger=path)  # readable
        assert ledger.verify(path).ok
        assert [e.id for e in es] == list(range(1, len(es) + 1))
        assert confirmed and set(confirmed) <= {e.id for e in es}  # nothing confirmed is lost
        assert len(es) - max(confirmed) <= 1  # at most the one being committed when killed
    e = ledger.append({"verdict": "deal"}, "toy", ledger=path)
    assert e.id == len(es) + 1 and ledger.verify(path).ok


MID_TRANSACTION = """
import os, signal, sys
import ripeness
from ripeness import ledger
from ripeness.ledger import record
path = sys.argv[1]
sc = ripeness.load("toy")
ledger.append({"verdict": "deal"}, sc, ledger=path)
ledger.append({"verdict": "deal"}, sc, ledger=path)
original = record.write_entry

def write_then_die(con, entry, text):
    original(con, entry, text)  # both rows inserted, not committed
    print("inserted", entry.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

record.write_entry = write_then_die
ledger.append({"verdict": "no deal"}, ripeness.load("russia-ukraine-2024"), ledger=path)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_inside_the_transaction_leaves_no_half_entry(path):
    p = child(MID_TRANSACTION, str(path))
    out, err = p.communicate(timeout=120)
    assert p.returncode == -signal.SIGKILL, err
    assert out.split() == ["inserted", "3"]
    es = ledger.entries(ledger=path)
    assert [e.id for e in es] == [1, 2]
    assert ledger.verify(path).ok
    # the killed entry's scenario (the flagship) left no text behind either
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM scenarios").fetchone() == (1,)
    con.close()
    assert ledger.append({"verdict": "deal"}, "toy", ledger=path).id == 3


def test_a_held_lock_makes_a_writer_wait_then_fail_clearly(path):
    from ripeness.ledger.lock import file_lock, lock_path

    ledger.append({"verdict": "deal"}, "toy", ledger=path)
    with file_lock(lock_path(path), exclusive=True, timeout=1):
        t = time.monotonic()
        with pytest.raises(ledger.LedgerBusy, match="busy"):
            ledger.append({"verdict": "deal"}, "toy", ledger=path, timeout=0.3)
        assert time.monotonic() - t >= 0.3
    assert ledger.append({"verdict": "deal"}, "toy", ledger=path).id == 2


HOLDER = """
import sys, time
from pathlib import Path
from ripeness.ledger.lock import file_lock, lock_path
with file_lock(lock_path(Path(sys.argv[1])), exclusive=True, timeout=5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_writer_waits_for_another_process(path):
    ledger.append({"verdict": "deal"}, "toy", ledger=path)
    p = child(HOLDER, str(path), "0.8")
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    t = time.monotonic()
    e = ledger.append({"verdict": "deal"}, "toy", ledger=path, timeout=30)
    assert time.monotonic() - t > 0.3 and e.id == 2
    p.communicate(timeout=30)
    assert os.path.exists(path) and ledger.verify(path).ok
