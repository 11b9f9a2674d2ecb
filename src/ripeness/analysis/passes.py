"""How a batch of draws is split into passes, and what a task needs in memory.

A pass evaluates a slice of a chunk's draws (Monte Carlo) or rows (tornado, Sobol) at once.
Its size is fixed by the scenario (:func:`draws_per_pass`: the per-draw arrays of a pass
within :data:`PASS_BYTES`), never by the memory budget: BLAS matrix products (used with BLAS
pinned to one thread) can round differently with the shape of the call, so shapes that
followed the budget would make the last bits of the numbers follow it too. The budget
(:mod:`ripeness.memory`) sizes what does not change any number — the passes over joint war
outcomes (:mod:`ripeness.model.fighting`), the structural split of the package space — and
work that cannot fit it is refused up front (:func:`check_budget`).
"""

from __future__ import annotations

from ..memory import MIN_MEMORY, memory_budget
from ..model.fighting import JOINT_BLOCK, WAR_CELLS
from .uncertainty import BLOCK_CELLS, Design

#: Bytes of per-draw arrays in one pass over a batch of draws (:func:`draws_per_pass`): a
#: quarter of the smallest memory budget. Fixed, not the budget: BLAS matrix products (used
#: with BLAS pinned to one thread) can round differently with the shape of the call, so the
#: passes — hence the shapes — must depend on the scenario only for the numbers never to
#: depend on the budget.
PASS_BYTES = MIN_MEMORY // 4
#: Arrays of evaluation temporaries per cell (measured: about 6 of 8 bytes per cell).
EVAL_ARRAYS = 6


def draw_bytes(design: Design, grid: int = 0) -> int:
    """Estimated bytes per draw of a pass over a batch of draws.

    Per row of a model: its raw arrays twice and its utility table four times (weights x
    values, the table, the temporaries of the utility ranges), for the largest model of the
    design; and the evaluation's smallest block, 16 packages of :data:`EVAL_ARRAYS` arrays per
    actor. A draw holds two models at once (the fit and the configuration evaluated); with a
    lever's ``grid`` it stands for ``grid + 1`` rows of one model.
    """
    models = [c.model for c in design.configs] + [f.model for f in design.fits]
    raw = max(sum(int(v.size) for v in m.base.values()) for m in models)
    value = max(int(m.base["value"].size) for m in models)
    A = max(max(m.n_actors for m in models), 1)
    model = 8 * (2 * raw + 4 * value)
    block = 8 * 16 * A * EVAL_ARRAYS
    return (grid + 1) * (model + block) if grid else 2 * model + block


def draws_per_pass(design: Design, grid: int = 0) -> int:
    """Draws per pass so that a pass's per-draw arrays (:func:`draw_bytes`) stay within
    :data:`PASS_BYTES`: a function of the scenario only, never of the memory budget."""
    return int(max(1, PASS_BYTES // draw_bytes(design, grid)))


def needed_bytes(design: Design, grid: int = 0) -> int:
    """Estimated peak bytes of a task on ``design``: the design's package indices, a pass
    (at least one draw, :func:`draw_bytes`, else :data:`PASS_BYTES`), an evaluation block
    (:data:`BLOCK_CELLS` cells of :data:`EVAL_ARRAYS` arrays) and a block of joint war
    outcomes (its packages and outcome indices, twice, and one pass over it)."""
    models = [c.model for c in design.configs] + [f.model for f in design.fits]
    index = sum(c.clean.nbytes + c.blocked.nbytes for c in design.configs)
    war = max(
        16 * min(m.n_joint, JOINT_BLOCK) * (len(m.space.radix) + len(m.territories)) for m in models
    )
    one = max(PASS_BYTES, draw_bytes(design, grid))
    return int(index + one + 8 * BLOCK_CELLS * EVAL_ARRAYS + war + 8 * 4 * WAR_CELLS)


def check_budget(design: Design, grid: int = 0, what: str = "Monte Carlo") -> None:
    """Refuse work whose smallest passes cannot fit the memory budget (:func:`needed_bytes`).

    Raises
    ------
    ValueError
        Naming the estimate and the budget, and how to raise the budget.
    """
    need, budget = needed_bytes(design, grid), memory_budget()
    if need > budget:
        raise ValueError(
            f"{what} on this scenario needs about {need / 2**20:,.0f} MiB per process, above "
            f"the memory budget of {budget / 2**20:,.0f} MiB: raise it with --memory or "
            "$RIPENESS_MEMORY (e.g. 4G)"
        )


__all__ = [
    "EVAL_ARRAYS",
    "PASS_BYTES",
    "check_budget",
    "draw_bytes",
    "draws_per_pass",
    "needed_bytes",
]
