"""What a command prints, once, in four formats: a terminal table, CSV, Markdown (and JSON).

A command builds a :class:`Doc`: lines of text and :class:`Table` blocks whose cells hold
values, not strings. :func:`show` writes it:

- ``table``: on a terminal (or at the width ``COLUMNS`` sets), rich tables that fit it. Id
  columns are never cut or wrapped; titles and reasons wrap; a column with nothing in it is
  dropped (and explained when the table says how). When a table cannot fit, it is drawn
  without borders, and failing that two lines per row (the id, then the other columns). In a
  pipe with no ``COLUMNS``, every row is one line, however long (for grep and files).
- ``csv``: the tables only, every column kept; several tables are separated by a blank line,
  each after a ``# title`` line.
- ``md``: the lines as paragraphs and the tables as pipe tables, for pasting into notes.

JSON is the command's whole result (``to_dict``), written by :func:`ripeness.cli._app.emit_json`.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

#: Longest piece of scenario text shown in a cell (the JSON output has it whole).
MAX_CELL = 200


@dataclass(frozen=True)
class Mark:
    """A cell shown as ``text`` (with a style on a terminal: ``Mark("no", "red")``); CSV
    writes ``value`` when one is given (``Mark("12.5%", value=0.125)``)."""

    text: str
    style: str = ""
    value: Any = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Col:
    """A column.

    Attributes
    ----------
    name : str
        The header.
    kind : str
        ``id`` (never cut or wrapped: ids, paths, packages), ``num`` (right-aligned, never
        wrapped), ``mark`` (short words, never wrapped) or ``text`` (wraps).
    empty : str or None
        Said below the table when every cell is empty and the column is dropped (``None``:
        dropped silently).
    """

    name: str
    kind: str = "text"
    empty: str | None = None


@dataclass
class Table:
    """Rows of values under named columns; cells are numbers, text, booleans, None or Mark."""

    cols: list[Col]
    rows: list[list[Any]] = field(default_factory=list)
    title: str | None = None
    caption: str | None = None
    #: The formats that show the table (None: every one; ``{"csv"}``: data for spreadsheets).
    formats: set[str] | None = None

    def shown_in(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats

    def add(self, *cells: Any) -> None:
        if len(cells) != len(self.cols):
            raise ValueError(f"{len(cells)} cells for {len(self.cols)} columns")
        self.rows.append(list(cells))


@dataclass
class Doc:
    """A command's output: lines (rich markup, scenario text escaped) and tables, in order."""

    blocks: list[str | Table] = field(default_factory=list)

    def line(self, text: str) -> None:
        self.blocks.append(text)

    def table(self, t: Table) -> Table:
        self.blocks.append(t)
        return t

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def cell_text(x: Any, *, limit: int | None = MAX_CELL) -> str:
    """A cell as text: floats to four significant digits, None as ``-``, booleans yes/no."""
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.4g}"
    text = str(x)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _raw(x: Any) -> str:
    """A cell for CSV: full precision, empty for None."""
    if isinstance(x, Mark):
        return x.text if x.value is None else _raw(x.value)
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        return repr(x)
    return str(x)


def _blank(x: Any) -> bool:
    return x is None or x == "" or (isinstance(x, Mark) and not x.text)


def _shown_cols(t: Table) -> tuple[list[int], list[str]]:
    keep, notes = [], []
    for j, c in enumerate(t.cols):
        if t.rows and all(_blank(r[j]) for r in t.rows):
            if c.empty:
                notes.append(c.empty)
            continue
        keep.append(j)
    return keep, notes


