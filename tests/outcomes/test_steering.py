"""Readiness steers the choice: the example's readiness suggests weights and must-haves, the
suggestion changes nothing until accepted, and accepting is kept in the audit trail."""
import pytest

import workspace
from outcomes import gather, steering
from reports.pack import Bullets
from workspace.audit import audit_trail


@pytest.fixture
def example(example_db):
    [engagement] = workspace.list_engagements(example_db)
    return example_db, engagement.id


def test_the_examples_governance_barrier_suggests_more_weight_for_governance(example):
    db, engagement_id = example
    readiness = gather.readiness(db, engagement_id)
    assert readiness.culture.dimensions.loc["clear_parameters", "band"] == "barrier"
    decision, suggested = steering.engagement_suggestion(db, engagement_id, readiness)
    assert "governance_barrier" in [r.id for r in suggested.rules]
    now, then = suggested.category_weights["governance"]
    assert then > now
    assert sum(t for _, t in suggested.category_weights.values()) == pytest.approx(1)
    assert suggested.must_haves["moderation"] == (None, 3.0)


def test_nothing_changes_until_the_suggestion_is_accepted_then_the_trail_says_why(example):
    db, engagement_id = example
    readiness = gather.readiness(db, engagement_id)
    before = workspace.get_weights(db, engagement_id)
    decision, suggested = steering.engagement_suggestion(db, engagement_id, readiness)
    assert workspace.get_weights(db, engagement_id) == before
    steering.accept(db, engagement_id, suggested, actor="Ana")
    weights = workspace.get_weights(db, engagement_id)[workspace.CATEGORIES_LEVEL].weights
    assert weights == pytest.approx({c: t for c, (_, t) in suggested.category_weights.items()})
    moderation = next(c for c in workspace.list_criteria(db, engagement_id)
                      if c.id == "moderation")
    assert moderation.must_have and moderation.min_score == 3
    trail = audit_trail(db, engagement_id)
    accepted = trail[trail["note"].str.startswith("Accepted the readiness suggestion")]
    assert set(accepted["actor"]) == {"Ana"}
    assert {"weight", "must_have", "min_score"} <= set(accepted["field"])
    assert "Clear parameters are a barrier" in accepted["note"].iloc[0]
    _, again = steering.engagement_suggestion(db, engagement_id, readiness)
    assert again.rules and not again.changes_anything


def test_accepting_a_suggestion_that_changes_nothing_is_refused(example):
    db, engagement_id = example
    readiness = gather.readiness(db, engagement_id)
    steering.accept(db, engagement_id,
                    steering.engagement_suggestion(db, engagement_id, readiness)[1])
    with pytest.raises(workspace.InvalidInput, match="no change"):
        steering.accept(db, engagement_id,
                        steering.engagement_suggestion(db, engagement_id, readiness)[1])


def test_readiness_nobody_answered_suggests_nothing(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    workspace.import_taxonomy(fresh_db, engagement.id, [{"id": "governance", "name": "G"}],
                              [{"id": "moderation", "category": "governance",
                                "name": "Moderation"}])
    readiness = gather.readiness(fresh_db, engagement.id)
    _, suggested = steering.engagement_suggestion(fresh_db, engagement.id, readiness)
    assert suggested.rules == () and not suggested.changes_anything


def test_the_verdict_and_the_choice_meet_in_one_sentence(example):
    db, engagement_id = example
    sentence = steering.verdict_and_choice(gather.readiness(db, engagement_id),
                                           gather.platforms(db, engagement_id))
    assert sentence.startswith("Not ready yet; ") and "leads the platform choice" in sentence


def test_the_answer_slide_says_whether_the_weights_follow_readiness(example):
    from outcomes import pack

    db, engagement_id = example
    deck = pack.gather_pack(db, engagement_id, "2026-11-30")
    answer = next(s for s in deck.slides if s.key == "answer")
    said = [b.text for block in answer.blocks if isinstance(block, Bullets) for b in block.items]
    assert any(t.startswith("Readiness suggests other weights or must-haves, not applied")
               for t in said)
    readiness = gather.readiness(db, engagement_id)
    steering.accept(db, engagement_id,
                    steering.engagement_suggestion(db, engagement_id, readiness)[1])
    deck = pack.gather_pack(db, engagement_id, "2026-11-30")
    answer = next(s for s in deck.slides if s.key == "answer")
    said = [b.text for block in answer.blocks if isinstance(block, Bullets) for b in block.items]
    assert any(t.startswith("The weights and must-haves follow the readiness findings")
               for t in said)
