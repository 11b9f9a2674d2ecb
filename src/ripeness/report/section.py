"""The building blocks of a report page: a section, captions, figures, figure rows, tables.

A page (:func:`ripeness.report.html.page`) is a list of :class:`Section`; a section is an
anchor, a short name for the navigation, a heading and HTML parts made with the helpers here.
Every helper takes HTML already escaped (``ripeness.report.tables.e``) except where it says
otherwise. Figures carry no title or subtitle inside the plot (plotly's toolbar would cover
them, and a narrow screen would overlap them): their headings are HTML, over the plot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import plotly.io as pio

from . import tables as t

if TYPE_CHECKING:
    from .build import ReportData

#: plotly.js options of every figure: no logo, resize with the page, a short toolbar.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
}


@dataclass(frozen=True)
class Section:
    """One section of a page.

    Attributes
    ----------
    anchor : str
        The ``id`` of the ``<section>`` (and the navigation's ``#anchor``).
    nav : str
        Its name in the navigation (plain text).
    title : str
        Its heading (plain text).
    parts : tuple of str
        Its body, HTML.
    """

    anchor: str
    nav: str
    title: str
    parts: tuple[str, ...] = ()

    @classmethod
    def of(cls, anchor: str, nav: str, title: str, *parts: str) -> Section:
        return cls(anchor, nav, title, tuple(parts))

    def html(self) -> str:
        body = "".join(self.parts)
        return f'<section id="{t.e(self.anchor)}"><h2>{t.e(self.title)}</h2>{body}</section>'


#: A section builder: the section of a report's data, or None when it has nothing to show.
SectionBuilder = Callable[["ReportData"], "Section | None"]


def caption(text: str) -> str:
    """A caption paragraph (``text`` is HTML)."""
    return f'<p class="caption">{text}</p>'


def note(text: str) -> str:
    """A highlighted remark (``text`` is HTML), e.g. that a package is not a deal."""
    return f'<p class="remark">{text}</p>'


def figure_html(fig: go.Figure, div_id: str, heading: str = "") -> str:
    """A figure as a ``<div>`` and inline script (plotly.js is in the page head).

    ``heading`` (plain text) is shown above the plot, outside it.
    """
    body = pio.to_html(
        fig, full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG
    )
    head = f'<h4 class="fig-title">{t.e(heading)}</h4>' if heading else ""
    return f'<div class="figure">{head}{body}</div>'


def figure_row(panels: Sequence[tuple[str, go.Figure, str]]) -> str:
    """Several figures side by side on a wide screen, one under the other on a narrow one.

    Parameters
    ----------
    panels : sequence of (heading, figure, div id)
    """
    cells = "".join(
        f'<div class="figure-cell">{figure_html(fig, div_id, heading)}</div>'
        for heading, fig, div_id in panels
    )
    return f'<div class="figure-row">{cells}</div>'
