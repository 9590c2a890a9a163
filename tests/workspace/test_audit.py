"""The audit trail: every change to a score, weight, criterion or vendor keeps who, when, the
old and new value and a note, written with the change and never changed afterwards."""

import pytest

import workspace
from workspace import Score
from workspace.audit import audit_trail


@pytest.fixture
def setup(fresh_db):
    """An engagement with one category of two criteria, two vendors and a scorer."""
    engagement = workspace.create_engagement(fresh_db, "E")
    workspace.import_taxonomy(fresh_db, engagement.id, [{"id": "security", "name": "Security"}],
                              [{"id": "sso", "category": "security", "name": "Single sign-on"},
                               {"id": "residency", "category": "security",
                                "name": "Data residency"}])
    scorer = workspace.add_participant(fresh_db, engagement.id, "Ana (CIO)")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack")
    engage = workspace.add_vendor(fresh_db, engagement.id, "Viva Engage")
    return engagement.id, scorer.id, slack.id, engage.id


def _rows(db, engagement_id, **only):
    frame = audit_trail(db, engagement_id, **only)
    return [(r.actor, r.kind, r.vendor, r.item_name, r.field, r.old_value, r.new_value, r.note)
            for r in frame.itertuples()]


def test_a_score_change_keeps_the_scorer_the_old_and_new_value_and_the_note(fresh_db, setup):
    engagement_id, scorer, slack, _ = setup
    workspace.save_scores(fresh_db, [Score(scorer, slack, "sso", 3, "SAML")])
    workspace.save_scores(fresh_db, [Score(scorer, slack, "sso", 4.5, "SAML")],
                          note="Demo showed OIDC too")
    assert _rows(fresh_db, engagement_id, vendor_id=slack)[1:] == [
        ("Ana (CIO)", "score", "Slack", "Single sign-on", "score", None, "3", ""),
        ("Ana (CIO)", "score", "Slack", "Single sign-on", "evidence", None, "SAML", ""),
        ("Ana (CIO)", "score", "Slack", "Single sign-on", "score", "3", "4.5",
         "Demo showed OIDC too")]


def test_saving_the_same_score_again_records_nothing(fresh_db, setup):
    engagement_id, scorer, slack, _ = setup
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4})
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4})
    assert len(audit_trail(fresh_db, engagement_id, vendor_id=slack)) == 2   # added, 4


def test_a_cleared_score_is_recorded_as_going_to_nothing(fresh_db, setup):
    engagement_id, scorer, slack, _ = setup
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4})
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): None})
    assert _rows(fresh_db, engagement_id, vendor_id=slack)[-1][5:7] == ("4", None)


def test_a_refused_score_leaves_no_trail(fresh_db, setup):
    engagement_id, scorer, slack, engage = setup
    with pytest.raises(workspace.InvalidInput):
        workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4, (engage, "sso"): 9})
    assert list(audit_trail(fresh_db, engagement_id, vendor_id=slack)["field"]) == ["added"]


def test_a_weight_change_records_each_weight_that_moved_with_who_and_why(fresh_db, setup):
    engagement_id, *_ = setup
    workspace.save_weights(fresh_db, engagement_id, "security", "direct",
                           {"values": {"sso": 1, "residency": 1}},
                           {"sso": 0.5, "residency": 0.5})
    workspace.save_weights(fresh_db, engagement_id, "security", "direct",
                           {"values": {"sso": 3, "residency": 1}},
                           {"sso": 0.75, "residency": 0.25}, actor="Bo",
                           note="Security team asked")
    assert _rows(fresh_db, engagement_id, item="sso") == [
        ("facilitator", "criterion", "", "Single sign-on", "added", None, "Single sign-on", ""),
        ("facilitator", "weight", "", "Single sign-on", "weight", None, "0.5", ""),
        ("Bo", "weight", "", "Single sign-on", "weight", "0.5", "0.75", "Security team asked")]
    method = _rows(fresh_db, engagement_id, item="security")
    assert [(r[4], r[5], r[6]) for r in method] == [("method", None, "direct")]


