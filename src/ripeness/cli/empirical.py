"""``ripeness durability --empirical``: survival of real agreements, beside a scenario's values.

Presentation only: the figures come from :mod:`ripeness.analysis.empirical`.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from ._app import emit_json, err, fail, out
from .output import Col, Doc, Mark, Table, show


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _cell(s: dict[str, Any] | None) -> str:
    if s is None:
        return "–"
    lo, hi = (("–" if v is None else f"{100 * v:.0f}") for v in (s["low"], s["high"]))
    return f"{_pct(s['s'])} ({lo}–{hi})"


def _signed(x: float | None) -> str:
    return "–" if x is None else f"{x:+.2f}"


def _interval(d: dict[str, float] | None) -> str:
    if d is None:
        return "–"
    return f"{_signed(d['value'])} ({_signed(d['low'])}, {_signed(d['high'])})"


def render_empirical(d: dict[str, Any]) -> Doc:
    """The tables of :meth:`EmpiricalDurability.to_dict`."""
    doc = Doc()
    unit = (
        "same-day documents of one process merged"
        if d["unit"] == "signing"
        else "one row per document"
    )
    doc.line(
        f"[bold]{escape(d['dataset'])}[/]: {d['n']} observations ({d['rows']} rows, {unit}; "
        f"{len(d['excluded'])} excluded), {d['events']} ended; censored at {d['censored_at']}"
    )
    cols = ("1 year", "2 years", "5 years", "10 years")
    t = doc.table(
        Table(
            [Col("group", "id"), Col("n", "num"), Col("ended", "num"), *(Col(c) for c in cols)],
            title="Survival of agreements, Kaplan–Meier (95% interval)",
        )
    )
    for g, s in d["survival"].items():
        info = d["groups"][g]
        t.add(g, info["n"], info["events"], *(_cell(s[k]) for k in s))
    c = d["concordance"]
    h_cols = ("HR (95% interval)", "p", "1 − HR (95%)", "PH test p")
    t = doc.table(
        Table(
            [Col("covariate", "id"), *(Col(x, "mark") for x in h_cols)],
            title="Cox model: hazard of an agreement ending",
        )
    )
    ph = d["proportional_hazards"]["by_covariate"]
    for k, h in d["hazard_ratios"].items():
        php = min(v["p"] for v in ph[k].values()) if k in ph else None
        t.add(
            k,
            f"{h['hr']:.2f} ({h['low']:.2f}–{h['high']:.2f})",
            f"{h['p']:.3f}",
            _interval(d["deterrence"][k]),
            "–" if php is None else f"{php:.3f}",
        )
    cv = c["cross_validated"]
    doc.line(
        f"concordance: in sample {c['in_sample']:.3f}; {c['folds']}-fold cross-validated "
        f"by peace process (seed {c['seed']}) {'–' if cv is None else f'{cv:.3f}'}"
    )
    viol = d["proportional_hazards"]["violations"]
    doc.line(
        "proportional hazards (Schoenfeld residuals, p < 0.01): "
        + (f"[yellow]violated by {', '.join(viol)}[/]" if viol else "no violation")
    )
    for e in d["excluded"]:
        doc.line(f"[dim]excluded paid {e['paid']} (line {e['line']}): {escape(e['reason'])}[/]")
    for n in d["notes"]:
        doc.line(f"[yellow]note:[/] {escape(n)}")
    return doc


def render_evidence(d: dict[str, Any], doc: Doc) -> None:
    """The table of :meth:`EvidenceTable.to_dict`, added to ``doc``."""
    rows = d["rows"]
    if not rows:
        doc.line(f"{escape(d['scenario'])}: no deterrence values to compare.")
        return
    t = doc.table(
        Table(
            [
                Col("party", "id"),
                Col("option", "id"),
                Col("deterrence (range)", "mark"),
                Col("evidence", "id"),
                Col("1 − HR (95%)", "mark"),
                Col("implied at q0", "mark"),
                Col("value is", "mark"),
            ],
            title=f"{d['scenario']}: deterrence values beside 1 − HR of the data",
            caption="implied at q0: the hazard ratio's deterrence at the party's breach "
            "probability",
        )
    )
    for r in rows:
        rng = f" ({r['low']:.2f}–{r['high']:.2f})" if r["high"] > r["low"] else ""
        verdict = r["verdict"].replace("no evidence named", "–")
        colour = {"above": "red", "below": "yellow", "inside": "green"}.get(r["verdict"], "dim")
        t.add(
            r["party"],
            f"{r['issue']}={r['option']}",
            f"{r['deterrence']:.2f}{rng}",
            r["covariate"] or "–",
            _interval(r["empirical"]),
            _interval(r["implied"]),
            Mark(verdict, colour),
        )
    if not any(r["covariate"] for r in rows):
        doc.line(
            "No option names its evidence: add `evidence: {OPTION: COVARIATE}` to the "
            "deterrence entry (covariates: see docs/empirical.md)."
        )
    doc.line(f"[bold]Caution:[/] {escape(d['caveat'])}")


def empirical_command(
    scenario: str | None,
    data: str | None,
    *,
    seed: int,
    unit: str,
    sets: dict[str, Any],
    fmt: str,
) -> None:
    """Run the empirical analysis (and the bridge when a scenario is named); print or emit."""
    import ripeness
    from ripeness.analysis.empirical import (
        ENV_VAR,
        DataError,
        data_path,
        deterrence_evidence,
        empirical_durability,
    )

    path = data_path(data)
    if path is None:
        fail(
            "--empirical needs the UCDP Peace Agreement Dataset v22.1 (CSV), which ripeness "
            f"does not ship: give --data PATH or set {ENV_VAR}"
        )
    if unit not in ("signing", "agreement"):
        fail(f"--unit {unit!r}: expected signing or agreement")
    try:
        emp = empirical_durability(path, unit=unit, seed=seed)  # type: ignore[arg-type]
    except DataError as exc:  # cell contents may look like markup: print them as they are
        for line in exc.problems:
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        err.print(f"[bold red]{len(exc.problems)} problem(s)[/] in the data file")
        raise typer.Exit(2) from None
    d: dict[str, Any] = emp.to_dict()
    bridge = None
    if scenario is not None:
        sc = ripeness.load(scenario).with_overrides(sets or None)
        bridge = deterrence_evidence(sc, emp).to_dict()
        d["scenario_evidence"] = bridge
    if fmt == "json":
        emit_json(d)
        return
    doc = render_empirical(d)
    if bridge is not None:
        render_evidence(bridge, doc)
    show(doc, fmt, out)
