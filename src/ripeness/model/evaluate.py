"""The one evaluator: packages under a model's numbers, for one draw or many (DESIGN.md §2).

:func:`evaluate` answers everything the model says about a block of packages (utilities,
commitment-discounted expected utilities, net values, support, shortfalls, legality, the gap
``g`` and the deal indicator) for the point numbers, or with ``numbers`` for ``D`` draws at
once. Every formula is :mod:`ripeness.model.semantics`; there is no Python loop over packages
or draws (the loops run over actors and parties).

In one line: ``q_p(x) = q0_p prod_j (1 - det_j(x))``, ``q_H = 1 - (1 - q)^(H / within)``,
``EU_a = (1 - q_a) u_a + q_a (d_a - sucker_a)`` with ``q_a`` the chance that another party
breaches, ``net_a = EU_a - cost_a - d_a``; shortfall ``(level_a - net_a) / range_a`` with
``level = 0`` (principals, veto players) or ``mu + sigma Phi^-1(threshold)`` (electorates),
at least 1 on a crossed red line; accepted when ``<= 1e-9``; ``g = max_a shortfall``, at least
1 for an illegal or forbidden package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import semantics as S
from .compiled import Model
from .semantics import TOL

if TYPE_CHECKING:
    from .numbers import Numbers

__all__ = [
    "TOL",
    "Evaluation",
    "Structure",
    "breach_probability",
    "evaluate",
    "evaluate_numbers",
    "net_values",
    "structure",
    "utilities",
]


@dataclass(frozen=True)
class Structure:
    """Number-free facts about a block of packages."""

    digits: np.ndarray  # (n, K)
    violates: np.ndarray  # (P, n) cedes an issue the party's (active) constitution claims
    closed: np.ndarray  # (n,) violates a constitution whose override route is closed
    forbidden: np.ndarray  # (R, n) which rule conditions forbid it
    red: np.ndarray  # (A, n) crosses a red line of the actor

    @property
    def blocked(self) -> np.ndarray:
        """Illegal whatever the numbers (closed route) or forbidden by a rule."""
        return self.closed | self.forbidden.any(axis=0)


def structure(model: Model, digits: np.ndarray) -> Structure:
    """Claims, rules and red lines of packages ``digits`` ``(n, K)`` (vectorised)."""
    digits = np.asarray(digits, dtype=np.int64)
    n, _K, P = digits.shape[0], digits.shape[1], len(model.parties)
    violates = np.zeros((P, n), dtype=bool)
    for p in range(P):
        for k in np.flatnonzero(model.cedes[p].any(axis=1)):
            violates[p] |= model.cedes[p, k][digits[:, k]]
    closed = (violates & ~model.route_open[:, None]).any(axis=0)
    forbidden = (
        np.array([c.holds(digits) for c in model.rules])
        if model.rules
        else np.zeros((0, n), dtype=bool)
    )
    red = np.zeros((model.n_actors, n), dtype=bool)
    for cond, a in zip(model.red_lines, model.red_line_actor, strict=True):
        red[a] |= cond.holds(digits)
    return Structure(digits, violates, closed, forbidden, red)


def utilities(model: Model, digits: np.ndarray, numbers: Numbers | None = None) -> np.ndarray:
    """``u_a(x) = sum_k w_ak v_ak(x_k) + sum_b beta_ab [x in b]``: ``(A, n)`` at point values,
    ``(D, A, n)`` for ``numbers``."""
    from .numbers import package_utilities

    nums = model.point if numbers is None else numbers
    assert nums is not None
    u = package_utilities(model, nums.table, nums.bundle, np.asarray(digits, dtype=np.int64))
    return u[0] if numbers is None else u


def breach_probability(
    model: Model, digits: np.ndarray, numbers: Numbers | None = None
) -> np.ndarray:
    """Each party's breach probability within its window, ``q_p(x) = q0_p prod_j (1 -
    det_j(x))``: ``(P, n)`` at point values, ``(D, P, n)`` for ``numbers``."""
    nums = model.point if numbers is None else numbers
    assert nums is not None
    q = _party_breach(model, nums, np.asarray(digits, dtype=np.int64))
    return q[0] if numbers is None else q


def _party_breach(model: Model, nums: Numbers, digits: np.ndarray) -> np.ndarray:
    D, P, n = nums.n, len(model.parties), digits.shape[0]
    q = np.zeros((D, P, n))
    for p in range(P):
        if not model.committing[p]:
            continue
        dets = [
            np.take(nums.deterrence[:, j, :], digits[:, k], axis=1)
            for j, k in enumerate(model.det_issue)
            if model.det_party[j] == p
        ]
        q[:, p] = S.party_breach(nums.breach[:, p, None], dets)
    return q


#: Most combinations of deterrence options tabulated before gathering (else computed directly).
MAX_DETERRENCE_TABLE = 4096


def _discounted(
    model: Model, nums: Numbers, digits: np.ndarray, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """``EU`` ``(D, A, n)`` and the breach probability each actor sees (None: no breach).

    The breach probabilities depend on the deterrence issues only, so they are computed once
    per combination of those issues' options and gathered (a package's combination is its
    mixed-radix number over them); ``EU = alpha u + beta`` (:func:`.semantics.discount`).
    """
    if not (model.committing.any() and np.any(nums.breach[:, model.committing] > 0)):
        return u, None
    ks = sorted({int(k) for k in model.det_issue})
    radix = [len(model.space.options[k]) for k in ks]
    n_combo = int(np.prod(radix)) if ks else 1
    if n_combo <= MAX_DETERRENCE_TABLE:
        grid = np.stack(np.unravel_index(np.arange(n_combo), radix), axis=1) if ks else None
        small = np.repeat(model.no_deal[None, :], n_combo, axis=0)
        if grid is not None:
            small[:, ks] = grid
        where = np.zeros(digits.shape[0], dtype=np.int64)
        for k, r in zip(ks, radix, strict=True):
            where = where * r + digits[:, k]
        q_small = _seen(model, nums, small)  # (D, A, n_combo)
        alpha, beta = S.discount(q_small, nums.batna[:, :, None], nums.sucker[:, :, None])
        eu = u.copy()
        for a in range(model.n_actors):
            if np.any(q_small[:, a]):  # actors of a committing party see no breach
                eu[:, a] *= alpha[:, a, where]
                eu[:, a] += beta[:, a, where]
        return eu, q_small[:, :, where]
    q_seen = _seen(model, nums, digits)
    return S.expected_utility(u, q_seen, nums.batna[:, :, None], nums.sucker[:, :, None]), q_seen


def _seen(model: Model, nums: Numbers, digits: np.ndarray) -> np.ndarray:
    """The chance, per actor, that another party breaches within the horizon, ``(D, A, n)``."""
    q = _party_breach(model, nums, digits)
    keep = 1.0 - S.breach_within(q, nums.reach[:, :, None], nums.within[:, :, None])
    return S.others_breach(keep, model.others)


def _costs(model: Model, nums: Numbers, violates: np.ndarray, n: int) -> np.ndarray | None:
    """Override costs charged to principals, ``(D, A, n)`` (None when there are none)."""
    charged = [
        p
        for p in range(len(model.parties))
        if model.route_open[p] and model.principal[p] >= 0 and np.any(nums.override_cost[:, p])
    ]
    if not charged:
        return None
    cost = np.zeros((nums.n, model.n_actors, n))
    for p in charged:
        cost[:, model.principal[p]] += nums.override_cost[:, p, None] * violates[p][None]
    return cost


def net_values(
    model: Model, nums: Numbers, digits: np.ndarray, u: np.ndarray | None = None
) -> np.ndarray:
    """``net_a(x) = EU_a(x) - cost_a(x) - d_a``, ``(D, A, n)``: the value of a package against
    fighting on (for electorates the quantity their support is a function of)."""
    digits = np.asarray(digits, dtype=np.int64)
    if u is None:
        u = utilities(model, digits, nums)
    eu, _q = _discounted(model, nums, digits, u)
    cost = _costs(model, nums, structure(model, digits).violates, digits.shape[0])
    net = eu - nums.batna[:, :, None]
    return net if cost is None else net - cost


@dataclass(frozen=True)
class Evaluation:
    """Everything the model says about a block of packages.

    Shapes are ``(A, n)`` (``(P, n)``, ``(n,)``) at point values; with ``numbers`` every
    array has a leading draw axis ``D``.

    Attributes
    ----------
    u, eu, cost, net : ndarray
        Utility, commitment-discounted expected utility, override costs charged, and
        ``net = EU - cost - d``.
    q : ndarray
        Probability, seen by each actor, that another party breaches within the horizon.
    support : ndarray
        Electorate support ``Phi((net - mu) / sigma)`` (nan for other actors).
    red_line, accept : ndarray of bool
    shortfall : ndarray
        ``(level - net) / range`` (negative when the actor gains; at least 1 on a red line;
        ``-inf`` for a ratifier-only electorate, which no deal needs).
    violates : ndarray of bool (P, n)
    ratified : ndarray of bool (P, n)
        Every ratifier of the party's open route accepts (True where no route is used).
    illegal : ndarray of bool (n,)
        Violates a constitution whose route is closed, or open but not ratified.
    forbidden : ndarray of bool (R, n)
    g : ndarray (n,)
        ``max_a shortfall_a``, at least 1 when illegal or forbidden.
    deal : ndarray of bool (n,)
    """

    u: np.ndarray
    eu: np.ndarray
    cost: np.ndarray
    net: np.ndarray
    q: np.ndarray
    support: np.ndarray
    red_line: np.ndarray
    accept: np.ndarray
    shortfall: np.ndarray
    violates: np.ndarray
    ratified: np.ndarray
    illegal: np.ndarray
    forbidden: np.ndarray
    g: np.ndarray
    deal: np.ndarray

    def surplus(self, model: Model) -> np.ndarray:
        """Principals' surplus ``s_a = EU_a - cost_a - d_a`` (their net value)."""
        return self.net[..., model.principals, :]