def _words(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


#: A text column is never narrower than its longest word, up to this many characters (longer
#: words, such as URLs, fold).
MAX_WORD = 24


def _text_min(t: Table, j: int, cells: list[str]) -> int:
    return min(MAX_WORD, max([_words(t.cols[j].name), *(_words(c) for c in cells)]))


def _fixed_width(t: Table, j: int, cells: list[str]) -> int:
    return max([_words(t.cols[j].name), *(len(c) for c in cells)])


def _overhead(n: int, compact: bool) -> int:
    """Characters of borders and padding around ``n`` columns."""
    return 3 * n - 3 if compact else 3 * n + 1


def _text_widths(
    t: Table, keep: list[int], cells: list[list[str]], compact: bool, width: int
) -> dict[int, int]:
    """Widths of the text columns in a table ``width`` wide: each at least its least width
    (its longest word), the rest shared in proportion to what each lacks of its longest cell.

    (Rich's own ratio split can give a column less than its ``min_width`` and overflow the
    terminal by a character or two, so the widths are set here.)
    """
    texts = [j for j in keep if t.cols[j].kind == "text"]
    fixed = sum(_fixed_width(t, j, [r[j] for r in cells]) for j in keep if j not in texts)
    least = {j: _text_min(t, j, [r[j] for r in cells]) for j in texts}
    longest = {j: max(least[j], len(t.cols[j].name), *(len(r[j]) for r in cells)) for j in texts}
    spare = width - _overhead(len(keep), compact) - fixed - sum(least.values())
    lack = {j: longest[j] - least[j] for j in texts}
    total = sum(lack.values())
    if spare <= 0 or total == 0:
        return least
    if total <= spare:
        return longest
    share = {j: spare * lack[j] / total for j in texts}
    out = {j: least[j] + int(share[j]) for j in texts}
    left = spare - sum(int(share[j]) for j in texts)
    for j in sorted(texts, key=lambda j: share[j] - int(share[j]), reverse=True)[:left]:
        out[j] += 1
    return out


def _rich(
    t: Table,
    keep: list[int],
    cells: list[list[str]],
    compact: bool,
    wide: bool = False,
    width: int | None = None,
) -> RichTable:
    title = escape(t.title) if t.title else None
    sized = {} if wide or width is None else _text_widths(t, keep, cells, compact, width)
    if compact:
        rt = RichTable(
            title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1)
        )
    else:
        rt = RichTable(title=title)
    for j in keep:
        c = t.cols[j]
        col_cells = [row[j] for row in cells]
        header = Text(c.name, no_wrap=False, style="bold")  # headers wrap at spaces
        if c.kind == "text":
            least = _text_min(t, j, col_cells)
            if j in sized:
                rt.add_column(header, overflow="fold", width=sized[j])
            else:
                rt.add_column(header, overflow="fold", ratio=None if wide else 1, min_width=least)
        else:
            width = _fixed_width(t, j, col_cells)
            if wide:
                width = max(width, len(c.name))
            rt.add_column(
                header,
                no_wrap=True,
                width=width,
                justify="right" if c.kind == "num" else "left",
            )
    for row, values in zip(cells, t.rows, strict=True):
        out = []
        for j in keep:
            v = values[j]
            text = escape(row[j])
            out.append(f"[{v.style}]{text}[/]" if isinstance(v, Mark) and v.style else text)
        rt.add_row(*out)
    return rt


def _needed(t: Table, keep: list[int], cells: list[list[str]], compact: bool) -> int:
    total = 0
    for j in keep:
        col = [row[j] for row in cells]
        if t.cols[j].kind == "text":
            longest = max([len(c) for c in col] + [len(t.cols[j].name)])
            total += max(min(longest, 12), _text_min(t, j, col))
        else:
            total += _fixed_width(t, j, col)
    return total + _overhead(len(keep), compact)


def _stacked(console: Any, t: Table, keep: list[int], cells: list[list[str]]) -> None:
    """A table too wide for the console, as records: the short columns aligned under a header,
    with the first column (an id) on their line when it fits there, else on a line of its own;
    then each text column on a line of its own."""
    if t.title:
        console.print(f"[bold]{escape(t.title)}[/]", highlight=False)
    first = keep[0]
    rest = [j for j in keep[1:] if t.cols[j].kind != "text"]
    texts = [j for j in keep[1:] if t.cols[j].kind == "text"]
    widths = {j: _fixed_width(t, j, [r[j] for r in cells]) for j in [first, *rest]}
    inline = sum(widths.values()) + 2 * len(rest) <= console.width
    short = [first, *rest] if inline else rest
    indent = "" if inline else "    "

    def line(values: dict[int, str]) -> str:
        parts = []
        for j in short:
            text = values[j]
            right = t.cols[j].kind == "num"
            parts.append(text.rjust(widths[j]) if right else text.ljust(widths[j]))
        return indent + "  ".join(parts).rstrip()

    def show(text: Text) -> None:
        console.print(text, highlight=False, soft_wrap=True)

    if not inline:
        show(Text(t.cols[first].name, style="bold"))
    show(Text(line({j: t.cols[j].name for j in short}), style="bold"))
    for row, values in zip(cells, t.rows, strict=True):
        if not inline:
            show(Text(row[first], style="bold"))
        if short:
            text = Text(line({j: row[j] for j in short}))
            for j in short:  # the styles of marks, on their own cells
                v = values[j]
                if isinstance(v, Mark) and v.style and v.text:
                    text.highlight_words([v.text], v.style)
            show(text)
        for j in texts:
            if row[j] not in ("", "-"):
                console.print(Text(f"    {t.cols[j].name}: {row[j]}"), highlight=False)


