"""Responses: one row per person x item, upserted at once; multi-row writes are all or nothing."""

import pytest

import workspace
from workspace import Answer


@pytest.fixture
def person(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    return workspace.add_participant(fresh_db, engagement.id, "CIO")


def _rows(db):
    return db.execute("SELECT count(*) FROM responses").fetchone()[0]


def test_changing_an_answer_replaces_it_and_keeps_the_comment(fresh_db, person):
    workspace.save_comment(fresh_db, person.id, "culture", "c01", "Only in IT")
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 2)
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 4)
    answer = workspace.participant_answers(fresh_db, person.id, "culture")["c01"]
    assert (answer.value, answer.comment, answer.answered) == (4, "Only in IT", True)
    assert _rows(fresh_db) == 1


def test_dont_know_is_an_answer_without_a_value(fresh_db, person):
    workspace.save_answer(fresh_db, person.id, "culture", "c02", None, dont_know=True)
    frame = workspace.engagement_responses(fresh_db, person.engagement_id, "culture")
    assert frame["dont_know"].tolist() == [True]
    assert frame["value"].isna().all()


def test_comment_alone_is_not_an_answer(fresh_db, person):
    workspace.save_comment(fresh_db, person.id, "culture", "c03", "Unsure what this means")
    assert workspace.engagement_responses(fresh_db, person.engagement_id, "culture").empty
    comments = workspace.engagement_comments(fresh_db, person.engagement_id, "culture")
    assert comments["comment"].tolist() == ["Unsure what this means"]


def test_withdrawn_answer_counts_as_unanswered(fresh_db, person):
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 3)
    workspace.clear_answer(fresh_db, person.id, "culture", "c01")
    assert not workspace.participant_answers(fresh_db, person.id, "culture")["c01"].answered


def test_answers_are_stamped_with_the_time(fresh_db, person):
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 3)
    frame = workspace.engagement_responses(fresh_db, person.engagement_id, "culture")
    assert frame["answered_at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d").all()


def test_malformed_answer_in_a_batch_saves_nothing(fresh_db, person):
    batch = [Answer(person.id, "culture", "c01", 3), Answer(person.id, "culture", "c02", 4),
             Answer(person.id, "culture", "c03", 5, dont_know=True)]
    with pytest.raises(workspace.InvalidInput, match="both a value and"):
        workspace.save_answers(fresh_db, batch)
    assert _rows(fresh_db) == 0


def test_failure_halfway_through_a_batch_rolls_everything_back(fresh_db, person):
    batch = [Answer(person.id, "culture", "c01", 3), Answer(person.id, "culture", "c02", 4),
             Answer(999_999, "culture", "c03", 5)]     # no such participant: FK violation
    with pytest.raises(workspace.Conflict):
        workspace.save_answers(fresh_db, batch)
    assert _rows(fresh_db) == 0


def test_non_integer_value_is_rejected(fresh_db, person):
    with pytest.raises(workspace.InvalidInput, match="whole number"):
        workspace.save_answer(fresh_db, person.id, "culture", "c01", "4")
    assert _rows(fresh_db) == 0


def test_one_participant_changing_an_answer_moves_the_group_mean_once(fresh_db, person,
                                                                      culture_bank):
    from assessments import score
    other = workspace.add_participant(fresh_db, person.engagement_id, "CEO")
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 1)
    workspace.save_answer(fresh_db, other.id, "culture", "c01", 5)
    workspace.save_answer(fresh_db, person.id, "culture", "c01", 3)
    result = score(culture_bank, workspace.engagement_responses(fresh_db, person.engagement_id,
                                                                "culture"))
    item = result.items.loc["c01"]
    assert item["answered"] == 2
    assert item["score"] == 75      # (50 + 100) / 2


def test_target_stage_is_validated_and_replaced(fresh_db, person):
    workspace.set_target(fresh_db, person.engagement_id, "maturity", "tools", 2)
    workspace.set_target(fresh_db, person.engagement_id, "maturity", "tools", 4)
    assert workspace.get_targets(fresh_db, person.engagement_id, "maturity") == {"tools": 4}
    with pytest.raises(workspace.InvalidInput, match="must be 1 to 4"):
        workspace.set_target(fresh_db, person.engagement_id, "maturity", "tools", 5)


def test_snapshots_keep_their_payload_oldest_first(fresh_db, person):
    e = person.engagement_id
    workspace.save_snapshot(fresh_db, e, {"culture_overall": 60}, "after", "2026-06-01T00:00:00")
    workspace.save_snapshot(fresh_db, e, {"culture_overall": 40}, "before", "2026-01-01T00:00:00")
    assert [(s.label, s.payload["culture_overall"])
            for s in workspace.list_snapshots(fresh_db, e)] == [("before", 40), ("after", 60)]
    with pytest.raises(workspace.InvalidInput, match="cannot be saved"):
        workspace.save_snapshot(fresh_db, e, {"x": float("nan")})
    assert len(workspace.list_snapshots(fresh_db, e)) == 2
