"""Which uncertain numbers matter: tornado and Sobol indices (DESIGN.md §2, "Uncertainty").

- **Tornado**: every uncertain number alone at its low and high value (:meth:`Uncertain.bounds`:
  the range, or the 5% and 95% quantiles of a normal), all others at their point values;
  effect on ``g*`` and on the verdict, ranked by the swing
  ``max(|g*(low) - g*(point)|, |g*(high) - g*(point)|)``. One vectorised evaluation of
  ``2m + 1`` rows.
- **Sobol**: first-order ``S1`` and total ``ST`` indices (Saltelli's scheme as implemented by
  SALib: ``SALib.sample.sobol`` / ``SALib.analyze.sobol``, no second order) of the deal
  indicator (whose mean is P(deal)) and of ``g*``. The design is drawn in the unit hypercube
  and mapped through each number's inverse CDF, so the indices are for the distributions
  as written. ``N`` base samples give ``N (m + 2)`` evaluations, in chunks on any backend.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..memory import memory_limit
from ..model.numbers import single_threaded_blas
from ..model.params import Parameter, draw, point_row
from ..scenario import Scenario
from .base import Result
from .passes import check_budget, draws_per_pass
from .uncertainty import Design, build_design, summarise

#: Rows per task in a Sobol design.
ROWS = 2000


def _evaluate(
    design: Design, X: np.ndarray, U: np.ndarray | None = None, memory: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``g*`` and ZOPA size per row, electorates refitted per row (as Monte Carlo does), in
    passes of :func:`~ripeness.analysis.passes.draws_per_pass` rows within the memory
    budget ``memory`` (default: the one in force)."""
    cfg = design.configs[0]
    step = draws_per_pass(design)
    gap, zopa = [], []
    with single_threaded_blas(), memory_limit(memory):
        for r in range(0, X.shape[0], step):
            sl = slice(r, r + step)
            fitted = design.fitted(U=U[sl]) if U is not None else design.fitted(X=X[sl])
            s = summarise(cfg, design.numbers(cfg, X[sl], fitted))
            gap.append(s.gap)
            zopa.append(s.zopa)
    return np.concatenate(gap), np.concatenate(zopa)


@dataclass(frozen=True, eq=False)
class TornadoResult(Result):
    """Result of :func:`ripeness.sensitivity` with ``method="tornado"``."""

    scenario: str
    gap: float
    verdict: str
    rows: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "method": "tornado",
            "point": {"gap": self.gap, "verdict": self.verdict},
            "ranking": "swing = max(|g*(low) - g*(point)|, |g*(high) - g*(point)|)",
            "parameters": self.rows,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per uncertain number, largest swing first (pandas), indexed by path."""
        import pandas as pd

        cols = ["param", "point", "low", "high", "gap_low", "gap_high", "effect", "swing",
                "verdict_low", "verdict_high", "changes_verdict"]  # fmt: skip
        return pd.DataFrame(self.rows, columns=cols).set_index("param")

    def _repr_html_(self) -> str:
        from .notebook_more import tornado_html

        return tornado_html(self)


def tornado(
    sc: Scenario, off: Sequence[str] = (), *, memory: int | str | None = None
) -> TornadoResult:
    """One-at-a-time low/high of every uncertain number (see the module docstring);
    ``memory``: the budget (:mod:`ripeness.memory`; the numbers do not depend on it)."""
    with memory_limit(memory):
        return _tornado(sc, off)


def _tornado(sc: Scenario, off: Sequence[str]) -> TornadoResult:
    design = build_design(sc, [tuple(off)])
    check_budget(design, what="The tornado")
    params = [p for p in design.drawn if p.uncertain]
    cols = [j for j, p in enumerate(design.drawn) if p.uncertain]
    m = len(params)
    base = point_row(design.drawn)
    X = np.repeat(base, 2 * m + 1, axis=0)
    for i, (j, p) in enumerate(zip(cols, params, strict=True)):
        X[1 + i, j], X[1 + m + i, j] = p.bounds()
    gap, zopa = _evaluate(design, X)
    g0, deal0 = float(gap[0]), bool(zopa[0] > 0)
    rows: list[dict[str, Any]] = []
    for j, p in enumerate(params):
        lo, hi = p.bounds()
        g_lo, g_hi = float(gap[1 + j]), float(gap[1 + m + j])
        v_lo, v_hi = _verdict(g_lo, zopa[1 + j]), _verdict(g_hi, zopa[1 + m + j])
        fitted = [abs(g - g0) for g in (g_lo, g_hi) if math.isfinite(g)]
        rows.append(
            {
                "param": p.path,
                "point": p.value,
                "low": lo,
                "high": hi,
                "gap_low": g_lo,
                "gap_high": g_hi,
                "effect": g_hi - g_lo,
                # an end whose polls cannot be fitted has no g*: the swing is over the others
                "swing": max(fitted) if fitted else math.nan,
                "verdict_low": v_lo,
                "verdict_high": v_hi,
                "changes_verdict": any(
                    v != ("deal" if deal0 else "no deal") for v in (v_lo, v_hi) if v != UNFITTED
                ),
            }
        )
    # largest swing first, undefined swings last; stable: file order among equal swings
    rows.sort(key=lambda r: -r["swing"] if math.isfinite(r["swing"]) else math.inf)
    return TornadoResult(sc.id, g0, "deal" if deal0 else "no deal", rows)


#: The verdict of a point whose electorate cannot be fitted to its polls (no ``g*``).
UNFITTED = "unfitted"


def _verdict(gap: float, zopa: Any) -> str:
    if not math.isfinite(gap):
        return UNFITTED
    return "deal" if zopa > 0 else "no deal"


@dataclass(frozen=True, eq=False)
class SobolResult(Result):
    """Result of :func:`ripeness.sensitivity` with ``method="sobol"``."""

    scenario: str
    n: int
    evaluations: int
    seed: int | None
    p_deal: float
    indices: dict[str, dict[str, dict[str, float | None]]]  # output -> param -> S1, ST, conf
    notes: list[str]
    unfitted: int = 0  # design points whose polls cannot be fitted

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "method": "sobol",
            "n": self.n,
            "evaluations": self.evaluations,
            "seed": self.seed,
            "p_deal": self.p_deal,
            "unfitted": self.unfitted,
            "indices": self.indices,
            "notes": self.notes,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per output (``deal``, ``gap``) and uncertain number (pandas, indexed by
        both): ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (NaN where undefined)."""
        import pandas as pd

        rows = [
            {"output": out, "param": p, **{k: (np.nan if v is None else v) for k, v in ix.items()}}
            for out, by in self.indices.items()
            for p, ix in by.items()
        ]
        cols = ["output", "param", "S1", "S1_conf", "ST", "ST_conf"]
        return pd.DataFrame(rows, columns=cols).set_index(["output", "param"])

    def _repr_html_(self) -> str:
        from .notebook_more import sobol_html

        return sobol_html(self)


