"""Participants: the people answering in an engagement, each with a private token."""
from __future__ import annotations

import secrets
from dataclasses import dataclass


from workspace.db import now, write
from workspace.engagements import clean_name, get_engagement
from workspace.errors import DuplicateName, NotFound
from workspace.errors import Conflict
from workspace.store import Store


@dataclass(frozen=True)
class Participant:
    id: int
    engagement_id: int
    name: str
    token: str
    created_at: str
    session_id: int | None = None


def new_token() -> str:
    """A private, unguessable participant token that is safe in a URL."""
    return secrets.token_urlsafe(16)


def add_participant(db: Store, engagement_id: int, name: str) -> Participant:
    """Add a participant to an engagement and give them a private token.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: the name is empty or too long.
        DuplicateName: someone in this engagement already has this name.
    """
    get_engagement(db, engagement_id)
    name = clean_name(name, "Participant name")
    try:
        with write(db):
            new_id = db.insert(
                "INSERT INTO participants (engagement_id, name, token, created_at) "
                "VALUES (?, ?, ?, ?)", [engagement_id, name, new_token(), now()])
    except Conflict as error:
        raise DuplicateName(f"Someone called “{name}” already takes part in this engagement; "
                            "pick them from the list or use another name.") from error
    return _get(db, "id", new_id)


def _get(db: Store, column: str, value: object) -> Participant:
    rows = list(db.query(f"SELECT * FROM participants WHERE {column} = ?", [value]))
    if not rows:
        raise NotFound("This participant link is not valid (it may have been removed). "
                       "Choose who is answering again.")
    return Participant(**rows[0])


def participant_by_token(db: Store, token: str) -> Participant:
    """The participant whose private token this is.

    Raises:
        NotFound: no participant has this token.
    """
    return _get(db, "token", str(token))


def list_participants(db: Store, engagement_id: int) -> list[Participant]:
    """Participants of an engagement in the order they joined."""
    return [Participant(**row) for row in db.query(
        "SELECT * FROM participants WHERE engagement_id = ? ORDER BY id", [engagement_id])]