def _natural(t: Table, keep: list[int], cells: list[list[str]]) -> int:
    """The width of ``t`` with every cell on one line."""
    widest = [max([len(t.cols[j].name), *(len(r[j]) for r in cells)]) for j in keep]
    return sum(widest) + 3 * len(keep) + 1


def print_table(console: Any, t: Table, wide: bool = False) -> None:
    """Draw ``t`` to fit ``console.width``, or with ``wide`` one line per row whatever its
    length (see the module docstring)."""
    keep, notes = _shown_cols(t)
    if not keep:
        return
    cells = [[cell_text(r[j]) if j in keep else "" for j in range(len(t.cols))] for r in t.rows]
    width = console.width
    if wide:
        natural = max(_natural(t, keep, cells), len(t.title or ""))
        before = console.width
        console.width = natural  # rich caps a print's width at the console's
        try:
            console.print(_rich(t, keep, cells, compact=False, wide=True), crop=False)
        finally:
            console.width = before
    elif _needed(t, keep, cells, compact=False) <= width:
        console.print(_rich(t, keep, cells, compact=False, width=width))
    elif _needed(t, keep, cells, compact=True) <= width:
        console.print(_rich(t, keep, cells, compact=True, width=width))
    else:
        _stacked(console, t, keep, cells)
    for note in [*notes, *([t.caption] if t.caption else [])]:
        console.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=wide)


def wide_output(console: Any) -> bool:
    """Whether tables are drawn one line per row: stdout is not a terminal and ``COLUMNS``
    does not set a width (a pipe to grep or a file: rows stay whole, never wrapped)."""
    return not console.is_terminal and not os.environ.get("COLUMNS")


# --- CSV and Markdown --------------------------------------------------------------------------


def csv_text(tables: Sequence[Table]) -> str:
    """The tables as CSV (every column kept; several separated by ``# title`` lines)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for i, t in enumerate(tables):
        if len(tables) > 1:
            if i:
                buf.write("\n")
            buf.write(f"# {t.title or f'table {i + 1}'}\n")
        w.writerow([c.name for c in t.cols])
        for r in t.rows:
            w.writerow([_raw(x) for x in r])
    return buf.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def md_table(t: Table) -> str:
    keep, notes = _shown_cols(t)
    lines = []
    if t.title:
        lines += [f"**{_md_cell(t.title)}**", ""]
    if keep:
        lines.append("| " + " | ".join(_md_cell(t.cols[j].name) for j in keep) + " |")
        lines.append(
            "| " + " | ".join("---:" if t.cols[j].kind == "num" else "---" for j in keep) + " |"
        )
        for r in t.rows:
            row = (_md_cell(cell_text(r[j], limit=None)) for j in keep)
            lines.append("| " + " | ".join(row) + " |")
    for note in [*notes, *([t.caption] if t.caption else [])]:
        lines += ["", f"*{_md_cell(note)}*"]
    return "\n".join(lines)


def plain(markup: str) -> str:
    """Rich markup as plain text."""
    return Text.from_markup(markup).plain


def md_text(doc: Doc) -> str:
    parts = []
    for b in doc.blocks:
        if isinstance(b, Table):
            if b.shown_in("md"):
                parts.append(md_table(b))
        else:
            parts.append(plain(b))
    return "\n\n".join(parts) + "\n"


def show(doc: Doc, fmt: str, console: Any) -> None:
    """Write ``doc`` to stdout as ``table`` (on ``console``), ``csv`` or ``md``."""
    if fmt == "csv":
        sys.stdout.write(csv_text([t for t in doc.tables() if t.shown_in("csv")]))
    elif fmt == "md":
        sys.stdout.write(md_text(doc))
    else:
        wide = wide_output(console)
        for b in doc.blocks:
            if isinstance(b, Table):
                if b.shown_in("table"):
                    print_table(console, b, wide)
            else:
                console.print(b, highlight=False, soft_wrap=wide)


__all__ = [
    "MAX_CELL",
    "Col",
    "Doc",
    "Mark",
    "Table",
    "cell_text",
    "csv_text",
    "md_table",
    "md_text",
    "plain",
    "print_table",
    "show",
]
