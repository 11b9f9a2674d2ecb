"""Aligned blocks of packages for the enumeration engine.

Packages are mixed-radix numbers, so a block of ``m * C`` consecutive packages, with ``C`` the
product of the trailing issues' radices, repeats the same trailing digits ``m`` times. The
trailing issues' part of every utility and bundle is computed once; each block adds the leading
issues' constants. Utilities then cost an outer sum per block instead of a gather per package
and issue. The terms are the same as :func:`ripeness.model.utilities` adds, grouped
differently (leading issues' sum + trailing issues' sum), so a utility may differ from it in
the last bits (below 1e-13 over the 103,680 packages of ``russia-ukraine-2024`` in blocks of
4,096: ``tests/engine/test_blocks_rounding.py``), well inside the tie tolerance of every
comparison (docs/model.md);
the numbers shown for a package (``assess``, the nearest compromise) come from the evaluator.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from math import prod

import numpy as np

from ..model import Model
from ..model import semantics as S


@lru_cache(maxsize=4)
def low_digits(radix: tuple[int, ...]) -> np.ndarray:
    """Option indices of every package of the space ``radix`` in mixed-radix order, ``(C, K)``
    (read-only; cached, since every model of one scenario shares its package space)."""
    if not radix:
        out = np.zeros((1, 0), dtype=np.int64)
    else:
        out = np.indices(radix, dtype=np.int64).reshape(len(radix), -1).T.copy()
    out.setflags(write=False)
    return out


def needs_digits(model: Model) -> bool:
    """Whether evaluating the model looks at option indices beyond the utilities."""
    return bool(
        model.red_lines
        or model.rules
        or model.cedes.any()
        or (model.breach.any() and len(model.det_issue) > 0)
    )


class Blocks:
    """Iterate over ``(index, digits, u)`` for every package, in package order.

    Parameters
    ----------
    model : Model
    target : int
        Approximate number of packages per block.
    digits : bool
        Build each block's ``(n, K)`` option indices; when False an ``(n, 0)`` placeholder is
        yielded (enough for models whose acceptance looks at no issue directly).
    """

    def __init__(self, model: Model, target: int, digits: bool = True):
        self.model = model
        self.want_digits = digits
        radix = [len(o) for o in model.space.options]
        K = len(radix)
        j, C = K, 1
        while j > 0 and C * radix[j - 1] <= max(target, 1):
            j -= 1
            C *= radix[j]
        if j == K:  # the last issue alone is larger than the target
            j, C = K - 1, radix[-1]
        self.j, self.C = j, C
        self.n_high = prod(radix[:j])
        self.m = max(1, target // C)
        self.low = low_digits(tuple(radix[j:]))
        self.high_strides = np.array([prod(radix[k + 1 : j]) for k in range(j)], dtype=np.int64)
        self.high_radix = np.array(radix[:j], dtype=np.int64)
        t = model.table
        # the trailing issues' utilities as outer sums, issue by issue in file order (the terms
        # of S.additive_utility, grouped as leading + trailing: equal up to rounding)
        A = model.n_actors
        u_low = np.zeros((A, 1))
        for k in range(j, K):
            u_low = (u_low[:, :, None] + t[:, k, : radix[k]][:, None, :]).reshape(A, -1)
        self.u_low = u_low
        # bundles: the trailing issues' part of each condition, once (outer ANDs)
        self.b_low = []
        if j == 0:  # the whole space is one block: conditions on the cached table
            self.b_low = [cond.holds(self.low) for cond in model.bundles]
        for cond in model.bundles if j else ():
            parts = dict(zip(cond.issues, cond.allowed, strict=True))
            mask = np.ones(1, dtype=bool)
            for k in range(j, K):
                allowed = parts.get(k)
                step = allowed[: radix[k]] if allowed is not None else np.ones(radix[k], bool)
                mask = (mask[:, None] & step[None, :]).reshape(-1)
            self.b_low.append(mask)

    def __len__(self) -> int:
        return -(-self.n_high // self.m)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        model, j, C = self.model, self.j, self.C
        A, K = model.n_actors, len(model.space.options)
        t = model.table
        for h0 in range(0, self.n_high, self.m):
            h = np.arange(h0, min(self.n_high, h0 + self.m), dtype=np.int64)
            m = len(h)
            hd = (h[:, None] // self.high_strides[None, :]) % self.high_radix[None, :]  # (m, j)
            const = S.additive_utility(t[:, :j, :], hd)
            u = (const[:, :, None] + self.u_low[:, None, :]).reshape(A, m * C)
            for cond, a, v, low in zip(
                model.bundles, model.bundle_actor, model.bundle_value, self.b_low, strict=True
            ):
                ok = np.ones(m, dtype=bool)
                for k, allowed in zip(cond.issues, cond.allowed, strict=True):
                    if k < j:
                        ok &= allowed[hd[:, k]]
                if ok.any():
                    u[a] += v * (ok[:, None] & low[None, :]).reshape(m * C)
            idx = (h[:, None] * C + np.arange(C, dtype=np.int64)[None, :]).reshape(-1)
            if not self.want_digits:
                yield idx, np.empty((m * C, 0), dtype=np.int64), u
                continue
            if j == 0:  # the whole space is one block: its digits are the cached table
                yield idx, self.low, u
                continue
            digits = np.empty((m, C, K), dtype=np.int64)
            digits[:, :, :j] = hd[:, None, :]
            digits[:, :, j:] = self.low[None, :, :]
            yield idx, digits.reshape(m * C, K), u
