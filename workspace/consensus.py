"""The consensus step of a live workshop: a disputed item reopened for a second round, and
the value the group agrees on.

Reopening keeps everyone's round-1 answer in the record (``consensus_items.round_one``) and
asks the room again; a round-2 answer replaces the person's answer (so the live aggregate
follows) and is kept apart (``consensus_round_two``). The agreed value, with a one-line
rationale, belongs to the engagement (``agreed_values``): the results use it in place of the
individual answers of that item (see ``outcomes.gather``), and every export shows it.

Items are culture statements and maturity competencies (by bank and item id) and vendor
scores (by vendor and criterion).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from datafiles.text import clean_name
from workspace import participation
from workspace.banks import read_bank, scale_max
from workspace.db import now, write
from workspace.errors import InvalidInput, NotFound
from workspace.responses import Answer, save_answers
from workspace.scores import save_score_values
from workspace.store import Store

KINDS = ("culture", "maturity", "score")
SCORE_RANGE = (0.0, 5.0)
#: The longest rationale of an agreed value: one line.
RATIONALE_MAX = 300
AGREED_COLUMNS = ["kind", "bank", "item", "vendor_id", "vendor", "value", "rationale",
                  "agreed_at", "session_id"]


@dataclass(frozen=True)
class Reopened:
    """An item reopened for a second round in a session.

    ``round_one`` maps each participant id to their answer when it was reopened (None for
    "don't know"); ``vendor_id`` is set for a vendor score (``item`` is then the criterion).
    """
    id: int
    session_id: int
    kind: str
    bank: str
    item: str
    vendor_id: int | None
    reopened_at: str
    round_one: dict[int, float | None]


def _reopened(row: dict[str, Any]) -> Reopened:
    return Reopened(row["id"], row["session_id"], row["kind"], row["bank"], row["item"],
                    row["vendor_id"], row["reopened_at"],
                    {int(k): v for k, v in json.loads(row["round_one"]).items()})


def _session(db: Store, session_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT id, engagement_id, status FROM workshop_sessions "
                         "WHERE id = ?", [session_id]))
    if not rows:
        raise NotFound("This workshop session does not exist any more.")
    return rows[0]


def _check_item(db: Store, engagement_id: int, kind: str, bank: str,
                item: str, vendor_id: int | None) -> int:
    """Check that the item belongs to the engagement; return the highest value it takes
    (0-5 scores: 5).

    Raises:
        InvalidInput: an unknown kind, or an item, bank, vendor or criterion the engagement
            does not have.
    """
    if kind not in KINDS:
        raise InvalidInput(f"An item to agree on is a culture statement, a maturity "
                           f"competency or a vendor score, not {kind!r}.")
    if kind == "score":
        found = db.execute("SELECT 1 FROM vendors v JOIN criteria c ON c.engagement_id = "
                           "v.engagement_id WHERE v.id = ? AND v.engagement_id = ? AND c.id = ?",
                           [vendor_id, engagement_id, item]).fetchone()
        if found is None:
            raise InvalidInput("That vendor and criterion are not in this engagement.")
        return int(SCORE_RANGE[1])
    column = "culture_bank" if kind == "culture" else "maturity_bank"
    chosen = db.execute(f"SELECT {column} FROM engagements WHERE id = ?",
                        [engagement_id]).fetchone()
    if chosen is None or chosen[0] != bank:
        raise InvalidInput(f"The engagement does not use the question bank {bank!r} for its "
                           f"{kind} questionnaire.")
    found_bank = read_bank(db, bank)
    if item not in {entry.id for entry in found_bank.items}:
        raise InvalidInput(f"The question bank {bank!r} has no item {item!r}.")
    return scale_max(found_bank)


def check_value(kind: str, value: object, top: int) -> float:
    """A value on the item's own scale: a whole answer from 1 to ``top`` for a culture
    statement or maturity competency, a number from 0 to 5 for a vendor score.

    Raises:
        InvalidInput: the value is not a number, not whole where it must be, or off the scale.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value):
        raise InvalidInput(f"The value must be a number, not {value!r}.")
    if kind == "score":
        if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
            raise InvalidInput(f"A vendor score is a number from 0 to 5, not {value!r}.")
        return float(value)
    if not float(value).is_integer() or not 1 <= value <= top:
        raise InvalidInput(f"The value must be a whole answer from 1 to {top}, not {value!r}.")
    return float(value)


