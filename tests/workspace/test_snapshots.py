"""Snapshots: a short label, listed oldest first, renamed and deleted one at a time; only
the shape of a readiness result is stored, so the trend can read it back."""
import pytest

import workspace
from workspace.snapshots import check_payload


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


def test_a_readiness_summary_and_any_part_of_it_are_a_payload():
    check_payload({"culture_overall": 61.5, "culture": {"open_sharing": 40, "gone": None},
                   "maturity_overall": 2, "maturity": {"strategy": 0}, "participants": 12})
    check_payload({"culture_overall": None})
    check_payload({})


@pytest.mark.parametrize("payload, message", [
    ([1, 2], "must be a table of results"),
    ({"culture_overall": "high"}, "field 'culture_overall' must be a score from 0 to 100"),
    ({"culture_overall": 100.5}, "must be a score from 0 to 100 or null, not 100.5"),
    ({"culture_overall": True}, "must be a score"),
    ({"culture": {"open_sharing": -1}}, "field 'culture' 'open_sharing' must be a score"),
    ({"culture": [40]}, "field 'culture' must be a table"),
    ({"culture": {"": 40}}, "area id that is empty or too long"),
    ({"maturity_overall": 5}, "must be a stage from 0 \\(none\\) to 4, not 5"),
    ({"maturity": {"tools": 2.5}}, "field 'maturity' 'tools' must be a stage"),
    ({"participants": -3}, "field 'participants' must be a whole number of people"),
    ({"html": "<b>"}, "it has no field 'html'"),
], ids=["not a table", "text score", "score over 100", "boolean score", "negative dimension",
        "dimensions as a list", "empty dimension id", "stage 5", "half a stage",
        "negative people", "unknown field"])
def test_a_payload_out_of_shape_is_refused_and_nothing_is_stored(fresh_db, engagement, payload,
                                                                 message):
    with pytest.raises(workspace.InvalidInput, match=f"cannot be saved as a snapshot: .*"
                                                     f"{message}"):
        workspace.save_snapshot(fresh_db, engagement.id, payload)
    assert workspace.list_snapshots(fresh_db, engagement.id) == []
