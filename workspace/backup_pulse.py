"""The pulse campaigns of an engagement in its backup (format version 5), and their checks.

Three sections: ``pulse_campaigns`` (settings, segments, rules and the questionnaire as
asked), ``pulse_invitees`` (segment values and whether they answered: never a link or a hash
of one) and ``pulse_respondents`` (segment values, whether they answered, numbered ``r1``,
``r2``... in no order of arrival, and their answers: ``answers`` maps each part to its
items' answers, a number, ``"dont_know"`` or null; ``comments`` each part to its items'
comments; no time, as in the workspace). Version 4 kept the answers as a fourth section,
``pulse_answers``, one record per answer: about ten times the text, and a restore held a
record object per answer (a 50,000-person campaign was 160 MB of JSON); version 4 files
still restore. What
the workspace never holds, a backup cannot carry: names, identifiers, links. Every value is
checked before anything is stored, against what gives it meaning: segments and rules as a
campaign takes them, each respondent's segment values against their campaign's segments,
each answer against the campaign's own questionnaire and scale. Comments are masked again
on restore (a hand-made file cannot bring a name in). A campaign restored while it was open
is closed: its links belong to the installation it was backed up from. Files of versions 1
to 3 carry no campaigns and restore as before.
"""
from __future__ import annotations

import json
import secrets
from datetime import date
from collections.abc import Iterator
from typing import Any


from assessments import BankError, LikertBank, StagedBank, bank_data, parse_bank
from datafiles.names import mask_names
from workspace.backup_checks import (KEY, NAME, POSITION_MAX, _boolean, _integer, _object,
                                     _one_of, _optional, _record, _refers, _text, _timestamp,
                                     _unique, nocase)
from workspace.backup_file import BackupError, kind, show
from workspace.errors import WorkspaceError
from workspace.pulse import (COMMENT_MINIMUM_RANGE, RESPONDENTS_MAX, Campaign, Segment,
                             check_segments)
from workspace.respondents import COMMENT_MAX, PARTS, check_profile
from workspace.store import Store

SECTIONS = ("pulse_campaigns", "pulse_invitees", "pulse_respondents", "pulse_answers")
#: From format version 5 the answers travel with their respondent (no ``pulse_answers``).
NESTED_ANSWERS = 5
DONT_KNOW = "dont_know"
STATUSES = ("draft", "open", "closed")


def _day(value: Any, where: str) -> str:
    text = _text(10, required=True)(value, where)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise BackupError(f"{where} must be a date (YYYY-MM-DD), not {show(value)}") from None


RECORDS = {
    "pulse_campaigns": {"key": KEY, "name": NAME, "status": _one_of(STATUSES),
                        "opens_on": _day, "closes_on": _day,
                        "min_group": _integer(3, 10),
                        "min_comments": _integer(*COMMENT_MINIMUM_RANGE),
                        "segments": lambda v, where: v, "culture": _object,
                        "maturity": _optional(_object),
                        "max_respondents": _integer(1, RESPONDENTS_MAX),
                        "headcounts": _object, "created_at": _timestamp,
                        "updated_at": _timestamp},
    "pulse_invitees": {"campaign": KEY, "segments": _object, "answered": _boolean},
    "pulse_respondents": {"key": KEY, "campaign": KEY, "segments": _object,
                          "answered": _boolean},
    "pulse_respondents_v5": {"key": KEY, "campaign": KEY, "segments": _object,
                             "answered": _boolean, "answers": _object, "comments": _object},
    "pulse_answers": {"respondent": KEY, "part": _one_of(PARTS), "item": KEY,
                      "value": _optional(_integer(0, POSITION_MAX)), "dont_know": _boolean,
                      "comment": _text(COMMENT_MAX)},
}


# --- export ----------------------------------------------------------------------------------

