"""Workshop records: what a live session was, kept when it closes and read back afterwards.

A record's payload (built by ``outcomes.workshop_record``) holds who took part (only how many
when the session was anonymous), what was asked, the second rounds with both rounds' answers
and the agreed values, and the room's aggregate at the close. The workspace checks its shape
(:func:`check_payload`) whenever one is stored, by a close or by a restore, so that every
record the pages and exports read has the same shape.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


from datafiles.text import NAME_MAX, PARAGRAPH_MAX
from workspace.db import now, write
from workspace.errors import InvalidInput, NotFound
from workspace.store import Store

TOP = ("session", "people", "rounds", "aggregate")
SESSION_FIELDS = {"opened_at": str, "closed_at": str, "tasks": list, "weights_level": str,
                  "weights_level_title": str, "weights_method": str, "anonymous": bool,
                  "room_size": int}
ROUND_FIELDS = ("kind", "label", "reopened_at", "round_one", "round_two", "agreed")
ROUND_ANSWERS = ("answers", "mean", "spread", "count")
AGGREGATES = ("culture", "maturity", "weights", "scores")
#: Bounds on what a record may hold (a 2,000-person room scoring 200 x 200 fits).
PEOPLE_MAX = 2_000
ROUNDS_MAX = 1_000
ROWS_MAX = 50_000
ROW_FIELDS_MAX = 16


@dataclass(frozen=True)
class WorkshopRecord:
    """A closed session's record (``payload``: see the module docstring)."""
    id: int
    engagement_id: int
    session_id: int | None
    opened_at: str
    closed_at: str
    payload: dict[str, Any]


def _fail(where: str, what: str) -> InvalidInput:
    return InvalidInput(f"workshop record: {where}: {what}")


def _text(value: Any, where: str, limit: int = NAME_MAX) -> str:
    if not isinstance(value, str):
        raise _fail(where, "must be text")
    if len(value) > limit:
        raise _fail(where, f"is {len(value):,} characters long; at most {limit:,}")
    return value


def _number(value: Any, where: str, nullable: bool = True) -> None:
    if value is None and nullable:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(where, "must be a finite number" + (" or null" if nullable else ""))


