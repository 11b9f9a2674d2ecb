"""Write a ripeness scenario dict as GENIUS XML (a domain and one profile per actor)."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .genius import GeniusFormatError, make_id, number
from .genius_names import tag_domain, tag_issue, tag_profile

__all__ = ["write_genius"]

_ENUMERATE_LIMIT = 200_000  # packages; below it the exact best utility sets `maxutility`
_MAX_RECTANGLES = 100_000


@dataclass
class _Issue:
    id: str
    name: str
    options: list[str]
    labels: list[str]
    codes: list[int]  # integer value of each option when written as an integer issue
    positional: bool  # codes are positions, not the option ids themselves


@dataclass
class _Utility:
    weights: list[float]  # normalised to sum 1 (all 0 when every weight is 0)
    values: list[list[float]]
    bundles: list[tuple[dict[int, list[int]], float]]  # {issue position: option positions}


def _issues(scenario: Mapping[str, Any]) -> list[_Issue]:
    specs = scenario.get("issues")
    if not isinstance(specs, Mapping) or not specs:
        raise GeniusFormatError("scenario: no 'issues' mapping")
    out = []
    for iid, spec in specs.items():
        opts = spec.get("options") if isinstance(spec, Mapping) else None
        if isinstance(opts, Mapping):
            pairs = [
                (str(o), str(v.get("label", o)) if isinstance(v, Mapping) else str(o))
                for o, v in opts.items()
            ]
        elif isinstance(opts, Sequence) and not isinstance(opts, str):
            pairs = [(str(o), str(o)) for o in opts]
        else:
            raise GeniusFormatError(f"scenario: issue '{iid}' has no options")
        if not pairs:
            raise GeniusFormatError(f"scenario: issue '{iid}' has no options")
        options = [o for o, _ in pairs]
        ints = [int(o) for o in options if re.fullmatch(r"-?[0-9]+", o) and str(int(o)) == o]
        consecutive = len(ints) == len(options) and ints == list(
            range(ints[0], ints[0] + len(ints))
        )
        codes = ints if consecutive else list(range(len(options)))
        label = spec.get("label") or spec.get("title")
        name = str(label) if label else str(iid)
        out.append(
            _Issue(str(iid), name, options, [lab for _, lab in pairs], codes, not consecutive)
        )
    return out


def _resolve(utilities: Mapping[str, Any], actor: str, stack: tuple[str, ...] = ()) -> dict:
    spec = utilities.get(actor)
    if not isinstance(spec, Mapping):
        raise GeniusFormatError(f"scenario: no utilities for actor '{actor}'")
    if actor in stack:
        raise GeniusFormatError(f"scenario: 'like:' cycle through {' -> '.join((*stack, actor))}")
    if "like" in spec:
        base = _resolve(utilities, str(spec["like"]), (*stack, actor))
    else:
        base = {"weights": {}, "values": {}, "bundles": [], "red_lines": []}
    values = {k: dict(v) for k, v in base["values"].items()}
    for k, m in (spec.get("values") or {}).items():  # given values replace issue by issue
        values[str(k)] = {str(o): x for o, x in (m or {}).items()}
    return {
        "weights": {
            **base["weights"],
            **{str(k): v for k, v in (spec.get("weights") or {}).items()},
        },
        "values": values,
        "bundles": list(spec["bundles"] or []) if "bundles" in spec else base["bundles"],
        "red_lines": list(spec["red_lines"] or []) if "red_lines" in spec else base["red_lines"],
    }


def _utility(actor: str, spec: dict, issues: list[_Issue]) -> _Utility:
    where = f"scenario: utilities of '{actor}'"
    if spec["red_lines"]:
        raise GeniusFormatError(f"{where}: red_lines cannot be represented in GENIUS")
    position = {i.id: k for k, i in enumerate(issues)}
    for key in [*spec["weights"], *spec["values"]]:
        if key not in position:
            raise GeniusFormatError(f"{where}: unknown issue '{key}'")
    raw = [number(spec["weights"].get(i.id, 0), f"{where}: weight of '{i.id}'") for i in issues]
    if any(w < 0 for w in raw):
        raise GeniusFormatError(f"{where}: negative weights cannot be represented in GENIUS")
    total = math.fsum(raw)
    weights = raw  # kept as written when they already sum to 1 (exact round trips)
    if abs(total - 1) > 1e-9:
        weights = [w / total if total else 0.0 for w in raw]
    values = []
    for issue, w in zip(issues, weights, strict=True):
        given = spec["values"].get(issue.id, {})
        unknown = set(given) - set(issue.options)
        missing = [o for o in issue.options if o not in given]
        if unknown or (w > 0 and missing):
            raise GeniusFormatError(
                f"{where}: values of '{issue.id}': unknown {sorted(unknown)}, missing {missing}"
            )
        values.append(
            [number(given.get(o, 0), f"{where}: value of {issue.id}.{o}") for o in issue.options]
        )
    bundles = []
    for b in spec["bundles"]:
        when = b.get("when") if isinstance(b, Mapping) else None
        if not isinstance(when, Mapping) or not when:
            raise GeniusFormatError(f"{where}: a bundle without a non-empty 'when': {b!r}")
        cond = {}
        for iid, opts in when.items():
            if str(iid) not in position:
                raise GeniusFormatError(f"{where}: a bundle names unknown issue '{iid}'")
            issue = issues[position[str(iid)]]
            opts = [opts] if isinstance(opts, str | int) else list(opts)
            bad = [o for o in opts if str(o) not in issue.options]
            if bad:
                raise GeniusFormatError(f"{where}: a bundle names unknown options {bad} of '{iid}'")
            cond[position[str(iid)]] = sorted({issue.options.index(str(o)) for o in opts})
        bundles.append((cond, number(b.get("value"), f"{where}: bundle value")))
    return _Utility(weights, values, bundles)


def _best(u: _Utility, issues: list[_Issue]) -> float | None:
    """The exact largest utility when the package space is small enough, else None."""
    sizes = [len(i.options) for i in issues]
    if math.prod(sizes) > _ENUMERATE_LIMIT:
        return None
    idx = np.unravel_index(np.arange(math.prod(sizes)), sizes)
    total = sum(w * np.asarray(v)[ix] for w, v, ix in zip(u.weights, u.values, idx, strict=True))
    total = np.zeros(len(idx[0])) + total
    for cond, value in u.bundles:
        mask = np.ones(len(idx[0]), dtype=bool)
        for k, opts in cond.items():
            mask &= np.isin(idx[k], opts)
        total += value * mask
    return float(total.max())


def _el(parent: ET.Element | None, tag: str, **attrs: Any) -> ET.Element:
    attrs = {k: v if isinstance(v, str) else _fmt(v) for k, v in attrs.items()}
    return ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _objective(parent: ET.Element, name: str, issues: list[_Issue], integer: bool) -> ET.Element:
    obj = _el(
        parent,
        "objective",
        index="0",
        etype="objective",
        type="objective",
        description="",
        name=name,
    )
    for k, issue in enumerate(issues, 1):
        if integer:
            desc = (
                "; ".join(
                    f"{c}={o} ({lab})"
                    for c, o, lab in zip(issue.codes, issue.options, issue.labels, strict=True)
                )
                if issue.positional
                else ""
            )
            _el(
                obj,
                "issue",
                index=str(k),
                etype="integer",
                type="integer",
                vtype="integer",
                name=issue.name,
                lowerbound=issue.codes[0],
                upperbound=issue.codes[-1],
                description=desc,
            )
            tag_issue(obj.findall("issue")[-1], issue.id, issue.options, True, issue.labels)
        else:
            el = _el(
                obj,
                "issue",
                index=str(k),
                etype="discrete",
                type="discrete",
                vtype="discrete",
                name=issue.name,
            )
            for j, lab in enumerate(issue.labels, 1):
                _el(el, "item", index=str(j), value=lab)
            tag_issue(el, issue.id, issue.options, integer=False)
    return obj


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _nonlinear(obj: ET.Element, u: _Utility, issues: list[_Issue], scale: float) -> None:
    ufun = _el(
        _el(obj, "utility", maxutility=scale),
        "ufun",
        type="PlainUfun",
        weight="1",
        aggregation="sum",
    )
    rects: list[tuple[dict[int, list[int]], float]] = [
        ({k: [j]}, w * v[j])
        for k, (w, v) in enumerate(zip(u.weights, u.values, strict=True))
        if w
        for j in range(len(v))
        if v[j]
    ]
    for cond, value in [*rects, *u.bundles]:
        if any(not opts for opts in cond.values()):
            continue  # an empty option set never holds
        per_issue = [
            [(k, r) for r in _runs([issues[k].codes[j] for j in opts])] for k, opts in cond.items()
        ]
        if math.prod(len(p) for p in per_issue) > _MAX_RECTANGLES:
            raise GeniusFormatError("scenario: a bundle needs too many GENIUS hyperRectangles")
        for combo in itertools.product(*per_issue):
            rect = _el(ufun, "hyperRectangle", utility=value)
            for k, (lo, hi) in combo:
                _el(rect, "INCLUDES", index=str(k + 1), min=lo, max=hi)


def _profile(name, u, issues, integer, reservation, discount, scale) -> ET.Element:
    root = _el(None, "utility_space", **({"type": "nonlinear"} if integer else {}))
    obj = _objective(root, name, issues, integer)
    if integer:
        _nonlinear(obj, u, issues, scale)
    else:
        tops = [max(v) for v in u.values]
        for k, (w, v) in enumerate(zip(u.weights, u.values, strict=True)):
            weight = w if tops[k] == scale else w * tops[k] / scale
            item_parent = obj.findall("issue")[k]
            for item, x in zip(item_parent.findall("item"), v, strict=True):
                item.set("evaluation", _fmt(x))
            _el(obj, "weight", index=str(k + 1), value=weight)
    if discount is not None:
        _el(root, "discount_factor", value=discount)
    _el(root, "reservation", value=reservation)
    return root


def _linear_scale(u: _Utility) -> float:
    """GENIUS utility = ripeness utility / scale for a linear profile (see write_genius)."""
    weighted = [v for w, v in zip(u.weights, u.values, strict=True) if w > 0]
    if any(min(v) < 0 for v in weighted):
        raise GeniusFormatError(
            "scenario: negative option values cannot be written to a linear GENIUS profile "
            "(GENIUS evaluations are >= 0)"
        )
    tops = [max(v) for v in weighted]
    if not tops or max(tops) == 0:
        return 100.0
    if all(t == tops[0] for t in tops):
        return tops[0]
    return math.fsum(w * max(v) for w, v in zip(u.weights, u.values, strict=True))


def _tostring(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_genius(
    scenario: Mapping[str, Any], out_dir: str | Path, *, actors: Sequence[str] | None = None
) -> list[Path]:
    """Export a scenario dict to GENIUS XML: a domain file and one profile per actor.

    Parameters
    ----------
    scenario : Mapping
        Scenario raw data in the YAML format (from :func:`read_genius`, or hand-written).
        ``like:`` inheritance is resolved as the scenario loader does (weights issue by issue,
        values issue by issue, bundles and red lines as whole lists); numbers may be plain or
        ``{value|mode|mean, ...}`` mappings (``value`` first, then ``mode``, then ``mean``).
    out_dir : str or Path
        Folder to write into (created if needed).
    actors : sequence of str, optional
        Actors to export, one profile each. Default: every principal.

    Returns
    -------
    list of Path
        The domain file, then the profiles in actor order.

    Raises
    ------
    GeniusFormatError
        If the scenario cannot be represented: red lines, negative weights, negative option
        values in a bundle-free scenario, missing values or unknown issues/options.

    Notes
    -----
    - Without bundles every profile is linear additive: discrete issues whose items are the
      option labels, weights normalised to sum 1, evaluations = values. GENIUS divides each
      issue's evaluations by their largest; when the issues' largest values differ, the weights
      absorb the difference and utilities are divided by the best package's utility.
    - With bundles (any exported actor) every issue is written as an integer issue (the option
      ids when they are consecutive integers, else the option positions 0..n-1, listed in the
      issue's ``description``) and every profile as a non-linear ``hyperRectangle`` profile: one
      single-issue rectangle per weighted option value plus one rectangle per bundle (per
      combination of contiguous option runs). ``maxutility`` is 100, or the best package's
      utility when that is larger and the package space has at most 200,000 packages (GENIUS
      caps utilities at 1).
    - Reservation values are ``batna / scale`` (0 without ``batna``; with ``war:`` compute the
      disagreement point first). Discount factors come from ``metadata.genius.discount_factor``.
    - Ids and names (issue and option ids, the scenario's id and title, each profile's actor,
      party and party name) are written in attributes of their own namespace, which GENIUS
      ignores and :func:`read_genius` reads back (:mod:`ripeness.interop.genius_names`).
    - File names come from ``metadata.genius.source_files`` when present, else
      ``<scenario>.xml`` and ``<scenario>-<actor>.xml``. Nothing is written unless every file
      can be produced.
    """
    meta = (scenario.get("metadata") or {}).get("genius") or {}
    issues = _issues(scenario)
    roles = scenario.get("actors") or {}
    if actors is None:
        actors = [
            a for a, s in roles.items() if isinstance(s, Mapping) and s.get("role") == "principal"
        ]
    actors = [str(a) for a in actors]
    if not actors:
        raise GeniusFormatError("scenario: no actors to export (no principals)")
    utilities = scenario.get("utilities") or {}
    utils = [_utility(a, _resolve(utilities, a), issues) for a in actors]
    integer = any(u.bundles for u in utils)
    scenario_id = make_id(str(scenario.get("scenario", "scenario")), fallback="scenario")
    files = [str(f) for f in meta.get("source_files") or []]
    safe = all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.xml", f) for f in files)
    if not safe or len(files) != len(actors) + 1 or len(set(files)) != len(files):
        files = [f"{scenario_id}.xml"] + [f"{scenario_id}-{make_id(a)}.xml" for a in actors]
    objective = str(meta.get("objective") or scenario_id)
    batna = scenario.get("batna") or {}
    kept_r = meta.get("reservation_value") or {}
    discounts = meta.get("discount_factor") or {}

    template = _el(None, "negotiation_template")
    tag_domain(template, scenario)
    _objective(
        _el(template, "utility_space", number_of_issues=str(len(issues))),
        objective,
        issues,
        integer,
    )
    texts = [_tostring(template)]
    for actor, u in zip(actors, utils, strict=True):
        if integer:
            best = _best(u, issues)
            scale = 100.0 if best is None or best <= 100 else best
        else:
            scale = _linear_scale(u)
        d = number(batna.get(actor, 0), f"scenario: batna of '{actor}'")
        r = kept_r.get(actor)
        keep = r is not None and scale == 100 and 100.0 * float(r) == d
        reservation = float(r) if keep and r is not None else d / scale
        disc = discounts.get(actor)
        disc = None if disc is None else number(disc, f"scenario: discount factor of '{actor}'")
        profile = _profile(objective, u, issues, integer, reservation, disc, scale)
        tag_profile(profile, actor, scenario)
        texts.append(_tostring(profile))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f for f in files]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    return paths