def _answers(db: Store, session_id: int, kind: str, bank: str, item: str,
             vendor_id: int | None) -> dict[int, float | None]:
    """Each session participant's current answer to the item (None: don't know)."""
    if kind == "score":
        rows = db.execute("SELECT s.participant_id, s.score FROM scores s JOIN participants p "
                          "ON p.id = s.participant_id WHERE p.session_id = ? AND s.vendor_id = ? "
                          "AND s.criterion = ? AND s.score IS NOT NULL ORDER BY p.id",
                          [session_id, vendor_id, item]).fetchall()
        return {pid: float(score) for pid, score in rows}
    rows = db.execute("SELECT r.participant_id, r.value, r.dont_know FROM responses r JOIN "
                      "participants p ON p.id = r.participant_id WHERE p.session_id = ? AND "
                      "r.bank = ? AND r.item = ? AND (r.value IS NOT NULL OR r.dont_know = 1) "
                      "ORDER BY p.id", [session_id, bank, item]).fetchall()
    return {pid: None if dont_know else float(value) for pid, value, dont_know in rows}


def reopen(db: Store, session_id: int, kind: str, item: str, bank: str = "",
           vendor_id: int | None = None) -> Reopened:
    """Reopen an item for a second round: everyone's answer now is kept as round 1.

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed, the item is not the engagement's, or it was
            reopened in this session already.
    """
    session = _session(db, session_id)
    if session["status"] == "closed":
        raise InvalidInput("This session is closed; open a new one to discuss the item.")
    bank = "" if kind == "score" else bank
    _check_item(db, session["engagement_id"], kind, bank, item, vendor_id)
    with write(db):
        db.lock(f"consensus of session {session_id}")   # reopens take turns
        taken = db.execute("SELECT 1 FROM consensus_items WHERE session_id = ? AND kind = ? "
                           "AND bank = ? AND item = ? AND coalesce(vendor_id, 0) = ?",
                           [session_id, kind, bank, item, vendor_id or 0]).fetchone()
        if taken:
            raise InvalidInput("This item is open for a second round already.")
        first = _answers(db, session_id, kind, bank, item, vendor_id)
        new_id = db.insert(
            "INSERT INTO consensus_items (session_id, kind, bank, item, vendor_id, reopened_at, "
            "round_one) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [session_id, kind, bank, item, vendor_id, now(),
             json.dumps({str(k): v for k, v in first.items()})])
    return get_reopened(db, new_id)


def get_reopened(db: Store, consensus_id: int) -> Reopened:
    """A reopened item.

    Raises:
        NotFound: there is no such reopened item.
    """
    rows = list(db.query("SELECT * FROM consensus_items WHERE id = ?", [consensus_id]))
    if not rows:
        raise NotFound("That item is not open for a second round.")
    return _reopened(rows[0])


def reopened_items(db: Store, session_id: int) -> list[Reopened]:
    """The items reopened in a session, in the order they were reopened."""
    return [_reopened(row) for row in db.query(
        "SELECT * FROM consensus_items WHERE session_id = ? ORDER BY id", [session_id])]


def answer_again(db: Store, consensus_id: int, participant_id: int,
                 value: float | None, dont_know: bool = False) -> None:
    """A participant's round-2 answer: kept with the round, and made their answer (the live
    aggregate follows). ``value`` None with ``dont_know`` is "don't know" (questionnaires).

    Raises:
        NotFound: no such reopened item.
        InvalidInput: the participant is not in the item's session, or the value is off the
            item's scale.
        SessionClosed, SessionPaused, TimeUp: the participant may not answer now.
    """
    reopened = get_reopened(db, consensus_id)
    session = _session(db, reopened.session_id)
    member = db.execute("SELECT 1 FROM participants WHERE id = ? AND session_id = ?",
                        [participant_id, reopened.session_id]).fetchone()
    if member is None:
        raise InvalidInput("Only the people of this workshop answer its second round.")
    top = _check_item(db, session["engagement_id"], reopened.kind, reopened.bank,
                      reopened.item, reopened.vendor_id)
    if dont_know and reopened.kind != "score":
        value = None
    else:
        value = check_value(reopened.kind, value, top)
    with write(db):
        participation.check_accepting(db, [participant_id])
        if reopened.kind == "score":
            save_score_values(db, participant_id, {(reopened.vendor_id, reopened.item): value})
        else:
            save_answers(db, [Answer(participant_id, reopened.bank, reopened.item,
                                     None if value is None else int(value),
                                     dont_know=value is None)])
        db.execute("INSERT INTO consensus_round_two (consensus_id, participant_id, value, "
                   "dont_know, answered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (consensus_id, "
                   "participant_id) DO UPDATE SET value = excluded.value, "
                   "dont_know = excluded.dont_know, answered_at = excluded.answered_at",
                   [consensus_id, participant_id, value, int(value is None), now()])


