"""A synthetic file in the UCDP Peace Agreement Dataset's format, for tests and examples.

Survival times are exponential with a baseline hazard ``base`` per year multiplied by
``hr[covariate]`` for each provision present (a proportional-hazards truth to recover);
agreements are censored at 2021-12-31. Nothing here is UCDP data.

Example
-------
>>> from ripeness.testing.ucdp import synthetic_csv
>>> text = synthetic_csv(200, seed=1, hr={"pko": 0.5})
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping

import numpy as np

#: The columns written (a subset of the real file's 67, in its order, plus its meta columns).
COLUMNS = (
    "paid", "conflict_name", "incompatibility", "pa_name", "pa_date", "pa_comment", "pa_3rd",
    "ended", "duration", "cease", "withd", "pp", "shagov", "terr_prov", "pko", "termdur",
    "pa_type", "procID", "version", "dateintervalstart_meta", "dateintervalend_meta",
)  # fmt: skip
END = dt.date(2021, 12, 31)


def synthetic_csv(
    n: int = 300,
    *,
    seed: int = 0,
    hr: Mapping[str, float] | None = None,
    base: float = 0.15,
    per_process: int = 2,
) -> str:
    """CSV text of ``n`` synthetic agreements, ``per_process`` to a peace process.

    Parameters
    ----------
    n : int
    seed : int
    hr : mapping, optional
        Hazard ratio of each 0/1 provision column (``pko``, ``cease``, ``withd``, ``pp``,
        ``shagov``, ``terr_prov``) or ``pa_3rd``; 1 when not named.
    base : float
        Baseline hazard per year.
    per_process : int
        Agreements per ``procID`` (signed on different days).
    """
    rng = np.random.default_rng(seed)
    ratios = dict(hr or {})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    start = dt.date(1980, 1, 1)
    for i in range(n):
        signed = start + dt.timedelta(days=int(rng.integers(0, 35 * 365)))
        flags = {c: int(rng.random() < 0.35) for c in ("cease", "withd", "pp", "shagov")}
        flags.update(pko=int(rng.random() < 0.3), terr_prov=int(rng.random() < 0.4))
        third = rng.random() < 0.6
        rate = base * math.prod(ratios.get(c, 1.0) ** v for c, v in flags.items())
        rate *= ratios.get("pa_3rd", 1.0) if third else 1.0
        days = int(rng.exponential(365.25 / rate)) + 1
        end = signed + dt.timedelta(days=days)
        ended = end <= END
        interstate = rng.random() < 0.1
        w.writerow(
            [
                str(1000 + i),
                "Aland - Borovia" if interstate else "Aland: Government",
                str(rng.choice(["1", "2", "2, 1"])),
                f"Agreement {i}\n(synthetic)",
                signed.isoformat(),
                "A comment, over\nseveral lines.",
                "UN, Norway" if third else "",
                "True" if ended else str(rng.choice(["", "False"])),
                end.isoformat() if ended else "",
                *(str(flags[c]) for c in ("cease", "withd", "pp", "shagov", "terr_prov", "pko")),
                str(rng.integers(1, 5)),
                str(rng.choice(["1", "2", "3"])),
                str(i // per_process),
                "22.1",
                "1975-01-01",
                END.isoformat(),
            ]
        )
    return buf.getvalue()
