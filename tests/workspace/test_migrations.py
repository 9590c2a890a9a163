"""Schema versions: a new file gets the latest schema; an older file is upgraded in place."""

import pytest

import workspace
from workspace.db import connect
from workspace.migrations import LATEST_VERSION, migrate, migrations, schema_version


def test_empty_file_is_migrated_to_the_latest_version(tmp_path):
    db = workspace.open_workspace(tmp_path / "new.db", seed_example_engagement=False)
    assert schema_version(db) == LATEST_VERSION >= 2
    assert {"engagements", "participants", "responses", "targets", "snapshots", "categories",
            "criteria", "weights", "vendors", "scores"} <= set(
        db.table_names())


@pytest.mark.sqlite_only
def test_connection_settings_wal_foreign_keys_busy_timeout(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


@pytest.mark.parametrize("stop_before", [m.name for m in migrations._migrations[1:]])
def test_older_version_is_upgraded_in_place_keeping_its_data(tmp_path, stop_before):
    path = tmp_path / "old.db"
    old = connect(path)
    migrate(old, stop_before=stop_before)
    assert schema_version(old) < LATEST_VERSION
    old.execute("INSERT INTO engagements (name, created_at, updated_at) "
                "VALUES ('Kept', '2026-01-01', '2026-01-01')")
    old.execute("INSERT INTO participants (engagement_id, name, token, created_at) "
                "VALUES (1, 'CIO', 'token', '2026-01-01')")
    old.execute("INSERT INTO responses (participant_id, bank, item, value, answered_at) "
                "VALUES (1, 'culture', 'c01', 4, '2026-01-01')")
    old.close()

    db = workspace.open_workspace(path)
    assert schema_version(db) == LATEST_VERSION
    kept = workspace.list_engagements(db)
    assert [e.name for e in kept] == ["Kept"]     # an upgraded file gets no example
    assert workspace.participant_answers(db, 1, "culture")["c01"].value == 4
    workspace.set_target(db, kept[0].id, "maturity", "tools", 3)
    assert workspace.get_targets(db, kept[0].id, "maturity") == {"tools": 3}


def test_reopening_applies_nothing(workspace_path):
    workspace.open_workspace(workspace_path)
    db = connect(workspace_path)
    assert migrate(db) == []
    assert len(workspace.list_engagements(db)) == 1


def test_foreign_keys_are_enforced(fresh_db):
    try:
        with workspace.write(fresh_db):
            fresh_db.execute("INSERT INTO participants (engagement_id, name, token, created_at) "
                             "VALUES (999, 'x', 't', 'now')")
    except workspace.Conflict:
        pass
    else:
        raise AssertionError("a participant of a missing engagement was accepted")
    assert fresh_db.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
