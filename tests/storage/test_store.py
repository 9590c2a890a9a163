"""The storage layer behaves the same on SQLite and PostgreSQL: placeholders, ids, frames,
transactions that nest, one error for a refused change, and names that fold alike."""
from __future__ import annotations

import pytest

import workspace
from workspace.store import nocase


def test_both_placeholder_styles_and_percent_signs_reach_the_engine_as_written(fresh_db):
    assert fresh_db.value("SELECT ? || '%?' || ?", ["50", "!"]) == "50%?!"
    assert fresh_db.value("SELECT :a || ':b' || :a", {"a": "x"}) == "x:bx"
    assert fresh_db.value("SELECT 7 % 3") == 1


def test_an_insert_returns_its_id_and_a_frame_keeps_the_columns(fresh_db):
    with fresh_db.write():
        first = fresh_db.insert("INSERT INTO engagements (name, created_at, updated_at) "
                                "VALUES (?, 'now', 'now')", ["One"])
        second = fresh_db.insert("INSERT INTO engagements (name, created_at, updated_at) "
                                 "VALUES (?, 'now', 'now')", ["Two"])
    assert second > first
    frame = fresh_db.frame("SELECT id, name FROM engagements ORDER BY id")
    assert list(frame.columns) == ["id", "name"]
    assert frame["name"].tolist() == ["One", "Two"]
    assert fresh_db.value("SELECT avg(id) FROM engagements") == pytest.approx(
        (first + second) / 2)


def test_columns_come_as_one_list_each_also_when_no_row_matches(fresh_db):
    with fresh_db.write():
        for name in ("One", "Two"):
            fresh_db.insert("INSERT INTO engagements (name, created_at, updated_at) "
                            "VALUES (?, 'now', 'now')", [name])
    ids, names, nothing = fresh_db.column_lists(
        "SELECT id, name, NULL FROM engagements WHERE name <> ? ORDER BY id", ["Example"])
    assert names[-2:] == ["One", "Two"] and nothing[-1] is None
    assert len(ids) == len(names) == len(nothing) and ids == sorted(ids)
    assert fresh_db.column_lists("SELECT id, name FROM engagements WHERE id < 0") == [[], []]


def test_a_refused_statement_in_a_nested_write_leaves_the_rest_of_the_transaction(fresh_db):
    with fresh_db.write():
        fresh_db.execute("INSERT INTO engagements (name, created_at, updated_at) "
                         "VALUES ('Kept', 'now', 'now')")
        with pytest.raises(workspace.Conflict, match="UNIQUE constraint failed: .*name"):
            with fresh_db.write():
                fresh_db.execute("INSERT INTO engagements (name, created_at, updated_at) "
                                 "VALUES ('Other', 'now', 'now')")
                fresh_db.execute("INSERT INTO engagements (name, created_at, updated_at) "
                                 "VALUES ('KEPT', 'now', 'now')")
        fresh_db.execute("INSERT INTO engagements (name, created_at, updated_at) "
                         "VALUES ('After', 'now', 'now')")
    names = [row[0] for row in fresh_db.rows("SELECT name FROM engagements ORDER BY id")]
    assert names == ["Kept", "After"]


def test_an_error_rolls_the_whole_write_back(fresh_db):
    with pytest.raises(RuntimeError):
        with fresh_db.write():
            fresh_db.execute("INSERT INTO engagements (name, created_at, updated_at) "
                             "VALUES ('Gone', 'now', 'now')")
            raise RuntimeError("stop")
    assert fresh_db.value("SELECT count(*) FROM engagements") == 0
    assert not fresh_db.in_transaction


@pytest.mark.parametrize("first, second, same", [
    ("Contoso", "CONTOSO", True), ("Ärger GmbH", "ärger GmbH", False),
    ("Straße", "STRASSE", False), ("i", "I", True)])
def test_unique_names_fold_ascii_letters_only_on_both_engines(fresh_db, first, second, same):
    workspace.create_engagement(fresh_db, first)
    if same:
        with pytest.raises(workspace.DuplicateName):
            workspace.create_engagement(fresh_db, second)
    else:
        workspace.create_engagement(fresh_db, second)
    assert (nocase(first) == nocase(second)) is same


def test_names_sort_the_same_way_on_both_engines(fresh_db):
    for name in ("beta", "Alpha", "alpha 2", "Zeta", "Émile", "émile b"):
        workspace.create_engagement(fresh_db, name)
    assert [e.name for e in workspace.list_engagements(fresh_db)] == [
        "Alpha", "alpha 2", "beta", "Zeta", "Émile", "émile b"]


def test_a_lock_outside_a_write_is_a_mistake(fresh_db):
    with pytest.raises(RuntimeError):
        fresh_db.lock("anything")
