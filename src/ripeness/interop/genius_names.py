"""Ripeness ids and names carried through GENIUS XML, in attributes of their own namespace.

GENIUS names issues and items by their text and knows nothing of parties or actors, so an
export loses the scenario's ids (``north``, ``frozen``), its party and actor ids (``A``,
``A.gov``) and party names. :func:`~ripeness.interop.write_genius` writes them as attributes
in the namespace :data:`NS` (prefix ``ripeness``): on the domain's root (``scenario``,
``title``), on each ``<issue>`` (``id``; for an integer issue ``options``, the option ids in
code order, as JSON), on each ``<item>`` (``id``) and on a profile's root (``actor``,
``party``, ``party-name``). GENIUS reads attributes by name and ignores the ones it does not
know, as it ignores the ``xmlns:ripeness`` declaration; :func:`~ripeness.interop.read_genius`
takes the names back when they are present and consistent (unique, valid ids, one per item),
and otherwise names things from the GENIUS text as before, so files from elsewhere import as
they always did.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

#: The namespace of the ripeness attributes.
NS = "https://ripeness.invalid/genius-names/1"
PREFIX = "ripeness"

ET.register_namespace(PREFIX, NS)

#: What an id carried back may look like (anything YAML can key by, but no control characters,
#: and not so long that it is data smuggled in).
_ID = re.compile(r"[^\x00-\x1f\x7f]{1,200}")


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def tag_domain(root: ET.Element, scenario: Mapping[str, Any]) -> None:
    """The scenario's id and title on the domain's root element."""
    root.set(_q("scenario"), str(scenario.get("scenario", "")))
    if scenario.get("title"):
        root.set(_q("title"), str(scenario["title"]))


def tag_issue(
    el: ET.Element,
    issue_id: str,
    options: Sequence[str],
    integer: bool,
    labels: Sequence[str] = (),
) -> None:
    """An ``<issue>``'s id and its options' ids (on the items; for an integer issue, whose
    values are codes, the ids and the labels as JSON lists)."""
    el.set(_q("id"), issue_id)
    if integer:
        el.set(_q("options"), json.dumps(list(options), ensure_ascii=False))
        if labels:
            el.set(_q("labels"), json.dumps(list(labels), ensure_ascii=False))
        return
    for item, option in zip(el.findall("item"), options, strict=True):
        item.set(_q("id"), option)


def tag_profile(root: ET.Element, actor: str, scenario: Mapping[str, Any]) -> None:
    """A profile's actor, its party and the party's name."""
    root.set(_q("actor"), actor)
    spec = (scenario.get("actors") or {}).get(actor)
    party = spec.get("party") if isinstance(spec, Mapping) else None
    if party is None:
        return
    root.set(_q("party"), str(party))
    info = (scenario.get("parties") or {}).get(party)
    name = info.get("name") if isinstance(info, Mapping) else None
    if name:
        root.set(_q("party-name"), str(name))


def _valid(ids: Sequence[Any]) -> bool:
    return all(isinstance(i, str) and _ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)


def domain_names(root: ET.Element) -> dict[str, str]:
    """The scenario id and title written on a domain's root (empty when absent)."""
    out = {k: root.get(_q(k)) for k in ("scenario", "title")}
    return {k: v for k, v in out.items() if v and _valid([v])}


def _json_list(text: str | None, n: int) -> list[Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, list) or len(value) != n:
        return None
    return value


def issue_labels(el: ET.Element, n_options: int) -> list[str] | None:
    """The option labels written on an integer ``<issue>`` (None when absent or not one text
    per code)."""
    labels = _json_list(el.get(_q("labels")), n_options)
    if labels is None or not all(isinstance(x, str) and len(x) <= 1000 for x in labels):
        return None
    return labels


def issue_names(el: ET.Element, n_options: int) -> tuple[str | None, list[str] | None]:
    """The issue id and option ids written on an ``<issue>``, each None when absent or not
    consistent with the issue (one valid, distinct id per item)."""
    issue_id = el.get(_q("id"))
    if issue_id is not None and not _valid([issue_id]):
        issue_id = None
    options: list[Any] | None
    text = el.get(_q("options"))
    if text is not None:
        options = _json_list(text, n_options)
    else:
        options = [item.get(_q("id")) for item in el.findall("item")]
    if not isinstance(options, list) or len(options) != n_options or not _valid(options):
        options = None
    return issue_id, options


def profile_names(root: ET.Element) -> dict[str, str]:
    """``actor``, ``party`` and ``party-name`` written on a profile's root (those present)."""
    out = {k: root.get(_q(k)) for k in ("actor", "party", "party-name")}
    return {k: v for k, v in out.items() if v and _valid([v])}


def carried_parties(
    who: Sequence[Mapping[str, str]],
) -> tuple[dict[str, str], dict[str, str]] | None:
    """``({party: name}, {party: actor})`` from the profiles' :func:`profile_names`, in profile
    order; None unless every profile names a distinct party and a distinct actor."""
    parties = unique_ids([w.get("party") for w in who], [])
    actors = unique_ids([w.get("actor") for w in who], [])
    if not parties or not actors:
        return None
    names = {p: w.get("party-name", p) for p, w in zip(parties, who, strict=True)}
    return names, dict(zip(parties, actors, strict=True))


def unique_ids(ids: Sequence[str | None], fallback: Sequence[str]) -> list[str]:
    """``ids`` when every one is given and they are distinct, else ``fallback``."""
    if all(i is not None for i in ids) and len(set(ids)) == len(ids):
        return [str(i) for i in ids]
    return list(fallback)


__all__ = [
    "NS",
    "PREFIX",
    "carried_parties",
    "domain_names",
    "issue_labels",
    "issue_names",
    "profile_names",
    "tag_domain",
    "tag_issue",
    "tag_profile",
    "unique_ids",
]
