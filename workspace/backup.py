"""Backup of one engagement, and its restore on this or another installation.

A backup holds the whole content of an engagement, with local keys ("p1", "v1") in place of
database ids and without participant tokens (private links are issued anew on restore). A
SHA-256 checksum of the canonical JSON catches a file that was edited or damaged after export;
it is not a signature (anyone can recompute it), so restore also validates every record and
inserts nothing unless everything is valid. The file itself (gzip of compact JSON, read
within size limits) is :mod:`workspace.backup_file`.
"""
from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlite_utils

from workspace.backup_file import (MAX_FILE_BYTES, MAX_JSON_BYTES, BackupError, backup_file,
                                   checksum, kind, read_document, show)
from workspace.db import now, write
from workspace.engagements import DETAIL_FIELDS, NAME_MAX, TEXT_MAX, get_engagement
from workspace.errors import WorkspaceError
from workspace.example import EXAMPLE_NAME
from workspace.migrations import schema_version
from workspace.participants import new_token
from workspace.sessions import WEIGHT_METHODS as PARTICIPANT_METHODS
from workspace.sessions import check_weight_inputs
from workspace.requirements import DIRECTIONS
from workspace.weights import CATEGORIES_LEVEL, METHODS

FORMAT = "socialready-engagement-backup"
# Version 2 added each workshop participant's own weights ("participant_weights"); a
# version 1 file (without them) still restores.
FORMAT_VERSION = 2
RESTORED_SUFFIX = "restored"
SECTIONS = ("participants", "responses", "targets", "snapshots", "categories", "criteria",
            "weights", "vendors", "scores")
OPTIONAL_SECTIONS = ("participant_weights",)
TOP_LEVEL = ("format", "version", "exported_at", "schema_version", "engagement", *SECTIONS,
             "checksum")
# Bounds that keep integers inside SQLite's 64-bit range and positions sane; answers are on a
# bank's scale (at most 11 labels, 4 stages), so 0-100 rejects only damaged values.
ANSWER_MAX = 100
POSITION_MAX = 1_000_000
TIMESTAMP_MAX = 64
STAGES = (1, 4)
SCORE_RANGE = (0, 5)


# --- export --------------------------------------------------------------------------------

def _body(db: sqlite_utils.Database, engagement_id: int) -> dict[str, Any]:
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
                       "updated_at": engagement.updated_at},
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
    }
    return body


def export_engagement(db: sqlite_utils.Database, engagement_id: int) -> dict[str, Any]:
    """The whole content of an engagement as a JSON-safe dict with its checksum.

    Raises:
        NotFound: no engagement has this id.
        BackupError: stored content cannot be written as JSON (a NaN in weight inputs).
    """
    body = _body(db, engagement_id)
    try:
        body["checksum"] = checksum(body)
    except ValueError as error:
        raise BackupError(f"backup: engagement {engagement_id} holds a number that JSON cannot "
                          f"carry (NaN or infinity): {error}") from error
    return body


def backup_bytes(db: sqlite_utils.Database, engagement_id: int) -> bytes:
    """The backup file of an engagement: gzip of its compact JSON with the checksum (what
    the Exports page offers as ``.json.gz``), written in pieces.

    Raises:
        NotFound: no engagement has this id.
        BackupError: stored content cannot be written as JSON.
    """
    return backup_file(_body(db, engagement_id))


# --- reading and checking ------------------------------------------------------------------

def _check_envelope(data: dict[str, Any]) -> None:
    if data.get("format") != FORMAT:
        raise BackupError(f"backup: field 'format' is {show(data.get('format'))}, not "
                          f"{FORMAT!r}; this is not a SocialReady engagement backup")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BackupError(f"backup: field 'version' must be a whole number from 1, "
                          f"not {show(version)}")
    if version > FORMAT_VERSION:
        raise BackupError(f"backup: the file is format version {version}, written by a newer "
                          f"SocialReady; this installation reads version {FORMAT_VERSION}. "
                          "Update the app, then restore")
    given = data.get("checksum")
    if not isinstance(given, str):
        raise BackupError("backup: field 'checksum' is missing or not text; the file cannot "
                          "be verified")
    try:
        actual = checksum(data)
    except (TypeError, ValueError) as error:
        raise BackupError(f"backup: the content cannot be verified: {error}") from error
    if given.lower() != actual:
        raise BackupError("backup: the checksum does not match its content; the file was "
                          "changed after export")


Checker = Callable[[Any, str], Any]


