"""Facilitator sign-ins kept in the workspace, so that a refresh, a new tab, another server
process or a replica finds them (see :mod:`workshops.sign_in` for the cookie around them).

A sign-in row holds the SHA-256 of its token (never the token), the SHA-256 of its one-time
hand-over code until the code is traded, a mark of the secret it was made under, when it
expires and when it ended. Times are wall-clock seconds (``time.time()``), as in
:mod:`workspace.attempts`.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass


from workshops.sign_in import HANDOFF_SECONDS, digest, well_formed
from workspace.db import write
from workspace.store import Store

#: Ended or expired rows are deleted this long after they stopped mattering.
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Handover:
    """A sign-in just started: its row and the one-time code the browser trades for the
    cookie (held only in the signing-in tab's memory, never stored)."""
    sign_in_id: int
    code: str


@dataclass(frozen=True)
class Token:
    """What the cookie holds (``token``) and for how many more seconds it is good."""
    token: str
    seconds_left: int


def start(db: Store, tag: str, hours: int, now: float | None = None
          ) -> Handover:
    """Start a sign-in for ``hours`` under the secret marked ``tag``; old rows are dropped.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long; nothing was stored.
    """
    now = time.time() if now is None else now
    code = secrets.token_urlsafe(32)
    with write(db):
        db.execute("DELETE FROM facilitator_sign_ins WHERE expires_at < :old "
                   "OR ended_at < :old", {"old": now - KEEP_SECONDS})
        new_id = db.insert(
            "INSERT INTO facilitator_sign_ins (token_hash, handoff_hash, handoff_expires, "
            "secret_tag, created_at, expires_at) VALUES (NULL, ?, ?, ?, ?, ?)",
            [digest(code), now + HANDOFF_SECONDS, tag, now, now + hours * 3600])
    return Handover(new_id, code)


def hand_over(db: Store, code: str, now: float | None = None
              ) -> Token | None:
    """Trade a hand-over code for the sign-in's token (once, within ``HANDOFF_SECONDS``);
    None when the code is unknown, used, late, or its sign-in ended or expired.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long.
    """
    if not well_formed(code):
        return None
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    with write(db):
        row = db.execute(
            "UPDATE facilitator_sign_ins SET token_hash = ?, handoff_hash = NULL "
            "WHERE handoff_hash = ? AND handoff_expires >= ? AND ended_at IS NULL "
            "AND expires_at > ? RETURNING expires_at",
            [digest(token), digest(code), now, now]).fetchall()
    if not row:
        return None
    return Token(token, int(row[0][0] - now))


def by_token(db: Store, token: str, tag: str, now: float | None = None
             ) -> int | None:
    """The sign-in a cookie's token belongs to (its id), if it is still good under the
    secret marked ``tag``; None otherwise."""
    if not well_formed(token):
        return None
    now = time.time() if now is None else now
    row = db.execute("SELECT id FROM facilitator_sign_ins WHERE token_hash = ? "
                     "AND secret_tag = ? AND ended_at IS NULL AND expires_at > ?",
                     [digest(token), tag, now]).fetchone()
    return row[0] if row else None


def still_good(db: Store, sign_in_id: int, tag: str,
               now: float | None = None) -> bool:
    """Whether the sign-in has neither ended nor expired, under the secret marked ``tag``."""
    now = time.time() if now is None else now
    return db.execute("SELECT 1 FROM facilitator_sign_ins WHERE id = ? AND secret_tag = ? "
                      "AND ended_at IS NULL AND expires_at > ?",
                      [sign_in_id, tag, now]).fetchone() is not None


def handed_over(db: Store, sign_in_id: int) -> bool:
    """Whether the sign-in's hand-over code was traded for a cookie (or can be no more)."""
    row = db.execute("SELECT handoff_hash FROM facilitator_sign_ins WHERE id = ?",
                     [sign_in_id]).fetchone()
    return row is None or row[0] is None


def end(db: Store, sign_in_id: int | None = None, token: str | None = None,
        now: float | None = None) -> None:
    """End a sign-in, found by its id or by its cookie's token: every tab holding it is
    signed out at its next step.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long.
    """
    now = time.time() if now is None else now
    with write(db):
        if sign_in_id is not None:
            db.execute("UPDATE facilitator_sign_ins SET ended_at = ?, handoff_hash = NULL "
                       "WHERE id = ? AND ended_at IS NULL", [now, sign_in_id])
        if token is not None and well_formed(token):
            db.execute("UPDATE facilitator_sign_ins SET ended_at = ?, handoff_hash = NULL "
                       "WHERE token_hash = ? AND ended_at IS NULL", [now, digest(token)])


#: A company sign-in's cookie lasts 30 days (Streamlit's); its end is kept as long.
COMPANY_KEEP_SECONDS = 31 * 24 * 3600


def end_company_sign_in(db: Store, login: str, now: float | None = None) -> None:
    """Record that the company sign-in marked ``login`` (a digest: see ui.identity) was
    signed out: every tab and replica holding it stops at its next step.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long.
    """
    now = time.time() if now is None else now
    with write(db):
        db.execute("DELETE FROM company_sign_outs WHERE ended_at < ?",
                   [now - COMPANY_KEEP_SECONDS])
        db.execute("INSERT INTO company_sign_outs (login, ended_at) VALUES (?, ?) "
                   "ON CONFLICT (login) DO NOTHING", [login, now])


def company_sign_in_ended(db: Store, login: str) -> bool:
    """Whether the company sign-in marked ``login`` was signed out."""
    return db.value("SELECT count(*) FROM company_sign_outs WHERE login = ?", [login]) > 0
