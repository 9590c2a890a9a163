"""Live workshop sessions: a join code per session, who joined, and each person's weights.

An engagement has at most one live (open or paused) session; opening a new one closes the
old. A code opens only a session that is open: a paused session's code says so, a closed
session's or a replaced (rotated) code opens nothing, exactly like a code never issued.
"""
from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


from vendors import weighting
from workshops import codes
from workspace import participation
from workspace.db import now, write
from workspace.engagements import clean_name, get_engagement
from workspace.errors import (DuplicateName, InvalidInput, NotFound, RoomFull, SessionPaused,
                              SessionUnavailable, TimeUp)
from workspace.participants import Participant, new_token
from workspace.vendors import VendorRow, list_vendors
from workspace.weights import CATEGORIES_LEVEL
from workspace.errors import Conflict
from workspace.store import Store

TASKS = ("culture", "maturity", "weights", "scores")
STATUSES = ("open", "paused", "closed")
WEIGHT_METHODS = ("points", "ahp")
ANONYMOUS = "Anonymous"
#: How people are named in an anonymous session ("Participant 3"), where no name is asked.
PARTICIPANT = "Participant"
#: The longest countdown a facilitator may set, in minutes.
COUNTDOWN_MAX_MINUTES = 240
_CODE_ATTEMPTS = 20
#: The most people who may join a session unless the facilitator says otherwise, and the
#: most the facilitator may allow.
ROOM_SIZE, ROOM_SIZE_MAX = 100, 2_000


NO_SESSION = ("That code does not open a workshop. Check it on the facilitator's screen "
              "and try again.")
PAUSED_JOIN = ("The facilitator has paused this workshop for a moment; try again when it "
               "resumes.")


@dataclass(frozen=True)
class WorkshopSession:
    """A live session of an engagement, as the facilitator set it up."""
    id: int
    engagement_id: int
    code: str
    status: str
    tasks: tuple[str, ...]
    weights_level: str
    weights_method: str
    reveal: bool
    created_at: str
    updated_at: str
    max_participants: int = ROOM_SIZE
    #: The vendors participants score (ids, in the engagement's order); empty: every vendor.
    shortlist: tuple[int, ...] = ()
    ends_at: float | None = None
    anonymous: bool = False
    presenter_names: bool = False
    dispute_threshold: float = 0.65

    @property
    def live(self) -> bool:
        """Open or paused: participants can still come back to it."""
        return self.status != "closed"

    def seconds_left(self, now: float | None = None) -> float | None:
        """Seconds until the countdown locks answers (0 once it has); None without one."""
        if self.ends_at is None:
            return None
        return max(0.0, self.ends_at - (time.time() if now is None else now))

    def time_up(self, now: float | None = None) -> bool:
        """Whether the countdown has ended (answers are locked until it is stopped)."""
        return self.seconds_left(now) == 0.0


def _session(row: dict[str, Any]) -> WorkshopSession:
    return WorkshopSession(row["id"], row["engagement_id"], row["code"], row["status"],
                           tuple(json.loads(row["tasks"])), row["weights_level"],
                           row["weights_method"], bool(row["reveal"]), row["created_at"],
                           row["updated_at"], row["max_participants"],
                           tuple(json.loads(row["shortlist"] or "[]")), row["ends_at"],
                           bool(row["anonymous"]), bool(row["presenter_names"]),
                           row["dispute_threshold"])


def _check_shortlist(db: Store, engagement_id: int,
                     vendor_ids: Iterable[int]) -> str | None:
    """The shortlist as stored (JSON, the engagement's vendor order), or None for every vendor.

    Raises:
        InvalidInput: an id that is not one of the engagement's (active) vendors.
    """
    wanted = list(vendor_ids)
    if any(isinstance(v, bool) or not isinstance(v, int) for v in wanted):
        raise InvalidInput("The shortlist must name vendors by their numbers.")
    known = [row["id"] for row in db.query(
        "SELECT id FROM vendors WHERE engagement_id = ? AND archived = 0 ORDER BY id",
        [engagement_id])]
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise InvalidInput(f"The shortlist names vendor(s) {', '.join(map(str, unknown))}, "
                           "which this engagement does not have.")
    chosen = [vendor for vendor in known if vendor in set(wanted)]
    return json.dumps(chosen) if chosen else None


