"""Live workshop sessions: join codes, who joined, pausing and closing, and people's weights."""
import math

import pytest

import workspace
from workshops import display_code, new_code, normalize_code
from workspace import sessions
from workspace.sessions import NO_SESSION


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Contoso review")


@pytest.fixture
def session(fresh_db, engagement):
    return workspace.open_session(fresh_db, engagement.id, ["weights", "culture"])


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _unavailable_message(db, code):
    with pytest.raises(workspace.SessionUnavailable) as caught:
        workspace.join_session(db, code, "Ana")
    return str(caught.value)


# opening ------------------------------------------------------------------------------------

def test_a_new_session_is_open_with_a_valid_join_code(fresh_db, engagement, session):
    assert session.status == "open" and session.live
    assert session.engagement_id == engagement.id
    assert len(session.code) == 6 and normalize_code(session.code) == session.code
    assert (session.weights_level, session.weights_method, session.reveal) == (
        "categories", "points", False)
    assert workspace.get_session(fresh_db, session.id) == session
    assert workspace.live_session(fresh_db, engagement.id) == session


def test_chosen_tasks_come_in_the_usual_order_once_each(fresh_db, engagement, session):
    assert session.tasks == ("culture", "weights")
    again = workspace.open_session(fresh_db, engagement.id,
                                   ["scores", "weights", "scores", "maturity", "culture"])
    assert again.tasks == workspace.TASKS == ("culture", "maturity", "weights", "scores")


def test_ahp_weighting_of_a_category_can_be_chosen(fresh_db, engagement):
    opened = workspace.open_session(fresh_db, engagement.id, ["weights"],
                                    weights_level="Security", weights_method="ahp")
    assert (opened.weights_level, opened.weights_method) == ("Security", "ahp")


def test_opening_a_second_session_closes_the_first_and_its_code(fresh_db, engagement, session):
    second = workspace.open_session(fresh_db, engagement.id, ["maturity"])
    assert second.code != session.code
    assert workspace.get_session(fresh_db, session.id).status == "closed"
    assert workspace.live_session(fresh_db, engagement.id) == second
    assert _unavailable_message(fresh_db, session.code) == NO_SESSION
    assert workspace.join_session(fresh_db, second.code, "Ana").session_id == second.id


def test_a_session_in_another_engagement_stays_open(fresh_db, engagement, session):
    other = workspace.create_engagement(fresh_db, "Fabrikam")
    workspace.open_session(fresh_db, other.id, ["culture"])
    assert workspace.get_session(fresh_db, session.id).status == "open"


def test_no_live_session_before_one_is_opened(fresh_db, engagement):
    assert workspace.live_session(fresh_db, engagement.id) is None


@pytest.mark.parametrize("kwargs, message", [
    ({"tasks": ["culture", "karaoke"]}, r"Unknown workshop task\(s\): karaoke\."),
    ({"tasks": []}, "Choose at least one thing"),
    ({"tasks": ["culture"], "weights_method": "dollars"}, "100 points or AHP, not 'dollars'"),
    ({"tasks": ["culture"], "weights_level": "  "}, "Choose which level"),
])
def test_a_bad_setup_is_rejected_and_nothing_changes(fresh_db, engagement, session, kwargs,
                                                     message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workspace.open_session(fresh_db, engagement.id, **kwargs)
    assert _count(fresh_db, "workshop_sessions") == 1
    assert workspace.get_session(fresh_db, session.id).status == "open"   # still running


def test_a_bad_setup_in_an_empty_workspace_writes_nothing(fresh_db, engagement):
    with pytest.raises(workspace.InvalidInput):
        workspace.open_session(fresh_db, engagement.id, ["poll"])
    assert _count(fresh_db, "workshop_sessions") == 0


def test_a_session_needs_an_engagement(fresh_db):
    with pytest.raises(workspace.NotFound):
        workspace.open_session(fresh_db, 999, ["culture"])
    assert _count(fresh_db, "workshop_sessions") == 0


def test_tasks_may_come_from_any_iterable(fresh_db, engagement):
    opened = workspace.open_session(fresh_db, engagement.id,
                                    (task for task in ["culture", "weights"]))
    assert opened.tasks == ("culture", "weights")


def test_an_unknown_session_is_not_found(fresh_db):
    with pytest.raises(workspace.NotFound, match="does not exist any more"):
        workspace.get_session(fresh_db, 12345)


# joining ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typing", [str.lower, display_code,
                                    lambda c: f"  {c[:3].lower()} - {c[3:]} "])
