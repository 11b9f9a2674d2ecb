"""Shared behaviour of result objects: JSON, pandas tables, notebook HTML."""

from __future__ import annotations

import html
import json
import math
from typing import Any

import numpy as np


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
    """Base of analysis results: ``to_dict()``, ``to_json()``, notebook display."""

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(jsonable(self.to_dict()), **kwargs)

    def _repr_html_(self) -> str:
        return _html(jsonable(self.to_dict()))


def _html(x: Any, depth: int = 0) -> str:
    if isinstance(x, dict):
        if depth > 2:
            return html.escape(json.dumps(x))
        rows = "".join(
            f"<tr><th style='text-align:left;vertical-align:top'>{html.escape(str(k))}</th>"
            f"<td style='text-align:left'>{_html(v, depth + 1)}</td></tr>"
            for k, v in x.items()
        )
        return f"<table>{rows}</table>"
    if isinstance(x, list):
        if len(x) > 20:
            return html.escape(json.dumps(x[:20])) + f" … ({len(x)} items)"
        return html.escape(json.dumps(x))
    if isinstance(x, float):
        return f"{x:.4g}"
    return html.escape(str(x))
