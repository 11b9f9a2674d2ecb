"""The backtest: the model against history, on the packaged case library (DESIGN.md §2).

Each packaged case is a dated snapshot of a war with an ``outcome:`` (was a deal signed within
``within_months`` of ``as_of``, which package, when it broke down). Per snapshot: the verdict
against the outcome, Monte Carlo P(deal), whether the signed package is a deal in the model
(else its ``g``), the record agreement, who the model says blocks, and the durability of the
signed package scored against its actual breakdown or censoring date.

Scores:
- **hit rate** of the verdict, beside the "always no deal" and "always deal" baselines;
- **Brier score** ``mean((p - y)^2)`` of P(deal) against the outcomes ``y``, beside the
  base-rate forecast (the share of snapshots with a deal, the same for every snapshot);
- **record agreement** over all positions of all snapshots;
- **durability**: for each signed deal, the model's constant breach hazard ``h`` gives
  ``S(t) = exp(-h t)``; the log score is the censored log-likelihood (``log h - h t`` for a
  breakdown at ``t`` years, ``-h t`` for a deal still holding at ``t``; the hazard is floored at
  :data:`HAZARD_FLOOR` so that a forecast of "never" scores finitely), and the Brier scores at 2
  and 5 years ``(S(tau) - y_tau)^2`` over deals whose status at ``tau`` is known. The base rate is
  the survival of all UCDP peace agreements (:data:`BASE_SURVIVAL`, piecewise-exponential
  between the tabulated points).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Result

#: Survival of all agreements of the UCDP Peace Agreement Dataset v22.1 (Kaplan–Meier, n = 338,
#: docs/empirical.md "Survival"): the base-rate forecast of durability, at 0, 1, 2, 5, 10 years.
BASE_SURVIVAL = ((0.0, 1.0), (1.0, 0.79), (2.0, 0.74), (5.0, 0.69), (10.0, 0.65))
#: Smallest breach hazard per year used in the log score.
HAZARD_FLOOR = 1e-4
#: Brier horizons (years).
HORIZONS = (2.0, 5.0)


def parse_date(text: str | None) -> dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the first day of the period when partial)."""
    if text is None:
        return None
    parts = str(text).strip().split("-")
    y = int(parts[0])
    m = int(parts[1]) if len(parts) > 1 else 1
    d = int(parts[2]) if len(parts) > 2 else 1
    return dt.date(y, m, d)


