"""A model's numbers, realised for ``D`` draws at once (a leading axis on every array).

:func:`realise` turns a draw matrix ``X`` (columns ``model.columns``; ``None`` for the point
values) into every array the evaluator needs: the utility table ``(D, A, K, O)``, bundle terms,
BATNAs (the war computed exactly over joint outcomes), breach probabilities and windows,
deterrence, sucker and override costs, thresholds, and the electorates' ``mu`` and ``sigma``,
either fitted in every draw to the draw's polls (``fit=True``, DESIGN.md §2 "Electorates") or
given (a calibration: counterfactuals never refit). Every formula comes from
:mod:`ripeness.model.semantics`; the loops here run over the scenario's structure (slots,
territories, actors), never over draws or packages; the expectation over the joint war
outcomes, which can be many, is taken in blocks (:mod:`.fighting`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from . import semantics as S
from .compiled import Model
from .fighting import war_expectation
from .semantics import CalibrationError

#: Work per block, in draw x package (or draw x combination) cells.
BLOCK_CELLS = 1 << 20


@dataclass(frozen=True, eq=False)
class Numbers:
    """The numeric arrays of a model for ``D`` draws (leading axis).

    Attributes
    ----------
    table : (D, A, K, O)
        ``w_ak / sum_k w_ak * v_ak(o)``.
    bundle : (D, B)
        Bundle terms ``beta_b`` in :attr:`Model.bundles` order.
    batna : (D, A)
        ``d_a``.
    breach, within, reach : (D, P)
        ``q0`` within ``within`` months; ``reach`` the horizon ``H`` it is discounted over.
    horizon : (D,)
        The war horizon (0 without a war block).
    deterrence : (D, J, O)
    sucker : (D, A)
    override_cost, route_threshold : (D, P)
    threshold, mu, sigma : (D, A)
        Electorates' threshold support (nan: ratifier only or not an electorate) and fitted
        support curve.
    valid : (D,) bool
        False in draws whose polls cannot be fitted (support does not rise with net value).
    ranges : (D, A) or None
        ``max_x u_a - min_x u_a`` over the whole space, when asked for.
    """

    table: np.ndarray
    bundle: np.ndarray
    batna: np.ndarray
    breach: np.ndarray
    within: np.ndarray
    reach: np.ndarray
    horizon: np.ndarray
    deterrence: np.ndarray
    sucker: np.ndarray
    override_cost: np.ndarray
    route_threshold: np.ndarray
    threshold: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    valid: np.ndarray
    ranges: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.table.shape[0])

    def take(self, sel: np.ndarray) -> Numbers:
        """The draws selected by a boolean mask or index array."""
        return Numbers(
            **{  # type: ignore[arg-type]
                f.name: (None if getattr(self, f.name) is None else getattr(self, f.name)[sel])
                for f in fields(self)
            }
        )

    def repeat(self, times: int) -> Numbers:
        """Each draw repeated ``times`` times consecutively (for grids over one number)."""
        return Numbers(
            **{  # type: ignore[arg-type]
                f.name: (
                    None
                    if getattr(self, f.name) is None
                    else np.repeat(getattr(self, f.name), times, axis=0)
                )
                for f in fields(self)
            }
        )


def fill(model: Model, X: np.ndarray | None) -> dict[str, np.ndarray]:
    """Raw arrays with the draw axis: base values broadcast, then every slot filled from ``X``."""
    if X is None:
        return {k: v[None].copy() for k, v in model.base.items()}
    X = np.asarray(X, dtype=float)
    X = X if X.ndim == 2 else X.reshape(-1, len(model.columns))
    D = X.shape[0]
    out = {k: np.repeat(v[None], D, axis=0) for k, v in model.base.items()}
    groups: dict[str, list[Any]] = {}
    for s in model.slots:
        groups.setdefault(s.array, []).append(s)
    for name, slots in groups.items():
        flat = out[name].reshape(D, -1)
        idx = np.array([s.index for s in slots], dtype=np.int64)
        cols = X[:, [s.column for s in slots]]
        lo = np.array([s.clip[0] if s.clip else -np.inf for s in slots])
        hi = np.array([s.clip[1] if s.clip else np.inf for s in slots])
        flat[:, idx] = np.clip(cols, lo, hi)
    return out


def _threadpoolctl() -> Any:
    try:
        import threadpoolctl
    except ImportError:  # pragma: no cover - optional
        return None
    return threadpoolctl


_STATE = threading.local()


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Pin BLAS to one thread, so sums come out bit-identical in every process.

    Parallelism is across chunks of draws; inside a task one BLAS thread is also the fastest.
    Outside this context :func:`package_utilities` gathers instead of multiplying, which is
    exact in any thread count. The flag is per thread.
    """
    tp = _threadpoolctl()
    if tp is None:  # pragma: no cover - optional dependency
        yield
        return
    before = getattr(_STATE, "pinned", False)
    with tp.threadpool_limits(1, user_api="blas"):
        _STATE.pinned = True
        try:
            yield
        finally:
            _STATE.pinned = before


