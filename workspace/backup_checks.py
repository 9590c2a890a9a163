"""Checking a backup document before anything of it is stored.

Every field of every record is checked for type, range and length; keys must be unique and
references must resolve; and every value is checked against what gives it meaning: answers
against the item and scale of their question bank, targets against the bank's competencies
and stages, snapshots against the shape of a readiness result, weights against what the
Weights page enters (see ``workspace.weights``), workshop weights as a participant saves them.
The banks the records are checked against are the shipped ones and, from format version 3,
the installed banks the backup carries; a version 1 or 2 backup (which carries none) is
checked against the banks installed here. The first problem found is raised as a
:class:`BackupError` naming the record and the field.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


from assessments import Bank, BankError, StagedBank, available_banks, load_bank, parse_bank
from datafiles import MAX_NESTING as BANK_NESTING
from datafiles import too_deep as bank_too_deep
from datafiles.text import clean_name
from workspace.backup_file import BackupError, checksum, kind, show
from workspace.banks import KINDS, read_bank, scale_max
from workspace import audit, sign_offs
from workspace.actions import KEY_MAX, check_plan
from workspace.consensus import KINDS as AGREED_KINDS
from workspace.costs import DEFAULT_CURRENCY, check_cost, check_currency
from workspace.consensus import RATIONALE_MAX, check_value, clean_rationale
from workspace.engagements import DETAIL_FIELDS, NAME_MAX, TEXT_MAX
from workspace.errors import InvalidInput, NotFound, WorkspaceError
from workspace.requirements import DIRECTIONS
from workspace.sessions import WEIGHT_METHODS as PARTICIPANT_METHODS
from workspace.sessions import check_weight_inputs
from workspace.snapshots import check_payload, clean_label
from workspace.workshop_records import check_payload as check_record
from workspace.weights import CATEGORIES_LEVEL, METHODS, WEIGHT_MAX, check_weight_set
from workspace.store import Store, nocase

FORMAT = "socialready-engagement-backup"
# Version 2 added each workshop participant's own weights ("participant_weights"); version 3
# the engagement's choice of banks ("culture_bank", "maturity_bank") and the installed banks
# it uses ("banks"); version 4 whether its data is illustrative ("illustrative": the example
# engagement, restored anywhere, still says its answers and scores are invented), the values
# workshops agreed on ("agreed_values"), the records of closed workshops
# ("workshop_records"), its pulse campaigns (workspace.backup_pulse), the audit trail
# ("audit_trail"), the signed-off decisions ("sign_offs"), the vendors' cost inputs
# ("vendor_costs") with the engagement's "currency", and the action plan ("action_plan"); all
# optional within version 4. Files of versions 1 to 3 still restore (as real data). Version 5
# keeps each pulse respondent's answers with them (workspace.backup_pulse): a tenth of the
# text. Version 4 files still restore.
FORMAT_VERSION = 5
SECTIONS = ("participants", "responses", "targets", "snapshots", "categories", "criteria",
            "weights", "vendors", "scores")
OPTIONAL_SECTIONS = ("participant_weights", "agreed_values", "workshop_records", "audit_trail",
                     "sign_offs", "vendor_costs", "action_plan")
TOP_LEVEL = ("format", "version", "exported_at", "schema_version", "engagement", *SECTIONS,
             "checksum")
# From version 3, what a file must also hold.
BANKS_SECTION = "banks"
BANK_CHOICE = ("culture_bank", "maturity_bank")
# Bounds that keep integers inside SQLite's 64-bit range and positions sane.
POSITION_MAX = 1_000_000
TIMESTAMP_MAX = 64
SCORE_RANGE = (0, 5)


# --- the envelope and the fields ------------------------------------------------------------

def check_envelope(data: dict[str, Any]) -> int:
    """Check the format, version and checksum of a parsed backup; return its version.

    Raises:
        BackupError: not a backup, a newer version, or a checksum that does not match.
    """
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
    return version


Checker = Callable[[Any, str], Any]


def _text(limit: int, *, required: bool = False, strip: bool = False,
          name: bool = False) -> Checker:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise BackupError(f"{where} must be text, not {kind(value)}")
        if name:                  # as the workspace keeps names: see datafiles.text.clean_name
            value = clean_name(value)
        elif strip:
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
                or not math.isfinite(weight) or not 0 <= weight <= WEIGHT_MAX):
            raise BackupError(f"{where}: the weight of {show(key)} must be a number from 0 "
                              f"to 1, not {show(weight)}")
    return value


NAME = _text(NAME_MAX, required=True, name=True)      # as workspace.engagements.clean_name


def _label(value: Any, where: str) -> str:
    """A snapshot label as workspace.snapshots.save_snapshot keeps it (one line, bounded)."""
    if not isinstance(value, str):
        raise BackupError(f"{where} must be text, not {kind(value)}")
    try:
        return clean_label(value)
    except InvalidInput as error:
        raise BackupError(f"{where}: {error}") from None
def _any(value: Any, where: str) -> Any:
    """Any JSON value: checked as a whole record afterwards (costs, the action plan)."""
    return value


KEY = _text(NAME_MAX, required=True)
TEXT = _text(TEXT_MAX)

ENGAGEMENT = {"name": NAME, **{f: TEXT for f in DETAIL_FIELDS}, "created_at": _timestamp,
              "updated_at": _timestamp}
ENGAGEMENT_V3 = {**ENGAGEMENT, **{name: KEY for name in BANK_CHOICE}}
ENGAGEMENT_V4 = {**ENGAGEMENT_V3, "illustrative": _boolean}
RECORDS: dict[str, dict[str, Checker]] = {
    "participants": {"key": KEY, "name": NAME, "created_at": _timestamp},
    "responses": {"participant": KEY, "bank": KEY, "item": KEY,
                  "value": _optional(_integer(0, POSITION_MAX)), "dont_know": _boolean,
                  "comment": TEXT, "answered_at": _timestamp},
    "targets": {"bank": KEY, "area": KEY, "stage": _integer(1, POSITION_MAX)},
    "snapshots": {"taken_at": _timestamp, "label": _label, "payload": _object},
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
    "agreed_values": {"kind": _one_of(AGREED_KINDS), "bank": _text(NAME_MAX), "item": KEY,
                      "vendor": _optional(KEY), "value": _number(0, POSITION_MAX),
                      "rationale": _text(RATIONALE_MAX, required=True),
                      "agreed_at": _timestamp},
    "workshop_records": {"opened_at": _timestamp, "closed_at": _timestamp,
                         "payload": _object},
    "audit_trail": {"at": _timestamp, "actor": NAME, "kind": _one_of(audit.KINDS),
                    "vendor": _optional(KEY), "vendor_name": _text(NAME_MAX),
                    "item": _text(NAME_MAX), "item_name": _text(NAME_MAX), "field": KEY,
                    "old_value": _optional(TEXT), "new_value": _optional(TEXT),
                    "note": _text(audit.NOTE_MAX)},
    "sign_offs": {"signed_at": _timestamp, "signed_by": NAME, "note": _text(audit.NOTE_MAX),
                  "payload": _object},
    "vendor_costs": {"vendor": KEY, "licence": _any, "users": _any, "implementation": _any,
                     "horizon": _any},
    "action_plan": {"action": _text(KEY_MAX, required=True), "owner": _any, "due": _any,
                    "status": _any, "updated_at": _timestamp},
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
    # Checked in place: a large backup's records are not held twice.
    for field, check in spec.items():
        value[field] = check(value[field], f"{where}: field {field!r}")
    return value


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


def validate(db: Store, data: dict[str, Any]) -> CheckedBackup:
    """Check every record of a parsed backup whose envelope :func:`check_envelope` passed.

    ``db`` is the workspace restored into: a version 1 or 2 file's answers are checked
    against the banks installed there. The record sections are taken out of ``data`` as
    they are checked (what a restore keeps is the checked copy).

    Raises:
        BackupError: the first problem, naming the record and the field.
    """
    version = data["version"]
    required = (*TOP_LEVEL, BANKS_SECTION) if version >= 3 else TOP_LEVEL
    for name in required:
        if name not in data:
            raise BackupError(f"backup: field {name!r} is missing")
    from workspace import backup_pulse      # it builds on this module's checks

    unknown = sorted(set(data) - set(required) - set(OPTIONAL_SECTIONS)
                     - set(backup_pulse.SECTIONS))
    if unknown:
        raise BackupError(f"backup: unknown field {show(unknown[0])}")
    _timestamp(data["exported_at"], "backup: field 'exported_at'")
    _integer(0, POSITION_MAX)(data["schema_version"], "backup: field 'schema_version'")
    currency = DEFAULT_CURRENCY
    if version >= 4 and isinstance(data["engagement"], dict) \
            and "currency" in data["engagement"]:
        try:
            currency = check_currency(data["engagement"].pop("currency"))
        except WorkspaceError as error:
            raise BackupError(f"backup: engagement: field 'currency': {error}") from None
    clean: dict[str, Any] = {"engagement": _record(
        data["engagement"], "backup: engagement",
        ENGAGEMENT_V4 if version >= 4 else ENGAGEMENT_V3 if version >= 3 else ENGAGEMENT)}
    for section in (*SECTIONS, *OPTIONAL_SECTIONS):
        records = data.pop(section, [])
        if not isinstance(records, list):
            raise BackupError(f"backup: field {section!r} must be an array, not "
                              f"{kind(records)}")
        clean[section] = [_record(record, f"backup: {section}[{index}]", RECORDS[section])
                          for index, record in enumerate(records)]
        del records
    for index, response in enumerate(clean["responses"]):
        if response["value"] is not None and response["dont_know"]:
            raise BackupError(f"backup: responses[{index}]: a value and “don't know” "
                              "cannot both be given")

    _unique(clean["participants"], "participants", ("key",))
    _unique(clean["participants"], "participants", ("name",), nocase)
    _unique(clean["vendors"], "vendors", ("key",))
    _unique(clean["vendors"], "vendors", ("name",), nocase)
    _unique(clean["categories"], "categories", ("id",))
    _unique(clean["categories"], "categories", ("name",), nocase)
    _unique(clean["criteria"], "criteria", ("id",))
    _unique(clean["criteria"], "criteria", ("name",), nocase)
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
    for index, given in enumerate(clean["weights"]):
        try:
            check_weight_set(given["method"], given["inputs"], given["weights"])
        except WorkspaceError as error:
            raise BackupError(f"backup: weights[{index}]: {error}") from None
    for index, snapshot in enumerate(clean["snapshots"]):
        try:
            check_payload(snapshot["payload"])
        except WorkspaceError as error:
            raise BackupError(f"backup: snapshots[{index}]: field 'payload': {error}") from None
    for index, record in enumerate(clean["workshop_records"]):
        try:
            check_record(record["payload"])
        except WorkspaceError as error:
            raise BackupError(f"backup: workshop_records[{index}]: field 'payload': "
                              f"{error}") from None
    for index, agreed in enumerate(clean["agreed_values"]):
        try:
            agreed["rationale"] = clean_rationale(agreed["rationale"])
        except WorkspaceError as error:
            raise BackupError(f"backup: agreed_values[{index}]: field 'rationale': "
                              f"{error}") from None
    _unique(clean["agreed_values"], "agreed_values", ("kind", "bank", "item", "vendor"))
    for index, record in enumerate(clean["sign_offs"]):
        try:
            sign_offs.check_payload(record["payload"])
        except WorkspaceError as error:
            raise BackupError(f"backup: sign_offs[{index}]: field 'payload': {error}") from None
    clean["engagement"]["currency"] = currency
    for index, cost in enumerate(clean["vendor_costs"]):
        try:
            checked = check_cost(cost["licence"], cost["users"], cost["implementation"],
                                 cost["horizon"])
        except WorkspaceError as error:
            raise BackupError(f"backup: vendor_costs[{index}]: {error}") from None
        cost.update(licence=checked.licence, users=checked.users,
                    implementation=checked.implementation, horizon=checked.horizon)
    _unique(clean["vendor_costs"], "vendor_costs", ("vendor",))
    _refers(clean["vendor_costs"], "vendor_costs", "vendor",
            {v["key"] for v in clean["vendors"]}, "vendor")
    for index, planned in enumerate(clean["action_plan"]):
        if not isinstance(planned["owner"], str) or not (
                planned["due"] is None or isinstance(planned["due"], str)):
            raise BackupError(f"backup: action_plan[{index}]: the owner must be text and the "
                              "due date text or null")
        try:
            planned["owner"], planned["due"], planned["status"] = check_plan(
                planned["owner"], planned["due"], planned["status"])
        except WorkspaceError as error:
            raise BackupError(f"backup: action_plan[{index}]: {error}") from None
    _unique(clean["action_plan"], "action_plan", ("action",))

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
    _refers([r for r in clean["audit_trail"] if r["vendor"] is not None], "audit_trail",
            "vendor", {v["key"] for v in clean["vendors"]}, "vendor")
    pulse = backup_pulse.validate(data, version)
    checked = _check_banks(db, data, clean, version)
    return dataclasses.replace(checked, pulse=pulse)


# --- question banks --------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckedBackup:
    """A backup whose every record was checked.

    Attributes:
        version: the file's format version.
        engagement: the engagement's fields (with its bank choice: the shipped banks for
            files before version 3).
        sections: the records of each section.
        banks: every bank a record or the bank choice refers to, by its id in the file.
        carried: the installed banks the file carries (to install), by id in the file.
        local: the banks installed here that a version 1 or 2 file was checked against.
        pulse: the checked pulse sections (see :mod:`workspace.backup_pulse`).
    """
    version: int
    engagement: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]]
    banks: dict[str, Bank] = field(default_factory=dict)
    carried: dict[str, Bank] = field(default_factory=dict)
    local: dict[str, Bank] = field(default_factory=dict)
    pulse: dict[str, Any] = field(default_factory=dict)


BANK_ENTRY = {"id": KEY, "kind": _one_of(KINDS), "title": _text(TEXT_MAX, required=True),
              "version": _text(TEXT_MAX, required=True), "data": _object}


def _carried_banks(entries: list[dict[str, Any]]) -> dict[str, Bank]:
    """The banks a version 3 file carries, each valid as an uploaded bank must be."""
    shipped = set(available_banks())
    carried: dict[str, Bank] = {}
    for index, entry in enumerate(entries):
        where = f"backup: banks[{index}]"
        if entry["id"] in shipped:
            raise BackupError(f"{where}: field 'id' {show(entry['id'])} is a bank shipped "
                              "with SocialReady; a backup carries only installed banks")
        if bank_too_deep(entry["data"], BANK_NESTING):
            raise BackupError(f"{where}: field 'data' nests values more than {BANK_NESTING} "
                              "levels deep, which no bank does")
        try:
            bank = parse_bank(entry["data"], f"{where}: field 'data'")
        except BankError as error:
            raise BackupError(str(error)) from None
        for name in ("id", "kind", "title", "version"):
            if getattr(bank, name) != entry[name]:
                raise BackupError(f"{where}: field {name!r} is {show(entry[name])}, but the "
                                  f"bank's data says {show(getattr(bank, name))}")
        if bank.id in carried:
            raise BackupError(f"{where}: bank {show(bank.id)} is carried twice")
        carried[bank.id] = bank
    return carried


def _local_bank(db: Store, bank_id: str, where: str) -> Bank:
    """A bank installed here, for a file that does not carry its banks."""
    try:
        return read_bank(db, bank_id)
    except NotFound:
        raise BackupError(f"{where} refers to question bank {show(bank_id)}, which is not "
                          "installed here, and backups before format version 3 do not carry "
                          "their banks: install the bank on the Question banks page, then "
                          "restore") from None
    except WorkspaceError as error:
        raise BackupError(f"{where} refers to question bank {show(bank_id)}, which is "
                          f"installed here but cannot be read: {error}") from None


def _bank(banks: dict[str, Bank], bank_id: str, where: str, version: int,
          db: Store | None, local: dict[str, Bank]) -> Bank:
    if bank_id not in banks:
        if version >= 3 or db is None:
            raise BackupError(f"{where} refers to question bank {show(bank_id)}, which is "
                              "neither shipped with SocialReady nor in the backup")
        banks[bank_id] = local[bank_id] = _local_bank(db, bank_id, where)
    return banks[bank_id]


def _check_answers(clean: dict[str, Any], banks: dict[str, Bank], version: int,
                   db: Store, local: dict[str, Bank]) -> None:
    """Answers on their bank's items and scale; targets on a maturity bank's competencies."""
    items: dict[str, set[str]] = {}
    for index, response in enumerate(clean["responses"]):
        where = f"backup: responses[{index}]"
        bank = _bank(banks, response["bank"], f"{where}: field 'bank'", version, db, local)
        if bank.id not in items:
            items[bank.id] = {item.id for item in bank.items}
        if response["item"] not in items[bank.id]:
            raise BackupError(f"{where}: field 'item' refers to {show(response['item'])}, "
                              f"which the question bank {show(response['bank'])} does not have")
        value = response["value"]
        if value is not None and not 1 <= value <= scale_max(bank):
            raise BackupError(f"{where}: field 'value' must be an answer on the scale of "
                              f"question bank {show(response['bank'])}, 1 to "
                              f"{scale_max(bank)}, not {show(value)}")
    for index, target in enumerate(clean["targets"]):
        where = f"backup: targets[{index}]"
        bank = _bank(banks, target["bank"], f"{where}: field 'bank'", version, db, local)
        if not isinstance(bank, StagedBank):
            raise BackupError(f"{where}: field 'bank' refers to {show(target['bank'])}, a "
                              "likert bank; targets are stages of a staged (maturity) bank")
        if target["area"] not in {c.id for c in bank.competencies}:
            raise BackupError(f"{where}: field 'area' refers to {show(target['area'])}, "
                              f"which the question bank {show(target['bank'])} does not have")
        if not 1 <= target["stage"] <= len(bank.stages):
            raise BackupError(f"{where}: field 'stage' must be a stage of question bank "
                              f"{show(target['bank'])}, 1 to {len(bank.stages)}, "
                              f"not {show(target['stage'])}")


def _check_agreed(clean: dict[str, Any], banks: dict[str, Bank],
                  engagement: dict[str, Any]) -> None:
    """Each agreed value on an item the engagement has, on that item's scale: a culture or
    maturity answer in the engagement's own bank, a 0-5 score of one of its vendors."""
    vendors = {v["key"] for v in clean["vendors"]}
    criteria = {c["id"] for c in clean["criteria"]}
    for index, agreed in enumerate(clean["agreed_values"]):
        where = f"backup: agreed_values[{index}]"
        if agreed["kind"] == "score":
            if agreed["bank"] or agreed["vendor"] not in vendors \
                    or agreed["item"] not in criteria:
                raise BackupError(f"{where}: an agreed score needs a vendor and a criterion "
                                  "of the backup, and no question bank")
            top = 5
        else:
            chosen = engagement["culture_bank" if agreed["kind"] == "culture"
                                else "maturity_bank"]
            if agreed["bank"] != chosen or agreed["vendor"] is not None:
                raise BackupError(f"{where}: field 'bank' must be the engagement's "
                                  f"{agreed['kind']} bank {show(chosen)}, with no vendor")
            bank = banks[chosen]
            if agreed["item"] not in {item.id for item in bank.items}:
                raise BackupError(f"{where}: field 'item' refers to {show(agreed['item'])}, "
                                  f"which the question bank {show(chosen)} does not have")
            top = scale_max(bank)
        try:
            check_value(agreed["kind"], agreed["value"], top)
        except WorkspaceError as error:
            raise BackupError(f"{where}: field 'value': {error}") from None


