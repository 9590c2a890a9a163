"""The workspace's one storage layer, over two engines: an embedded SQLite file (the default)
or a PostgreSQL server (``SOCIALREADY_DATABASE_URL``).

Both are reached through SQLAlchemy Core; this module is the only one that knows a driver.
Workspace modules write their SQL once, with ``?`` or ``:name`` placeholders, in the subset
both engines share, and use the few helpers here where they differ (:meth:`Store.concat_agg`,
:meth:`Store.least`). Connections run in autocommit mode: a read is its own statement, and a
write happens inside :meth:`Store.write`, which begins a transaction (SQLite: ``BEGIN
IMMEDIATE``, so that a read-then-write block cannot fail halfway with "database is locked")
and nests as savepoints.
"""
from __future__ import annotations

import itertools
import os
import re
import secrets
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.pool import NullPool

from workspace.errors import Conflict, WorkspaceBusy

_Read = TypeVar("_Read")

URL_VARIABLE = "SOCIALREADY_DATABASE_URL"
BUSY_TIMEOUT_MS = 5_000
# Beyond the busy timeout (SQLite) or a deadlock or serialization failure (PostgreSQL), the
# start of a write is retried this many times before giving up.
WRITE_ATTEMPTS = 3
# Rows of parameters sent to the driver at once by execute_many.
MANY_BATCH = 5_000
# Connections a process keeps to a PostgreSQL server, and how many more it opens at a peak;
# a page that cannot get one within POOL_TIMEOUT seconds says the workspace is busy.
POOL_SIZE = 10
POOL_OVERFLOW = 40
POOL_TIMEOUT = 10
_ENGINES_KEPT = 16

Params = Sequence[Any] | Mapping[str, Any] | None


def is_url(location: str | Path) -> bool:
    """Whether ``location`` names a database server (``postgresql://...``) rather than a file."""
    return isinstance(location, str) and "://" in location


def _url(location: str | Path) -> sa.URL:
    if is_url(location):
        url = sa.make_url(str(location))
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("postgresql", "sqlite"):
            raise ValueError(f"{URL_VARIABLE} must name a PostgreSQL database "
                             f"(postgresql://user@host/name), not {url.get_backend_name()}.")
        return url
    path = Path(location).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return sa.URL.create("sqlite+pysqlite", database=str(path))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_postgres_connect(dbapi_connection: Any, _record: Any) -> None:
    from psycopg.types.numeric import FloatLoader

    # avg() and sums of reals come back as numeric: read them as floats, as SQLite gives them.
    dbapi_connection.adapters.register_loader("numeric", FloatLoader)


_engines: OrderedDict[str, sa.Engine] = OrderedDict()
_engines_lock = threading.Lock()


def engine_for(location: str | Path) -> sa.Engine:
    """The engine (and connection pool) of a workspace file or database URL, one per process.

    Raises:
        ValueError: the URL names an engine other than PostgreSQL or SQLite.
    """
    url = _url(location)
    key = url.render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is not None:
            _engines.move_to_end(key)
            return engine
        if url.get_backend_name() == "sqlite":
            # A file: opening it is cheap, and a pool would keep files of finished tests open.
            engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                                      connect_args={"timeout": BUSY_TIMEOUT_MS / 1000,
                                                    "check_same_thread": False})
            event.listen(engine, "connect", _on_sqlite_connect)
        else:
            engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_size=POOL_SIZE,
                                      max_overflow=POOL_OVERFLOW, pool_timeout=POOL_TIMEOUT,
                                      pool_recycle=1800,
                                      connect_args={"application_name": "socialready",
                                                    # like SQLite's busy timeout: a write
                                                    # waits this long for another's lock
                                                    "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"})
            event.listen(engine, "connect", _on_postgres_connect)
        _engines[key] = engine
        while len(_engines) > _ENGINES_KEPT:
            _engines.popitem(last=False)[1].dispose()
        return engine


