"""Read GENIUS XML (a domain and its profiles) into a ripeness scenario dict."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .genius import GeniusFormatError, make_id, parse_xml, tidy, unique_id
from .genius_names import (
    carried_parties,
    domain_names,
    issue_labels,
    issue_names,
    profile_names,
    unique_ids,
)

__all__ = ["read_genius"]

_MAX_INTEGER_RANGE = 100_000


@dataclass
class _Issue:
    index: int  # the GENIUS `index` attribute (profiles refer to issues by it)
    name: str
    id: str
    kind: str  # "discrete" or "integer"
    labels: list[str]  # item values, or str(v) for an integer issue
    options: list[str] = field(default_factory=list)  # ripeness option ids, same order
    lower: int = 0
    shown: list[str] | None = None  # option labels carried by write_genius (integer issues)


def _attr(el: ET.Element, name: str, file: str, what: str) -> str:
    value = el.get(name)
    if value is None:
        raise GeniusFormatError(f"{file}: {what} has no '{name}' attribute")
    return value


def _num(text: str, file: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GeniusFormatError(f"{file}: {what} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise GeniusFormatError(f"{file}: {what} is not finite: {text!r}")
    return value


def _int(text: str, file: str, what: str) -> int:
    value = _num(text, file, what)
    if not value.is_integer():
        raise GeniusFormatError(f"{file}: {what} is not an integer: {text!r}")
    return int(value)


def _objective(root: ET.Element, file: str) -> ET.Element:
    objective = root.find("objective")
    if objective is None:
        raise GeniusFormatError(f"{file}: no <objective> element under <{root.tag}>")
    return objective


def _read_domain(path: Path) -> tuple[str, list[_Issue], dict[str, str]]:
    file = path.name
    root = parse_xml(path)
    if root.tag == "negotiation_template":
        space = root.find("utility_space")
        if space is None:
            raise GeniusFormatError(f"{file}: <negotiation_template> has no <utility_space>")
    elif root.tag == "utility_space":
        space = root
    else:
        raise GeniusFormatError(f"{file}: root <{root.tag}> is not a GENIUS domain")
    objective = _objective(space, file)
    issues: list[_Issue] = []
    ids: set[str] = set()
    seen_index: set[int] = set()
    seen_name: set[str] = set()
    carried: list[tuple[str | None, list[str] | None]] = []
    for el in objective.iter("issue"):
        name = _attr(el, "name", file, "an <issue>")
        what = f"issue '{name}'"
        index = _int(_attr(el, "index", file, what), file, f"{what} index")
        kind = (el.get("type") or el.get("etype") or el.get("vtype") or "discrete").lower()
        items = el.findall("item")
        if kind == "integer" or (not items and "lowerbound" in el.attrib):
            lower = _int(_attr(el, "lowerbound", file, what), file, f"{what} lowerbound")
            upper = _int(_attr(el, "upperbound", file, what), file, f"{what} upperbound")
            if not 0 <= upper - lower < _MAX_INTEGER_RANGE:
                raise GeniusFormatError(f"{file}: {what} has bounds {lower}..{upper}")
            labels = [str(v) for v in range(lower, upper + 1)]
            issue = _Issue(index, name, "", "integer", labels, lower=lower)
        elif kind == "discrete":
            labels = [_attr(it, "value", file, f"an <item> of {what}") for it in items]
            if not labels or len(set(labels)) != len(labels):
                raise GeniusFormatError(f"{file}: {what} has no items or duplicate item values")
            issue = _Issue(index, name, "", "discrete", labels)
        else:
            raise GeniusFormatError(
                f"{file}: {what} has type '{kind}'; only discrete and integer issues are "
                "supported (discretise a real-valued issue first)"
            )
        if index in seen_index or name in seen_name:  # sets: linear in the number of issues
            raise GeniusFormatError(f"{file}: {what} (index {index}) is declared twice")
        seen_index.add(index)
        seen_name.add(name)
        issue.id = unique_id(make_id(name, fallback="issue"), ids)
        taken: set[str] = set()
        issue.options = [unique_id(make_id(lab, fallback="option"), taken) for lab in labels]
        issues.append(issue)
        carried.append(issue_names(el, len(labels)))
        issue.shown = issue_labels(el, len(labels)) if issue.kind == "integer" else None
    if not issues:
        raise GeniusFormatError(f"{file}: the domain declares no issues")
    # ids written by write_genius, when every issue carries one and they are distinct
    names = unique_ids([c[0] for c in carried], [i.id for i in issues])
    for issue, name, (_, options) in zip(issues, names, carried, strict=True):
        issue.id = name
        if options is not None:
            issue.options = options
    return objective.get("name", ""), issues, domain_names(root)


def _check_profile_issues(objective: ET.Element, issues: list[_Issue], file: str) -> dict:
    by_index = {i.index: i for i in issues}
    by_name = {i.name: i for i in issues}
    elements: dict[int, ET.Element] = {}
    for el in objective.iter("issue"):
        name = _attr(el, "name", file, "an <issue>")
        index = _int(_attr(el, "index", file, f"issue '{name}'"), file, f"issue '{name}' index")
        if name not in by_name:
            raise GeniusFormatError(f"{file}: names issue '{name}', which the domain lacks")
        if index not in by_index or by_index[index].name != name:
            raise GeniusFormatError(
                f"{file}: issue '{name}' has index {index}, in the domain {by_name[name].index}"
            )
        elements[index] = el
    return elements


def _percent(x: float, top: float) -> float:
    """``100 * x / top`` (exact when ``x == top`` or ``top == 100``); 0 when ``top < 1e-5``."""
    if top < 1e-5:  # GENIUS: an evaluator whose maximum is ~0 evaluates to 0
        return 0.0
    if x == top:
        return 100.0
    return x if top == 100 else 100 * x / top


def _linear(objective: ET.Element, issues: list[_Issue], file: str) -> tuple[dict, dict, float]:
    elements = _check_profile_issues(objective, issues, file)
    by_index = {i.index: i for i in issues}
    raw: dict[int, float] = {}
    for w in objective.iter("weight"):
        index = _int(_attr(w, "index", file, "a <weight>"), file, "a <weight> index")
        if index not in by_index:
            raise GeniusFormatError(f"{file}: <weight index='{index}'> matches no domain issue")
        if index in raw:
            raise GeniusFormatError(f"{file}: two weights for issue index {index}")
        raw[index] = _num(_attr(w, "value", file, "a <weight>"), file, f"weight {index}")
    weights: dict[str, Any] = {}
    values: dict[str, dict[str, Any]] = {}
    for issue in issues:
        what = f"issue '{issue.name}'"
        if issue.index not in raw:
            raise GeniusFormatError(f"{file}: the weights do not cover {what}")
        if issue.index not in elements:
            raise GeniusFormatError(f"{file}: {what} of the domain is missing")
        weights[issue.id] = tidy(raw[issue.index])
        el = elements[issue.index]
        if issue.kind == "integer":  # GENIUS: clamp(offset + slope * (x - lower), 0, 1)
            ev = el.find("evaluator")
            slope = _num(ev.get("slope", "0"), file, f"{what} slope") if ev is not None else 0.0
            offset = _num(ev.get("offset", "0"), file, f"{what} offset") if ev is not None else 0.0
            lower = _int(el.get("lowerbound", str(issue.lower)), file, f"{what} lowerbound")
            ev_of = {
                lab: 100.0 * min(1.0, max(0.0, offset + slope * (int(lab) - lower)))
                for lab in issue.labels
            }
        else:
            evals: dict[str, float] = {}
            known = set(issue.labels)
            for it in el.findall("item"):
                lab = _attr(it, "value", file, f"an <item> of {what}")
                if lab not in known:
                    raise GeniusFormatError(f"{file}: {what} has item '{lab}' not in the domain")
                text = _attr(it, "evaluation", file, f"item '{lab}' of {what}")
                evals[lab] = _num(text, file, f"evaluation of item '{lab}' of {what}")
            missing = [lab for lab in issue.labels if lab not in evals]
            if missing:
                raise GeniusFormatError(f"{file}: {what} has no evaluation for {missing}")
            top = max(evals.values())  # GENIUS divides by the issue's largest evaluation
            ev_of = {lab: _percent(e, top) for lab, e in evals.items()}
        values[issue.id] = {
            o: tidy(ev_of[lab]) for o, lab in zip(issue.options, issue.labels, strict=True)
        }
    return weights, values, math.fsum(raw.values())


def _collect(
    ufun: ET.Element,
    issues: list[_Issue],
    file: str,
    factor: float,
    outermost: bool,
    out: list[tuple[dict[str, list[str]], float]],
) -> None:
    if ufun.get("aggregation", "sum").lower() != "sum":
        raise GeniusFormatError(f"{file}: ufun aggregation '{ufun.get('aggregation')}' (only sum)")
    if not outermost:  # GENIUS ignores the weight of the outermost ufun, applies nested ones
        factor *= _num(ufun.get("weight", "1"), file, "a ufun weight")
    by_index = {i.index: i for i in issues}
    for rect in ufun.findall("hyperRectangle"):
        if rect.find("EXCLUDES") is not None:
            raise GeniusFormatError(f"{file}: EXCLUDES hyperRectangles are not supported")
        utility = _num(_attr(rect, "utility", file, "a <hyperRectangle>"), file, "a utility")
        utility *= factor * _num(rect.get("weight", "1"), file, "a hyperRectangle weight")
        when: dict[str, list[str]] = {}
        if rect.find("INCLUDES") is None:
            raise GeniusFormatError(f"{file}: a hyperRectangle without INCLUDES (a constant)")
        for inc in rect.findall("INCLUDES"):
            index = _int(_attr(inc, "index", file, "an <INCLUDES>"), file, "an INCLUDES index")
            issue = by_index.get(index)
            if issue is None or issue.kind != "integer":
                raise GeniusFormatError(
                    f"{file}: INCLUDES index {index} is not an integer issue of the domain"
                )
            lo = _num(_attr(inc, "min", file, "an <INCLUDES>"), file, "an INCLUDES min")
            hi = _num(_attr(inc, "max", file, "an <INCLUDES>"), file, "an INCLUDES max")
            keep = set(when.get(issue.id, issue.options))
            when[issue.id] = [
                o
                for o, lab in zip(issue.options, issue.labels, strict=True)
                if lo <= int(lab) <= hi and o in keep
            ]
        if all(when.values()):  # a rectangle with an empty range never holds
            out.append((when, utility))
    for sub in ufun.findall("ufun"):
        _collect(sub, issues, file, factor, False, out)


def _nonlinear(objective: ET.Element, issues: list[_Issue], file: str) -> list[dict]:
    _check_profile_issues(objective, issues, file)
    utility = objective.find("utility")
    if utility is None:
        utility = objective.find("utility_function")
    if utility is None:
        raise GeniusFormatError(f"{file}: non-linear profile without a <utility> element")
    top = _num(_attr(utility, "maxutility", file, "<utility>"), file, "maxutility")
    if top <= 0:
        raise GeniusFormatError(f"{file}: maxutility must be positive, got {top}")
    ufuns = utility.findall("ufun")
    if len(ufuns) != 1:
        raise GeniusFormatError(f"{file}: <utility> must hold exactly one <ufun>")
    rects: list[tuple[dict, float]] = []
    _collect(ufuns[0], issues, file, 1.0, True, rects)
    return [{"when": when, "value": tidy(u if top == 100 else 100 * u / top)} for when, u in rects]


def _read_profile(path: Path, issues: list[_Issue]) -> dict[str, Any]:
    file = path.name
    root = parse_xml(path)
    if root.tag != "utility_space":
        raise GeniusFormatError(f"{file}: root <{root.tag}> is not a GENIUS profile")
    objective = _objective(root, file)
    out: dict[str, Any] = {}
    for tag in ("reservation", "discount_factor"):
        el = root.find(tag)
        if el is not None:
            out[tag] = _num(_attr(el, "value", file, f"<{tag}>"), file, f"<{tag}>")
    nonlinear = root.get("type", "").lower() == "nonlinear" or objective.find("utility") is not None
    if nonlinear:
        out["utility"] = {
            "weights": {i.id: 0 for i in issues},
            "values": {},
            "bundles": _nonlinear(objective, issues, file),
        }
    else:
        weights, values, out["weight_sum"] = _linear(objective, issues, file)
        out["utility"] = {"weights": weights, "values": values}
    return out


def read_genius(
    domain_path: str | Path,
    profile_paths: Sequence[str | Path],
    *,
    party_names: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Read a GENIUS domain and its profiles into a ripeness scenario dict.

    The result is plain data in the scenario YAML format (``examples/toy.yaml``): ``scenario``,
    ``title``, ``description``, ``sources``, ``parties``, ``actors``, ``issues``, ``utilities``,
    ``batna`` and ``metadata``. Write it with :func:`~ripeness.interop.genius.dump_yaml`.

    Parameters
    ----------
    domain_path : str or Path
        The domain file (root ``<negotiation_template>``).
    profile_paths : sequence of str or Path
        One profile (root ``<utility_space>``) per party, in party order.
    party_names : sequence of str, optional
        Party names, one per profile; party ids are derived from them. Default: parties
        ``P1``, ``P2``, ... named after the profile files.

    Returns
    -------
    dict
        The scenario raw data. Each party has one principal ``<party>.agent``.

    Raises
    ------
    GeniusFormatError
        If a file is unsafe or malformed, or a profile does not fit the domain (an unknown
        issue or item, weights not covering the issues, an unsupported construct).

    Notes
    -----
    - Ids: issue ids are the issue names and option ids the item values, lower-cased, every run
      of characters other than letters, digits, ``_`` and ``-`` replaced by ``_``, made unique
      with ``_2``, ``_3`` suffixes; the original names are the issues' and options' ``label``.
      An integer issue ``lowerbound..upperbound`` has the options ``"lowerbound"`` ..
      ``"upperbound"`` (strings).
    - Linear additive profiles: weights as written; an option's value is
      ``100 * evaluation / (largest evaluation of that issue)``, as GENIUS normalises each
      discrete evaluator by its maximum (0 when that maximum is below 1e-5). Integer issues
      use GENIUS's linear evaluator ``clamp(offset + slope * (x - lowerbound), 0, 1)``. The
      ripeness utility ``sum_k w_k / sum(w) * v_k`` is then 100 x the GENIUS utility when the
      weights sum to 1. GENIUS 10.4 uses the weights as written (it does not renormalise a file's
      weights) and caps utilities at 1, so for weights summing to s != 1 (ANAC 2011 Laptop:
      1.000052) ripeness utilities are GENIUS's divided by s; s is recorded in
      ``metadata.genius.weight_sum``.
    - Non-linear (ANAC 2014) profiles: all weights 0 and every ``hyperRectangle`` becomes a
      bundle ``{when: {issue: [options in min..max]}, value: 100 * utility / maxutility}``;
      ``INCLUDES index`` is the issue's ``index`` attribute. ``EXCLUDES`` and aggregations
      other than ``sum`` are rejected. GENIUS's cap of utilities at 1 is not reproduced.
    - GENIUS has no no-deal option: each issue's ``no_deal`` is its first option, a placeholder.
      The disagreement point is given directly: ``batna`` is 100 x the ``<reservation>`` value
      (0 when absent). Discount factors are not modelled; they are kept in the description and
      in ``metadata.genius.discount_factor``.
    """
    domain_path = Path(domain_path)
    if isinstance(profile_paths, str | Path):
        raise TypeError("profile_paths must be a sequence of paths, not one path")
    paths = [Path(p) for p in profile_paths]
    if not paths:
        raise ValueError("read_genius needs at least one profile")
    if party_names is not None and len(party_names) != len(paths):
        raise ValueError(f"{len(party_names)} party names for {len(paths)} profiles")
    objective_name, issues, carried = _read_domain(domain_path)
    profiles = [_read_profile(p, issues) for p in paths]

    taken: set[str] = set()
    if party_names is None:
        parties = {f"P{k}": p.stem for k, p in enumerate(paths, 1)}
    else:
        parties = {unique_id(make_id(n, lower=False, fallback="P"), taken): n for n in party_names}
    actor_of = {party: f"{party}.agent" for party in parties}
    named = carried_parties([profile_names(parse_xml(p)) for p in paths])
    if named is not None and party_names is None:  # written by write_genius: as they were
        parties, actor_of = named
    source_ids = {"genius-domain"}
    source_of = {party: unique_id(f"genius-{make_id(party)}", source_ids) for party in parties}

    files = [domain_path.name] + [p.name for p in paths]
    listing = "; ".join(f"{p.name} ({party})" for p, party in zip(paths, parties, strict=True))
    discount = {
        actor_of[pa]: pr["discount_factor"]
        for pa, pr in zip(parties, profiles, strict=True)
        if "discount_factor" in pr
    }
    reservation = {
        actor_of[pa]: pr.get("reservation", 0.0) for pa, pr in zip(parties, profiles, strict=True)
    }
    weight_sum = {
        actor_of[pa]: pr["weight_sum"]
        for pa, pr in zip(parties, profiles, strict=True)
        if abs(pr.get("weight_sum", 1.0) - 1.0) > 1e-9
    }
    notes = [
        f"Imported from GENIUS XML: domain {domain_path.name}; profiles {listing}.",
        "Third-party data in the GENIUS format of the Automated Negotiating Agents Competition "
        "(ANAC), not part of ripeness.",
        "Utilities are 100 x the GENIUS utility. GENIUS has no no-deal option: each issue's "
        "no_deal is its first option, a placeholder; the disagreement point is given directly "
        "by batna = 100 x the GENIUS reservation value.",
    ]
    if discount:
        listed = ", ".join(f"{a} {d:.10g}" for a, d in discount.items())
        notes.append(f"GENIUS discount factors (not modelled): {listed}.")
    if weight_sum:
        listed = ", ".join(f"{a} {s:.9g}" for a, s in weight_sum.items())
        notes.append(f"Weights not summing to 1 (ripeness normalises them): {listed}.")

    genius_meta: dict[str, Any] = {
        "source_files": files,
        "objective": objective_name,
        "discount_factor": discount,
        "reservation_value": reservation,
    }
    if weight_sum:
        genius_meta["weight_sum"] = weight_sum
    title = f"{objective_name or domain_path.stem} (GENIUS domain {domain_path.name})"
    return {
        "scenario": carried.get("scenario") or make_id(domain_path.stem, fallback="genius"),
        "title": carried.get("title") or title,
        "description": " ".join(notes),
        "sources": {
            "genius-domain": {
                "title": f"GENIUS domain {domain_path.name} (ANAC, third-party data)",
                "kind": "dataset",
            },
            **{
                source_of[pa]: {
                    "title": f"GENIUS profile {p.name} (ANAC, third-party data)",
                    "kind": "dataset",
                }
                for pa, p in zip(parties, paths, strict=True)
            },
        },
        "parties": {pa: {"name": name} for pa, name in parties.items()},
        "actors": {actor_of[pa]: {"party": pa, "role": "principal"} for pa in parties},
        "issues": {
            i.id: {
                "label": i.name,
                "options": {
                    o: {"label": lab} for o, lab in zip(i.options, i.shown or i.labels, strict=True)
                },
                "no_deal": i.options[0],
            }
            for i in issues
        },
        "utilities": {
            actor_of[pa]: pr["utility"] for pa, pr in zip(parties, profiles, strict=True)
        },
        "batna": {actor: tidy(100.0 * r) for actor, r in reservation.items()},
        "metadata": {"genius": genius_meta},
    }
