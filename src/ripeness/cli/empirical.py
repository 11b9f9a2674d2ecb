"""``ripeness durability --empirical``: survival of real agreements, beside a scenario's values.

Presentation only: the figures come from :mod:`ripeness.analysis.empirical`.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from ._app import emit_json, err, fail, out


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


def render_empirical(d: dict[str, Any]) -> None:
    """Tables of :meth:`EmpiricalDurability.to_dict`."""
    unit = (
        "same-day documents of one process merged"
        if d["unit"] == "signing"
        else "one row per document"
    )
    out.print(
        f"[bold]{escape(d['dataset'])}[/]: {d['n']} observations ({d['rows']} rows, {unit}; "
        f"{len(d['excluded'])} excluded), {d['events']} ended; censored at {d['censored_at']}",
        highlight=False,
    )
    t = Table(title="Survival of agreements, Kaplan–Meier (95% interval)")
    t.add_column("group", no_wrap=True)
    for col in ("n", "ended", "1 year", "2 years", "5 years", "10 years"):
        t.add_column(col)
    for g, s in d["survival"].items():
        info = d["groups"][g]
        t.add_row(g, str(info["n"]), str(info["events"]), *(_cell(s[k]) for k in s))
    out.print(t)
    c = d["concordance"]
    t = Table(title="Cox model: hazard of an agreement ending")
    t.add_column("covariate", no_wrap=True)
    for col in ("HR (95% interval)", "p", "1 − HR (95%)", "PH test p"):
        t.add_column(col)
    ph = d["proportional_hazards"]["by_covariate"]
    for k, h in d["hazard_ratios"].items():
        php = min(v["p"] for v in ph[k].values()) if k in ph else None
        t.add_row(
            k,
            f"{h['hr']:.2f} ({h['low']:.2f}–{h['high']:.2f})",
            f"{h['p']:.3f}",
            _interval(d["deterrence"][k]),
            "–" if php is None else f"{php:.3f}",
        )
    out.print(t)
    cv = c["cross_validated"]
    out.print(
        f"concordance: in sample {c['in_sample']:.3f}; {c['folds']}-fold cross-validated "
        f"by peace process (seed {c['seed']}) {'–' if cv is None else f'{cv:.3f}'}"
    )
    viol = d["proportional_hazards"]["violations"]
    out.print(
        "proportional hazards (Schoenfeld residuals, p < 0.01): "
        + (f"[yellow]violated by {', '.join(viol)}[/]" if viol else "no violation")
    )
    for e in d["excluded"]:
        out.print(f"[dim]excluded paid {e['paid']} (line {e['line']}): {escape(e['reason'])}[/]")
    for n in d["notes"]:
        out.print(f"[yellow]note:[/] {escape(n)}", highlight=False)


def render_evidence(d: dict[str, Any]) -> None:
    """The table of :meth:`EvidenceTable.to_dict`."""
    rows = d["rows"]
    if not rows:
        out.print(f"{escape(d['scenario'])}: no deterrence values to compare.")
        return
    t = Table(
        title=f"{escape(d['scenario'])}: deterrence values beside 1 − HR of the data",
        caption="implied at q0: the hazard ratio's deterrence at the party's breach probability",
    )
    t.add_column("party")
    t.add_column("option", no_wrap=True)
    for col in ("deterrence (range)", "evidence", "1 − HR (95%)", "implied at q0", "value is"):
        t.add_column(col)
    for r in rows:
        rng = f" ({r['low']:.2f}–{r['high']:.2f})" if r["high"] > r["low"] else ""
        verdict = r["verdict"].replace("no evidence named", "–")
        colour = {"above": "red", "below": "yellow", "inside": "green"}.get(r["verdict"], "dim")
        t.add_row(
            escape(r["party"]),
            escape(f"{r['issue']}={r['option']}"),
            f"{r['deterrence']:.2f}{rng}",
            escape(r["covariate"] or "–"),
            _interval(r["empirical"]),
            _interval(r["implied"]),
            f"[{colour}]{verdict}[/]",
        )
    out.print(t)
    if not any(r["covariate"] for r in rows):
        out.print(
            "No option names its evidence: add `evidence: {OPTION: COVARIATE}` to the "
            "deterrence entry (covariates: see docs/empirical.md)."
        )
    out.print(f"[bold]Caution:[/] {escape(d['caveat'])}", highlight=False)


def empirical_command(
    scenario: str | None,
    data: str | None,
    *,
    seed: int,
    unit: str,
    sets: dict[str, Any],
    json: bool,
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
    if json:
        emit_json(d)
        return
    render_empirical(d)
    if bridge is not None:
        render_evidence(bridge)
