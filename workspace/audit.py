"""The audit trail: who changed a score, weight, criterion or vendor, when, from what to what.

The workspace function that makes a change writes its trail rows in the same transaction
(:func:`record`), so a change and its record are kept or lost together and the actor is
never guessed afterwards (a trigger would not know who is at the keyboard). Rows are
append-only: the schema refuses to change or delete one while its engagement exists.

Values are kept as text as they were: a score "3.5", a weight "0.25", must-have "yes" /
"no", a name; None where there was nothing (a score not given, a criterion not there yet).
A long text (an evidence note, a description) is kept up to :data:`VALUE_MAX` characters,
ending in "…" when cut: the trail says that it changed and how it began, the workspace keeps
the text itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from datafiles.text import NAME_MAX, PARAGRAPH_MAX, clean_name
from workspace.errors import InvalidInput
from workspace.store import Store

#: Who changed something when it was not a named participant.
FACILITATOR = "facilitator"
KINDS = ("score", "weight", "criterion", "vendor", "access")  # access: workspace.roles
NOTE_MAX = PARAGRAPH_MAX
VALUE_MAX = PARAGRAPH_MAX
COLUMNS = ["at", "actor", "kind", "vendor_id", "vendor", "item", "item_name", "field",
           "old_value", "new_value", "note"]


@dataclass(frozen=True)
class Change:
    """One changed value: ``field`` of a score (vendor x criterion), a weight (``item`` is
    the category or criterion weighed), a criterion or a vendor."""
    kind: str
    field: str
    old: str | None
    new: str | None
    item: str = ""
    item_name: str = ""
    vendor_id: int | None = None
    vendor: str = ""


def clean_actor(actor: object) -> str:
    """Who made a change, as kept: a name of one line, or "facilitator" when empty.

    Raises:
        InvalidInput: not text, or longer than a name may be.
    """
    if not isinstance(actor, str):
        raise InvalidInput("Who made the change must be a name.")
    cleaned = " ".join(clean_name(actor).split())
    if len(cleaned) > NAME_MAX:
        raise InvalidInput(f"The name of who made the change is {len(cleaned):,} characters "
                           f"long; keep it to {NAME_MAX} or fewer.")
    return cleaned or FACILITATOR


def clean_note(note: object) -> str:
    """A note on a change as kept: direction controls removed, ends stripped.

    Raises:
        InvalidInput: not text, or longer than NOTE_MAX characters.
    """
    if not isinstance(note, str):
        raise InvalidInput("The note on a change must be text.")
    cleaned = clean_name(note)
    if len(cleaned) > NOTE_MAX:
        raise InvalidInput(f"The note is {len(cleaned):,} characters long; keep it to "
                           f"{NOTE_MAX:,} or fewer.")
    return cleaned


def number(value: float | None) -> str | None:
    """A score or weight as the trail keeps it ("3.5", "0.25"; None when not given)."""
    if value is None or value != value:
        return None
    return f"{float(value):.6g}"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _capped(value: str | None) -> str | None:
    if value is None or len(value) <= VALUE_MAX:
        return value
    return value[:VALUE_MAX - 1] + "…"


def record(db: Store, engagement_id: int, changes: Iterable[Change],
           actor: str, note: str, at: str) -> int:
    """Append ``changes`` (those whose value moved) to the trail; call inside the write
    transaction that makes them. ``actor`` and ``note`` must be cleaned already."""
    rows = [(engagement_id, at, actor, c.kind, c.vendor_id, c.vendor, c.item, c.item_name,
             c.field, _capped(c.old), _capped(c.new), note) for c in changes if c.old != c.new]
    db.execute_many(
        "INSERT INTO audit_trail (engagement_id, at, actor, kind, vendor_id, vendor, item, "
        "item_name, field, old_value, new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)", rows)
    return len(rows)


def audit_trail(db: Store, engagement_id: int, *,
                vendor_id: int | None = None, item: str | None = None,
                newest: int | None = None) -> pd.DataFrame:
    """The trail of an engagement, oldest first (columns :data:`COLUMNS`), optionally only
    what concerns one vendor or one criterion (or category) id, and only the ``newest``
    rows."""
    where, args = ["engagement_id = ?"], [engagement_id]
    if vendor_id is not None:
        where.append("vendor_id = ?")
        args.append(vendor_id)
    if item is not None:
        where.append("item = ?")
        args.append(item)
    limit = "" if newest is None else f" LIMIT {int(newest)}"
    rows = list(db.query(f"SELECT {', '.join(COLUMNS)} FROM audit_trail WHERE "
                         f"{' AND '.join(where)} ORDER BY id DESC{limit}", args))
    frame = pd.DataFrame(rows[::-1], columns=COLUMNS)
    frame["vendor_id"] = frame["vendor_id"].astype("Int64")
    for column in ("old_value", "new_value"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def trail_length(db: Store, engagement_id: int) -> int:
    """How many changes the engagement's trail holds."""
    return int(next(db.query("SELECT count(*) AS n FROM audit_trail WHERE engagement_id = ?",
                             [engagement_id]))["n"])
