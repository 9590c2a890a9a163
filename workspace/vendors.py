"""Vendors an engagement compares: added from the catalog or by hand, archived not deleted."""
from __future__ import annotations

from dataclasses import dataclass


from workspace import audit
from workspace.db import now, write
from workspace.engagements import TEXT_MAX, clean_name, get_engagement
from workspace.errors import DuplicateName, InvalidInput, NotFound
from workspace.errors import Conflict
from workspace.store import Store


@dataclass(frozen=True)
class VendorRow:
    id: int
    engagement_id: int
    catalog_id: str | None
    name: str
    company: str
    status_note: str
    archived: bool


def _row(row: dict) -> VendorRow:
    return VendorRow(row["id"], row["engagement_id"], row["catalog_id"], row["name"],
                     row["company"], row["status_note"], bool(row["archived"]))


def add_vendor(db: Store, engagement_id: int, name: str, company: str = "",
               status_note: str = "", catalog_id: str | None = None, *,
               actor: str = audit.FACILITATOR, note: str = "") -> VendorRow:
    """Add a vendor to an engagement (the audit trail keeps who added it).

    Raises:
        NotFound: no such engagement. InvalidInput: bad name, note, actor or audit note.
        DuplicateName: the engagement already has a vendor of this name (archived included).
    """
    get_engagement(db, engagement_id)
    name = clean_name(name, "Vendor name")
    if len(status_note) > TEXT_MAX or len(company) > TEXT_MAX:
        raise InvalidInput("The vendor's company or note is too long.")
    actor, note = audit.clean_actor(actor), audit.clean_note(note)
    stamp = now()
    try:
        with write(db):
            new_id = db.insert(
                "INSERT INTO vendors (engagement_id, catalog_id, name, company, status_note, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [engagement_id, catalog_id, name, company.strip(), status_note.strip(), stamp])
            audit.record(db, engagement_id, [audit.Change("vendor", "added", None, name,
                                                          vendor_id=new_id, vendor=name)],
                         actor, note, stamp)
    except Conflict as error:
        raise DuplicateName(f"This engagement already compares a vendor called “{name}” "
                            "(perhaps archived).") from error
    return get_vendor(db, new_id)


def get_vendor(db: Store, vendor_id: int) -> VendorRow:
    """The vendor with this id.

    Raises:
        NotFound: no such vendor.
    """
    rows = list(db.query("SELECT * FROM vendors WHERE id = ?", [vendor_id]))
    if not rows:
        raise NotFound(f"There is no vendor number {vendor_id}.")
    return _row(rows[0])


def list_vendors(db: Store, engagement_id: int,
                 include_archived: bool = False) -> list[VendorRow]:
    """Vendors of an engagement in the order they were added."""
    where = "" if include_archived else " AND archived = 0"
    return [_row(r) for r in db.query(
        f"SELECT * FROM vendors WHERE engagement_id = ?{where} ORDER BY id", [engagement_id])]


def update_vendor(db: Store, vendor_id: int, *, name: str | None = None,
                  company: str | None = None, status_note: str | None = None,
                  archived: bool | None = None, actor: str = audit.FACILITATOR,
                  note: str = "") -> VendorRow:
    """Rename a vendor, edit its company or note, or archive / restore it; the audit trail
    keeps each field that changed, with ``actor`` and ``note``.

    Archived vendors drop out of results but keep their scores.

    Raises:
        NotFound: no such vendor. InvalidInput / DuplicateName: bad or taken name, or a bad
            actor or audit note.
    """
    current = get_vendor(db, vendor_id)
    values = {"name": clean_name(name, "Vendor name") if name is not None else current.name,
              "company": (company if company is not None else current.company).strip(),
              "status_note": (status_note if status_note is not None
                              else current.status_note).strip(),
              "archived": int(archived if archived is not None else current.archived)}
    if len(values["status_note"]) > TEXT_MAX or len(values["company"]) > TEXT_MAX:
        raise InvalidInput("The vendor's company or note is too long.")
    actor, note = audit.clean_actor(actor), audit.clean_note(note)
    old = {"name": current.name, "company": current.company,
           "status_note": current.status_note, "archived": int(current.archived)}
    shown = lambda field, value: (audit.yes_no(bool(value)) if field == "archived"  # noqa: E731
                                  else value)
    try:
        with write(db):
            audit.record(db, current.engagement_id, [
                audit.Change("vendor", field, shown(field, old[field]), shown(field, value),
                             vendor_id=vendor_id, vendor=values["name"])
                for field, value in values.items()], actor, note, now())
            db.execute("UPDATE vendors SET name = ?, company = ?, status_note = ?, archived = ? "
                       "WHERE id = ?", [*values.values(), vendor_id])
    except Conflict as error:
        raise DuplicateName(f"This engagement already compares a vendor called "
                            f"“{values['name']}”.") from error
    return get_vendor(db, vendor_id)


def check_vendor_in(db: Store, engagement_id: int, vendor_id: int) -> VendorRow:
    """The vendor, if it belongs to the engagement.

    Raises:
        NotFound: no such vendor in this engagement.
    """
    vendor = get_vendor(db, vendor_id)
    if vendor.engagement_id != engagement_id:
        raise NotFound(f"There is no vendor number {vendor_id} in this engagement.")
    return vendor
