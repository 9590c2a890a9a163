"""Pulse campaigns: the culture questionnaire (and optionally maturity) for the whole
workforce, answered anonymously through an open link or per-invitee links.

A campaign is a *draft* until the facilitator opens it; from then on its anonymity rules
(minimum group sizes), its segments and its questionnaire are locked. It takes answers from
its open date to its close date (both included), unless it is closed earlier; a closed
campaign never opens again. The questionnaire is copied into the campaign when it is
created, so that replacing or removing a bank later never touches what respondents answered.
Respondents, their links and answers are in :mod:`workspace.respondents`.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any


from assessments import LikertBank, StagedBank, bank_data, parse_bank
from assessments.anonymity import DEFAULT_MINIMUM, MINIMUM_RANGE
from datafiles.text import NAME_MAX
from workspace.banks import read_bank
from workspace.db import now, write
from workspace.engagements import clean_name, get_engagement
from workspace.errors import DuplicateName, InvalidInput, NotFound
from workspace.errors import Conflict
from workspace.store import Store

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
SCHEDULED = "scheduled"
"""A campaign that is open but whose open date has not come (a phase, not a status)."""
#: The comments' minimum group size: its default, and the range a campaign may set.
DEFAULT_COMMENT_MINIMUM = 10
COMMENT_MINIMUM_RANGE = (3, 100)
#: The most respondents a campaign takes unless the facilitator says otherwise, and at most.
RESPONDENTS, RESPONDENTS_MAX = 10_000, 50_000
#: Segments: how many a campaign asks, values per segment, and values in all (every pair of
#: values of two segments is a group the anonymity audit checks).
SEGMENTS_MAX, VALUES_MAX, ALL_VALUES_MAX = 6, 30, 60
ROLE = "role"
"""The segment that sets leaders against employees: its first value is the leaders, its last
the employees."""
DEFAULT_SEGMENTS = (("department", "Department", ()), ("location", "Location", ()),
                    ("level", "Level", ()), (ROLE, "Role", ("Leader", "Manager", "Employee")))


@dataclass(frozen=True)
class Segment:
    """A way of grouping respondents (department, location...), with its values."""
    id: str
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Campaign:
    id: int
    engagement_id: int
    name: str
    status: str
    opens_on: str
    closes_on: str
    min_group: int
    min_comments: int
    segments: tuple[Segment, ...]
    culture_bank: str
    maturity_bank: str | None
    open_link: str
    max_respondents: int
    headcounts: dict[str, Any]
    data_version: int
    created_at: str
    updated_at: str

    def phase(self, today: date | None = None) -> str:
        """``draft``, ``scheduled`` (open, before its open date), ``open`` or ``closed``
        (closed by the facilitator, or past its close date)."""
        day = (today or date.today()).isoformat()
        if self.status == DRAFT:
            return DRAFT
        if self.status == CLOSED or day > self.closes_on:
            return CLOSED
        return SCHEDULED if day < self.opens_on else OPEN

    def accepting(self, today: date | None = None) -> bool:
        """Whether respondents may start and answer now."""
        return self.phase(today) == OPEN

    @property
    def locked(self) -> bool:
        """Rules, segments and questionnaire can no longer change."""
        return self.status != DRAFT

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id.

        Raises:
            NotFound: the campaign has no such segment.
        """
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise NotFound(f"The campaign has no segment “{segment_id}”.")

    @property
    def role_values(self) -> tuple[str, str] | None:
        """(leaders, employees): the first and last value of the role segment, if asked."""
        role = next((s for s in self.segments if s.id == ROLE), None)
        return (role.values[0], role.values[-1]) if role and len(role.values) >= 2 else None


def _campaign(row: dict[str, Any]) -> Campaign:
    segments = tuple(Segment(s["id"], s["name"], tuple(s["values"]))
                     for s in json.loads(row["segments"]))
    return Campaign(row["id"], row["engagement_id"], row["name"], row["status"],
                    row["opens_on"], row["closes_on"], row["min_group"], row["min_comments"],
                    segments, row["culture_bank"], row["maturity_bank"], row["open_link"],
                    row["max_respondents"], json.loads(row["headcounts"]),
                    row["data_version"], row["created_at"], row["updated_at"])


