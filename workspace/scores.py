"""Vendor scores: one row per scorer x vendor x criterion, on the anchored 0-5 scale."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from workspace import audit, participation
from workspace.db import now, write
from workspace.engagements import TEXT_MAX
from workspace.errors import InvalidInput
from workspace.store import Store

SCORE_COLUMNS = ["scorer_id", "scorer", "vendor_id", "vendor", "criterion", "score", "evidence",
                 "updated_at"]


@dataclass(frozen=True)
class Score:
    """One scorer's score (None = not scored) and evidence for a vendor on a criterion."""
    scorer_id: int
    vendor_id: int
    criterion: str
    score: float | None
    evidence: str = ""


def _check(score: Score) -> None:
    value = score.score
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                              or not math.isfinite(value) or not 0 <= value <= 5):
        raise InvalidInput(f"The score on {score.criterion} must be a number from 0 to 5, "
                           f"not {value!r}.")
    if len(score.evidence) > TEXT_MAX:
        raise InvalidInput(f"The evidence note on {score.criterion} is too long.")


# Cells looked up per query (three parameters each, well under SQLite's 32,766).
_CELLS_PER_QUERY = 5_000


def _current(db: Store, cells: list[tuple[int, int, str]]
             ) -> dict[tuple[int, int, str], dict]:
    """The stored score and evidence of each (scorer, vendor, criterion) cell that has a row,
    found by primary key (saving one cell of a full grid reads one row, not the grid)."""
    found = {}
    for start in range(0, len(cells), _CELLS_PER_QUERY):
        chunk = cells[start:start + _CELLS_PER_QUERY]
        values = ", ".join("(?, ?, ?)" for _ in chunk)
        for row in db.query(
                f"WITH wanted (p, v, c) AS (VALUES {values}) SELECT s.participant_id, "
                "s.vendor_id, s.criterion, s.score, s.evidence FROM wanted JOIN scores s "
                "ON s.participant_id = wanted.p AND s.vendor_id = wanted.v "
                "AND s.criterion = wanted.c", [x for cell in chunk for x in cell]):
            found[(row["participant_id"], row["vendor_id"], row["criterion"])] = row
    return found


def _trail(db: Store, scores: list[Score], fields: tuple[str, ...],
           note: str, stamp: str) -> None:
    """Write the audit trail of ``scores`` (the ``fields`` they change) before they are
    saved, in the caller's transaction: the scorer is who changed them."""
    scorers = sorted({s.scorer_id for s in scores})
    if not scorers:
        return
    marks = ", ".join("?" * len(scorers))
    people = {row["id"]: (row["engagement_id"], row["name"]) for row in db.query(
        f"SELECT id, engagement_id, name FROM participants WHERE id IN ({marks})", scorers)}
    engagements = sorted({engagement for engagement, _ in people.values()})
    vendors = {row["id"]: row["name"] for row in db.query(
        f"SELECT id, name FROM vendors WHERE engagement_id IN "
        f"({', '.join('?' * len(engagements))})", engagements)}
    criteria = {(row["engagement_id"], row["id"]): row["name"] for row in db.query(
        f"SELECT engagement_id, id, name FROM criteria WHERE engagement_id IN "
        f"({', '.join('?' * len(engagements))})", engagements)}
    before = _current(db, [(s.scorer_id, s.vendor_id, s.criterion) for s in scores])
    by_scorer: dict[int, list[audit.Change]] = {}
    for s in scores:
        if s.scorer_id not in people:
            continue                    # the insert refuses it (foreign key)
        engagement, _ = people[s.scorer_id]
        old = before.get((s.scorer_id, s.vendor_id, s.criterion))
        where = {"item": s.criterion,
                 "item_name": criteria.get((engagement, s.criterion), s.criterion),
                 "vendor_id": s.vendor_id, "vendor": vendors.get(s.vendor_id, "")}
        changes = by_scorer.setdefault(s.scorer_id, [])
        if "score" in fields:
            changes.append(audit.Change("score", "score",
                                        audit.number(old["score"]) if old else None,
                                        audit.number(s.score), **where))
        if "evidence" in fields:
            changes.append(audit.Change("score", "evidence", (old["evidence"] or None)
                                        if old else None, s.evidence or None, **where))
    for scorer, changes in by_scorer.items():
        engagement, name = people[scorer]
        audit.record(db, engagement, changes, audit.clean_actor(name), note, stamp)


