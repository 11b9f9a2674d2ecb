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
        "SCENARIO is a YAML file or a packaged scenario name (default: russia-ukraine-2026-06)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# emoji off: ``file:100:7:`` must not become ``file💯7:``
out = Console(emoji=False)
err = Console(stderr=True, emoji=False)


def say(text: str) -> None:
    """Print user text on stderr verbatim: no markup, emoji or highlighting, never wrapped."""
    err.print(text, markup=False, emoji=False, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print("[bold red]error:[/] ", end="", highlight=False)
    say(message)
    raise typer.Exit(code)


def print_problems(problems: list[Any]) -> None:
    """Every problem on its own line (``file:line:col: field: message``), then the count."""
    for p in problems:
        say(str(p))
    err.print(f"[bold red]{len(problems)} problem(s)[/]")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn scenario and input errors into a clear message and a non-zero exit.

    Catches what bad input can raise on the way in (scenario problems, values, missing or
    unwritable files, a worker process that died); anything else is a bug and is not hidden.
    """
    from ..engine.deadline import TimeLimitExceeded
    from ..parallel import WorkerError
    from ..scenario import ScenarioError

    try:
        yield
    except ScenarioError as exc:
        print_problems(exc.problems)
        raise typer.Exit(2) from None
    except TimeLimitExceeded as exc:
        fail(str(exc), TIME_LIMIT_EXIT)
    except KeyboardInterrupt:
        err.print("[bold red]interrupted[/] (Ctrl-C): stopped, nothing answered", highlight=False)
        raise typer.Exit(INTERRUPT_EXIT) from None
    except (ValueError, KeyError, OSError, WorkerError) as exc:
        text = str(exc)
        if isinstance(exc, KeyError) and exc.args:
            text = f"unknown name {exc.args[0]!r}"
        fail(text or type(exc).__name__)


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """``["a.b=1.5", ...]`` -> ``{"a.b": 1.5}`` (values parsed as YAML scalars, safely)."""
    from ..scenario import OverrideError, parse_value

    result: dict[str, Any] = {}
    for item in items or []:
        shown = item if len(item) <= 80 else item[:77] + "..."
        if "=" not in item:
            fail(f"--set {shown!r}: expected PATH=VALUE")
        path, _, value = item.partition("=")
        if not path.strip():
            fail(f"--set {shown!r}: no PATH before '='")
        try:
            result[path.strip()] = parse_value(value.strip())
        except OverrideError as exc:
            fail(f"--set {shown!r}: {exc}")
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
#: ``ripeness.engine.deadline.DEFAULT_TIME_LIMIT`` (not imported: ``--help`` stays fast).
DEFAULT_TIME_LIMIT = 600.0
TIME_LIMIT_OPT = typer.Option(
    DEFAULT_TIME_LIMIT,
    "--time-limit",
    min=0.0,
    help="Wall-clock seconds for the exact engine over the whole command (0: no limit). "
    "When they run out the command stops with an error (exit 3), never a partial answer.",
)
#: Exit codes: the exact engine's time limit ran out; Ctrl-C (128 + SIGINT).
TIME_LIMIT_EXIT = 3
INTERRUPT_EXIT = 130


def with_time_limit(d: dict[str, Any], seconds: float) -> dict[str, Any]:
    """``d`` with the time limit used (``time_limit``: seconds, None for none)."""
    return {**d, "time_limit": seconds if seconds > 0 else None}


def print_time_limit(seconds: float) -> None:
    limit = f"{seconds:g} s" if seconds > 0 else "none"
    out.print(f"[dim]time limit of the exact engine: {limit}[/]", highlight=False)
