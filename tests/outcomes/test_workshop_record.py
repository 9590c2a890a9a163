"""A workshop's record: who took part (how many, when anonymous), what was asked, the rounds
and the room's aggregate at the close, never anyone's own answer outside a round."""
import json

import workspace
from outcomes import workshop_record


def _workshop(db, anonymous: bool):
    engagement = workspace.list_engagements(db)[0]
    session = workspace.open_session(db, engagement.id, ["culture", "weights"],
                                     anonymous=anonymous)
    for name, value in (("Dana Realname", 2), ("Erin Realname", 5)):
        person = workspace.join_session(db, session.code, name)
        workspace.save_answer(db, person.id, "culture", "c01", value)
    item = workspace.consensus.reopen(db, session.id, "culture", "c01", "culture")
    workspace.consensus.agree(db, item.id, 4, "Settled after the break")
    return engagement, workshop_record.close(db, engagement.id, session.id)


def test_an_anonymous_workshops_record_counts_people_and_names_nobody(example_db):
    _, record = _workshop(example_db, anonymous=True)
    assert record.payload["people"] == {"count": 2, "names": []}
    assert "Realname" not in json.dumps(record.payload)
    [kept] = record.payload["rounds"]
    assert [a["who"] for a in kept["round_one"]["answers"]] == ["Participant 1",
                                                                "Participant 2"]
    assert record.payload["session"]["anonymous"] is True


def test_a_record_keeps_what_was_asked_the_rounds_and_the_room_at_the_close(example_db):
    engagement, record = _workshop(example_db, anonymous=False)
    data = record.payload
    assert data["session"]["tasks"] == ["culture", "weights"]
    assert data["session"]["closed_at"] >= data["session"]["opened_at"]
    assert data["people"] == {"count": 2, "names": ["Dana Realname", "Erin Realname"]}
    [kept] = data["rounds"]
    assert (kept["round_one"]["mean"], kept["round_one"]["spread"]) == (3.5, 1.5)
    assert kept["agreed"]["rationale"] == "Settled after the break"
    [statement] = data["aggregate"]["culture"]
    assert statement["answers"] == 2.0 and "Realname" not in json.dumps(data["aggregate"])
    assert workspace.get_session(example_db, record.session_id).status == "closed"
    summary = workshop_record.summary([record], include_names=False)
    assert summary[["people", "names", "reopened", "agreed"]].values.tolist() == [[2, "", 1, 1]]


def test_the_summary_says_whether_each_workshop_was_anonymous(example_db):
    _, named = _workshop(example_db, anonymous=False)
    _, anonymous = _workshop(example_db, anonymous=True)
    summary = workshop_record.summary([named, anonymous], include_names=True)
    assert summary["anonymous"].tolist() == ["No", "Yes"]
