"""Writes under contention: a locked workspace is waited for, within a bound, then reported."""
import sqlite3
import threading

import pytest

import workspace
from workspace import store as workspace_store


@pytest.fixture
def short_timeout(monkeypatch):
    """A busy timeout of 0.1 s so that the tests need not wait the real 5 s."""
    monkeypatch.setattr(workspace_store, "BUSY_TIMEOUT_MS", 100)


def _hold_write_lock(path) -> sqlite3.Connection:
    """Another process's long write transaction, as a second connection holding the lock."""
    other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


@pytest.mark.sqlite_only
def test_a_write_that_stays_locked_gives_up_and_says_nothing_was_saved(
        workspace_path, short_timeout):
    db = workspace.open_workspace(workspace_path)
    person = workspace.add_participant(db, 1, "Head of HR")
    blocker = _hold_write_lock(workspace_path)
    try:
        with pytest.raises(workspace.WorkspaceBusy, match="nothing was saved"):
            workspace.save_answer(db, person.id, "culture", "c01", 4)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "c01" not in workspace.participant_answers(db, person.id, "culture")
    workspace.save_answer(db, person.id, "culture", "c01", 4)
    assert workspace.participant_answers(db, person.id, "culture")["c01"].value == 4


@pytest.mark.sqlite_only
def test_a_write_that_meets_a_short_lock_waits_and_succeeds(workspace_path, short_timeout):
    db = workspace.open_workspace(workspace_path)
    person = workspace.add_participant(db, 1, "Head of HR")
    blocker = _hold_write_lock(workspace_path)
    release = threading.Timer(0.15, lambda: blocker.execute("ROLLBACK"))
    release.start()
    try:
        workspace.save_answer(db, person.id, "culture", "c02", 2)
    finally:
        release.join()
        blocker.close()
    assert workspace.participant_answers(db, person.id, "culture")["c02"].value == 2


@pytest.mark.sqlite_only
def test_a_busy_workspace_shows_not_saved_on_the_page_and_keeps_the_rest(
        app, workspace_path, short_timeout):
    from tests.pages.helpers import errors, open_page

    db = workspace.open_workspace(workspace_path)
    open_page(app, "pages/culture.py")
    app.text_input(key="who.new_name").input("Operations lead").run()
    app.button(key="who.start").click().run()
    app.radio(key="culture.c01").set_value(4).run()
    blocker = _hold_write_lock(workspace_path)
    try:
        app.radio(key="culture.c02").set_value(5).run()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert any(e.startswith("Not saved: The workspace is busy") for e in errors(app))
    person = workspace.list_participants(db, 1)[-1]
    saved = workspace.participant_answers(db, person.id, "culture")
    assert saved["c01"].value == 4 and "c02" not in saved
    app.radio(key="culture.c02").set_value(3).run()
    assert workspace.participant_answers(db, person.id, "culture")["c02"].value == 3