def _text(limit: int, *, required: bool = False, strip: bool = False) -> Checker:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise BackupError(f"{where} must be text, not {kind(value)}")
        if strip:
            value = value.strip()
        if required and not value.strip():
            raise BackupError(f"{where} is empty")
        if len(value) > limit:
            raise BackupError(f"{where} is {len(value):,} characters long; the limit is "
                              f"{limit:,}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise BackupError(f"{where} holds characters that are not valid Unicode") from error
        return value
    return check


def _timestamp(value: Any, where: str) -> str:
    value = _text(TIMESTAMP_MAX)(value, where)
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        raise BackupError(f"{where} must be an ISO 8601 date and time, "
                          f"not {show(value)}") from error
    return value


def _integer(low: int, high: int) -> Checker:
    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BackupError(f"{where} must be a whole number from {low} to {high}, "
                              f"not {show(value)}")
        return value
    return check


def _number(low: float, high: float) -> Checker:
    def check(value: Any, where: str) -> float:
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or not low <= value <= high):
            raise BackupError(f"{where} must be a number from {low:g} to {high:g}, "
                              f"not {show(value)}")
        return value
    return check


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise BackupError(f"{where} must be true or false, not {show(value)}")
    return value


def _one_of(choices: tuple[str, ...]) -> Checker:
    def check(value: Any, where: str) -> str:
        if value not in choices:
            raise BackupError(f"{where} must be one of {', '.join(choices)}, "
                              f"not {show(value)}")
        return value
    return check


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BackupError(f"{where} must be an object, not {kind(value)}")
    return value


def _optional(check: Checker) -> Checker:
    def optional(value: Any, where: str) -> Any:
        return None if value is None else check(value, where)
    return optional


def _weight_map(value: Any, where: str) -> dict[str, float]:
    value = _object(value, where)
    for key, weight in value.items():
        if (isinstance(weight, bool) or not isinstance(weight, (int, float))
                or not math.isfinite(weight) or weight < 0):
            raise BackupError(f"{where}: the weight of {show(key)} must be a non-negative "
                              f"number, not {show(weight)}")
    return value


NAME = _text(NAME_MAX, required=True, strip=True)     # as workspace.engagements.clean_name
KEY = _text(NAME_MAX, required=True)
TEXT = _text(TEXT_MAX)

ENGAGEMENT = {"name": NAME, **{f: TEXT for f in DETAIL_FIELDS}, "created_at": _timestamp,
              "updated_at": _timestamp}
RECORDS: dict[str, dict[str, Checker]] = {
    "participants": {"key": KEY, "name": NAME, "created_at": _timestamp},
    "responses": {"participant": KEY, "bank": KEY, "item": KEY,
                  "value": _optional(_integer(0, ANSWER_MAX)), "dont_know": _boolean,
                  "comment": TEXT, "answered_at": _timestamp},
    "targets": {"bank": KEY, "area": KEY, "stage": _integer(*STAGES)},
    "snapshots": {"taken_at": _timestamp, "label": TEXT, "payload": _object},
    "categories": {"id": KEY, "name": NAME, "description": TEXT,
                   "position": _integer(0, POSITION_MAX)},
    "criteria": {"id": KEY, "category": KEY, "name": NAME, "description": TEXT,
                 "direction": _one_of(DIRECTIONS), "must_have": _boolean,
                 "min_score": _number(*SCORE_RANGE), "position": _integer(0, POSITION_MAX)},
    "weights": {"level": KEY, "method": _one_of(METHODS), "inputs": _object,
                "weights": _weight_map, "updated_at": _timestamp},
    "vendors": {"key": KEY, "catalog_id": _optional(KEY), "name": NAME, "company": TEXT,
                "status_note": TEXT, "archived": _boolean, "created_at": _timestamp},
    "scores": {"participant": KEY, "vendor": KEY, "criterion": KEY,
               "score": _optional(_number(*SCORE_RANGE)), "evidence": TEXT,
               "updated_at": _timestamp},
    "participant_weights": {"participant": KEY, "level": KEY,
                            "method": _one_of(PARTICIPANT_METHODS), "inputs": _object,
                            "updated_at": _timestamp},
}