def _check_choice(engagement: dict[str, Any], banks: dict[str, Bank]) -> None:
    for name, wanted in zip(BANK_CHOICE, ("likert", "staged")):
        where = f"backup: engagement: field {name!r}"
        bank = _bank(banks, engagement[name], where, 3, None, {})
        if bank.kind != wanted:
            raise BackupError(f"{where} refers to {show(engagement[name])}, a {bank.kind} "
                              f"bank; the {name.split('_')[0]} questionnaire needs a {wanted} "
                              "bank")


def _check_banks(db: Store, data: dict[str, Any], clean: dict[str, Any],
                 version: int) -> CheckedBackup:
    banks: dict[str, Bank] = {name: load_bank(name) for name in available_banks()}
    carried: dict[str, Bank] = {}
    local: dict[str, Bank] = {}
    engagement = clean["engagement"]
    if version >= 3:
        entries = data[BANKS_SECTION]
        if not isinstance(entries, list):
            raise BackupError(f"backup: field 'banks' must be an array, not {kind(entries)}")
        carried = _carried_banks([_record(entry, f"backup: banks[{index}]", BANK_ENTRY)
                                  for index, entry in enumerate(entries)])
        banks |= carried
        _check_choice(engagement, banks)
    else:
        engagement = {**engagement, "culture_bank": "culture", "maturity_bank": "maturity"}
    _check_answers(clean, banks, version, db, local)
    _check_agreed(clean, banks, engagement)
    used = {engagement[name] for name in BANK_CHOICE}
    used |= {r["bank"] for r in clean["responses"]} | {t["bank"] for t in clean["targets"]}
    for index, bank_id in enumerate(carried):
        if bank_id not in used:
            raise BackupError(f"backup: banks[{index}]: the engagement does not use the "
                              f"question bank {show(bank_id)}; a backup carries only the "
                              "banks it uses")
    return CheckedBackup(version, engagement,
                         {name: clean[name] for name in (*SECTIONS, *OPTIONAL_SECTIONS)},
                         {b: banks[b] for b in used}, carried, local)
