"""The action plan's storage: an owner, a due date and a status per action, as given."""
from datetime import date

import pytest

import workspace
from workspace.actions import action_plan, check_plan, save_plan


@pytest.fixture
def engagement(fresh_db):
    return fresh_db, workspace.create_engagement(fresh_db, "Plan").id


def test_a_plan_entry_is_saved_as_given_and_updated_in_place(engagement):
    db, eid = engagement
    save_plan(db, eid, "culture:open_sharing:Tour", "  Ann   Lee ", "2026-12-31", "under way")
    save_plan(db, eid, "culture:open_sharing:Tour", "Ann Lee", date(2027, 1, 15), "done")
    plan = action_plan(db, eid)
    assert list(plan.index) == ["culture:open_sharing:Tour"]
    assert plan.iloc[0][["owner", "due", "status"]].tolist() == ["Ann Lee", "2027-01-15",
                                                                 "done"]


@pytest.mark.parametrize("owner, due, status, message", [
    ("x" * 201, None, "done", "keep it to 200"),
    ("Ann\x00", None, "done", "control characters"),
    ("Ann", "31/12/2026", "done", "YYYY-MM-DD"),
    ("Ann", "2026-02-30", "done", "YYYY-MM-DD"),
    ("Ann", "1999-12-31", "done", "between 2000 and 2100"),
    ("Ann", None, "finished", "status must be one of"),
])
def test_bad_plan_input_is_refused_with_a_clear_message(owner, due, status, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        check_plan(owner, due, status)


def test_a_refused_entry_changes_nothing(engagement):
    db, eid = engagement
    save_plan(db, eid, "k", "Ann", None, "not started")
    with pytest.raises(workspace.InvalidInput):
        save_plan(db, eid, "k", "Ben", "soon", "done")
    assert action_plan(db, eid).loc["k", "owner"] == "Ann"


def test_a_plan_change_is_seen_by_cached_results(engagement):
    db, eid = engagement
    before = workspace.engagement_fingerprint(db, eid)
    save_plan(db, eid, "k", "Ann", None, "not started")
    assert workspace.engagement_fingerprint(db, eid) != before
