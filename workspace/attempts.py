"""Counted attempts (wrong codes, wrong secrets, joins) kept in the workspace, so that limits
hold across connections, server processes and replicas.

Each key (``code/address/192.0.2.7``, ``code/everyone``, ...) has one row: how many attempts
in its current window, when the window started, the earliest next attempt, and when the row
stops mattering (rows past that are deleted as attempts come in). An attempt is counted
*before* it is checked (:func:`take`), in one write transaction over all its keys, so
parallel attempts cannot slip past a limit together; one that turns out to be right is
uncounted again (:func:`give_back`).
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass


from workshops.throttle import Count, Limit
from workspace.db import write
from workspace.store import Store

Keys = Sequence[tuple[str, Limit]]


@dataclass(frozen=True)
class Taken:
    """An attempt counted against ``keys`` (``before``/``after``: each key's count)."""
    keys: tuple[tuple[str, Limit], ...]
    before: tuple[Count | None, ...]
    after: tuple[Count, ...]


@dataclass(frozen=True)
class Refused:
    """An attempt that was not made: ``key`` must wait ``wait`` more seconds."""
    key: str
    wait: float


def _count(db: Store, key: str) -> Count | None:
    rows = list(db.query("SELECT events, window_start, next_allowed FROM attempt_limits "
                         "WHERE key = ?", [key]))
    return Count(**rows[0]) if rows else None


def _store(db: Store, key: str, limit: Limit, count: Count | None) -> None:
    if count is None:
        db.execute("DELETE FROM attempt_limits WHERE key = ?", [key])
        return
    db.execute("INSERT INTO attempt_limits (key, events, window_start, next_allowed, expires_at) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
               "events = excluded.events, window_start = excluded.window_start, "
               "next_allowed = excluded.next_allowed, expires_at = excluded.expires_at",
               [key, count.events, count.window_start, count.next_allowed,
                limit.expires(count)])


def wait_for(db: Store, keys: Keys, now: float | None = None) -> Refused | None:
    """The longest wait among ``keys`` (read only), or None when none must wait."""
    now = time.time() if now is None else now
    waits = [Refused(key, limit.wait(_count(db, key), now)) for key, limit in keys]
    longest = max(waits, key=lambda refused: refused.wait, default=None)
    return longest if longest is not None and longest.wait > 0 else None


def take(db: Store, keys: Keys, now: float | None = None) -> Taken | Refused:
    """Count one attempt against every key, unless one of them must wait first.

    Returns :class:`Taken` (counted; pass it to :func:`give_back` if the attempt succeeds)
    or :class:`Refused` (nothing counted: the key with the longest wait, and the wait).

    Raises:
        WorkspaceBusy: other writers held the workspace for too long; nothing was counted.
    """
    now = time.time() if now is None else now
    with write(db):
        db.lock("attempt_limits")   # read, then count: attempts take turns
        db.execute("DELETE FROM attempt_limits WHERE expires_at < ?", [now])
        before = tuple(_count(db, key) for key, _ in keys)
        waits = [Refused(key, limit.wait(count, now))
                 for (key, limit), count in zip(keys, before)]
        longest = max(waits, key=lambda refused: refused.wait, default=None)
        if longest is not None and longest.wait > 0:
            return longest
        after = tuple(limit.counted(count, now) for (_, limit), count in zip(keys, before))
        for (key, limit), count in zip(keys, after):
            _store(db, key, limit, count)
    return Taken(tuple(keys), before, after)


def give_back(db: Store, taken: Taken) -> None:
    """Uncount an attempt that succeeded (a right code, the right secret, a join that failed
    for another reason). A key counted by nobody else since is put back as it was; one that
    others counted meanwhile loses just this attempt.

    Raises:
        WorkspaceBusy: other writers held the workspace for too long.
    """
    with write(db):
        db.lock("attempt_limits")
        for (key, limit), before, after in zip(taken.keys, taken.before, taken.after):
            current = _count(db, key)
            if current is None:
                continue
            if current == after:
                _store(db, key, limit, before)
            else:
                _store(db, key, limit, Count(max(0, current.events - 1),
                                             current.window_start, current.next_allowed))
