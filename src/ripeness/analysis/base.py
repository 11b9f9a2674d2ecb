"""Shared behaviour of result objects: JSON, pandas tables, notebook HTML."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np


def json_number(x: Any) -> float | None:
    """A float back from a value :func:`jsonable` wrote (``"inf"``/``"-inf"`` strings too);
    None for anything else (None, booleans, text)."""
    if isinstance(x, bool) or x is None:
        return None
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x)
        except ValueError:
            return None
    return None


def jsonable(x: Any) -> Any:
    """Plain JSON types (numpy scalars and arrays converted; inf/nan as strings)."""
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        f = float(x)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    return x


class Result:
    """Base of analysis results: ``to_dict()``, ``to_json()``, ``to_frame()``, notebook display.

    Subclasses give ``to_dict()`` (plain data), ``to_frame()`` (a tidy pandas table: one row
    per observation) and usually their own ``_repr_html_``; the default display is the class
    name over the rounded ``to_frame()``.
    """

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_frame(self):  # type: ignore[no-untyped-def]  # pragma: no cover - abstract
        raise NotImplementedError

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(jsonable(self.to_dict()), **kwargs)

    def _repr_html_(self) -> str:
        from .notebook_more import generic_html

        return generic_html(self)
