"""Snapshots: only the shape of a readiness result is stored, so the trend can read it back."""
import pytest

import workspace
from workspace.snapshots import check_payload


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Trend")


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
