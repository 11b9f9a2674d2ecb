"""Small inline SVG charts for notebook displays (no JavaScript, no image files).

A notebook shows a result's ``_repr_html_`` as HTML; an inline ``<svg>`` renders in every
notebook front end (and in static previews), where a plotly figure needs its JavaScript and a
matplotlib figure a round trip through PNG. Each function returns one ``<svg>`` element of
fixed size; every label is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

#: Colours shared with the report (``ripeness.report.charts.COLORS``).
DEAL, NO_DEAL, ACCENT, GREY, INK = "#1a9850", "#d73027", "#4575b4", "#6f7b8b", "#333"
FONT = 'font-family="system-ui,sans-serif" font-size="11"'


def e(s: object) -> str:
    """Escape text for HTML (quotes included): every label of the notebook displays."""
    return html.escape(str(s), quote=True)


def _tick(x: float) -> str:
    if x == 0:
        return "0"
    return f"{x:.3g}".replace("-", "−")


def _span(values: Sequence[float], include_zero: bool = True) -> tuple[float, float]:
    """A range covering every finite value (and 0), padded by 6% on each side."""
    vals = [float(v) for v in values if v is not None and math.isfinite(v)]
    if include_zero:
        vals.append(0.0)
    if not vals:
        return (0.0, 1.0)
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    pad = 0.06 * (hi - lo)
    return (lo - pad, hi + pad)


class _Scale:
    """Maps data ``[lo, hi]`` to pixels ``[a, b]``."""

    def __init__(self, lo: float, hi: float, a: float, b: float):
        self.lo, self.hi, self.a, self.b = lo, hi, a, b

    def __call__(self, v: float) -> float:
        v = min(max(v, self.lo), self.hi)  # clipped: nothing is drawn outside the axis
        return self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)


def _svg(w: int, h: int, body: str, title: str = "") -> str:
    head = f'<text x="4" y="12" {FONT} fill="#555">{e(title)}</text>' if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="{e(title)}" '
        f'style="max-width:100%;height:auto">{head}{body}</svg>'
    )


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str] | None = None,
    *,
    title: str = "",
    ref: float | None = None,
    width: int = 420,
) -> str:
    """Horizontal bars from 0, one per label; ``ref`` draws a dashed reference line.

    The axis covers 0, every value and ``ref``, so a negative bar stays inside it.
    """
    n = len(labels)
    row, top, left = 18, 20 if title else 6, 120
    h = top + n * row + 22
    lo, hi = _span([*values, *([ref] if ref is not None else [])])
    x = _Scale(lo, hi, left, width - 10)
    parts = []
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        c = colors[i] if colors else ACCENT
        if v is not None and math.isfinite(v):
            x0, x1 = sorted((x(0.0), x(v)))
            parts.append(
                f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="{row - 6}" fill="{c}"><title>{e(lab)}: {_tick(v)}</title></rect>'
            )
        parts.append(
            f'<text x="{left - 4}" y="{y + row - 5}" text-anchor="end" {FONT}>'
            f"{e(lab if len(lab) <= 20 else lab[:19] + '…')}</text>"
        )
    bottom = top + n * row
    parts.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top}" y2="{bottom}" stroke="{INK}"/>')
    if ref is not None:
        parts.append(
            f'<line x1="{x(ref):.1f}" x2="{x(ref):.1f}" y1="{top}" y2="{bottom}" stroke="#888" '
            'stroke-dasharray="3,3"/>'
        )
    placed: list[float] = []
    for v in (0.0, lo + 0.06 / 1.12 * (hi - lo), hi - 0.06 / 1.12 * (hi - lo)):
        if any(abs(x(v) - p) < 44 for p in placed):  # no two labels on top of each other
            continue
        placed.append(x(v))
        parts.append(
            f'<text x="{x(v):.1f}" y="{bottom + 14}" text-anchor="middle" {FONT} fill="#555">'
            f"{_tick(v)}</text>"
        )
    return _svg(width, h, "".join(parts), title)


def line(
    x: Sequence[float],
    y: Sequence[float],
    *,
    title: str = "",
    bands: Sequence[tuple[float, float]] = (),
    vlines: Sequence[tuple[float, str]] = (),
    zero: bool = True,
    ylim: tuple[float, float] | None = None,
    width: int = 420,
    height: int = 180,
    dots: Sequence[bool] | None = None,
) -> str:
    """A line chart: ``bands`` shaded green, ``vlines`` as ``(x, label)``, optional zero line.

    ``dots`` colours the points green (True) or red (False).
    """
    top, left, bottom = 20 if title else 8, 56, height - 20
    fx = [float(v) for v in x]
    fy = [float(v) if v is not None else math.nan for v in y]
    xs = _Scale(min(fx), max(fx) if max(fx) > min(fx) else min(fx) + 1, left, width - 10)
    lo, hi = ylim or _span(fy, include_zero=zero)
    ys = _Scale(lo, hi, bottom, top)
    parts = [
        f'<rect x="{xs(a):.1f}" y="{top}" width="{max(xs(b) - xs(a), 1):.1f}" '
        f'height="{bottom - top}" fill="{DEAL}" fill-opacity="0.15"/>'
        for a, b in bands
    ]
    if zero and lo < 0 < hi:
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{ys(0):.1f}" y2="{ys(0):.1f}" '
            f'stroke="{INK}"/>'
        )
    pts = " ".join(
        f"{xs(a):.1f},{ys(b):.1f}" for a, b in zip(fx, fy, strict=True) if math.isfinite(b)
    )
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{ACCENT}" stroke-width="1.8"/>')
    if dots is not None:
        for a, b, d in zip(fx, fy, dots, strict=True):
            if math.isfinite(b):
                parts.append(
                    f'<circle cx="{xs(a):.1f}" cy="{ys(b):.1f}" r="2.2" '
                    f'fill="{DEAL if d else NO_DEAL}"/>'
                )
    for v, label in vlines:
        parts.append(
            f'<line x1="{xs(v):.1f}" x2="{xs(v):.1f}" y1="{top}" y2="{bottom}" stroke="#666" '
            f'stroke-dasharray="3,3"/><text x="{xs(v) + 3:.1f}" y="{top + 10}" {FONT} '
            f'fill="#555">{e(label)}</text>'
        )
    for v in (lo, hi):
        parts.append(
            f'<text x="{left - 4}" y="{ys(v) + 4:.1f}" text-anchor="end" {FONT} fill="#555">'
            f"{_tick(v)}</text>"
        )
    for v in (min(fx), max(fx)):
        parts.append(
            f'<text x="{xs(v):.1f}" y="{height - 6}" text-anchor="middle" {FONT} fill="#555">'
            f"{_tick(v)}</text>"
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{width - 10 - left}" height="{bottom - top}" '
        'fill="none" stroke="#ccc"/>'
    )
    return _svg(width, height, "".join(parts), title)


def histogram(
    edges: Sequence[float], counts: Sequence[float], *, title: str = "", width: int = 420
) -> str:
    """A histogram; bins below 0 (a deal) in green."""
    height, top, left, bottom = 150, 20 if title else 8, 30, 130
    lo, hi = float(edges[0]), float(edges[-1])
    if hi <= lo:
        hi = lo + 1.0
    xs = _Scale(lo, hi, left, width - 10)
    top_count = max(max(counts, default=1), 1)
    ys = _Scale(0.0, float(top_count), bottom, top)
    parts = []
    for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True):
        color = DEAL if (a + b) / 2 < 0 else GREY
        parts.append(
            f'<rect x="{xs(a):.1f}" y="{ys(c):.1f}" width="{max(xs(b) - xs(a) - 0.5, 0.5):.1f}" '
            f'height="{bottom - ys(c):.1f}" fill="{color}"/>'
        )
    if lo < 0 < hi:
        parts.append(
            f'<line x1="{xs(0):.1f}" x2="{xs(0):.1f}" y1="{top}" y2="{bottom}" stroke="{INK}"/>'
        )
    for v in (lo, hi):
        parts.append(
            f'<text x="{xs(v):.1f}" y="{height - 6}" text-anchor="middle" {FONT} fill="#555">'
            f"{_tick(v)}</text>"
        )
    return _svg(width, height, "".join(parts), title)
