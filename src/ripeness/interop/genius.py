"""GENIUS XML interoperability: shared helpers.

GENIUS (the Java negotiation platform of the ANAC competitions) stores a negotiation as one
*domain* file (the issues and their values) and one *profile* file per party (a utility
function). This package converts between those files and ripeness scenario *raw data*: plain
Python dicts written exactly in the scenario YAML format (see ``examples/toy.yaml``), ready to be
dumped with :func:`dump_yaml`. Nothing here imports the ripeness engine.

- :func:`read_genius` (``genius_read``) turns a domain and profiles into a scenario dict.
- :func:`write_genius` (``genius_write``) turns a scenario dict into GENIUS XML files.
- :func:`list_domain_files` tells the domain file of a GENIUS folder from its profiles.
- :func:`dump_yaml` writes a scenario dict as YAML.

XML is parsed with :mod:`xml.etree.ElementTree` only after a guard: files larger than
:data:`MAX_XML_BYTES` and any ``DOCTYPE`` or ``ENTITY`` declaration are rejected, so no entity
expansion can happen. Nothing read from a file is ever evaluated as code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from ..scenario.yamlio import dump_yaml as _dump

__all__ = [
    "MAX_XML_BYTES",
    "GeniusFormatError",
    "dump_yaml",
    "list_domain_files",
    "make_id",
    "number",
    "parse_xml",
]

#: Largest GENIUS XML file accepted (bytes). The largest ANAC file is well under 1 MB.
MAX_XML_BYTES = 20 * 1024 * 1024

_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION = b"<?xml"


class GeniusFormatError(ValueError):
    """A GENIUS XML file is malformed, unsafe or not representable; the message names the file."""


def parse_xml(path: str | Path) -> ET.Element:
    """Parse a GENIUS XML file safely and return its root element.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    xml.etree.ElementTree.Element
        The root element.

    Raises
    ------
    GeniusFormatError
        If the file is missing, larger than :data:`MAX_XML_BYTES`, contains a ``DOCTYPE`` or
        ``ENTITY`` declaration, or is not well-formed XML.

    Notes
    -----
    Anything before the ``<?xml ...?>`` declaration is dropped: some ANAC 2014 profiles start
    with an XML comment placed before the declaration, which strict parsers reject.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise GeniusFormatError(
                f"{path.name}: file is {size} bytes, larger than the {MAX_XML_BYTES} byte limit"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise GeniusFormatError(f"{path.name}: cannot read file ({exc.strerror})") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        raise GeniusFormatError(f"{path.name}: UTF-16/32 files are not supported (use UTF-8)")
    if _FORBIDDEN.search(raw):
        raise GeniusFormatError(
            f"{path.name}: DOCTYPE/ENTITY declarations are not allowed in GENIUS files "
            "(refused to avoid entity expansion)"
        )
    start = raw.find(_DECLARATION)
    raw = raw[start:] if start > 0 else raw.lstrip()
    try:
        return ET.fromstring(raw)  # noqa: S314 (DOCTYPE/ENTITY refused above)
    except ET.ParseError as exc:
        raise GeniusFormatError(f"{path.name}: not well-formed XML ({exc})") from exc


def make_id(text: str, *, lower: bool = True, fallback: str = "x") -> str:
    """Turn free text into a ripeness id: letters, digits, ``_`` and ``-`` only.

    Every run of other characters (spaces, punctuation, dots) becomes one ``_``; leading and
    trailing ``_`` are dropped. The function is idempotent: ``make_id(make_id(s)) == make_id(s)``.

    Parameters
    ----------
    text : str
        The text, e.g. a GENIUS issue name or item value.
    lower : bool, default True
        Lower-case the result.
    fallback : str, default "x"
        Returned when nothing is left.

    Returns
    -------
    str
    """
    out = re.sub(r"[^A-Za-z0-9_-]+", "_", text.strip()).strip("_")
    out = out.lower() if lower else out
    return out or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base_2``, ``base_3``, ..., the first not in ``taken`` (now added)."""
    candidate, k = base, 1
    while candidate in taken:
        k += 1
        candidate = f"{base}_{k}"
    taken.add(candidate)
    return candidate


def number(x: Any, what: str = "number") -> float:
    """Read a scenario number: plain, or a mapping with ``value``, else ``mode``, else ``mean``.

    Parameters
    ----------
    x : float or Mapping
        A plain number or an uncertain number such as ``{mode: 0.6, low: 0.4, high: 0.8}``.
    what : str
        Used in the error message.

    Returns
    -------
    float

    Raises
    ------
    GeniusFormatError
        If no number can be found.
    """
    if isinstance(x, Mapping):
        for key in ("value", "mode", "mean"):
            if key in x:
                return number(x[key], what)
        raise GeniusFormatError(f"{what}: mapping has none of value/mode/mean: {dict(x)!r}")
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise GeniusFormatError(f"{what}: expected a number, got {x!r}")
    return float(x)


def tidy(x: float) -> int | float:
    """Return an integral float as ``int`` (for readable YAML), anything else unchanged."""
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else x


def _is_profile(root: ET.Element) -> bool:
    if root.tag != "utility_space":
        return False
    for el in root.iter():
        if el.tag in ("weight", "hyperRectangle", "utility") or (
            el.tag == "item" and "evaluation" in el.attrib
        ):
            return True
    return False


def list_domain_files(folder: str | Path) -> tuple[Path, list[Path]]:
    """Tell the domain file of a GENIUS folder from its profile files.

    A domain file has the root ``<negotiation_template>`` (or a bare ``<utility_space>`` with
    neither weights, evaluations nor hyper-rectangles); a profile has the root
    ``<utility_space>`` with weights and item evaluations (linear additive) or
    ``hyperRectangle`` elements (non-linear). Other ``*.xml`` files, such as the ``pareto.xml``
    lists shipped with ANAC 2014 domains (which are not XML), are ignored.

    Parameters
    ----------
    folder : str or Path
        A folder such as ``genius/y2011/Laptop``.

    Returns
    -------
    (Path, list of Path)
        The domain file and every profile file. Profiles named by the domain's
        ``<agent utility_space="...">`` entries come first, in that order; the rest follow
        sorted by name.

    Raises
    ------
    GeniusFormatError
        If the folder holds no domain, more than one domain (e.g. ANAC 2012
        ``AirportSiteSelection`` holds three: pass the files explicitly) or no profile.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GeniusFormatError(f"{folder}: not a folder")
    domains: list[tuple[Path, ET.Element]] = []
    profiles: list[Path] = []
    for path in sorted(folder.glob("*.xml")):
        try:
            root = parse_xml(path)
        except GeniusFormatError:
            continue
        if _is_profile(root):
            profiles.append(path)
        elif root.tag in ("negotiation_template", "utility_space"):
            domains.append((path, root))
    if len(domains) != 1:
        names = ", ".join(p.name for p, _ in domains) or "none"
        raise GeniusFormatError(
            f"{folder}: expected exactly one GENIUS domain file, found {names}; "
            "name the domain and profile files explicitly"
        )
    if not profiles:
        raise GeniusFormatError(f"{folder}: no GENIUS profile files found")
    domain, root = domains[0]
    named = [a.get("utility_space", "") for a in root.findall("agent")]
    first = [p for name in named for p in profiles if p.name == name]
    return domain, first + [p for p in profiles if p not in first]


# --- YAML output -----------------------------------------------------------------------------


def dump_yaml(data: Mapping[str, Any], path_or_stream: str | Path | IO[str]) -> None:
    """Write a scenario dict as YAML (:func:`ripeness.scenario.yamlio.dump_yaml`).

    Strings that look like numbers, booleans or null (option ids ``"0"`` .. ``"9"`` of ANAC 2014
    integer issues, ``"10000"``, ``"yes"``) are quoted, so they load back as strings.

    Parameters
    ----------
    data : Mapping
        The scenario raw data, e.g. from :func:`read_genius`.
    path_or_stream : str, Path or text stream
        Where to write. A path is written in UTF-8.
    """
    text = _dump(data)
    if isinstance(path_or_stream, str | Path):
        Path(path_or_stream).write_text(text, encoding="utf-8")
    else:
        path_or_stream.write(text)


def __getattr__(name: str) -> Any:  # PEP 562: reading/writing live in sibling modules
    if name == "read_genius":
        from .genius_read import read_genius

        return read_genius
    if name == "write_genius":
        from .genius_write import write_genius

        return write_genius
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
