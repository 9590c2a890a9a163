"""The action plan: an owner, a due date and a status for each roadmap action.

An action is named by a key built from where it comes from (:func:`action_key`: questionnaire,
area and the action's title), so the plan stays with the action while its rank changes as the
answers do. Owners are stored as given (trimmed); no text in them is ever interpreted.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from datafiles.text import NAME_MAX
from workspace.db import now, write
from workspace.engagements import get_engagement
from workspace.errors import InvalidInput
from workspace.store import Store

STATUSES = ("not started", "under way", "done", "dropped")
#: Statuses that close an action: it is never late.
CLOSED = ("done", "dropped")
KEY_MAX = 1_000
PLAN_COLUMNS = ("owner", "due", "status")
# A due date outside these years is a typing slip, not a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def action_key(source: str, area: str, title: str) -> str:
    """The stable name of a recommendation (its questionnaire, area and title)."""
    return f"{source.lower()}:{area}:{title}"


def check_plan(owner: Any, due: Any, status: Any) -> tuple[str, str | None, str]:
    """(owner, due date as YYYY-MM-DD or None, status) as stored.

    Raises:
        InvalidInput: an owner longer than NAME_MAX or with control characters, a date that
            is not a real YYYY-MM-DD date between 2000 and 2100, or an unknown status.
    """
    owner = " ".join(str(owner or "").split())
    if len(owner) > NAME_MAX:
        raise InvalidInput(f"The owner is {len(owner):,} characters long; keep it to "
                           f"{NAME_MAX} or fewer.")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in owner):
        raise InvalidInput("The owner holds control characters; type a name.")
    if isinstance(due, date):
        day: date | None = due
    elif due is None or not str(due).strip():
        day = None
    else:
        try:
            day = date.fromisoformat(str(due).strip()[:10])
        except ValueError:
            raise InvalidInput(f"The due date must be a date as YYYY-MM-DD, not "
                               f"“{str(due).strip()[:20]}”.") from None
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(f"The due date {day.isoformat()} is not between {FIRST_YEAR} and "
                           f"{LAST_YEAR}.")
    if status not in STATUSES:
        raise InvalidInput(f"The status must be one of {', '.join(STATUSES)}, not "
                           f"“{str(status)[:30]}”.")
    return owner, None if day is None else day.isoformat(), str(status)


def save_plan(db: Store, engagement_id: int, key: str, owner: Any = "",
              due: Any = None, status: Any = "not started") -> tuple[str, str | None, str]:
    """Store the owner, due date and status of one action (as :func:`check_plan` keeps them).

    Raises:
        NotFound: no such engagement. InvalidInput: see :func:`check_plan`, or an empty or
            over-long action key.
    """
    get_engagement(db, engagement_id)
    if not key or len(key) > KEY_MAX:
        raise InvalidInput("An action of the plan needs a name of at most "
                           f"{KEY_MAX} characters.")
    owner, day, status = check_plan(owner, due, status)
    with write(db):
        db.execute(
            "INSERT INTO action_plan (engagement_id, action, owner, due, status, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (engagement_id, action) DO UPDATE SET "
            "owner = excluded.owner, due = excluded.due, status = excluded.status, "
            "updated_at = excluded.updated_at",
            [engagement_id, key, owner, day, status, now()])
    return owner, day, status


def action_plan(db: Store, engagement_id: int) -> pd.DataFrame:
    """The engagement's plan: indexed by action key, columns owner, due (YYYY-MM-DD or None),
    status and updated_at."""
    rows = list(db.query("SELECT action, owner, due, status, updated_at FROM action_plan "
                         "WHERE engagement_id = ? ORDER BY action", [engagement_id]))
    return pd.DataFrame(rows, columns=["action", *PLAN_COLUMNS, "updated_at"]
                        ).set_index("action")