def test_must_have_and_minimum_changes_are_recorded(fresh_db, setup):
    engagement_id, *_ = setup
    workspace.update_criterion(fresh_db, engagement_id, "sso", must_have=True, min_score=3,
                               note="Audit finding 12")
    assert _rows(fresh_db, engagement_id, item="sso")[1:] == [
        ("facilitator", "criterion", "", "Single sign-on", "must_have", "no", "yes",
         "Audit finding 12"),
        ("facilitator", "criterion", "", "Single sign-on", "min_score", "0", "3",
         "Audit finding 12")]


def test_criteria_edited_as_a_table_record_adds_removals_and_field_changes(fresh_db, setup):
    engagement_id, *_ = setup
    workspace.replace_category_criteria(fresh_db, engagement_id, "security", [
        {"id": "sso", "name": "SSO", "direction": "benefit"},
        {"name": "Audit log", "direction": "benefit"}])
    fields = [(r[3], r[4]) for r in _rows(fresh_db, engagement_id)
              if r[1] == "criterion"][2:]
    assert fields == [("Data residency", "removed"), ("SSO", "name"), ("Audit log", "added")]


def test_vendor_changes_keep_each_field(fresh_db, setup):
    engagement_id, _, slack, _ = setup
    workspace.update_vendor(fresh_db, slack, name="Slack Enterprise", archived=True,
                            actor="Bo")
    assert _rows(fresh_db, engagement_id, vendor_id=slack) == [
        ("facilitator", "vendor", "Slack", "", "added", None, "Slack", ""),
        ("Bo", "vendor", "Slack Enterprise", "", "name", "Slack", "Slack Enterprise", ""),
        ("Bo", "vendor", "Slack Enterprise", "", "archived", "no", "yes", "")]


def test_hostile_actor_and_note_are_kept_as_text(fresh_db, setup):
    engagement_id, _, slack, _ = setup
    workspace.update_vendor(fresh_db, slack, company="X", actor="=HYPERLINK(\"x\")\u202e",
                            note="<script>alert(1)</script>'; DROP TABLE scores; --")
    row = audit_trail(fresh_db, engagement_id, vendor_id=slack).iloc[-1]
    assert (row["actor"], row["note"]) == ("=HYPERLINK(\"x\")",
                                           "<script>alert(1)</script>'; DROP TABLE scores; --")


def test_a_note_too_long_changes_nothing(fresh_db, setup):
    engagement_id, _, slack, _ = setup
    with pytest.raises(workspace.InvalidInput, match="note"):
        workspace.update_vendor(fresh_db, slack, name="Other", note="x" * 10_000)
    assert workspace.get_vendor(fresh_db, slack).name == "Slack"


def test_the_trail_cannot_be_edited_or_deleted(fresh_db, setup):
    engagement_id, *_ = setup
    with pytest.raises(workspace.Conflict, match="audit trail cannot be changed"):
        fresh_db.execute("UPDATE audit_trail SET actor = 'someone else'")
    with pytest.raises(workspace.Conflict, match="audit trail cannot be changed"):
        fresh_db.execute("DELETE FROM audit_trail")
    assert len(audit_trail(fresh_db, engagement_id)) > 0


def test_deleting_the_engagement_takes_its_trail(fresh_db, setup):
    engagement_id, *_ = setup
    workspace.delete_engagement(fresh_db, engagement_id)
    assert audit_trail(fresh_db, engagement_id).empty


def test_a_long_evidence_note_is_kept_in_the_trail_up_to_its_limit(fresh_db, setup):
    engagement_id, scorer, slack, _ = setup
    note = "=" + "x" * 50_000
    workspace.save_scores(fresh_db, [Score(scorer, slack, "sso", 3, note)])
    row = audit_trail(fresh_db, engagement_id, vendor_id=slack).iloc[-1]
    assert row["field"] == "evidence" and len(row["new_value"]) == workspace.audit.VALUE_MAX
    assert row["new_value"].endswith("…") and note.startswith(row["new_value"][:-1])
    assert workspace.engagement_scores(fresh_db, engagement_id)["evidence"].iloc[0] == note


def test_the_newest_changes_only_come_oldest_first(fresh_db, setup):
    engagement_id, scorer, slack, _ = setup
    for value in (1, 2, 3):
        workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): value})
    newest = audit_trail(fresh_db, engagement_id, vendor_id=slack, newest=2)
    assert list(newest["new_value"]) == ["2", "3"]
    assert workspace.audit.trail_length(fresh_db, engagement_id) == len(
        audit_trail(fresh_db, engagement_id))
