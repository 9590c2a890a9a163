"""Blind scoring: while it is on, an engagement's scorers see its vendors as "Vendor A",
"Vendor B", ... instead of their names, so that a brand does not sway a score.

The labels follow the order the vendors were added (archived ones included, so a label never
moves to another vendor when one is archived). Every place a scorer can reach takes its vendor
names through :func:`shown_names` (or :func:`masked`): the scoring grid and cards, the group's
results, the presenter view, the second round of a workshop's consensus step.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable


from workspace.db import write
from workspace.engagements import get_engagement
from workspace.vendors import VendorRow, list_vendors
from workspace.store import Store

PREFIX = "Vendor"


def label(position: int) -> str:
    """The label of the vendor at ``position`` (0: "Vendor A", 25: "Vendor Z", 26: "Vendor
    AA", ...)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{PREFIX} {letters}"


def is_blind(db: Store, engagement_id: int) -> bool:
    """Whether blind scoring is on for the engagement.

    Raises:
        NotFound: no such engagement.
    """
    get_engagement(db, engagement_id)
    row = next(db.query("SELECT blind_scoring FROM engagements WHERE id = ?", [engagement_id]))
    return bool(row["blind_scoring"])


def set_blind(db: Store, engagement_id: int, on: bool) -> None:
    """Turn blind scoring on or off; pages that cache the engagement's or a session's results
    see the change (the engagement's change counter moves).

    Raises:
        NotFound: no such engagement.
    """
    get_engagement(db, engagement_id)
    with write(db):
        db.execute("UPDATE engagements SET blind_scoring = ? WHERE id = ?",
                   [int(bool(on)), engagement_id])


def labels(db: Store, engagement_id: int) -> dict[int, str]:
    """Vendor id -> its blind label, for every vendor of the engagement."""
    return {v.id: label(n) for n, v in enumerate(list_vendors(db, engagement_id,
                                                               include_archived=True))}


def shown_names(db: Store, engagement_id: int) -> dict[int, str]:
    """Vendor id -> the name a scorer sees: the label while blind scoring is on, else the
    vendor's name."""
    vendors = list_vendors(db, engagement_id, include_archived=True)
    if not is_blind(db, engagement_id):
        return {v.id: v.name for v in vendors}
    return {v.id: label(n) for n, v in enumerate(vendors)}


def masked(db: Store, engagement_id: int, vendors: Iterable[VendorRow]
           ) -> list[VendorRow]:
    """``vendors`` as a scorer sees them: while blind scoring is on, named by their label,
    with no company, note or catalog id."""
    vendors = list(vendors)
    if not is_blind(db, engagement_id):
        return vendors
    names = labels(db, engagement_id)
    return [dataclasses.replace(v, name=names[v.id], company="", status_note="",
                                catalog_id=None) for v in vendors]