def test_the_code_may_be_typed_in_any_case_and_spacing(fresh_db, session, typing):
    person = workspace.join_session(fresh_db, typing(session.code), "Ana")
    assert (person.name, person.session_id, person.engagement_id) == (
        "Ana", session.id, session.engagement_id)
    assert workspace.participant_by_token(fresh_db, person.token) == person


def test_the_display_name_is_trimmed(fresh_db, session):
    assert workspace.join_session(fresh_db, session.code, "  Ana  ").name == "Ana"


def test_people_without_a_name_are_numbered(fresh_db, session):
    first = workspace.join_session(fresh_db, session.code)
    second = workspace.join_session(fresh_db, session.code, "   ")
    third = workspace.join_session(fresh_db, session.code, "")
    assert [first.name, second.name, third.name] == ["Anonymous 1", "Anonymous 2",
                                                     "Anonymous 3"]
    assert len({first.token, second.token, third.token}) == 3


def test_anonymous_numbers_never_clash_with_a_chosen_name(fresh_db, session):
    workspace.join_session(fresh_db, session.code, "anonymous 2")
    names = [workspace.join_session(fresh_db, session.code).name for _ in range(3)]
    assert len({name.casefold() for name in names} | {"anonymous 2"}) == 4


def test_a_name_already_taken_is_refused_whatever_the_case(fresh_db, session):
    workspace.join_session(fresh_db, session.code, "Ana")
    with pytest.raises(workspace.DuplicateName, match="“ana” has already joined"):
        workspace.join_session(fresh_db, session.code, "ana")
    assert [p.name for p in workspace.session_participants(fresh_db, session.id)] == ["Ana"]


def test_a_name_taken_by_someone_already_in_the_engagement_is_refused(example_db):
    example = workspace.list_engagements(example_db)[0]
    opened = workspace.open_session(example_db, example.id, ["culture"])
    before = _count(example_db, "participants")
    with pytest.raises(workspace.DuplicateName, match="private link"):
        workspace.join_session(example_db, opened.code, "chief executive")
    assert _count(example_db, "participants") == before


def test_a_name_that_is_too_long_is_refused(fresh_db, session):
    with pytest.raises(workspace.InvalidInput, match="201 characters"):
        workspace.join_session(fresh_db, session.code, "x" * 201)
    assert _count(fresh_db, "participants") == 0


def test_a_paused_session_cannot_be_joined_until_it_resumes(fresh_db, session):
    workspace.update_session(fresh_db, session.id, status="paused")
    with pytest.raises(workspace.SessionPaused, match="paused"):
        workspace.join_session(fresh_db, session.code, "Ana")
    assert _count(fresh_db, "participants") == 0
    assert workspace.live_session(fresh_db, session.engagement_id).status == "paused"
    workspace.update_session(fresh_db, session.id, status="open")
    assert workspace.join_session(fresh_db, session.code, "Ana").name == "Ana"


def test_a_code_that_opens_nothing_never_says_why(fresh_db, engagement, session):
    """Closed, replaced, never issued or malformed: one message, so a guess learns nothing."""
    closed = workspace.open_session(fresh_db, engagement.id, ["culture"])   # closes `session`
    rotated_from = closed.code
    live = workspace.rotate_code(fresh_db, closed.id)
    never_issued = next(c for c in iter(new_code, None)
                        if c not in {session.code, rotated_from, live.code})
    messages = {_unavailable_message(fresh_db, code)
                for code in (session.code, rotated_from, never_issued, "hello", "", "ACE-4790")}
    assert messages == {NO_SESSION}
    assert _count(fresh_db, "participants") == 0


