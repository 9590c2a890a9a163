"""Weights as the engagement set them: per level (the categories, or one category's criteria),
the method used, what was entered, and the resulting weights.

What was entered is kept as the Weights page reads it back: ``{"values": {item: number}}``
for direct entry, ``{"points": {item: whole points}}`` for 100 points, and
``{"judgments": {"i,j": Saaty value}, "method": "eigenvector" | "geometric", "order": [item,
...]}`` for AHP (positions in ``order``, first item's importance over the second's); every
field optional. :func:`check_weight_set` checks that shape and every range before a set is
stored, by the pages and by a restored backup alike.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any


from datafiles import show
from workspace import audit
from workspace.db import now, write
from workspace.engagements import NAME_MAX, get_engagement
from workspace.errors import InvalidInput
from workspace.store import Store

CATEGORIES_LEVEL = "categories"
METHODS = ("direct", "points", "ahp")
AHP_METHODS = ("eigenvector", "geometric")
INPUT_FIELDS = {"direct": ("values",), "points": ("points",),
                "ahp": ("judgments", "method", "order")}
# The Weights page's direct-entry boxes go up to a million; points are out of 100; a
# judgment lies on Saaty's scale, 1/9 to 9 (with rounding room).
DIRECT_MAX = 1_000_000
POINTS_TOTAL = 100
JUDGMENT_RANGE = (1 / 9 - 1e-9, 9 + 1e-9)
# Normalized weights, with room for rounding (x / sum can land a hair above 1).
WEIGHT_MAX = 1 + 1e-9
ITEMS_MAX = 500
_PAIR = re.compile(r"(\d{1,2}),(\d{1,2})")


@dataclass(frozen=True)
class WeightSet:
    level: str
    method: str
    inputs: dict[str, Any]
    weights: dict[str, float]
    updated_at: str


def _number(value: Any) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float))
            and math.isfinite(value))


def _table(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) > ITEMS_MAX:
        raise InvalidInput(f"The {what} must be a table of at most {ITEMS_MAX} items, "
                           f"not {show(value)}.")
    for key in value:
        if not isinstance(key, str) or not key or len(key) > NAME_MAX:
            raise InvalidInput(f"The {what} have an item id that is empty or too long: "
                               f"{show(key)}.")
    return value


def _check_inputs(method: str, inputs: Any) -> None:
    if not isinstance(inputs, dict):
        raise InvalidInput(f"What was entered must be a table, not {show(inputs)}.")
    unknown = sorted(set(inputs) - set(INPUT_FIELDS[method]), key=str)
    if unknown:
        raise InvalidInput(f"{method} weights have no input {show(unknown[0])} (inputs: "
                           f"{', '.join(INPUT_FIELDS[method])}).")
    for key, value in _table(inputs.get("values", {}), "values entered").items():
        if not _number(value) or not 0 <= value <= DIRECT_MAX:
            raise InvalidInput(f"The value entered for {show(key)} must be a number from 0 "
                               f"to {DIRECT_MAX:,}, not {show(value)}.")
    for key, value in _table(inputs.get("points", {}), "points").items():
        if not _number(value) or not 0 <= value <= POINTS_TOTAL or value != int(value):
            raise InvalidInput(f"The points for {show(key)} must be a whole number from 0 to "
                               f"{POINTS_TOTAL}, not {show(value)}.")
    for key, value in _table(inputs.get("judgments", {}), "judgments").items():
        pair = _PAIR.fullmatch(key)
        if pair is None or int(pair[1]) >= int(pair[2]):
            raise InvalidInput(f"A judgment must be keyed by two positions, the first "
                               f"smaller (\"0,1\"), not {show(key)}.")
        if not _number(value) or not JUDGMENT_RANGE[0] <= value <= JUDGMENT_RANGE[1]:
            raise InvalidInput(f"The judgment {key} must lie between 1/9 and 9, "
                               f"not {show(value)}.")
    if "method" in inputs and inputs["method"] not in AHP_METHODS:
        raise InvalidInput(f"The AHP method must be one of {', '.join(AHP_METHODS)}, "
                           f"not {show(inputs['method'])}.")
    order = inputs.get("order", [])
    if (not isinstance(order, list) or len(order) > ITEMS_MAX
            or not all(isinstance(item, str) and item and len(item) <= NAME_MAX
                       for item in order)):
        raise InvalidInput(f"The AHP order must list item ids, not {show(order)}.")


def check_weight_set(method: str, inputs: Any, weights: Any) -> None:
    """Check a weight set before it is stored: the method, what was entered (shape and
    ranges, see the module), and the weights (numbers from 0 to 1).

    Raises:
        InvalidInput: naming the method, input or item that is wrong.
    """
    if method not in METHODS:
        raise InvalidInput(f"Unknown weighting method {show(method)}.")
    _check_inputs(method, inputs)
    for key, value in _table(weights, "weights").items():
        if not _number(value) or not 0 <= value <= WEIGHT_MAX:
            raise InvalidInput(f"The weight of {key} must be a non-negative number of at "
                               f"most 1, not {show(value)}.")


def save_weights(db: Store, engagement_id: int, level: str, method: str,
                 inputs: dict[str, Any], weights: dict[str, float], *,
                 actor: str = audit.FACILITATOR, note: str = "") -> WeightSet:
    """Save the weights of one level, replacing what was there; the audit trail keeps each
    weight (and the method) that changed, with ``actor`` and ``note``.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: unknown method, inputs out of shape or range, or weights that are not
            numbers from 0 to 1 (see :func:`check_weight_set`); an actor or note that is not
            one line of text of a sane length (see :mod:`workspace.audit`).
    """
    get_engagement(db, engagement_id)
    check_weight_set(method, inputs, weights)
    actor, note = audit.clean_actor(actor), audit.clean_note(note)
    stamp = now()
    with write(db):
        before = get_weights(db, engagement_id).get(level)
        audit.record(db, engagement_id, _weight_changes(db, engagement_id, level, before,
                                                        method, weights),
                     actor, note, stamp)
        db.execute("INSERT INTO weights (engagement_id, level, method, inputs, weights, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (engagement_id, level) "
                   "DO UPDATE SET method = excluded.method, inputs = excluded.inputs, "
                   "weights = excluded.weights, updated_at = excluded.updated_at",
                   [engagement_id, level, method, json.dumps(inputs), json.dumps(weights),
                    stamp])
    return WeightSet(level, method, inputs, dict(weights), stamp)


def _weight_changes(db: Store, engagement_id: int, level: str,
                    before: WeightSet | None, method: str, weights: dict[str, float]
                    ) -> list[audit.Change]:
    """The trail of replacing ``before`` by ``method`` and ``weights`` at ``level``."""
    names = {row["id"]: row["name"] for row in db.query(
        "SELECT id, name FROM categories WHERE engagement_id = ? UNION ALL "
        "SELECT id, name FROM criteria WHERE engagement_id = ?", [engagement_id] * 2)}
    old = before.weights if before is not None else {}
    level_name = "Categories" if level == CATEGORIES_LEVEL else names.get(level, level)
    changes = [audit.Change("weight", "method", before.method if before else None, method,
                            level, level_name)]
    for item in [*old, *(i for i in weights if i not in old)]:
        changes.append(audit.Change("weight", "weight", audit.number(old.get(item)),
                                    audit.number(weights.get(item)), item,
                                    names.get(item, item)))
    return changes


def get_weights(db: Store, engagement_id: int) -> dict[str, WeightSet]:
    """Every saved weight set of an engagement, by level."""
    return {row["level"]: WeightSet(row["level"], row["method"], json.loads(row["inputs"]),
                                    json.loads(row["weights"]), row["updated_at"])
            for row in db.query("SELECT * FROM weights WHERE engagement_id = ?",
                                [engagement_id])}
