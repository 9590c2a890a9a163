"""Opening the workspace file: connection settings, transactions and the default path.

The workspace is one SQLite file. Every connection turns on WAL, foreign keys and a busy
timeout; every write goes through :func:`write`, which starts with ``BEGIN IMMEDIATE`` so that a
transaction that reads and then writes cannot fail with "database is locked" halfway.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import platformdirs
import sqlite_utils

from workspace.errors import WorkspaceBusy

PATH_VARIABLE = "SOCIALREADY_WORKSPACE"
BUSY_TIMEOUT_MS = 5_000
# Beyond the busy timeout, BEGIN IMMEDIATE is retried this many times before giving up.
WRITE_ATTEMPTS = 3


def default_path() -> Path:
    """The workspace file: ``$SOCIALREADY_WORKSPACE`` or ``workspace.db`` in the user data dir."""
    configured = os.environ.get(PATH_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("socialready", appauthor=False) / "workspace.db"


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the SQLite file at ``path`` with the workspace's settings."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: no implicit transactions; write() and sqlite-utils' atomic() say
    # exactly where each transaction begins and ends.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return sqlite_utils.Database(conn)


@contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block as one write transaction; on any error nothing of it is kept.

    Inside another ``write`` block it becomes a savepoint of the outer transaction, so a
    function that writes can be part of a larger all-or-nothing change.

    Raises:
        WorkspaceBusy: other writers held the file for longer than the retry bound.
    """
    if db.conn.in_transaction:
        name = f"write_{secrets.token_hex(8)}"
        db.conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            db.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            db.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            db.conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    for attempt in range(WRITE_ATTEMPTS):
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if attempt == WRITE_ATTEMPTS - 1:
                raise WorkspaceBusy(
                    "The workspace is busy with other people's answers; nothing was saved. "
                    "Try again in a moment.") from error
            time.sleep(0.05 * (attempt + 1))
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def now() -> str:
    """The current UTC time as an ISO 8601 string with seconds, as stored in the workspace."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
