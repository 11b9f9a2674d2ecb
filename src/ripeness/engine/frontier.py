"""Pareto frontier (maximisation) of points, exact comparisons, duplicates kept once."""

from __future__ import annotations

import numpy as np


def pareto_mask(points: np.ndarray) -> np.ndarray:
    """Mask of the non-dominated rows of ``points`` (shape ``(n, d)``, larger is better).

    A row is dropped when another row is at least as good everywhere and better somewhere, or
    when an earlier row is identical (the first of identical rows is kept: with rows in package
    order, the lowest package index).

    Two dimensions take a sort and a sweep, ``O(n log n)``; more dimensions filter candidates
    sorted by their sum against the frontier found so far.
    """
    pts = np.asarray(points, dtype=float)
    n = pts.shape[0]
    mask = np.zeros(n, dtype=bool)
    if n == 0:
        return mask
    if pts.shape[1] == 1:
        best = pts[:, 0].max()
        mask[int(np.argmax(pts[:, 0] == best))] = True
        return mask
    if pts.shape[1] == 2:
        x, y = pts[:, 0], pts[:, 1]
        cand = _prune_2d(x, y)
        xc, yc = x[cand], y[cand]
        order = np.lexsort((cand, -yc, -xc))
        ys = yc[order]
        prev = np.maximum.accumulate(np.concatenate([[-np.inf], ys[:-1]]))
        mask[cand[order[ys > prev]]] = True
        return mask
    order = np.lexsort((np.arange(n), -pts.sum(axis=1)))
    kept: list[int] = []
    for i in order:
        p = pts[i]
        if kept:
            f = pts[kept]
            if np.any(np.all(f >= p, axis=1)):
                continue
        kept.append(int(i))
    mask[kept] = True
    return mask


def _prune_2d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indices of points not strictly dominated by a few frontier anchors (cheap pre-filter).

    The maximiser of ``l*x + (1-l)*y`` for ``0 < l < 1`` is a frontier point; every point it
    strictly dominates is dropped before the exact sort-and-sweep.
    """
    keep = np.ones(x.shape[0], dtype=bool)
    if x.shape[0] > 64:
        for lam in (0.1, 0.3, 0.5, 0.7, 0.9):
            a = int(np.argmax(lam * x + (1 - lam) * y))
            ax, ay = x[a], y[a]
            keep &= ~((x <= ax) & (y <= ay) & ((x < ax) | (y < ay)))
    return np.flatnonzero(keep)


def weakly_dominated_2d(front: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which ``points`` some point of the 2-D Pareto set ``front`` weakly dominates.

    Along a Pareto set sorted by ``x`` ascending, ``y`` descends, so the best ``y`` among the
    front points with ``x >= p_x`` is at the first of them (one binary search per point).
    """
    if len(front) == 0:
        return np.zeros(len(points), dtype=bool)
    order = np.argsort(front[:, 0], kind="stable")
    xs, ys = front[order, 0], front[order, 1]
    j = np.searchsorted(xs, points[:, 0], side="left")
    ok = j < len(xs)
    out = np.zeros(len(points), dtype=bool)
    out[ok] = ys[j[ok]] >= points[ok, 1]
    return out


def pareto_front(points: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-dominated points and their indices, sorted by the first coordinate, descending."""
    m = pareto_mask(points)
    p, i = points[m], index[m]
    order = np.lexsort((i, -p[:, 0])) if len(p) else np.arange(0)
    return p[order], i[order]
