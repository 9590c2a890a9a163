"""The example engagement: present on first run, clearly labeled, plausible, resettable."""
import workspace
from assessments import recommend, score


def test_first_run_has_a_labeled_example_with_several_people(example_db, culture_bank):
    [example] = workspace.list_engagements(example_db)
    assert example.is_example and "illustrative" in example.name.lower()
    assert "invented" in example.purpose
    people = workspace.list_participants(example_db, example.id)
    assert len(people) >= 4
    frame = workspace.engagement_responses(example_db, example.id, "culture")
    answering = frame["participant_id"].nunique()
    assert answering >= 4
    assert len(frame) == answering * len(culture_bank.items)


def test_example_compares_vendors_scored_by_two_people(example_db):
    [example] = workspace.list_engagements(example_db)
    scores = workspace.engagement_scores(example_db, example.id)
    criteria = workspace.list_criteria(example_db, example.id)
    vendors = workspace.list_vendors(example_db, example.id)
    assert len(vendors) >= 5 and len(criteria) >= 30
    assert scores["scorer"].nunique() == 2
    assert len(scores) == 2 * len(vendors) * len(criteria)
    assert scores["score"].between(0, 5).all()
    assert "categories" in workspace.get_weights(example_db, example.id)


def test_example_report_has_barriers_gaps_and_a_baseline(example_db, culture_bank,
                                                         maturity_bank):
    [example] = workspace.list_engagements(example_db)
    culture = score(culture_bank, workspace.engagement_responses(example_db, example.id,
                                                                 "culture"))
    maturity = score(maturity_bank, workspace.engagement_responses(example_db, example.id,
                                                                   "maturity"),
                     workspace.get_targets(example_db, example.id, "maturity"))
    assert (culture.dimensions["band"] == "barrier").any()
    assert (culture.dimensions["band"] != "barrier").any()
    assert (maturity.competencies["gap"] > 0).any()
    assert len(recommend(culture_bank, culture, maturity_bank, maturity)) >= 5
    assert len(workspace.list_snapshots(example_db, example.id)) == 1


def test_reset_restores_the_example_after_changes(example_db):
    [example] = workspace.list_engagements(example_db)
    person = workspace.list_participants(example_db, example.id)[0]
    workspace.save_answer(example_db, person.id, "culture", "c01", 1)
    workspace.add_participant(example_db, example.id, "Visitor")
    new_id = workspace.reset_example(example_db)
    assert [e.id for e in workspace.list_engagements(example_db)] == [new_id]
    assert "Visitor" not in [p.name for p in workspace.list_participants(example_db, new_id)]


def test_deleted_example_does_not_come_back_by_itself(workspace_path, example_db):
    [example] = workspace.list_engagements(example_db)
    workspace.delete_engagement(example_db, example.id)
    assert workspace.list_engagements(workspace.open_workspace(workspace_path)) == []
