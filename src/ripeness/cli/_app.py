"""The typer application and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup


def _no_type(ctx: Any) -> None:
    return None


def _quiet_flags(params: list[Any]) -> list[Any]:
    """Flags take no value: no ``<bool>`` beside them in the help; an argument with a metavar
    (``SCENARIO``) needs no ``<str>`` beside it either."""
    for p in params:
        if getattr(p, "is_flag", False) and getattr(p, "metavar", None) is None:
            p.metavar = ""
        if getattr(p, "param_type_name", "") == "argument" and p.metavar:
            p.display_type_rich = _no_type
    return params


def reflow(text: str | None) -> str | None:
    """Help text with the line breaks inside a paragraph removed (rich wraps it to fit)."""
    if not text:
        return text
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class Command(TyperCommand):
    """A command whose help wraps to the terminal and whose flags show no type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))


class Group(TyperGroup):
    """The command group: quiet flags, and plain one-line usage errors when stderr is not a
    terminal (greppable, never boxed or wrapped)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        how = (args, prog_name, complete_var)
        if not standalone_mode or sys.stderr.isatty():
            return super().main(*how, standalone_mode, windows_expand_args, **extra)
        from typer import _click

        try:
            code = super().main(*how, False, windows_expand_args, **extra)
        except _click.exceptions.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("Aborted!\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class App(typer.Typer):
    """A typer app whose commands are :class:`Command` and whose groups are :class:`Group`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("rich_markup_mode", "rich")
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = App(
    name="ripeness",
    help=(
        "Is a negotiated settlement possible now; if not, what stands in the way, how far "
        "apart are the sides, and what would have to change?\n\n"
        "SCENARIO is a YAML file or a packaged scenario name (default: russia-ukraine-2026-06; "
        "[bold]ripeness scenarios[/] lists them). Start your own with [bold]ripeness init[/]."
    ),
    no_args_is_help=True,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"ripeness {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Is a negotiated settlement possible now?"""


# emoji off: ``file:100:7:`` must not become ``file💯7:``; soft wrap: no line on stderr is
# ever broken (problem lines stay greppable and editor-matchable, in a pipe and on a terminal)
out = Console(emoji=False)
err = Console(stderr=True, emoji=False, soft_wrap=True)


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


def progress_bar(description: str, enabled: bool = True) -> Any:
    """A rich progress bar on stderr when it is a terminal, or a no-op context manager."""
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


@contextmanager
def stages() -> Iterator[Callable[[str], None]]:
    """A spinner naming the step under way (on a terminal); ``say(step)`` moves it on.

    For work in steps of unknown length (the report): each step's name and the time so far.
    """
    if not err.is_terminal:
        yield lambda _step: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
        transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("starting", total=None)
        yield lambda step: bar.update(task, description=step)


def progress_callback(bar: Any) -> Callable[[int, int], None] | None:
    if bar is None:
        return None
    task = bar.add_task("work", total=1)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update


# --- shared options ------------------------------------------------------------------------


class Format(StrEnum):
    """How a command prints its answer."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


def _complete_scenario(incomplete: str) -> list[str]:
    from ..scenario import packaged_scenarios

    names = [n for n in packaged_scenarios() if n.startswith(incomplete)]
    files = sorted(str(p) for p in Path().glob(f"{incomplete}*.yaml"))
    return names + files


def _complete_obstacle(ctx: typer.Context, incomplete: str) -> list[str]:
    """Obstacle ids of the scenario named earlier on the command line."""
    try:
        import ripeness

        ids = ripeness.load(ctx.params.get("scenario")).obstacle_ids
    except Exception:  # completion must never fail loudly
        return []
    return [o for o in ids if o.startswith(incomplete)]


SCENARIO_ARG = typer.Argument(
    None,
    help="Scenario YAML file or packaged name.",
    show_default=False,
    metavar="SCENARIO",
    autocompletion=_complete_scenario,
)
OFF_OPT = typer.Option(
    None,
    "--off",
    help="Switch an obstacle off (repeatable).",
    metavar="ID",
    autocompletion=_complete_obstacle,
)
SET_OPT = typer.Option(
    None,
    "--set",
    help="Override a field: PATH=VALUE, e.g. war.military_balance=1.5 (repeatable; "
    "ripeness params lists the paths).",
    metavar="PATH=VALUE",
)
PACKAGE_METAVAR = "ISSUE=OPTION"
FORMAT_OPT = typer.Option(
    Format.table,
    "--format",
    help="How to print the answer (csv: the tables; md: for notes).",
    case_sensitive=False,
    metavar="table|json|csv|md",
)
JSON_OPT = typer.Option(False, "--json", help="The same as --format json.")
FORCE_OPT = typer.Option(False, "--force", help="Replace the output if it exists.")


class Engine(StrEnum):
    """Which engine answers."""

    auto = "auto"
    enumerate = "enumerate"
    exact = "exact"


ENGINE_OPT = typer.Option(
    Engine.auto,
    "--engine",
    help="auto chooses by size; exact is CP-SAT.",
    metavar="auto|enumerate|exact",
)
NAN_RANGE = (float("nan"), float("nan"))
#: ``ripeness.engine.deadline.DEFAULT_TIME_LIMIT`` (not imported: ``--help`` stays fast).
DEFAULT_TIME_LIMIT = 600.0
TIME_LIMIT_OPT = typer.Option(
    DEFAULT_TIME_LIMIT,
    "--time-limit",
    min=0.0,
    help="Wall-clock seconds for the exact engine over the whole command (0: no limit). "
    "When they run out the command stops with an error (exit 3), never a partial answer.",
    metavar="SECONDS",
)
#: Exit codes: the exact engine's time limit ran out; Ctrl-C (128 + SIGINT).
TIME_LIMIT_EXIT = 3
INTERRUPT_EXIT = 130


def with_time_limit(d: dict[str, Any], seconds: float) -> dict[str, Any]:
    """``d`` with the time limit used (``time_limit``: seconds, None for none)."""
    return {**d, "time_limit": seconds if seconds > 0 else None}


def timed(doc: Any, seconds: float) -> Any:
    """A command's document with the time limit of the exact engine as its last line."""
    limit = f"{seconds:g} s" if seconds > 0 else "none"
    doc.line(f"[dim]time limit of the exact engine: {limit}[/]")
    return doc


def range_opt(flag: str, help: str) -> Any:
    """A ``LO HI`` pair (default: the number's uncertainty range)."""
    return typer.Option(NAN_RANGE, flag, help=help, metavar="LO HI", show_default=False)


def given_range(r: tuple[float, float] | None) -> tuple[float, float] | None:
    """The pair given on the command line, None when left at its default."""
    import math

    if r is None or any(math.isnan(x) for x in r):
        return None
    return (float(r[0]), float(r[1]))


def fmt_of(fmt: Format | str, json: bool) -> str:
    """The format asked for (``--json`` is ``--format json``)."""
    return "json" if json else (fmt.value if isinstance(fmt, Format) else str(fmt))


def emit(data: Any, fmt: str, build: Callable[[], Any]) -> None:
    """Print a command's answer: ``data`` (its ``to_dict()``) as JSON, else the document
    ``build()`` returns (:class:`ripeness.cli.output.Doc`) as a table, CSV or Markdown."""
    if fmt == "json":
        emit_json(data)
        return
    from .output import show

    show(build(), fmt, out)


def refuse_existing(path: Path, force: bool, what: str = "") -> None:
    """The overwrite rule of every command: an existing output is replaced only with --force."""
    if force or not (path.exists() or path.is_symlink()):
        return
    if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
        return  # an empty folder holds nothing to lose
    fail(f"{path} exists{what} (use --force to replace it)")


def report_seed(given: int | None, used: int) -> None:
    """When no --seed was given, say which one was drawn, so the run can be repeated."""
    if given is None:
        err.print(f"[dim]seed {used} (drawn; --seed {used} repeats this run)[/]", highlight=False)
