"""Helpers of the report tests: fake optional analyses, hostile text, Chromium launch."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

import ripeness

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class FakeResult:
    """Stands in for a Monte Carlo or timeline result: only ``to_dict()`` is used."""

    def __init__(self, d: dict[str, Any]):
        self.d = d

    def to_dict(self) -> dict[str, Any]:
        return self.d


def fake_montecarlo(scenario: Any, n: int, seed: int = 0, off: Any = (), **kw: Any) -> FakeResult:
    rng = np.random.default_rng(seed)
    g = rng.normal(0.05, 0.08, n)
    counts, edges = np.histogram(g, 20)
    return FakeResult(
        {
            "n": n,
            "seed": seed,
            "p_deal": float((g <= 0).mean()),
            "p_deal_se": 0.01,
            "gap_quantiles": {str(q): float(np.quantile(g, q)) for q in (0.05, 0.95)},
            "gap_histogram": {"edges": edges.tolist(), "counts": counts.tolist()},
            "obstacle_binding": {"hawks-b": 0.8},
        }
    )


def fake_timeline(scenario: Any, off: Any = (), **kw: Any) -> FakeResult:
    return FakeResult(
        {
            "points": [
                {
                    "date": "2023-01-01",
                    "label": "start",
                    "verdict": "no deal",
                    "gap": 0.2,
                    "p_deal": 0.1,
                },
                {
                    "date": "2023-06-01",
                    "label": "<b>offensive</b>",
                    "verdict": "deal",
                    "gap": -0.01,
                },
            ]
        }
    )


def with_timeline(sc: ripeness.Scenario) -> ripeness.Scenario:
    """The scenario with a one-entry ``timeline:`` (so the timeline section is computed)."""
    data = dict(sc.data)
    data["timeline"] = [{"date": "2023-06-01", "set": {"war.military_balance": 0.5}}]
    return ripeness.scenario.parse(data, sc.file)


HOSTILE = "</script><script>alert('x')</script><img src=x onerror=alert(1)>"


def make_hostile() -> ripeness.Scenario:
    """The toy with script and markup in every kind of free text a scenario carries."""
    sc = ripeness.load("toy")
    data = dict(sc.data)
    data["title"] = f"Toy {HOSTILE}"
    data["description"] = f"Line one\n{HOSTILE}\n$x$ :red[y]"
    data["sources"] = dict(data["sources"])
    data["sources"]["judgement"] = {"title": f"Judgement {HOSTILE}", "url": "javascript:alert(1)"}
    data["obstacles"] = dict(data["obstacles"])
    data["obstacles"]["hawks-b"] = {"title": f"Hawks {HOSTILE}", "description": HOSTILE}
    data["parties"] = {"A": {"name": HOSTILE}, "B": {"name": "Borovia"}}
    issues = dict(data["issues"])
    north = dict(issues["north"])
    north["options"] = dict(north["options"])
    north["options"]["frozen"] = {"label": f"Frozen {HOSTILE}"}
    issues["north"] = north
    data["issues"] = issues
    return ripeness.load(ripeness.scenario.parse(data, "hostile.yaml"))


def browser_available() -> bool:
    if not CHROMIUM.exists() or os.environ.get("RIPENESS_NO_BROWSER"):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True
