"""A synthetic space for the exact engine: ``10**K`` packages, hyper-rectangle utilities.

Like the ANAC 2014 domains (GENIUS ``hyperRectangle`` profiles): two principals, every
utility a sum of bundle values, each bundle a box of contiguous option ranges on two to four
issues, drawn from ``numpy.random.default_rng(seed)``; BATNAs 0, so every package is a deal
and the engine computes the whole Pareto frontier.
"""

from __future__ import annotations

import numpy as np


def rectangles_yaml(issues: int, bundles: int, seed: int = 0) -> str:
    """The scenario's YAML text."""
    rng = np.random.default_rng(seed)
    names = [f"i{k:02d}" for k in range(issues)]
    opts = "[" + ", ".join(f"o{j}" for j in range(10)) + "]"
    lines = [
        "scenario: rectangles",
        "parties: {A: {}, B: {}}",
        "actors:",
        "  A.gov: {party: A, role: principal}",
        "  B.gov: {party: B, role: principal}",
        "issues:",
        *(f"  {k}: {{options: {opts}, no_deal: o0}}" for k in names),
        "utilities:",
    ]
    for actor in ("A.gov", "B.gov"):
        lines += [
            f"  {actor}:",
            "    weights: {" + ", ".join(f"{k}: 0" for k in names) + "}",
            "    values: {" + ", ".join(f"{k}: {{o0: 0}}" for k in names) + "}",
            "    bundles:",
        ]
        for _ in range(bundles):
            ks = rng.choice(issues, size=int(rng.integers(2, 5)), replace=False)
            parts = []
            for k in sorted(ks):
                lo = int(rng.integers(0, 8))
                hi = int(rng.integers(lo + 1, 10))
                parts.append(f"{names[k]}: [{', '.join(f'o{j}' for j in range(lo, hi + 1))}]")
            value = round(float(rng.uniform(0.5, 5.0)), 3)
            lines.append(f"      - {{when: {{{', '.join(parts)}}}, value: {value}}}")
    lines.append("batna: {A.gov: 0, B.gov: 0}")
    return "\n".join(lines) + "\n"