def _keys(value: Any, where: str, wanted: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    if set(value) != set(wanted):
        missing = sorted(set(wanted) - set(value))
        extra = sorted(set(value) - set(wanted))
        raise _fail(where, f"field {missing[0]!r} is missing" if missing
                    else f"unknown field {extra[0]!r}")
    return value


def _round(value: Any, where: str) -> None:
    given = _keys(value, where, ROUND_ANSWERS)
    answers = given["answers"]
    if not isinstance(answers, list) or len(answers) > PEOPLE_MAX:
        raise _fail(f"{where}.answers", f"must be a list of at most {PEOPLE_MAX:,} answers")
    for index, answer in enumerate(answers):
        answer = _keys(answer, f"{where}.answers[{index}]", ("who", "value"))
        _text(answer["who"], f"{where}.answers[{index}].who")
        _number(answer["value"], f"{where}.answers[{index}].value")
    for name in ("mean", "spread"):
        _number(given[name], f"{where}.{name}")
    if isinstance(given["count"], bool) or not isinstance(given["count"], int) \
            or not 0 <= given["count"] <= PEOPLE_MAX:
        raise _fail(f"{where}.count", f"must be a whole number from 0 to {PEOPLE_MAX:,}")


def check_payload(payload: Any) -> dict[str, Any]:
    """Check a record's payload (types, fields and bounds); return it.

    Raises:
        InvalidInput: the first problem, naming the field.
    """
    payload = _keys(payload, "payload", TOP)
    session = _keys(payload["session"], "session", tuple(SESSION_FIELDS))
    for name, kind in SESSION_FIELDS.items():
        value = session[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _fail(f"session.{name}", f"must be {kind.__name__}")
    for index, task in enumerate(session["tasks"]):
        if task not in ("culture", "maturity", "weights", "scores"):
            raise _fail(f"session.tasks[{index}]", f"{task!r} is not a workshop task")
    for name in ("opened_at", "closed_at", "weights_level", "weights_level_title",
                 "weights_method"):
        _text(session[name], f"session.{name}")
    if not 1 <= session["room_size"] <= 2_000:
        raise _fail("session.room_size", "must be from 1 to 2,000")
    people = _keys(payload["people"], "people", ("count", "names"))
    if isinstance(people["count"], bool) or not isinstance(people["count"], int) \
            or not 0 <= people["count"] <= PEOPLE_MAX:
        raise _fail("people.count", f"must be a whole number from 0 to {PEOPLE_MAX:,}")
    if not isinstance(people["names"], list) or len(people["names"]) > PEOPLE_MAX:
        raise _fail("people.names", "must be a list of names")
    for index, name in enumerate(people["names"]):
        _text(name, f"people.names[{index}]")
    if session["anonymous"] and people["names"]:
        raise _fail("people.names", "an anonymous workshop's record keeps no names")
    rounds = payload["rounds"]
    if not isinstance(rounds, list) or len(rounds) > ROUNDS_MAX:
        raise _fail("rounds", f"must be a list of at most {ROUNDS_MAX:,} items")
    for index, item in enumerate(rounds):
        where = f"rounds[{index}]"
        item = _keys(item, where, ROUND_FIELDS)
        if item["kind"] not in ("culture", "maturity", "score"):
            raise _fail(f"{where}.kind", f"{item['kind']!r} is not an item kind")
        _text(item["label"], f"{where}.label", PARAGRAPH_MAX)
        _text(item["reopened_at"], f"{where}.reopened_at")
        _round(item["round_one"], f"{where}.round_one")
        _round(item["round_two"], f"{where}.round_two")
        if item["agreed"] is not None:
            agreed = _keys(item["agreed"], f"{where}.agreed", ("value", "rationale",
                                                               "agreed_at"))
            _number(agreed["value"], f"{where}.agreed.value", nullable=False)
            _text(agreed["rationale"], f"{where}.agreed.rationale", 300)
            _text(agreed["agreed_at"], f"{where}.agreed.agreed_at")
    aggregate = _keys(payload["aggregate"], "aggregate", AGGREGATES)
    for name in AGGREGATES:
        rows = aggregate[name]
        if not isinstance(rows, list) or len(rows) > ROWS_MAX:
            raise _fail(f"aggregate.{name}", f"must be a list of at most {ROWS_MAX:,} rows")
        for index, row in enumerate(rows):
            where = f"aggregate.{name}[{index}]"
            if not isinstance(row, dict) or len(row) > ROW_FIELDS_MAX:
                raise _fail(where, f"must be an object of at most {ROW_FIELDS_MAX} fields")
            for key, value in row.items():
                _text(key, f"{where} (a field name)")
                if isinstance(value, str):
                    _text(value, f"{where}.{key}", PARAGRAPH_MAX)
                else:
                    _number(value, f"{where}.{key}")
    return payload


def _record(row: dict[str, Any]) -> WorkshopRecord:
    return WorkshopRecord(row["id"], row["engagement_id"], row["session_id"], row["opened_at"],
                          row["closed_at"], json.loads(row["payload"]))


def close_with_record(db: Store, session_id: int,
                      payload: dict[str, Any]) -> WorkshopRecord:
    """Close a live session and keep its record, in one transaction: a session is never
    closed without its record, nor recorded twice.

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed already, or the payload is malformed.
    """
    check_payload(payload)
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    stamp = now()
    with write(db):
        rows = list(db.query("SELECT engagement_id, status, created_at FROM workshop_sessions "
                             f"WHERE id = ?{db.for_update()}", [session_id]))
        if not rows:
            raise NotFound("This workshop session does not exist any more.")
        if rows[0]["status"] == "closed":
            raise InvalidInput("This session is closed already.")
        db.execute("UPDATE workshop_sessions SET status = 'closed', updated_at = ? WHERE id = ?",
                   [stamp, session_id])
        new_id = db.insert("INSERT INTO workshop_records (engagement_id, session_id, opened_at, "
                            "closed_at, payload) VALUES (?, ?, ?, ?, ?)",
                            [rows[0]["engagement_id"], session_id, rows[0]["created_at"], stamp,
                             text])
    return get_record(db, new_id)


def get_record(db: Store, record_id: int) -> WorkshopRecord:
    """A workshop record.

    Raises:
        NotFound: there is no such record.
    """
    rows = list(db.query("SELECT * FROM workshop_records WHERE id = ?", [record_id]))
    if not rows:
        raise NotFound("That workshop record does not exist.")
    return _record(rows[0])


def list_records(db: Store, engagement_id: int) -> list[WorkshopRecord]:
    """The engagement's workshop records, the most recent first."""
    return [_record(row) for row in db.query(
        "SELECT * FROM workshop_records WHERE engagement_id = ? ORDER BY closed_at DESC, id DESC",
        [engagement_id])]