@pytest.mark.parametrize("typed", [None, 123456, ["ACE479"]])
def test_a_code_that_is_not_text_opens_nothing(fresh_db, session, typed):
    with pytest.raises(workspace.SessionUnavailable):
        workspace.session_by_code(fresh_db, typed)


def test_session_by_code_finds_the_open_session(fresh_db, session):
    assert workspace.session_by_code(fresh_db, display_code(session.code).lower()) == session


# rotating, updating -------------------------------------------------------------------------

def test_a_new_code_keeps_everyone_who_joined_and_their_links(fresh_db, session):
    ana = workspace.join_session(fresh_db, session.code, "Ana")
    ben = workspace.join_session(fresh_db, session.code)
    rotated = workspace.rotate_code(fresh_db, session.id)
    assert rotated.code != session.code
    assert (rotated.id, rotated.status, rotated.tasks) == (session.id, "open", session.tasks)
    assert workspace.session_participants(fresh_db, session.id) == [ana, ben]
    assert workspace.participant_by_token(fresh_db, ana.token) == ana
    assert _unavailable_message(fresh_db, session.code) == NO_SESSION
    assert workspace.join_session(fresh_db, rotated.code, "Cy").session_id == session.id


def test_a_paused_session_stays_paused_with_its_new_code(fresh_db, session):
    workspace.update_session(fresh_db, session.id, status="paused")
    rotated = workspace.rotate_code(fresh_db, session.id)
    assert rotated.status == "paused"
    with pytest.raises(workspace.SessionPaused):
        workspace.join_session(fresh_db, rotated.code, "Ana")


def test_a_closed_session_gets_no_new_code(fresh_db, session):
    workspace.update_session(fresh_db, session.id, status="closed")
    with pytest.raises(workspace.InvalidInput, match="closed; open a new one"):
        workspace.rotate_code(fresh_db, session.id)
    assert workspace.get_session(fresh_db, session.id).code == session.code


@pytest.mark.parametrize("change", [{"status": "open"}, {"reveal": True},
                                    {"tasks": ["maturity"]}, {"weights_method": "ahp"}])
def test_a_closed_session_stays_closed(fresh_db, session, change):
    closed = workspace.update_session(fresh_db, session.id, status="closed")
    assert not closed.live
    with pytest.raises(workspace.InvalidInput, match="This session is closed"):
        workspace.update_session(fresh_db, session.id, **change)
    assert workspace.get_session(fresh_db, session.id) == closed


def test_revealing_the_results_can_be_switched_on_and_off(fresh_db, session):
    assert workspace.update_session(fresh_db, session.id, reveal=True).reveal is True
    assert workspace.get_session(fresh_db, session.id).reveal is True
    assert workspace.update_session(fresh_db, session.id, reveal=False).reveal is False


def test_the_tasks_and_weighting_can_change_while_live(fresh_db, session):
    changed = workspace.update_session(fresh_db, session.id, tasks=["scores", "maturity"],
                                       weights_level="Security", weights_method="ahp")
    assert changed.tasks == ("maturity", "scores")
    assert (changed.weights_level, changed.weights_method) == ("Security", "ahp")
    only_method = workspace.update_session(fresh_db, session.id, weights_method="points")
    assert (only_method.weights_level, only_method.weights_method) == ("Security", "points")


