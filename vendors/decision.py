"""Assembling one engagement's decision from stored rows: weights, scores, directions, minimums.

The workspace returns plain rows; the pages need pandas objects the kernels accept. This module
does that translation in one place, including the fallback to equal weights for a level nobody
has weighted yet (reported, so the page can say so).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vendors.scoring import Direction
from vendors.weighting import global_weights

CATEGORIES_LEVEL = "categories"


@dataclass(frozen=True)
class Decision:
    """Everything the comparison needs, aligned on criterion ids.

    Attributes:
        category_weights: category id -> weight (sums to 1).
        criterion_weights: category id -> Series of criterion weights within it (sums to 1).
        weights: criterion id -> global weight (category x criterion; sums to 1).
        categories: criterion id -> category id.
        category_names / criterion_names: id -> display name.
        directions: criterion id -> Direction.
        minimums: criterion id -> minimum score, for must-have criteria only.
        unweighted: levels that have no saved weights and use equal weights.
    """
    category_weights: pd.Series
    criterion_weights: dict[str, pd.Series]
    weights: pd.Series
    categories: dict[str, str]
    category_names: dict[str, str]
    criterion_names: dict[str, str]
    directions: dict[str, Direction]
    minimums: dict[str, float]
    unweighted: list[str]


def _level(items: list[str], saved: Mapping[str, float] | None) -> tuple[pd.Series, bool]:
    """Saved weights for exactly these items, or equal weights (and False) when they do not fit."""
    if saved and set(saved) == set(items) and sum(saved.values()) > 0:
        series = pd.Series({item: float(saved[item]) for item in items})
        return series / series.sum(), True
    return pd.Series(1.0 / len(items), index=items), False


def build_decision(categories: Iterable[Any], criteria: Iterable[Any],
                   saved: Mapping[str, Mapping[str, float]]) -> Decision:
    """Combine categories and criteria (objects with id, name, ...) and saved weights by level.

    Categories without criteria are left out. ``saved`` maps a level ("categories" or a
    category id) to its weights by item id.
    """
    criteria = list(criteria)
    used = [c for c in categories if any(k.category == c.id for k in criteria)]
    category_weights, ok = _level([c.id for c in used], saved.get(CATEGORIES_LEVEL))
    unweighted = [] if ok else [CATEGORIES_LEVEL]
    criterion_weights = {}
    for category in used:
        ids = [k.id for k in criteria if k.category == category.id]
        criterion_weights[category.id], ok = _level(ids, saved.get(category.id))
        if not ok:
            unweighted.append(category.id)
    weights = (global_weights(category_weights, criterion_weights) if used
               else pd.Series(dtype=float))
    return Decision(
        category_weights=category_weights, criterion_weights=criterion_weights,
        weights=weights, categories={k.id: k.category for k in criteria},
        category_names={c.id: c.name for c in used},
        criterion_names={k.id: k.name for k in criteria},
        directions={k.id: Direction(k.direction) for k in criteria},
        minimums={k.id: float(k.min_score) for k in criteria if k.must_have},
        unweighted=unweighted)