def sections(db: Store, engagement_id: int) -> dict[str, list[dict]]:
    """The engagement's campaigns, invitees, respondents and answers as backup sections."""
    campaigns = list(db.query("SELECT * FROM pulse_campaigns WHERE engagement_id = ? "
                              "ORDER BY id", [engagement_id]))
    key = {row["id"]: f"k{n}" for n, row in enumerate(campaigns, start=1)}
    out: dict[str, list[dict]] = {name: [] for name in SECTIONS}
    for row in campaigns:
        out["pulse_campaigns"].append({
            "key": key[row["id"]], "name": row["name"], "status": row["status"],
            "opens_on": row["opens_on"], "closes_on": row["closes_on"],
            "min_group": row["min_group"], "min_comments": row["min_comments"],
            "segments": json.loads(row["segments"]), "culture": json.loads(row["culture_data"]),
            "maturity": json.loads(row["maturity_data"]) if row["maturity_data"] else None,
            "max_respondents": row["max_respondents"],
            "headcounts": json.loads(row["headcounts"]), "created_at": row["created_at"],
            "updated_at": row["updated_at"]})
        out["pulse_invitees"] += [
            {"campaign": key[row["id"]], "segments": json.loads(i["segments"]),
             "answered": bool(i["answered"])}
            for i in db.query("SELECT segments, answered FROM pulse_invitees WHERE "
                              "campaign_id = ? ORDER BY id", [row["id"]])]
    number = 0
    for row in campaigns:
        # In the order of their random ids: nothing about who came when.
        people = list(db.query("SELECT id, segments, answered FROM pulse_respondents WHERE "
                               "campaign_id = ? ORDER BY id", [row["id"]]))
        places = {}
        for person in people:
            number += 1
            places[person["id"]] = {"key": f"r{number}", "campaign": key[row["id"]],
                                    "segments": json.loads(person["segments"]),
                                    "answered": bool(person["answered"]),
                                    "answers": {}, "comments": {}}
            out["pulse_respondents"].append(places[person["id"]])
        for respondent, part, item, value, dont_know, comment in db.rows(
                "SELECT a.respondent_id, a.part, a.item, a.value, a.dont_know, a.comment "
                "FROM pulse_answers a JOIN pulse_respondents r ON r.id = a.respondent_id "
                "WHERE r.campaign_id = ? ORDER BY a.respondent_id, a.part, a.item",
                [row["id"]]):
            record = places[respondent]
            record["answers"].setdefault(part, {})[item] = DONT_KNOW if dont_know else value
            if comment:
                record["comments"].setdefault(part, {})[item] = comment
    del out["pulse_answers"]
    return out


# --- checks ----------------------------------------------------------------------------------

def _bank(data: dict, where: str, expected: type) -> LikertBank | StagedBank:
    try:
        bank = parse_bank(data, where)
    except BankError as error:
        raise BackupError(str(error)) from None
    if not isinstance(bank, expected):
        raise BackupError(f"{where}: a {bank.kind} bank, where a "
                          f"{'likert' if expected is LikertBank else 'staged'} one is needed")
    return bank


def _campaign(record: dict, where: str) -> tuple[Campaign, LikertBank, StagedBank | None]:
    if not isinstance(record["segments"], list):
        raise BackupError(f"{where}: field 'segments' must be an array, not "
                          f"{kind(record['segments'])}")
    try:
        segments = check_segments([s if isinstance(s, dict) else {} for s in record["segments"]])
    except WorkspaceError as error:
        raise BackupError(f"{where}: field 'segments': {error}") from None
    if any(not isinstance(s, dict) or s.get("id") != checked.id
           for s, checked in zip(record["segments"], segments)):
        raise BackupError(f"{where}: field 'segments': every segment needs its id, as "
                          "written by SocialReady")
    if record["closes_on"] < record["opens_on"]:
        raise BackupError(f"{where}: field 'closes_on' is before 'opens_on'")
    record["segments"] = [{"id": s.id, "name": s.name, "values": list(s.values)}
                          for s in segments]
    culture = _bank(record["culture"], f"{where}: field 'culture'", LikertBank)
    maturity = (_bank(record["maturity"], f"{where}: field 'maturity'", StagedBank)
                if record["maturity"] is not None else None)
    campaign = Campaign(0, 0, record["name"], record["status"], record["opens_on"],
                        record["closes_on"], record["min_group"], record["min_comments"],
                        tuple(segments), culture.id, maturity.id if maturity else None, "",
                        record["max_respondents"], {}, 0, "", "")
    _headcounts(record["headcounts"], segments, where)
    return campaign, culture, maturity


def _headcounts(value: dict, segments: tuple[Segment, ...], where: str) -> None:
    known = {s.id: set(s.values) for s in segments}
    unknown = set(value) - {"total", "values"}
    if unknown:
        raise BackupError(f"{where}: field 'headcounts' has an unknown field "
                          f"{show(sorted(unknown)[0])}")
    counts = [value.get("total")]
    values = value.get("values", {})
    if not isinstance(values, dict):
        raise BackupError(f"{where}: field 'headcounts' must hold a table of values")
    for segment, table in values.items():
        if segment not in known or not isinstance(table, dict) or set(table) - known[segment]:
            raise BackupError(f"{where}: field 'headcounts' names a segment or value the "
                              f"campaign does not have: {show(segment)}")
        counts += list(table.values())
    for count in counts:
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                                  or not 0 <= count <= 10**6):
            raise BackupError(f"{where}: field 'headcounts' must hold whole numbers from 0 "
                              f"to 1,000,000, not {show(count)}")


