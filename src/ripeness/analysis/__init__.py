"""Analyses built on the engines: ZOPA and gap, obstacles, levers, durability."""

from .assess import Assessment
from .base import jsonable
from .durability import Durability
from .levers import LeverResult, SweepMap, find_threshold
from .obstacles import ObstacleAnalysis, shapley
from .zopa import Analysis

__all__ = [
    "Analysis",
    "Assessment",
    "Durability",
    "LeverResult",
    "ObstacleAnalysis",
    "SweepMap",
    "find_threshold",
    "jsonable",
    "shapley",
]