def package_utilities(
    model: Model, table: np.ndarray, bundle: np.ndarray, digits: np.ndarray
) -> np.ndarray:
    """``u_a(x)`` for all draws and packages ``digits``: ``(D, A, n)`` (:mod:`.semantics`)."""
    u = S.additive_utility(table, digits, matmul=getattr(_STATE, "pinned", False))
    if model.bundles:
        holds = np.array([c.holds(digits) for c in model.bundles])
        S.add_bundles(u, bundle, holds, model.bundle_actor)
    return u


def utility_ranges(model: Model, table: np.ndarray, bundle: np.ndarray) -> np.ndarray:
    """``max_x u_a - min_x u_a`` per draw and actor, exactly, ``(D, A)``.

    Bundles only involve the issues their conditions name, so the maximum splits into an
    enumeration of those issues' options (with the bundle terms) plus, independently, the best
    option of every other issue; likewise the minimum.
    """
    D, A, K, _O = table.shape
    valid = model.option_valid[None, None]
    tmax = np.where(valid, table, -np.inf).max(axis=3)
    tmin = np.where(valid, table, np.inf).min(axis=3)
    out = np.empty((D, A))
    radix = model.space.radix
    for a in range(A):
        sub = model.range_issues[a] if a < len(model.range_issues) else np.zeros(0, np.int64)
        if sub.size == 0:
            out[:, a] = tmax[:, a].sum(axis=1) - tmin[:, a].sum(axis=1)
            continue
        rest = np.setdiff1d(np.arange(K), sub)
        hi = tmax[:, a, rest].sum(axis=1)
        lo = tmin[:, a, rest].sum(axis=1)
        mine = np.flatnonzero(model.bundle_actor == a)
        n_sub = int(np.prod(radix[sub]))
        step = max(1, BLOCK_CELLS // max(D, 1))
        best, worst = np.full(D, -np.inf), np.full(D, np.inf)
        for start in range(0, n_sub, step):
            c = np.arange(start, min(n_sub, start + step))
            digits = np.zeros((len(c), K), dtype=np.int64)
            digits[:, sub] = np.stack(np.unravel_index(c, radix[sub]), axis=1)
            v = S.additive_utility(table[:, a, sub, :], digits[:, sub])
            for b in mine:
                v += bundle[:, b, None] * model.bundles[b].holds(digits)[None, :]
            best = np.maximum(best, v.max(axis=1))
            worst = np.minimum(worst, v.min(axis=1))
        out[:, a] = (hi + best) - (lo + worst)
    return out


MuSigma = Mapping[str, tuple[float, float]] | tuple[np.ndarray, np.ndarray]


def realise(
    model: Model,
    X: np.ndarray | None,
    *,
    fit: bool = False,
    fixed: MuSigma | None = None,
    ranges: bool = False,
) -> Numbers:
    """Every model array for the draws ``X`` (``(D, m)``, columns ``model.columns``; ``None``:
    the point values, ``D = 1``).

    Electorates: with ``fit`` each draw fits ``mu``, ``sigma`` to its own poll shares on its
    own net values (:func:`~ripeness.model.semantics.fit_support`); otherwise ``fixed`` gives
    them (``{actor: (mu, sigma)}``, or arrays ``(D, A)`` from a fit made elsewhere). Either way
    ``mu`` or ``sigma`` written in the scenario (or set as a column) replace the fitted ones.
    """
    raw = fill(model, X)
    D = raw["weight"].shape[0]
    table = S.utility_table(raw["weight"], raw["value"])
    bundle = raw["bundle"]
    horizon = raw["horizon"][:, 0]
    if model.has_war:
        expected = war_expectation(model, raw, table, bundle)
        batna = S.fighting_on(expected, horizon, raw["war_cost"])
    else:  # the no-deal package
        batna = package_utilities(model, table, bundle, model.no_deal[None, :])[:, :, 0]
    batna = np.where(model.batna_given[None], raw["batna"], batna)
    sucker = np.zeros((D, model.n_actors))
    for s, a in enumerate(model.sucker_actor):
        sucker[:, a] = np.maximum(sucker[:, a], raw["sucker"][:, s])
    within = np.where(np.isnan(raw["within"]), horizon[:, None], raw["within"])
    within = np.where(within > 0, within, 1.0)
    reach = np.broadcast_to(horizon[:, None], within.shape) if model.has_war else within
    A = model.n_actors
    nums = Numbers(
        table=table,
        bundle=bundle,
        batna=batna,
        breach=raw["breach"],
        within=within,
        reach=np.array(reach),
        horizon=horizon,
        deterrence=raw["deterrence"],
        sucker=sucker,
        override_cost=raw["override_cost"],
        route_threshold=raw["route_threshold"],
        threshold=raw["threshold"],
        mu=np.full((D, A), np.nan),
        sigma=np.full((D, A), np.nan),
        valid=np.ones(D, dtype=bool),
        ranges=utility_ranges(model, table, bundle) if ranges else None,
    )
    mu, sigma, valid = _electorates(model, nums, raw, fit, fixed)
    return Numbers(
        **{
            f.name: getattr(nums, f.name)
            for f in fields(nums)
            if f.name not in ("mu", "sigma", "valid")
        },
        mu=mu,
        sigma=sigma,
        valid=valid,
    )


def fit_electorates(
    model: Model, nums: Numbers, raw: dict[str, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit every electorate to its polls in every draw: ``mu``, ``sigma`` and ``ok``, ``(D, A)``.

    The fit is on the net values ``EU_v - d_v`` of the calibration packages under the draw's
    numbers (:func:`~ripeness.model.semantics.fit_support`); ``mu`` or ``sigma`` written in
    the scenario are kept fixed. ``ok`` is False where the support cannot be fitted (and True
    for actors that are not electorates).
    """
    from .evaluate import net_values

    raw = fill(model, None) if raw is None else raw
    D, A = nums.batna.shape
    mu, sigma = np.full((D, A), np.nan), np.full((D, A), np.nan)
    ok = np.ones((D, A), dtype=bool)
    elect = [a for a in range(A) if model.roles[a] == "electorate"]
    if not elect:
        return mu, sigma, ok
    net = net_values(model, nums, model.calib_digits)  # (D, A, C)
    for a in elect:
        cols = np.flatnonzero(model.calib_actor == a)
        mu[:, a], sigma[:, a], ok[:, a] = S.fit_support(
            net[:, a, cols],
            raw["support"][:, cols],
            raw["mu_given"][:, a],
            raw["sigma_given"][:, a],
        )
    return mu, sigma, ok


def _electorates(
    model: Model, nums: Numbers, raw: dict[str, np.ndarray], fit: bool, fixed: MuSigma | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    D, A = nums.batna.shape
    if fit:
        mu, sigma, ok = fit_electorates(model, nums, raw)
        return mu, sigma, np.asarray(ok.all(axis=1))
    mu, sigma = np.full((D, A), np.nan), np.full((D, A), np.nan)
    elect = [a for a in range(A) if model.roles[a] == "electorate"]
    if isinstance(fixed, tuple):
        mu[:], sigma[:] = fixed[0], fixed[1]
    else:
        for a in elect:
            got = (fixed or {}).get(model.actors[a])
            if got is not None:
                mu[:, a], sigma[:, a] = got
    mu = np.where(np.isnan(raw["mu_given"]), mu, raw["mu_given"])
    sigma = np.where(np.isnan(raw["sigma_given"]), sigma, raw["sigma_given"])
    finite = np.isfinite(mu[:, elect]).all(axis=1) & np.isfinite(sigma[:, elect]).all(axis=1)
    if isinstance(fixed, tuple):  # a per-draw fit made elsewhere: nan marks a failed draw
        return mu, sigma, finite
    bad = [model.actors[a] for a in elect if not np.isfinite(mu[:, a]).all()]
    bad += [model.actors[a] for a in elect if not np.isfinite(sigma[:, a]).all()]
    if bad:
        raise CalibrationError(f"no calibration for {', '.join(dict.fromkeys(bad))}")
    return mu, sigma, finite