def forget_engine(location: str | Path) -> None:
    """Close the pooled connections to ``location`` (before a test drops its database)."""
    key = _url(location).render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.pop(key, None)
    if engine is not None:
        engine.dispose()


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|(?<!:):([A-Za-z_]\w*)|%")


@lru_cache(maxsize=4096)
def _format_style(sql: str) -> str:
    """``sql`` with ``?`` and ``:name`` placeholders in psycopg's style (``%s``, ``%(name)s``)
    and every other ``%`` doubled; text inside quotes is left as it is but for ``%``."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token.replace("%", "%%")
    return _PLACEHOLDER.sub(replace, sql)


def _as_given(sql: str) -> str:
    return sql


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase(text: str) -> str:
    """The key unique names are compared by, on both engines: ASCII letters folded, nothing
    else (SQLite's NOCASE, and ``lower(name)`` on either engine: SQLite's ``lower`` folds
    ASCII only, and so does PostgreSQL's under the "C" collation its text columns use)."""
    return text.translate(_ASCII_LOWER)


def _flag(value: Any) -> Any:
    # Flags are INTEGER 0/1 columns on both engines; PostgreSQL will not compare a boolean
    # with one, so a Python bool is given as that. PostgreSQL cannot keep a NUL character in
    # text: both engines drop it, so that both keep the same text.
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "")
    return value


def _params(params: Params) -> Any:
    if params is None:
        return ()
    if isinstance(params, Mapping):
        return {key: _flag(value) for key, value in params.items()}
    return tuple(_flag(value) for value in params)


def _busy(error: exc.DBAPIError) -> bool:
    """Whether a failure means "others held the workspace": SQLite's lock, PostgreSQL's
    deadlock or serialization failure (the transaction was rolled back; trying later works)."""
    state = getattr(error.orig, "sqlstate", None)
    if state is not None:
        return state in ("40P01", "40001", "55P03")
    text = str(error.orig)
    return isinstance(error, exc.OperationalError) and ("locked" in text or "busy" in text)


def _translated(error: exc.DBAPIError) -> Exception:
    """The workspace's error for a driver's: Conflict, WorkspaceBusy, or the error itself."""
    if isinstance(error, exc.IntegrityError):
        return _conflict(error)
    if _busy(error):
        return WorkspaceBusy("The workspace is busy with other people's answers; nothing was "
                             "saved. Try again in a moment.")
    return error


def _conflict(error: exc.IntegrityError) -> Conflict:
    """One error for a broken constraint or a refusing trigger, on either engine, its message
    naming the table and columns (SQLite's words: "UNIQUE constraint failed: t.a, t.b")."""
    original = error.orig
    diag = getattr(original, "diag", None)
    if diag is None:
        return Conflict(str(original))
    state = getattr(original, "sqlstate", "") or ""
    detail = diag.message_detail or ""
    columns = re.match(r"Key \((.*?)\)=", detail)
    table = diag.table_name or ""
    if state == "23505":
        names = ", ".join(f"{table}.{c.strip()}" for c in columns.group(1).split(",")) \
            if columns else (diag.constraint_name or table)
        return Conflict(f"UNIQUE constraint failed: {names}")
    if state == "23503":
        return Conflict(f"FOREIGN KEY constraint failed: {table} ({detail})")
    if state == "23514":
        return Conflict(f"CHECK constraint failed: {diag.constraint_name or table}")
    if state == "23502":
        return Conflict(f"NOT NULL constraint failed: {table}.{diag.column_name}")
    return Conflict(diag.message_primary or str(original))


