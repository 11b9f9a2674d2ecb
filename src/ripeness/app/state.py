"""The web app's logic, free of Streamlit: load and validate, levers, one view, downloads.

Everything here is a plain function over scenario text and settings, so the app itself
(:mod:`ripeness.app.streamlit_app`) only lays out widgets and caches these results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..analysis import Analysis
from ..analysis.curves import DurabilityCurves, durability_curves
from ..api import analyze, load, parameter_value
from ..report.picture import Picture, bargaining_picture, nearest_name
from ..scenario import Problem, Scenario, ScenarioError, packaged_scenarios, parse_text
from ..scenario.numbers import point
from ..scenario.yamlio import dump_yaml

#: Largest upload accepted, in bytes.
MAX_UPLOAD_BYTES = 1_000_000
#: Package points drawn in the app's bargaining picture.
APP_POINTS = 2_500


def packaged_text(name: str) -> str:
    """The YAML text of a packaged scenario."""
    from ..scenario import packaged_text as text_of

    got = text_of(name) if name in packaged_scenarios() else None
    if got is None:
        raise ValueError(f"no packaged scenario {name!r}; known: {', '.join(packaged_scenarios())}")
    return got


def decode_upload(data: bytes, name: str) -> str:
    """Check an uploaded file's size and encoding; its text.

    Raises
    ------
    ScenarioError
        Over :data:`MAX_UPLOAD_BYTES`, or not UTF-8 text.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        msg = f"file of {len(data):,} bytes is larger than the limit of {MAX_UPLOAD_BYTES:,} bytes"
        raise ScenarioError([Problem(name, 0, 0, "<file>", msg)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(name, 0, 0, "<file>", f"not UTF-8 text: {exc}")]) from None


def load_text(text: str, name: str) -> Scenario:
    """Parse, validate and calibrate scenario text, as ``ripeness load`` does a file.

    Raises
    ------
    ScenarioError
        With the same ``file:line:col: field: message`` problems as the command line.
    """
    return load(parse_text(text, file=name))


#: Problems shown in the app; the rest are counted in one line.
MAX_PROBLEM_LINES = 100


def problem_lines(exc: ScenarioError) -> list[str]:
    """The problems of a scenario error, one line each (as the CLI prints them)."""
    lines = [str(p) for p in exc.problems] or [str(exc)]
    if len(lines) > MAX_PROBLEM_LINES:
        rest = len(lines) - MAX_PROBLEM_LINES
        lines = [*lines[:MAX_PROBLEM_LINES], f"... and {rest:,} more problem(s)"]
    return lines


@dataclass(frozen=True)
class Slider:
    """A lever the app offers as a slider.

    Attributes
    ----------
    path : str
        Dotted path (``--set`` syntax).
    label : str
    lo, hi, value, step : float
        Range, the scenario's value, and the slider's step.
    """

    path: str
    label: str
    lo: float
    hi: float
    value: float
    step: float


def _nice_step(lo: float, hi: float) -> float:
    raw = (hi - lo) / 100.0
    if raw <= 0:
        return 0.01
    mag = 10 ** math.floor(math.log10(raw))
    return float(next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw))


def _slider(path: str, label: str, value: float, lo: float, hi: float) -> Slider:
    lo, hi = min(lo, value), max(hi, value)
    if not hi > lo:
        lo, hi = value - 1.0, value + 1.0
    step = _nice_step(lo, hi)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return Slider(path, label, float(round(lo, 12)), float(round(hi, 12)), float(value), step)


def lever_sliders(sc: Scenario) -> list[Slider]:
    """Sliders for the military balance, breach probabilities, poll means and costs of war."""
    spec = sc.spec
    out: list[Slider] = []
    if spec.war is not None:
        path = "war.military_balance"
        v, b = parameter_value(sc, path)
        v = 0.0 if v is None else v
        lo, hi = b if b is not None else (v - 2.0, v + 2.0)
        out.append(
            _slider(
                path,
                "military balance (> 0 favours the first party)",
                v,
                min(lo, v - 2),
                max(hi, v + 2),
            )
        )
    for pid, c in spec.commitment.items():
        out.append(
            _slider(
                f"commitment.{pid}.breach", f"{pid}: breach probability", point(c.breach), 0.0, 1.0
            )
        )
    for actor, e in spec.electorates.items():
        calib = (sc.calibration or {}).get(actor)
        mu = point(e.mu) if e.mu is not None else (calib[0] if calib else None)
        sigma = point(e.sigma) if e.sigma is not None else (calib[1] if calib else None)
        if mu is None or sigma is None or not math.isfinite(mu):
            continue
        span = 3.0 * abs(sigma) if sigma and math.isfinite(sigma) else 20.0
        out.append(
            _slider(f"electorates.{actor}.mu", f"{actor}: poll mean mu", mu, mu - span, mu + span)
        )
    if spec.war is not None:
        for actor, cost in spec.war.cost_per_month.items():
            v, b = parameter_value(sc, f"war.cost_per_month.{actor}")
            v = point(cost) if v is None else v
            hi = max(2.0 * v, b[1] if b else 0.0, 1.0)
            out.append(
                _slider(
                    f"war.cost_per_month.{actor}", f"{actor}: cost of war per month", v, 0.0, hi
                )
            )
    return out


