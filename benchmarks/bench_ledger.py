"""Recording overhead of the assessment ledger on the flagship scenario.

Run: ``python benchmarks/bench_ledger.py [-n 200] [--scenario NAME]``.

Times, per entry, ``ripeness.ledger.append`` of one ``ripeness.analyze`` result of the scenario
to a fresh ledger in a temporary folder (the analysis itself is computed once, not timed), and
its parts: the canonical text and hash of the scenario; taking the lock, opening and checking the
DuckDB file and closing it; the same with the insert transaction. Then ``verify`` of the whole
ledger. The goal (issue 13): under 50 ms per entry on ``russia-ukraine-2024`` (judged on the
median of all appends).
Not a test: prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import ripeness
from ripeness import ledger
from ripeness.ledger.canonical import canonical_text, sha256_hex
from ripeness.ledger.store import connect

TARGET_MS = 50.0
#: The appends run in this many rounds: on a shared machine the quietest round shows the cost
#: of the ledger itself, the whole median what a user sees.
ROUNDS = 5


def _times(f, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        out.append((time.perf_counter() - t) * 1e3)
    return out


def _row(name: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=20) if len(ms) > 1 else ms * 19
    return f"{name:<44} {statistics.median(ms):>8.2f} {statistics.fmean(ms):>8.2f} {q[18]:>8.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="entries appended")
    ap.add_argument("--scenario", default="russia-ukraine-2024")
    args = ap.parse_args()

    sc = ripeness.load(args.scenario)
    result = ripeness.analyze(sc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        ledger.append(result, sc, command="analyze", ledger=path)  # creates the file (not timed)
        canon = _times(lambda: sha256_hex(canonical_text(sc.data)), args.n)

        def open_close() -> None:
            with connect(path, write=True):
                pass

        opening = _times(open_close, args.n)
        rounds = [
            _times(
                lambda: ledger.append(result, sc, command="analyze", arguments={}, ledger=path),
                max(1, args.n // ROUNDS),
            )
            for _ in range(ROUNDS)
        ]
        full = [x for r in rounds for x in r]
        t = time.perf_counter()
        v = ledger.verify(path)
        verify_ms = (time.perf_counter() - t) * 1e3
        size = path.stat().st_size

    text = canonical_text(sc.data)
    print(f"scenario {args.scenario}: canonical text {len(text):,} characters; "
          f"{args.n} entries appended per row; times in ms")  # fmt: skip
    print(f"{'':<44} {'median':>8} {'mean':>8} {'p95':>8}")
    print(_row("canonical text + SHA-256 of the scenario", canon))
    print(_row("lock + open + check + close (no insert)", opening))
    print(_row("ledger.append (everything, one entry)", full))
    print(
        f"verify of {v.entries} entries: {verify_ms:.0f} ms (chain {'valid' if v.ok else 'BROKEN'})"
    )
    print(f"ledger file: {size / 1e6:.2f} MB for {v.entries} entries")
    per_round = [statistics.median(r) for r in rounds]
    print("append median of each round: " + ", ".join(f"{m:.1f}" for m in per_round))
    med = statistics.median(full)
    verdict = "met" if med < TARGET_MS else "MISSED"
    print(
        f"per-entry recording overhead: {med:.1f} ms median, {min(per_round):.1f} ms in the "
        f"quietest round (target < {TARGET_MS:g} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
