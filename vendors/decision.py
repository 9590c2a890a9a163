"""Assembling one engagement's decision from stored rows: weights, scores, directions, minimums.

The workspace returns plain rows; the pages need pandas objects the kernels accept. This module
does that translation in one place, including the fallback to equal weights for a level nobody
has weighted yet (reported, so the page can say so).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vendors.errors import VendorsError
from vendors.scoring import Direction
from vendors.weighting import AHPResult, ahp_weights, global_weights, matrix_from_judgments

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
        methods: level -> how its saved weights were made ("direct", "points", "ahp"), for
            the levels whose saved weights are used.
        ahp: level -> the AHP result (weights, lambda max, CI, CR) of the saved judgments,
            for AHP levels whose judgments are still readable.
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
    methods: dict[str, str] = field(default_factory=dict)
    ahp: dict[str, AHPResult] = field(default_factory=dict)

    def levels(self) -> list[tuple[str, str]]:
        """Every weight level, (level id, title): the categories, then each category."""
        return [(CATEGORIES_LEVEL, "Categories"),
                *[(c, name) for c, name in self.category_names.items()]]


def _level(items: list[str], saved: Mapping[str, float] | None) -> tuple[pd.Series, bool]:
    """Saved weights for exactly these items, or equal weights (and False) when they do not fit."""
    if saved and set(saved) == set(items) and sum(saved.values()) > 0:
        series = pd.Series({item: float(saved[item]) for item in items})
        return series / series.sum(), True
    return pd.Series(1.0 / len(items), index=items), False


def stored_ahp(inputs: Mapping[str, Any], items: list[str]) -> AHPResult | None:
    """The AHP result of judgments saved for ``items`` (``inputs`` as the Weights page saves
    them: ``judgments`` keyed "i,j", ``method``, ``order``); None when they were made for
    other items or cannot be read."""
    if list(inputs.get("order") or []) != list(items):
        return None
    try:
        pairs = {tuple(int(x) for x in str(key).split(",")): float(value)
                 for key, value in dict(inputs.get("judgments") or {}).items()}
        return ahp_weights(matrix_from_judgments(len(items), pairs),
                           method=inputs.get("method", "eigenvector"))
    except (VendorsError, TypeError, ValueError):
        return None


def build_decision(categories: Iterable[Any], criteria: Iterable[Any],
                   saved: Mapping[str, Any]) -> Decision:
    """Combine categories and criteria (objects with id, name, ...) and saved weights by level.

    Categories without criteria are left out. ``saved`` maps a level ("categories" or a
    category id) to its weights by item id, or to a saved weight set (an object with
    ``weights``, ``method`` and ``inputs``), whose method and AHP consistency are kept.
    """
    criteria = list(criteria)
    used = [c for c in categories if any(k.category == c.id for k in criteria)]
    weights_of = {level: getattr(value, "weights", value) for level, value in saved.items()}
    methods: dict[str, str] = {}
    ahp: dict[str, AHPResult] = {}

    def level(level_id: str, items: list[str]) -> tuple[pd.Series, bool]:
        series, ok = _level(items, weights_of.get(level_id))
        method = getattr(saved.get(level_id), "method", None)
        if ok and method:
            methods[level_id] = method
            if method == "ahp":
                result = stored_ahp(getattr(saved[level_id], "inputs", {}) or {}, items)
                if result is not None:
                    ahp[level_id] = result
        return series, ok

    category_weights, ok = level(CATEGORIES_LEVEL, [c.id for c in used])
    unweighted = [] if ok else [CATEGORIES_LEVEL]
    criterion_weights = {}
    for category in used:
        ids = [k.id for k in criteria if k.category == category.id]
        criterion_weights[category.id], ok = level(category.id, ids)
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
        unweighted=unweighted, methods=methods, ahp=ahp)
