"""Workshop records: a session closes with its record in one transaction, and only a record
of the known shape is ever stored."""
import copy

import pytest

import workspace
from workspace import workshop_records

PAYLOAD = {
    "session": {"opened_at": "2026-11-30T09:00:00+00:00", "closed_at": "2026-11-30T10:00:00+00:00",
                "tasks": ["culture"], "weights_level": "categories",
                "weights_level_title": "Categories", "weights_method": "points",
                "anonymous": False, "room_size": 100},
    "people": {"count": 2, "names": ["Ann", "Ben"]},
    "rounds": [{"kind": "culture", "label": "Statement", "reopened_at": "2026-11-30T09:30:00",
                "round_one": {"answers": [{"who": "Ann", "value": 1.0},
                                          {"who": "Ben", "value": None}],
                              "mean": 1.0, "spread": 0.0, "count": 1},
                "round_two": {"answers": [], "mean": None, "spread": None, "count": 0},
                "agreed": {"value": 4.0, "rationale": "why", "agreed_at": "2026-11-30"}}],
    "aggregate": {"culture": [{"statement": "Statement", "mean": 50.0, "answers": 2.0}],
                  "maturity": [], "weights": [], "scores": []},
}


@pytest.fixture
def session(example_db):
    engagement = workspace.list_engagements(example_db)[0]
    return workspace.open_session(example_db, engagement.id, ["culture"])


def test_closing_keeps_the_record_and_closes_the_session(example_db, session):
    record = workshop_records.close_with_record(example_db, session.id, PAYLOAD)
    assert workspace.get_session(example_db, session.id).status == "closed"
    assert record.payload == PAYLOAD and record.opened_at == session.created_at
    assert workshop_records.list_records(example_db, session.engagement_id) == [record]
    with pytest.raises(workspace.InvalidInput, match="closed already"):
        workshop_records.close_with_record(example_db, session.id, PAYLOAD)
    assert len(workshop_records.list_records(example_db, session.engagement_id)) == 1


def _broken(change):
    payload = copy.deepcopy(PAYLOAD)
    change(payload)
    return payload


@pytest.mark.parametrize("change, message", [
    (lambda p: p.pop("rounds"), "'rounds' is missing"),
    (lambda p: p.__setitem__("extra", 1), "unknown field 'extra'"),
    (lambda p: p["session"].__setitem__("tasks", ["gossip"]), "not a workshop task"),
    (lambda p: p["session"].__setitem__("anonymous", True), "keeps no names"),
    (lambda p: p["people"].__setitem__("count", -1), "whole number"),
    (lambda p: p["rounds"][0]["round_one"]["answers"][0].__setitem__("value", float("inf")),
     "finite number"),
    (lambda p: p["rounds"][0].__setitem__("kind", "vibes"), "not an item kind"),
    (lambda p: p["aggregate"]["culture"].append({"x": [1, 2]}), "finite number"),
    (lambda p: p["aggregate"]["culture"].append({"x": "y" * 6000}), "at most 5,000"),
    (lambda p: p["rounds"][0]["agreed"].__setitem__("rationale", "z" * 301), "at most 300"),
])
def test_a_malformed_record_is_refused_and_the_session_stays_open(example_db, session, change,
                                                                  message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workshop_records.close_with_record(example_db, session.id, _broken(change))
    assert workspace.get_session(example_db, session.id).status == "open"
    assert workshop_records.list_records(example_db, session.engagement_id) == []
