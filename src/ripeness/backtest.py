"""The backtest: run the packaged case library through the public functions and score the
model against history (the scores: :mod:`ripeness.analysis.cases`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .analysis.cases import (
    HORIZONS,
    CaseLibrary,
    base_log_score,
    base_survival,
    log_score,
    parse_date,
    status_at,
    years_between,
)
from .analysis.montecarlo import montecarlo as run_mc
from .api import analyze, assess, durability, load
from .checking import check
from .parallel import executor
from .scenario import packaged_cases


def snapshot_row(
    name: str, *, montecarlo: int = 0, seed: int = 0, backend: Any = None
) -> dict[str, Any]:
    """Everything the backtest reports for one packaged (or given) case."""
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
    rc = check(sc, claims=False)  # the record's scores; a case's claims are not scored
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
    at = d.curve(np.array([t, *HORIZONS]))  # S(t) = exp(-h t), model.semantics.survival
    surv = {f"{tau:g}y": float(s) for tau, s in zip(HORIZONS, at[1:], strict=True)}
    return {
        "years": t,
        "event": event,
        "hazard_per_year": h,
        "survival_at_t": float(at[0]),
        "base_survival_at_t": base_survival(t),
        "log_score": log_score(h, t, event),
        "log_score_base": base_log_score(t, event),
        "survival": surv,
        "status": {f"{tau:g}y": status_at(t, event, tau) for tau in HORIZONS},
    }


def cases(
    names: Iterable[str] | None = None,
    *,
    montecarlo: int = 1000,
    seed: int = 0,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> CaseLibrary:
    """The backtest: run every packaged case (or ``names``) and score the model against history.

    See :mod:`ripeness.analysis.cases` for the scores (hit rate beside the baselines, Brier of
    P(deal) beside the base rate, record agreement, durability log and Brier scores).

    Parameters
    ----------
    montecarlo : int
        Draws per snapshot for P(deal) (0: skip, and no Brier score).
    seed : int
        The same seed for every snapshot (common random numbers across cases).
    """
    todo = list(names) if names else packaged_cases()
    rows = []
    with executor(workers, scheduler) as ex:
        for i, name in enumerate(todo):
            rows.append(snapshot_row(name, montecarlo=montecarlo, seed=seed, backend=ex))
            if progress is not None:
                progress(i + 1, len(todo))
    return CaseLibrary(rows, montecarlo, seed)


__all__ = ["cases", "snapshot_row"]
