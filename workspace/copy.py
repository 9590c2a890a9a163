"""Copying a whole workspace from one engine to the other: a SQLite file into a PostgreSQL
database when one machine is no longer enough, and back (``python -m workspace copy``).

The copy is all-or-nothing (one write transaction on the target) and keeps every id, so that
private links, join codes and backups made before still work. The target must be empty:
a new file or database, migrated to the same schema version as the source.
"""
from __future__ import annotations

from pathlib import Path

from workspace.errors import InvalidInput
from workspace.migrations import schema_version
from workspace.store import Store

# Bookkeeping the target keeps for itself: its own migrations, and its change counters
# (the copy's inserts count themselves).
_NOT_COPIED = {"_sqlite_migrations", "schema_migrations", "change_counts"}
BATCH_ROWS = 5_000


def _tables_in_order(db: Store) -> list[str]:
    """The workspace's tables, each after the tables it refers to."""
    return [name for name in db.tables_by_reference() if name not in _NOT_COPIED]


def _is_empty(db: Store) -> bool:
    return not any(db.value(f"SELECT count(*) FROM {table}")
                   for table in _tables_in_order(db))


def copy_workspace(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target``; rows copied per table.

    Both must be migrated to the latest schema (``open_workspace`` does that).

    Raises:
        InvalidInput: the target already holds data, or the schema versions differ; nothing
            is copied.
        WorkspaceBusy: the target stayed locked by other writers; nothing is copied.
    """
    if schema_version(source) != schema_version(target):
        raise InvalidInput("The two workspaces are at different schema versions: open both "
                           "with this version of the app first.")
    if not _is_empty(target):
        raise InvalidInput("The target workspace already holds data; copy into a new, empty "
                           "file or database.")
    copied: dict[str, int] = {}
    with target.write():
        for table in _tables_in_order(source):
            columns = [c for c in source.columns(table) if c in set(target.columns(table))]
            names = ", ".join(columns)
            insert = (f"INSERT INTO {table} ({names}) "
                      f"VALUES ({', '.join('?' for _ in columns)})")
            result = source.execute(f"SELECT {names} FROM {table}")
            count = 0
            while batch := result.fetchmany(BATCH_ROWS):
                target.execute_many(insert, [tuple(row) for row in batch])
                count += len(batch)
            copied[table] = count
            if target.dialect == "postgresql" and target.value(
                    "SELECT pg_get_serial_sequence(?, 'id')", [table]) if "id" in columns \
                    else False:
                # Ids were copied as they were: new rows continue after the largest.
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"coalesce(max(id), 0) + 1, false) FROM {table}")
    return copied


def main(argv: list[str]) -> int:
    """``python -m workspace copy SOURCE TARGET``: SOURCE and TARGET are workspace files or
    database URLs (``postgresql://user@host/name``)."""
    import workspace

    if len(argv) != 3 or argv[0] != "copy":
        print("usage: python -m workspace copy SOURCE TARGET\n"
              "  SOURCE, TARGET: a workspace file (workspace.db) or a PostgreSQL URL "
              "(postgresql://user@host/name); TARGET must be new or empty.")
        return 2
    source_location, target_location = argv[1], argv[2]
    if "://" not in source_location and not Path(source_location).exists():
        print(f"There is no workspace file at {source_location}.")
        return 1
    source = workspace.open_workspace(source_location, seed_example_engagement=False)
    target = workspace.open_workspace(target_location, seed_example_engagement=False)
    try:
        copied = copy_workspace(source, target)
    except workspace.WorkspaceError as error:
        print(error)
        return 1
    finally:
        source.close()
        target.close()
    print(f"Copied {sum(copied.values()):,} rows of {len(copied)} tables "
          f"({copied.get('engagements', 0)} engagements).")
    return 0
