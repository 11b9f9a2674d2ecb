"""``--save`` and ``--ledger``: record a command's result in the assessment ledger.

Any command whose result has ``to_dict()`` records it with the two shared options and one call
to :func:`record` after it has its result::

    from ._ledger_opts import LEDGER_OPT, SAVE_OPT, record

    @app.command()
    def check(scenario: str = SCENARIO_ARG, ..., save: bool = SAVE_OPT,
              ledger: Path = LEDGER_OPT, json: bool = JSON_OPT) -> None:
        sc = ripeness.load(scenario)
        r = ripeness.check(sc, ...)
        ...  # print r
        record("check", {"scenario": scenario, "off": off}, sc, r, save=save, ledger=ledger,
               overrides=parse_sets(set_))

Nothing happens without ``--save``. With it, the entry's id goes to stderr (stdout stays the
command's output, ``--json`` included); a ledger that cannot be written is an error (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from ._app import err, fail

SAVE_OPT = typer.Option(
    False, "--save", help="Record the result in the assessment ledger (see: ripeness ledger)."
)
LEDGER_OPT = typer.Option(
    None,
    "--ledger",
    help="Ledger file (default: $RIPENESS_LEDGER, else ledger.duckdb in the user data folder).",
    show_default=False,
    metavar="FILE",
)


@contextmanager
def ledger_errors() -> Iterator[None]:
    """Turn ledger problems (busy, newer version, not a ledger, file exists) into an exit 2."""
    from ..ledger import LedgerBusy, LedgerError

    try:
        yield
    except (LedgerError, LedgerBusy, FileExistsError) as exc:
        fail(str(exc))


def record(
    command: str,
    args: Mapping[str, Any],
    scenario: Any,
    result: Any,
    *,
    save: bool = True,
    ledger: Path | str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> int | None:
    """Append ``result`` to the ledger when ``save``; the entry's id (None when not saved).

    Parameters
    ----------
    command : str
        The command's name (``"analyze"``).
    args : mapping
        Its arguments, as the user gave them (JSON-able; paths become text).
    scenario : Scenario
        The scenario as loaded; ``overrides`` (the ``--set`` values) are applied to it, so the
        recorded content is what the model read.
    result : object with ``to_dict()``, or a mapping
    save, ledger
        The values of ``--save`` and ``--ledger``.
    """
    if not save:
        return None
    from rich.markup import escape

    from .. import ledger as lg

    with ledger_errors():
        sc = scenario.with_overrides(dict(overrides)) if overrides else scenario
        entry = lg.append(result, sc, command=command, arguments=dict(args), ledger=ledger)
    err.print(
        f"[dim]recorded as entry #{entry.id} in {escape(str(lg.resolve(ledger)))} "
        f"(scenario {entry.scenario_hash[:12]}, entry {entry.entry_hash[:12]})[/]",
        highlight=False,
    )
    return entry.id


__all__ = ["LEDGER_OPT", "SAVE_OPT", "ledger_errors", "record"]
