"""The typer application and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="ripeness",
    help=(
        "Is a negotiated settlement possible now; if not, what stands in the way, how far "
        "apart are the sides, and what would have to change?\n\n"
        "SCENARIO is a YAML file or a packaged scenario name (default: russia-ukraine-2024)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn scenario and input errors into a clear message and a non-zero exit."""
    from ..scenario import ScenarioError

    try:
        yield
    except ScenarioError as exc:
        for p in exc.problems:
            err.print(str(p), highlight=False, markup=False)
        err.print(f"[bold red]{len(exc.problems)} problem(s)[/]")
        raise typer.Exit(2) from None
    except (ValueError, KeyError, OSError) as exc:
        fail(str(exc))


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """``["a.b=1.5", ...]`` -> ``{"a.b": 1.5}`` (values parsed as YAML scalars, safely)."""
    from ..scenario import parse_value

    result: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            fail(f"--set {item!r}: expected PATH=VALUE")
        path, _, value = item.partition("=")
        result[path.strip()] = parse_value(value.strip())
    return result


def parse_package(items: list[str] | None) -> dict[str, str]:
    """``["crimea=ru", ...]`` -> ``{"crimea": "ru"}``."""
    result: dict[str, str] = {}
    for item in items or []:
        if "=" not in item:
            fail(f"--package {item!r}: expected ISSUE=OPTION")
        k, _, v = item.partition("=")
        result[k.strip()] = v.strip()
    return result


def emit_json(data: Any) -> None:
    from ..analysis.base import jsonable

    sys.stdout.write(json.dumps(jsonable(data), indent=2) + "\n")


def progress_bar(description: str, enabled: bool) -> Any:
    """A rich progress bar on a terminal, or a no-op context manager."""
    from contextlib import nullcontext

    if not enabled or not err.is_terminal:
        return nullcontext(None)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn(description),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


def progress_callback(bar: Any) -> Callable[[int, int], None] | None:
    if bar is None:
        return None
    task = bar.add_task("work", total=1)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update


# shared option declarations
SCENARIO_ARG = typer.Argument(None, help="Scenario YAML file or packaged name.", show_default=False)
OFF_OPT = typer.Option(None, "--off", help="Switch an obstacle off (repeatable).")
SET_OPT = typer.Option(
    None, "--set", help="Override a field: PATH=VALUE, e.g. war.military_balance=1.5 (repeatable)."
)
JSON_OPT = typer.Option(False, "--json", help="Emit JSON instead of tables.")
ENGINE_OPT = typer.Option("auto", "--engine", help="auto, enumerate or exact.")