@pytest.mark.parametrize("change, message", [
    ({"status": "archived"}, "Unknown session status 'archived'"),
    ({"tasks": []}, "Choose at least one thing"),
    ({"tasks": ["culture", "quiz"]}, "quiz"),
    ({"weights_method": "votes"}, "not 'votes'"),
])
def test_a_bad_change_is_rejected_and_nothing_changes(fresh_db, session, change, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workspace.update_session(fresh_db, session.id, **change)
    assert workspace.get_session(fresh_db, session.id) == session


def test_updating_an_unknown_session_is_not_found(fresh_db):
    with pytest.raises(workspace.NotFound):
        workspace.update_session(fresh_db, 999, reveal=True)


# who joined ---------------------------------------------------------------------------------

def test_session_participants_are_only_that_sessions_people(fresh_db, engagement, session):
    workspace.add_participant(fresh_db, engagement.id, "CIO")       # answers outside sessions
    ana = workspace.join_session(fresh_db, session.code, "Ana")
    ben = workspace.join_session(fresh_db, session.code, "Ben")
    later = workspace.open_session(fresh_db, engagement.id, ["culture"])
    cy = workspace.join_session(fresh_db, later.code, "Cy")
    assert workspace.session_participants(fresh_db, session.id) == [ana, ben]
    assert workspace.session_participants(fresh_db, later.id) == [cy]


# each person's weights ----------------------------------------------------------------------

@pytest.fixture
def ana(fresh_db, session):
    return workspace.join_session(fresh_db, session.code, "Ana")


def test_points_are_saved_as_given(fresh_db, session, ana):
    points = {"security": 60, "cost": 40}
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", points)
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "points") == points
    assert workspace.session_weights(fresh_db, session.id, "categories", "points") == {
        ana.id: points}


def test_ahp_judgments_are_saved_as_given(fresh_db, session, ana):
    judgments = {"0,1": 3, "0,2": 1 / 9, "1,2": 9}
    workspace.save_participant_weights(fresh_db, ana.id, "Security", "ahp", judgments)
    assert workspace.participant_weights(fresh_db, ana.id, "Security", "ahp") == judgments
    assert workspace.participant_weights(fresh_db, ana.id, "Security", "points") is None
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "ahp") is None


def test_saving_again_replaces_the_earlier_weights(fresh_db, session, ana):
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 100})
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points",
                                       {"a": 30, "b": 70})
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "points") == {
        "a": 30, "b": 70}
    assert _count(fresh_db, "participant_weights") == 1


def test_session_weights_hold_everyone_for_that_level_and_method(fresh_db, session, ana):
    ben = workspace.join_session(fresh_db, session.code, "Ben")
    cy = workspace.join_session(fresh_db, session.code, "Cy")
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 100})
    workspace.save_participant_weights(fresh_db, ben.id, "categories", "points", {"b": 100})
    workspace.save_participant_weights(fresh_db, cy.id, "Security", "points", {"c": 100})
    assert workspace.session_weights(fresh_db, session.id, "categories", "points") == {
        ana.id: {"a": 100}, ben.id: {"b": 100}}
    assert workspace.session_weights(fresh_db, session.id, "categories", "ahp") == {}


@pytest.mark.parametrize("inputs, message", [
    ({"a": 50.5}, "whole numbers from 0 to 100"),
    ({"a": -1}, "whole numbers from 0 to 100"),
    ({"a": 101}, "whole numbers from 0 to 100"),
    ({"a": "50"}, "'a' must be a number"),
    ({"a": True}, "must be a number"),
    ({"a": None}, "must be a number"),
    ({"a": math.nan}, "must be a number"),
    ({"a": math.inf}, "must be a number"),
    ({1: 50}, "must be a number"),
    ([("a", 50)], "a table of item and value"),
    ({f"item{k}": 0 for k in range(501)}, "a table of item and value"),
])
def test_points_out_of_range_or_not_numbers_are_rejected(fresh_db, ana, inputs, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", inputs)
    assert _count(fresh_db, "participant_weights") == 0


@pytest.mark.parametrize("value", [0, 0.1, 9.5, 10, -3, math.inf])
def test_judgments_outside_one_ninth_to_nine_are_rejected(fresh_db, ana, value):
    with pytest.raises(workspace.InvalidInput, match="between 1/9 and 9"
                       if math.isfinite(value) else "must be a number"):
        workspace.save_participant_weights(fresh_db, ana.id, "categories", "ahp",
                                           {"0,1": 3, "0,2": value})
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "ahp") is None


