"""Every dotted path a user can ``--set`` or move as a lever: its value, range and source.

:func:`catalog` lists the numbers of a scenario in file order (those written, and those a
block takes by default), the flags, and each electorate's ``mu`` and ``sigma`` (fitted to its
polls when not written). :func:`require_number` says, in words, why a path is not a number
one can move: it does not exist (with the nearest path that does), or it names a block or
text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .numbers import Uncertain
from .overrides import OverrideError, split_path
from .shape import classify, kind_at
from .suggest import closest

if TYPE_CHECKING:
    from .scenario import Scenario

#: Top-level blocks whose numbers are not moved by ``--set`` or levers: tables of sources,
#: free metadata, dated overrides, observations held against the model, outcomes.
SKIP_TOP = frozenset(
    {"sources", "timeline", "metadata", "record", "outcome", "obstacles", "claims"}
)


@dataclass(frozen=True)
class Setting:
    """One path of a scenario that ``--set`` takes.

    Attributes
    ----------
    path : str
        Dotted path (``war.military_balance``).
    value : float or bool
        The value every deterministic analysis uses (an uncertain number's point value).
    low, high : float or None
        The uncertainty range (5% and 95% quantiles for a normal), None for a fixed number.
    kind : str
        ``fixed``, ``triangular``, ``normal``, ``uniform``, ``beta``; ``default`` (not written:
        the block's default), ``fitted`` (an electorate's ``mu``/``sigma`` fitted to polls) or
        ``flag`` (true or false; not a lever).
    source : str or None
        The source id of the number, or of the block it is written in.
    """

    path: str
    value: float | bool
    low: float | None
    high: float | None
    kind: str
    source: str | None

    @property
    def lever(self) -> bool:
        """Whether the path can be moved by ``levers``, ``sweep`` or ``--param``."""
        return self.kind != "flag"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(path: str, x: Any, source: str | None, written: bool) -> Setting:
    if isinstance(x, Uncertain):
        lo, hi = x.bounds() if x.uncertain else (None, None)
        return Setting(path, x.point, lo, hi, x.kind, x.source or source)
    return Setting(path, float(x), None, None, "fixed" if written else "default", source)


def _walk(node: Any, ann: Any, path: tuple[str, ...], source: str | None) -> Iterator[Setting]:
    kind = classify(ann)
    dotted = ".".join(path)
    if kind.kind == "num":
        if node is not None:
            yield _number(dotted, node, source, written=True)
        return
    if isinstance(node, BaseModel):
        here = getattr(node, "source", None)
        own = here if isinstance(here, str) else source
        for name, field in type(node).model_fields.items():
            if not path and name in SKIP_TOP:
                continue
            value = getattr(node, name)
            sub = (*path, name)
            if classify(field.annotation).kind == "num":
                if value is not None:
                    yield _number(".".join(sub), value, own, name in node.model_fields_set)
                continue
            yield from _walk(value, field.annotation, sub, own)
    elif isinstance(node, dict) and kind.kind == "dict":
        for k, v in node.items():
            yield from _walk(v, kind.child(), (*path, str(k)), source)
    elif isinstance(node, list | tuple) and kind.kind in ("list", "union"):
        child = kind.child() if kind.kind == "list" else Any
        for i, v in enumerate(node):
            yield from _walk(v, child if child is not Any else type(v), (*path, str(i)), source)


def catalog(scenario: Scenario) -> list[Setting]:
    """Every number and flag of a scenario that ``--set`` takes, in file order.

    Poll shares (``electorates.*.calibration``) are not listed: counterfactuals never refit
    the electorates, so ``--set`` refuses them; each electorate's ``mu`` and ``sigma`` are
    listed instead, with their fitted values when the file does not write them.
    """
    spec = scenario.spec
    out = [Setting(f"flags.{k}", v, None, None, "flag", None) for k, v in spec.flags.items()]
    for item in _walk(spec, type(spec), (), None):
        if ".calibration." not in item.path:
            out.append(item)
    fitted: Mapping[str, tuple[float, float]] = scenario.calibration or {}
    for aid, e in spec.electorates.items():
        for name, k in (("mu", 0), ("sigma", 1)):
            if getattr(e, name) is None and aid in fitted:
                value = float(fitted[aid][k])
                out.append(Setting(f"electorates.{aid}.{name}", value, None, None, "fitted", None))
    return out


def number_problem(data: Any, path: str, numbers: Callable[[], list[str]] = list) -> str | None:
    """Why ``path`` names no number of the scenario ``data`` (its raw YAML tree), or None.

    ``numbers()`` lists the paths that are numbers, for a "did you mean" (called only when
    the path does not exist).
    """

    def missing(detail: str = "") -> str:
        best = closest(path, numbers())
        hint = f" (did you mean `{best}`?)" if best else ""
        return f"{path!r} does not exist{detail}{hint}; `ripeness params` lists the numbers"

    try:
        keys = split_path(data, path)
    except OverrideError as exc:
        return missing(f": {exc.reason}")
    kind = kind_at(keys)
    if kind is None:
        return missing()
    if kind.kind == "any":  # free data (`metadata:`): the model says whether it is read
        return None
    node: Any = data
    for i, k in enumerate(keys[:-1]):
        try:
            node = node[k]
        except (KeyError, IndexError, TypeError):
            where = ".".join(map(str, keys[: i + 1]))
            return missing(f": the scenario has no `{where}`")
    if kind.kind not in ("num", "float", "int"):
        what = {"model": "a block", "dict": "a block", "list": "a list", "bool": "a flag"}
        return f"{path!r} is {what.get(kind.kind, 'text')}, not a number"
    return None


def poll_problem(data: Any, path: str) -> str | None:
    """Why ``path`` cannot be a counterfactual, when it is a poll an electorate is fitted to.

    Counterfactuals never refit (docs/model.md, "Electorates"): ``--set``, levers, sweeps and
    claims change what the public is offered and believes, not its disposition, so a changed
    poll share would have no effect. None for any other path.
    """
    try:
        keys = split_path(data, path)
    except OverrideError:
        return None
    if len(keys) >= 3 and keys[0] == "electorates" and keys[2] == "calibration":
        return (
            f"{path!r} is a poll the electorate is fitted to, and counterfactuals never "
            f"refit: set electorates.{keys[1]}.mu or electorates.{keys[1]}.sigma instead, "
            "or edit the scenario file"
        )
    return None


def spec_numbers(spec: BaseModel) -> list[str]:
    """The dotted paths of the numbers a scenario's spec writes or takes by default."""
    return [s.path for s in _walk(spec, type(spec), (), None) if ".calibration." not in s.path]


def require_number(scenario: Scenario, path: str) -> None:
    """Raise a ValueError in words unless ``path`` names a number of the scenario.

    A number is one written in the file, or a numeric field of a block the file has (a
    default such as ``war.military_balance``, or an electorate's ``mu``).

    Raises
    ------
    ValueError
        ``'war.balance' does not exist (did you mean `war.military_balance`?)``, or
        ``... is a block, not a number``.
    """
    problem = number_problem(
        scenario.data, path, lambda: [s.path for s in catalog(scenario) if s.lever]
    )
    if problem is not None:
        raise ValueError(problem)


__all__ = ["SKIP_TOP", "Setting", "catalog", "number_problem", "require_number", "spec_numbers"]