def _check_tasks(tasks: Iterable[str]) -> list[str]:
    given = set(tasks)  # once: ``tasks`` may be a one-shot iterable
    chosen = [task for task in TASKS if task in given]
    unknown = given - set(TASKS)
    if unknown:
        raise InvalidInput(f"Unknown workshop task(s): {', '.join(sorted(map(str, unknown)))}.")
    if not chosen:
        raise InvalidInput("Choose at least one thing for the participants to do.")
    return chosen


def _check_room_size(size: int) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= ROOM_SIZE_MAX:
        raise InvalidInput(f"The room size must be a whole number from 1 to "
                           f"{ROOM_SIZE_MAX:,}, not {size!r}.")
    return size


def _check_weights(level: str, method: str, db: Store | None = None,
                   engagement_id: int | None = None) -> None:
    if method not in WEIGHT_METHODS:
        raise InvalidInput(f"Participants weigh by 100 points or AHP, not {method!r}.")
    if not isinstance(level, str) or not level.strip() or len(level) > 200:
        raise InvalidInput("Choose which level participants weigh.")
    if method == "ahp" and db is not None:
        refusal = weighting.ahp_refusal(_level_size(db, engagement_id, level))
        if refusal:
            raise InvalidInput(refusal)


def _level_size(db: Store, engagement_id: int, level: str) -> int:
    """How many items a weighting level has: categories with criteria, or one category's
    criteria."""
    if level == CATEGORIES_LEVEL:
        sql = ("SELECT count(*) FROM categories c WHERE c.engagement_id = ? AND EXISTS "
               "(SELECT 1 FROM criteria k WHERE k.engagement_id = c.engagement_id "
               "AND k.category = c.id)")
        return db.execute(sql, [engagement_id]).fetchone()[0]
    return db.execute("SELECT count(*) FROM criteria WHERE engagement_id = ? AND category = ?",
                      [engagement_id, level]).fetchone()[0]


#: How far apart answers must be (a standard deviation on a 1-5 scale) for an item to count
#: as disputed, unless the facilitator says otherwise, and the range they may choose from.
DISPUTE_THRESHOLD, DISPUTE_THRESHOLD_MAX = 0.65, 2.0


def _check_threshold(value: object) -> float:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or not 0 < value <= DISPUTE_THRESHOLD_MAX):
        raise InvalidInput(f"The dispute threshold is a spread on the 1-5 scale above 0 and at "
                           f"most {DISPUTE_THRESHOLD_MAX:g}, not {value!r}.")
    return float(value)


def get_session(db: Store, session_id: int) -> WorkshopSession:
    """The session with this id.

    Raises:
        NotFound: there is no such session.
    """
    rows = list(db.query("SELECT * FROM workshop_sessions WHERE id = ?", [session_id]))
    if not rows:
        raise NotFound("This workshop session does not exist any more.")
    return _session(rows[0])


def live_session(db: Store, engagement_id: int) -> WorkshopSession | None:
    """The engagement's open or paused session, if it has one."""
    rows = list(db.query("SELECT * FROM workshop_sessions WHERE engagement_id = ? AND "
                         "status != 'closed' ORDER BY id DESC LIMIT 1", [engagement_id]))
    return _session(rows[0]) if rows else None


def _insert_with_new_code(db: Store, sql: str, args: list[Any]) -> str:
    """Run ``sql`` with a fresh code as its first parameter, retrying on a (rare) clash."""
    for _ in range(_CODE_ATTEMPTS):
        code = codes.new_code()
        try:
            with write(db):
                db.execute(sql, [code, *args])
            return code
        except Conflict as error:
            if "code" not in str(error):
                raise
    raise InvalidInput("Could not find an unused join code; try again.")