@dataclass(frozen=True, eq=False)
class _Rows:
    design: Design
    U: np.ndarray
    memory: int | None = None


def run_rows(plan: _Rows, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Task ``i`` of a Sobol design: ``g*`` and ZOPA size of rows ``i*ROWS ...``."""
    U = plan.U[i * ROWS : (i + 1) * ROWS]
    return _evaluate(plan.design, draw(plan.design.configs[0].params, U), U, plan.memory)


def _indices(problem: dict, y: np.ndarray, params: Sequence[Parameter], seed: int | None):  # type: ignore[no-untyped-def]
    from SALib.analyze import sobol as sobol_analyze

    names = [p.path for p in params]
    if np.ptp(y) == 0:
        return {n: {"S1": None, "S1_conf": None, "ST": None, "ST_conf": None} for n in names}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)

    def f(x: float) -> float | None:
        return None if not np.isfinite(x) else float(x)

    return {
        n: {
            "S1": f(si["S1"][j]),
            "S1_conf": f(si["S1_conf"][j]),
            "ST": f(si["ST"][j]),
            "ST_conf": f(si["ST_conf"][j]),
        }
        for j, n in enumerate(names)
    }


def sobol(
    sc: Scenario,
    n: int = 512,
    seed: int | None = None,
    off: Sequence[str] = (),
    *,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
    memory: int | str | None = None,
) -> SobolResult:
    """Sobol first-order and total indices of the deal indicator and of ``g*``.

    ``n`` is rounded up to a power of two (the Sobol sequence needs one). ``memory``: the
    budget of every task (:mod:`ripeness.memory`; the numbers do not depend on it). ``seed``
    None draws a fresh eight-digit seed (:func:`ripeness.seeds.fresh_seed`), reported.
    """
    from SALib.sample import sobol as sobol_sample

    from ..parallel import run_tasks
    from ..seeds import fresh_seed

    seed = fresh_seed() if seed is None else seed
    with memory_limit(memory) as budget:
        design = build_design(sc, [tuple(off)])
        check_budget(design, what="Sobol")
    params = list(design.drawn[: design.n_drawn])
    if not params:
        raise ValueError("the scenario has no uncertain numbers")
    n = 1 << max(0, int(np.ceil(np.log2(max(n, 2)))))
    problem = {
        "num_vars": len(params),
        "names": [p.path for p in params],
        "bounds": [[0.0, 1.0]] * len(params),
    }
    U = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    tasks = -(-len(U) // ROWS)
    parts = run_tasks(
        run_rows,
        _Rows(design, U, budget),
        tasks,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    gap = np.concatenate([p[0] for p in parts])
    deal = np.concatenate([p[1] for p in parts]) > 0
    fitted = np.isfinite(gap)  # as Monte Carlo: a point whose polls cannot be fitted is left out
    unfitted = int((~fitted).sum())
    notes = []
    idx = {}
    for name, y in (("deal", deal.astype(float)), ("gap", gap)):
        if unfitted:  # the Saltelli estimators need every point of the design
            idx[name] = _indices(problem, np.zeros(len(y)), params, seed)
        else:
            idx[name] = _indices(problem, y, params, seed)
            if np.ptp(y) == 0:
                notes.append(f"{name} is constant over the design: its indices are undefined")
    if unfitted:
        notes.append(
            f"{unfitted} of {len(U)} design points could not be fitted to their polls (left out "
            "of P(deal), as in Monte Carlo); Sobol indices need every point, so they are "
            "undefined: narrow the polls' uncertainty"
        )
    p_deal = float(deal[fitted].mean()) if fitted.any() else math.nan
    return SobolResult(sc.id, n, len(U), seed, p_deal, idx, notes, unfitted)