def validate(data: dict[str, Any], version: int = NESTED_ANSWERS) -> dict[str, Any]:
    """Take the pulse sections out of a parsed backup of format ``version`` and check every
    record.

    Returns the checked sections, with each campaign's questionnaire (``banks``: key ->
    (culture, maturity)).

    Raises:
        BackupError: the first problem, naming the record and the field.
    """
    nested = version >= NESTED_ANSWERS
    if nested and "pulse_answers" in data:
        raise BackupError(f"backup: unknown field 'pulse_answers' (from format version "
                          f"{NESTED_ANSWERS} the answers are kept with each respondent)")
    clean: dict[str, Any] = {}
    for section in SECTIONS:
        records = data.pop(section, [])
        if not isinstance(records, list):
            raise BackupError(f"backup: field {section!r} must be an array, not "
                              f"{kind(records)}")
        spec = RECORDS[f"{section}_v5" if nested and f"{section}_v5" in RECORDS else section]
        clean[section] = [_record(record, f"backup: {section}[{index}]", spec)
                          for index, record in enumerate(records)]
    _unique(clean["pulse_campaigns"], "pulse_campaigns", ("key",))
    _unique(clean["pulse_campaigns"], "pulse_campaigns", ("name",), nocase)
    _unique(clean["pulse_respondents"], "pulse_respondents", ("key",))
    _unique(clean["pulse_answers"], "pulse_answers", ("respondent", "part", "item"))
    campaigns = {}
    for index, record in enumerate(clean["pulse_campaigns"]):
        campaigns[record["key"]] = _campaign(record, f"backup: pulse_campaigns[{index}]")
    _refers(clean["pulse_invitees"], "pulse_invitees", "campaign", set(campaigns), "campaign")
    _refers(clean["pulse_respondents"], "pulse_respondents", "campaign", set(campaigns),
            "campaign")
    _refers(clean["pulse_answers"], "pulse_answers", "respondent",
            {r["key"] for r in clean["pulse_respondents"]}, "respondent")
    for section in ("pulse_invitees", "pulse_respondents"):
        for index, record in enumerate(clean[section]):
            campaign = campaigns[record["campaign"]][0]
            try:
                record["segments"] = check_profile(campaign, record["segments"])
            except WorkspaceError as error:
                raise BackupError(f"backup: {section}[{index}]: field 'segments': "
                                  f"{error}") from None
    owner = {r["key"]: r["campaign"] for r in clean["pulse_respondents"]}
    statements = {key: {"culture": {s.id for s in culture.statements},
                        "maturity": {c.id for c in maturity.competencies} if maturity else set()}
                  for key, (_, culture, maturity) in campaigns.items()}
    for index, answer in enumerate(clean["pulse_answers"]):
        where = f"backup: pulse_answers[{index}]"
        campaign_key = owner[answer["respondent"]]
        _, culture, maturity = campaigns[campaign_key]
        if answer["item"] not in statements[campaign_key][answer["part"]]:
            raise BackupError(f"{where}: field 'item' refers to {show(answer['item'])}, which "
                              f"the campaign's {answer['part']} questionnaire does not have")
        top = culture.scale_max if answer["part"] == "culture" else len(maturity.stages)
        if answer["value"] is not None and not 1 <= answer["value"] <= top:
            raise BackupError(f"{where}: field 'value' must be an answer from 1 to {top}, "
                              f"not {show(answer['value'])}")
        if answer["value"] is not None and answer["dont_know"]:
            raise BackupError(f"{where}: a value and “don't know” cannot both be given")
    for index, person in enumerate(clean["pulse_respondents"] if nested else ()):
        _, culture, maturity = campaigns[person["campaign"]]
        _check_nested(person, f"backup: pulse_respondents[{index}]",
                      statements[person["campaign"]],
                      {"culture": culture.scale_max,
                       "maturity": len(maturity.stages) if maturity else 0})
    clean["banks"] = {key: (culture, maturity) for key, (_, culture, maturity)
                      in campaigns.items()}
    return clean


