"""Interoperability commands: import-genius, export-genius (GENIUS XML, the ANAC format)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import (
    JSON_OPT,
    SCENARIO_ARG,
    SET_OPT,
    app,
    emit_json,
    err,
    fail,
    out,
    parse_sets,
    user_errors,
)


def _validated(data: dict, name: str) -> tuple[int, int]:
    """Validate and compile imported scenario data; ``(issues, packages)``."""
    import ripeness
    from ripeness.api import load
    from ripeness.scenario import parse

    sc = load(parse(data, name))
    model = ripeness.compile_model(sc)
    return len(model.space.issues), model.space.size


@app.command("import-genius")
def import_genius(
    domain: Path = typer.Argument(
        ..., help="GENIUS domain file (root <negotiation_template>).", show_default=False
    ),
    profiles: list[Path] = typer.Argument(
        ..., help="One profile file per party, in party order.", show_default=False
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Scenario YAML file to write."),
    party: list[str] = typer.Option(None, "--party", help="Party name per profile (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    json: bool = JSON_OPT,
) -> None:
    """Convert a GENIUS domain and its profiles to a ripeness scenario (validated first).

    Linear-additive profiles become weights and values, ANAC 2014 hyperRectangle profiles
    bundles; reservation values become BATNAs. Nothing is written unless the scenario is valid.

    Example: [bold]ripeness import-genius Laptop-domain.xml buyer.xml seller.xml -o laptop.yaml[/]
    """
    from ripeness.atomic import atomic_write
    from ripeness.scenario.yamlio import dump_yaml

    if output.exists() and not force:
        fail(f"{output} exists (use --force to overwrite)")
    with user_errors():
        from ripeness.interop import read_genius

        data = read_genius(domain, profiles, party_names=party or None)
        n_issues, n_packages = _validated(data, str(output))
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, dump_yaml(data), mode=0o666)
    info = {
        "output": str(output),
        "scenario": data["scenario"],
        "parties": list(data["parties"]),
        "issues": n_issues,
        "packages": n_packages,
    }
    if json:
        emit_json(info)
    else:
        out.print(
            f"[green]wrote[/] {output}: {info['scenario']} — {len(info['parties'])} parties, "
            f"{n_issues} issues, {n_packages:,} packages"
        )


@app.command("export-genius")
def export_genius(
    scenario: str = SCENARIO_ARG,
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the XML files into."),
    actor: list[str] = typer.Option(
        None, "--actor", help="Actor to export (repeatable; default: every principal)."
    ),
    set_: list[str] = SET_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Write a scenario as GENIUS XML: a domain file and one profile per principal.

    The set appears whole, in one switch: OUTPUT is a link to a fresh hidden folder
    .OUTPUT.v-* beside it (the previous set is kept until the next export), so a reader sees
    the old set or the new one, never a mix.

    Example: [bold]ripeness export-genius toy -o toy-genius[/]
    """
    import ripeness
    from ripeness.atomic import publish_folder
    from ripeness.interop import write_genius

    with user_errors():
        sc = ripeness.load(scenario).with_overrides(parse_sets(set_))
        paths = publish_folder(
            output, lambda folder: write_genius(sc.data, folder, actors=actor or None)
        )
    if json:
        emit_json({"files": [str(p) for p in paths]})
    else:
        for p in paths:
            out.print(f"[green]wrote[/] {p}")
        err.print(f"{len(paths)} file(s) in {output}")
