"""Snapshots: a result frozen on a date, so progress can be shown as a trend."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from datafiles.text import clean_name
from workspace.db import now, write
from workspace.engagements import TEXT_MAX, get_engagement
from workspace.errors import InvalidInput


@dataclass(frozen=True)
class Snapshot:
    id: int
    engagement_id: int
    taken_at: str
    label: str
    payload: dict[str, Any]


def save_snapshot(db: sqlite_utils.Database, engagement_id: int, payload: dict[str, Any],
                  label: str = "", taken_at: str | None = None) -> Snapshot:
    """Freeze a result (any JSON-serializable dict) for an engagement.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: the payload cannot be stored as JSON or the label is too long.
    """
    get_engagement(db, engagement_id)
    label = clean_name(label)          # a label is a name: no direction controls
    if len(label) > TEXT_MAX:
        raise InvalidInput(f"The snapshot label is longer than {TEXT_MAX:,} characters.")
    try:
        text = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"This result cannot be saved as a snapshot: {error}.") from error
    with write(db):
        cursor = db.execute("INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                            "VALUES (?, ?, ?, ?)",
                            [engagement_id, taken_at or now(), label, text])
        new_id = cursor.lastrowid
    return Snapshot(new_id, engagement_id, taken_at or now(), label, payload)


def list_snapshots(db: sqlite_utils.Database, engagement_id: int) -> list[Snapshot]:
    """Snapshots of an engagement, oldest first."""
    return [Snapshot(row["id"], row["engagement_id"], row["taken_at"], row["label"],
                     json.loads(row["payload"]))
            for row in db.query("SELECT * FROM snapshots WHERE engagement_id = ? "
                                "ORDER BY taken_at, id", [engagement_id])]