def _levels(model: Model, nums: Numbers, a: int) -> np.ndarray:
    """An electorate's acceptance level ``mu + sigma Phi^-1(threshold)``, ``(D, 1)``."""
    return S.support_level(nums.mu[:, a], nums.sigma[:, a], nums.threshold[:, a])[:, None]


def evaluate(
    model: Model,
    digits: np.ndarray,
    ranges: np.ndarray,
    u: np.ndarray | None = None,
    *,
    numbers: Numbers | None = None,
    detail: bool = True,
) -> Evaluation:
    """Evaluate packages (DESIGN.md §2: deal, ZOPA, gap).

    Parameters
    ----------
    model : Model
    digits : ndarray, shape (n, K)
    ranges : ndarray, shape (A,) or (D, A)
        ``max_x u_a - min_x u_a`` over the whole space, for normalising shortfalls.
    u : ndarray, shape (A, n) or (D, A, n), optional
        The packages' utilities when the caller has them (see :func:`utilities`).
    numbers : Numbers, optional
        Draws to evaluate under (default: the point numbers; arrays then have no draw axis).
    detail : bool
        Also compute electorate support (for reports); engines that need only ``g``, the deal
        indicator and surpluses pass False (``support`` is then empty).
    """
    point = numbers is None
    nums = model.point if point else numbers
    assert nums is not None
    digits = np.asarray(digits, dtype=np.int64)
    st = structure(model, digits)
    if u is None:
        u = utilities(model, digits, nums)
    elif u.ndim == 2:
        u = u[None]
    ev = _evaluate(model, nums, st, u, np.atleast_2d(ranges), detail=detail, full=True)
    if not point:
        return ev
    keep = {"violates", "forbidden"}  # number-free: no draw axis to drop
    return Evaluation(**{f: (getattr(ev, f) if f in keep else getattr(ev, f)[0]) for f in _FIELDS})


