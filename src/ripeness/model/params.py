"""The uncertain numbers of a scenario, named by dotted path, and how to draw them.

Every number written as an uncertainty (DESIGN.md §2, "Uncertainty") becomes a
:class:`Parameter` named by the dotted path ``--set`` takes (``war.military_balance``,
``commitment.RU.breach``, ``utilities.UA.gov.weights.crimea``). Draws go through the inverse
CDF of each distribution, so the same code serves Monte Carlo (uniforms from a seeded
generator) and Sobol designs (points of the unit hypercube).

Poll shares (``electorates.*.calibration.*.support``) are parameters too when they are written
as an uncertainty or carry a sample size ``n`` (a normal sampling error
``sqrt(s (1 - s) / n)``): Monte Carlo refits the electorates in every draw (DESIGN.md §2).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel
from scipy.special import betaincinv, ndtri

from ..scenario import Scenario, Uncertain
from ..scenario.overrides import OverrideError, split_path
from ..scenario.schema import PollPoint

#: Top-level blocks that hold no model numbers.
_SKIP_TOP = frozenset(
    {
        "sources",
        "timeline",
        "metadata",
        "flags",
        "obstacles",
        "parties",
        "record",
        "outcome",
        "claims",
    }
)
#: Smallest and largest uniform fed to an inverse CDF (keeps normal draws finite).
_U_EPS = 1e-12


@dataclass(frozen=True)
class Parameter:
    """One number of a scenario that Monte Carlo, the tornado or Sobol vary.

    Attributes
    ----------
    path : str
        Dotted path, as ``--set`` takes it.
    number : Uncertain or None
        The number as written (None for a plain number or a field not written).
    value : float
        Its point value (DESIGN.md §2: the mode).
    """

    path: str
    number: Uncertain | None
    value: float

    @property
    def kind(self) -> str:
        return self.number.kind if self.number is not None else "fixed"

    @property
    def uncertain(self) -> bool:
        return self.kind != "fixed"

    def bounds(self) -> tuple[float, float]:
        """Low and high values for the tornado (:meth:`Uncertain.bounds`)."""
        if self.number is None:
            return (self.value, self.value)
        return self.number.bounds()

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF: the value at cumulative probability ``u`` (vectorised).

        Triangular ``(a, c, b)``: ``a + sqrt(u (b-a)(c-a))`` for ``u < (c-a)/(b-a)``, else
        ``b - sqrt((1-u)(b-a)(b-c))``; normal ``mean + sd Phi^-1(u)``; uniform
        ``low + u (high - low)``; beta ``low + (high - low) I^-1_u(a, b)``.
        """
        u = np.asarray(u, dtype=float)
        x = self.number
        if x is None or x.kind == "fixed":
            return np.full(u.shape, self.value)
        if x.kind == "triangular":
            a, b, c = float(x.low), float(x.high), x.point  # type: ignore[arg-type]
            if b <= a:
                return np.full(u.shape, a)
            fc = (c - a) / (b - a)
            left = a + np.sqrt(u * (b - a) * (c - a))
            right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
            return np.where(u < fc, left, right)
        if x.kind == "normal":
            uu = np.clip(u, _U_EPS, 1.0 - _U_EPS)
            return float(x.mean) + float(x.sd) * ndtri(uu)  # type: ignore[arg-type]
        if x.kind == "uniform":
            return float(x.low) + u * (float(x.high) - float(x.low))  # type: ignore[arg-type]
        lo = float(x.low) if x.low is not None else 0.0
        hi = float(x.high) if x.high is not None else 1.0
        return lo + (hi - lo) * betaincinv(float(x.a), float(x.b), u)  # type: ignore[arg-type]


def poll_share(support: Any, n: int | None) -> Uncertain | float:
    """A poll share as a number: its uncertainty as written, or with a sample size ``n`` a
    normal ``{mean: s, sd: sqrt(s (1 - s) / n)}`` (sampling error)."""
    if n is None or (isinstance(support, Uncertain) and support.uncertain):
        return support  # type: ignore[no-any-return]
    s = support.point if isinstance(support, Uncertain) else float(support)
    return Uncertain.model_validate(
        {
            "dist": "normal",
            "mean": s,
            "sd": float(np.sqrt(s * (1 - s) / n)),
            "source": getattr(support, "source", None),
        }
    )


def _walk(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if isinstance(node, Uncertain):
        yield path, node
    elif isinstance(node, PollPoint):
        share = poll_share(node.support, node.n)
        if isinstance(share, Uncertain):
            yield (*path, "support"), share
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if not path and name in _SKIP_TOP:
                continue
            yield from _walk(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, str(k)))
    elif isinstance(node, list | tuple):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, i))


def dotted(path: Sequence[str | int]) -> str:
    """``("war", "military_balance")`` -> ``"war.military_balance"``."""
    return ".".join(str(p) for p in path)


def uncertain_parameters(scenario: Scenario) -> tuple[Parameter, ...]:
    """Every number of the scenario given as an uncertainty, in file order.

    Returns
    -------
    tuple of Parameter
        Stable across runs: the order of the fields in the file.
    """
    out = []
    for path, x in _walk(scenario.spec, ()):
        if x.uncertain:
            out.append(Parameter(dotted(path), x, x.point))
    return tuple(out)


def lookup(scenario: Scenario, path: str) -> Parameter:
    """The parameter at a dotted path (a number as written, or a field not yet written).

    Raises
    ------
    ValueError
        When the path names a block, a non-numeric field, or no field.
    """
    for p in uncertain_parameters(scenario):
        if p.path == path:
            return p
    try:
        keys = split_path(scenario.data, path)
    except OverrideError as exc:
        raise ValueError(str(exc)) from None
    node: Any = scenario.data
    for k in keys:
        try:
            node = node[k]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    if isinstance(node, bool) or (node is not None and not isinstance(node, int | float | dict)):
        raise ValueError(f"{path!r} is not a number")
    if isinstance(node, dict):
        try:
            x = Uncertain.model_validate(node)
        except ValueError:
            raise ValueError(f"{path!r} is a block, not a number") from None
        return Parameter(dotted(keys), x, x.point)
    return Parameter(dotted(keys), None, float("nan") if node is None else float(node))


def draw(params: Sequence[Parameter], u: np.ndarray) -> np.ndarray:
    """Map uniforms ``u`` of shape ``(D, m)`` to parameter values ``(D, m)`` column by column."""
    u = np.asarray(u, dtype=float)
    x = np.empty_like(u)
    for j, p in enumerate(params):
        x[:, j] = p.ppf(u[:, j])
    return x


def sample(params: Sequence[Parameter], n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` joint draws (independent parameters), shape ``(n, m)``: one ``rng.random`` call."""
    return draw(params, rng.random((n, len(params))))


def point_row(params: Sequence[Parameter]) -> np.ndarray:
    """Every parameter at its point value, shape ``(1, m)``."""
    return np.array([[p.value for p in params]], dtype=float).reshape(1, len(params))


def parameters_at(scenario: Scenario, paths: Sequence[str]) -> tuple[Parameter, ...]:
    """The scenario's own reading of each path: its uncertain number, else the fixed value it
    writes (nan for a field it does not write). Lets several scenarios map the same uniforms
    through their own distributions (common random numbers)."""
    mine = {p.path: p for p in uncertain_parameters(scenario)}
    out = []
    for path in paths:
        if path in mine:
            out.append(mine[path])
            continue
        try:
            out.append(lookup(scenario, path))
        except ValueError:
            out.append(Parameter(path, None, float("nan")))
    return tuple(out)
