"""Answers for many draws at once: verdict, ZOPA size, ``g*`` and lever thresholds per draw.

The building blocks of Monte Carlo, the tornado, Sobol indices and timelines (DESIGN.md §2,
"Uncertainty"). A :class:`Design` fixes the columns of the draws (every uncertain number, by
dotted path), the obstacle configurations to evaluate (:class:`Config`: a compiled model with
its clean and blocked packages) and the electorate fits (:class:`Fit`): in every draw each
electorate is refitted to the draw's polls on the scenario *as written* (every obstacle on, no
``--set``), and every configuration uses that fit — counterfactuals never refit.

Draws enter as uniforms ``U`` ``(D, m)``; each model reads them through its own distributions
(:func:`ripeness.model.params.parameters_at`), so a number fixed by ``--set`` stays fixed in the
configurations while the fit still sees it as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..memory import memory_budget
from ..model import Model, Numbers, compile_structure, realise
from ..model.evaluate import evaluate_numbers, structure
from ..model.params import Parameter, draw, parameters_at, uncertain_parameters
from ..model.semantics import tie_tolerance
from ..scenario import Scenario

#: Grid points of the per-draw lever search before bisection.
LEVER_GRID = 21
#: Bisection stops at this fraction of the range (as :mod:`ripeness.analysis.levers`).
LEVER_RESOLUTION = 1e-4
#: Largest package space Monte Carlo scans (the structural split keeps one index per package).
MAX_MC_SPACE = 20_000_000
#: Work per block, in draw x actor x package cells.
BLOCK_CELLS = 1 << 20


@dataclass(frozen=True, eq=False)
class Config:
    """One obstacle configuration: model, its reading of the columns, clean and blocked packages."""

    off: frozenset[str]
    model: Model
    params: tuple[Parameter, ...]
    clean: np.ndarray
    blocked: np.ndarray


@dataclass(frozen=True, eq=False)
class Fit:
    """Electorates fitted in every draw on one scenario as written (every obstacle on)."""

    model: Model
    params: tuple[Parameter, ...]
    actors: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Design:
    """Columns, configurations and fits of a batch of draws (picklable)."""

    columns: tuple[str, ...]
    drawn: tuple[Parameter, ...]  # the analysed scenario's reading of each column
    configs: tuple[Config, ...]
    fits: tuple[Fit, ...]
    n_drawn: int  # the first columns are uncertain numbers; the rest are not drawn (a lever)
    inplace: bool = False  # the first configuration is the fit's own model (fit while realising)

    def first(
        self, U: np.ndarray
    ) -> tuple[np.ndarray, Numbers, dict[str, tuple[np.ndarray, np.ndarray]]]:
        """Values, numbers and electorate fit of the first configuration for uniforms ``U``
        (one realisation when the configuration is the scenario as written, all obstacles on)."""
        cfg = self.configs[0]
        X = draw(cfg.params, U)
        if not self.inplace:
            fitted = self.fitted(U=U)
            return X, self.numbers(cfg, X, fitted), fitted
        nums = realise(cfg.model, X, fit=True, ranges=True)
        fitted = {
            a: (nums.mu[:, i], nums.sigma[:, i])
            for i, a in enumerate(cfg.model.actors)
            if cfg.model.roles[i] == "electorate"
        }
        return X, nums, fitted

    def fitted(
        self, U: np.ndarray | None = None, X: np.ndarray | None = None
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``{electorate: (mu, sigma)}`` per draw (nan where its polls cannot be fitted).

        From uniforms ``U`` each fit reads its own distributions; from values ``X`` (the
        analysed scenario's reading, as the tornado builds them) a fit takes a column's value
        where it reads that column the same way, else its own point value.
        """
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for f in self.fits:
            if U is not None:
                Xf = draw(f.params, U)
            else:
                assert X is not None
                same = np.array([_same(a, b) for a, b in zip(f.params, self.drawn, strict=True)])
                own = np.array([p.value for p in f.params], dtype=float)
                Xf = np.where(same[None, :], X, own[None, :])
            nums = realise(f.model, Xf, fit=True)
            for a in f.actors:
                i = f.model.actors.index(a)
                out[a] = (nums.mu[:, i], nums.sigma[:, i])
        return out

    def numbers(
        self,
        cfg: Config,
        X: np.ndarray,
        fitted: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> Numbers:
        """The configuration's numbers for draws ``X`` (its own reading), with the fit."""
        return realise(cfg.model, X, fixed=fit_arrays(cfg.model, fitted, X.shape[0]), ranges=True)


def _same(a: Parameter, b: Parameter) -> bool:
    """Two readings of a column agree (same distribution, or the same fixed value)."""
    if a.number is None or b.number is None:
        return a.number is None and b.number is None and (a.value == b.value or a.value != a.value)
    return a.number.model_dump(exclude={"source", "note"}) == b.number.model_dump(
        exclude={"source", "note"}
    )


def fit_arrays(
    model: Model, fitted: dict[str, tuple[np.ndarray, np.ndarray]], D: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per-draw ``(mu, sigma)`` arrays ``(D, A)`` of a model's electorates from a fit."""
    mu = np.full((D, model.n_actors), np.nan)
    sigma = np.full((D, model.n_actors), np.nan)
    for i, a in enumerate(model.actors):
        if a in fitted:
            mu[:, i], sigma[:, i] = fitted[a]
    return mu, sigma


def split_packages(m: Model, block: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the clean packages and of the blocked ones (illegal whatever the numbers,
    forbidden by a rule, or crossing a red line): only clean packages can be deals. Scanned in
    blocks (default: a quarter of the memory budget, at most ``2**20``): exact whatever they are.

    Raises
    ------
    ValueError
        When the package space is above :data:`MAX_MC_SPACE`.
    """
    size = m.space.size
    if size > MAX_MC_SPACE:
        raise ValueError(
            f"{size:.3g} packages: Monte Carlo scans spaces up to {MAX_MC_SPACE:.0e} packages"
        )
    if block is None:  # about 16 K + 64 bytes per package
        block = max(1024, min(1 << 20, memory_budget() // 4 // (16 * len(m.space.radix) + 64)))
    clean, blocked = [], []
    for start in range(0, size, block):
        idx = np.arange(start, min(size, start + block), dtype=np.int64)
        s = structure(m, m.space.digits(idx))
        bad = s.blocked | s.red.any(axis=0)
        clean.append(idx[~bad])
        blocked.append(idx[bad])
    return np.concatenate(clean), np.concatenate(blocked)


def make_config(scenario: Scenario, off: Iterable[str], columns: Sequence[str]) -> Config:
    """Compile a configuration and split its packages (one structural pass)."""
    model = compile_structure(scenario, off, columns)
    clean, blocked = split_packages(model)
    return Config(frozenset(off), model, parameters_at(scenario, columns), clean, blocked)


def make_fit(
    scenario: Scenario, columns: Sequence[str], actors: Iterable[str] | None = None
) -> Fit:
    """The per-draw fit of ``actors`` (default: every electorate) on ``scenario`` as written."""
    sc = scenario.as_written()
    model = compile_structure(sc, (), columns)
    names = (
        tuple(a for i, a in enumerate(model.actors) if model.roles[i] == "electorate")
        if actors is None
        else tuple(actors)
    )
    return Fit(model, parameters_at(sc, columns), names)


def design_columns(scenario: Scenario, fit_scenarios: Sequence[Scenario] = ()) -> tuple[str, ...]:
    """Every uncertain number of the analysed scenario and of the fits' scenarios (as written)."""
    cols: dict[str, None] = {p.path: None for p in uncertain_parameters(scenario)}
    for s in (scenario.as_written(), *fit_scenarios):
        for p in uncertain_parameters(s.as_written()):
            cols.setdefault(p.path, None)
    return tuple(cols)


def build_design(
    scenario: Scenario,
    offs: Sequence[Iterable[str]],
    *,
    extra: Sequence[str] = (),
    fits: Sequence[tuple[Scenario, Sequence[str] | None]] | None = None,
) -> Design:
    """A :class:`Design` for the configurations ``offs`` (the first is "as analysed").

    ``fits`` lists ``(scenario, electorates)`` to fit per draw (default: every electorate on
    ``scenario`` as written); ``extra`` appends columns that are not drawn (a lever).
    """
    fit_specs = list(fits) if fits is not None else [(scenario, None)]
    drawn = design_columns(scenario, [s for s, _ in fit_specs])
    columns = (*drawn, *(c for c in extra if c not in drawn))
    configs = tuple(make_config(scenario, off, columns) for off in offs)
    fit_objs = tuple(make_fit(s, columns, a) for s, a in fit_specs)
    inplace = fits is None and scenario.written is None and not tuple(offs[0])
    return Design(columns, parameters_at(scenario, columns), configs, fit_objs, len(drawn), inplace)


@dataclass(frozen=True)
class Summary:
    """Per-draw answers for one configuration.

    Attributes
    ----------
    gap : (D,)
        ``g* = min_x g(x)`` (nan in draws whose polls cannot be fitted).
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


def block_size(D: int, A: int) -> int:
    """Packages per block so that ``D x A x n`` stays near :data:`BLOCK_CELLS`."""
    return max(16, BLOCK_CELLS // max(1, D * max(A, 1)))


def gap_and_deal(cfg: Config, nums: Numbers, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``g`` and the deal indicator ``(D, n)`` of packages ``ids`` under ``nums``."""
    m = cfg.model
    return evaluate_numbers(m, m.space.digits(ids), nums)


def _scan(cfg: Config, nums: Numbers, idx: np.ndarray, bn: int, counts=None):  # type: ignore[no-untyped-def]
    """Minimum of ``g`` per draw and block, ZOPA count, optional per-package deal counts."""
    gmin = np.full(nums.n, np.inf)
    zopa = np.zeros(nums.n, dtype=np.int64)
    bmins, last = [], None
    for start in range(0, len(idx), bn):
        ids = idx[start : start + bn]
        g, deal = gap_and_deal(cfg, nums, ids)
        bm = g.min(axis=1)
        bmins.append(bm)
        gmin = np.minimum(gmin, bm)
        zopa += deal.sum(axis=1)
        if counts is not None:
            counts[start : start + len(ids)] = deal.sum(axis=0)
        last = g
    cache = last if len(bmins) == 1 else None
    return gmin, zopa, bmins, cache


def _first(cfg, nums, idx, bmins, thr, bn, cache):  # type: ignore[no-untyped-def]
    """Lowest package index with ``g <= thr`` per draw (-1 when none), re-evaluating one block."""
    out = np.full(nums.n, -1, dtype=np.int64)
    if not bmins:
        return out
    ok = np.stack(bmins) <= thr[None, :]
    has = ok.any(axis=0)
    fb = np.argmax(ok, axis=0)
    for b in np.unique(fb[has]):
        sel = np.flatnonzero(has & (fb == b))
        ids = idx[b * bn : (b + 1) * bn]
        g = cache[sel] if cache is not None else gap_and_deal(cfg, nums.take(sel), ids)[0]
        out[sel] = ids[np.argmax(g <= thr[sel, None], axis=1)]
    return out


def summarise(
    cfg: Config, nums: Numbers, *, nearest: bool = False, counts: bool = False
) -> Summary:
    """Verdict, ZOPA size, ``g*`` (and nearest compromise, deal counts) for every draw.

    Blocked packages (``g >= 1``) are evaluated only for the draws where no clean package has
    ``g`` below ``1`` (less the tie tolerance), so ``g*`` is exact in every draw. Draws whose
    polls cannot be fitted get ``g* = nan``, no deal and no nearest compromise.
    """
    A = cfg.model.n_actors
    bn = block_size(nums.n, A)
    cnt = np.zeros(len(cfg.clean), dtype=np.int64) if counts else None
    gmin, zopa, bmins, cache = _scan(cfg, nums, cfg.clean, bn, cnt)
    need = (gmin + tie_tolerance(gmin) >= 1.0) & nums.valid
    first_b = np.full(nums.n, -1, dtype=np.int64)
    if need.any() and len(cfg.blocked):
        sub = nums.take(need)
        gb, _z, bmins_b, cache_b = _scan(cfg, sub, cfg.blocked, bn)
        gmin[need] = np.minimum(gmin[need], gb)
        if nearest:
            thr_b = gmin[need] + tie_tolerance(gmin[need])
            first_b[need] = _first(cfg, sub, cfg.blocked, bmins_b, thr_b, bn, cache_b)
    near = None
    if nearest:
        thr = gmin + tie_tolerance(gmin)
        first_c = _first(cfg, nums, cfg.clean, bmins, thr, bn, cache)
        both = (first_c >= 0) & (first_b >= 0)
        near = np.where(both, np.minimum(first_c, first_b), np.maximum(first_c, first_b))
        near = np.where(nums.valid, near, -1)
    gmin = np.where(nums.valid, gmin, np.nan)
    zopa = np.where(nums.valid, zopa, 0)
    return Summary(gmin, zopa, near, cnt)


def deal_exists(cfg: Config, nums: Numbers) -> np.ndarray:
    """Whether some package is a deal, per draw (only clean packages can be)."""
    bn = block_size(nums.n, cfg.model.n_actors)
    out = np.zeros(nums.n, dtype=bool)
    for start in range(0, len(cfg.clean), bn):
        todo = np.flatnonzero(~out & nums.valid)
        if not todo.size:
            break
        ids = cfg.clean[start : start + bn]
        sub = nums if todo.size == nums.n else nums.take(todo)
        _g, deal = gap_and_deal(cfg, sub, ids)
        out[todo] |= deal.any(axis=1)
    return out


def lever_thresholds(
    design: Design,
    cfg: Config,
    X: np.ndarray,
    fitted: dict[str, tuple[np.ndarray, np.ndarray]],
    column: int,
    lo: float,
    hi: float,
    grid: int = LEVER_GRID,
) -> tuple[np.ndarray, np.ndarray]:
    """Per draw, the value of one parameter at which a deal first appears (vectorised).

    As :func:`ripeness.analysis.levers.find_threshold`, for every draw at once, with the draw's
    electorate fit held fixed (a lever is a counterfactual): the draw's own value of the
    parameter is the reference (the nearer end of the range when outside it); a deal there
    gives the threshold itself (direction 0; -1 or +1 from outside the range); else the grid
    point with a deal nearest the reference, then bisection towards the reference to ``1e-4``
    of the range (direction +1: increase, -1: decrease); no deal on the grid gives nan
    (direction 2).

    Returns
    -------
    threshold : (D,) float
    direction : (D,) int8
    """
    D = X.shape[0]
    current = X[:, column]
    inside = (current >= lo) & (current <= hi)
    ref = np.clip(current, lo, hi)  # a value outside the range looks from its nearer end
    xs = np.linspace(lo, hi, grid)
    pts = np.concatenate([ref[None, :], np.repeat(xs[:, None], D, axis=1)])  # (G+1, D)

    def deals(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        G = values.shape[0]
        Xg = np.repeat(X[rows][None], G, axis=0)
        Xg[:, :, column] = values
        sub = {a: (m[rows], s[rows]) for a, (m, s) in fitted.items()}
        rep = {a: (np.tile(m, G), np.tile(s, G)) for a, (m, s) in sub.items()}
        nums = design.numbers(cfg, Xg.reshape(-1, X.shape[1]), rep)
        return deal_exists(cfg, nums).reshape(values.shape)

    ok = deals(pts, np.arange(D))
    at_ref, on_grid = ok[0], ok[1:]
    thr = np.full(D, np.nan)
    direction = np.full(D, 2, dtype=np.int8)
    thr[at_ref] = ref[at_ref]
    # a deal at the draw's own value is "deal now"; at the range's end nearer an outside value,
    # the value must move to it (never "deal now")
    direction[at_ref] = np.where(inside[at_ref], 0, np.where(current[at_ref] > hi, -1, 1))
    dist = np.where(on_grid, np.abs(xs[:, None] - ref[None, :]), np.inf)
    todo = np.flatnonzero(~at_ref & on_grid.any(axis=0))
    if todo.size:
        g = np.argmin(dist[:, todo], axis=0)  # ties: the lower grid point
        yes = xs[g]
        up = yes > ref[todo]
        prev = np.where(up, xs[np.maximum(g - 1, 0)], xs[np.minimum(g + 1, grid - 1)])
        no = np.where(up, np.maximum(prev, ref[todo]), np.minimum(prev, ref[todo]))
        # as far as the widest grid interval needs: per draw, independent of the batch
        width = float(np.max(np.diff(xs))) if grid > 1 else hi - lo
        tol = LEVER_RESOLUTION * (hi - lo)
        steps = int(np.ceil(np.log2(width / tol))) if width > tol else 0
        for _ in range(steps):
            mid = 0.5 * (yes + no)
            d = deals(mid[None, :], todo)[0]
            yes, no = np.where(d, mid, yes), np.where(d, no, mid)
        thr[todo] = yes
        direction[todo] = np.where(up, 1, -1)
    return thr, direction
