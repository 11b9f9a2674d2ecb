"""Read Monte Carlo and timeline results defensively, from their ``to_dict()`` output.

These analyses are optional (``ripeness.montecarlo`` and ``ripeness.timeline`` when present);
their dictionaries are read by key with fallbacks, and anything unrecognised is left out of the
charts rather than failing the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..analysis.base import json_number


def _quantile_key(k: Any) -> float | None:
    if isinstance(k, str):
        s = k.strip().lower().rstrip("%").lstrip("qp_")
        v = json_number(s)
        if v is not None and ("%" in k or v > 1):
            v /= 100.0
        return v
    return json_number(k)


@dataclass(frozen=True)
class MonteCarloSummary:
    """What the report draws of a Monte Carlo result."""

    p_deal: float | None
    p_deal_se: float | None
    draws: int | None
    seed: Any
    hist_left: np.ndarray | None = None
    hist_width: np.ndarray | None = None
    hist_count: np.ndarray | None = None
    quantiles: list[tuple[float, float]] = field(default_factory=list)
    binding: dict[str, float] = field(default_factory=dict)
    top: list[tuple[dict[str, str], float]] = field(default_factory=list)


def _gap_block(d: Mapping[str, Any]) -> Mapping[str, Any]:
    """``d["gap"]`` when it is a distribution summary (``{quantiles, histogram, ...}``)."""
    g = d.get("gap")
    return g if isinstance(g, Mapping) else {}


def _histogram(d: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    h = d.get("gap_histogram", _gap_block(d).get("histogram"))
    if isinstance(h, Mapping):
        counts = h.get("counts", h.get("count", h.get("frequency")))
        edges = h.get("edges", h.get("bin_edges", h.get("bins")))
        if isinstance(counts, list) and isinstance(edges, list) and counts:
            c = np.array([json_number(v) or 0.0 for v in counts])
            e = np.array([json_number(v) for v in edges], dtype=float)
            if len(e) == len(c) + 1 and np.all(np.isfinite(e)):
                return e[:-1], np.diff(e), c
            if len(e) == len(c) and len(e) > 1 and np.all(np.isfinite(e)):
                w = np.full(len(e), float(np.median(np.diff(e))))
                return e - w / 2, w, c
    if isinstance(h, list) and h and all(isinstance(b, Mapping) for b in h):
        lo = [json_number(b.get("low", b.get("left"))) for b in h]
        hi = [json_number(b.get("high", b.get("right"))) for b in h]
        n = [json_number(b.get("count", b.get("n"))) for b in h]
        if all(v is not None for v in lo + hi + n):
            lo_a, hi_a = np.array(lo, dtype=float), np.array(hi, dtype=float)
            return lo_a, hi_a - lo_a, np.array(n, dtype=float)
    for key in ("gaps", "gap_samples", "gap_draws"):
        s = d.get(key)
        if isinstance(s, list) and s:
            v = np.array([json_number(x) for x in s if json_number(x) is not None], dtype=float)
            v = v[np.isfinite(v)]
            if len(v):
                c, e = np.histogram(v, bins=min(40, max(5, int(math.sqrt(len(v))))))
                return e[:-1], np.diff(e), c.astype(float)
    return None


def _quantiles(q: Any) -> list[tuple[float, float]]:
    pairs: list[tuple[float | None, float | None]] = []
    if isinstance(q, Mapping):
        pairs = [(_quantile_key(k), json_number(v)) for k, v in q.items()]
    elif isinstance(q, list):
        for item in q:
            if isinstance(item, Mapping):
                pairs.append(
                    (
                        _quantile_key(item.get("q", item.get("quantile"))),
                        json_number(item.get("value", item.get("gap"))),
                    )
                )
            elif isinstance(item, list | tuple) and len(item) == 2:
                pairs.append((_quantile_key(item[0]), json_number(item[1])))
    return sorted((a, b) for a, b in pairs if a is not None and b is not None)


def _binding(d: Mapping[str, Any]) -> dict[str, float]:
    table = d.get("obstacles")
    if isinstance(table, Mapping) and all(isinstance(v, Mapping) for v in table.values()):
        rows = {str(k): json_number(v.get("binds")) for k, v in table.items()}
        if any(v is not None for v in rows.values()):
            return {k: v for k, v in rows.items() if v is not None}
    for key in (
        "obstacle_binding",
        "obstacles_binding",
        "binding",
        "obstacle_binds",
        "obstacles_bind",
    ):
        b = d.get(key)
        if isinstance(b, Mapping):
            out = {str(k): json_number(v) for k, v in b.items()}
            return {k: v for k, v in out.items() if v is not None}
    return {}


def _top(rows: Any, k: int = 5) -> list[tuple[dict[str, str], float]]:
    """The packages most often a deal: ``(package, frequency)``."""
    out = []
    for r in rows if isinstance(rows, list) else []:
        if isinstance(r, Mapping) and isinstance(r.get("package"), Mapping):
            f = json_number(r.get("frequency"))
            if f is not None:
                out.append(({str(a): str(b) for a, b in r["package"].items()}, f))
    return out[:k]


def montecarlo_summary(d: Mapping[str, Any] | None) -> MonteCarloSummary | None:
    """Normalise a Monte Carlo ``to_dict()``; None when it has nothing drawable."""
    if not isinstance(d, Mapping):
        return None
    h = _histogram(d)
    n = d.get("n", d.get("draws", d.get("samples")))
    s = MonteCarloSummary(
        p_deal=json_number(d.get("p_deal")),
        p_deal_se=json_number(d.get("p_deal_se")),
        draws=int(n) if isinstance(n, int | float) and not isinstance(n, bool) else None,
        seed=d.get("seed"),
        hist_left=h[0] if h else None,
        hist_width=h[1] if h else None,
        hist_count=h[2] if h else None,
        quantiles=_quantiles(d.get("gap_quantiles", _gap_block(d).get("quantiles"))),
        binding=_binding(d),
        top=_top(d.get("top_packages")),
    )
    if s.p_deal is None and h is None and not s.quantiles and not s.binding:
        return None
    return s


@dataclass(frozen=True)
class TimelinePoint:
    """One date of a timeline."""

    date: str
    label: str
    verdict: str
    gap: float | None
    p_deal: float | None


def _entries(d: Any) -> list[Any]:
    if isinstance(d, list):
        return d
    if isinstance(d, Mapping):
        for key in ("points", "entries", "timeline", "dates", "results", "steps"):
            v = d.get(key)
            if isinstance(v, list) and any(isinstance(e, Mapping) and "date" in e for e in v):
                return v
        for v in d.values():
            if isinstance(v, list) and v and all(isinstance(e, Mapping) and "date" in e for e in v):
                return v
    return []


def timeline_points(d: Any) -> list[TimelinePoint]:
    """Normalise a timeline ``to_dict()`` to dated points (entries without a date skipped)."""
    out = []
    for e in _entries(d):
        if not isinstance(e, Mapping) or "date" not in e:
            continue
        g = json_number(e.get("gap", e.get("g_star")))
        verdict = e.get("verdict")
        if not isinstance(verdict, str):
            deal = e.get("deal")
            verdict = ("deal" if deal else "no deal") if isinstance(deal, bool) else ""
        label = e.get("label")
        out.append(
            TimelinePoint(
                date=str(e["date"]),
                label=str(label) if label is not None else "",
                verdict=verdict,
                gap=g,
                p_deal=json_number(e.get("p_deal")),
            )
        )
    return out
