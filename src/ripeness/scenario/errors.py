"""Problems found in a scenario, reported as ``file:line:col: field: message``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Dotted path into the scenario tree (``utilities.A.gov.bundles.0.when``), as for --set."""
    return ".".join(str(p) for p in path) or "<root>"


@dataclass(frozen=True)
class Problem:
    """One problem in a scenario file.

    Attributes
    ----------
    file : str
        File name (or ``<string>``).
    line, col : int
        1-based position of the offending field (0 when unknown).
    path : str
        Dotted path of the field.
    message : str
        What is wrong, in words.
    """

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "field": self.path,
            "message": self.message,
        }


class ScenarioError(ValueError):
    """A scenario that cannot be used; carries every :class:`Problem` found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid scenario")


def locate(positions: Mapping[Path, tuple[int, int]], path: Path) -> tuple[int, int, Path]:
    """Position of the deepest existing prefix of ``path``.

    Parts of ``path`` that do not name a node of the file (pydantic's union tags, say) are
    skipped, so a pydantic error location maps to the nearest field the user wrote.
    """
    found: Path = ()
    probe: Path = ()
    for part in path:
        cand = (*probe, part)
        if cand in positions:
            probe = cand
            found = cand
    line, col = positions.get(found, (0, 0))
    return line, col, found


def problem_at(
    file: str, positions: Mapping[Path, tuple[int, int]], path: Path, message: str
) -> Problem:
    """Build a :class:`Problem` for ``path``, located in the file where possible."""
    line, col, _ = locate(positions, path)
    return Problem(file, line, col, format_path(path), message)
