"""Opening the workspace: where it is, its connection, transactions and the clock.

The workspace is one SQLite file (the default, per user) or a PostgreSQL database named by
``$SOCIALREADY_DATABASE_URL``; :mod:`workspace.store` is the layer over both. Every write goes
through :func:`write`, one transaction that nests as savepoints.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from workspace.store import URL_VARIABLE, Store, default_location, open_store

PATH_VARIABLE = "SOCIALREADY_WORKSPACE"


def default_path() -> Path:
    """The workspace file: ``$SOCIALREADY_WORKSPACE`` or ``workspace.db`` in the user data dir."""
    configured = os.environ.get(PATH_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("socialready", appauthor=False) / "workspace.db"


def location() -> str | Path:
    """Where the app's workspace is: ``$SOCIALREADY_DATABASE_URL``, else :func:`default_path`."""
    return default_location(default_path())


def connect(where: str | Path) -> Store:
    """Open (creating a file if needed) the workspace file or database URL ``where``.

    Raises:
        ValueError: the URL names an engine other than PostgreSQL or SQLite.
    """
    return open_store(where)


@contextmanager
def write(db: Store) -> Iterator[Store]:
    """Run the block as one write transaction (see :meth:`workspace.store.Store.write`).

    Raises:
        WorkspaceBusy: other writers held the workspace for longer than the retry bound.
    """
    with db.write():
        yield db


def now() -> str:
    """The current UTC time as an ISO 8601 string with seconds, as stored in the workspace."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