def open_session(db: Store, engagement_id: int, tasks: Iterable[str],
                 weights_level: str = "categories", weights_method: str = "points",
                 max_participants: int = ROOM_SIZE, anonymous: bool = False
                 ) -> WorkshopSession:
    """Open a new session with a fresh join code; a live session of the engagement closes.

    ``max_participants`` is the room size: the most people who may join. In an
    ``anonymous`` session no name is kept: people are "Participant 1", "Participant 2", ...

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: no task, an unknown task, an unknown weighting method, or a room size
            outside 1..ROOM_SIZE_MAX.
    """
    get_engagement(db, engagement_id)
    chosen = _check_tasks(tasks)
    _check_weights(weights_level, weights_method, db, engagement_id)
    _check_room_size(max_participants)
    stamp = now()
    with write(db):
        # Opens of one engagement take turns (two facilitator tabs at once): each closes the
        # live session, if any, then opens its own; the constraint of one live session per
        # engagement holds either way.
        db.lock(f"sessions of engagement {engagement_id}")
        db.execute("UPDATE workshop_sessions SET status = 'closed', updated_at = ? "
                   "WHERE engagement_id = ? AND status != 'closed'", [stamp, engagement_id])
        code = _insert_with_new_code(
            db, "INSERT INTO workshop_sessions (code, engagement_id, status, tasks, "
                "weights_level, weights_method, reveal, created_at, updated_at, "
                "max_participants, anonymous) VALUES (?, ?, 'open', ?, ?, ?, 0, ?, ?, ?, ?)",
            [engagement_id, json.dumps(chosen), weights_level, weights_method, stamp, stamp,
             max_participants, int(bool(anonymous))])
    rows = list(db.query("SELECT * FROM workshop_sessions WHERE code = ?", [code]))
    return _session(rows[0])


def update_session(db: Store, session_id: int, *, status: str | None = None,
                   tasks: Iterable[str] | None = None, reveal: bool | None = None,
                   weights_level: str | None = None, weights_method: str | None = None,
                   max_participants: int | None = None,
                   shortlist: Iterable[int] | None = None, presenter_names: bool | None = None,
                   dispute_threshold: float | None = None) -> WorkshopSession:
    """Pause, resume or close a session, change its tasks, room size or vendor shortlist,
    reveal the group's results, or show who joined by name on the presenter view.

    A closed session stays closed. A room size below the number already joined keeps
    everyone in and lets nobody else join. An empty shortlist offers every vendor; scores
    already given to a vendor left off it stay in the engagement. An anonymous session shows
    no names anywhere.

    Raises:
        NotFound: the session does not exist.
        InvalidInput: an unknown status or task, no task, a room size outside
            1..ROOM_SIZE_MAX, a shortlisted vendor the engagement does not have, names on
            an anonymous session's presenter view, a dispute threshold outside (0, 2], or a
            change to a closed session.
    """
    current = get_session(db, session_id)
    if current.status == "closed":
        raise InvalidInput("This session is closed; open a new one instead.")
    changes: dict[str, Any] = {}
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput(f"Unknown session status {status!r}.")
        changes["status"] = status
    if tasks is not None:
        changes["tasks"] = json.dumps(_check_tasks(list(tasks)))
    if reveal is not None:
        changes["reveal"] = int(bool(reveal))
    if max_participants is not None:
        changes["max_participants"] = _check_room_size(max_participants)
    if shortlist is not None:
        changes["shortlist"] = _check_shortlist(db, current.engagement_id, shortlist)
    if dispute_threshold is not None:
        changes["dispute_threshold"] = _check_threshold(dispute_threshold)
    if presenter_names is not None:
        if presenter_names and current.anonymous:
            raise InvalidInput("This workshop is anonymous: it shows no names anywhere.")
        changes["presenter_names"] = int(bool(presenter_names))
    if weights_level is not None or weights_method is not None:
        level = weights_level if weights_level is not None else current.weights_level
        method = weights_method if weights_method is not None else current.weights_method
        _check_weights(level, method, db, current.engagement_id)
        changes.update(weights_level=level, weights_method=method)
    if changes:
        changes["updated_at"] = now()
        columns = ", ".join(f"{name} = ?" for name in changes)
        with write(db):
            # A close since the check above wins: a closed session stays closed.
            changed = db.execute(f"UPDATE workshop_sessions SET {columns} WHERE id = ? "
                                 "AND status != 'closed'", [*changes.values(), session_id])
            if changed.rowcount == 0:
                raise InvalidInput("This session is closed; open a new one instead.")
    return get_session(db, session_id)