def _upsert(db: Store, scores: list[Score], update: str,
            note: str = "") -> int:
    """Insert or update ``scores`` in one transaction, with their audit trail (the scorer
    changed them; ``note`` says why); ``update`` names the columns an existing row takes
    from its new value.

    Raises:
        InvalidInput: a score is outside 0-5 or not a number, or a workshop participant's
            evidence note is over the workshop's caps; nothing is saved.
        SessionClosed, SessionPaused, TimeUp: a workshop participant's session is not open
            (or its countdown has ended).
    """
    for score in scores:
        _check(score)
    note = audit.clean_note(note)
    stamp = now()
    fields = tuple(f for f in ("score", "evidence") if f"{f} = excluded" in update)
    with write(db):
        capped = participation.check_accepting(db, (s.scorer_id for s in scores))
        _trail(db, scores, fields, note, stamp)
        for s in scores:
            participation.check_note(capped, s.scorer_id, s.evidence,
                                     f"The evidence note on {s.criterion}")
            db.execute("INSERT INTO scores (participant_id, vendor_id, criterion, score, "
                       "evidence, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                       f"(participant_id, vendor_id, criterion) DO UPDATE SET {update}, "
                       "updated_at = excluded.updated_at",
                       [s.scorer_id, s.vendor_id, s.criterion,
                        None if s.score is None else float(s.score), s.evidence, stamp])
        participation.check_total(db, capped & {s.scorer_id for s in scores if s.evidence})
    return len(scores)


def save_scores(db: Store, scores: Iterable[Score], note: str = "") -> int:
    """Save many scores in one transaction: all of them or none. The audit trail keeps
    each change with ``note``.

    Raises:
        InvalidInput, SessionClosed, SessionPaused: see :func:`_upsert`; nothing is saved.
    """
    return _upsert(db, list(scores), "score = excluded.score, evidence = excluded.evidence",
                   note)


def save_score_values(db: Store, scorer_id: int,
                      values: Mapping[tuple[int, str], float | None]) -> int:
    """Save one scorer's scores by (vendor id, criterion), keeping each cell's evidence note.

    None clears a score. All of them are saved in one transaction, or none.

    Raises:
        InvalidInput, SessionClosed, SessionPaused: see :func:`_upsert`; nothing is saved.
    """
    return _upsert(db, [Score(scorer_id, vendor_id, criterion, value)
                        for (vendor_id, criterion), value in values.items()],
                   "score = excluded.score")


def save_evidence(db: Store, scorer_id: int,
                  notes: Mapping[tuple[int, str], str]) -> int:
    """Save one scorer's evidence notes by (vendor id, criterion), keeping each cell's score.

    All of them are saved in one transaction, or none.

    Raises:
        InvalidInput, SessionClosed, SessionPaused: see :func:`_upsert` (a note too long);
            nothing is saved.
    """
    return _upsert(db, [Score(scorer_id, vendor_id, criterion, None, str(note))
                        for (vendor_id, criterion), note in notes.items()],
                   "evidence = excluded.evidence")


def engagement_scores(db: Store, engagement_id: int, include_archived: bool = False,
                      session_id: int | None = None) -> pd.DataFrame:
    """Every score of an engagement's vendors, one row per scorer x vendor x criterion; with
    ``session_id``, only those of the people who joined that workshop session."""
    archived = "" if include_archived else " AND v.archived = 0"
    session = "" if session_id is None else " AND p.session_id = ?"
    frame = db.frame(
        "SELECT s.participant_id AS scorer_id, p.name AS scorer, s.vendor_id, v.name AS vendor, "
        "s.criterion, s.score, s.evidence, s.updated_at FROM scores s "
        "JOIN vendors v ON v.id = s.vendor_id JOIN participants p ON p.id = s.participant_id "
        f"WHERE v.engagement_id = ?{archived}{session} ORDER BY v.id, s.criterion, p.id",
        [engagement_id, *([] if session_id is None else [session_id])])
    frame["score"] = pd.to_numeric(frame["score"]).astype(float)
    return frame


def scores_given(db: Store, participant_id: int,
                 vendor_ids: Iterable[int] | None = None) -> int:
    """How many scores one scorer has given (not counting cleared ones), to every active
    vendor or to those of ``vendor_ids`` (a workshop's shortlist)."""
    only = sorted(set(vendor_ids)) if vendor_ids is not None else None
    among = f" AND v.id IN ({', '.join('?' * len(only))})" if only else ""
    if only == []:
        return 0
    row = next(db.query("SELECT count(*) AS n FROM scores s JOIN vendors v ON v.id = s.vendor_id "
                        "WHERE s.participant_id = ? AND s.score IS NOT NULL AND v.archived = 0"
                        + among, [participant_id, *(only or [])]))
    return int(row["n"])
