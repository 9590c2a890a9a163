"""Requirements, weights, vendors and scores of an engagement as the workspace keeps them."""
import pytest

import workspace
from workspace import Score

CATEGORIES = [{"id": "security", "name": "Security"}, {"id": "cost", "name": "Cost"}]
CRITERIA = [
    {"id": "sso", "category": "security", "name": "Single sign-on", "must_have": True,
     "min_score": 3},
    {"id": "residency", "category": "security", "name": "Data residency"},
    {"id": "licence", "category": "cost", "name": "Licence cost", "direction": "cost"},
]


@pytest.fixture
def engagement(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    workspace.import_taxonomy(fresh_db, engagement.id, CATEGORIES, CRITERIA)
    return engagement


def test_imported_taxonomy_keeps_order_and_flags(fresh_db, engagement):
    criteria = workspace.list_criteria(fresh_db, engagement.id)
    assert [c.id for c in criteria] == ["sso", "residency", "licence"]
    assert criteria[0].must_have and criteria[0].min_score == 3
    assert criteria[2].direction == "cost"


def test_import_is_all_or_nothing(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "F")
    broken = CRITERIA + [{"id": "x", "category": "cost", "name": "Bad", "direction": "up"}]
    with pytest.raises(workspace.InvalidInput, match="direction must be benefit or cost"):
        workspace.import_taxonomy(fresh_db, engagement.id, CATEGORIES, broken)
    assert workspace.list_categories(fresh_db, engagement.id) == []
    assert workspace.list_criteria(fresh_db, engagement.id) == []


def test_add_rename_move_and_remove_criteria(fresh_db, engagement):
    added = workspace.add_criterion(fresh_db, engagement.id, "security", "Audit log")
    assert added.id == "audit_log" and added.position == 2
    workspace.move_criterion(fresh_db, engagement.id, "audit_log", -2)
    assert [c.id for c in workspace.list_criteria(fresh_db, engagement.id)][:3] == [
        "audit_log", "sso", "residency"]
    workspace.update_criterion(fresh_db, engagement.id, "audit_log", name="Audit trail",
                               must_have=True, min_score=2.5)
    renamed = workspace.list_criteria(fresh_db, engagement.id)[0]
    assert (renamed.name, renamed.must_have, renamed.min_score) == ("Audit trail", True, 2.5)
    workspace.remove_criterion(fresh_db, engagement.id, "audit_log")
    assert "audit_log" not in [c.id for c in workspace.list_criteria(fresh_db, engagement.id)]


def test_duplicate_criterion_name_is_rejected(fresh_db, engagement):
    with pytest.raises(workspace.DuplicateName, match="“single sign-on” already exists"):
        workspace.add_criterion(fresh_db, engagement.id, "cost", "single sign-on")


def test_minimum_score_outside_the_scale_is_rejected(fresh_db, engagement):
    with pytest.raises(workspace.InvalidInput, match="between 0 and 5"):
        workspace.update_criterion(fresh_db, engagement.id, "sso", min_score=7)
    assert workspace.list_criteria(fresh_db, engagement.id)[0].min_score == 3


def test_weights_round_trip_and_are_reset_when_criteria_change(fresh_db, engagement):
    points = {"points": {"sso": 60, "residency": 40}}
    workspace.save_weights(fresh_db, engagement.id, "security", "points", points,
                           {"sso": 0.6, "residency": 0.4})
    saved = workspace.get_weights(fresh_db, engagement.id)["security"]
    assert (saved.method, saved.inputs, saved.weights["sso"]) == ("points", points, 0.6)
    workspace.add_criterion(fresh_db, engagement.id, "security", "Audit log")
    assert "security" not in workspace.get_weights(fresh_db, engagement.id)


def test_negative_weight_is_rejected(fresh_db, engagement):
    with pytest.raises(workspace.InvalidInput, match="non-negative"):
        workspace.save_weights(fresh_db, engagement.id, "categories", "direct", {},
                               {"security": -1.0, "cost": 2.0})
    assert workspace.get_weights(fresh_db, engagement.id) == {}


def test_vendors_archive_keeps_scores_out_of_results(fresh_db, engagement):
    scorer = workspace.add_participant(fresh_db, engagement.id, "CIO")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack", "Salesforce")
    engage = workspace.add_vendor(fresh_db, engagement.id, "Viva Engage", "Microsoft")
    workspace.save_scores(fresh_db, [Score(scorer.id, slack.id, "sso", 4, "SAML and OIDC"),
                                     Score(scorer.id, engage.id, "sso", 5)])
    workspace.update_vendor(fresh_db, slack.id, archived=True)
    assert [v.name for v in workspace.list_vendors(fresh_db, engagement.id)] == ["Viva Engage"]
    assert list(workspace.engagement_scores(fresh_db, engagement.id)["vendor"]) == [
        "Viva Engage"]
    everything = workspace.engagement_scores(fresh_db, engagement.id, include_archived=True)
    assert everything.set_index("vendor").loc["Slack", "evidence"] == "SAML and OIDC"


def test_duplicate_vendor_is_rejected(fresh_db, engagement):
    workspace.add_vendor(fresh_db, engagement.id, "Slack")
    with pytest.raises(workspace.DuplicateName):
        workspace.add_vendor(fresh_db, engagement.id, "SLACK")


@pytest.mark.parametrize("bad", [5.5, -1, float("nan"), "4", True])
def test_score_batch_with_one_bad_score_saves_nothing(fresh_db, engagement, bad):
    scorer = workspace.add_participant(fresh_db, engagement.id, "CIO")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack")
    with pytest.raises(workspace.InvalidInput, match="number from 0 to 5"):
        workspace.save_scores(fresh_db, [Score(scorer.id, slack.id, "sso", 4),
                                         Score(scorer.id, slack.id, "residency", bad)])
    assert workspace.engagement_scores(fresh_db, engagement.id).empty


def test_removing_a_criterion_removes_its_scores(fresh_db, engagement):
    scorer = workspace.add_participant(fresh_db, engagement.id, "CIO")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack")
    workspace.save_scores(fresh_db, [Score(scorer.id, slack.id, "sso", 4),
                                     Score(scorer.id, slack.id, "licence", 2)])
    workspace.remove_category(fresh_db, engagement.id, "security")
    assert list(workspace.engagement_scores(fresh_db, engagement.id)["criterion"]) == ["licence"]


def test_replacing_a_categorys_criteria_adds_renames_reorders_and_removes(fresh_db, engagement):
    scorer = workspace.add_participant(fresh_db, engagement.id, "CIO")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack")
    workspace.save_scores(fresh_db, [Score(scorer.id, slack.id, "residency", 3)])
    workspace.replace_category_criteria(fresh_db, engagement.id, "security", [
        {"name": "Audit log", "direction": "benefit"},
        {"id": "sso", "name": "Data residency", "must_have": True, "min_score": 4},
    ])
    security = [c for c in workspace.list_criteria(fresh_db, engagement.id)
                if c.category == "security"]
    assert [(c.id, c.name) for c in security] == [("audit_log", "Audit log"),
                                                  ("sso", "Data residency")]
    assert workspace.engagement_scores(fresh_db, engagement.id).empty   # residency removed


def test_replacing_with_duplicate_names_changes_nothing(fresh_db, engagement):
    before = workspace.list_criteria(fresh_db, engagement.id)
    with pytest.raises(workspace.DuplicateName, match="Two criteria are called"):
        workspace.replace_category_criteria(fresh_db, engagement.id, "security", [
            {"id": "sso", "name": "SSO"}, {"name": "sso"}])
    assert workspace.list_criteria(fresh_db, engagement.id) == before