def default_segments() -> tuple[Segment, ...]:
    """Department, location and level (values to fill in) and role (leader, manager,
    employee)."""
    return tuple(Segment(i, name, values) for i, name, values in DEFAULT_SEGMENTS)


def _day(value: Any, what: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(f"The {what} must be a date (YYYY-MM-DD), not {str(value)[:40]!r}."
                           ) from None


def _dates(opens_on: Any, closes_on: Any) -> tuple[str, str]:
    opens, closes = _day(opens_on, "open date"), _day(closes_on, "close date")
    if closes < opens:
        raise InvalidInput(f"The campaign closes ({closes}) before it opens ({opens}); "
                           "choose a close date on or after the open date.")
    return opens, closes


def _minimum(value: Any, what: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"The {what} must be a whole number from {low} to {high}, "
                           f"not {value!r}.")
    return value


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:40]
    return slug if slug and slug[0].isalpha() else f"s_{slug}"[:40]


def check_segments(segments: Any) -> tuple[Segment, ...]:
    """Segments as a campaign keeps them: names and values cleaned, none repeated.

    Raises:
        InvalidInput: too many segments or values, an empty or repeated name or value, or a
            role segment with fewer than two values.
    """
    checked: list[Segment] = []
    for raw in segments:
        name = clean_name(raw.name if isinstance(raw, Segment) else raw.get("name", ""),
                          "A segment's name")
        values = list(raw.values if isinstance(raw, Segment) else raw.get("values", []))
        segment_id = raw.id if isinstance(raw, Segment) else raw.get("id") or _slug(name)
        if not isinstance(segment_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,39}",
                                                               segment_id):
            segment_id = _slug(name)
        cleaned: list[str] = []
        for value in values:
            text = clean_name(value, f"A value of {name}")
            if text.casefold() in {v.casefold() for v in cleaned}:
                raise InvalidInput(f"{name} lists “{text}” twice.")
            cleaned.append(text)
        if len(cleaned) > VALUES_MAX:
            raise InvalidInput(f"{name} has {len(cleaned)} values; at most {VALUES_MAX} are "
                               "allowed (group small ones together).")
        if segment_id == ROLE and len(cleaned) < 2:
            raise InvalidInput(f"{name} needs at least two values: leaders first, employees "
                               "last.")
        if any(s.id == segment_id or s.name.casefold() == name.casefold() for s in checked):
            raise InvalidInput(f"Two segments are called “{name}”.")
        checked.append(Segment(segment_id, name, tuple(cleaned)))
    if len(checked) > SEGMENTS_MAX:
        raise InvalidInput(f"A campaign asks at most {SEGMENTS_MAX} segments, not "
                           f"{len(checked)}.")
    total = sum(len(s.values) for s in checked)
    if total > ALL_VALUES_MAX:
        raise InvalidInput(f"The segments have {total} values in all; at most "
                           f"{ALL_VALUES_MAX} are allowed.")
    return tuple(checked)


def _segments_json(segments: tuple[Segment, ...]) -> str:
    return json.dumps([{"id": s.id, "name": s.name, "values": list(s.values)}
                       for s in segments])


def get_campaign(db: Store, campaign_id: int) -> Campaign:
    """The campaign with this id.

    Raises:
        NotFound: there is no such campaign.
    """
    rows = list(db.query("SELECT * FROM pulse_campaigns WHERE id = ?", [campaign_id]))
    if not rows:
        raise NotFound("This pulse campaign does not exist any more.")
    return _campaign(rows[0])


def list_campaigns(db: Store, engagement_id: int) -> list[Campaign]:
    """An engagement's campaigns, newest first."""
    return [_campaign(row) for row in db.query(
        "SELECT * FROM pulse_campaigns WHERE engagement_id = ? ORDER BY opens_on DESC, id DESC",
        [engagement_id])]


