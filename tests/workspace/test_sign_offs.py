"""Signed-off decisions: kept with who, when and a note, and never changed afterwards."""

import pytest

import workspace
from workspace.sign_offs import get_sign_off, list_sign_offs, sign_off

PAYLOAD = {"weights": {"sso": 0.6, "residency": 0.4}, "category_weights": {"security": 1.0},
           "must_haves": {"sso": 3.0},
           "names": {"sso": "Single sign-on", "residency": "Data residency",
                     "security": "Security"},
           "scores": {"Slack": {"sso": 4.0, "residency": None}},
           "ranking": [{"vendor": "Slack", "score": 2.4, "rank": 1, "knocked_out_by": ""}],
           "robustness": None}


@pytest.fixture
def engagement_id(fresh_db):
    return workspace.create_engagement(fresh_db, "E").id


def test_a_sign_off_keeps_who_when_the_note_and_the_decision(fresh_db, engagement_id):
    signed = sign_off(fresh_db, engagement_id, "  Ana Board ", "Approved\u202e", PAYLOAD)
    assert (signed.signed_by, signed.note, signed.payload) == ("Ana Board", "Approved", PAYLOAD)
    assert signed.signed_at[:4].isdigit()
    assert list_sign_offs(fresh_db, engagement_id) == [signed]


def test_a_sign_off_needs_a_name(fresh_db, engagement_id):
    with pytest.raises(workspace.InvalidInput, match="who signs"):
        sign_off(fresh_db, engagement_id, " \u202e ", "", PAYLOAD)
    assert list_sign_offs(fresh_db, engagement_id) == []


@pytest.mark.parametrize("change, message", [
    (lambda p: p.pop("ranking"), "lacks"),
    (lambda p: p["weights"].__setitem__("sso", float("nan")), "must be a number"),
    (lambda p: p["scores"]["Slack"].__setitem__("sso", "4"), "must be a number"),
    (lambda p: p.__setitem__("ranking", [{"vendor": 3}]), "ranking"),
])
def test_a_payload_out_of_shape_is_refused(fresh_db, engagement_id, change, message):
    payload = {k: (dict(v) if isinstance(v, dict) else v) for k, v in PAYLOAD.items()}
    payload["scores"] = {"Slack": dict(PAYLOAD["scores"]["Slack"])}
    change(payload)
    with pytest.raises(workspace.InvalidInput, match=message):
        sign_off(fresh_db, engagement_id, "Ana", "", payload)


def test_the_database_refuses_to_change_or_delete_a_sign_off(fresh_db, engagement_id):
    signed = sign_off(fresh_db, engagement_id, "Ana", "ok", PAYLOAD)
    with pytest.raises(workspace.Conflict, match="cannot be changed"):
        fresh_db.execute("UPDATE sign_offs SET note = 'rewritten'")
    with pytest.raises(workspace.Conflict, match="cannot be changed"):
        fresh_db.execute("DELETE FROM sign_offs")
    assert get_sign_off(fresh_db, signed.id) == signed


def test_a_sign_off_goes_only_with_its_engagement(fresh_db, engagement_id):
    signed = sign_off(fresh_db, engagement_id, "Ana", "", PAYLOAD)
    workspace.delete_engagement(fresh_db, engagement_id)
    with pytest.raises(workspace.NotFound):
        get_sign_off(fresh_db, signed.id)