def test_whole_points_written_as_floats_and_the_edges_of_both_scales_are_accepted(fresh_db,
                                                                                  ana):
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points",
                                       {"a": 0, "b": 100.0})
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "ahp",
                                       {"0,1": 1 / 9, "0,2": 9, "1,2": 1})
    assert _count(fresh_db, "participant_weights") == 2


def test_a_rejected_change_keeps_the_earlier_weights(fresh_db, ana):
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 40})
    with pytest.raises(workspace.InvalidInput):
        workspace.save_participant_weights(fresh_db, ana.id, "categories", "points",
                                           {"a": 40, "b": 70.5})
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "points") == {"a": 40}


def test_an_unknown_weighting_method_is_rejected(fresh_db, ana):
    with pytest.raises(workspace.InvalidInput, match="not 'direct'"):
        workspace.save_participant_weights(fresh_db, ana.id, "categories", "direct", {"a": 1})
    assert _count(fresh_db, "participant_weights") == 0


# deleting and keeping engagements apart -----------------------------------------------------

def test_deleting_the_engagement_removes_its_sessions_and_everyones_weights(
        fresh_db, engagement, session, ana):
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 100})
    other = workspace.create_engagement(fresh_db, "Fabrikam")
    kept = workspace.open_session(fresh_db, other.id, ["weights"])
    bo = workspace.join_session(fresh_db, kept.code, "Bo")
    workspace.save_participant_weights(fresh_db, bo.id, "categories", "points", {"a": 100})

    workspace.delete_engagement(fresh_db, engagement.id)

    with pytest.raises(workspace.NotFound):
        workspace.get_session(fresh_db, session.id)
    assert _unavailable_message(fresh_db, session.code) == NO_SESSION
    assert workspace.participant_weights(fresh_db, ana.id, "categories", "points") is None
    assert _count(fresh_db, "workshop_sessions") == 1
    assert _count(fresh_db, "participant_weights") == 1
    assert workspace.session_weights(fresh_db, kept.id, "categories", "points") == {
        bo.id: {"a": 100}}


def test_deleting_the_example_engagement_removes_its_workshop(example_db):
    example = workspace.list_engagements(example_db)[0]
    opened = workspace.open_session(example_db, example.id, ["weights"])
    person = workspace.join_session(example_db, opened.code)
    workspace.save_participant_weights(example_db, person.id, "categories", "ahp", {"0,1": 2})
    workspace.delete_engagement(example_db, example.id)
    assert _count(example_db, "workshop_sessions") == 0
    assert _count(example_db, "participant_weights") == 0


def test_one_engagements_workshop_never_shows_anothers_people(fresh_db, engagement, session,
                                                              ana):
    other = workspace.create_engagement(fresh_db, "Fabrikam")
    theirs = workspace.open_session(fresh_db, other.id, ["weights"])
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 100})
    ana_there = workspace.join_session(fresh_db, theirs.code, "Ana")   # same name is fine
    workspace.save_participant_weights(fresh_db, ana_there.id, "categories", "points",
                                       {"b": 100})
    assert ana_there.id != ana.id
    assert workspace.session_participants(fresh_db, theirs.id) == [ana_there]
    assert workspace.session_participants(fresh_db, session.id) == [ana]
    assert workspace.session_weights(fresh_db, theirs.id, "categories", "points") == {
        ana_there.id: {"b": 100}}
    assert workspace.session_weights(fresh_db, session.id, "categories", "points") == {
        ana.id: {"a": 100}}


# room size ----------------------------------------------------------------------------------

def test_a_session_has_room_for_a_hundred_unless_the_facilitator_says_otherwise(fresh_db,
                                                                                session):
    assert session.max_participants == sessions.ROOM_SIZE == 100
    small = workspace.open_session(fresh_db, session.engagement_id, ["culture"],
                                   max_participants=2)
    assert workspace.get_session(fresh_db, small.id).max_participants == 2