def changed(sliders: Iterable[Slider], values: Mapping[str, float]) -> dict[str, float]:
    """Overrides for the sliders moved away from the scenario's value."""
    out = {}
    for s in sliders:
        v = values.get(s.path)
        if v is not None and abs(float(v) - s.value) > 1e-9 * max(1.0, abs(s.value)):
            out[s.path] = float(v)
    return out


@dataclass(frozen=True, eq=False)
class View:
    """What the app shows for one setting of obstacles and levers."""

    analysis: Analysis
    picture: Picture | None
    durability: DurabilityCurves | None
    toggles: list[dict[str, Any]] = field(default_factory=list)


def toggle_effects(
    sc: Scenario, off: Iterable[str], overrides: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """For each obstacle: whether it is on, and the verdict and ``g*`` if it were toggled."""
    off = set(off)
    rows = []
    for o, ob in sc.spec.obstacles.items():
        flipped = off ^ {o}
        a = analyze(sc, sorted(flipped), overrides)
        rows.append(
            {
                "obstacle": o,
                "title": ob.title,
                "on": o not in off,
                "if toggled": a.verdict,
                "g* if toggled": a.gap,
                "ZOPA if toggled": a.zopa_size,
            }
        )
    return rows


def compute_view(
    sc: Scenario, off: Iterable[str], overrides: Mapping[str, Any] | None, *, toggles: bool = True
) -> View:
    """Analysis, bargaining picture, durability curves and toggle effects of one setting."""
    off = sorted(off)
    a = analyze(sc, off, overrides)
    return View(
        analysis=a,
        picture=bargaining_picture(a, max_points=APP_POINTS),
        durability=durability_curves(a),
        toggles=toggle_effects(sc, off, overrides) if toggles else [],
    )


def edited_yaml(sc: Scenario, overrides: Mapping[str, Any] | None, off: Iterable[str] = ()) -> str:
    """The scenario with the overrides applied, as YAML (switched-off obstacles noted on top)."""
    data = sc.with_overrides(overrides).data
    head = [f"# Edited in the ripeness app from {sc.file}."]
    if overrides:
        head.append(
            "# Changed: "
            + ", ".join(
                f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in overrides.items()
            )
        )
    off = list(off)
    if off:
        head.append("# Obstacles switched off in the app (pass them as --off): " + ", ".join(off))
    return "\n".join(head) + "\n" + dump_yaml(data)


def report_html(sc: Scenario, off: Iterable[str], overrides: Mapping[str, Any] | None) -> bytes:
    """The full HTML report of one setting."""
    from ..report import collect, render_html

    return render_html(collect(sc, tuple(off), overrides)).encode("utf-8")


#: Largest UCDP data upload accepted, in bytes (the app server's upload limit is 1 MB).
MAX_DATA_BYTES = 1_048_576


def empirical_source() -> str | None:
    """The data file named by ``$RIPENESS_UCDP``, if any (the app reads no other path)."""
    from ..analysis.empirical import data_path

    p = data_path(None)
    return str(p) if p is not None else None


def empirical_of(sc: Scenario, source: str | bytes, name: str, seed: int = 0) -> Any:
    """What real agreements did, related to ``sc`` (a ``analysis.empirical.EmpiricalView``).

    Raises
    ------
    DataError, ValueError, OSError
        A malformed file (every problem as ``file:line: column: message``), or over
        :data:`MAX_DATA_BYTES` when uploaded.
    """
    from ..analysis.empirical import DataError, empirical_view

    if isinstance(source, bytes) and len(source) > MAX_DATA_BYTES:
        raise DataError([f"{name}: {len(source):,} bytes, over the limit of {MAX_DATA_BYTES:,}"])
    return empirical_view(sc, source, seed=seed, name=name)


def nearest_label(a: Analysis) -> str:
    """``most robust deal`` or ``nearest compromise``."""
    return nearest_name(a)