class Rows:
    """A statement's result, read whole (the connection it came from is already back in the
    pool): ``fetchone``, ``fetchall``, ``fetchmany``, ``scalar``, ``keys`` and ``rowcount``."""

    def __init__(self, result: sa.CursorResult) -> None:
        self.rowcount = result.rowcount
        self._keys = list(result.keys()) if result.returns_rows else []
        self._rows = list(result.fetchall()) if result.returns_rows else []
        self._next = 0

    def keys(self) -> list[str]:
        return self._keys

    def fetchmany(self, size: int) -> list[Any]:
        rows = self._rows[self._next:self._next + size]
        self._next += len(rows)
        return rows

    def fetchone(self) -> Any:
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def fetchall(self) -> list[Any]:
        return self.fetchmany(len(self._rows))

    def scalar(self) -> Any:
        row = self.fetchone()
        return None if row is None else row[0]

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class Store:
    """An open workspace and the transactions on it. Not shared between threads at once
    (each script run opens its own).

    On SQLite it keeps one connection to the file (closed by :meth:`close`, or when garbage-
    collected). On PostgreSQL it holds one of the pool's connections only while it needs
    one: for a statement outside a write, or from the start of a write to its end. A page
    that forgets its handle then never keeps a connection from others.
    """

    def __init__(self, engine: sa.Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.dialect: str = engine.dialect.name
        self._connection: sa.Connection | None = None
        self._depth = 0
        self._reading = False
        self._pinned = self.dialect == "sqlite"
        self._prepare = _format_style if self.dialect == "postgresql" else _as_given

    # -- connection ------------------------------------------------------------------------

    def _checkout(self) -> sa.Connection:
        try:
            return self.engine.connect()
        except exc.TimeoutError as error:
            raise WorkspaceBusy("The workspace has no free connection right now; nothing "
                                "was saved. Try again in a moment.") from error

    @property
    def connection(self) -> sa.Connection:
        """The connection statements run on now (kept until :meth:`close` on SQLite, and
        during a write on PostgreSQL)."""
        if self._connection is None:
            self._connection = self._checkout()
        return self._connection

    @contextmanager
    def _statement_connection(self) -> Iterator[tuple[sa.Connection, bool]]:
        """The connection for one statement, and whether it is kept after it."""
        if self._pinned or self._depth:
            yield self.connection, True
            return
        connection = self._checkout()
        try:
            yield connection, False
        finally:
            connection.close()

    def close(self) -> None:
        """Give the connection back (an open transaction is rolled back)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing must not raise from __del__
                pass

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- statements ------------------------------------------------------------------------

    def execute(self, sql: str, params: Params = None) -> sa.CursorResult | Rows:
        """Run one statement; its result (rows as tuples, ``rowcount``).

        Raises:
            Conflict: a constraint or a trigger refused the change.
            WorkspaceBusy: the workspace stayed locked by other writers past the busy
                timeout, or no connection was free.
        """
        return self._run(sql, params, lambda result, kept: result if kept else Rows(result))

    def _run(self, sql: str, params: Params,
             read: Callable[[sa.CursorResult, bool], _Read]) -> _Read:
        """Run one statement and ``read`` its result while its connection is held (``read``
        is told whether the connection stays with this store afterwards)."""
        prepared, given = self._prepare(sql), _params(params)
        kept = self._pinned or bool(self._depth)
        for attempt in range(2):
            try:
                with self._statement_connection() as (connection, kept):
                    return read(connection.exec_driver_sql(prepared, given), kept)
            except exc.DBAPIError as error:
                # A pooled connection the server dropped (a restart): once more on a new one.
                if error.connection_invalidated and not kept and attempt == 0:
                    continue
                raise _translated(error) from error
        raise AssertionError("unreachable")

    def _table(self, sql: str, params: Params) -> tuple[list[str], list[tuple]]:
        """A query's column names and its rows as the driver's plain tuples (no row objects:
        a report reads hundreds of thousands)."""
        def read(result: sa.CursorResult, _kept: bool) -> tuple[list[str], list[tuple]]:
            keys = list(result.keys())
            dbapi = self.engine.dialect.dbapi
            try:
                rows = result.cursor.fetchall() if result.cursor is not None else []
            except dbapi.Error as error:
                # As SQLAlchemy wraps it, so that a busy workspace or a dropped connection
                # met while stepping through the rows is said as for any statement.
                raise exc.DBAPIError.instance(sql, None, error, dbapi.Error,
                                              dialect=self.engine.dialect) from error
            result.close()
            return keys, rows
        return self._run(sql, params, read)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per row of parameters (an insert of many rows).

        Raises:
            Conflict: a constraint or a trigger refused one of the rows.
        """
        prepared, given = self._prepare(sql), iter(rows)
        # In batches: a restore inserts a million answers, and a list of them all would
        # hold each row's parameters at once.
        while batch := [_params(row) for row in itertools.islice(given, MANY_BATCH)]:
            try:
                with self._statement_connection() as (connection, _kept):
                    connection.exec_driver_sql(prepared, batch)
            except exc.DBAPIError as error:
                raise _translated(error) from error

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """The rows of a query as dicts keyed by column name (all read before the first)."""
        result = self.execute(sql, params)
        keys = list(result.keys())
        return iter([dict(zip(keys, row)) for row in result.fetchall()])

    def rows(self, sql: str, params: Params = None) -> list[tuple]:
        """The rows of a query as tuples."""
        return self._table(sql, params)[1]

    def one(self, sql: str, params: Params = None) -> tuple | None:
        """The first row of a query as a tuple, or None."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def value(self, sql: str, params: Params = None) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def frame(self, sql: str, params: Params = None) -> pd.DataFrame:
        """The rows of a query as a DataFrame (read as tuples, not a dict per row)."""
        keys, rows = self._table(sql, params)
        return pd.DataFrame.from_records(rows, columns=keys, nrows=len(rows))

    def column_lists(self, sql: str, params: Params = None) -> list[list[Any]]:
        """The columns of a query's rows, each as a list of values (one list per column,
        empty lists when there is no row): a million rows become numbers for numpy this way
        in a third of what a DataFrame of them costs."""
        keys, rows = self._table(sql, params)
        return [[row[j] for row in rows] for j in range(len(keys))]

    def insert(self, sql: str, params: Params = None) -> int:
        """Run an ``INSERT`` into a table with an ``id`` key; the new row's id.

        Raises:
            Conflict: a constraint or a trigger refused the row.
        """
        return int(self.execute(f"{sql} RETURNING id", params).scalar_one())

    # -- transactions ----------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def write(self) -> Iterator[Store]:
        """Run the block as one write transaction; on any error nothing of it is kept.

        Inside another ``write`` block it becomes a savepoint of the outer transaction, so a
        function that writes can be part of a larger all-or-nothing change, and a statement
        expected to fail (a taken code, a duplicate) can be tried without spoiling the rest.

        Raises:
            WorkspaceBusy: other writers held the workspace for longer than the retry bound.
        """
        if self._reading:
            raise RuntimeError("a write inside a snapshot would not be kept")
        if self._depth:
            name = f"write_{secrets.token_hex(8)}"
            self.connection.exec_driver_sql(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                self.connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {name}")
                self.connection.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self._depth -= 1
                self.connection.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
            return
        try:
            self._begin()
        except BaseException:
            if not self._pinned:
                self.close()
            raise
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._end("ROLLBACK")
            raise
        else:
            self._depth = 0
            self._end("COMMIT")
        finally:
            if not self._pinned:
                self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Run the block's reads on one consistent view of the workspace, as it was when the
        first of them ran: what others write meanwhile is neither seen nor held up (a read
        transaction: SQLite in WAL mode reads its snapshot, PostgreSQL a repeatable-read
        one). Inside a write, the write's own view. The block must not write.

        Raises:
            RuntimeError: the block tried to write (a snapshot keeps nothing).
        """
        if self._depth:
            yield self
            return
        self.connection.exec_driver_sql(
            "BEGIN" if self.dialect == "sqlite"
            else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        self._depth, self._reading = 1, True
        try:
            yield self
        finally:
            self._depth, self._reading = 0, False
            self._end("ROLLBACK")                  # a read: nothing to keep
            if not self._pinned:
                self.close()

    def _begin(self) -> None:
        begin = "BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN"
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.connection.exec_driver_sql(begin)
                return
            except exc.OperationalError as error:
                if "locked" not in str(error.orig) and "busy" not in str(error.orig):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise WorkspaceBusy(
                        "The workspace is busy with other people's answers; nothing was "
                        "saved. Try again in a moment.") from error
                time.sleep(0.05 * (attempt + 1))

    def _end(self, statement: str) -> None:
        try:
            self.connection.exec_driver_sql(statement)
        except exc.OperationalError as error:
            if statement == "ROLLBACK":
                return   # the engine already rolled it back (a dropped connection)
            self.close()
            raise WorkspaceBusy("The workspace could not keep this change; nothing was "
                                "saved. Try again in a moment.") from error
        except exc.DBAPIError as error:
            # PostgreSQL checks deferred constraints and serialization at COMMIT.
            raise _translated(error) from error

    def lock(self, name: str) -> None:
        """Make writers that take the same lock take turns until the end of this write.

        For a block that reads and then writes what another writer could change in between:
        on SQLite every write transaction already takes turns (``BEGIN IMMEDIATE``); on
        PostgreSQL this is a transaction-level advisory lock on ``name``.

        Raises:
            RuntimeError: called outside :meth:`write`.
        """
        if not self._depth:
            raise RuntimeError("Store.lock is for inside a write block")
        if self.dialect == "postgresql":
            self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [name])

    # -- what differs between the engines ---------------------------------------------------

    def for_update(self) -> str:
        """A clause ending a ``SELECT`` of rows this write will change: on PostgreSQL the rows
        stay locked until the end of the write, so that two writers that read "open" cannot
        both act on it (SQLite's writers take turns anyway)."""
        return " FOR UPDATE" if self.dialect == "postgresql" else ""

    def for_share(self, table: str) -> str:
        """A clause ending a ``SELECT`` that a write depends on (a session still open): on
        PostgreSQL a close of those rows waits for this write, and this write waits for a
        close in progress, then sees it."""
        return f" FOR SHARE OF {table}" if self.dialect == "postgresql" else ""

    def concat_agg(self, expression: str, separator: str, order: str = "") -> str:
        """SQL joining ``expression`` over a group's rows with ``separator`` (a literal), in
        the order of ``order`` on PostgreSQL (SQLite joins them in the order it reads)."""
        if self.dialect == "postgresql":
            ordered = f" ORDER BY {order}" if order else ""
            return f"string_agg(CAST({expression} AS TEXT), {separator}{ordered})"
        return f"group_concat({expression}, {separator})"

    def least(self, *expressions: str) -> str:
        """SQL for the smallest of several values of one row."""
        name = "least" if self.dialect == "postgresql" else "min"
        return f"{name}({', '.join(expressions)})"

    def table_names(self) -> list[str]:
        """The workspace's tables (not its views or indexes)."""
        with self._statement_connection() as (connection, _kept):
            return sa.inspect(connection).get_table_names()

    def tables_by_reference(self) -> list[str]:
        """The workspace's tables, each after the tables its foreign keys refer to."""
        metadata = sa.MetaData()
        with self._statement_connection() as (connection, _kept), warnings.catch_warnings():
            # Indexes on expressions are not needed here (only references), nor reflected.
            warnings.simplefilter("ignore", exc.SAWarning)
            metadata.reflect(bind=connection)
        return [table.name for table in metadata.sorted_tables]

    def columns(self, table: str) -> list[str]:
        """The names of a table's columns, in order."""
        with self._statement_connection() as (connection, _kept):
            return [column["name"] for column in sa.inspect(connection).get_columns(table)]


def open_store(location: str | Path) -> Store:
    """A :class:`Store` on a workspace file (created if missing) or a database URL.

    Raises:
        ValueError: the URL names an engine other than PostgreSQL or SQLite.
    """
    return Store(engine_for(location), str(location))


def default_location(default_path: Path) -> str | Path:
    """``$SOCIALREADY_DATABASE_URL`` if set, else the default workspace file."""
    configured = os.environ.get(URL_VARIABLE, "").strip()
    return configured or default_path
