"""A Cox proportional-hazards model of agreement survival on provisions (lifelines).

``h(t | x) = h0(t) exp(beta' x)`` (Cox 1972), fitted by partial likelihood with Efron's
handling of ties; standard errors are cluster-robust by peace process (Lin & Wei 1989), since
agreements of one process share their fate. The hazard ratio of a covariate is
``exp(beta)``, with its 95% interval ``exp(beta +- 1.96 se)``.

Concordance (Harrell's C) is reported in sample and out of sample: K-fold cross-validation
with folds made of whole peace processes (a process is never split between training and test),
shuffled by ``numpy.random.default_rng(seed)``; the out-of-sample figure is the mean of the
folds' C. The proportional-hazards assumption is tested on scaled Schoenfeld residuals against
rank and Kaplan–Meier transformed time (Grambsch & Therneau 1994), as lifelines'
``check_assumptions`` does.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...evidence import COVARIATE_NAMES

#: Folds of the cross-validation, and lifelines' p-value threshold of the PH check.
FOLDS = 5
PH_THRESHOLD = 0.01


@dataclass(frozen=True)
class HazardRatio:
    """``exp(beta)`` of one covariate, its 95% interval, coefficient, robust s.e. and p."""

    hr: float
    low: float
    high: float
    coef: float
    se: float
    p: float

    def to_dict(self) -> dict[str, float]:
        return {
            "hr": self.hr, "low": self.low, "high": self.high,
            "coef": self.coef, "se": self.se, "p": self.p,
        }  # fmt: skip


@dataclass(frozen=True, eq=False)
class CoxResult:
    """The fitted model's figures.

    Attributes
    ----------
    hazard_ratios : dict
        ``{covariate: HazardRatio}`` for every covariate that varies in the data.
    in_sample, cross_validated : float or None
        Harrell's C on the data fitted, and the mean over the folds.
    fold_concordance : list of float or None
        Each fold's C (None when a fold has no comparable pair).
    folds, seed : int
    ph_test : dict
        ``{covariate: {"rank": {statistic, p}, "km": {statistic, p}}}``.
    ph_violations : list of str
        Covariates with ``p < PH_THRESHOLD`` under either transform.
    log_likelihood : float
    dropped : list of str
        Covariates left out because they do not vary.
    notes : list of str
        lifelines' warnings (convergence and the like).
    """

    hazard_ratios: dict[str, HazardRatio]
    in_sample: float
    cross_validated: float | None
    fold_concordance: list[float | None]
    folds: int
    seed: int
    ph_test: dict[str, dict[str, dict[str, float]]]
    ph_violations: list[str]
    log_likelihood: float
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fit(df: pd.DataFrame, covariates: list[str], cluster: bool) -> Any:
    from lifelines import CoxPHFitter

    cols = [*covariates, "years", "event", *(["process"] if cluster else [])]
    return CoxPHFitter().fit(df[cols], "years", "event", cluster_col="process" if cluster else None)


def process_folds(processes: pd.Series | np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """Test masks of ``k`` folds made of whole processes, shuffled by ``seed``.

    Raises
    ------
    ValueError
        Fewer processes than folds.
    """
    procs = np.asarray(processes).astype(str)
    unique = np.unique(procs)
    if k < 2 or unique.size < k:
        raise ValueError(f"{k}-fold cross-validation needs k >= 2 and >= {k} peace processes")
    order = np.random.default_rng(seed).permutation(unique)
    return [np.isin(procs, part) for part in np.array_split(order, k)]


def _fold_concordance(
    df: pd.DataFrame, covariates: list[str], masks: list[np.ndarray]
) -> list[float | None]:
    from lifelines.utils import concordance_index

    out: list[float | None] = []
    for test in masks:
        train, held = df[~test], df[test]
        covs = [c for c in covariates if train[c].nunique() > 1]
        model = _fit(train, covs, cluster=False)
        risk = np.asarray(model.predict_partial_hazard(held[covs]), dtype=float)
        try:
            out.append(float(concordance_index(held["years"], -risk, held["event"])))
        except ZeroDivisionError:  # no comparable pair in this fold
            out.append(None)
    return out


def _ph_test(model: Any, df: pd.DataFrame, covariates: list[str]) -> dict[str, Any]:
    from lifelines.statistics import proportional_hazard_test

    res = proportional_hazard_test(
        model, df[[*covariates, "years", "event", "process"]], time_transform=["rank", "km"]
    ).summary
    out: dict[str, dict[str, dict[str, float]]] = {}
    for (cov, transform), row in res.iterrows():
        out.setdefault(str(cov), {})[str(transform)] = {
            "statistic": float(row["test_statistic"]),
            "p": float(row["p"]),
        }
    return {c: out[c] for c in covariates if c in out}


def cox_model(table: pd.DataFrame, *, folds: int = FOLDS, seed: int = 0) -> CoxResult:
    """Fit the Cox model of :data:`ripeness.evidence.COVARIATES` and check it.

    Parameters
    ----------
    table : DataFrame
        :attr:`Agreements.table`: ``years``, ``event``, ``process`` and the covariates.
    folds : int
        Folds of the cross-validation (by process).
    seed : int
        Seed of the fold assignment.

    Raises
    ------
    ValueError
        Too few processes for the folds, or no event to fit.
    """
    if int(table["event"].sum()) == 0:
        raise ValueError("no agreement ended: nothing to fit a hazard model on")
    covs = [c for c in COVARIATE_NAMES if table[c].nunique() > 1]
    dropped = [c for c in COVARIATE_NAMES if c not in covs]
    notes = [f"{c} does not vary in the data: left out of the model" for c in dropped]
    masks = process_folds(table["process"], folds, seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = _fit(table, covs, cluster=True)
        s = model.summary
        ratios = {
            c: HazardRatio(
                hr=float(s.loc[c, "exp(coef)"]),
                low=float(s.loc[c, "exp(coef) lower 95%"]),
                high=float(s.loc[c, "exp(coef) upper 95%"]),
                coef=float(s.loc[c, "coef"]),
                se=float(s.loc[c, "se(coef)"]),
                p=float(s.loc[c, "p"]),
            )
            for c in covs
        }
        ph = _ph_test(model, table, covs)
        per_fold = _fold_concordance(table, covs, masks)
    notes += sorted({f"lifelines: {w.message}".splitlines()[0] for w in caught})
    valid = [c for c in per_fold if c is not None]
    return CoxResult(
        hazard_ratios=ratios,
        in_sample=float(model.concordance_index_),
        cross_validated=float(np.mean(valid)) if valid else None,
        fold_concordance=per_fold,
        folds=folds,
        seed=seed,
        ph_test=ph,
        ph_violations=[c for c, t in ph.items() if min(v["p"] for v in t.values()) < PH_THRESHOLD],
        log_likelihood=float(model.log_likelihood_),
        dropped=dropped,
        notes=notes,
    )
