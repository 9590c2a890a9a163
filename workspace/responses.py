"""Responses: one row per participant x questionnaire item, written the moment it is given."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from workspace import participation
from workspace.db import now, write
from workspace.engagements import TEXT_MAX
from workspace.errors import InvalidInput
from workspace.store import Store

RESPONSE_COLUMNS = ["participant_id", "participant", "item", "value", "dont_know", "comment",
                    "answered_at"]


@dataclass(frozen=True)
class Answer:
    """One participant's answer to one item. ``value`` is None for "don't know" or no answer."""
    participant_id: int
    bank: str
    item: str
    value: int | None
    dont_know: bool = False
    comment: str = ""

    @property
    def answered(self) -> bool:
        return self.value is not None or self.dont_know


def _check(answer: Answer) -> None:
    if answer.value is not None and (isinstance(answer.value, bool)
                                     or not isinstance(answer.value, int)):
        raise InvalidInput(f"The answer to {answer.item} must be a whole number, "
                           f"not {answer.value!r}.")
    if answer.value is not None and answer.dont_know:
        raise InvalidInput(f"The answer to {answer.item} cannot be both a value and "
                           "“don't know”.")
    if len(answer.comment) > TEXT_MAX:
        raise InvalidInput(f"The comment on {answer.item} is longer than {TEXT_MAX:,} "
                           "characters.")


_UPSERT_ANSWER = """
    INSERT INTO responses (participant_id, bank, item, value, dont_know, answered_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (participant_id, bank, item) DO UPDATE SET
        value = excluded.value, dont_know = excluded.dont_know, answered_at = excluded.answered_at
"""


def save_answer(db: Store, participant_id: int, bank: str, item: str,
                value: int | None, *, dont_know: bool = False) -> None:
    """Save (or replace) one answer at once, keeping any comment already on the item.

    Raises:
        InvalidInput: the value is not a whole number, or is given together with don't know.
        SessionClosed, SessionPaused, TimeUp: the participant's workshop session is not open
            (or its countdown has ended).
    """
    save_answers(db, [Answer(participant_id, bank, item, value, dont_know)])


def save_answers(db: Store, answers: Iterable[Answer]) -> int:
    """Save many answers (values and comments) in one transaction: all of them or none.

    Raises:
        InvalidInput: any answer is malformed, or a workshop participant's comment is over
            the workshop's caps; nothing is saved.
        SessionClosed, SessionPaused: a workshop participant's session is not open.
    """
    answers = list(answers)
    for answer in answers:
        _check(answer)
    stamp = now()
    with write(db):
        capped = participation.check_accepting(db, (a.participant_id for a in answers))
        for answer in answers:
            participation.check_note(capped, answer.participant_id, answer.comment,
                                     f"The comment on {answer.item}")
            db.execute(_UPSERT_ANSWER, [answer.participant_id, answer.bank, answer.item,
                                        answer.value, int(answer.dont_know), stamp])
            if answer.comment:
                db.execute("UPDATE responses SET comment = ? WHERE participant_id = ? "
                           "AND bank = ? AND item = ?",
                           [answer.comment, answer.participant_id, answer.bank, answer.item])
        participation.check_total(db, capped & {a.participant_id for a in answers if a.comment})
    return len(answers)


def save_comment(db: Store, participant_id: int, bank: str, item: str,
                 comment: str) -> None:
    """Save the comment on an item (an empty string removes it), keeping the answer.

    Raises:
        InvalidInput: the comment is too long (for a workshop participant: over the
            workshop's caps).
        SessionClosed, SessionPaused, TimeUp: the participant's workshop session is not open
            (or its countdown has ended).
    """
    comment = comment or ""
    _check(Answer(participant_id, bank, item, None, comment=comment))
    with write(db):
        capped = participation.check_accepting(db, [participant_id])
        participation.check_note(capped, participant_id, comment, f"The comment on {item}")
        db.execute(
            "INSERT INTO responses (participant_id, bank, item, comment, answered_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (participant_id, bank, item) "
            "DO UPDATE SET comment = excluded.comment",
            [participant_id, bank, item, comment, now()])
        participation.check_total(db, capped if comment else set())


def clear_answer(db: Store, participant_id: int, bank: str, item: str) -> None:
    """Withdraw an answer (the item counts as unanswered again); the comment stays.

    Raises:
        SessionClosed, SessionPaused, TimeUp: the participant's workshop session is not open
            (or its countdown has ended).
    """
    with write(db):
        participation.check_accepting(db, [participant_id])
        db.execute("UPDATE responses SET value = NULL, dont_know = 0, answered_at = ? "
                   "WHERE participant_id = ? AND bank = ? AND item = ?",
                   [now(), participant_id, bank, item])


def participant_answers(db: Store, participant_id: int,
                        bank: str) -> dict[str, Answer]:
    """A participant's answers and comments in one bank, by item id."""
    return {row["item"]: Answer(participant_id, bank, row["item"], row["value"],
                                bool(row["dont_know"]), row["comment"])
            for row in db.query("SELECT item, value, dont_know, comment FROM responses "
                                "WHERE participant_id = ? AND bank = ?", [participant_id, bank])}


def engagement_responses(db: Store, engagement_id: int,
                         bank: str, session_id: int | None = None) -> pd.DataFrame:
    """Every answered item of a bank in an engagement, one row per participant x item; with
    ``session_id``, only those of the people who joined that workshop session (an indexed
    read of the session's people, however large the engagement).

    Columns: participant_id, participant (name), item, value (float, NaN for don't know),
    dont_know (bool), comment, answered_at. Comment-only rows are left out.
    """
    session = "" if session_id is None else " AND p.session_id = ?"
    # Read as tuples straight into the frame (a dict per row was half the time at 10,000).
    frame = db.frame(
        "SELECT r.participant_id, p.name AS participant, r.item, r.value, r.dont_know, "
        "r.comment, r.answered_at FROM responses r JOIN participants p ON p.id = r.participant_id "
        f"WHERE p.engagement_id = ? AND r.bank = ?{session} "
        "AND (r.value IS NOT NULL OR r.dont_know = 1) ORDER BY p.id, r.item",
        [engagement_id, bank, *([] if session_id is None else [session_id])])
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    frame["dont_know"] = frame["dont_know"].astype(bool)
    return frame


def engagement_responses_every_bank(db: Store, engagement_id: int
                                    ) -> pd.DataFrame:
    """Every answered item of an engagement in every bank it has answers for (shipped or
    installed, chosen now or earlier): the columns of :func:`engagement_responses` after a
    first column ``bank``, ordered by bank, participant and item."""
    frame = db.frame(
        "SELECT r.bank, r.participant_id, p.name AS participant, r.item, r.value, "
        "r.dont_know, r.comment, r.answered_at FROM responses r JOIN participants p "
        "ON p.id = r.participant_id WHERE p.engagement_id = ? "
        "AND (r.value IS NOT NULL OR r.dont_know = 1) ORDER BY r.bank, p.id, r.item",
        [engagement_id])
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    frame["dont_know"] = frame["dont_know"].astype(bool)
    return frame


def engagement_comments(db: Store, engagement_id: int,
                        bank: str) -> pd.DataFrame:
    """Non-empty comments in a bank: participant, item, comment."""
    rows = list(db.query(
        "SELECT p.name AS participant, r.item, r.comment FROM responses r "
        "JOIN participants p ON p.id = r.participant_id "
        "WHERE p.engagement_id = ? AND r.bank = ? AND r.comment != '' ORDER BY r.item, p.id",
        [engagement_id, bank]))
    return pd.DataFrame(rows, columns=["participant", "item", "comment"])
