"""What a workshop participant may still write.

A person who joined a workshop writes only while its session is open: once the facilitator
pauses it nothing is saved until it resumes, once the countdown the facilitator set has ended
nothing is saved until they stop it or start another, and once it is closed nothing is saved
at all.
Their text is capped too: each comment or evidence note, and all of them together, so that a
room of anonymous people cannot fill the disk or the live view. The checks run inside the
write's own transaction (``BEGIN IMMEDIATE`` holds the write lock), so a close that lands
between a page's check and the write still wins. People outside any workshop (added on a
questionnaire page) are not limited.
"""
from __future__ import annotations

from collections.abc import Iterable

import time


from workspace.errors import InvalidInput, SessionClosed, SessionPaused, TimeUp
from workspace.store import Store

#: The longest comment or evidence note a workshop participant may leave.
NOTE_MAX = 2_000
#: The most text of one workshop participant the workspace keeps (comments and notes): room
#: for a short note on each of a few hundred scores, far from what a flood would need.
PERSON_TEXT_MAX = 200_000

CLOSED = ("This workshop is closed, so nothing more is saved; the answers given before the "
          "close are kept.")
PAUSED = "The facilitator has paused the workshop; answer again when it resumes."
TIME_UP = ("Time is up: the facilitator's countdown has ended, so nothing more is saved "
           "(the answers given before are kept).")


def check_accepting(db: Store, participant_ids: Iterable[int]) -> set[int]:
    """Refuse the write unless every workshop participant among ``participant_ids`` is in an
    open session. Call it inside the ``write`` block that does the writing.

    Returns the ids of the workshop participants among them (whose text is capped).

    Raises:
        SessionClosed: a participant's session is closed.
        SessionPaused: a participant's session is paused.
        TimeUp: the countdown of a participant's session has ended.
    """
    ids = sorted({int(i) for i in participant_ids})
    if not ids:
        return set()
    marks = ", ".join("?" * len(ids))
    rows = list(db.query(
        "SELECT p.id, s.status, s.ends_at FROM participants p JOIN workshop_sessions s "
        f"ON s.id = p.session_id WHERE p.id IN ({marks}){db.for_share('s')}", ids))
    statuses = {row["status"] for row in rows}
    if "closed" in statuses:
        raise SessionClosed(CLOSED)
    if "paused" in statuses:
        raise SessionPaused(PAUSED)
    now = time.time()
    if any(row["ends_at"] is not None and row["ends_at"] <= now for row in rows):
        raise TimeUp(TIME_UP)
    return {row["id"] for row in rows}


def check_note(capped: set[int], participant_id: int, text: str, what: str) -> None:
    """Refuse a comment or note longer than :data:`NOTE_MAX` from a workshop participant.

    Raises:
        InvalidInput: the text is too long (``what`` names it: "The comment on c01").
    """
    if participant_id in capped and len(text) > NOTE_MAX:
        raise InvalidInput(f"{what} is {len(text):,} characters long; in a workshop keep it "
                           f"to {NOTE_MAX:,} or fewer.")


def check_total(db: Store, capped: set[int]) -> None:
    """After the writes, in their transaction: refuse (rolling them back) if a workshop
    participant's comments and notes together exceed :data:`PERSON_TEXT_MAX`. Writers pass
    only the people who wrote some text (an answer alone cannot go over).

    Raises:
        InvalidInput: someone's text is over the cap.
    """
    if not capped:
        return
    ids = sorted(capped)
    marks = ", ".join("?" * len(ids))
    over = db.execute(
        "SELECT max((SELECT coalesce(sum(length(comment)), 0) FROM responses WHERE participant_id = p.id)"
        " + (SELECT coalesce(sum(length(evidence)), 0) FROM scores WHERE participant_id = p.id)) "
        f"FROM participants p WHERE p.id IN ({marks})", ids).fetchone()[0] or 0
    if over > PERSON_TEXT_MAX:
        raise InvalidInput(f"Not saved: your comments and notes would come to {int(over):,} "
                           f"characters, more than the {PERSON_TEXT_MAX:,} a workshop keeps "
                           "per person. Shorten some of them.")