_FIELDS = tuple(Evaluation.__dataclass_fields__)


def evaluate_numbers(
    model: Model, digits: np.ndarray, nums: Numbers
) -> tuple[np.ndarray, np.ndarray]:
    """``g`` and the deal indicator ``(D, n)`` of packages ``digits`` under draws ``nums``
    (whose ``ranges`` are set): the lean path of :func:`evaluate` for Monte Carlo."""
    digits = np.asarray(digits, dtype=np.int64)
    assert nums.ranges is not None
    u = utilities(model, digits, nums)
    return _evaluate(model, nums, structure(model, digits), u, nums.ranges, detail=False)


def _evaluate(
    model: Model,
    nums: Numbers,
    st: Structure,
    u: np.ndarray,
    ranges: np.ndarray,
    *,
    detail: bool = True,
    full: bool = False,
) -> Any:
    D, A, n = u.shape
    P = len(model.parties)
    d = nums.batna[:, :, None]
    eu, q_seen = _discounted(model, nums, st.digits, u)
    cost = _costs(model, nums, st.violates, n)
    net = eu - d if cost is None else eu - cost - d
    rng = ranges[:, :, None] if ranges.ndim == 2 else ranges
    support = np.full((D, A, n) if detail else (D, 0, 0), np.nan)
    shortfall = np.empty((D, A, n))
    for a in range(A):
        if model.roles[a] != "electorate":
            shortfall[:, a] = S.shortfall(net[:, a], 0.0, rng[:, a])
            continue
        if detail:
            support[:, a] = S.support(net[:, a], nums.mu[:, a, None], nums.sigma[:, a, None])
        if model.ratifier_only[a]:
            shortfall[:, a] = -np.inf
        else:
            shortfall[:, a] = S.shortfall(net[:, a], _levels(model, nums, a), rng[:, a])
    red = st.red[None]
    for a in np.unique(model.red_line_actor):
        shortfall[:, a] = S.red_line_shortfall(shortfall[:, a], st.red[a])
    accept = S.accepts(shortfall)

    # an open route makes a ceding package legal only when every (active) ratifier accepts:
    # an electorate by reaching the route's threshold in a referendum, a veto player as it
    # accepts any deal
    ratified = np.ones((D, P, n), dtype=bool)
    for p in range(P):
        if not (model.route_open[p] and model.ratifiers[p] and st.violates[p].any()):
            continue
        for r in model.ratifiers[p]:
            if model.roles[r] == "electorate":
                level = S.support_level(
                    nums.mu[:, r], nums.sigma[:, r], nums.route_threshold[:, p]
                )[:, None]
                sf = S.red_line_shortfall(S.shortfall(net[:, r], level, rng[:, r]), st.red[r])
                ratified[:, p] &= S.accepts(sf)
            else:
                ratified[:, p] &= accept[:, r]
    illegal = st.closed[None] | (st.violates[None] & ~ratified).any(axis=1)
    blocked = illegal | np.asarray(st.forbidden.any(axis=0))[None]

    counted = [a for a in range(A) if not model.ratifier_only[a]]
    g = S.gap(shortfall if len(counted) == A else shortfall[:, counted], blocked)
    deal = ~blocked & nums.valid[:, None]
    for a in counted:
        deal &= accept[:, a]
    if not full:
        return g, deal
    zero = np.broadcast_to(0.0, u.shape)  # read-only: no breach, no cost
    cost_out = zero if cost is None else cost
    q_out = zero if q_seen is None else q_seen
    return Evaluation(
        u=u,
        eu=eu,
        cost=cost_out,
        net=net,
        q=q_out,
        support=support,
        red_line=np.broadcast_to(red, (D, A, n)),
        accept=accept,
        shortfall=shortfall,
        violates=st.violates,
        ratified=ratified,
        illegal=illegal,
        forbidden=st.forbidden,
        g=g,
        deal=deal,
    )
