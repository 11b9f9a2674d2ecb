"""Engines: the same questions answered by enumeration or (for huge spaces) an exact solver."""

from .enumerate import MAX_ENUMERATION, SOLUTIONS, SpaceTooLarge, scan, utility_ranges
from .frontier import pareto_front, pareto_mask
from .result import ScanResult
from .select import ArgBest, argbest, tolerance

__all__ = [
    "MAX_ENUMERATION",
    "SOLUTIONS",
    "ArgBest",
    "ScanResult",
    "SpaceTooLarge",
    "argbest",
    "pareto_front",
    "pareto_mask",
    "ranges",
    "run",
    "scan",
    "tolerance",
    "utility_ranges",
]


def run(model, *, engine: str = "auto", **kwargs) -> ScanResult:  # type: ignore[no-untyped-def]
    """Run the chosen engine (``auto`` picks enumeration up to :data:`MAX_ENUMERATION`)."""
    if engine not in ("auto", "enumerate", "exact"):
        raise ValueError(f"unknown engine {engine!r}: auto, enumerate or exact")
    if engine == "exact" or (engine == "auto" and model.space.size > MAX_ENUMERATION):
        try:
            from .cpsat import scan as exact_scan  # type: ignore[import-not-found]
        except ModuleNotFoundError as exc:  # OR-Tools missing (not an interrupted import)
            if not (exc.name or "").startswith("ortools"):
                raise
            raise SpaceTooLarge(
                f"{model.space.size:.3g} packages: above the enumeration limit of "
                f"{MAX_ENUMERATION:.0e}, and the exact engine is not available"
            ) from None
        return exact_scan(model, **kwargs)  # type: ignore[no-any-return]
    return scan(model, **kwargs)


def ranges(model, *, engine: str = "auto"):  # type: ignore[no-untyped-def]
    """``max_x u_a - min_x u_a`` per actor, by the engine ``run`` would choose."""
    if engine == "exact" or (
        engine == "auto" and len(model.bundles) and model.space.size > MAX_ENUMERATION
    ):
        from .cpsat import ranges as exact_ranges

        return exact_ranges(model)
    return utility_ranges(model)