def years_between(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 365.25


def base_hazard(t: float) -> float:
    """Hazard per year of the base-rate survival curve on the interval containing ``t``."""
    pts = BASE_SURVIVAL
    for (t0, s0), (t1, s1) in zip(pts, pts[1:], strict=False):
        if t < t1:
            return math.log(s0 / s1) / (t1 - t0)
    (t0, s0), (t1, s1) = pts[-2], pts[-1]
    return math.log(s0 / s1) / (t1 - t0)


def base_survival(t: float) -> float:
    """The base-rate survival ``S(t)`` (piecewise exponential through :data:`BASE_SURVIVAL`)."""
    pts = BASE_SURVIVAL
    for (t0, s0), (t1, _s1) in zip(pts, pts[1:], strict=False):
        if t < t1:
            return s0 * math.exp(-base_hazard(t0) * (t - t0))
    t0, s0 = pts[-1]
    return s0 * math.exp(-base_hazard(t0) * (t - t0))


def log_score(hazard: float, t: float, event: bool) -> float:
    """Censored exponential log-likelihood: ``log h - h t`` (event) or ``-h t`` (censored)."""
    h = max(hazard, HAZARD_FLOOR)
    return (math.log(h) if event else 0.0) - h * t


def base_log_score(t: float, event: bool) -> float:
    """The same log-likelihood under the base-rate curve: ``log h(t) + log S(t)`` (event) or
    ``log S(t)`` (censored)."""
    return (math.log(base_hazard(t)) if event else 0.0) + math.log(base_survival(t))


def status_at(t: float, event: bool, tau: float) -> int | None:
    """1 if the deal held past ``tau`` years, 0 if it broke down by then, None if unknown."""
    if event and t <= tau:
        return 0
    if t >= tau:
        return 1
    return None


@dataclass(frozen=True, eq=False)
class CaseLibrary(Result):
    """Result of :func:`ripeness.cases`: per-snapshot rows and the summary scores."""

    snapshots: list[dict[str, Any]]
    montecarlo: int
    seed: int

    @property
    def summary(self) -> dict[str, Any]:
        rows = self.snapshots
        y = np.array([r["outcome_deal"] for r in rows], dtype=float)
        hits = np.array([r["hit"] for r in rows], dtype=float)
        out: dict[str, Any] = {
            "n_snapshots": len(rows),
            "n_cases": len({r["case"] for r in rows}),
            "hit_rate": float(hits.mean()) if len(rows) else None,
            "baseline_no_deal": float((1 - y).mean()) if len(rows) else None,
            "baseline_deal": float(y.mean()) if len(rows) else None,
        }
        ps = [(r["p_deal"], r["outcome_deal"]) for r in rows if r["p_deal"] is not None]
        if ps:
            p = np.array([a for a, _ in ps], dtype=float)
            yy = np.array([b for _, b in ps], dtype=float)
            out["brier"] = float(np.mean((p - yy) ** 2))
            out["brier_base_rate"] = float(np.mean((yy.mean() - yy) ** 2))
        else:
            out["brier"] = out["brier_base_rate"] = None
        agreed = sum(r["positions_agreed"] for r in rows)
        answered = sum(r["positions_answered"] for r in rows)
        out["position_agreement"] = agreed / answered if answered else None
        out["positions"] = answered
        errs = [e for r in rows for e in r["poll_errors"]]
        out["poll_mae_points"] = float(np.mean(np.abs(errs))) if errs else None
        dur = [r["durability"] for r in rows if r["durability"] is not None]
        out["durability_n"] = len(dur)
        out["durability_log_score"] = float(np.mean([d["log_score"] for d in dur])) if dur else None
        out["durability_log_score_base"] = (
            float(np.mean([d["log_score_base"] for d in dur])) if dur else None
        )
        for tau in HORIZONS:
            k = f"{tau:g}y"
            known = [d for d in dur if d["status"][k] is not None]
            out[f"brier_{k}"] = (
                float(np.mean([(d["survival"][k] - d["status"][k]) ** 2 for d in known]))
                if known
                else None
            )
            out[f"brier_{k}_base"] = (
                float(np.mean([(base_survival(tau) - d["status"][k]) ** 2 for d in known]))
                if known
                else None
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "montecarlo": self.montecarlo,
            "seed": self.seed,
            "snapshots": [
                {k: v for k, v in r.items() if k not in ("poll_errors",)} for r in self.snapshots
            ],
            "summary": self.summary,
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per snapshot (pandas)."""
        import pandas as pd

        cols = (
            "id", "case", "as_of", "outcome_deal", "verdict", "hit", "p_deal", "gap",
            "signed_in_zopa", "signed_gap", "position_agreement", "poll_mae_points",
        )  # fmt: skip
        return pd.DataFrame([{c: r.get(c) for c in cols} for r in self.snapshots]).set_index("id")


def snapshot_row(
    name: str, *, montecarlo: int = 0, seed: int = 0, backend: Any = None
) -> dict[str, Any]:
    """Everything the backtest reports for one packaged (or given) case."""
    from ..api import analyze, assess, durability, load
    from ..checking import check
    from .montecarlo import montecarlo as run_mc

    sc = load(name)
    out = sc.spec.outcome
    if out is None:
        raise ValueError(f"{name}: a case needs an `outcome:` block")
    a = analyze(sc)
    row: dict[str, Any] = {
        "id": name,
        "case": sc.spec.case or sc.id,
        "as_of": sc.spec.as_of,
        "title": sc.title,
        "outcome_deal": bool(out.deal),
        "signed": out.signed,
        "verdict": a.verdict,
        "hit": (a.verdict == "deal") == bool(out.deal),
        "gap": a.gap,
        "zopa_size": a.zopa_size,
        "nearest_compromise": a.nearest_compromise,
        "rejected_by": a.rejected_by,
        "blocked_by": a.blocked_by,
        "p_deal": None,
        "signed_in_zopa": None,
        "signed_gap": None,
    }
    if montecarlo > 0:
        mc = run_mc(sc, montecarlo, seed, obstacles=False, backend=backend)
        row["p_deal"] = mc.p_deal
    if out.package is not None:
        s = assess(sc, out.package)
        row["signed_package"] = s.package
        row["signed_in_zopa"] = s.deal
        row["signed_gap"] = s.gap
        row["signed_rejected_by"] = s.rejected_by
    rc = check(sc)
    row["position_agreement"] = rc.position_agreement
    row["poll_mae_points"] = rc.poll_mae_points
    row["positions_agreed"] = rc.positions_agreed
    row["positions_answered"] = rc.positions_answered
    row["poll_errors"] = [p["error_points"] for p in rc.polls if p["error_points"] is not None]
    row["durability"] = _durability(sc, out, durability)
    return row


def _durability(sc: Any, out: Any, durability: Callable[..., Any]) -> dict[str, Any] | None:
    """The signed deal's predicted survival scored at its breakdown or censoring date."""
    signed = parse_date(out.signed)
    if not out.deal or signed is None or out.package is None:
        return None
    end = parse_date(out.ended) if out.ended else parse_date(out.observed_until)
    if end is None:
        return None
    t = max(years_between(signed, end), 1e-6)
    event = out.ended is not None
    d = durability(sc, out.package)
    h = float(d.hazard)
    surv = {f"{tau:g}y": math.exp(-h * tau) for tau in HORIZONS}
    return {
        "years": t,
        "event": event,
        "hazard_per_year": h,
        "survival_at_t": math.exp(-h * t),
        "base_survival_at_t": base_survival(t),
        "log_score": log_score(h, t, event),
        "log_score_base": base_log_score(t, event),
        "survival": surv,
        "status": {f"{tau:g}y": status_at(t, event, tau) for tau in HORIZONS},
    }


def case_library(
    names: Sequence[str] | None = None,
    *,
    montecarlo: int = 1000,
    seed: int = 0,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> CaseLibrary:
    """Run every packaged case (or ``names``) and score the model against history.

    Parameters
    ----------
    montecarlo : int
        Draws per snapshot for P(deal) (0: skip, and no Brier score).
    seed : int
        The same seed for every snapshot (common random numbers across cases).
    """
    from ..parallel import executor
    from ..scenario import packaged_cases

    todo: Iterable[str] = names if names else packaged_cases()
    todo = list(todo)
    rows = []
    with executor(workers, scheduler) as ex:
        for i, name in enumerate(todo):
            rows.append(snapshot_row(name, montecarlo=montecarlo, seed=seed, backend=ex))
            if progress is not None:
                progress(i + 1, len(todo))
    return CaseLibrary(rows, montecarlo, seed)
