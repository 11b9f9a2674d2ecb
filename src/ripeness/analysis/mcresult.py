"""The result of a Monte Carlo run: per-draw arrays and the summaries reported from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.semantics import tie_tolerance
from ..model.space import PackageSpace
from .base import Result

#: Quantiles reported for ``g*`` and lever thresholds.
QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)
#: Histogram bins.
BINS = 30

BINDING_DEFINITION = (
    "binds: switching the obstacle off alone lowers g* by more than the tie tolerance "
    "max(1e-9, 1e-9|g*|); opens: no deal with it on, a deal with it alone off"
)


def distribution(x: np.ndarray) -> dict[str, Any]:
    """Mean, sd, quantiles and histogram of the finite values of ``x``."""
    x = np.asarray(x, dtype=float)
    f = x[np.isfinite(x)]
    if not f.size:
        return {"count": 0}
    counts, edges = np.histogram(f, bins=BINS)
    return {
        "count": int(f.size),
        "mean": float(f.mean()),
        "sd": float(f.std(ddof=1)) if f.size > 1 else 0.0,
        "min": float(f.min()),
        "max": float(f.max()),
        "quantiles": {
            f"{q:g}": float(v) for q, v in zip(QUANTILES, np.quantile(f, QUANTILES), strict=True)
        },
        "histogram": {"edges": edges.tolist(), "counts": counts.tolist()},
    }


@dataclass(frozen=True, eq=False)
class MonteCarloResult(Result):
    """Result of :func:`ripeness.montecarlo`.

    Per-draw arrays (length ``n``): ``gap`` (``g*``), ``zopa`` (ZOPA size), ``nearest``
    (package number of the nearest compromise), ``off_gap``/``off_deal`` (``(n, k)``: ``g*``
    and verdict with each obstacle switched off alone), ``lever_threshold`` and
    ``lever_direction`` (0 deal at the draw's value, +1 increase, -1 decrease, 2 none in range).
    ``package_counts[i]``: in how many draws package ``clean_index[i]`` is a deal.
    """

    scenario: str
    title: str
    n: int
    seed: int
    chunk: int
    backend: str
    off: list[str]
    overrides: dict[str, Any]
    parameters: tuple[str, ...]
    space: PackageSpace
    clean_index: np.ndarray
    package_counts: np.ndarray
    gap: np.ndarray
    zopa: np.ndarray
    nearest: np.ndarray
    obstacles: tuple[str, ...]
    titles: dict[str, str]
    off_gap: np.ndarray
    off_deal: np.ndarray
    valid: np.ndarray | None = None
    lever: dict[str, Any] | None = None
    lever_threshold: np.ndarray | None = None
    lever_direction: np.ndarray | None = None

    @property
    def deal(self) -> np.ndarray:
        return self.zopa > 0

    @property
    def ok(self) -> np.ndarray:
        """Draws whose polls could be fitted (all of them unless reported otherwise)."""
        return np.ones(self.n, dtype=bool) if self.valid is None else self.valid

    @property
    def n_valid(self) -> int:
        return int(self.ok.sum())

    @property
    def p_deal(self) -> float:
        """Share of the (fitted) draws in which a deal exists."""
        return float(self.deal[self.ok].mean()) if self.n_valid else float("nan")

    @property
    def p_deal_se(self) -> float:
        """Monte Carlo standard error ``sqrt(p (1 - p) / n)``."""
        p = self.p_deal
        return float(np.sqrt(p * (1.0 - p) / max(self.n_valid, 1)))

    def top_packages(self, k: int = 10) -> list[dict[str, Any]]:
        """The ``k`` packages most often a deal (ties: lowest package number)."""
        c = self.package_counts
        order = np.lexsort((self.clean_index, -c))[:k]
        return [
            {
                "index": int(self.clean_index[i]),
                "package": self.space.decode_index(int(self.clean_index[i])),
                "frequency": float(c[i] / max(self.n_valid, 1)),
            }
            for i in order
            if c[i] > 0
        ]

    def nearest_compromises(self, k: int = 5) -> list[dict[str, Any]]:
        """The most frequent nearest compromises (the most robust deal when one exists)."""
        ids, cnt = np.unique(self.nearest[self.nearest >= 0], return_counts=True)
        order = np.lexsort((ids, -cnt))[:k]
        return [
            {
                "index": int(ids[i]),
                "package": self.space.decode_index(int(ids[i])),
                "frequency": float(cnt[i] / max(self.n_valid, 1)),
            }
            for i in order
        ]

    def obstacle_table(self) -> dict[str, dict[str, Any]]:
        """Per obstacle: how often it binds, how often it alone opens a deal, mean g* drop."""
        tol = tie_tolerance(self.gap)
        ok = self.ok
        out = {}
        for j, o in enumerate(self.obstacles):
            g = self.off_gap[:, j]
            with np.errstate(invalid="ignore"):
                drop = self.gap - g
            fin = np.isfinite(drop)
            out[o] = {
                "title": self.titles.get(o, o),
                "binds": float(np.mean((g < self.gap - tol)[ok])) if ok.any() else None,
                "opens": float(np.mean((~self.deal & self.off_deal[:, j])[ok]))
                if ok.any()
                else None,
                "p_deal_off": float(self.off_deal[ok, j].mean()) if ok.any() else None,
                "mean_gap_reduction": float(drop[fin].mean()) if fin.any() else None,
            }
        return out

    def lever_summary(self) -> dict[str, Any] | None:
        if self.lever is None or self.lever_threshold is None or self.lever_direction is None:
            return None
        d = self.lever_direction
        moved = np.isin(d, (1, -1))
        return {
            **self.lever,
            "share_deal_at_draw_value": float(np.mean(d == 0)),
            "share_increase": float(np.mean(d == 1)),
            "share_decrease": float(np.mean(d == -1)),
            "share_none_in_range": float(np.mean(d == 2)),
            "threshold": distribution(self.lever_threshold[moved]),
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per draw (pandas): ``gap`` (``g*``), ``zopa_size``, ``deal``, ``fitted``
        (the draw's polls could be fitted), ``nearest`` (package number of its nearest
        compromise), ``gap_off:<obstacle>`` (``g*`` with that obstacle switched off alone) and,
        with a lever, ``lever_threshold`` and ``lever_direction``.

        Examples
        --------
        >>> import ripeness
        >>> mc = ripeness.montecarlo("toy", 200, seed=1)
        >>> f = mc.to_frame()
        >>> len(f), f.columns.tolist()[:5], bool(f["deal"].mean() == mc.p_deal)
        (200, ['gap', 'zopa_size', 'deal', 'fitted', 'nearest'], True)
        """
        import pandas as pd

        cols: dict[str, Any] = {
            "gap": self.gap,
            "zopa_size": self.zopa,
            "deal": self.deal,
            "fitted": self.ok,
            "nearest": self.nearest,
        }
        for j, o in enumerate(self.obstacles):
            cols[f"gap_off:{o}"] = self.off_gap[:, j]
        if self.lever_threshold is not None and self.lever_direction is not None:
            cols["lever_threshold"] = self.lever_threshold
            cols["lever_direction"] = self.lever_direction
        return pd.DataFrame(cols, index=pd.RangeIndex(self.n, name="draw"))

    def obstacles_frame(self):  # type: ignore[no-untyped-def]
        """One row per obstacle (pandas): how often it binds, opens a deal alone, P(deal) with
        it off, the mean drop of ``g*`` (:meth:`obstacle_table`)."""
        import pandas as pd

        frame = pd.DataFrame.from_dict(self.obstacle_table(), orient="index")
        frame.index.name = "obstacle"
        return frame

    def packages_frame(self, k: int = 10):  # type: ignore[no-untyped-def]
        """The ``k`` packages most often a deal, one row each (pandas): ``frequency``, then one
        column per issue; indexed by package number."""
        import pandas as pd

        rows = [{"index": r["index"], "frequency": r["frequency"], **r["package"]}
                for r in self.top_packages(k)]  # fmt: skip
        return pd.DataFrame(rows, columns=["index", "frequency", *self.space.issues]).set_index(
            "index"
        )

    def _repr_html_(self) -> str:
        from .notebook_more import montecarlo_html

        return montecarlo_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "n": self.n,
            "seed": self.seed,
            "chunks": -(-self.n // self.chunk),
            "chunk_size": self.chunk,
            "backend": self.backend,
            "off": self.off,
            "overrides": self.overrides,
            "parameters": list(self.parameters),
            "p_deal": self.p_deal,
            "p_deal_se": self.p_deal_se,
            "draws_fitted": self.n_valid,
            "draws_unfitted": self.n - self.n_valid,
            "gap": distribution(self.gap),
            "zopa_size": distribution(self.zopa.astype(float)),
            "top_packages": self.top_packages(),
            "nearest_compromises": self.nearest_compromises(),
            "obstacles": self.obstacle_table(),
            "binding_definition": BINDING_DEFINITION,
            "lever": self.lever_summary(),
        }
