"""Question banks installed from a file (TOML or Excel), and the banks an engagement uses.

The shipped banks live in ``assessments/banks/``; installed ones are kept here as their
parsed data (JSON), checked with ``assessments.parse_bank`` before they are stored.

Stored answers and targets always fit their bank: every answer is to an item the bank has,
on its scale, and every target to one of its competencies. So a bank that would leave stored
answers outside (a shorter scale, items or competencies taken out, another kind) is not
installed over the one they were given in; it is imported under a new id instead, and each
bank keeps its own answers.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any


from assessments import Bank, BankError, LikertBank, available_banks, load_bank, parse_bank
from workspace.db import now, write
from workspace.engagements import Engagement, get_engagement
from workspace.errors import InvalidInput, NotFound
from workspace.store import Store

KINDS = ("likert", "staged")
ENGAGEMENT_FIELDS = {"likert": "culture_bank", "staged": "maturity_bank"}
SHOWN = 5          # engagements and items a message names before "and N more"


class BankInUse(InvalidInput):
    """A bank change or removal that stored answers, targets or engagements would not
    survive; the message says how many, in which engagements, and what to do instead."""


@dataclass(frozen=True)
class InstalledBank:
    id: str
    kind: str
    title: str
    version: str
    installed_at: str


def _listing(names: list[str], counts: Counter | None = None) -> str:
    shown = [f"“{name}”" + (f" ({counts[name]:,})" if counts else "") for name in names[:SHOWN]]
    more = len(names) - SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def parse_installed(bank_id: str, data: Any) -> Bank:
    """The bank that installed data describes.

    Raises:
        InvalidInput: the data is not a valid bank (the message names the field).
    """
    try:
        return parse_bank(data, f"bank “{bank_id}”")
    except BankError as error:
        raise InvalidInput(str(error)) from None


def read_bank(db: Store, bank_id: str) -> Bank:
    """A shipped or installed bank.

    Raises:
        NotFound: no bank has this id.
        InvalidInput: the installed bank no longer reads as a bank.
    """
    if bank_id in available_banks():
        return load_bank(bank_id)
    return parse_installed(bank_id, installed_bank_data(db, bank_id))


def scale_max(bank: Bank) -> int:
    """The highest answer a bank takes: its number of labels, or of stages."""
    return bank.scale_max if isinstance(bank, LikertBank) else len(bank.stages)


def _outside(db: Store, bank_id: str, new: Bank) -> tuple[Counter, list[str]]:
    """Stored answers and targets that ``new`` would leave outside: how many per engagement
    name, and what they are."""
    items = {item.id for item in new.items}
    top = scale_max(new)
    per_engagement: Counter = Counter()
    above = gone = targets = 0
    gone_items: set[str] = set()
    gone_areas: set[str] = set()
    # A value a workshop agreed on stands for the answers of its item: it must fit too.
    for row in db.query(
            "SELECT e.name AS engagement, r.item, r.value, count(*) AS n FROM responses r "
            "JOIN participants p ON p.id = r.participant_id JOIN engagements e "
            "ON e.id = p.engagement_id WHERE r.bank = :b GROUP BY e.id, r.item, r.value "
            "UNION ALL SELECT e.name, a.item, a.value, 1 FROM agreed_values a "
            "JOIN engagements e ON e.id = a.engagement_id WHERE a.bank = :b AND a.kind != "
            "'score'", {"b": bank_id}):
        if row["item"] not in items:
            gone += row["n"]
            gone_items.add(row["item"])
        elif row["value"] is not None and not 1 <= row["value"] <= top:
            above += row["n"]
        else:
            continue
        per_engagement[row["engagement"]] += row["n"]
    for row in db.query("SELECT e.name AS engagement, t.area FROM targets t JOIN engagements e "
                        "ON e.id = t.engagement_id WHERE t.bank = ?", [bank_id]):
        if row["area"] not in items:
            per_engagement[row["engagement"]] += 1
            targets += 1
            gone_areas.add(row["area"])
    what = []
    if above:
        what.append(f"{above:,} above its {top}-point scale")
    if gone:
        what.append(f"{gone:,} to items it no longer has: {_ids(gone_items)}")
    if targets:
        what.append(f"{targets:,} target(s) for competencies it no longer has: "
                    f"{_ids(gone_areas)}")
    return per_engagement, what


def _ids(ids: set[str]) -> str:
    return ", ".join(sorted(ids)[:SHOWN]) + (", …" if len(ids) > SHOWN else "")


def _check_replacement(db: Store, bank_id: str, new: Bank) -> None:
    """Refuse ``new`` in place of the installed ``bank_id`` when stored data would not fit."""
    old_kind = next(db.query("SELECT kind FROM banks WHERE id = ?", [bank_id]))["kind"]
    if old_kind != new.kind:
        users = [row["name"] for row in db.query(
            f"SELECT name FROM engagements WHERE {ENGAGEMENT_FIELDS[old_kind]} = ? "
            "ORDER BY lower(name), id", [bank_id])]
        answered = next(db.query("SELECT count(*) AS n FROM responses WHERE bank = ?",
                                 [bank_id]))["n"]
        if users or answered:
            raise BankInUse(
                f"“{bank_id}” was not replaced: it is a {old_kind} bank"
                + (f" used by {_listing(users)}" if users else "")
                + (f" with {answered:,} stored answer(s)" if answered else "")
                + f", and a {new.kind} bank cannot take its place. Import it under another "
                  "id (field 'id' of its [bank] table).")
    per_engagement, what = _outside(db, bank_id, new)
    if per_engagement:
        total = sum(per_engagement.values())
        names = sorted(per_engagement, key=lambda name: (-per_engagement[name], name))
        raise BankInUse(
            f"“{bank_id}” was not replaced: {total:,} stored answer(s) would fall outside the "
            f"new version ({'; '.join(what)}) in {len(names)} engagement(s): "
            f"{_listing(names, per_engagement)}. Import it under another id (field 'id' of "
            "its [bank] table) and choose it for the engagements that should use it; each "
            "bank keeps its own answers.")


def check_bank_replacement(db: Store, data: dict[str, Any]) -> None:
    """Check, before installing, that a bank could replace the installed bank of its id
    (nothing to check when no bank of that id is installed).

    Raises:
        InvalidInput: the data is not a valid bank.
        BankInUse: as :func:`install_bank` would raise it.
    """
    bank_id = data.get("bank", {}).get("id") if isinstance(data, dict) else None
    bank = parse_installed(str(bank_id), data)
    if list(db.query("SELECT 1 FROM banks WHERE id = ?", [bank.id])):
        _check_replacement(db, bank.id, bank)


def install_bank(db: Store, bank_id: str, kind: str, title: str, version: str,
                 data: dict[str, Any], reserved: tuple[str, ...] | None = None
                 ) -> InstalledBank:
    """Install a bank, or replace the installed bank with this id when every stored answer
    and target still fits the new version.

    ``reserved`` are ids that belong to shipped banks (by default, every shipped bank's).

    Raises:
        InvalidInput: the id is reserved, the data is not a valid bank, or its id, kind,
            title or version differ from the arguments.
        BankInUse: the installed bank has answers or targets the new version would leave
            outside its scale or items, or engagements that use it as the other kind.
    """
    reserved = tuple(available_banks()) if reserved is None else reserved
    if bank_id in reserved:
        raise InvalidInput(f"A bank shipped with SocialReady is called “{bank_id}”; give the "
                           "imported bank another id (field 'id' of its [bank] table).")
    if kind not in KINDS:
        raise InvalidInput(f"Unknown bank kind {kind!r}.")
    bank = parse_installed(bank_id, data)
    given = {"id": bank_id, "kind": kind, "title": title, "version": version}
    for field, value in given.items():
        if getattr(bank, field) != value:
            raise InvalidInput(f"The bank's own {field} is {getattr(bank, field)!r}, not "
                               f"{value!r}.")
    try:
        text = json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"This bank cannot be stored: {error}.") from error
    except RecursionError as error:
        raise InvalidInput("This bank cannot be stored: its values are nested too "
                           "deeply.") from error
    with write(db):
        if list(db.query("SELECT 1 FROM banks WHERE id = ?", [bank_id])):
            _check_replacement(db, bank_id, bank)
        db.execute("INSERT INTO banks (id, kind, title, version, data, installed_at) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                   "kind = excluded.kind, title = excluded.title, version = excluded.version, "
                   "data = excluded.data, installed_at = excluded.installed_at",
                   [bank_id, kind, title, version, text, now()])
    return next(b for b in list_installed_banks(db) if b.id == bank_id)


def list_installed_banks(db: Store) -> list[InstalledBank]:
    """Installed banks, by id."""
    return [InstalledBank(r["id"], r["kind"], r["title"], r["version"], r["installed_at"])
            for r in db.query("SELECT id, kind, title, version, installed_at FROM banks "
                              "ORDER BY id")]


def installed_bank_data(db: Store, bank_id: str) -> dict[str, Any]:
    """The parsed data of an installed bank.

    Raises:
        NotFound: no bank with this id is installed.
    """
    rows = list(db.query("SELECT data FROM banks WHERE id = ?", [bank_id]))
    if not rows:
        raise NotFound(f"No question bank “{bank_id}” is installed.")
    return json.loads(rows[0]["data"])


def remove_bank(db: Store, bank_id: str) -> None:
    """Remove an installed bank that no engagement uses and no answer or target refers to.

    Raises:
        InvalidInput: an engagement still uses it (BankInUse: or has answers or targets in it).
    """
    with write(db):
        users = [row["name"] for row in db.query(
            "SELECT name FROM engagements WHERE culture_bank = ? OR maturity_bank = ? "
            "ORDER BY lower(name), id", [bank_id, bank_id])]
        if users:
            raise BankInUse(f"“{bank_id}” is still used by: {', '.join(users[:SHOWN])}.")
        holders = Counter({row["name"]: row["n"] for row in db.query(
            "SELECT e.name, count(*) AS n FROM engagements e JOIN ("
            "SELECT p.engagement_id AS id FROM responses r JOIN participants p "
            "ON p.id = r.participant_id WHERE r.bank = :bank UNION ALL "
            "SELECT engagement_id FROM targets WHERE bank = :bank) AS held "
            "ON held.id = e.id GROUP BY e.id", {"bank": bank_id})})
        if holders:
            raise BankInUse(f"“{bank_id}” still holds {sum(holders.values()):,} answer(s) and "
                            f"target(s) in {_listing(sorted(holders), holders)}.")
        db.execute("DELETE FROM banks WHERE id = ?", [bank_id])


def set_engagement_banks(db: Store, engagement_id: int, *,
                         culture_bank: str | None = None,
                         maturity_bank: str | None = None) -> Engagement:
    """Choose which banks an engagement's culture and maturity questionnaires use.

    Raises:
        NotFound: no such engagement, or no such bank.
        InvalidInput: the bank is of the other kind (culture banks are likert, maturity banks
            staged), or no longer reads as a bank.
    """
    get_engagement(db, engagement_id)
    for bank_id, kind in ((culture_bank, "likert"), (maturity_bank, "staged")):
        if bank_id is not None and read_bank(db, bank_id).kind != kind:
            raise InvalidInput(f"“{bank_id}” is not a {kind} bank; it cannot be this "
                               "engagement's " + ("culture" if kind == "likert" else "maturity")
                               + " questionnaire.")
    with write(db):
        if culture_bank is not None:
            db.execute("UPDATE engagements SET culture_bank = ? WHERE id = ?",
                       [culture_bank, engagement_id])
        if maturity_bank is not None:
            db.execute("UPDATE engagements SET maturity_bank = ? WHERE id = ?",
                       [maturity_bank, engagement_id])
    return get_engagement(db, engagement_id)
