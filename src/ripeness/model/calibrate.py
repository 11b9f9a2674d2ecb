"""Fit the electorates to their polls, once, on the scenario as written (DESIGN.md §2).

The support of an electorate ``v`` for a package ``x`` is ``Phi((EU_v(x) - d_v - mu) /
sigma)``: a function of the package's net value (commitment discounting included) against
fighting on. :func:`calibrate` fits ``mu`` and ``sigma`` to the poll points of the
``electorates:`` block on the scenario as written (every uncertain number at its mode, every
obstacle on, no ``--set``), so that the model reproduces the polls it is calibrated on:
``assess`` of a calibration package returns its poll share. Counterfactuals (``--set``,
levers, sweeps, obstacle switches) keep this fit; Monte Carlo refits in every draw
(:func:`ripeness.model.numbers.realise` with ``fit=True``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario import Scenario
from ..scenario.errors import ScenarioError, problem_at
from . import semantics as S
from .compiled import compile_structure
from .numbers import fill, fit_electorates, realise

__all__ = ["Calibration", "calibrate"]


@dataclass(frozen=True)
class Calibration(Mapping[str, tuple[float, float]]):
    """Fitted ``{electorate: (mu, sigma)}``, with the poll points behind each fit.

    Attributes
    ----------
    params : dict
        ``{actor: (mu, sigma)}``.
    points : dict
        Per electorate, a list of ``{package, support, source, net, fitted}``: each poll point's
        package (as written), poll share, source id, the net value ``EU - d`` it was fitted on
        and the support the fitted curve gives it (equal to the poll for two points).
    """

    params: dict[str, tuple[float, float]]
    points: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> tuple[float, float]:
        return self.params[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            a: {"mu": m, "sigma": s, "points": self.points.get(a, [])}
            for a, (m, s) in self.params.items()
        }

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per poll point (pandas): electorate, its fitted ``mu`` and ``sigma``, the
        package polled (``issue=option, ...``), the poll share, the support the fit gives it,
        the net value it was fitted on and the poll's source. An electorate without poll
        points (both parameters given) has one row with the package empty."""
        import pandas as pd

        rows = []
        for a, (m, s) in self.params.items():
            for p in self.points.get(a) or [{}]:
                pkg = ", ".join(f"{k}={v}" for k, v in (p.get("package") or {}).items())
                rows.append({"electorate": a, "mu": m, "sigma": s, "package": pkg,
                             "support": p.get("support"), "fitted": p.get("fitted"),
                             "net": p.get("net"), "source": p.get("source")})  # fmt: skip
        cols = ["electorate", "mu", "sigma", "package", "support", "fitted", "net", "source"]
        return pd.DataFrame(rows, columns=cols)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        return str(frame.to_html(index=False, float_format=lambda x: f"{x:.4g}", border=0))


def calibrate(scenario: Scenario) -> Calibration:
    """Fit every electorate of ``scenario`` (as written) to its poll points.

    Raises
    ------
    ScenarioError
        Naming the poll points, when an electorate's support cannot rise with the net value
        of the packages polled (the fit's slope is not positive) or the points do not identify
        the curve.
    """
    sc = scenario.as_written()
    model = compile_structure(sc, ())
    nums = realise(model, None, fit=True)
    mu, sigma, ok = fit_electorates(model, nums, fill(model, None))
    from .evaluate import net_values

    net = net_values(model, nums, model.calib_digits)[0] if model.calib_actor.size else None
    spec = sc.spec
    params: dict[str, tuple[float, float]] = {}
    points: dict[str, list[dict[str, Any]]] = {}
    problems = []
    for a, name in enumerate(model.actors):
        if model.roles[a] != "electorate":
            continue
        cols = np.flatnonzero(model.calib_actor == a)
        polls = spec.electorates[name].calibration
        if not ok[0, a]:
            shown = ", ".join(
                f"calibration.{j} (net value {float(net[a, c]):.4g}, support {p.support_point:.0%})"
                if net is not None
                else f"calibration.{j}"
                for j, (c, p) in enumerate(zip(cols, _with_points(polls), strict=True))
            )
            problems.append(
                problem_at(
                    sc.file,
                    sc.positions,
                    ("electorates", name, "calibration"),
                    "support cannot be fitted to these polls: it must rise with the "
                    "electorate's net value EU - d of the packages polled, and does not "
                    f"({shown or 'no point'}); "
                    "check the poll packages against the utilities, or give `sigma`",
                )
            )
            continue
        m, s = float(mu[0, a]), float(sigma[0, a])
        params[name] = (m, s)
        points[name] = [
            {
                "package": dict(p.package),
                "support": p.support_point,
                "source": p.source,
                "net": float(net[a, c]) if net is not None else None,
                "fitted": float(S.support(net[a, c], m, s)) if net is not None else None,
            }
            for c, p in zip(cols, _with_points(polls), strict=True)
        ]
    if problems:
        raise ScenarioError(problems)
    return Calibration(params, points)


@dataclass(frozen=True)
class _Poll:
    package: dict[str, str]
    support_point: float
    source: str | None


def _with_points(polls: list[Any]) -> list[_Poll]:
    from ..scenario import point

    return [_Poll(dict(p.package), point(p.support), p.source) for p in polls]
