"""The consensus step in the workspace: reopening keeps round 1, a second round is answered
within the session's rules, and an agreed value is checked, kept once and withdrawn."""
import pytest

import workspace
from workspace import consensus


@pytest.fixture
def room(example_db):
    """The example engagement with a live session and three people who answered c01 and
    scored one vendor on one criterion."""
    engagement = workspace.list_engagements(example_db)[0]
    session = workspace.open_session(example_db, engagement.id, ["culture", "scores"])
    vendor = workspace.list_vendors(example_db, engagement.id)[0]
    criterion = workspace.list_criteria(example_db, engagement.id)[0]
    people = [workspace.join_session(example_db, session.code, name)
              for name in ("Ann", "Ben", "Cy")]
    for person, value, score in zip(people, (1, 5, 3), (0.0, 5.0, 2.0)):
        workspace.save_answer(example_db, person.id, "culture", "c01", value)
        workspace.save_score_values(example_db, person.id, {(vendor.id, criterion.id): score})
    return example_db, engagement, session, people, vendor, criterion


def test_reopening_keeps_everyones_round_one_answer(room):
    db, engagement, session, people, vendor, criterion = room
    statement = consensus.reopen(db, session.id, "culture", "c01", "culture")
    assert statement.round_one == {people[0].id: 1.0, people[1].id: 5.0, people[2].id: 3.0}
    score = consensus.reopen(db, session.id, "score", criterion.id, vendor_id=vendor.id)
    assert sorted(score.round_one.values()) == [0.0, 2.0, 5.0]
    assert [r.id for r in consensus.reopened_items(db, session.id)] == [statement.id, score.id]


def test_an_item_is_reopened_once_per_session(room):
    db, _, session, *_ = room
    consensus.reopen(db, session.id, "culture", "c01", "culture")
    with pytest.raises(workspace.InvalidInput, match="already"):
        consensus.reopen(db, session.id, "culture", "c01", "culture")


@pytest.mark.parametrize("kind, item, bank, vendor", [
    ("culture", "nope", "culture", None), ("culture", "c01", "maturity", None),
    ("score", "nope", "", "first"), ("score", "first", "", 99_999), ("opinion", "c01", "", None)])
def test_only_the_engagements_own_items_are_reopened(room, kind, item, bank, vendor):
    db, _, session, _, real_vendor, criterion = room
    item = criterion.id if item == "first" else item
    vendor = real_vendor.id if vendor == "first" else vendor
    with pytest.raises(workspace.InvalidInput):
        consensus.reopen(db, session.id, kind, item, bank, vendor)
    assert consensus.reopened_items(db, session.id) == []


def test_a_second_round_answer_becomes_the_answer_and_is_kept_apart(room):
    db, _, session, people, vendor, criterion = room
    statement = consensus.reopen(db, session.id, "culture", "c01", "culture")
    score = consensus.reopen(db, session.id, "score", criterion.id, vendor_id=vendor.id)
    consensus.answer_again(db, statement.id, people[0].id, 4)
    consensus.answer_again(db, statement.id, people[1].id, None, dont_know=True)
    consensus.answer_again(db, score.id, people[0].id, 3.5)
    assert consensus.round_two(db, statement.id) == {people[0].id: 4.0, people[1].id: None}
    answers = workspace.participant_answers(db, people[0].id, "culture")
    assert answers["c01"].value == 4
    assert workspace.participant_answers(db, people[1].id, "culture")["c01"].dont_know
    scores = workspace.engagement_scores(db, session.engagement_id)
    mine = scores[(scores["scorer_id"] == people[0].id) & (scores["vendor_id"] == vendor.id)
                  & (scores["criterion"] == criterion.id)]
    assert mine["score"].tolist() == [3.5]
    assert consensus.get_reopened(db, statement.id).round_one[people[0].id] == 1.0


def test_a_second_round_follows_the_sessions_rules(room):
    db, _, session, people, *_ = room
    statement = consensus.reopen(db, session.id, "culture", "c01", "culture")
    workspace.update_session(db, session.id, status="paused")
    with pytest.raises(workspace.SessionPaused):
        consensus.answer_again(db, statement.id, people[0].id, 4)
    assert consensus.round_two(db, statement.id) == {}
    assert workspace.participant_answers(db, people[0].id, "culture")["c01"].value == 1
    workspace.update_session(db, session.id, status="open")
    with pytest.raises(workspace.InvalidInput, match="whole answer from 1 to 5"):
        consensus.answer_again(db, statement.id, people[0].id, 6)
    outsider = workspace.add_participant(db, session.engagement_id, "Not in the room")
    with pytest.raises(workspace.InvalidInput, match="Only the people of this workshop"):
        consensus.answer_again(db, statement.id, outsider.id, 4)


