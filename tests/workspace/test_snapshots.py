"""Snapshots: saved with a short label, listed oldest first, renamed and deleted one at a time."""
import pytest

import workspace


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Contoso")


def _saved(db, engagement, label, day):
    return workspace.save_snapshot(db, engagement.id, {"culture_overall": 50}, label,
                                   f"{day}T09:00:00+00:00")


def test_rename_gives_a_snapshot_a_new_label_on_one_line(fresh_db, engagement):
    snapshot = _saved(fresh_db, engagement, "Before", "2026-01-01")
    renamed = workspace.rename_snapshot(fresh_db, engagement.id, snapshot.id,
                                        "  Before the\npilot  ")
    assert renamed.label == "Before the pilot"
    assert [s.label for s in workspace.list_snapshots(fresh_db, engagement.id)] == [
        "Before the pilot"]


def test_a_label_may_be_removed(fresh_db, engagement):
    snapshot = _saved(fresh_db, engagement, "Before", "2026-01-01")
    assert workspace.rename_snapshot(fresh_db, engagement.id, snapshot.id, " ").label == ""


def test_a_label_longer_than_the_limit_is_refused_and_nothing_changes(fresh_db, engagement):
    snapshot = _saved(fresh_db, engagement, "Before", "2026-01-01")
    too_long = "x" * (workspace.SNAPSHOT_LABEL_MAX + 1)
    with pytest.raises(workspace.InvalidInput, match="keep it to 120 or fewer"):
        workspace.rename_snapshot(fresh_db, engagement.id, snapshot.id, too_long)
    with pytest.raises(workspace.InvalidInput, match="keep it to 120 or fewer"):
        workspace.save_snapshot(fresh_db, engagement.id, {}, too_long)
    assert [s.label for s in workspace.list_snapshots(fresh_db, engagement.id)] == ["Before"]


def test_delete_removes_only_that_snapshot(fresh_db, engagement):
    first = _saved(fresh_db, engagement, "Before", "2026-01-01")
    _saved(fresh_db, engagement, "After", "2026-06-01")
    workspace.delete_snapshot(fresh_db, engagement.id, first.id)
    assert [s.label for s in workspace.list_snapshots(fresh_db, engagement.id)] == ["After"]
    with pytest.raises(workspace.NotFound, match="no snapshot"):
        workspace.delete_snapshot(fresh_db, engagement.id, first.id)


def test_another_engagements_snapshot_can_be_neither_renamed_nor_deleted(fresh_db, engagement):
    other = workspace.create_engagement(fresh_db, "Fabrikam")
    theirs = _saved(fresh_db, other, "Theirs", "2026-01-01")
    with pytest.raises(workspace.NotFound):
        workspace.rename_snapshot(fresh_db, engagement.id, theirs.id, "Mine now")
    with pytest.raises(workspace.NotFound):
        workspace.delete_snapshot(fresh_db, engagement.id, theirs.id)
    assert [s.label for s in workspace.list_snapshots(fresh_db, other.id)] == ["Theirs"]


def test_a_payload_that_is_not_an_object_reads_as_an_empty_result(fresh_db, engagement):
    fresh_db.execute("INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                     "VALUES (?, '2026-01-01T00:00:00+00:00', 'odd', '[1, 2]')", [engagement.id])
    [snapshot] = workspace.list_snapshots(fresh_db, engagement.id)
    assert snapshot.payload == {}
