"""The action plan's results: what is late, and whether the targeted areas moved."""
import copy

import pandas as pd

import pytest

import workspace
from outcomes import actions, gather, tables
from reports.formats import Kind


@pytest.fixture
def example(example_db):
    [engagement] = workspace.list_engagements(example_db)
    return example_db, engagement.id


def _plan(db, eid, today="2026-11-30"):
    return actions.plan_frame(gather.readiness(db, eid), today)


@pytest.mark.parametrize("due, status, late", [
    ("2026-11-29", "under way", True),
    ("2026-11-29", "not started", True),
    ("2026-11-30", "under way", False),        # due today is not late yet
    ("2026-11-29", "done", False),
    ("2026-11-29", "dropped", False),
    (None, "not started", False),
])
def test_an_action_is_late_when_due_before_today_and_not_closed(example, due, status, late):
    db, eid = example
    key = _plan(db, eid).iloc[0]["key"]
    workspace.actions.save_plan(db, eid, key, "Ann", due, status)
    row = _plan(db, eid).set_index("key").loc[key]
    assert bool(row["late"]) is late
    assert actions.late_titles(gather.readiness(db, eid), "2026-11-30") == (
        [row["title"]] if late else [])


def test_every_roadmap_action_is_in_the_plan_not_started_until_set(example):
    db, eid = example
    plan = _plan(db, eid)
    roadmap = sum(len(a) for a in tables.roadmap(gather.readiness(db, eid)).values())
    assert len(plan) == roadmap and set(plan["status"]) == {"not started"}
    assert plan["owner"].isna().all()


def test_the_next_snapshot_shows_whether_the_targeted_areas_moved(example):
    db, eid = example
    readiness = gather.readiness(db, eid)
    [baseline] = workspace.list_snapshots(db, eid)
    later = copy.deepcopy(baseline.payload)
    plan = actions.plan_frame(readiness, "2026-11-30")
    area = plan.loc[plan["source"] == "Culture", "area"].iloc[0]
    before = baseline.payload["culture"][area]
    later["culture"][area] = before + 12
    workspace.save_snapshot(db, eid, later, "After the pilot",
                            taken_at="2026-11-01T09:00:00+00:00")
    table = actions.plan_table(readiness, "2026-11-30", workspace.list_snapshots(db, eid))
    moved = dict(zip(zip(table.frame["source"], table.frame["area"]), table.frame["moved"]))
    label = next(c.label for c in table.columns if c.key == "moved")
    assert label == f"Moved ({str(baseline.taken_at)[:10]} → 2026-11-01)"
    was, now = Kind.SCORE_100.text(before), Kind.SCORE_100.text(before + 12)
    assert moved[("Culture", area)] == f"{was} → {now} (+12)"
    # Every action says how its area moved (or that the snapshots do not both hold it).
    assert all(isinstance(m, str) and m for m in moved.values())


def test_with_one_snapshot_there_is_no_moved_column(example):
    db, eid = example
    table = actions.plan_table(gather.readiness(db, eid), "2026-11-30",
                               workspace.list_snapshots(db, eid))
    assert "moved" not in [c.key for c in table.columns]


def test_a_plan_with_and_without_due_dates_and_owners_reads_back(example):
    """A plan where some actions have no due date or owner made the late check compare a
    missing date (NaN) with today, so the report and every export failed."""
    db, eid = example
    keys = list(_plan(db, eid)["key"][:3])
    workspace.actions.save_plan(db, eid, keys[0], "Ann", "2026-11-01", "under way")
    workspace.actions.save_plan(db, eid, keys[1], "", None, "not started")
    workspace.actions.save_plan(db, eid, keys[2], "Cleo", None, "done")
    plan = _plan(db, eid).set_index("key")
    assert plan.loc[keys, "late"].tolist() == [True, False, False]
    missing = lambda values: [None if pd.isna(v) else v for v in values]  # noqa: E731
    assert missing(plan.loc[keys, "owner"]) == ["Ann", None, "Cleo"]
    assert missing(plan.loc[keys, "due"]) == ["2026-11-01", None, None]
    table = actions.plan_table(gather.readiness(db, eid), "2026-11-30")
    assert [row[3:7] for row in table.texts()[:3]] == [
        ["Ann", "2026-11-01", "under way", "late"], ["—", "—", "not started", ""],
        ["Cleo", "—", "done", ""]]
