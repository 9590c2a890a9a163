"""Signed-off decisions: the platform decision as it stood when a facilitator froze it.

A sign-off keeps who signed, when, a note and a payload (the weights, must-haves, scores,
ranking and robustness of that moment, built by :mod:`outcomes.decision_record`). There is no function
that changes or deletes one, and the schema refuses it too (triggers of m021): a signed-off
record is deleted only with its engagement.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


from datafiles import show
from datafiles.text import clean_name
from workspace import audit
from workspace.db import now, write
from workspace.engagements import NAME_MAX, get_engagement
from workspace.errors import InvalidInput, NotFound
from workspace.store import Store

#: The parts of a payload (see outcomes.decision_record.freeze), each required.
PAYLOAD_FIELDS = ("weights", "category_weights", "must_haves", "names", "scores", "ranking",
                  "robustness")
PAYLOAD_MAX_CHARS = 20_000_000


@dataclass(frozen=True)
class SignOff:
    id: int
    engagement_id: int
    signed_at: str
    signed_by: str
    note: str
    payload: dict[str, Any]


def _numbers(value: Any, where: str, depth: int = 1) -> None:
    """A table of numbers (``depth`` 2: a table of tables of numbers)."""
    if not isinstance(value, dict):
        raise InvalidInput(f"The decision's {where} must be a table, not {show(value)}.")
    for key, inner in value.items():
        if not isinstance(key, str) or len(key) > NAME_MAX:
            raise InvalidInput(f"The decision's {where} has a bad key {show(key)}.")
        if depth > 1:
            _numbers(inner, where, depth - 1)
        elif inner is not None and (isinstance(inner, bool) or not isinstance(inner, (int, float))
                                    or not math.isfinite(inner)):
            raise InvalidInput(f"The decision's {where} of {show(key)} must be a number, "
                               f"not {show(inner)}.")


def check_payload(payload: Any) -> None:
    """Check a decision payload: every part of :data:`PAYLOAD_FIELDS`, numbers where
    numbers belong, a ranking of vendor rows.

    Raises:
        InvalidInput: naming the part that is wrong.
    """
    if not isinstance(payload, dict):
        raise InvalidInput(f"A decision must be a table, not {show(payload)}.")
    missing = [f for f in PAYLOAD_FIELDS if f not in payload]
    unknown = sorted(set(payload) - set(PAYLOAD_FIELDS), key=str)
    if missing or unknown:
        raise InvalidInput(f"A decision has the parts {', '.join(PAYLOAD_FIELDS)}; this one "
                           f"lacks {show(missing)} and has {show(unknown)} besides.")
    _numbers(payload["weights"], "weights")
    _numbers(payload["category_weights"], "category weights")
    _numbers(payload["must_haves"], "must-have minimums")
    _numbers(payload["scores"], "scores", depth=2)
    names = payload["names"]
    if not isinstance(names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= NAME_MAX
            for k, v in names.items()):
        raise InvalidInput("The decision's names must be a table of names.")
    ranking = payload["ranking"]
    if not isinstance(ranking, list) or not all(
            isinstance(row, dict) and isinstance(row.get("vendor"), str)
            and (row.get("rank") is None or isinstance(row.get("rank"), int))
            and isinstance(row.get("score"), (int, float))
            and isinstance(row.get("knocked_out_by", ""), str) for row in ranking):
        raise InvalidInput("The decision's ranking must list vendors with a score and a rank.")
    robustness = payload["robustness"]
    if robustness is not None:
        if not isinstance(robustness, dict):
            raise InvalidInput("The decision's robustness must be a table or nothing.")
        _numbers(robustness.get("first_share", {}), "share of first places")
        _numbers({k: v for k, v in robustness.items() if k != "first_share"
                  and not isinstance(v, str) and v is not None}, "robustness")


def _row(row: dict[str, Any]) -> SignOff:
    return SignOff(row["id"], row["engagement_id"], row["signed_at"], row["signed_by"],
                   row["note"], json.loads(row["payload"]))


def sign_off(db: Store, engagement_id: int, signed_by: str, note: str,
             payload: dict[str, Any]) -> SignOff:
    """Freeze a decision: ``payload`` (see :func:`check_payload`) signed by ``signed_by``.

    Raises:
        NotFound: no such engagement.
        InvalidInput: no name, a name or note too long, or a payload out of shape.
    """
    get_engagement(db, engagement_id)
    if not isinstance(signed_by, str) or not " ".join(clean_name(signed_by).split()):
        raise InvalidInput("Say who signs the decision off.")
    signer = audit.clean_actor(signed_by)
    note = audit.clean_note(note)
    check_payload(payload)
    try:
        text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    except ValueError as error:
        raise InvalidInput(f"The decision holds a number that cannot be kept: {error}.") \
            from None
    if len(text) > PAYLOAD_MAX_CHARS:
        raise InvalidInput("The decision is too large to keep.")
    with write(db):
        new_id = db.insert("INSERT INTO sign_offs (engagement_id, signed_at, signed_by, note, "
                            "payload) VALUES (?, ?, ?, ?, ?)",
                            [engagement_id, now(), signer, note, text])
    return get_sign_off(db, new_id)


def get_sign_off(db: Store, sign_off_id: int) -> SignOff:
    """The sign-off with this id.

    Raises:
        NotFound: no such sign-off.
    """
    rows = list(db.query("SELECT * FROM sign_offs WHERE id = ?", [sign_off_id]))
    if not rows:
        raise NotFound(f"There is no signed-off decision number {sign_off_id}.")
    return _row(rows[0])


def list_sign_offs(db: Store, engagement_id: int) -> list[SignOff]:
    """An engagement's signed-off decisions, oldest first."""
    return [_row(row) for row in db.query(
        "SELECT * FROM sign_offs WHERE engagement_id = ? ORDER BY id", [engagement_id])]
