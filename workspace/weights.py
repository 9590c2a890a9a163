"""Weights as the engagement set them: per level (the categories, or one category's criteria),
the method used, what was entered, and the resulting weights."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workspace.db import now, write
from workspace.engagements import get_engagement
from workspace.errors import InvalidInput

CATEGORIES_LEVEL = "categories"
METHODS = ("direct", "points", "ahp")


@dataclass(frozen=True)
class WeightSet:
    level: str
    method: str
    inputs: dict[str, Any]
    weights: dict[str, float]
    updated_at: str


def save_weights(db: sqlite_utils.Database, engagement_id: int, level: str, method: str,
                 inputs: dict[str, Any], weights: dict[str, float]) -> WeightSet:
    """Save the weights of one level, replacing what was there.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: unknown method, or weights that are not finite, non-negative numbers.
    """
    get_engagement(db, engagement_id)
    if method not in METHODS:
        raise InvalidInput(f"Unknown weighting method {method!r}.")
    for key, value in weights.items():
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise InvalidInput(f"The weight of {key} must be a non-negative number, "
                               f"not {value!r}.")
    stamp = now()
    with write(db):
        db.execute("INSERT INTO weights (engagement_id, level, method, inputs, weights, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (engagement_id, level) "
                   "DO UPDATE SET method = excluded.method, inputs = excluded.inputs, "
                   "weights = excluded.weights, updated_at = excluded.updated_at",
                   [engagement_id, level, method, json.dumps(inputs), json.dumps(weights),
                    stamp])
    return WeightSet(level, method, inputs, dict(weights), stamp)


def get_weights(db: sqlite_utils.Database, engagement_id: int) -> dict[str, WeightSet]:
    """Every saved weight set of an engagement, by level."""
    return {row["level"]: WeightSet(row["level"], row["method"], json.loads(row["inputs"]),
                                    json.loads(row["weights"]), row["updated_at"])
            for row in db.query("SELECT * FROM weights WHERE engagement_id = ?",
                                [engagement_id])}
