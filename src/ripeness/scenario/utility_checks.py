"""Checks of one actor's utility after `like:` (weights, values), and the words for an unknown id.

Split from :mod:`ripeness.scenario.validate` so each module has one job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .errors import Path
from .numbers import point
from .resolve import ResolvedUtility
from .schema import ScenarioSpec
from .suggest import closest, did_you_mean

Found = tuple[Path, str]


def unknown(
    kind: str, name: object, choices: Iterable[object], of: str = "", where: str = ""
) -> str:
    """``unknown obstacle 'x'`` and the nearest known id (else ``where``, where ids are listed).

    ``of`` follows the name (`` of issue 'north'``).
    """
    hint = did_you_mean(str(name), [str(c) for c in choices])
    return f"unknown {kind} {name!r}{of}" + (hint or where)


def utility_problems(spec: ScenarioSpec, r: ResolvedUtility) -> Iterator[Found]:
    """Problems of one resolved utility, as (path below the actor's entry, message)."""
    issues = spec.issues
    for k in r.weights:
        if k not in issues:
            yield ("weights", k), unknown("issue", k, issues)
    missing = [k for k in issues if k not in r.weights]
    if missing:
        yield ("weights",), "weights do not cover the issues: missing " + ", ".join(missing)
    for k, w in r.weights.items():
        if point(w) < 0:
            yield ("weights", k), "weights must be >= 0"
    offered: dict[str, set[str]] = {}  # options suggested for a misspelt one, per issue
    for k, vals in r.values.items():
        if k not in issues:
            yield ("values", k), unknown("issue", k, issues)
            continue
        for o in vals:
            if o not in issues[k].options:
                lacking = [x for x in issues[k].options if x not in vals]
                best = closest(o, lacking)
                if best is not None:
                    offered.setdefault(k, set()).add(best)
                yield (
                    ("values", k, o),
                    unknown("option", o, [best] if best else issues[k].options, f" of issue {k!r}"),
                )
    for k, issue in issues.items():
        have = r.values.get(k, {})
        lacking = [o for o in issue.options if o not in have and o not in offered.get(k, ())]
        if lacking and point(r.weights.get(k, 0.0), 0.0) != 0.0:
            yield ("values",), f"values of issue {k!r} miss options: " + ", ".join(lacking)


def says_nothing(r: ResolvedUtility) -> bool:
    return bool(r.weights) and not r.bundles and all(point(w) == 0 for w in r.weights.values())


__all__ = ["says_nothing", "unknown", "utility_problems"]
