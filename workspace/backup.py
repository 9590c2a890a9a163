"""Backup of one engagement, and its restore on this or another installation.

A backup holds the whole content of an engagement, with local keys ("p1", "v1") in place of
database ids and without participant tokens (private links are issued anew on restore). A
SHA-256 checksum of the canonical JSON catches a file that was edited or damaged after export;
it is not a signature (anyone can recompute it), so restore also validates every record and
inserts nothing unless everything is valid. The file itself (gzip of compact JSON, read
within size limits) is :mod:`workspace.backup_file`.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any


from assessments import Bank, available_banks, bank_data
from workspace import backup_pulse
from workspace.backup_checks import (FORMAT, FORMAT_VERSION, OPTIONAL_SECTIONS, SECTIONS,
                                     CheckedBackup, check_envelope, nocase, validate)
from workspace.backup_file import (MAX_FILE_BYTES, MAX_JSON_BYTES, BackupError, backup_file,
                                   checksum, read_document, show)
from workspace.banks import install_bank, parse_installed, read_bank
from workspace.costs import DEFAULT_CURRENCY, get_currency
from workspace.db import now, write
from workspace.engagements import DETAIL_FIELDS, NAME_MAX, get_engagement
from workspace.errors import WorkspaceError
from workspace.example import EXAMPLE_NAME
from workspace.migrations import schema_version
from workspace.participants import new_token
from workspace.errors import Conflict
from workspace.store import Store

__all__ = ["FORMAT", "FORMAT_VERSION", "OPTIONAL_SECTIONS", "SECTIONS", "BackupError",
           "backup_bytes", "export_engagement", "restore_engagement"]

RESTORED_SUFFIX = "restored"
# An installed bank restored next to a different bank of the same id gets the id with this
# suffix (then "_restored_2", ...); ids have at most 40 characters.
BANK_SUFFIX = "_restored"
BANK_ID_MAX = 40
BANK_RENAMES_MAX = 1_000


# --- export --------------------------------------------------------------------------------

def _installed_banks_used(db: Store, engagement_id: int
                          ) -> list[dict[str, Any]]:
    """The installed banks the engagement uses (chosen, answered or with targets), whole."""
    used = {row["bank"] for row in db.query(
        "SELECT culture_bank AS bank FROM engagements WHERE id = :e "
        "UNION SELECT maturity_bank FROM engagements WHERE id = :e "
        "UNION SELECT DISTINCT r.bank FROM responses r JOIN participants p "
        "ON p.id = r.participant_id WHERE p.engagement_id = :e "
        "UNION SELECT bank FROM targets WHERE engagement_id = :e", {"e": engagement_id})}
    banks = []
    for bank_id in sorted(used - set(available_banks())):
        try:
            bank = read_bank(db, bank_id)
        except WorkspaceError as error:
            raise BackupError(f"backup: the engagement uses the question bank “{bank_id}”, "
                              f"which cannot be carried: {error}. Install it again on the "
                              "Question banks page, then back up") from None
        banks.append({"id": bank.id, "kind": bank.kind, "title": bank.title,
                      "version": bank.version, "data": bank_data(bank)})
    return banks


def _body(db: Store, engagement_id: int) -> dict[str, Any]:
    """The whole content of an engagement as a JSON-safe dict, without checksum."""
    engagement = get_engagement(db, engagement_id)
    participants = list(db.query(
        "SELECT id, name, created_at FROM participants WHERE engagement_id = ? ORDER BY id",
        [engagement_id]))
    person = {row["id"]: f"p{n}" for n, row in enumerate(participants, start=1)}
    vendors = list(db.query(
        "SELECT id, catalog_id, name, company, status_note, archived, created_at FROM vendors "
        "WHERE engagement_id = ? ORDER BY id", [engagement_id]))
    vendor = {row["id"]: f"v{n}" for n, row in enumerate(vendors, start=1)}
    body: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": now(),
        "schema_version": schema_version(db),
        "engagement": {"name": engagement.name,
                       **{f: getattr(engagement, f) for f in DETAIL_FIELDS},
                       "created_at": engagement.created_at,
                       "updated_at": engagement.updated_at,
                       "culture_bank": engagement.culture_bank,
                       "maturity_bank": engagement.maturity_bank,
                       "illustrative": engagement.is_example,
                       "currency": get_currency(db, engagement_id)},
        "banks": _installed_banks_used(db, engagement_id),
        "participants": [{"key": person[r["id"]], "name": r["name"],
                          "created_at": r["created_at"]} for r in participants],
        "responses": [
            {"participant": person[r["participant_id"]], "bank": r["bank"], "item": r["item"],
             "value": r["value"], "dont_know": bool(r["dont_know"]), "comment": r["comment"],
             "answered_at": r["answered_at"]}
            for r in db.query(
                "SELECT r.* FROM responses r JOIN participants p ON p.id = r.participant_id "
                "WHERE p.engagement_id = ? ORDER BY p.id, r.bank, r.item", [engagement_id])],
        "targets": [dict(r) for r in db.query(
            "SELECT bank, area, stage FROM targets WHERE engagement_id = ? "
            "ORDER BY bank, area", [engagement_id])],
        "snapshots": [{"taken_at": r["taken_at"], "label": r["label"],
                       "payload": json.loads(r["payload"])}
                      for r in db.query("SELECT * FROM snapshots WHERE engagement_id = ? "
                                        "ORDER BY taken_at, id", [engagement_id])],
        "categories": [dict(r) for r in db.query(
            "SELECT id, name, description, position FROM categories WHERE engagement_id = ? "
            "ORDER BY position, id", [engagement_id])],
        "criteria": [{**dict(r), "must_have": bool(r["must_have"])} for r in db.query(
            "SELECT c.id, c.category, c.name, c.description, c.direction, c.must_have, "
            "c.min_score, c.position FROM criteria c JOIN categories k ON k.engagement_id = "
            "c.engagement_id AND k.id = c.category WHERE c.engagement_id = ? "
            "ORDER BY k.position, k.id, c.position, c.id", [engagement_id])],
        "weights": [{"level": r["level"], "method": r["method"],
                     "inputs": json.loads(r["inputs"]), "weights": json.loads(r["weights"]),
                     "updated_at": r["updated_at"]}
                    for r in db.query("SELECT * FROM weights WHERE engagement_id = ? "
                                      "ORDER BY level", [engagement_id])],
        "vendors": [{"key": vendor[r["id"]], "catalog_id": r["catalog_id"], "name": r["name"],
                     "company": r["company"], "status_note": r["status_note"],
                     "archived": bool(r["archived"]), "created_at": r["created_at"]}
                    for r in vendors],
        "scores": [
            {"participant": person[r["participant_id"]], "vendor": vendor[r["vendor_id"]],
             "criterion": r["criterion"], "score": r["score"], "evidence": r["evidence"],
             "updated_at": r["updated_at"]}
            for r in db.query(
                "SELECT s.* FROM scores s JOIN vendors v ON v.id = s.vendor_id "
                "WHERE v.engagement_id = ? ORDER BY s.vendor_id, s.participant_id, s.criterion",
                [engagement_id])],
        "participant_weights": [
            {"participant": person[r["participant_id"]], "level": r["level"],
             "method": r["method"], "inputs": json.loads(r["inputs"]),
             "updated_at": r["updated_at"]}
            for r in db.query(
                "SELECT w.* FROM participant_weights w JOIN participants p "
                "ON p.id = w.participant_id WHERE p.engagement_id = ? "
                "ORDER BY w.participant_id, w.level, w.method", [engagement_id])],
        "agreed_values": [
            {"kind": r["kind"], "bank": r["bank"], "item": r["item"],
             "vendor": None if r["vendor_id"] is None else vendor[r["vendor_id"]],
             "value": r["value"], "rationale": r["rationale"], "agreed_at": r["agreed_at"]}
            for r in db.query("SELECT * FROM agreed_values WHERE engagement_id = ? "
                              "ORDER BY agreed_at, id", [engagement_id])],
        "workshop_records": [
            {"opened_at": r["opened_at"], "closed_at": r["closed_at"],
             "payload": json.loads(r["payload"])}
            for r in db.query("SELECT * FROM workshop_records WHERE engagement_id = ? "
                              "ORDER BY closed_at, id", [engagement_id])],
        **backup_pulse.sections(db, engagement_id),
        "audit_trail": [
            {"at": r["at"], "actor": r["actor"], "kind": r["kind"],
             "vendor": vendor.get(r["vendor_id"]), "vendor_name": r["vendor"],
             "item": r["item"], "item_name": r["item_name"], "field": r["field"],
             "old_value": r["old_value"], "new_value": r["new_value"], "note": r["note"]}
            for r in db.query("SELECT * FROM audit_trail WHERE engagement_id = ? ORDER BY id",
                              [engagement_id])],
        "sign_offs": [
            {"signed_at": r["signed_at"], "signed_by": r["signed_by"], "note": r["note"],
             "payload": json.loads(r["payload"])}
            for r in db.query("SELECT * FROM sign_offs WHERE engagement_id = ? ORDER BY id",
                              [engagement_id])],
        "vendor_costs": [
            {"vendor": vendor[r["vendor_id"]], "licence": r["licence_per_user_year"],
             "users": r["users"], "implementation": r["implementation"],
             "horizon": r["horizon_years"]}
            for r in db.query("SELECT c.* FROM vendor_costs c JOIN vendors v ON v.id = "
                              "c.vendor_id WHERE v.engagement_id = ? ORDER BY v.id",
                              [engagement_id])],
        "action_plan": [dict(r) for r in db.query(
            "SELECT action, owner, due, status, updated_at FROM action_plan "
            "WHERE engagement_id = ? ORDER BY action", [engagement_id])],
    }
    return body


def export_engagement(db: Store, engagement_id: int) -> dict[str, Any]:
    """The whole content of an engagement as a JSON-safe dict with its checksum.

    Raises:
        NotFound: no engagement has this id.
        BackupError: stored content cannot be written as JSON (a NaN in weight inputs).
    """
    with db.snapshot():
        body = _body(db, engagement_id)
    try:
        body["checksum"] = checksum(body)
    except ValueError as error:
        raise BackupError(f"backup: engagement {engagement_id} holds a number that JSON cannot "
                          f"carry (NaN or infinity): {error}") from error
    return body


def backup_bytes(db: Store, engagement_id: int, max_json_bytes: int | None = None,
                 max_file_bytes: int | None = None) -> bytes:
    """The backup file of an engagement: gzip of its compact JSON with the checksum (what
    the Exports page offers as ``.json.gz``), written in pieces.

    Raises:
        NotFound: no engagement has this id.
        BackupError: stored content cannot be written as JSON, or is more than a restore
            accepts (``max_json_bytes`` of JSON, ``max_file_bytes`` of file: by default the
            restore's limits).
    """
    with db.snapshot():     # one moment of the engagement, while people go on answering
        body = _body(db, engagement_id)
    return backup_file(body, max_json_bytes, max_file_bytes)


# --- restore -------------------------------------------------------------------------------

def _free_name(db: Store, name: str) -> str:
    """``name``, or ``name (restored)``, ``name (restored 2)``... whichever no engagement has.

    The example's name counts as taken: a restored copy must never stop the example from
    being reset.
    """
    def taken(candidate: str) -> bool:
        return (nocase(candidate) == nocase(EXAMPLE_NAME) or bool(list(db.query(
            "SELECT 1 FROM engagements WHERE lower(name) = ?", [nocase(candidate)]))))

    if not taken(name):
        return name
    number = 1
    while True:
        suffix = f" ({RESTORED_SUFFIX})" if number == 1 else f" ({RESTORED_SUFFIX} {number})"
        candidate = name[:NAME_MAX - len(suffix)].rstrip() + suffix
        if not taken(candidate):
            return candidate
        number += 1


def _bank_ids(bank_id: str):
    """``bank_id``, then ``<id>_restored``, ``<id>_restored_2``... shortened to fit."""
    yield bank_id
    for number in range(1, BANK_RENAMES_MAX):
        suffix = BANK_SUFFIX if number == 1 else f"{BANK_SUFFIX}_{number}"
        yield bank_id[:BANK_ID_MAX - len(suffix)] + suffix


def _install_banks(db: Store, carried: dict[str, Bank], allowed: bool = True
                   ) -> dict[str, str]:
    """Install the banks a backup carries; return the id each has here.

    A bank keeps its id when no bank has it here, or when the bank installed under it is the
    same; otherwise it is installed under ``<id>_restored`` (or the first free or identical
    ``_restored_N``), and the engagement points at that: both engagements keep what they had.
    Without ``allowed`` a bank that is not installed here as carried is refused (an installed
    bank serves every engagement: installing one is the administrator's).
    """
    shipped, claimed, ids = set(available_banks()), set(), {}
    for bank_id, bank in sorted(carried.items()):
        for candidate in _bank_ids(bank_id):
            if candidate in shipped or candidate in claimed:
                continue
            here = bank if candidate == bank_id else dataclasses.replace(bank, id=candidate)
            rows = list(db.query("SELECT data FROM banks WHERE id = ?", [candidate]))
            if rows:
                try:
                    same = parse_installed(candidate, json.loads(rows[0]["data"])) == here
                except WorkspaceError:        # an installed bank that no longer reads
                    same = False
                if not same:
                    continue
            else:
                if not allowed:
                    raise BackupError(
                        f"the backup brings the question bank “{bank_id}”, which is not "
                        "installed here as it is in the backup, and installing a bank (it "
                        "serves every engagement) is for the administrator: restore it "
                        "signed in with the facilitator secret")
                install_bank(db, candidate, here.kind, here.title, here.version,
                             bank_data(here), reserved=tuple(shipped))
            ids[bank_id] = candidate
            claimed.add(candidate)
            break
        else:
            raise BackupError(f"backup: no free id for the question bank “{bank_id}”")
    return ids


def _check_local_banks(db: Store, backup: CheckedBackup) -> None:
    """The installed banks an older file was checked against are still the same."""
    for bank_id, bank in backup.local.items():
        try:
            still = read_bank(db, bank_id) == bank
        except WorkspaceError:
            still = False
        if not still:
            raise BackupError(f"backup: the question bank “{bank_id}” changed while the backup "
                              "was being restored; nothing was changed, try again")


def restore_engagement(db: Store, data: bytes | str | dict[str, Any], *,
                       max_bytes: int = MAX_FILE_BYTES,
                       max_json_bytes: int = MAX_JSON_BYTES, install_banks: bool = True) -> int:
    """Restore a backup as a new engagement (new ids, new participant tokens); return its id.

    The engagement keeps its name unless another engagement has it; then " (restored)" (or
    " (restored 2)"...) is appended. It is never the example engagement. It uses the banks
    it used: shipped ones, and the installed banks the file carries, installed here when
    needed (an installed bank of the same id but other content is kept, and the carried one
    installed as ``<id>_restored``). Its pulse campaigns come with it (a campaign that was
    open is closed; see :mod:`workspace.backup_pulse`). All or nothing. Without
    ``install_banks`` a backup that needs a bank installed is refused.

    Raises:
        BackupError: the file is too large, not JSON, not a backup, from a newer version,
            changed after export, holds an invalid record, or (without ``install_banks``)
            needs a bank installed; nothing is changed.
        WorkspaceBusy: other writers held the workspace too long; nothing is changed.
    """
    parsed = read_document(data, max_bytes=max_bytes, max_json_bytes=max_json_bytes)
    check_envelope(parsed)
    backup = validate(db, parsed)
    del parsed
    engagement, records = backup.engagement, backup.sections
    try:
        with write(db):
            # Restores take turns: each looks for free bank ids and a free name, then takes them.
            db.lock("restore")
            _check_local_banks(db, backup)
            ids = _install_banks(db, backup.carried, install_banks)
            bank = lambda bank_id: ids.get(bank_id, bank_id)  # noqa: E731
            new_id = db.insert(
                "INSERT INTO engagements (name, organization, industry, size, purpose, "
                "is_example, created_at, updated_at, culture_bank, maturity_bank) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_free_name(db, engagement["name"]),
                 *(engagement[f] for f in DETAIL_FIELDS),
                 int(engagement.get("illustrative", False)),
                 engagement["created_at"], engagement["updated_at"],
                 bank(engagement["culture_bank"]), bank(engagement["maturity_bank"])])
            people = {}
            for p in records["participants"]:
                people[p["key"]] = db.insert(
                    "INSERT INTO participants (engagement_id, name, token, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [new_id, p["name"], new_token(), p["created_at"]])
            db.execute_many(
                "INSERT INTO responses (participant_id, bank, item, value, dont_know, comment, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((people[r["participant"]], bank(r["bank"]), r["item"], r["value"],
                  int(r["dont_know"]), r["comment"], r["answered_at"])
                 for r in records["responses"]))
            db.execute_many(
                "INSERT INTO targets (engagement_id, bank, area, stage) VALUES (?, ?, ?, ?)",
                [(new_id, bank(t["bank"]), t["area"], t["stage"]) for t in records["targets"]])
            # Stored as save_snapshot and save_weights store them.
            db.execute_many(
                "INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                "VALUES (?, ?, ?, ?)",
                [(new_id, s["taken_at"], s["label"], json.dumps(s["payload"], allow_nan=False))
                 for s in records["snapshots"]])
            db.execute_many(
                "INSERT INTO categories (engagement_id, id, name, description, position) "
                "VALUES (?, ?, ?, ?, ?)",
                [(new_id, c["id"], c["name"], c["description"], c["position"])
                 for c in records["categories"]])
            db.execute_many(
                "INSERT INTO criteria (engagement_id, id, category, name, description, "
                "direction, must_have, min_score, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(new_id, c["id"], c["category"], c["name"], c["description"], c["direction"],
                  int(c["must_have"]), float(c["min_score"]), c["position"])
                 for c in records["criteria"]])
            db.execute_many(
                "INSERT INTO weights (engagement_id, level, method, inputs, weights, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(new_id, w["level"], w["method"], json.dumps(w["inputs"]),
                  json.dumps(w["weights"]), w["updated_at"]) for w in records["weights"]])
            vendors = {}
            for v in records["vendors"]:
                vendors[v["key"]] = db.insert(
                    "INSERT INTO vendors (engagement_id, catalog_id, name, company, "
                    "status_note, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [new_id, v["catalog_id"], v["name"], v["company"], v["status_note"],
                     int(v["archived"]), v["created_at"]])
            db.execute_many(
                "INSERT INTO scores (participant_id, vendor_id, criterion, score, evidence, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                ((people[s["participant"]], vendors[s["vendor"]], s["criterion"],
                  None if s["score"] is None else float(s["score"]), s["evidence"],
                  s["updated_at"]) for s in records["scores"]))
            db.execute_many(
                "INSERT INTO participant_weights (participant_id, level, method, inputs, "
                "updated_at) VALUES (?, ?, ?, ?, ?)",
                [(people[w["participant"]], w["level"], w["method"],
                  json.dumps(w["inputs"], sort_keys=True), w["updated_at"])
                 for w in records["participant_weights"]])
            db.execute_many(
                "INSERT INTO agreed_values (engagement_id, kind, bank, item, vendor_id, value, "
                "rationale, agreed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(new_id, a["kind"], bank(a["bank"]) if a["bank"] else "", a["item"],
                  None if a["vendor"] is None else vendors[a["vendor"]], float(a["value"]),
                  a["rationale"], a["agreed_at"]) for a in records["agreed_values"]])
            db.execute_many(
                "INSERT INTO workshop_records (engagement_id, opened_at, closed_at, payload) "
                "VALUES (?, ?, ?, ?)",
                [(new_id, r["opened_at"], r["closed_at"],
                  json.dumps(r["payload"], allow_nan=False, separators=(",", ":")))
                 for r in records["workshop_records"]])
            backup_pulse.restore(db, new_id, backup.pulse, now()[:10])
            # The trail as it was (restoring writes no trail of its own), in its order.
            db.execute_many(
                "INSERT INTO audit_trail (engagement_id, at, actor, kind, vendor_id, vendor, "
                "item, item_name, field, old_value, new_value, note) VALUES (?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?)",
                ((new_id, a["at"], a["actor"], a["kind"],
                  None if a["vendor"] is None else vendors[a["vendor"]], a["vendor_name"],
                  a["item"], a["item_name"], a["field"], a["old_value"], a["new_value"],
                  a["note"]) for a in records["audit_trail"]))
            db.execute_many(
                "INSERT INTO sign_offs (engagement_id, signed_at, signed_by, note, payload) "
                "VALUES (?, ?, ?, ?, ?)",
                [(new_id, r["signed_at"], r["signed_by"], r["note"],
                  json.dumps(r["payload"], allow_nan=False, separators=(",", ":")))
                 for r in records["sign_offs"]])
            db.execute_many(
                "INSERT INTO vendor_costs (vendor_id, licence_per_user_year, users, "
                "implementation, horizon_years, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(vendors[c["vendor"]], c["licence"], c["users"], c["implementation"],
                  c["horizon"], now()) for c in records["vendor_costs"]])
            if engagement.get("currency", DEFAULT_CURRENCY) != DEFAULT_CURRENCY:
                db.execute("INSERT INTO engagement_currency (engagement_id, currency) "
                           "VALUES (?, ?)", [new_id, engagement["currency"]])
            db.execute_many(
                "INSERT INTO action_plan (engagement_id, action, owner, due, status, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(new_id, a["action"], a["owner"], a["due"], a["status"], a["updated_at"])
                 for a in records["action_plan"]])
    except Conflict as error:
        # Validation should have caught this; the transaction is rolled back either way.
        raise BackupError(f"backup: the engagement could not be restored ({error}); "
                          "nothing was changed") from error
    return new_id
