"""Question banks installed from a file (TOML or Excel), and the banks an engagement uses.

The shipped banks live in ``assessments/banks/``; installed ones are kept here as the parsed
data (JSON), validated by the caller with ``assessments.parse_bank`` before installing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workspace.db import now, write
from workspace.engagements import Engagement, get_engagement
from workspace.errors import InvalidInput, NotFound

KINDS = ("likert", "staged")


@dataclass(frozen=True)
class InstalledBank:
    id: str
    kind: str
    title: str
    version: str
    installed_at: str


def install_bank(db: sqlite_utils.Database, bank_id: str, kind: str, title: str, version: str,
                 data: dict[str, Any], reserved: tuple[str, ...] = ()) -> InstalledBank:
    """Install (or replace) a bank; ``reserved`` are ids that belong to shipped banks.

    Raises:
        InvalidInput: the id is reserved, the kind unknown, or the data not JSON-safe.
    """
    if bank_id in reserved:
        raise InvalidInput(f"A bank shipped with SocialReady is called “{bank_id}”; give the "
                           "imported bank another id (field 'id' of its [bank] table).")
    if kind not in KINDS:
        raise InvalidInput(f"Unknown bank kind {kind!r}.")
    try:
        text = json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"This bank cannot be stored: {error}.") from error
    except RecursionError as error:
        raise InvalidInput("This bank cannot be stored: its values are nested too "
                           "deeply.") from error
    with write(db):
        db.execute("INSERT INTO banks (id, kind, title, version, data, installed_at) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                   "kind = excluded.kind, title = excluded.title, version = excluded.version, "
                   "data = excluded.data, installed_at = excluded.installed_at",
                   [bank_id, kind, title, version, text, now()])
    return next(b for b in list_installed_banks(db) if b.id == bank_id)


def list_installed_banks(db: sqlite_utils.Database) -> list[InstalledBank]:
    """Installed banks, by id."""
    return [InstalledBank(r["id"], r["kind"], r["title"], r["version"], r["installed_at"])
            for r in db.query("SELECT id, kind, title, version, installed_at FROM banks "
                              "ORDER BY id")]


def installed_bank_data(db: sqlite_utils.Database, bank_id: str) -> dict[str, Any]:
    """The parsed data of an installed bank.

    Raises:
        NotFound: no bank with this id is installed.
    """
    rows = list(db.query("SELECT data FROM banks WHERE id = ?", [bank_id]))
    if not rows:
        raise NotFound(f"No question bank “{bank_id}” is installed.")
    return json.loads(rows[0]["data"])


def remove_bank(db: sqlite_utils.Database, bank_id: str) -> None:
    """Remove an installed bank that no engagement uses.

    Raises:
        InvalidInput: an engagement still uses it.
    """
    users = [row["name"] for row in db.query(
        "SELECT name FROM engagements WHERE culture_bank = ? OR maturity_bank = ?",
        [bank_id, bank_id])]
    if users:
        raise InvalidInput(f"“{bank_id}” is still used by: {', '.join(users[:5])}.")
    with write(db):
        db.execute("DELETE FROM banks WHERE id = ?", [bank_id])


def set_engagement_banks(db: sqlite_utils.Database, engagement_id: int, *,
                         culture_bank: str | None = None,
                         maturity_bank: str | None = None) -> Engagement:
    """Choose which banks an engagement's culture and maturity questionnaires use.

    Raises:
        NotFound: no such engagement.
    """
    get_engagement(db, engagement_id)
    with write(db):
        if culture_bank is not None:
            db.execute("UPDATE engagements SET culture_bank = ? WHERE id = ?",
                       [culture_bank, engagement_id])
        if maturity_bank is not None:
            db.execute("UPDATE engagements SET maturity_bank = ? WHERE id = ?",
                       [maturity_bank, engagement_id])
    return get_engagement(db, engagement_id)
