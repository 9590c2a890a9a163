"""One schema on two engines: a PostgreSQL database built from its baseline and the later
migrations has the tables, columns, keys, references, unique names and indexes that a SQLite
file gets from the whole history of migrations."""
from __future__ import annotations

import re

import sqlalchemy as sa

import workspace
from workspace.migrations import LATEST_VERSION, schema_version

BOOKKEEPING = {"_sqlite_migrations", "schema_migrations"}
KINDS = {"INTEGER": "integer", "BIGINT": "integer", "REAL": "real", "DOUBLE": "real",
         "DOUBLE_PRECISION": "real", "TEXT": "text"}


def _normalized(columns: str) -> tuple[str, ...]:
    text = re.sub(r"::\w+", "", columns.lower()).replace("ifnull(", "coalesce(")
    text = re.sub(r"\s+", "", text).replace("(0)", "0")
    return tuple(re.split(r",(?![^(]*\))", text))


def _indexes(db, table: str) -> list[tuple[str, bool, str]]:
    """(columns, unique, partial condition) of each index made by CREATE INDEX."""
    if db.dialect == "sqlite":
        rows = db.rows("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                       "AND sql IS NOT NULL", [table])
    else:
        rows = db.rows("SELECT indexdef FROM pg_indexes WHERE tablename = ? AND indexname "
                       "NOT IN (SELECT conname FROM pg_constraint)", [table])
    found = []
    for (sql,) in rows:
        definition, _, where = sql.replace("\n", " ").partition(" WHERE ")
        columns = re.search(r"\((.*)\)\s*$", definition).group(1)
        where = re.sub(r"[\s()]|::text", "", where.replace("!=", "<>"))
        found.append((_normalized(columns), sql.upper().startswith("CREATE UNIQUE"), where))
    return found


def _unique_keys(db, inspector, table: str) -> set[tuple[str, ...]]:
    """Each set of columns that must be unique, a name compared without case as "lower(x)"."""
    keys = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    if db.dialect == "sqlite":
        create = db.value("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        folded = set(re.findall(r"(\w+) TEXT NOT NULL (?:UNIQUE )?COLLATE NOCASE", create))
        keys = {tuple(f"lower({c})" if c in folded else c for c in key) for key in keys}
    return keys


def _references(db, inspector, table: str) -> set[tuple]:
    if db.dialect == "sqlite":
        rows = db.rows(f"PRAGMA foreign_key_list({table})")
        grouped: dict[int, list] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        return {(tuple(r[3] for r in group), group[0][2], tuple(r[4] for r in group),
                 group[0][6]) for group in grouped.values()}
    return {(tuple(f["constrained_columns"]), f["referred_table"],
             tuple(f["referred_columns"]), f["options"].get("ondelete", "NO ACTION"))
            for f in inspector.get_foreign_keys(table)}


def describe(db) -> dict[str, dict]:
    inspector = sa.inspect(db.connection)
    described = {}
    for table in sorted(set(inspector.get_table_names()) - BOOKKEEPING):
        pk = tuple(inspector.get_pk_constraint(table)["constrained_columns"])
        columns = [(c["name"], KINDS[str(c["type"]).split()[0].split("(")[0]],
                    c["nullable"] and c["name"] not in pk, c["default"] is not None)
                   for c in inspector.get_columns(table)]
        indexes = _indexes(db, table)
        described[table] = {"columns": columns, "key": pk,
                            "references": _references(db, inspector, table),
                            "unique": _unique_keys(db, inspector, table)
                            | {key for key, unique, where in indexes if unique and not where},
                            "indexes": {i for i in indexes if not i[1] or i[2]}}
    return described


def test_postgresql_gets_the_schema_sqlite_files_get(tmp_path, postgres):
    sqlite = workspace.open_workspace(tmp_path / "w.db", seed_example_engagement=False)
    name = postgres.create()
    try:
        server = workspace.open_workspace(postgres.url_of(name), seed_example_engagement=False)
        assert schema_version(server) == schema_version(sqlite) == LATEST_VERSION
        on_sqlite, on_server = describe(sqlite), describe(server)
        assert set(on_sqlite) == set(on_server)
        for table in on_sqlite:
            assert on_server[table] == on_sqlite[table], table
        server.close()
    finally:
        postgres.drop(name)