def campaign_by_open_link(db: Store, token: str) -> Campaign | None:
    """The campaign whose open link carries this token, if any."""
    rows = list(db.query("SELECT * FROM pulse_campaigns WHERE open_link = ?", [str(token)]))
    return _campaign(rows[0]) if rows else None


def campaign_banks(db: Store, campaign: Campaign
                   ) -> tuple[LikertBank, StagedBank | None]:
    """The questionnaire as the campaign asks it: its culture bank and, when asked, its
    maturity bank (copies made when the campaign was created)."""
    row = next(db.query("SELECT culture_data, maturity_data FROM pulse_campaigns WHERE id = ?",
                        [campaign.id]))
    culture = parse_bank(json.loads(row["culture_data"]), f"campaign “{campaign.name}”")
    maturity = (parse_bank(json.loads(row["maturity_data"]), f"campaign “{campaign.name}”")
                if row["maturity_data"] else None)
    return culture, maturity


def bank_texts(db: Store, campaign_id: int) -> tuple[str, str | None]:
    """The campaign's questionnaire as stored (JSON of each bank), for backups."""
    row = next(db.query("SELECT culture_data, maturity_data FROM pulse_campaigns WHERE id = ?",
                        [campaign_id]))
    return row["culture_data"], row["maturity_data"]


def create_campaign(db: Store, engagement_id: int, name: str, opens_on: Any,
                    closes_on: Any, *, include_maturity: bool = False,
                    min_group: int = DEFAULT_MINIMUM,
                    min_comments: int = DEFAULT_COMMENT_MINIMUM,
                    segments: Any = None) -> Campaign:
    """A draft campaign asking the engagement's culture bank (and its maturity bank when
    ``include_maturity``), with the default segments unless others are given.

    Raises:
        NotFound: no such engagement.
        InvalidInput: a name, date, minimum or segment is not acceptable, or a bank no
            longer reads.
        DuplicateName: the engagement has a campaign of this name.
    """
    engagement = get_engagement(db, engagement_id)
    name = clean_name(name, "Campaign name")
    opens, closes = _dates(opens_on, closes_on)
    min_group = _minimum(min_group, "minimum group size", MINIMUM_RANGE)
    min_comments = _minimum(min_comments, "minimum for comments", COMMENT_MINIMUM_RANGE)
    checked = check_segments(default_segments() if segments is None else segments)
    culture = read_bank(db, engagement.culture_bank)
    maturity = read_bank(db, engagement.maturity_bank) if include_maturity else None
    stamp = now()
    try:
        with write(db):
            new_id = db.insert(
                "INSERT INTO pulse_campaigns (engagement_id, name, status, opens_on, closes_on, "
                "min_group, min_comments, segments, culture_bank, culture_data, "
                "maturity_bank, maturity_data, open_link, created_at, updated_at) "
                "VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [engagement_id, name, opens, closes, min_group, min_comments,
                 _segments_json(checked), culture.id, json.dumps(bank_data(culture)),
                 maturity.id if maturity else None,
                 json.dumps(bank_data(maturity)) if maturity else None,
                 secrets.token_urlsafe(16), stamp, stamp])
    except Conflict as error:
        raise DuplicateName(f"This engagement already has a campaign called “{name}”."
                            ) from error
    return get_campaign(db, new_id)