@pytest.mark.parametrize("kind, value, message", [
    ("culture", 6, "1 to 5"), ("culture", 3.5, "whole answer"), ("culture", True, "number"),
    ("score", 5.5, "0 to 5"), ("score", float("nan"), "number"), ("score", "3", "number")])
def test_an_agreed_value_must_lie_on_the_items_scale(room, kind, value, message):
    db, engagement, session, _, vendor, criterion = room
    item = (consensus.reopen(db, session.id, "culture", "c01", "culture") if kind == "culture"
            else consensus.reopen(db, session.id, "score", criterion.id, vendor_id=vendor.id))
    with pytest.raises(workspace.InvalidInput, match=message):
        consensus.agree(db, item.id, value, "why")
    assert consensus.agreed_values(db, engagement.id).empty


@pytest.mark.parametrize("why, message", [("", "one line"), ("   ", "one line"),
                                          ("x" * 301, "300 or fewer"), (None, "text")])
def test_an_agreed_value_needs_a_one_line_rationale(room, why, message):
    db, engagement, session, *_ = room
    item = consensus.reopen(db, session.id, "culture", "c01", "culture")
    with pytest.raises(workspace.InvalidInput, match=message):
        consensus.agree(db, item.id, 4, why)


def test_agreeing_again_replaces_the_value_and_changes_the_results_fingerprint(room):
    db, engagement, session, *_ = room
    item = consensus.reopen(db, session.id, "culture", "c01", "culture")
    before = workspace.engagement_fingerprint(db, engagement.id)
    consensus.agree(db, item.id, 4, "Two lines\nbecome one,\u202e kept plain")
    middle = workspace.engagement_fingerprint(db, engagement.id)
    consensus.agree(db, item.id, 3, "Revised after the break")
    agreed = consensus.agreed_values(db, engagement.id)
    assert agreed[["item", "value", "rationale"]].values.tolist() == [
        ["c01", 3.0, "Revised after the break"]]
    assert before != middle != workspace.engagement_fingerprint(db, engagement.id)
    consensus.withdraw(db, engagement.id, "culture", "c01", "culture")
    assert consensus.agreed_values(db, engagement.id).empty


def test_the_rationale_is_kept_on_one_line_without_direction_controls(room):
    db, engagement, session, *_ = room
    item = consensus.reopen(db, session.id, "culture", "c01", "culture")
    consensus.agree(db, item.id, 4, "Two lines\nbecome one,\u202e kept plain")
    assert consensus.agreed_values(db, engagement.id)["rationale"].tolist() == [
        "Two lines become one, kept plain"]


def test_a_closed_session_reopens_and_agrees_nothing(room):
    db, engagement, session, *_ = room
    item = consensus.reopen(db, session.id, "culture", "c01", "culture")
    workspace.update_session(db, session.id, status="closed")
    with pytest.raises(workspace.InvalidInput, match="closed"):
        consensus.agree(db, item.id, 4, "late")
    with pytest.raises(workspace.InvalidInput, match="closed"):
        consensus.reopen(db, session.id, "culture", "c02", "culture")


def test_a_bank_is_not_replaced_under_an_agreed_value_that_would_not_fit(example_db):
    """An agreed value stands for its item's answers: a new version of the bank that would
    leave it off the scale is refused like one that would leave answers off it."""
    import tomllib

    from assessments.bank import BANKS_DIR

    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_team"
    install = lambda d: workspace.install_bank(  # noqa: E731
        example_db, "culture_team", "likert", d["bank"]["title"], d["bank"]["version"], d)
    install(data)
    engagement = workspace.create_engagement(example_db, "Team")
    workspace.set_engagement_banks(example_db, engagement.id, culture_bank="culture_team")
    session = workspace.open_session(example_db, engagement.id, ["culture"])
    item = consensus.reopen(example_db, session.id, "culture", "c01", "culture_team")
    consensus.agree(example_db, item.id, 5, "Everyone shares")
    data["scale"]["labels"] = data["scale"]["labels"][:4]
    del data["scale"]["translations"]               # (a 5-point translation would not fit)
    with pytest.raises(workspace.BankInUse, match="1 stored answer"):
        install(data)
    assert workspace.read_bank(example_db, "culture_team").scale_max == 5
