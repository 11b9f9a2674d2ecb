"""Answers for many draws at once: verdict, ZOPA size, ``g*`` and lever thresholds per draw.

The building blocks of Monte Carlo, the tornado, Sobol indices and timelines (DESIGN.md §2,
"Uncertainty"). A :class:`Config` is one obstacle configuration compiled as a
:class:`~ripeness.model.parametric.Parametric` model with its clean and blocked packages;
:func:`summarise` evaluates every package for every draw in memory-bounded blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..model.draweval import block_size, gap_and_deal, split_packages, structure, tie_tolerance
from ..model.draws import Drawn, realise
from ..model.parametric import Parametric, build_parametric
from ..scenario import Scenario

#: Grid points of the per-draw lever search before bisection.
LEVER_GRID = 21
#: Bisection stops at this fraction of the range (as :mod:`ripeness.analysis.levers`).
LEVER_RESOLUTION = 1e-4


@dataclass(frozen=True, eq=False)
class Config:
    """One obstacle configuration: parametric model, clean and blocked package indices."""

    off: frozenset[str]
    pm: Parametric
    clean: np.ndarray
    blocked: np.ndarray


def make_config(scenario: Scenario, off: Iterable[str], columns: Sequence[str]) -> Config:
    """Compile a configuration and split its packages (one structural pass)."""
    pm = build_parametric(scenario, off, columns)
    clean, blocked = split_packages(pm.model)
    return Config(frozenset(off), pm, clean, blocked)


@dataclass(frozen=True)
class Summary:
    """Per-draw answers for one configuration.

    Attributes
    ----------
    gap : (D,)
        ``g* = min_x g(x)``.
    zopa : (D,) int
        Number of deals.
    nearest : (D,) int or None
        Package number of the nearest compromise (lowest index within the tie tolerance).
    counts : (n_clean,) int or None
        For each clean package, in how many draws it is a deal.
    """

    gap: np.ndarray
    zopa: np.ndarray
    nearest: np.ndarray | None = None
    counts: np.ndarray | None = None

    @property
    def deal(self) -> np.ndarray:
        return self.zopa > 0


def _scan(cfg: Config, dr: Drawn, idx: np.ndarray, clean: bool, bn: int, counts=None):  # type: ignore[no-untyped-def]
    """Minimum of ``g`` per draw and block, ZOPA count, optional per-package deal counts."""
    m = cfg.pm.model
    gmin = np.full(dr.n, np.inf)
    zopa = np.zeros(dr.n, dtype=np.int64)
    bmins, last = [], None
    for start in range(0, len(idx), bn):
        ids = idx[start : start + bn]
        g, deal = gap_and_deal(cfg.pm, dr, structure(m, ids), clean)
        bm = g.min(axis=1)
        bmins.append(bm)
        gmin = np.minimum(gmin, bm)
        zopa += deal.sum(axis=1)
        if counts is not None:
            counts[start : start + len(ids)] = deal.sum(axis=0)
        last = g
    cache = last if len(bmins) == 1 else None
    return gmin, zopa, bmins, cache


def _first(cfg, dr, idx, bmins, thr, clean, bn, cache):  # type: ignore[no-untyped-def]
    """Lowest package index with ``g <= thr`` per draw (-1 when none), re-evaluating one block."""
    out = np.full(dr.n, -1, dtype=np.int64)
    if not bmins:
        return out
    ok = np.stack(bmins) <= thr[None, :]
    has = ok.any(axis=0)
    fb = np.argmax(ok, axis=0)
    for b in np.unique(fb[has]):
        sel = np.flatnonzero(has & (fb == b))
        ids = idx[b * bn : (b + 1) * bn]
        if cache is not None:
            g = cache[sel]
        else:
            g, _ = gap_and_deal(cfg.pm, dr.take(sel), structure(cfg.pm.model, ids), clean)
        out[sel] = ids[np.argmax(g <= thr[sel, None], axis=1)]
    return out


def summarise(cfg: Config, dr: Drawn, *, nearest: bool = False, counts: bool = False) -> Summary:
    """Verdict, ZOPA size, ``g*`` (and nearest compromise, deal counts) for every draw.

    Blocked packages (``g >= 1``) are evaluated only for the draws where no clean package has
    ``g`` below ``1`` (less the tie tolerance), so ``g*`` is exact in every draw.
    """
    A = cfg.pm.model.n_actors
    bn = block_size(dr.n, A)
    cnt = np.zeros(len(cfg.clean), dtype=np.int64) if counts else None
    gmin, zopa, bmins, cache = _scan(cfg, dr, cfg.clean, True, bn, cnt)
    need = gmin + tie_tolerance(gmin) >= 1.0
    first_b = np.full(dr.n, -1, dtype=np.int64)
    if need.any() and len(cfg.blocked):
        sub = dr.take(need)
        gb, _z, bmins_b, cache_b = _scan(cfg, sub, cfg.blocked, False, bn)
        gmin[need] = np.minimum(gmin[need], gb)
        if nearest:
            thr_b = gmin[need] + tie_tolerance(gmin[need])
            first_b[need] = _first(cfg, sub, cfg.blocked, bmins_b, thr_b, False, bn, cache_b)
    near = None
    if nearest:
        thr = gmin + tie_tolerance(gmin)
        first_c = _first(cfg, dr, cfg.clean, bmins, thr, True, bn, cache)
        both = (first_c >= 0) & (first_b >= 0)
        near = np.where(both, np.minimum(first_c, first_b), np.maximum(first_c, first_b))
    return Summary(gmin, zopa, near, cnt)


def deal_exists(cfg: Config, dr: Drawn) -> np.ndarray:
    """Whether some package is a deal, per draw (only clean packages can be)."""
    bn = block_size(dr.n, cfg.pm.model.n_actors)
    out = np.zeros(dr.n, dtype=bool)
    for start in range(0, len(cfg.clean), bn):
        todo = np.flatnonzero(~out)
        if not todo.size:
            break
        ids = cfg.clean[start : start + bn]
        sub = dr if todo.size == dr.n else dr.take(todo)
        _g, deal = gap_and_deal(cfg.pm, sub, structure(cfg.pm.model, ids), True)
        out[todo] |= deal.any(axis=1)
    return out


def lever_thresholds(
    cfg: Config, X: np.ndarray, column: int, lo: float, hi: float, grid: int = LEVER_GRID
) -> tuple[np.ndarray, np.ndarray]:
    """Per draw, the value of one parameter at which a deal first appears (vectorised).

    As :func:`ripeness.analysis.levers.find_threshold`, for every draw at once: the draw's own
    value of the parameter is the reference (``lo`` when outside the range); a deal there gives
    the threshold itself (direction 0); else the grid point with a deal nearest the reference,
    then bisection towards the reference to ``1e-4`` of the range (direction +1: increase,
    -1: decrease); no deal on the grid gives nan (direction 2).

    Returns
    -------
    threshold : (D,) float
    direction : (D,) int8
    """
    D = X.shape[0]
    current = X[:, column]
    inside = (current >= lo) & (current <= hi)
    ref = np.where(inside, current, lo)
    xs = np.linspace(lo, hi, grid)
    pts = np.concatenate([ref[None, :], np.repeat(xs[:, None], D, axis=1)])  # (G+1, D)

    def deals(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        Xg = np.repeat(X[rows][None], values.shape[0], axis=0)
        Xg[:, :, column] = values
        flat = Xg.reshape(-1, X.shape[1])
        return deal_exists(cfg, realise(cfg.pm, flat)).reshape(values.shape)

    ok = deals(pts, np.arange(D))
    at_ref, on_grid = ok[0], ok[1:]  # (D,), (G, D)
    thr = np.full(D, np.nan)
    direction = np.full(D, 2, dtype=np.int8)
    thr[at_ref], direction[at_ref] = ref[at_ref], 0
    dist = np.where(on_grid, np.abs(xs[:, None] - ref[None, :]), np.inf)
    todo = np.flatnonzero(~at_ref & on_grid.any(axis=0))
    if todo.size:
        g = np.argmin(dist[:, todo], axis=0)  # ties: the lower grid point
        yes = xs[g]
        up = yes > ref[todo]
        prev = np.where(up, xs[np.maximum(g - 1, 0)], xs[np.minimum(g + 1, grid - 1)])
        no = np.where(up, np.maximum(prev, ref[todo]), np.minimum(prev, ref[todo]))
        width = float(np.max(np.abs(yes - no))) if todo.size else 0.0
        tol = LEVER_RESOLUTION * (hi - lo)
        steps = int(np.ceil(np.log2(width / tol))) if width > tol else 0
        for _ in range(steps):
            mid = 0.5 * (yes + no)
            d = deals(mid[None, :], todo)[0]
            yes, no = np.where(d, mid, yes), np.where(d, no, mid)
        thr[todo] = yes
        direction[todo] = np.where(up, 1, -1)
    return thr, direction