def update_campaign(db: Store, campaign_id: int, *, name: str | None = None,
                    opens_on: Any = None, closes_on: Any = None, min_group: int | None = None,
                    min_comments: int | None = None, segments: Any = None,
                    max_respondents: int | None = None, today: date | None = None
                    ) -> Campaign:
    """Change a campaign. A draft takes any change; once open only its name, its close date
    (not before today) and its respondent cap change; a closed campaign only its name.

    Raises:
        NotFound: no such campaign.
        InvalidInput: a value is not acceptable, or the change is locked (the message says
            why).
        DuplicateName: another campaign of the engagement has the new name.
    """
    current = get_campaign(db, campaign_id)
    today = today or date.today()
    changes: dict[str, Any] = {}
    locked = {"open date": opens_on, "minimum group size": min_group,
              "minimum for comments": min_comments, "segments": segments}
    if current.locked:
        given = [what for what, value in locked.items() if value is not None]
        if given:
            raise InvalidInput(f"The {given[0]} cannot change once the campaign is open: "
                               "respondents were told the rules before they answered.")
        if current.status == CLOSED and (closes_on is not None or max_respondents is not None):
            raise InvalidInput("This campaign is closed; it takes no more answers.")
    if name is not None:
        changes["name"] = clean_name(name, "Campaign name")
    if opens_on is not None or closes_on is not None:
        opens, closes = _dates(opens_on if opens_on is not None else current.opens_on,
                               closes_on if closes_on is not None else current.closes_on)
        if current.locked and closes < today.isoformat():
            raise InvalidInput(f"An open campaign's close date cannot be in the past "
                               f"({closes}); close the campaign instead.")
        changes.update(opens_on=opens, closes_on=closes)
    if min_group is not None:
        changes["min_group"] = _minimum(min_group, "minimum group size", MINIMUM_RANGE)
    if min_comments is not None:
        changes["min_comments"] = _minimum(min_comments, "minimum for comments",
                                           COMMENT_MINIMUM_RANGE)
    if segments is not None:
        changes["segments"] = _segments_json(check_segments(segments))
    if max_respondents is not None:
        changes["max_respondents"] = _minimum(max_respondents, "most respondents",
                                              (1, RESPONDENTS_MAX))
    if changes:
        changes["updated_at"] = now()
        columns = ", ".join(f"{column} = ?" for column in changes)
        try:
            with write(db):
                db.execute(f"UPDATE pulse_campaigns SET {columns} WHERE id = ?",
                           [*changes.values(), campaign_id])
        except Conflict as error:
            raise DuplicateName(f"This engagement already has a campaign called "
                                f"“{changes.get('name')}”.") from error
    return get_campaign(db, campaign_id)


