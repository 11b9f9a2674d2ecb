"""Electorates: support ``Phi((EU - mu) / sigma)`` fitted to poll points (DESIGN.md §2)."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri


class CalibrationError(ValueError):
    """Poll points from which no increasing support curve can be fitted."""


def fit_support(
    utility: np.ndarray,
    support: np.ndarray,
    mu: float | None = None,
    sigma: float | None = None,
) -> tuple[float, float]:
    """Fit ``support = Phi((u - mu) / sigma)`` by least squares of ``Phi^-1(support)`` on ``u``.

    With two points the fit is exact. A given ``mu`` or ``sigma`` is kept and only the other
    parameter is fitted (one point then suffices).

    Parameters
    ----------
    utility : ndarray
        The electorate's utility ``u`` of each poll package.
    support : ndarray
        Share supporting each package, in (0, 1).
    mu, sigma : float, optional
        Fixed parameters.

    Returns
    -------
    (mu, sigma) : tuple of float

    Raises
    ------
    CalibrationError
        When support does not rise with utility, or the points cannot identify the curve.
    """
    u = np.asarray(utility, dtype=float)
    z = ndtri(np.asarray(support, dtype=float))
    if mu is not None and sigma is not None:
        return float(mu), float(sigma)
    if sigma is not None:
        if u.size == 0:
            raise CalibrationError("no poll point to fit mu")
        return float(np.mean(u - sigma * z)), float(sigma)
    if mu is not None:
        du = u - mu
        den = float(np.sum(z * du))
        if u.size == 0 or den <= 0:
            raise CalibrationError("support must rise with utility (fitted sigma <= 0)")
        return float(mu), float(np.sum(du * du) / den)
    if u.size < 2 or np.ptp(u) <= 1e-12:
        raise CalibrationError("need two poll points with different utilities (or give `sigma`)")
    slope, intercept = np.polyfit(u, z, 1)
    if slope <= 0:
        raise CalibrationError(
            "support falls as the electorate's utility rises: check the poll packages "
            "against the utilities"
        )
    return float(-intercept / slope), float(1.0 / slope)
