"""What a workshop participant may still write.

A person who joined a workshop writes only while its session is open: once the facilitator
pauses it nothing is saved until it resumes, and once it is closed nothing is saved at all.
The check runs inside the write's own transaction (``BEGIN IMMEDIATE`` holds the write lock),
so a close that lands between a page's check and the write still wins. People outside any
workshop (added on a questionnaire page) are not limited.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from workspace.errors import SessionClosed, SessionPaused

CLOSED = ("This workshop is closed, so nothing more is saved; the answers given before the "
          "close are kept.")
PAUSED = "The facilitator has paused the workshop; answer again when it resumes."


def check_accepting(db: sqlite_utils.Database, participant_ids: Iterable[int]) -> None:
    """Refuse the write unless every workshop participant among ``participant_ids`` is in an
    open session. Call it inside the ``write`` block that does the writing.

    Raises:
        SessionClosed: a participant's session is closed.
        SessionPaused: a participant's session is paused.
    """
    ids = sorted({int(i) for i in participant_ids})
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    statuses = {row["status"] for row in db.query(
        "SELECT DISTINCT s.status FROM participants p JOIN workshop_sessions s "
        f"ON s.id = p.session_id WHERE p.id IN ({marks}) AND s.status != 'open'", ids)}
    if "closed" in statuses:
        raise SessionClosed(CLOSED)
    if "paused" in statuses:
        raise SessionPaused(PAUSED)
