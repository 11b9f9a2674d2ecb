"""The bargaining picture: every package (or a dense sample) as the two principals see it.

Each package is a point ``(EU_1 - cost_1, EU_2 - cost_2)`` of the first two active principals
(expected utility net of override costs, DESIGN.md §2); the disagreement point is their BATNAs
``(d_1, d_2)``. Spaces up to :data:`FULL_LIMIT` packages are evaluated exhaustively (the ZOPA
and the Pareto frontier are then exact); larger spaces are sampled uniformly with a fixed seed.
At most ``max_points`` points are kept for drawing: every frontier point, the ZOPA (sampled if
larger than half the budget) and a uniform sample of the rest.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..analysis.zopa import space_digits
from ..engine import pareto_mask
from ..model import Model, evaluate

#: Spaces up to this many packages are evaluated exhaustively.
FULL_LIMIT = 1_000_000
#: Packages drawn from larger spaces.
SAMPLE = 50_000
#: Packages per evaluation block.
CHUNK = 100_000
#: Default number of points drawn.
MAX_POINTS = 4_000


@dataclass(frozen=True)
class Mark:
    """A marked package (nearest compromise, a solution)."""

    name: str
    x: float
    y: float
    package: dict[str, str]
    deal: bool


@dataclass(frozen=True)
class Picture:
    """Points of the bargaining picture (see the module docstring).

    Attributes
    ----------
    principals : (str, str)
        Actor ids on the x and y axes.
    labels : (str, str)
        Axis labels (party name and actor id).
    x, y : ndarray
        Net expected utility of the drawn packages.
    deal, blocked : ndarray of bool
        In the ZOPA; ruled out by a constitution or a third-party rule.
    text : list of str
        Hover text naming each drawn package (HTML-escaped).
    frontier_x, frontier_y : ndarray
        Pareto frontier of the legal packages (of the sample for large spaces), sorted by x.
    disagreement : (float, float)
    marks : list of Mark
    total : int
        Packages in the space.
    evaluated : int
        Packages evaluated (all, or the sample).
    zopa_size : int
        Deals among the evaluated packages.
    exhaustive : bool
    """

    principals: tuple[str, str]
    labels: tuple[str, str]
    x: np.ndarray
    y: np.ndarray
    deal: np.ndarray
    blocked: np.ndarray
    text: list[str]
    frontier_x: np.ndarray
    frontier_y: np.ndarray
    disagreement: tuple[float, float]
    marks: list[Mark] = field(default_factory=list)
    total: int = 0
    evaluated: int = 0
    zopa_size: int = 0
    exhaustive: bool = True

    @property
    def caption(self) -> str:
        """One line saying what is drawn."""
        drawn = len(self.x)
        if self.exhaustive:
            what = f"All {self.total:,} packages evaluated"
        else:
            what = f"A uniform sample of {self.evaluated:,} of {self.total:,} packages evaluated"
        return f"{what}; {drawn:,} drawn (every frontier point and ZOPA member kept where possible)"


def package_text(model: Model, digits: np.ndarray, per_line: int = 3) -> str:
    """``issue=option`` for every issue, a few per line, HTML-escaped (hover text)."""
    parts = [
        f"{html.escape(issue)}={html.escape(model.space.options[k][int(digits[k])])}"
        for k, issue in enumerate(model.space.issues)
    ]
    lines = [", ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line)]
    return "<br>".join(lines)


def _coords(model: Model, digits: np.ndarray, ranges: np.ndarray) -> dict[str, np.ndarray]:
    ev = evaluate(model, digits, ranges)
    p = model.principals[:2]
    net = ev.eu[p] - ev.cost[p]
    return {
        "x": net[0],
        "y": net[1],
        "deal": ev.deal,
        "blocked": ev.illegal | ev.forbidden.any(axis=0),
    }


def _evaluate_space(
    model: Model, ranges: np.ndarray, seed: int
) -> tuple[dict[str, np.ndarray], np.ndarray, bool]:
    """Coordinates of every package (or a sample) and their digits."""
    size = model.space.size
    if size <= FULL_LIMIT:
        blocks = []
        for start in range(0, size, CHUNK):
            d = model.space.digits(np.arange(start, min(size, start + CHUNK)))
            blocks.append(_coords(model, d, ranges))
        out = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
        return out, np.empty((0, len(model.space.issues)), dtype=np.int64), True
    rng = np.random.default_rng(seed)
    digits = np.stack([rng.integers(0, r, size=SAMPLE) for r in model.space.radix], axis=1)
    return _coords(model, digits, ranges), digits, False


def _take(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    if len(pool) <= n:
        return pool
    return np.sort(rng.choice(pool, size=max(n, 0), replace=False))


def bargaining_picture(
    analysis: Analysis, *, max_points: int = MAX_POINTS, seed: int = 0
) -> Picture | None:
    """The bargaining picture of an analysis (None with fewer than two active principals).

    Parameters
    ----------
    analysis : Analysis
        From :func:`ripeness.analyze`.
    max_points : int
        Most package points drawn.
    seed : int
        Seed of the sample of a large space and of the points drawn.
    """
    model = analysis.model
    pr = model.principals
    if len(pr) < 2:
        return None
    ranges = analysis.scan.ranges
    vals, sample_digits, exhaustive = _evaluate_space(model, ranges, seed)
    x, y, deal, blocked = vals["x"], vals["y"], vals["deal"], vals["blocked"]
    pts = np.column_stack([x, y])
    legal = np.flatnonzero(~blocked)
    base = legal if len(legal) else np.arange(len(x))
    front = base[pareto_mask(pts[base])]
    front = front[np.argsort(x[front], kind="stable")]

    rng = np.random.default_rng(seed)
    chosen = set(front[: max_points // 4].tolist())
    zopa = np.flatnonzero(deal)
    chosen.update(_take(rng, zopa, max(max_points // 2 - len(chosen), 0)).tolist())
    rest = np.setdiff1d(np.arange(len(x)), np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
    chosen.update(_take(rng, rest, max_points - len(chosen)).tolist())
    shown = np.array(sorted(chosen), dtype=np.int64)

    def digits_of(i: np.ndarray) -> np.ndarray:
        return model.space.digits(i) if exhaustive else sample_digits[i]

    shown_digits = digits_of(shown)
    text = [package_text(model, d) for d in shown_digits]

    marks = []
    named = {nearest_name(analysis): analysis.scan.nearest}
    for k, v in (analysis.scan.solutions or {}).items():
        named[k.replace("_", " ")] = v
    for name, idx in named.items():
        if idx is None:
            continue
        d = space_digits(model, int(idx))
        c = _coords(model, d[None, :], ranges)
        marks.append(
            Mark(
                name, float(c["x"][0]), float(c["y"][0]), model.space.decode(d), bool(c["deal"][0])
            )
        )

    names = (model.actors[pr[0]], model.actors[pr[1]])
    return Picture(
        principals=names,
        labels=tuple(_label(analysis, a) for a in names),  # type: ignore[arg-type]
        x=x[shown],
        y=y[shown],
        deal=deal[shown],
        blocked=blocked[shown],
        text=text,
        frontier_x=x[front],
        frontier_y=y[front],
        disagreement=(float(model.batna[pr[0]]), float(model.batna[pr[1]])),
        marks=marks,
        total=int(model.space.size),
        evaluated=len(x),
        zopa_size=int(deal.sum()),
        exhaustive=exhaustive,
    )


def nearest_name(analysis: Analysis) -> str:
    """What the minimiser of ``g`` is called: the most robust deal, or the nearest compromise."""
    return "most robust deal" if analysis.verdict == "deal" else "nearest compromise"


def _label(analysis: Analysis, actor: str) -> str:
    model = analysis.model
    party = model.parties[int(model.actor_party[model.actors.index(actor)])]
    return f"{actor} (party {party})"


def picture_to_dict(p: Picture) -> dict[str, Any]:
    """Plain data of a picture (for JSON)."""
    return {
        "principals": list(p.principals),
        "disagreement": list(p.disagreement),
        "total": p.total,
        "evaluated": p.evaluated,
        "zopa_size": p.zopa_size,
        "exhaustive": p.exhaustive,
        "frontier": [[float(a), float(b)] for a, b in zip(p.frontier_x, p.frontier_y, strict=True)],
        "marks": [
            {"name": m.name, "x": m.x, "y": m.y, "package": m.package, "deal": m.deal}
            for m in p.marks
        ],
    }