def test_a_full_room_refuses_the_next_person_with_a_clear_message(fresh_db, engagement):
    room = workspace.open_session(fresh_db, engagement.id, ["culture"], max_participants=2)
    workspace.join_session(fresh_db, room.code, "Ana")
    workspace.join_session(fresh_db, room.code)
    with pytest.raises(workspace.RoomFull, match="This workshop is full"):
        workspace.join_session(fresh_db, room.code, "Cy")
    assert len(workspace.session_participants(fresh_db, room.id)) == 2


def test_the_room_can_grow_or_shrink_while_live(fresh_db, session):
    workspace.join_session(fresh_db, session.code, "Ana")
    workspace.join_session(fresh_db, session.code, "Ben")
    smaller = workspace.update_session(fresh_db, session.id, max_participants=1)
    assert smaller.max_participants == 1
    assert len(workspace.session_participants(fresh_db, session.id)) == 2, "nobody is put out"
    with pytest.raises(workspace.RoomFull):
        workspace.join_session(fresh_db, session.code, "Cy")
    workspace.update_session(fresh_db, session.id, max_participants=3)
    assert workspace.join_session(fresh_db, session.code, "Cy").name == "Cy"


@pytest.mark.parametrize("size", [0, -1, 2_001, 2.5, "50", True, None])
def test_a_room_size_outside_one_to_two_thousand_is_refused(fresh_db, engagement, session,
                                                            size):
    with pytest.raises(workspace.InvalidInput, match="room size must be a whole number"):
        workspace.open_session(fresh_db, engagement.id, ["culture"], max_participants=size)
    if size is not None:
        with pytest.raises(workspace.InvalidInput, match="from 1 to 2,000"):
            workspace.update_session(fresh_db, session.id, max_participants=size)
    assert workspace.get_session(fresh_db, session.id) == session


# vendor shortlist ---------------------------------------------------------------------------

def _vendors(db, engagement, *names):
    return [workspace.add_vendor(db, engagement.id, name) for name in names]


def test_a_session_offers_every_vendor_until_the_facilitator_shortlists_some(
        fresh_db, engagement, session):
    ann, ben, cay = _vendors(fresh_db, engagement, "Ann Co", "Ben Co", "Cay Co")
    assert session.shortlist == ()
    assert [v.name for v in workspace.offered_vendors(fresh_db, session)] == [
        "Ann Co", "Ben Co", "Cay Co"]

    shortlisted = workspace.update_session(fresh_db, session.id, shortlist=[cay.id, ann.id])
    assert shortlisted.shortlist == (ann.id, cay.id), "kept in the engagement's order"
    assert workspace.get_session(fresh_db, session.id).shortlist == (ann.id, cay.id)
    assert [v.name for v in workspace.offered_vendors(fresh_db, shortlisted)] == [
        "Ann Co", "Cay Co"]

    everyone = workspace.update_session(fresh_db, session.id, shortlist=[])
    assert everyone.shortlist == ()
    assert len(workspace.offered_vendors(fresh_db, everyone)) == 3


def test_a_shortlist_naming_another_engagements_vendor_changes_nothing(
        fresh_db, engagement, session):
    [mine] = _vendors(fresh_db, engagement, "Ann Co")
    other = workspace.create_engagement(fresh_db, "Fabrikam review")
    theirs = workspace.add_vendor(fresh_db, other.id, "Theirs Co")
    workspace.update_session(fresh_db, session.id, shortlist=[mine.id])
    with pytest.raises(workspace.InvalidInput, match=f"vendor\\(s\\) {theirs.id}"):
        workspace.update_session(fresh_db, session.id, shortlist=[mine.id, theirs.id])
    assert workspace.get_session(fresh_db, session.id).shortlist == (mine.id,)


def test_a_shortlisted_vendor_archived_later_is_no_longer_offered(fresh_db, engagement,
                                                                   session):
    ann, ben = _vendors(fresh_db, engagement, "Ann Co", "Ben Co")
    shortlisted = workspace.update_session(fresh_db, session.id, shortlist=[ann.id, ben.id])
    workspace.update_vendor(fresh_db, ben.id, archived=True)
    assert [v.name for v in workspace.offered_vendors(fresh_db, shortlisted)] == ["Ann Co"]