def state(db: Store, session_id: int) -> tuple[int, int]:
    """How many items the session reopened, and how many of them were agreed on: a cheap
    value that changes when a participant's second round does."""
    row = db.execute("SELECT (SELECT count(*) FROM consensus_items WHERE session_id = :s), "
                     "(SELECT count(*) || '/' || coalesce(max(agreed_at), '') FROM agreed_values "
                     "WHERE session_id = :s)", {"s": session_id}).fetchone()
    return row[0], row[1]


def round_two(db: Store, consensus_id: int) -> dict[int, float | None]:
    """Each participant's round-2 answer to a reopened item (None: don't know)."""
    return {pid: None if dont_know else value for pid, value, dont_know in db.execute(
        "SELECT participant_id, value, dont_know FROM consensus_round_two WHERE "
        "consensus_id = ? ORDER BY participant_id", [consensus_id]).fetchall()}


def clean_rationale(text: object) -> str:
    """A rationale as kept: one line (line breaks and runs of spaces as one space), no
    direction controls.

    Raises:
        InvalidInput: not text, empty, or longer than RATIONALE_MAX characters.
    """
    if not isinstance(text, str):
        raise InvalidInput("The rationale must be text.")
    cleaned = " ".join(clean_name(text).split())
    if not cleaned:
        raise InvalidInput("Say in one line why the group agreed on this value.")
    if len(cleaned) > RATIONALE_MAX:
        raise InvalidInput(f"The rationale is {len(cleaned):,} characters long; keep it to "
                           f"one line of {RATIONALE_MAX} or fewer.")
    return cleaned


def agree(db: Store, consensus_id: int, value: float, rationale: str) -> None:
    """Record the value the group agreed on for a reopened item, with a one-line rationale;
    from now on the engagement's results use it for that item (agreeing again replaces it).

    Raises:
        NotFound: no such reopened item.
        InvalidInput: the session is closed, the value is off the item's scale, or the
            rationale is empty or longer than one line of RATIONALE_MAX characters.
    """
    reopened = get_reopened(db, consensus_id)
    session = _session(db, reopened.session_id)
    if session["status"] == "closed":
        raise InvalidInput("This session is closed: its record keeps what was agreed.")
    top = _check_item(db, session["engagement_id"], reopened.kind, reopened.bank,
                      reopened.item, reopened.vendor_id)
    value = check_value(reopened.kind, value, top)
    why = clean_rationale(rationale)
    with write(db):
        db.lock(f"agreed values of engagement {session['engagement_id']}")  # agrees take turns
        db.execute("DELETE FROM agreed_values WHERE engagement_id = ? AND kind = ? AND bank = ? "
                   "AND item = ? AND coalesce(vendor_id, 0) = ?",
                   [session["engagement_id"], reopened.kind, reopened.bank, reopened.item,
                    reopened.vendor_id or 0])
        db.execute("INSERT INTO agreed_values (engagement_id, kind, bank, item, vendor_id, value, "
                   "rationale, agreed_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [session["engagement_id"], reopened.kind, reopened.bank, reopened.item,
                    reopened.vendor_id, value, why, now(), reopened.session_id])


def agreed_values(db: Store, engagement_id: int) -> pd.DataFrame:
    """The values the engagement's workshops agreed on, one row per item, oldest first:
    ``AGREED_COLUMNS`` (``vendor`` is the vendor's name for a score, else empty)."""
    rows = list(db.query(
        "SELECT a.kind, a.bank, a.item, a.vendor_id, coalesce(v.name, '') AS vendor, a.value, "
        "a.rationale, a.agreed_at, a.session_id FROM agreed_values a LEFT JOIN vendors v "
        "ON v.id = a.vendor_id WHERE a.engagement_id = ? ORDER BY a.agreed_at, a.id",
        [engagement_id]))
    return pd.DataFrame(rows, columns=AGREED_COLUMNS)


def withdraw(db: Store, engagement_id: int, kind: str, item: str,
             bank: str = "", vendor_id: int | None = None) -> None:
    """Remove an agreed value: the item's results go back to the individual answers.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long.
    """
    with write(db):
        db.execute("DELETE FROM agreed_values WHERE engagement_id = ? AND kind = ? AND bank = ? "
                   "AND item = ? AND coalesce(vendor_id, 0) = ?",
                   [engagement_id, kind, "" if kind == "score" else bank, item, vendor_id or 0])
