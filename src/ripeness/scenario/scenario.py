"""The :class:`Scenario` object: a validated scenario file and where its fields are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from .errors import Path, Problem, ScenarioError, problem_at
from .overrides import OverrideError, apply_overrides
from .salvage import salvage
from .schema import ScenarioSpec
from .validate import problems as semantic_problems
from .yamlio import load_yaml

#: The scenario that commands use when none is named.
DEFAULT_SCENARIO = "russia-ukraine-2026-06"


@dataclass(frozen=True)
class Scenario:
    """A validated scenario.

    Attributes
    ----------
    spec : ScenarioSpec
        The parsed scenario.
    data : dict
        The raw tree as written (after overrides), for editing and saving.
    file : str
        Where it came from.
    positions : mapping
        Line and column of every field of the file.
    overrides : tuple
        ``(dotted path, value)`` pairs applied to the file as written.
    calibration : mapping or None
        Electorate parameters ``{actor: (mu, sigma)}`` fitted once on the file as written
        (docs/model.md, "Electorates"); filled by :func:`ripeness.load`.
    written : dict or None
        The raw tree as written, before any override (None: ``data`` is as written).
    """

    spec: ScenarioSpec
    data: dict[str, Any]
    file: str = "<string>"
    positions: Mapping[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    overrides: tuple[tuple[str, Any], ...] = ()
    calibration: Mapping[str, tuple[float, float]] | None = field(default=None, repr=False)
    written: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.spec.scenario

    @property
    def title(self) -> str:
        return self.spec.title or self.spec.scenario

    @property
    def obstacle_ids(self) -> list[str]:
        return list(self.spec.obstacles)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Scenario:
        """A new scenario with ``{dotted.path: value}`` overrides applied and re-validated.

        The electorate calibration is kept: overrides never refit it.
        """
        if not overrides:
            return self
        try:
            data = apply_overrides(self.data, dict(overrides))
        except OverrideError as exc:
            where = "--set" if exc.path is None else f"--set {exc.path}"
            raise ScenarioError([Problem(self.file, 0, 0, where, exc.reason)]) from None
        # the timeline is checked when the file is read; again only when an override edits it
        edits_timeline = any(str(k).split(".", 1)[0] == "timeline" for k in overrides)
        try:
            new = parse(data, self.file, self.positions, timeline=edits_timeline)
        except ScenarioError as exc:
            raise ScenarioError(_blame(exc.problems, list(overrides))) from None
        return replace(
            new,
            overrides=(*self.overrides, *dict(overrides).items()),
            calibration=self.calibration,
            written=self.written if self.written is not None else self.data,
        )

    def as_written(self) -> Scenario:
        """The scenario as written in its file, without overrides (the one electorates are
        calibrated on)."""
        if self.written is None:
            return self
        return parse(self.written, self.file, self.positions)

    def _repr_html_(self) -> str:
        """The title and id (escaped), for notebooks."""
        from html import escape

        return f"<b>{escape(self.title)}</b> <code>{escape(self.id)}</code>"


def _blame(problems: list[Problem], paths: list[str]) -> list[Problem]:
    """Problems of an overridden scenario, each naming the ``--set`` path it comes from."""
    out = []
    for p in problems:
        cause = next(
            (k for k in paths if p.path == k or p.path.startswith((f"{k}.", f"{k}[")) or
             k.startswith(f"{p.path}.")),
            None,
        )  # fmt: skip
        why = f" (from --set {cause})" if cause is not None else " (after --set)"
        out.append(replace(p, message=p.message + why))
    return out


def parse(
    data: Any,
    file: str = "<string>",
    positions: Mapping[Path, tuple[int, int]] | None = None,
    *,
    timeline: bool = True,
) -> Scenario:
    """Validate raw scenario data (shape, then cross-references, then the timeline).

    With ``timeline`` (the default), the scenario at every date of its ``timeline:`` (the
    entries' ``set:`` applied cumulatively in date order, as :func:`ripeness.timeline` does)
    is validated too, and its problems are reported at the entry that brings them.

    Raises
    ------
    ScenarioError
        Listing every problem with ``file:line:col``.
    """
    positions = positions or {}
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, 1, 1, "<root>", "a scenario is a YAML mapping")])
    problems: list[Problem] = []
    read = spec = None
    readable, keep = data, None
    try:
        read = spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        found = salvage(data, exc, file, positions)
        problems, read, readable, keep = list(found.problems), found.spec, found.data, found
        if read is not None:  # the cross-references of what could be read
            problems += [
                problem_at(file, positions, p, m)
                for p, m in semantic_problems(read, found.data)
                if found.relevant(p, m)
            ]
    else:
        problems = [problem_at(file, positions, p, m) for p, m in semantic_problems(spec, data)]
    problems = _in_file_order(problems)
    if timeline and read is not None and read.timeline:
        known = {(p.path, p.message) for p in problems}
        pairs = _timeline_problems(read, readable, file, positions, known)
        # on the repaired copy: not the problems its placeholders make
        problems += [
            d for d, inner in pairs if keep is None or keep.relevant(inner.path, inner.message)
        ]
    if problems or spec is None:
        raise ScenarioError(problems or [Problem(file, 0, 0, "<root>", "not a valid scenario")])
    return Scenario(spec=spec, data=data, file=file, positions=positions)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by line and column (those without a position last), duplicates once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line == 0, p.line, p.col)):
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


def _timeline_problems(
    spec: ScenarioSpec,
    data: dict[str, Any],
    file: str,
    positions: Mapping[Path, tuple[int, int]],
    known: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[Problem, Problem]]:
    """Problems of the scenario at each date of its timeline, located at the entry's ``set:``.

    ``known`` are ``(field, message)`` of the file's own problems, not repeated at each date.
    Returns ``(problem at the entry, the problem of the dated scenario it reports)`` pairs.
    """
    out: list[tuple[Problem, Problem]] = []
    seen: set[tuple[str, str]] = set(known)
    acc: dict[str, Any] = {}
    order = sorted(enumerate(spec.timeline), key=lambda e: (e[1].date, e[0]))
    for i, entry in order:
        acc.update(entry.set)
        base: Path = ("timeline", i, "set")
        try:
            parse(apply_overrides(data, acc), file, positions, timeline=False)
        except OverrideError as exc:
            p = problem_at(file, positions, base, f"{entry.date}: {exc}")
            out.append((p, p))
        except ScenarioError as exc:
            for p in exc.problems:
                key = next(
                    (k for k in entry.set if p.path == k or p.path.startswith(f"{k}.")), None
                )
                if key is None and (p.path, p.message) in seen:
                    continue
                seen.add((p.path, p.message))
                where = base if key is None else (*base, key)
                msg = f"at {entry.date}, {p.path}: {p.message}"
                out.append((problem_at(file, positions, where, msg), p))
    return out


def parse_text(text: str, file: str = "<string>") -> Scenario:
    """Parse and validate scenario YAML text."""
    data, positions = load_yaml(text, file)
    return parse(data, file, positions)


#: Folders of packaged scenarios: the scenarios proper, and the case library.
PACKAGED = ("scenarios", "cases")


def packaged_scenarios(kind: str | None = None) -> list[str]:
    """Names of the scenarios shipped with ripeness (``kind``: ``"scenarios"`` or ``"cases"``
    for one folder only; default both, scenarios first)."""
    out: list[str] = []
    for folder in PACKAGED if kind is None else (kind,):
        root = resources.files("ripeness") / folder
        if root.is_dir():
            out += sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))
    return out


def packaged_cases() -> list[str]:
    """Names of the historical cases of the case library (scenarios with an ``outcome:``)."""
    return packaged_scenarios("cases")


def packaged_text(name: str) -> str | None:
    """The YAML text of a packaged scenario or case (None when there is none of that name)."""
    for folder in PACKAGED:
        res = resources.files("ripeness") / folder / f"{name}.yaml"
        if res.is_file():
            return res.read_text(encoding="utf-8")
    return None


def read_scenario(source: str | FsPath | None = None) -> Scenario:
    """Read a scenario file, or a packaged scenario or case by name (default: the flagship).

    Raises
    ------
    ScenarioError
        When the file is missing, unreadable or invalid.
    """
    if source is None:
        source = DEFAULT_SCENARIO
    text: str | None
    name = str(source)
    path = FsPath(name)
    text = None if path.exists() else packaged_text(name)
    if text is not None:
        file = f"{name}.yaml"
    else:
        file = name
        if not path.is_file():
            known = ", ".join(packaged_scenarios("scenarios"))
            raise ScenarioError(
                [
                    Problem(
                        file,
                        0,
                        0,
                        "<file>",
                        f"no such file (packaged scenarios: {known}; cases: `ripeness scenarios`)",
                    )
                ]
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError([Problem(file, 0, 0, "<file>", str(exc))]) from None
    return parse_text(text, file)
