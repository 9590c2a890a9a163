"""The engagement fingerprint: the cache key of every result page. It must move whenever
anything the results depend on changes (else a page shows stale numbers), and stay put when
another engagement changes."""
import pytest

import workspace


@pytest.fixture
def two(example_db):
    other = workspace.create_engagement(example_db, "Other client")
    return example_db, 1, other.id


def _changes(db, engagement_id, change) -> bool:
    before = workspace.engagement_fingerprint(db, engagement_id)
    change()
    return workspace.engagement_fingerprint(db, engagement_id) != before


def test_every_kind_of_change_moves_the_fingerprint(two):
    db, example, _ = two
    person = workspace.list_participants(db, example)[0]
    vendor = workspace.list_vendors(db, example)[0]
    criterion = workspace.list_criteria(db, example)[0]
    changes = {
        "an answer": lambda: workspace.save_answer(db, person.id, "culture", "c01", 1),
        "the same answer changed again": lambda: workspace.save_answer(
            db, person.id, "culture", "c01", 5),
        "a comment": lambda: workspace.save_comment(db, person.id, "culture", "c01", "why"),
        "a new participant": lambda: workspace.add_participant(db, example, "New leader"),
        "a target": lambda: workspace.set_target(db, example, "maturity", "strategy", 4),
        "a score": lambda: workspace.save_scores(db, [workspace.Score(
            person.id, vendor.id, criterion.id, 0.5, "")]),
        "weights": lambda: workspace.save_weights(db, example, "categories", "direct",
                                                  {}, {"adoption": 1.0}),
        "a criterion": lambda: workspace.update_criterion(db, example, criterion.id,
                                                          min_score=2.0),
        "a vendor": lambda: workspace.update_vendor(db, vendor.id, company="Renamed Inc."),
    }
    for what, change in changes.items():
        assert _changes(db, example, change), what


def test_another_engagements_changes_leave_it_alone(two):
    db, example, other = two
    person = workspace.add_participant(db, other, "Someone else")
    assert not _changes(db, example, lambda: workspace.save_answer(
        db, person.id, "culture", "c01", 3))
