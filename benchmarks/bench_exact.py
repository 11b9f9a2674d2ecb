"""Time to the exact Pareto frontier with the exact (CP-SAT) engine on the ANAC domains.

    python benchmarks/bench_exact.py [--repeat 3] [--no-linear]

For each ANAC 2014 domain (non-linear hyperRectangle utilities, 10^10 to 10^40 packages) the
time of ``ripeness.engine.cpsat.scan(model, solutions=False)`` — utility ranges, ZOPA size,
g*, and the frontier with the lowest-numbered package of every point — wall clock and CPU
(CP-SAT runs one worker per solve; lowest-numbered packages are found in a thread alongside
the sweep), best of ``--repeat`` runs. Enumeration (limit 10^8 packages) and NegMAS's
``pareto_frontier`` (which evaluates every outcome) cannot run on these spaces; the table says
so, with NegMAS's time extrapolated from its measured rate on the largest linear domain.

With the ANAC 2010-2013 linear domains (default), where all three can run, the table gives the
ratios. Data: ``../shared/data/genius`` (third-party files; the script exits when absent).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np

import ripeness
from ripeness import load as _scenario
from ripeness.engine import MAX_ENUMERATION, cpsat
from ripeness.engine import enumerate as enumeration
from ripeness.interop import read_genius
from ripeness.scenario import parse

GENIUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "genius"

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
    "AirportSiteSelection-A": (
        "y2012/AirportSiteSelection",
        "AirportSiteSelection-A-domain.xml",
        "AirportSiteSelection-A-prof1.xml",
        "AirportSiteSelection-A-prof2.xml",
    ),
}


def model_of(folder: str, domain: str, *profiles: str) -> ripeness.Model:
    f = GENIUS / folder
    data = read_genius(f / domain, [f / p for p in profiles])
    return ripeness.compile_model(_scenario(parse(data)))


def timed(fn, repeat: int):  # type: ignore[no-untyped-def]
    """Best wall and CPU seconds of ``repeat`` calls, and the last result."""
    best_wall = best_cpu = math.inf
    out = None
    for _ in range(repeat):
        c, t = time.process_time(), time.perf_counter()
        out = fn()
        best_wall = min(best_wall, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best_wall, best_cpu, out


def negmas_frontier(model: ripeness.Model):  # type: ignore[no-untyped-def]
    """NegMAS's frontier on exactly ripeness's (linear-additive) utilities."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun
    from negmas.preferences.ops import pareto_frontier

    issues = [
        make_issue(list(range(len(o))), name=i)
        for i, o in zip(model.space.issues, model.space.options, strict=True)
    ]
    space = make_os(issues)
    ufuns = [
        LinearAdditiveUtilityFunction(
            {
                i: TableFun(
                    {o: float(model.table[a, k, o]) for o in range(len(model.space.options[k]))}
                )
                for k, i in enumerate(model.space.issues)
            },
            weights=dict.fromkeys(model.space.issues, 1.0),
            outcome_space=space,
            reserved_value=float(model.batna[a]),
        )
        for a in model.principals
    ]
    return pareto_frontier(ufuns, issues=issues)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-linear", action="store_true", help="only the ANAC 2014 domains")
    args = ap.parse_args()
    if not GENIUS.is_dir():
        print(f"no GENIUS data at {GENIUS}; nothing to benchmark")
        return 0
    warnings.filterwarnings("ignore")
    try:
        import negmas  # noqa: F401

        have_negmas = True
    except ImportError:
        have_negmas = False

    rows = []
    negmas_rate = None  # outcomes per second, measured on the linear domains
    if not args.no_linear:
        for name, spec in LINEAR.items():
            m = model_of(*spec)
            w, c, r = timed(lambda m=m: cpsat.scan(m, solutions=False), args.repeat)
            we, _, e = timed(lambda m=m: enumeration.scan(m, solutions=False), args.repeat)
            assert list(map(int, r.frontier_index)) == list(e.frontier_index)
            wn = None
            if have_negmas:
                wn, _, _ = timed(lambda m=m: negmas_frontier(m), 1)
                rate = m.space.size / wn
                negmas_rate = rate if negmas_rate is None else max(negmas_rate, rate)
            rows.append((name, m.space.size, len(r.frontier_index), w, c, we, wn))
    for n in (10, 30, 50):
        folder = GENIUS / "y2014" / f"{n}issues"
        m = model_of(f"y2014/{n}issues", f"{n}issues-domain.xml", "profile-1.xml", "profile-2.xml")
        w, c, r = timed(lambda m=m: cpsat.scan(m, solutions=False), args.repeat)
        ref = np.array(
            [
                [float(x) for x in line.split(",")]
                for line in (folder / "pareto.xml").read_text().splitlines()
                if line.strip()
            ]
        )
        front = (r.frontier_surplus + m.batna[m.principals]) / 100
        dominated = all(np.any(np.all(front >= p - 1e-6, axis=1)) for p in ref)
        assert dominated and m.space.size > MAX_ENUMERATION
        rows.append((f"ANAC2014 {n}issues", m.space.size, len(r.frontier_index), w, c, None, None))

    print(
        f"{'domain':<24}{'packages':>10}{'points':>8}{'exact s':>10}{'(cpu s)':>9}"
        f"{'enumerate s':>13}{'ratio':>8}{'NegMAS s':>11}{'ratio':>8}"
    )
    for name, size, pts, w, c, we, wn in rows:
        enum = f"{'cannot run':>13}{'-':>8}" if we is None else f"{we:>13.3f}{w / we:>8.1f}"
        if wn is not None:
            neg = f"{wn:>11.3f}{w / wn:>8.2f}"
        elif negmas_rate:
            hours = size / negmas_rate / 3600
            est = f"~{hours:.0f} h" if hours < 1e4 else f"~1e{math.log10(hours):.0f} h"
            neg = f"{est:>11}{'-':>8}"
        else:
            neg = "n/a".rjust(11) + "-".rjust(8)
        print(
            f"{name:<24}{f'1e{math.log10(size):.0f}' if size > 10**6 else size:>10}{pts:>8}"
            f"{w:>10.3f}{c:>9.3f}{enum}{neg}"
        )
    print(
        f"\nexact = ripeness exact engine (CP-SAT), best of {args.repeat}; ratio = exact / other. "
        f"Enumeration is limited to {MAX_ENUMERATION:.0e} packages: it cannot run on the ANAC 2014 "
        "spaces. NegMAS evaluates every outcome: on those spaces its time is extrapolated from "
        "its best measured rate on the linear domains (~), not run. The shipped '50issues' domain "
        "declares 40 issues."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