def _record(value: Any, where: str, spec: dict[str, Checker]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BackupError(f"{where} must be an object, not {kind(value)}")
    for field in spec:
        if field not in value:
            raise BackupError(f"{where}: field {field!r} is missing")
    unknown = sorted(set(value) - set(spec))
    if unknown:
        raise BackupError(f"{where}: unknown field {show(unknown[0])}")
    return {field: check(value[field], f"{where}: field {field!r}")
            for field, check in spec.items()}


def _nocase(text: str) -> str:
    """The key SQLite's NOCASE collation compares by: ASCII letters folded, nothing else."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _unique(records: list[dict[str, Any]], section: str, fields: tuple[str, ...],
            fold: Callable[[str], str] = str) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for index, record in enumerate(records):
        key = tuple(fold(record[f]) if isinstance(record[f], str) else record[f]
                    for f in fields)
        if key in seen:
            shown = ", ".join(f"{f} {show(record[f])}" for f in fields)
            raise BackupError(f"backup: {section}[{index}]: {shown} repeats "
                              f"{section}[{seen[key]}]")
        seen[key] = index


def _refers(records: list[dict[str, Any]], section: str, field: str, known: set[str],
            what: str) -> None:
    for index, record in enumerate(records):
        if record[field] not in known:
            raise BackupError(f"backup: {section}[{index}]: field {field!r} refers to "
                              f"{what} {show(record[field])}, which is not in the backup")


def _validate(data: dict[str, Any]) -> dict[str, Any]:
    """Every field, type, limit, uniqueness rule and cross-reference of a parsed backup."""
    for field in TOP_LEVEL:
        if field not in data:
            raise BackupError(f"backup: field {field!r} is missing")
    unknown = sorted(set(data) - set(TOP_LEVEL) - set(OPTIONAL_SECTIONS))
    if unknown:
        raise BackupError(f"backup: unknown field {show(unknown[0])}")
    _timestamp(data["exported_at"], "backup: field 'exported_at'")
    _integer(0, POSITION_MAX)(data["schema_version"], "backup: field 'schema_version'")
    clean: dict[str, Any] = {"engagement": _record(data["engagement"], "backup: engagement",
                                                   ENGAGEMENT)}
    for section in (*SECTIONS, *OPTIONAL_SECTIONS):
        records = data.get(section, [])
        if not isinstance(records, list):
            raise BackupError(f"backup: field {section!r} must be an array, not "
                              f"{kind(records)}")
        clean[section] = [_record(record, f"backup: {section}[{index}]", RECORDS[section])
                          for index, record in enumerate(records)]
    for index, response in enumerate(clean["responses"]):
        if response["value"] is not None and response["dont_know"]:
            raise BackupError(f"backup: responses[{index}]: a value and “don't know” "
                              "cannot both be given")

    _unique(clean["participants"], "participants", ("key",))
    _unique(clean["participants"], "participants", ("name",), _nocase)
    _unique(clean["vendors"], "vendors", ("key",))
    _unique(clean["vendors"], "vendors", ("name",), _nocase)
    _unique(clean["categories"], "categories", ("id",))
    _unique(clean["categories"], "categories", ("name",), _nocase)
    _unique(clean["criteria"], "criteria", ("id",))
    _unique(clean["criteria"], "criteria", ("name",), _nocase)
    _unique(clean["responses"], "responses", ("participant", "bank", "item"))
    _unique(clean["targets"], "targets", ("bank", "area"))
    _unique(clean["weights"], "weights", ("level",))
    _unique(clean["scores"], "scores", ("participant", "vendor", "criterion"))
    _unique(clean["participant_weights"], "participant_weights",
            ("participant", "level", "method"))
    for index, given in enumerate(clean["participant_weights"]):
        try:
            check_weight_inputs(given["method"], given["inputs"])
        except WorkspaceError as error:
            raise BackupError(f"backup: participant_weights[{index}]: {error}") from None

    people = {p["key"] for p in clean["participants"]}
    categories = {c["id"] for c in clean["categories"]}
    _refers(clean["responses"], "responses", "participant", people, "participant")
    _refers(clean["criteria"], "criteria", "category", categories, "category")
    _refers(clean["weights"], "weights", "level", categories | {CATEGORIES_LEVEL},
            "category")
    _refers(clean["scores"], "scores", "participant", people, "participant")
    _refers(clean["participant_weights"], "participant_weights", "participant", people,
            "participant")
    _refers(clean["scores"], "scores", "vendor", {v["key"] for v in clean["vendors"]},
            "vendor")
    _refers(clean["scores"], "scores", "criterion", {c["id"] for c in clean["criteria"]},
            "criterion")
    return clean


# --- restore -------------------------------------------------------------------------------

def _free_name(db: sqlite_utils.Database, name: str) -> str:
    """``name``, or ``name (restored)``, ``name (restored 2)``... whichever no engagement has.

    The example's name counts as taken: a restored copy must never stop the example from
    being reset.
    """
    def taken(candidate: str) -> bool:
        return (_nocase(candidate) == _nocase(EXAMPLE_NAME) or bool(list(db.query(
            "SELECT 1 FROM engagements WHERE name = ?", [candidate]))))

    if not taken(name):
        return name
    number = 1
    while True:
        suffix = f" ({RESTORED_SUFFIX})" if number == 1 else f" ({RESTORED_SUFFIX} {number})"
        candidate = name[:NAME_MAX - len(suffix)].rstrip() + suffix
        if not taken(candidate):
            return candidate
        number += 1


def restore_engagement(db: sqlite_utils.Database, data: bytes | str | dict[str, Any], *,
                       max_bytes: int = MAX_FILE_BYTES,
                       max_json_bytes: int = MAX_JSON_BYTES) -> int:
    """Restore a backup as a new engagement (new ids, new participant tokens); return its id.

    The engagement keeps its name unless another engagement has it; then " (restored)" (or
    " (restored 2)"...) is appended. It is never the example engagement. All or nothing.

    Raises:
        BackupError: the file is too large, not JSON, not a backup, from a newer version,
            changed after export, or holds an invalid record; nothing is changed.
        WorkspaceBusy: other writers held the workspace too long; nothing is changed.
    """
    parsed = read_document(data, max_bytes=max_bytes, max_json_bytes=max_json_bytes)
    _check_envelope(parsed)
    backup = _validate(parsed)
    engagement = backup["engagement"]
    try:
        with write(db):
            cursor = db.execute(
                "INSERT INTO engagements (name, organization, industry, size, purpose, "
                "is_example, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                [_free_name(db, engagement["name"]),
                 *(engagement[f] for f in DETAIL_FIELDS),
                 engagement["created_at"], engagement["updated_at"]])
            new_id = cursor.lastrowid
            people = {}
            for p in backup["participants"]:
                people[p["key"]] = db.execute(
                    "INSERT INTO participants (engagement_id, name, token, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [new_id, p["name"], new_token(), p["created_at"]]).lastrowid
            db.conn.executemany(
                "INSERT INTO responses (participant_id, bank, item, value, dont_know, comment, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(people[r["participant"]], r["bank"], r["item"], r["value"],
                  int(r["dont_know"]), r["comment"], r["answered_at"])
                 for r in backup["responses"]])
            db.conn.executemany(
                "INSERT INTO targets (engagement_id, bank, area, stage) VALUES (?, ?, ?, ?)",
                [(new_id, t["bank"], t["area"], t["stage"]) for t in backup["targets"]])
            # Stored as save_snapshot and save_weights store them.
            db.conn.executemany(
                "INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                "VALUES (?, ?, ?, ?)",
                [(new_id, s["taken_at"], s["label"], json.dumps(s["payload"], allow_nan=False))
                 for s in backup["snapshots"]])
            db.conn.executemany(
                "INSERT INTO categories (engagement_id, id, name, description, position) "
                "VALUES (?, ?, ?, ?, ?)",
                [(new_id, c["id"], c["name"], c["description"], c["position"])
                 for c in backup["categories"]])
            db.conn.executemany(
                "INSERT INTO criteria (engagement_id, id, category, name, description, "
                "direction, must_have, min_score, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(new_id, c["id"], c["category"], c["name"], c["description"], c["direction"],
                  int(c["must_have"]), float(c["min_score"]), c["position"])
                 for c in backup["criteria"]])
            db.conn.executemany(
                "INSERT INTO weights (engagement_id, level, method, inputs, weights, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(new_id, w["level"], w["method"], json.dumps(w["inputs"]),
                  json.dumps(w["weights"]), w["updated_at"]) for w in backup["weights"]])
            vendors = {}
            for v in backup["vendors"]:
                vendors[v["key"]] = db.execute(
                    "INSERT INTO vendors (engagement_id, catalog_id, name, company, "
                    "status_note, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [new_id, v["catalog_id"], v["name"], v["company"], v["status_note"],
                     int(v["archived"]), v["created_at"]]).lastrowid
            db.conn.executemany(
                "INSERT INTO scores (participant_id, vendor_id, criterion, score, evidence, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(people[s["participant"]], vendors[s["vendor"]], s["criterion"],
                  None if s["score"] is None else float(s["score"]), s["evidence"],
                  s["updated_at"]) for s in backup["scores"]])
            db.conn.executemany(
                "INSERT INTO participant_weights (participant_id, level, method, inputs, "
                "updated_at) VALUES (?, ?, ?, ?, ?)",
                [(people[w["participant"]], w["level"], w["method"],
                  json.dumps(w["inputs"], sort_keys=True), w["updated_at"])
                 for w in backup["participant_weights"]])
    except sqlite3.IntegrityError as error:
        # Validation should have caught this; the transaction is rolled back either way.
        raise BackupError(f"backup: the engagement could not be restored ({error}); "
                          "nothing was changed") from error
    return new_id
