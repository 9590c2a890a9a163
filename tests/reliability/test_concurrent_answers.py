"""Many people answering at the same moment: every answer they saw saved stays saved.

Each simulated participant is its own OS process that saves answers through exactly the
questionnaire page's code path (open the workspace, ``bank.check_answer``,
``workspace.save_answer``), driven by ``bench/answer_load.py``. An answer counts as
*acknowledged* when the save returned without an exception: the person saw it saved.
No test here asserts on speed; timeouts are generous so a loaded machine slows the tests
down instead of failing them. Most of their run time is the workers' interpreter start-up
(importing the app's packages, about 0.9 s of CPU per process).
"""
from __future__ import annotations

import pytest

import workspace
from assessments import load_bank
from bench.answer_load import (integrity_check, lost_answers, prepare_engagement,
                               run_answer_load)


@pytest.fixture(scope="module")
def culture():
    return load_bank("culture")


def test_twenty_people_re_answering_for_seconds_lose_nothing(tmp_path, culture):
    """20 people keep changing their answers for 4 seconds, all at once, one process each.

    What a participant would notice if this failed: a "Not saved: the workspace is busy"
    message, or an answer they gave (and saw saved) coming back empty or with an older
    value after a refresh; what a facilitator would notice: a damaged workspace file.
    """
    path = tmp_path / "workspace.db"
    engagement_id = prepare_engagement(path, participants=20)

    result = run_answer_load(path, engagement_id, "culture", seconds=4)

    assert result.errors == [], "\n".join(result.errors[:10])
    # Everyone got through the whole questionnaire at least once (and then kept changing
    # answers for as long as the 4 seconds lasted; how often depends on the machine).
    assert len(result.acknowledged) == 20 * len(culture.items)
    assert lost_answers(path, result) == []
    assert integrity_check(path) == "ok"


def test_a_workshop_of_forty_answering_the_culture_questionnaire_at_once(tmp_path, culture):
    """The workshop size: 40 people answer all 30 culture statements at the same moment.

    The facilitator's aggregate afterwards holds every one of the 1,200 answers, each with
    the value its participant gave, and nobody was told "Not saved".
    """
    path = tmp_path / "workspace.db"
    engagement_id = prepare_engagement(path, participants=40)

    result = run_answer_load(path, engagement_id, "culture", seconds=0)

    assert result.errors == [], "\n".join(result.errors[:10])
    assert len(result.acknowledged) == 40 * len(culture.items) == 1200
    assert lost_answers(path, result) == []
    db = workspace.open_workspace(path)
    try:
        frame = workspace.engagement_responses(db, engagement_id, culture.id)
    finally:
        db.close()
    assert len(frame) == 1200
    given = {key: ack.value for key, ack in result.acknowledged.items()}
    seen = {(row.participant_id, row.item): (None if row.dont_know else int(row.value))
            for row in frame.itertuples()}
    assert seen == given
    assert integrity_check(path) == "ok"
