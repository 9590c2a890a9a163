"""Pulse respondents: links, answers and comments, anonymous by design.

A link is a bearer token (128 random bits). The workspace keeps only a hash of each: an
invitee link's hash (``sha256("invitee:" + token)``) with the invitee's segment values and
whether they answered, and a respondent's hash (``sha256("respondent:" + token)``) with their
segment values and answers. The two hashes of one token cannot be matched without the token,
so the workspace holds no tie between an invitee and their answers: only the person holding
the link can compute both. Someone who arrives through the open link gets a link of their own
the same way. No answer carries a time, a name or an address.

Every write checks, in its own transaction, that the campaign takes answers (open, between
its open and close dates), so a close always wins over an answer in flight. Comments are
kept with the personal names a respondent typed masked (:mod:`datafiles.names`) and are
capped, so that a link cannot fill the disk.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from datafiles.names import mask_names
from datafiles.text import clean_name
from workspace.db import write
from workspace.errors import InvalidInput, NotFound, SessionClosed
from workspace.pulse import CLOSED, Campaign, get_campaign
from workspace.errors import Conflict
from workspace.store import Store

PARTS = ("culture", "maturity")
#: The longest comment a respondent may leave, and all of one respondent's comments.
COMMENT_MAX = 2_000
RESPONDENT_TEXT_MAX = 50_000
#: The most invitees a campaign holds.
INVITEES_MAX = 50_000
_ID_ATTEMPTS = 20

NOT_ACCEPTING = ("This survey is not taking answers now: it is closed or has not opened yet. "
                 "Answers given while it was open are kept.")
FULL = ("This survey has as many respondents as its organizer allowed; ask them to make "
        "room.")


@dataclass(frozen=True)
class Respondent:
    """Someone answering a campaign: their segment values, never who they are."""
    id: int
    campaign_id: int
    segments: dict[str, str]
    answered: bool


@dataclass(frozen=True)
class Invitation:
    """An invitee link that has not been used to start yet: the campaign and the segment
    values the invitee list gave (they are not asked again)."""
    campaign_id: int
    segments: dict[str, str]


@dataclass(frozen=True)
class PulseAnswer:
    item: str
    value: int | None
    dont_know: bool
    comment: str

    @property
    def answered(self) -> bool:
        return self.value is not None or self.dont_know


def new_token() -> str:
    """A private, unguessable link token that is safe in a URL (128 random bits)."""
    return secrets.token_urlsafe(16)


def token_hash(purpose: str, token: str) -> str:
    """What the workspace keeps of a token: the SHA-256 of ``purpose:token``."""
    return hashlib.sha256(f"{purpose}:{token}".encode("utf-8", "replace")).hexdigest()


def _today(today: date | None) -> str:
    return (today or date.today()).isoformat()


def _accepting(db: Store, campaign_id: int, today: date | None) -> None:
    """Inside a write: refuse unless the campaign takes answers today."""
    day = _today(today)
    # Sharing the campaign's row until the end of the write: a close waits for answers that
    # passed this check, and an answer after a close in progress sees it (PostgreSQL).
    rows = list(db.query("SELECT 1 FROM pulse_campaigns WHERE id = ? AND status = 'open' AND "
                         f"opens_on <= ? AND closes_on >= ?{db.for_share('pulse_campaigns')}",
                         [campaign_id, day, day]))
    if not rows:
        raise SessionClosed(NOT_ACCEPTING)


def check_profile(campaign: Campaign, segments: Mapping[str, Any]) -> dict[str, str]:
    """Segment values as kept: known segments only, each value one of the segment's (case
    does not count), a missing or empty value left out ("prefer not to say").

    Raises:
        InvalidInput: an unknown segment, or a value the segment does not have.
    """
    known = {s.id: s for s in campaign.segments}
    profile = {}
    for segment_id, value in segments.items():
        if segment_id not in known:
            raise InvalidInput(f"The survey has no segment “{str(segment_id)[:40]}”.")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        segment = known[segment_id]
        match = next((v for v in segment.values
                      if isinstance(value, str) and v.casefold() == clean_name(value).casefold()),
                     None)
        if match is None:
            raise InvalidInput(f"“{str(value)[:80]}” is not one of the values of "
                               f"{segment.name}.")
        profile[segment_id] = match
    return profile


# --- invitees --------------------------------------------------------------------------------

def add_invitees(db: Store, campaign_id: int,
                 profiles: list[Mapping[str, Any]]) -> list[str]:
    """Invite people: one new link per profile (segment values from the invitee list).
    Returns the links' tokens in the same order; only their hashes are kept, so these are
    the only copies.

    Raises:
        NotFound: no such campaign.
        InvalidInput: the campaign is closed, a profile does not fit its segments, or the
            campaign would hold more than INVITEES_MAX invitees. Nothing is added.
    """
    campaign = get_campaign(db, campaign_id)
    if campaign.status == CLOSED:
        raise InvalidInput("This campaign is closed; it takes no more invitees.")
    checked = [json.dumps(check_profile(campaign, profile), sort_keys=True)
               for profile in profiles]
    tokens = [new_token() for _ in checked]
    with write(db):
        db.lock(f"invitees of campaign {campaign_id}")   # count, then add
        held = db.execute("SELECT count(*) FROM pulse_invitees WHERE campaign_id = ?",
                          [campaign_id]).fetchone()[0]
        if held + len(tokens) > INVITEES_MAX:
            raise InvalidInput(f"A campaign holds at most {INVITEES_MAX:,} invitees; this one "
                               f"has {held:,} and the list adds {len(tokens):,}.")
        db.execute_many(
            "INSERT INTO pulse_invitees (campaign_id, token_hash, segments) VALUES (?, ?, ?)",
            [(campaign_id, token_hash("invitee", t), s) for t, s in zip(tokens, checked)])
    return tokens


def invitation(db: Store, token: str) -> Invitation | None:
    """The invitation an invitee link carries, if it has not been used to start yet."""
    rows = list(db.query("SELECT campaign_id, segments FROM pulse_invitees WHERE token_hash = ?",
                         [token_hash("invitee", str(token))]))
    return Invitation(rows[0]["campaign_id"], json.loads(rows[0]["segments"])) if rows else None


# --- respondents -----------------------------------------------------------------------------

def respondent_by_token(db: Store, token: str) -> Respondent | None:
    """The respondent whose private link carries this token, if any."""
    rows = list(db.query("SELECT * FROM pulse_respondents WHERE key_hash = ?",
                         [token_hash("respondent", str(token))]))
    if not rows:
        return None
    row = rows[0]
    return Respondent(row["id"], row["campaign_id"], json.loads(row["segments"]),
                      bool(row["answered"]))


def start(db: Store, campaign_id: int, segments: Mapping[str, Any],
          token: str | None = None, today: date | None = None) -> tuple[Respondent, str]:
    """Start answering a campaign: through the open link (``token`` None: a new private
    link is made, with the segment values the person chose) or through an invitee link
    (``token``: the invitee's link, whose segment values come from the invitee list;
    ``segments`` is ignored). Returns the respondent and their link's token.

    Starting again with an invitee link that already started returns that respondent.

    Raises:
        NotFound: no such campaign, or the invitee link is not one of the campaign's.
        SessionClosed: the campaign takes no answers today.
        InvalidInput: a segment value it does not have, or the campaign is full.
    """
    campaign = get_campaign(db, campaign_id)
    if token is not None:
        found = respondent_by_token(db, token)
        if found is not None and found.campaign_id == campaign_id:
            return found, token
        invited = invitation(db, token)
        if invited is None or invited.campaign_id != campaign_id:
            raise NotFound("This survey link is not valid.")
        profile = invited.segments
    else:
        profile = check_profile(campaign, segments)
        token = new_token()
    for _ in range(_ID_ATTEMPTS):
        # A random id: the order of rows says nothing about who came when.
        new_id = secrets.randbelow(2**62) + 1
        try:
            with write(db):
                _accepting(db, campaign_id, today)
                db.lock(f"respondents of campaign {campaign_id}")   # count, then add
                held = db.execute("SELECT count(*) FROM pulse_respondents WHERE "
                                  "campaign_id = ?", [campaign_id]).fetchone()[0]
                if held >= campaign.max_respondents:
                    raise InvalidInput(FULL)
                db.execute("INSERT INTO pulse_respondents (id, campaign_id, key_hash, segments) "
                           "VALUES (?, ?, ?, ?)", [new_id, campaign_id,
                                                   token_hash("respondent", token),
                                                   json.dumps(profile, sort_keys=True)])
            break
        except Conflict as error:
            if "key_hash" in str(error):          # the same invitee started twice at once
                found = respondent_by_token(db, token)
                if found is not None:
                    return found, token
            continue
    else:
        raise InvalidInput("Could not start; try again.")
    return respondent_by_token(db, token), token


def _respondent_id(db: Store, token: str) -> tuple[int, int]:
    rows = list(db.query("SELECT id, campaign_id FROM pulse_respondents WHERE key_hash = ?",
                         [token_hash("respondent", str(token))]))
    if not rows:
        raise NotFound("This survey link is not valid.")
    return rows[0]["id"], rows[0]["campaign_id"]


def _mark_answered(db: Store, respondent_id: int, token: str) -> None:
    """The respondent, and the invitee link they came by (if any), count as answered."""
    db.execute("UPDATE pulse_respondents SET answered = 1 WHERE id = ? AND answered = 0",
               [respondent_id])
    db.execute("UPDATE pulse_invitees SET answered = 1 WHERE token_hash = ? AND answered = 0",
               [token_hash("invitee", token)])


def save_answer(db: Store, token: str, part: str, item: str,
                value: int | None, *, dont_know: bool = False, today: date | None = None
                ) -> None:
    """Save (or replace) one answer of the respondent whose link this is. The caller checks
    the value against the campaign's bank.

    Raises:
        NotFound: the link is not valid.
        SessionClosed: the campaign takes no answers today.
        InvalidInput: an unknown part, or a value together with "don't know".
    """
    if part not in PARTS:
        raise InvalidInput(f"Unknown questionnaire part {part!r}.")
    if value is not None and (dont_know or isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidInput(f"The answer to {item} must be a whole number or “don't know”.")
    respondent_id, campaign_id = _respondent_id(db, token)
    with write(db):
        _accepting(db, campaign_id, today)
        db.execute("INSERT INTO pulse_answers (respondent_id, part, item, value, dont_know) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (respondent_id, part, item) DO UPDATE "
                   "SET value = excluded.value, dont_know = excluded.dont_know",
                   [respondent_id, part, str(item), value, int(dont_know)])
        _mark_answered(db, respondent_id, token)


def save_answers(db: Store, token: str,
                 answers: Iterable[tuple[str, str, int | None, bool]],
                 today: date | None = None) -> int:
    """Save several answers of one respondent at once, all or none: (part, item, value,
    dont_know) each, as :func:`save_answer` takes them. Returns how many.

    Raises:
        NotFound: the link is not valid.
        SessionClosed: the campaign takes no answers today.
        InvalidInput: an unknown part, or a value together with "don't know"; nothing saved.
    """
    rows = list(answers)
    for part, item, value, dont_know in rows:
        if part not in PARTS:
            raise InvalidInput(f"Unknown questionnaire part {part!r}.")
        if value is not None and (dont_know or isinstance(value, bool)
                                  or not isinstance(value, int)):
            raise InvalidInput(f"The answer to {item} must be a whole number or “don't know”.")
    respondent_id, campaign_id = _respondent_id(db, token)
    with write(db):
        _accepting(db, campaign_id, today)
        db.execute_many(
            "INSERT INTO pulse_answers (respondent_id, part, item, value, dont_know) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (respondent_id, part, item) DO UPDATE "
            "SET value = excluded.value, dont_know = excluded.dont_know",
            [(respondent_id, part, str(item), value, int(dont_know))
             for part, item, value, dont_know in rows])
        if rows:
            _mark_answered(db, respondent_id, token)
    return len(rows)


def clear_answer(db: Store, token: str, part: str, item: str,
                 today: date | None = None) -> None:
    """Withdraw an answer (the comment stays).

    Raises:
        NotFound: the link is not valid.
        SessionClosed: the campaign takes no answers today.
    """
    respondent_id, campaign_id = _respondent_id(db, token)
    with write(db):
        _accepting(db, campaign_id, today)
        db.execute("UPDATE pulse_answers SET value = NULL, dont_know = 0 WHERE "
                   "respondent_id = ? AND part = ? AND item = ?", [respondent_id, part, item])


def save_comment(db: Store, token: str, part: str, item: str, comment: str,
                 today: date | None = None) -> str:
    """Save a comment on an item (empty removes it), with the names it names masked;
    returns the comment as kept.

    Raises:
        NotFound: the link is not valid.
        SessionClosed: the campaign takes no answers today.
        InvalidInput: an unknown part, a comment longer than COMMENT_MAX characters, or all
            of the respondent's comments longer than RESPONDENT_TEXT_MAX.
    """
    if part not in PARTS:
        raise InvalidInput(f"Unknown questionnaire part {part!r}.")
    comment = mask_names((comment or "").strip())
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(f"The comment is {len(comment):,} characters long; keep it to "
                           f"{COMMENT_MAX:,} or fewer.")
    respondent_id, campaign_id = _respondent_id(db, token)
    with write(db):
        _accepting(db, campaign_id, today)
        db.execute("INSERT INTO pulse_answers (respondent_id, part, item, comment) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (respondent_id, part, item) DO UPDATE "
                   "SET comment = excluded.comment", [respondent_id, part, str(item), comment])
        total = db.execute("SELECT coalesce(sum(length(comment)), 0) FROM pulse_answers WHERE "
                           "respondent_id = ?", [respondent_id]).fetchone()[0]
        if total > RESPONDENT_TEXT_MAX:
            raise InvalidInput(f"Not saved: your comments would come to {int(total):,} "
                               f"characters, more than the {RESPONDENT_TEXT_MAX:,} a survey "
                               "keeps per person. Shorten some of them.")
        if comment:
            _mark_answered(db, respondent_id, token)
    return comment


def respondent_answers(db: Store, respondent_id: int, part: str
                       ) -> dict[str, PulseAnswer]:
    """One respondent's answers and comments in one part, by item id."""
    return {row["item"]: PulseAnswer(row["item"], row["value"], bool(row["dont_know"]),
                                     row["comment"])
            for row in db.query("SELECT item, value, dont_know, comment FROM pulse_answers "
                                "WHERE respondent_id = ? AND part = ?", [respondent_id, part])}


