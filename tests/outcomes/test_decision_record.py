"""The decision record: what a sign-off freezes, and what moved since."""
import pytest

import workspace
from outcomes import decision_record, gather, robustness
from workspace.audit import audit_trail


@pytest.fixture
def example(example_db):
    return example_db, next(e.id for e in workspace.list_engagements(example_db)
                            if e.is_example)


def test_a_sign_off_freezes_the_ranking_weights_scores_and_robustness_the_app_shows(example):
    db, engagement_id = example
    platforms = gather.platforms(db, engagement_id)
    robust = robustness.robustness(platforms)
    signed = decision_record.sign_off(db, engagement_id, "Ana Board", "Board of 3 May")
    payload = signed.payload
    assert [r["vendor"] for r in payload["ranking"]] == list(platforms.ranking.index)
    assert payload["weights"] == pytest.approx(platforms.decision.weights.to_dict())
    assert decision_record.winner(payload) == platforms.winner
    assert payload["robustness"]["first_share"][platforms.winner] == pytest.approx(
        robust.first_share(platforms.winner))
    assert decision_record.differences(payload, decision_record.current(db, engagement_id)
                                       ).empty


def test_later_changes_show_which_weights_scores_and_ranks_moved(example):
    db, engagement_id = example
    signed = decision_record.sign_off(db, engagement_id, "Ana", "")
    platforms = gather.platforms(db, engagement_id)
    second = platforms.ranking.index[1]
    vendor = next(v for v in workspace.list_vendors(db, engagement_id) if v.name == second)
    scorer = workspace.list_participants(db, engagement_id)[0]
    workspace.save_score_values(db, scorer.id, {(vendor.id, c): 5.0
                                                for c in platforms.decision.weights.index})
    moved = decision_record.differences(signed.payload,
                                        decision_record.current(db, engagement_id))
    assert set(moved["what"]) >= {"score", "rank"}
    ranks = moved[moved["what"] == "rank"].set_index("item")
    assert ranks.loc[second, "signed"] == 2 and ranks.loc[second, "now"] == 1
    shown = decision_record.differences_table(moved)
    assert shown.labels == ["What", "Item", "At sign-off", "Now"]


def test_a_weight_change_is_listed_with_both_values(example):
    db, engagement_id = example
    signed = decision_record.sign_off(db, engagement_id, "Ana", "")
    categories = [c.id for c in workspace.list_categories(db, engagement_id)]
    weights = {c: (1.0 if i == 0 else 0.0) for i, c in enumerate(categories)}
    workspace.save_weights(db, engagement_id, workspace.CATEGORIES_LEVEL, "direct",
                           {"values": weights}, weights)
    moved = decision_record.differences(signed.payload,
                                        decision_record.current(db, engagement_id))
    first = moved[moved["what"] == "category weight"].iloc[0]
    assert first["now"] == 1.0 and first["signed"] < 1.0


def test_nothing_to_sign_off_without_scores(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "Empty")
    with pytest.raises(workspace.InvalidInput, match="no decision to sign off"):
        decision_record.sign_off(fresh_db, engagement.id, "Ana", "")


def test_the_sign_offs_table_counts_what_changed_since(example):
    db, engagement_id = example
    decision_record.sign_off(db, engagement_id, "Ana", "=1+1")
    table = decision_record.sign_offs_table(
        workspace.sign_offs.list_sign_offs(db, engagement_id),
        decision_record.current(db, engagement_id))
    assert table.texts()[0][1:4] == ["Ana", "=1+1", gather.platforms(db, engagement_id).winner]
    assert table.texts()[0][-1] == "0"


def test_the_audit_table_lists_newest_first_in_words(example):
    db, engagement_id = example
    workspace.update_criterion(db, engagement_id, "permissions", must_have=True,
                               min_score=3, note="Audit finding")
    table = decision_record.audit_table(audit_trail(db, engagement_id))
    assert table.texts()[0][4:] == ["minimum score", "0", "3", "Audit finding"]
    assert table.texts()[1][4:6] == ["must-have", "no"]
