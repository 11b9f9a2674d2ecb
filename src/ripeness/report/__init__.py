"""Reports: interactive charts (plotly), static figures (matplotlib) and a self-contained page.

Typical use::

    from ripeness.report import collect, write_report
    data = collect("toy", off=["hawks-b"])
    write_report(data, "report.html", png_dir="figures")

The command line is ``ripeness report``; the web app reuses :mod:`ripeness.report.charts`.
"""

from __future__ import annotations

import os
from pathlib import Path

from .build import ReportData, collect
from .files import atomic_write, write_all
from .html import render_html

__all__ = ["ReportData", "atomic_write", "collect", "render_html", "report_files", "write_report"]


def report_files(
    data: ReportData,
    output: str | os.PathLike[str] | None,
    *,
    png_dir: str | os.PathLike[str] | None = None,
    pdf_dir: str | os.PathLike[str] | None = None,
) -> dict[Path, bytes | str]:
    """Render the HTML page and the static figures in memory: ``{path: content}``."""
    files: dict[Path, bytes | str] = {}
    if output is not None:
        files[Path(output)] = render_html(data)
    if png_dir is not None or pdf_dir is not None:
        from .static import figure_bytes, static_figures

        figures = static_figures(data)
        for fmt, d in (("png", png_dir), ("pdf", pdf_dir)):
            if d is not None:
                for name, fig in figures.items():
                    files[Path(d) / f"{name}.{fmt}"] = figure_bytes(fig, fmt)
    return files


def write_report(
    data: ReportData,
    output: str | os.PathLike[str] | None,
    *,
    png_dir: str | os.PathLike[str] | None = None,
    pdf_dir: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Render everything first, then write each file atomically; returns the paths written."""
    return write_all(report_files(data, output, png_dir=png_dir, pdf_dir=pdf_dir))