def set_headcounts(db: Store, campaign_id: int, total: int | None,
                   by_value: dict[str, dict[str, int]]) -> Campaign:
    """The headcount the response rates are measured against: in all, and per segment
    value (for people reached through the open link; invitees count themselves).

    Raises:
        NotFound: no such campaign.
        InvalidInput: a count is not a whole number from 0 to 1,000,000, or names an unknown
            segment or value.
    """
    campaign = get_campaign(db, campaign_id)
    known = {s.id: set(s.values) for s in campaign.segments}

    def count(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**6:
            raise InvalidInput(f"The headcount of {where} must be a whole number from 0 to "
                               f"1,000,000, not {value!r}.")
        return value

    stored: dict[str, Any] = {"total": None if total is None else count(total, "everyone"),
                              "values": {}}
    for segment_id, values in by_value.items():
        if segment_id not in known:
            raise InvalidInput(f"The campaign has no segment “{segment_id}”.")
        for value, number in values.items():
            if value not in known[segment_id]:
                raise InvalidInput(f"“{value}” is not a value of {segment_id}.")
            if number is not None:
                stored["values"].setdefault(segment_id, {})[value] = count(number, value)
    with write(db):
        db.execute("UPDATE pulse_campaigns SET headcounts = ?, updated_at = ? WHERE id = ?",
                   [json.dumps(stored), now(), campaign_id])
    return get_campaign(db, campaign_id)


def open_campaign(db: Store, campaign_id: int, today: date | None = None
                  ) -> Campaign:
    """Open a draft: its rules, segments and questionnaire are locked from now on, and it
    takes answers from its open date. Segments without values are dropped (not asked).

    Raises:
        NotFound: no such campaign.
        InvalidInput: it is not a draft, or its close date has passed.
    """
    campaign = get_campaign(db, campaign_id)
    if campaign.status != DRAFT:
        raise InvalidInput("This campaign has already been opened.")
    if campaign.closes_on < (today or date.today()).isoformat():
        raise InvalidInput(f"The close date ({campaign.closes_on}) has passed; choose a later "
                           "one before opening.")
    asked = tuple(s for s in campaign.segments if s.values)
    with write(db):
        db.execute("UPDATE pulse_campaigns SET status = 'open', segments = ?, updated_at = ? "
                   "WHERE id = ? AND status = 'draft'",
                   [_segments_json(asked), now(), campaign_id])
    return get_campaign(db, campaign_id)


def close_campaign(db: Store, campaign_id: int, today: date | None = None
                   ) -> Campaign:
    """Close a campaign now: it takes no more answers and its results can be shown. A
    closed campaign never opens again; a draft is deleted rather than closed.

    Raises:
        NotFound: no such campaign.
        InvalidInput: it is a draft or already closed.
    """
    campaign = get_campaign(db, campaign_id)
    if campaign.status != OPEN:
        raise InvalidInput("Only an open campaign can be closed.")
    day = (today or date.today()).isoformat()
    with write(db):
        db.execute(f"UPDATE pulse_campaigns SET status = 'closed', "
                   f"closes_on = {db.least('closes_on', '?')}, "
                   f"opens_on = {db.least('opens_on', '?')}, updated_at = ? WHERE id = ?",
                   [day, day, now(), campaign_id])
    return get_campaign(db, campaign_id)


def rotate_open_link(db: Store, campaign_id: int) -> Campaign:
    """Give the campaign a new open link; the old one stops working at once (respondents
    who started keep their private links).

    Raises:
        NotFound: no such campaign.
        InvalidInput: the campaign is closed.
    """
    if get_campaign(db, campaign_id).status == CLOSED:
        raise InvalidInput("This campaign is closed; its link opens nothing any more.")
    with write(db):
        db.execute("UPDATE pulse_campaigns SET open_link = ?, updated_at = ? WHERE id = ?",
                   [secrets.token_urlsafe(16), now(), campaign_id])
    return get_campaign(db, campaign_id)


def delete_campaign(db: Store, campaign_id: int) -> None:
    """Delete a campaign with its invitees, respondents and answers.

    Raises:
        NotFound: no such campaign.
    """
    get_campaign(db, campaign_id)
    with write(db):
        db.execute("DELETE FROM pulse_campaigns WHERE id = ?", [campaign_id])


def campaign_fingerprint(db: Store, campaign_id: int) -> tuple:
    """A value that changes whenever the campaign, its respondents or answers change."""
    rows = list(db.query(
        "SELECT (SELECT coalesce(sum(n), 0) FROM change_counts WHERE scope = 'campaign' "
        "AND owner = c.id) AS changes, updated_at, status, closes_on FROM pulse_campaigns c "
        "WHERE id = ?", [campaign_id]))
    return tuple(rows[0].values()) if rows else ("gone",)


def engagement_pulse_fingerprint(db: Store, engagement_id: int,
                                 today: date | None = None) -> str:
    """What the engagement's closed campaigns hold (for caches of the readiness report):
    answers arriving in an open campaign leave it unchanged, a close (or a close date
    passing) changes it."""
    changes = ("(SELECT coalesce(sum(n), 0) FROM change_counts WHERE scope = 'campaign' "
               "AND owner = c.id)")
    key = db.concat_agg(f"id || ':' || {changes} || ':' || name", "'|'", "id")
    row = next(db.query(
        f"SELECT {key} AS key "
        "FROM pulse_campaigns c WHERE engagement_id = :e AND status != 'draft' "
        "AND (status = 'closed' OR closes_on < :today)",
        {"e": engagement_id, "today": (today or date.today()).isoformat()}))
    return row["key"] or ""


__all__ = ["CLOSED", "DRAFT", "OPEN", "ROLE", "SCHEDULED", "Campaign", "Segment",
           "campaign_banks", "campaign_by_open_link", "campaign_fingerprint", "check_segments",
           "close_campaign", "create_campaign", "default_segments", "delete_campaign",
           "engagement_pulse_fingerprint", "get_campaign", "list_campaigns", "open_campaign",
           "rotate_open_link", "set_headcounts", "update_campaign", "NAME_MAX"]