# --- what the results are made of ------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class CampaignAnswers:
    """A campaign's raw answers, for :mod:`outcomes.pulse` only (which applies the anonymity
    rules before anything is shown or exported).

    Attributes:
        profiles: one row per respondent who answered (index: a number, in no particular
            order), one column per segment (the value, or None).
        answers: respondent (the profiles' index), part, item, value (float, NaN for don't
            know or no answer), dont_know (bool).
        comments: part, item, comment (non-empty), without respondent.
    """
    profiles: pd.DataFrame
    answers: pd.DataFrame
    comments: pd.DataFrame


def _categorical(values: np.ndarray) -> pd.Categorical:
    """Text that repeats (an item id) as a categorical, its categories in order."""
    codes, categories = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def campaign_answers(db: Store, campaign: Campaign) -> CampaignAnswers:
    """Everything the respondents of a campaign gave (see :class:`CampaignAnswers`)."""
    segment_ids = [s.id for s in campaign.segments]
    people, segments = db.column_lists("SELECT id, segments FROM pulse_respondents WHERE "
                                       "campaign_id = ? AND answered = 1 ORDER BY id",
                                       [campaign.id])
    ids = np.array(people, dtype=np.int64)
    # Many people share a profile (a few hundred kinds among 50,000): each kind read once.
    kinds: dict[str, dict] = {}
    profiles = pd.DataFrame([kinds[text] if text in kinds else kinds.setdefault(
        text, json.loads(text)) for text in segments], columns=segment_ids,
        index=pd.RangeIndex(len(people)))
    profiles = profiles.astype(object).where(profiles.notna(), None)
    # Per part asked, three columns kept as plain lists: at 50,000 respondents the read is
    # 1.5 million rows, and a DataFrame made of the rows would cost as much as the read
    # again. "Don't know" is the answer without a value (a save never keeps both).
    respondents, items, values, parts = [], [], [], []
    for code, part in enumerate(PARTS):
        if part == "maturity" and not campaign.maturity_bank:
            continue
        who, item, value = db.column_lists(
            "SELECT a.respondent_id, a.item, a.value FROM pulse_answers a "
            "JOIN pulse_respondents r ON r.id = a.respondent_id WHERE r.campaign_id = ? "
            "AND r.answered = 1 AND a.part = ? AND (a.value IS NOT NULL OR a.dont_know = 1)",
            [campaign.id, part])
        if respondents:
            respondents, items, values = respondents + who, items + item, values + value
        else:
            respondents, items, values = who, item, value
        parts.append(np.full(len(who), code, dtype=np.int8))
    given = np.array(respondents, dtype=np.int64)
    position = np.minimum(np.searchsorted(ids, given), max(len(ids) - 1, 0))
    # Someone whose first answer came between the two reads (a campaign still open) is not
    # among the people read first: their answers wait for the next read.
    known = ids[position] == given if len(ids) else np.zeros(len(given), dtype=bool)
    value = np.array(values, dtype=float)[known]              # None (don't know) -> NaN
    answers = pd.DataFrame({
        "respondent": position[known],
        "part": pd.Categorical.from_codes(np.concatenate(parts)[known], categories=PARTS),
        "item": _categorical(np.array(items, dtype=object)[known]),
        "value": value, "dont_know": np.isnan(value)})
    comments = db.frame(
        "SELECT a.part, a.item, a.comment FROM pulse_answers a JOIN pulse_respondents r "
        "ON r.id = a.respondent_id WHERE r.campaign_id = ? AND a.comment != '' "
        "ORDER BY a.part, a.item, a.comment", [campaign.id])
    return CampaignAnswers(profiles, answers, comments)