def _check_nested(person: dict[str, Any], where: str, statements: dict[str, set[str]],
                  top: dict[str, int]) -> None:
    """Check a version 5 respondent's ``answers`` and ``comments`` (in place) against their
    campaign's questionnaire (``statements``: part -> items; ``top``: part -> highest
    answer)."""
    for field in ("answers", "comments"):
        for part, given in person[field].items():
            if part not in PARTS:
                raise BackupError(f"{where}: field {field!r} names {show(part)}, which is "
                                  f"not a part of a campaign ({', '.join(PARTS)})")
            if not isinstance(given, dict):
                raise BackupError(f"{where}: field {field!r}: {part} must be an object, not "
                                  f"{kind(given)}")
            unknown = [item for item in given if item not in statements[part]]
            if unknown:
                raise BackupError(f"{where}: field {field!r}: {part} refers to "
                                  f"{show(unknown[0])}, which the campaign's {part} "
                                  "questionnaire does not have")
    for part, given in person["answers"].items():
        for item, value in given.items():
            if value is None or (isinstance(value, str) and value == DONT_KNOW):
                continue
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 1 <= value <= top[part]:
                raise BackupError(f"{where}: field 'answers': {part} {item} must be an answer "
                                  f"from 1 to {top[part]}, {DONT_KNOW!r} or null, not "
                                  f"{show(value)}")
    for part, given in person["comments"].items():
        for item, text in given.items():
            given[item] = _text(COMMENT_MAX)(text, f"{where}: field 'comments': {part} {item}")


def _answer_rows(checked: dict[str, Any]
                 ) -> Iterator[tuple[str, str, str, int | None, bool, str]]:
    """Every checked answer as (respondent key, part, item, value, don't know, comment), from
    either version's layout."""
    for a in checked.get("pulse_answers", []):
        yield a["respondent"], a["part"], a["item"], a["value"], a["dont_know"], a["comment"]
    for person in checked.get("pulse_respondents", []):
        answers, comments = person.get("answers", {}), person.get("comments", {})
        for part in PARTS:
            given, said = answers.get(part, {}), comments.get(part, {})
            for item in sorted(set(given) | set(said)):
                value = given.get(item)
                dont_know = isinstance(value, str)          # checked: only "dont_know"
                yield (person["key"], part, item, None if dont_know else value, dont_know,
                       said.get(item, ""))


# --- restore ---------------------------------------------------------------------------------

def restore(db: Store, engagement_id: int, checked: dict[str, Any],
            today: str) -> None:
    """Insert checked pulse sections under a restored engagement (inside its transaction).
    New open links; an open campaign is closed (see the module docstring)."""
    ids = {}
    for record in checked.get("pulse_campaigns", []):
        culture, maturity = checked["banks"][record["key"]]
        status = "closed" if record["status"] == "open" else record["status"]
        closes = min(record["closes_on"], today) if record["status"] == "open" else (
            record["closes_on"])
        ids[record["key"]] = db.insert(
            "INSERT INTO pulse_campaigns (engagement_id, name, status, opens_on, closes_on, "
            "min_group, min_comments, segments, culture_bank, culture_data, maturity_bank, "
            "maturity_data, open_link, max_respondents, headcounts, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [engagement_id, record["name"], status, min(record["opens_on"], closes), closes,
             record["min_group"], record["min_comments"], json.dumps(record["segments"]),
             culture.id, json.dumps(bank_data(culture)),
             maturity.id if maturity else None,
             json.dumps(bank_data(maturity)) if maturity else None, secrets.token_urlsafe(16),
             record["max_respondents"], json.dumps(record["headcounts"]),
             record["created_at"], record["updated_at"]])
    db.execute_many(
        "INSERT INTO pulse_invitees (campaign_id, token_hash, segments, answered) "
        "VALUES (?, ?, ?, ?)",
        [(ids[i["campaign"]], f"restored:{secrets.token_hex(16)}",
          json.dumps(i["segments"], sort_keys=True), int(i["answered"]))
         for i in checked.get("pulse_invitees", [])])
    people = {}
    for record in checked.get("pulse_respondents", []):
        for _ in range(20):
            new_id = secrets.randbelow(2**62) + 1
            if not db.execute("SELECT 1 FROM pulse_respondents WHERE id = ?",
                              [new_id]).fetchone():
                break
        people[record["key"]] = new_id
        # No link opens a restored respondent: their hash is of nothing anyone holds.
        db.execute("INSERT INTO pulse_respondents (id, campaign_id, key_hash, segments, "
                   "answered) VALUES (?, ?, ?, ?, ?)",
                   [new_id, ids[record["campaign"]], f"restored:{secrets.token_hex(16)}",
                    json.dumps(record["segments"], sort_keys=True), int(record["answered"])])
    db.execute_many(
        "INSERT INTO pulse_answers (respondent_id, part, item, value, dont_know, comment) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((people[respondent], part, item, value, int(dont_know), mask_names(comment))
         for respondent, part, item, value, dont_know, comment in _answer_rows(checked)))