def test_an_anonymous_session_keeps_no_name_whatever_was_typed(fresh_db, engagement):
    anonymous = workspace.open_session(fresh_db, engagement.id, ["culture"], anonymous=True)
    assert anonymous.anonymous
    first = workspace.join_session(fresh_db, anonymous.code, "Dana Realname")
    second = workspace.join_session(fresh_db, anonymous.code, "")
    assert [first.name, second.name] == ["Participant 1", "Participant 2"]
    names = [row[0] for row in fresh_db.execute("SELECT name FROM participants")]
    assert "Dana Realname" not in names


@pytest.mark.parametrize("minutes", [0, 241, -5, 2.5, True, "5"])
def test_a_countdown_is_whole_minutes_from_1_to_240(fresh_db, session, minutes):
    with pytest.raises(workspace.InvalidInput, match="from 1 to 240"):
        workspace.start_countdown(fresh_db, session.id, minutes)
    assert workspace.get_session(fresh_db, session.id).ends_at is None


def test_a_countdown_ends_and_can_be_stopped(fresh_db, session):
    started = workspace.start_countdown(fresh_db, session.id, 2, now=1000.0)
    assert started.ends_at == 1120.0
    assert started.seconds_left(now=1100.0) == 20.0 and not started.time_up(now=1100.0)
    assert started.time_up(now=1120.0)
    assert workspace.stop_countdown(fresh_db, session.id).ends_at is None


def test_a_closed_session_gets_no_countdown(fresh_db, session):
    workspace.update_session(fresh_db, session.id, status="closed")
    with pytest.raises(workspace.InvalidInput, match="closed"):
        workspace.start_countdown(fresh_db, session.id, 5)


# counts for the projector ---------------------------------------------------------------------

def test_session_counts_are_the_rooms_joined_and_answering_numbers(example_db):
    """The presenter view's two numbers come from one query, not from the room; they must be
    the numbers the facilitator's live view (the room) shows, whatever people gave."""
    import outcomes.room
    from outcomes import gather

    db = example_db
    session = workspace.open_session(db, 1, ["culture", "maturity", "weights", "scores"])
    ana, ben, cy, dee = (workspace.join_session(db, session.code, name)
                         for name in ("Ana", "Ben", "Cy", "Dee"))
    vendor, criterion = workspace.list_vendors(db, 1)[0], workspace.list_criteria(db, 1)[0]
    culture, maturity = gather.engagement_banks(db, 1)
    banks = [culture.id, maturity.id]

    def both():
        room = outcomes.room.build(db, 1, session.id)
        return workspace.session_counts(db, session.id, banks), (room.people, room.answering)

    assert both() == ((4, 0), (4, 0))
    workspace.save_comment(db, ana.id, culture.id, culture.items[0].id, "only a comment")
    workspace.save_participant_weights(db, ben.id, "categories", "ahp", {"0,1": 3.0})
    workspace.save_scores(db, [workspace.Score(cy.id, vendor.id, criterion.id, None, "a note")])
    assert both() == ((4, 0), (4, 0)), "a comment, other weights, a note: nothing given yet"
    workspace.save_answer(db, ana.id, culture.id, culture.items[0].id, None, dont_know=True)
    workspace.save_participant_weights(db, ben.id, "categories", "points",
                                       {"adoption": 100})
    workspace.save_scores(db, [workspace.Score(cy.id, vendor.id, criterion.id, 3.0, "")])
    assert both() == ((4, 3), (4, 3))
    workspace.save_answer(db, dee.id, maturity.id, maturity.competencies[0].id, 2)
    workspace.join_session(db, session.code, "Eve")
    assert both() == ((5, 4), (5, 4))


def test_session_counts_of_an_unknown_session_is_not_found(fresh_db):
    with pytest.raises(workspace.NotFound):
        workspace.session_counts(fresh_db, 999, ["culture"])
