"""Engagements: everything one client engagement produces hangs off one row here."""
from __future__ import annotations

import numbers
from dataclasses import dataclass


from datafiles import text
from datafiles.text import NAME_MAX, TEXT_MAX
from workspace.db import now, write
from workspace.errors import DuplicateName, InvalidInput, NotFound
from workspace.errors import Conflict
from workspace.store import Store

DETAIL_FIELDS = ("organization", "industry", "size", "purpose")


@dataclass(frozen=True)
class Engagement:
    id: int
    name: str
    organization: str
    industry: str
    size: str
    purpose: str
    is_example: bool
    created_at: str
    updated_at: str
    culture_bank: str = "culture"
    maturity_bank: str = "maturity"


def clean_name(name: str, what: str = "Name") -> str:
    """A name as it is stored: direction controls removed (see
    :data:`datafiles.text.DIRECTION_CONTROLS`), stripped, present and not too long. Every name
    the workspace accepts passes here.

    Raises:
        InvalidInput: the name is empty or longer than NAME_MAX characters.
    """
    if not isinstance(name, str):
        raise InvalidInput(f"{what} must be text.")
    cleaned = text.clean_name(name)
    if not cleaned:
        raise InvalidInput(f"{what} is empty; give it a name.")
    if len(cleaned) > NAME_MAX:
        raise InvalidInput(
            f"{what} is {len(cleaned):,} characters long; keep it to {NAME_MAX} or fewer.")
    return cleaned


def _clean_details(details: dict[str, str]) -> dict[str, str]:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown engagement field(s): {', '.join(sorted(unknown))}.")
    cleaned = {}
    for field, value in details.items():
        value = "" if value is None else str(value).strip()
        if len(value) > TEXT_MAX:
            raise InvalidInput(f"{field.capitalize()} is longer than {TEXT_MAX:,} characters.")
        cleaned[field] = value
    return cleaned


def _row_to_engagement(row: dict) -> Engagement:
    # data_version is bookkeeping for caches (see workspace.fingerprint) and seeded marks the
    # example "Reset the example" replaces (see workspace.example): neither is a field; nor is
    # blind scoring (see workspace.blind).
    fields = {k: v for k, v in row.items()
              if k not in ("data_version", "seeded", "blind_scoring")}
    return Engagement(**{**fields, "is_example": bool(row["is_example"])})


def create_engagement(db: Store, name: str, *, is_example: bool = False,
                      **details: str) -> Engagement:
    """Create an engagement; ``details`` are organization, industry, size and purpose.

    Raises:
        InvalidInput: the name is empty or too long, or a field is unknown or too long.
        DuplicateName: another engagement already has this name (case does not count).
    """
    name = clean_name(name, "Engagement name")
    fields = {f: "" for f in DETAIL_FIELDS} | _clean_details(details)
    stamp = now()
    try:
        with write(db):
            new_id = db.insert(
                "INSERT INTO engagements (name, organization, industry, size, purpose, "
                "is_example, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [name, fields["organization"], fields["industry"], fields["size"],
                 fields["purpose"], int(is_example), stamp, stamp])
    except Conflict as error:
        raise DuplicateName(f"An engagement called “{name}” already exists; "
                            "choose another name.") from error
    return get_engagement(db, new_id)


def get_engagement(db: Store, engagement_id: int) -> Engagement:
    """The engagement with this id.

    Raises:
        NotFound: no engagement has this id.
    """
    # An id from a URL may be any whole number; beyond SQLite's 64 bits none can exist.
    in_range = (isinstance(engagement_id, numbers.Integral)
                and not isinstance(engagement_id, bool) and -2**63 <= engagement_id < 2**63)
    rows = list(db.query("SELECT * FROM engagements WHERE id = ?",
                         [int(engagement_id)])) if in_range else []
    if not rows:
        raise NotFound(f"There is no engagement number {str(engagement_id)[:30]} in this "
                       "workspace.")
    return _row_to_engagement(rows[0])


def list_engagements(db: Store) -> list[Engagement]:
    """All engagements, the example first, then by name."""
    return [_row_to_engagement(row) for row in db.query(
        "SELECT * FROM engagements ORDER BY is_example DESC, lower(name), id")]


def update_engagement(db: Store, engagement_id: int, *, name: str | None = None,
                      **details: str) -> Engagement:
    """Rename an engagement and/or change its details.

    Raises:
        NotFound: no engagement has this id.
        InvalidInput: a value is empty, too long or unknown.
        DuplicateName: another engagement already has the new name.
    """
    get_engagement(db, engagement_id)
    changes = _clean_details(details)
    if name is not None:
        changes["name"] = clean_name(name, "Engagement name")
    if not changes:
        return get_engagement(db, engagement_id)
    changes["updated_at"] = now()
    assignments = ", ".join(f"{column} = ?" for column in changes)
    try:
        with write(db):
            db.execute(f"UPDATE engagements SET {assignments} WHERE id = ?",
                       [*changes.values(), engagement_id])
    except Conflict as error:
        raise DuplicateName(f"An engagement called “{changes.get('name')}” already exists; "
                            "choose another name.") from error
    return get_engagement(db, engagement_id)


def delete_engagement(db: Store, engagement_id: int) -> None:
    """Delete an engagement with its participants, responses, targets and snapshots.

    Raises:
        NotFound: no engagement has this id.
    """
    get_engagement(db, engagement_id)
    with write(db):
        db.execute("DELETE FROM engagements WHERE id = ?", [engagement_id])
