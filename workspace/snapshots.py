"""Snapshots: a result frozen on a date, so progress can be shown as a trend.

A snapshot's payload is the headline of a readiness result as
``assessments.summary.readiness_summary`` makes it; every field is optional (a snapshot of an
engagement without answers has few), and each present field is checked, so the trend chart
can read every stored snapshot.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


from datafiles import show
from datafiles.text import clean_name
from workspace.db import now, write
from workspace.engagements import NAME_MAX, get_engagement
from workspace.errors import InvalidInput, NotFound
from workspace.store import Store

LABEL_MAX = 120
"""The longest snapshot label, in characters: it names the snapshot on chart axes."""

SCORE_MAX = 100
STAGE_MAX = 4
PARTICIPANTS_MAX = 10**9
# Dimensions and competencies of a bank: far more than any bank has.
AREAS_MAX = 1_000


@dataclass(frozen=True)
class Snapshot:
    id: int
    engagement_id: int
    taken_at: str
    label: str
    payload: dict[str, Any]


def clean_label(label: str | None) -> str:
    """A snapshot label as stored: a name (no direction controls) on one line, trimmed, line
    breaks and runs of spaces as one space.

    Raises:
        InvalidInput: the label is not text or is longer than LABEL_MAX characters.
    """
    if label is None:
        return ""
    if not isinstance(label, str):
        raise InvalidInput("A snapshot label must be text.")
    cleaned = " ".join(clean_name(label).split())
    if len(cleaned) > LABEL_MAX:
        raise InvalidInput(f"The snapshot label is {len(cleaned):,} characters long; keep it "
                           f"to {LABEL_MAX} or fewer.")
    return cleaned


def _payload(text: str) -> dict[str, Any]:
    # Written by save_snapshot or a validated backup; anything else reads as an empty result.
    try:
        payload = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return payload if isinstance(payload, dict) else {}


def _snapshot(row: dict) -> Snapshot:
    return Snapshot(row["id"], row["engagement_id"], row["taken_at"], row["label"] or "",
                    _payload(row["payload"]))


def _score(value: Any, where: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                              or not math.isfinite(value) or not 0 <= value <= SCORE_MAX):
        raise InvalidInput(f"This result cannot be saved as a snapshot: {where} must be a "
                           f"score from 0 to {SCORE_MAX} or null, not {show(value)}.")


def _stage(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= STAGE_MAX:
        raise InvalidInput(f"This result cannot be saved as a snapshot: {where} must be a "
                           f"stage from 0 (none) to {STAGE_MAX}, not {show(value)}.")


def _areas(value: Any, where: str, check) -> None:
    if not isinstance(value, dict) or len(value) > AREAS_MAX:
        raise InvalidInput(f"This result cannot be saved as a snapshot: {where} must be a "
                           f"table of at most {AREAS_MAX:,} areas, not {show(value)}.")
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip() or len(key) > NAME_MAX:
            raise InvalidInput(f"This result cannot be saved as a snapshot: {where} has an "
                               f"area id that is empty or too long: {show(key)}.")
        check(item, f"{where} {show(key)}")


def _participants(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not (
            0 <= value <= PARTICIPANTS_MAX):
        raise InvalidInput(f"This result cannot be saved as a snapshot: {where} must be a "
                           f"whole number of people, not {show(value)}.")


def _campaign(value: Any, where: str) -> None:
    if not isinstance(value, str) or len(value) > NAME_MAX:
        raise InvalidInput(f"This result cannot be saved as a snapshot: {where} must be a "
                           f"campaign name of at most {NAME_MAX} characters, not {show(value)}.")


PAYLOAD_FIELDS = {
    "culture_overall": _score,
    "culture": lambda value, where: _areas(value, where, _score),
    "maturity_overall": _stage,
    "maturity": lambda value, where: _areas(value, where, _stage),
    "participants": _participants,
    # The organization-wide pulse set beside the result (see outcomes.gather.Readiness).
    "pulse_campaign": _campaign,
    "pulse_overall": _score,
    "pulse_respondents": _participants,
}


def check_payload(payload: Any) -> None:
    """Check a snapshot payload: the fields of a readiness summary, each optional.

    Raises:
        InvalidInput: not a table, an unknown field, or a value out of type or range.
    """
    if not isinstance(payload, dict):
        raise InvalidInput(f"This result cannot be saved as a snapshot: it must be a table "
                           f"of results, not {show(payload)}.")
    for field, value in payload.items():
        if field not in PAYLOAD_FIELDS:
            raise InvalidInput(f"This result cannot be saved as a snapshot: it has no field "
                               f"{show(field)} (fields: {', '.join(PAYLOAD_FIELDS)}).")
        PAYLOAD_FIELDS[field](value, f"field {field!r}")


def save_snapshot(db: Store, engagement_id: int, payload: dict[str, Any],
                  label: str = "", taken_at: str | None = None) -> Snapshot:
    """Freeze a readiness result (see :func:`check_payload`) for an engagement.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: the payload is not a readiness summary, or the label is too long.
    """
    get_engagement(db, engagement_id)
    check_payload(payload)
    label = clean_label(label)
    try:
        text = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"This result cannot be saved as a snapshot: {error}.") from error
    stamp = taken_at or now()
    with write(db):
        new_id = db.insert("INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                            "VALUES (?, ?, ?, ?)", [engagement_id, stamp, label, text])
    return Snapshot(new_id, engagement_id, stamp, label, payload)


def list_snapshots(db: Store, engagement_id: int) -> list[Snapshot]:
    """Snapshots of an engagement, oldest first."""
    return [_snapshot(row) for row in db.query(
        "SELECT * FROM snapshots WHERE engagement_id = ? ORDER BY taken_at, id",
        [engagement_id])]


def get_snapshot(db: Store, engagement_id: int, snapshot_id: int) -> Snapshot:
    """One snapshot of an engagement.

    Raises:
        NotFound: the engagement has no snapshot with this id.
    """
    rows = list(db.query("SELECT * FROM snapshots WHERE id = ? AND engagement_id = ?",
                         [snapshot_id, engagement_id]))
    if not rows:
        raise NotFound(f"This engagement has no snapshot {snapshot_id}; it may have been "
                       "deleted.")
    return _snapshot(rows[0])


def rename_snapshot(db: Store, engagement_id: int, snapshot_id: int,
                    label: str) -> Snapshot:
    """Give a snapshot of the engagement a new label (empty: no label).

    Raises:
        NotFound: the engagement has no snapshot with this id.
        InvalidInput: the label is not text or is too long.
    """
    label = clean_label(label)
    with write(db):
        get_snapshot(db, engagement_id, snapshot_id)
        db.execute("UPDATE snapshots SET label = ? WHERE id = ?", [label, snapshot_id])
    return get_snapshot(db, engagement_id, snapshot_id)


def delete_snapshot(db: Store, engagement_id: int, snapshot_id: int) -> None:
    """Delete a snapshot of the engagement.

    Raises:
        NotFound: the engagement has no snapshot with this id.
    """
    with write(db):
        get_snapshot(db, engagement_id, snapshot_id)
        db.execute("DELETE FROM snapshots WHERE id = ?", [snapshot_id])
