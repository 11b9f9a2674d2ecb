"""Every number of a scenario, with its dotted path, value, uncertainty and source.

The report's assumptions table: a walk over the raw scenario tree (``Scenario.data``). A number
is a plain YAML number or a number mapping (``{value, source}``, ``{mode, low, high}``,
``{dist: normal, mean, sd}``, ...). A number without its own ``source:`` takes the source of
the nearest enclosing block that names one (``control.north: {cutpoints: [...], source: j}``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..scenario import Scenario
from ..scenario.numbers import Uncertain, is_number_mapping

#: Top-level blocks that hold no assumptions (bibliography and free-form metadata).
SKIP = frozenset({"sources", "metadata"})


@dataclass(frozen=True)
class Assumption:
    """One number of the scenario.

    Attributes
    ----------
    path : str
        Dotted path, usable with ``--set PATH=VALUE``.
    value : float
        The point value every deterministic analysis uses.
    low, high : float or None
        Uncertainty range (5% and 95% quantiles for a normal); None when the number is fixed.
    distribution : str
        ``fixed``, ``triangular``, ``normal(mean, sd)``, ``uniform``, ``beta(a, b)``.
    source : str or None
        Id in the scenario's ``sources:`` table.
    source_title : str or None
        Its title (the id itself when the table has no such entry).
    inherited : bool
        Whether the source comes from an enclosing block.
    note : str or None
    """

    path: str
    value: float
    low: float | None
    high: float | None
    distribution: str
    source: str | None
    source_title: str | None
    inherited: bool
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "distribution": self.distribution,
            "source": self.source,
            "source_title": self.source_title,
            "inherited_source": self.inherited,
            "note": self.note,
        }


def _describe(u: Uncertain) -> str:
    kind = u.kind
    if kind == "normal":
        return f"normal(mean {u.mean:g}, sd {u.sd:g})"
    if kind == "beta":
        return f"beta({u.a:g}, {u.b:g})"
    return kind


def _walk(
    node: Any, path: tuple[str, ...], source: str | None
) -> Iterator[tuple[str, Any, str | None]]:
    if isinstance(node, bool):
        return
    if isinstance(node, int | float):
        yield ".".join(path), node, source
        return
    if isinstance(node, dict):
        if is_number_mapping(node):
            yield ".".join(path), node, source
            return
        own = node.get("source")
        here = own if isinstance(own, str) else source
        for k, v in node.items():
            yield from _walk(v, (*path, str(k)), here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, str(i)), source)


def assumptions(scenario: Scenario) -> list[Assumption]:
    """Every number of ``scenario`` in file order (blocks ``sources`` and ``metadata`` skipped).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Assumption
    """
    titles = {k: s.title for k, s in scenario.spec.sources.items()}
    rows: list[Assumption] = []
    for key, block in scenario.data.items():
        if key in SKIP:
            continue
        for path, raw, inherited_source in _walk(block, (str(key),), None):
            if isinstance(raw, dict):
                try:
                    u = Uncertain.model_validate(raw)
                except ValueError:  # pragma: no cover - the scenario was validated
                    continue
                value = u.point
                low, high = u.bounds() if u.uncertain else (None, None)
                dist, note = _describe(u), u.note
                own = u.source
            else:
                value, low, high, dist, note, own = float(raw), None, None, "fixed", None, None
            src = own or inherited_source
            rows.append(
                Assumption(
                    path=path,
                    value=float(value),
                    low=None if low is None else float(low),
                    high=None if high is None else float(high),
                    distribution=dist,
                    source=src,
                    source_title=titles.get(src, src) if src else None,
                    inherited=own is None and src is not None,
                    note=note,
                )
            )
    return rows