def start_countdown(db: Store, session_id: int, minutes: int,
                    now: float | None = None) -> WorkshopSession:
    """Lock the session's answers ``minutes`` from now (replacing a countdown under way).

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed, or minutes is not a whole number from 1 to
            ``COUNTDOWN_MAX_MINUTES``.
    """
    if (isinstance(minutes, bool) or not isinstance(minutes, int)
            or not 1 <= minutes <= COUNTDOWN_MAX_MINUTES):
        raise InvalidInput(f"A countdown lasts a whole number of minutes from 1 to "
                           f"{COUNTDOWN_MAX_MINUTES}, not {minutes!r}.")
    now = time.time() if now is None else now
    return _set_countdown(db, session_id, now + minutes * 60)


def stop_countdown(db: Store, session_id: int) -> WorkshopSession:
    """Remove the session's countdown: answers are accepted again (while it is open).

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed.
    """
    return _set_countdown(db, session_id, None)


def _set_countdown(db: Store, session_id: int, ends_at: float | None
                   ) -> WorkshopSession:
    if get_session(db, session_id).status == "closed":
        raise InvalidInput("This session is closed; open a new one instead.")
    with write(db):
        db.execute("UPDATE workshop_sessions SET ends_at = ?, updated_at = ? WHERE id = ?",
                   [ends_at, now(), session_id])
    return get_session(db, session_id)


def rotate_code(db: Store, session_id: int) -> WorkshopSession:
    """Give a live session a new join code; the old one stops working at once.

    People who joined keep their private links.

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed.
    """
    current = get_session(db, session_id)
    if current.status == "closed":
        raise InvalidInput("This session is closed; open a new one instead.")
    for _ in range(_CODE_ATTEMPTS):
        try:
            with write(db):
                db.execute("UPDATE workshop_sessions SET code = ?, updated_at = ? WHERE id = ?",
                           [codes.new_code(), now(), session_id])
            return get_session(db, session_id)
        except Conflict:
            continue
    raise InvalidInput("Could not find an unused join code; try again.")


def session_by_code(db: Store, typed: str) -> WorkshopSession:
    """The open session that a typed code opens.

    Raises:
        SessionUnavailable: the code is malformed, unknown, replaced or its session closed
            (one message for all, so that a guess learns nothing).
        SessionPaused: the session exists but is paused.
    """
    code = codes.normalize_code(typed)
    rows = list(db.query("SELECT * FROM workshop_sessions WHERE code = ?", [code])) if code else []
    if not rows or rows[0]["status"] == "closed":
        raise SessionUnavailable(NO_SESSION)
    session = _session(rows[0])
    if session.status == "paused":
        raise SessionPaused(PAUSED_JOIN)
    return session


