"""Interoperability commands: import-genius, export-genius (GENIUS XML, the ANAC format)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import (
    FORCE_OPT,
    FORMAT_OPT,
    JSON_OPT,
    SCENARIO_ARG,
    SET_OPT,
    Format,
    app,
    emit,
    fmt_of,
    parse_sets,
    refuse_existing,
    user_errors,
)
from .output import Col, Doc, Table
from .render import u

PANEL = "Other tools"


def _validated(data: dict, name: str) -> tuple[int, int]:
    """Validate and compile imported scenario data; ``(issues, packages)``."""
    import ripeness
    from ripeness.api import load
    from ripeness.scenario import parse

    sc = load(parse(data, name))
    model = ripeness.compile_model(sc)
    return len(model.space.issues), model.space.size


@app.command("import-genius", rich_help_panel=PANEL)
def import_genius(
    domain: Path = typer.Argument(
        ...,
        help="GENIUS domain file (root <negotiation_template>).",
        show_default=False,
        metavar="DOMAIN.xml",
    ),
    profiles: list[Path] = typer.Argument(
        ...,
        help="One profile file per party, in party order.",
        show_default=False,
        metavar="PROFILE.xml...",
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Scenario YAML file to write.", metavar="FILE"
    ),
    party: list[str] = typer.Option(
        None, "--party", help="Party name per profile (repeatable).", metavar="NAME"
    ),
    force: bool = FORCE_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Convert a GENIUS domain and its profiles to a ripeness scenario (validated first).

    Linear-additive profiles become weights and values, ANAC 2014 hyperRectangle profiles
    bundles; reservation values become BATNAs. Ids and names written by export-genius come
    back as they were. Nothing is written unless the scenario is valid.

    Example: [bold]ripeness import-genius Laptop-domain.xml buyer.xml seller.xml -o laptop.yaml[/]
    """
    from ripeness.atomic import atomic_write
    from ripeness.scenario.yamlio import dump_yaml

    refuse_existing(output, force)
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

    def doc() -> Doc:
        d = Doc()
        d.line(
            f"[green]wrote[/] {u(output)}: {u(info['scenario'])} — {len(info['parties'])} "
            f"parties, {n_issues} issues, {n_packages:,} packages"
        )
        return d

    emit(info, fmt_of(fmt, json), doc)


@app.command("export-genius", rich_help_panel=PANEL)
def export_genius(
    scenario: str = SCENARIO_ARG,
    output: Path = typer.Option(
        ..., "-o", "--output", help="Folder to write the XML files into.", metavar="FOLDER"
    ),
    actor: list[str] = typer.Option(
        None,
        "--actor",
        help="Actor to export (repeatable; default: every principal).",
        metavar="ID",
    ),
    set_: list[str] = SET_OPT,
    force: bool = FORCE_OPT,
    fmt: Format = FORMAT_OPT,
    json: bool = JSON_OPT,
) -> None:
    """Write a scenario as GENIUS XML: a domain file and one profile per principal.

    Ids, labels and actor names travel in `ripeness:` attributes GENIUS ignores, so
    import-genius gives them back. The set appears whole, in one switch: OUTPUT is a link to a
    fresh hidden folder .OUTPUT.v-* beside it (the previous set is kept until the next
    export), so a reader sees the old set or the new one, never a mix. An existing OUTPUT is
    replaced only with --force.

    Example: [bold]ripeness export-genius toy -o toy-genius[/]
    """
    import ripeness
    from ripeness.atomic import publish_folder
    from ripeness.interop import write_genius

    refuse_existing(output, force)
    with user_errors():
        sc = ripeness.load(scenario).with_overrides(parse_sets(set_))
        paths = publish_folder(
            output, lambda folder: write_genius(sc.data, folder, actors=actor or None)
        )
    files = [str(p) for p in paths]

    def doc() -> Doc:
        d = Doc()
        t = d.table(Table([Col("file written", "id")], title=f"{len(files)} file(s) in {output}"))
        for f in files:
            t.add(f)
        return d

    emit({"files": files}, fmt_of(fmt, json), doc)
