"""Words and tables the app shows (plain data; no Streamlit).

Scenario text is user input. Streamlit renders labels and ``st.markdown`` as Markdown (no raw
HTML), so scenario text is Markdown-escaped before it is placed in either; tables
(``st.dataframe``) show plain text and need no escaping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..analysis import Analysis, ObstacleAnalysis
from ..analysis.explain import headline
from ..report.picture import nearest_name
from ..scenario import Scenario

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!|<~$:])")
_MD_LEADING = re.compile(r"^(\s*)([#+\->]|\d+(?=\.))")

#: What every result rests on (shown under the results).
NEUTRALITY = (
    "Every output follows from the assumptions stated in the scenario — each number with its "
    "source and range — which you can change here, with `--set`, or in a copy of the file. "
    "ripeness takes no side: it computes what the stated assumptions imply."
)


def md_escape(text: Any) -> str:
    """Escape Markdown (and Streamlit's ``$`` LaTeX and ``:color[]`` directives) in user text.

    Inline syntax is escaped everywhere; block syntax (a heading, list or quote marker) only
    at the start, the one place it can act in a single line (newlines become spaces).
    """
    out = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ").replace("\r", " ")
    m = _MD_LEADING.match(out)
    if m and m.group(2).isdigit():
        return out[: m.end()] + "\\" + out[m.end() :]
    if m:
        return out[: m.start(2)] + "\\" + out[m.start(2) :]
    return out


def md_code(text: Any) -> str:
    """User text as a Markdown code span (backticks inside replaced)."""
    return "`" + str(text).replace("`", "'").replace("\n", " ") + "`"


def safe_filename(stem: str, suffix: str) -> str:
    """A download file name from a scenario id (letters, digits, ``.``, ``_``, ``-`` only)."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or "scenario"
    return f"{clean}{suffix}"


def verdict_text(
    a: Analysis, obstacles: ObstacleAnalysis | None = None, off: Iterable[str] = ()
) -> str:
    """The verdict in Markdown (names escaped): the gap and what it means, who rejects, and
    with the obstacle analysis which obstacles to switch off (the report's sentences,
    :func:`ripeness.analysis.explain.headline`)."""
    h = headline(a, obstacles, None, off)
    label = "**Deal.**" if a.verdict == "deal" else "**No deal.**"
    return " ".join([label, *(md_escape(s) for s in h.sentences())])


def package_rows(a: Analysis, sc: Scenario) -> list[dict[str, str]]:
    """Issue by issue: the nearest compromise (or most robust deal), its meaning, the solutions."""
    first = nearest_name(a)
    solutions = {k.replace("_", " "): v for k, v in (a.solutions or {}).items()}
    rows = []
    for issue, opt in a.nearest_compromise.items():
        spec_issue = sc.spec.issues.get(issue)
        label = ""
        if spec_issue is not None and opt in spec_issue.options:
            label = spec_issue.options[opt].label or ""
        row = {"issue": issue, first: opt, "meaning": label}
        row.update({name: pkg[issue] for name, pkg in solutions.items()})
        rows.append(row)
    return rows


def actor_rows(a: Analysis) -> list[dict[str, Any]]:
    """How each actor sees the nearest compromise."""
    return [
        {
            "actor": name,
            "role": x["role"],
            "accepts": bool(x["accepts"]),
            "BATNA": round(x["batna"], 4),
            "expected utility": round(x["expected_utility"], 4),
            "shortfall": round(x["shortfall"], 4),
            "why": x["reason"],
        }
        for name, x in a.nearest.actors.items()
    ]


def _interval(d: dict[str, float] | None) -> str:
    if d is None:
        return ""
    return f"{d['value']:+.2f} ({d['low']:+.2f}, {d['high']:+.2f})"


def hazard_rows(view: Any) -> list[dict[str, Any]]:
    """The Cox model's hazard ratios and ``1 - HR`` (of a ``analysis.empirical.EmpiricalView``)."""
    emp = view.empirical
    return [
        {
            "covariate": k,
            "hazard ratio": round(h.hr, 3),
            "95% low": round(h.low, 3),
            "95% high": round(h.high, 3),
            "p": round(h.p, 3),
            "1 − HR (95%)": _interval(emp.deterrence(k)),
        }
        for k, h in emp.cox.hazard_ratios.items()
    ]


def evidence_rows(view: Any) -> list[dict[str, Any]]:
    """Each guarantee option's deterrence beside the evidence it names."""
    return [
        {
            "party": r.party,
            "option": f"{r.issue}={r.option}",
            "deterrence": round(r.deterrence, 3),
            "range": f"{r.low:.2f}–{r.high:.2f}" if r.high > r.low else "",
            "evidence": r.covariate or "",
            "1 − HR (95%)": _interval(r.empirical),
            "implied at q0": _interval(r.implied),
            "scenario value is": r.verdict,
        }
        for r in view.evidence.rows
    ]
