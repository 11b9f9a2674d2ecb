"""Enumeration engine: every package, in chunks, vectorised over actors and packages.

Packages are mixed-radix integers (:class:`~ripeness.model.PackageSpace`); each chunk of
package numbers becomes a ``(n, K)`` array of option indices and is evaluated for all actors
at once (:func:`~ripeness.model.evaluate`). Memory is bounded by the chunk size.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..model import Model, evaluate
from ..model import semantics as S
from .blocks import Blocks, needs_digits
from .frontier import pareto_mask, weakly_dominated_2d
from .result import ScanResult
from .select import ArgBest

#: Largest package space the enumeration engine accepts.
MAX_ENUMERATION = 100_000_000
#: Work per chunk, in actor x issue x package cells.
CHUNK_CELLS = 1 << 22

#: Most ZOPA members whose surpluses are kept for the Kalai–Smorodinsky pass (else a 2nd pass).
KEEP_ZOPA = 4_000_000

SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


class SpaceTooLarge(ValueError):
    """The package space is above the enumeration limit."""


def _blocks(model: Model, chunk: int | None, digits: bool = True) -> Blocks:
    n = model.space.size
    if n > MAX_ENUMERATION:
        raise SpaceTooLarge(
            f"{n:.3g} packages: above the enumeration limit of {MAX_ENUMERATION:.0e}; "
            "use the exact engine (--engine exact)"
        )
    cells = max(1, model.n_actors * len(model.space.issues))
    return Blocks(model, chunk or max(4096, CHUNK_CELLS // cells), digits)


#: Largest product of the radices of an actor's bundle issues for the decomposed range.
DECOMPOSED_RANGE = 1 << 20


def utility_ranges(model: Model, chunk: int | None = None) -> np.ndarray:
    """``max_x u_a - min_x u_a`` over the whole space, per actor (exact).

    Without bundles the additive bounds; when each actor's bundles touch few issues, their
    options are enumerated and the other issues optimised separately
    (:func:`ripeness.model.numbers.utility_ranges`); otherwise every package is scanned.
    """
    from ..model.numbers import utility_ranges as decomposed

    lo, hi = model.linear_bounds()
    if len(model.bundles) == 0:
        return hi - lo
    radix = model.space.radix
    if all(
        int(np.prod(radix[sub])) <= DECOMPOSED_RANGE if sub.size else True
        for sub in model.range_issues
    ):
        nums = model.point
        assert nums is not None
        return decomposed(model, nums.table, nums.bundle)[0]
    lo = np.full(model.n_actors, np.inf)
    hi = np.full(model.n_actors, -np.inf)
    for _idx, _digits, u in _blocks(model, chunk, digits=False):
        lo = np.minimum(lo, u.min(axis=1))
        hi = np.maximum(hi, u.max(axis=1))
    return hi - lo


def _solution_values(s: np.ndarray, smax: np.ndarray | None) -> dict[str, np.ndarray]:
    """Objective of each solution concept over principals' surplus ``s`` (d, n)
    (:mod:`ripeness.model.semantics`): Nash, egalitarian, utilitarian; with ``smax``
    Kalai–Smorodinsky."""
    if smax is not None:
        return {"kalai_smorodinsky": S.kalai_smorodinsky(s, smax)}
    return {
        "nash": S.nash_product(s),
        "egalitarian": S.egalitarian(s),
        "utilitarian": S.utilitarian(s),
    }


def scan(
    model: Model,
    *,
    solutions: bool = True,
    frontier: bool = True,
    chunk: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Evaluate every package: ZOPA size, ``g*`` and its minimiser, solutions, frontier.

    Parameters
    ----------
    model : Model
    solutions : bool
        Also find Nash, Kalai–Smorodinsky, egalitarian and utilitarian packages in the ZOPA.
    frontier : bool
        Also collect the Pareto frontier of the principals' surplus inside the ZOPA.
    chunk : int, optional
        Packages per chunk (default: about 4M actor-issue cells).
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.

    Returns
    -------
    ScanResult
    """
    ranges = utility_ranges(model, chunk)
    total = model.space.size
    gap = ArgBest()
    zopa = 0
    pr = model.principals
    accs = {name: ArgBest(maximize=True) for name in SOLUTIONS}
    smax = np.full(len(pr), -np.inf)
    fr_p: np.ndarray | None = None  # the frontier so far (points in index order)
    fr_i: np.ndarray | None = None
    done = 0
    keep_s: list[np.ndarray] = []
    keep_i: list[np.ndarray] = []
    kept = 0
    for idx, digits, u in _blocks(model, chunk, needs_digits(model)):
        ev = evaluate(model, digits, ranges, u, detail=False)
        gap.update(ev.g, idx)
        sel = ev.deal
        nz = int(sel.sum())
        zopa += nz
        if nz and len(pr) and (solutions or frontier):
            s = ev.surplus(model)[:, sel]
            smax = np.maximum(smax, s.max(axis=1))
            if solutions:
                for name, val in _solution_values(s, None).items():  # KS needs smax: later
                    accs[name].update(val, idx[sel])
                if kept <= KEEP_ZOPA:
                    keep_s.append(s)
                    keep_i.append(idx[sel])
                    kept += nz
            if frontier:
                pts, ids = s.T, idx[sel]
                if fr_p is not None and pts.shape[1] == 2:
                    keep = ~weakly_dominated_2d(fr_p, pts)  # earlier packages win ties
                    pts, ids = pts[keep], ids[keep]
                if len(pts):
                    allp = pts if fr_p is None else np.concatenate([fr_p, pts])
                    alli = ids if fr_i is None else np.concatenate([fr_i, ids])
                    m = pareto_mask(allp)
                    fr_p, fr_i = allp[m], alli[m]
        done += len(idx)
        if progress is not None:
            progress(done, total)
    sol: dict[str, int] | None = None
    if solutions and zopa and len(pr):
        ks = ArgBest(maximize=True)
        if kept <= KEEP_ZOPA:  # the ZOPA's surpluses are at hand
            for s, i in zip(keep_s, keep_i, strict=True):
                ks.update(_solution_values(s, smax)["kalai_smorodinsky"], i)
        else:  # a second pass
            for idx, digits, u in _blocks(model, chunk, needs_digits(model)):
                ev = evaluate(model, digits, ranges, u, detail=False)
                if ev.deal.any():
                    s = ev.surplus(model)[:, ev.deal]
                    ks.update(_solution_values(s, smax)["kalai_smorodinsky"], idx[ev.deal])
        accs["kalai_smorodinsky"] = ks
        sol = {name: int(acc.result()) for name, acc in accs.items()}  # type: ignore[arg-type]
    if fr_p is not None and fr_i is not None:
        o = np.lexsort((fr_i, -fr_p[:, 0]))
        fr_p, fr_i = fr_p[o], fr_i[o]
    nearest = gap.result()
    return ScanResult(
        engine="enumerate",
        size=total,
        zopa_size=zopa,
        gap=float(gap.best() or 0.0) if nearest is not None else float("inf"),
        nearest=nearest,
        solutions=sol,
        frontier_index=fr_i,
        frontier_surplus=fr_p,
        ranges=ranges,
    )
