"""Vendor scores saved one cell at a time, as the scoring grid saves them."""
import pytest

import workspace
from workspace import Score


@pytest.fixture
def cells(fresh_db):
    """An engagement with two criteria, two vendors and a scorer; returns their ids."""
    engagement = workspace.create_engagement(fresh_db, "E")
    workspace.import_taxonomy(fresh_db, engagement.id, [{"id": "security", "name": "Security"}],
                              [{"id": "sso", "category": "security", "name": "Single sign-on"},
                               {"id": "residency", "category": "security",
                                "name": "Data residency"}])
    scorer = workspace.add_participant(fresh_db, engagement.id, "CIO")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack")
    engage = workspace.add_vendor(fresh_db, engagement.id, "Viva Engage")
    return engagement.id, scorer.id, slack.id, engage.id


def _table(db, engagement_id):
    frame = workspace.engagement_scores(db, engagement_id)
    return {(r.vendor, r.criterion): (None if r.score != r.score else r.score, r.evidence)
            for r in frame.itertuples()}


def test_a_score_saved_alone_keeps_the_evidence_note(fresh_db, cells):
    engagement_id, scorer, slack, _ = cells
    workspace.save_scores(fresh_db, [Score(scorer, slack, "sso", 4, "SAML and OIDC")])
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 2.5, (slack, "residency"): 3})
    assert _table(fresh_db, engagement_id) == {("Slack", "sso"): (2.5, "SAML and OIDC"),
                                               ("Slack", "residency"): (3.0, "")}


def test_a_cleared_score_is_saved_as_not_scored(fresh_db, cells):
    engagement_id, scorer, slack, _ = cells
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4})
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): None})
    assert _table(fresh_db, engagement_id) == {("Slack", "sso"): (None, "")}


@pytest.mark.parametrize("bad", [5.5, -1, float("nan"), "4", True])
def test_one_bad_score_saves_none_of_the_batch(fresh_db, cells, bad):
    engagement_id, scorer, slack, engage = cells
    with pytest.raises(workspace.InvalidInput, match="number from 0 to 5"):
        workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4,
                                                       (engage, "sso"): bad})
    assert _table(fresh_db, engagement_id) == {}


def test_an_evidence_note_saved_alone_keeps_the_score(fresh_db, cells):
    engagement_id, scorer, slack, engage = cells
    workspace.save_score_values(fresh_db, scorer, {(slack, "sso"): 4})
    workspace.save_evidence(fresh_db, scorer, {(slack, "sso"): "Okta tested",
                                               (engage, "residency"): "EU data centre"})
    assert _table(fresh_db, engagement_id) == {("Slack", "sso"): (4.0, "Okta tested"),
                                               ("Viva Engage", "residency"): (None,
                                                                              "EU data centre")}


def test_a_too_long_evidence_note_saves_nothing(fresh_db, cells):
    engagement_id, scorer, slack, engage = cells
    with pytest.raises(workspace.InvalidInput, match="too long"):
        workspace.save_evidence(fresh_db, scorer, {(slack, "sso"): "fine",
                                                   (engage, "sso"): "x" * 1_000_000})
    assert _table(fresh_db, engagement_id) == {}


def test_scores_given_can_count_only_a_shortlist(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "Shortlist count")
    person = workspace.add_participant(fresh_db, engagement.id, "Ann")
    first, second = (workspace.add_vendor(fresh_db, engagement.id, name).id
                     for name in ("Ann Co", "Ben Co"))
    workspace.save_score_values(fresh_db, person.id, {(first, "sso"): 3.0, (second, "sso"): 4.0,
                                                      (second, "cost"): None})
    assert workspace.scores_given(fresh_db, person.id) == 2
    assert workspace.scores_given(fresh_db, person.id, [second]) == 1
    assert workspace.scores_given(fresh_db, person.id, []) == 0