@dataclass(frozen=True, eq=False)
class Participation:
    """Who took part so far, for the response rates, counted by the database: one row per
    kind of profile (segment values) with how many respondents answered (``respondents``)
    or were invited (``invitees``), in a column ``people``; and the headcounts the
    facilitator entered. A campaign of 50,000 people is a few hundred kinds."""
    respondents: pd.DataFrame
    invitees: pd.DataFrame
    headcounts: dict[str, Any]


def participation(db: Store, campaign: Campaign) -> Participation:
    """The campaign's participation so far (see :class:`Participation`)."""
    segment_ids = [s.id for s in campaign.segments]

    def counted(sql: str) -> pd.DataFrame:
        kinds, people = db.column_lists(sql, [campaign.id])
        frame = pd.DataFrame([json.loads(text) for text in kinds], columns=segment_ids,
                             index=pd.RangeIndex(len(kinds)))
        frame["people"] = np.array(people, dtype=np.int64)
        return frame

    return Participation(
        counted("SELECT segments, count(*) FROM pulse_respondents WHERE campaign_id = ? "
                "AND answered = 1 GROUP BY segments"),
        counted("SELECT segments, count(*) FROM pulse_invitees WHERE campaign_id = ? "
                "GROUP BY segments"),
        campaign.headcounts)