def join_session(db: Store, typed_code: str, name: str = "") -> Participant:
    """Join the session a code opens, with a display name or anonymously.

    Anonymous people get a numbered name ("Anonymous 3") that only the facilitator sees. In
    an anonymous session no name is kept, whatever was typed: everyone is numbered
    ("Participant 3").

    Raises:
        SessionUnavailable, SessionPaused: as :func:`session_by_code`.
        RoomFull: as many people as the room size allows have joined.
        InvalidInput: the name is too long.
        DuplicateName: someone in the engagement already has this name.
    """
    session = session_by_code(db, typed_code)
    wanted = name.strip() if isinstance(name, str) and not session.anonymous else ""
    if wanted:
        wanted = clean_name(wanted, "Your name")
    with write(db):
        # Joins of one session take turns, so that the room size and the numbering of
        # anonymous people hold on a server database too; then read again: a close, pause or
        # new code since the lookup wins.
        db.lock(f"joins of session {session.id}")
        rows = list(db.query("SELECT status FROM workshop_sessions WHERE id = ? AND code = ?",
                             [session.id, session.code]))
        if not rows or rows[0]["status"] == "closed":
            raise SessionUnavailable(NO_SESSION)
        if rows[0]["status"] == "paused":
            raise SessionPaused(PAUSED_JOIN)
        joined = db.execute("SELECT count(*) FROM participants WHERE session_id = ?",
                            [session.id]).fetchone()[0]
        if joined >= _room_size(db, session.id):
            raise RoomFull("This workshop is full: everyone the facilitator made room for has "
                           "joined. Ask the facilitator to make the room bigger.")
        if wanted:
            display = wanted
        else:
            stem = PARTICIPANT if session.anonymous else ANONYMOUS
            taken = {row["name"].casefold() for row in db.query(
                "SELECT name FROM participants WHERE engagement_id = ?",
                [session.engagement_id])}
            number = 1 + sum(1 for n in taken if n.startswith(stem.casefold()))
            while f"{stem} {number}".casefold() in taken:
                number += 1
            display = f"{stem} {number}"
        try:
            new_id = db.insert(
                "INSERT INTO participants (engagement_id, name, token, created_at, session_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [session.engagement_id, display, new_token(), now(), session.id])
        except Conflict as error:
            raise DuplicateName(f"Someone called “{display}” has already joined. If that was "
                                "you on another device, open your private link there; "
                                "otherwise add an initial.") from error
    rows = list(db.query("SELECT * FROM participants WHERE id = ?", [new_id]))
    return Participant(**rows[0])


def _room_size(db: Store, session_id: int) -> int:
    return db.execute("SELECT max_participants FROM workshop_sessions WHERE id = ?",
                      [session_id]).fetchone()[0]


def offered_vendors(db: Store, session: WorkshopSession) -> list[VendorRow]:
    """The vendors a session's participants score: its shortlist (the active vendors on it),
    or every active vendor of the engagement when it has none or none of it is left."""
    every = list_vendors(db, session.engagement_id)
    chosen = [vendor for vendor in every if vendor.id in set(session.shortlist)]
    return chosen or every


def session_participants(db: Store, session_id: int) -> list[Participant]:
    """The people who joined a session, in the order they joined."""
    return [Participant(**row) for row in db.query(
        "SELECT * FROM participants WHERE session_id = ? ORDER BY id", [session_id])]


def _within_ahp(key: str) -> bool:
    found = re.fullmatch(r"(\d{1,2}),(\d{1,2})", key)
    return bool(found) and int(found[1]) < int(found[2]) < weighting.MAX_ITEMS


def check_weight_inputs(method: str, inputs: dict[str, Any]) -> str:
    """Check one person's points or judgments; returns them as stored (JSON).

    Raises:
        InvalidInput: an unknown method, or a key or value out of shape or range.
    """
    if method not in WEIGHT_METHODS:
        raise InvalidInput(f"Participants weigh by 100 points or AHP, not {method!r}.")
    if not isinstance(inputs, dict) or len(inputs) > 500:
        raise InvalidInput("Weights must be a table of item and value.")
    for key, value in inputs.items():
        if (not isinstance(key, str) or isinstance(value, bool)
                or not isinstance(value, (int, float)) or not math.isfinite(value)):
            raise InvalidInput(f"The value for {key!r} must be a number.")
        if method == "points" and not (0 <= value <= 100 and float(value).is_integer()):
            raise InvalidInput(f"Points must be whole numbers from 0 to 100, not {value!r}.")
        if method == "ahp" and not _within_ahp(key):
            raise InvalidInput(f"A judgment must be keyed by a pair of positions, first the "
                               f"smaller, both below {weighting.MAX_ITEMS}, not {key!r}.")
        if method == "ahp" and not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
            raise InvalidInput(f"A judgment must lie between 1/9 and 9, not {value!r}.")
    return json.dumps(inputs, sort_keys=True)


def save_participant_weights(db: Store, participant_id: int, level: str,
                             method: str, inputs: dict[str, float]) -> None:
    """Save one person's points (by item id) or AHP judgments (by ``"i,j"``) for a level.

    Raises:
        InvalidInput: an unknown method, or a value that is not a number in range.
        SessionClosed, SessionPaused, TimeUp: the participant's workshop session is not open
            (or its countdown has ended).
    """
    payload = check_weight_inputs(method, inputs)
    with write(db):
        participation.check_accepting(db, [participant_id])
        db.execute("INSERT INTO participant_weights (participant_id, level, method, inputs, "
                   "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (participant_id, level, "
                   "method) DO UPDATE SET inputs = excluded.inputs, "
                   "updated_at = excluded.updated_at",
                   [participant_id, level, method, payload, now()])


def participant_weights(db: Store, participant_id: int, level: str,
                        method: str) -> dict[str, float] | None:
    """One person's saved points or judgments for a level, or None if they have none."""
    rows = list(db.query("SELECT inputs FROM participant_weights WHERE participant_id = ? "
                         "AND level = ? AND method = ?", [participant_id, level, method]))
    return json.loads(rows[0]["inputs"]) if rows else None


def session_weights(db: Store, session_id: int, level: str, method: str
                    ) -> dict[int, dict[str, float]]:
    """Everyone's saved points or judgments for a level in a session, by participant id."""
    return {row["participant_id"]: json.loads(row["inputs"]) for row in db.query(
        "SELECT w.participant_id, w.inputs FROM participant_weights w JOIN participants p "
        "ON p.id = w.participant_id WHERE p.session_id = ? AND w.level = ? AND w.method = ? "
        "ORDER BY p.id", [session_id, level, method])}


def session_counts(db: Store, session_id: int, banks: Iterable[str]
                   ) -> tuple[int, int]:
    """How many people joined a session, and how many of them gave anything: an answer in
    one of ``banks`` (the engagement's culture and maturity banks), weights at the session's
    level and method, or a vendor score. The same two numbers as the room's ``people`` and
    ``answering`` (:mod:`outcomes.room`), in one query: cheap enough for a projector that
    redraws them every half second.

    Raises:
        NotFound: the session does not exist.
    """
    session = get_session(db, session_id)
    chosen = list(banks)
    marks = ", ".join("?" for _ in chosen) or "NULL"
    row = db.execute(f"""
        SELECT count(*), coalesce(sum(CASE WHEN
          EXISTS (SELECT 1 FROM responses r WHERE r.participant_id = p.id
                  AND r.bank IN ({marks}) AND (r.value IS NOT NULL OR r.dont_know = 1))
          OR EXISTS (SELECT 1 FROM participant_weights w WHERE w.participant_id = p.id
                     AND w.level = ? AND w.method = ?)
          OR EXISTS (SELECT 1 FROM scores c JOIN vendors v ON v.id = c.vendor_id
                     WHERE c.participant_id = p.id AND c.score IS NOT NULL
                     AND v.archived = 0) THEN 1 ELSE 0 END), 0)
        FROM participants p WHERE p.session_id = ?""",
        [*chosen, session.weights_level, session.weights_method, session_id]).fetchone()
    return int(row[0]), int(row[1])


def session_fingerprint(db: Store, session_id: int) -> tuple:
    """A value that changes whenever the session, its people or anything they gave changes.

    Pages use it as a cache key so the room is recomputed only when needed: one query of
    indexed reads of the change counters of the session and its engagement (triggers count
    every change; see workspace.migrations.m024_server_database), however large the room.
    """
    row = next(db.query("""
        SELECT
          (SELECT updated_at || '/' || status FROM workshop_sessions WHERE id = :s) AS session,
          (SELECT coalesce(sum(n), 0) FROM change_counts
             WHERE scope = 'session' AND owner = :s) AS session_changes,
          (SELECT coalesce(sum(c.n), 0) FROM change_counts c JOIN workshop_sessions w
             ON c.owner = w.engagement_id WHERE c.scope = 'engagement' AND w.id = :s)
             AS engagement_changes
        """, {"s": session_id}))
    return tuple(row.values())
