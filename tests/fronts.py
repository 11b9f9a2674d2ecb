"""A scenario with many fought-over territories: ``2**T`` joint war outcomes.

Territory ``tNN`` has options ``a`` (A's) and ``b`` (B's), both war outcomes; A values ``a``
at 100, B values ``b`` at 100, with weights ``1 + t % 3`` (A) and ``1 + (t + 1) % 3`` (B).
``P(a) = logistic(intercept_t + 1.5 * balance)`` with ``intercept_t = (t % 5 - 2) / 2``, drawn
in ``[intercept_t - 1, intercept_t + 1]``; the balance is drawn in ``[-1, 1]`` (mode 0). An
electorate ``A.public`` is fitted to two polls (the no-deal package at 0.3, everything to A
at 0.9).
"""

from __future__ import annotations


def intercept(t: int) -> float:
    return (t % 5 - 2) / 2


def fronts_yaml(T: int) -> str:
    """The scenario's YAML text."""
    names = [f"t{t:02d}" for t in range(T)]
    lines = [
        "scenario: many-fronts",
        "title: Many fronts",
        "sources:",
        "  j: {title: judgement, kind: judgement}",
        "parties: {A: {name: A}, B: {name: B}}",
        "actors:",
        "  A.gov: {party: A, role: principal}",
        "  A.public: {party: A, role: electorate, threshold: 0.5}",
        "  B.gov: {party: B, role: principal}",
        "issues:",
    ]
    for t, k in enumerate(names):
        nd = "a" if t % 2 else "b"
        lines.append(f"  {k}: {{kind: territory, options: [a, b], no_deal: {nd}, war: [a, b]}}")
    wa = ", ".join(f"{k}: {1 + t % 3}" for t, k in enumerate(names))
    wb = ", ".join(f"{k}: {1 + (t + 1) % 3}" for t, k in enumerate(names))
    va = ", ".join(f"{k}: {{a: 100, b: 0}}" for k in names)
    vb = ", ".join(f"{k}: {{a: 0, b: 100}}" for k in names)
    lines += [
        "utilities:",
        f"  A.gov: {{weights: {{{wa}}}, values: {{{va}}}}}",
        "  A.public: {like: A.gov}",
        f"  B.gov: {{weights: {{{wb}}}, values: {{{vb}}}}}",
        "war:",
        "  horizon_months: 24",
        "  military_balance: {mode: 0.0, low: -1.0, high: 1.0, source: j}",
        "  control:",
    ]
    for t, k in enumerate(names):
        c = intercept(t)
        lines.append(
            f"    {k}: {{intercept: {{mode: {c}, low: {c - 1}, high: {c + 1}, source: j}}, "
            "slope: 1.5}"
        )
    lines += [
        "  cost_per_month: {A.gov: {mode: 0.6, low: 0.3, high: 0.9, source: j}, "
        "A.public: 0.5, B.gov: 0.5}",
        "electorates:",
        "  A.public:",
        "    calibration:",
        "      - {package: {}, support: 0.3, source: j}",
        "      - {package: {" + ", ".join(f"{k}: a" for k in names) + "}, support: 0.9, source: j}",
    ]
    return "\n".join(lines) + "\n"
