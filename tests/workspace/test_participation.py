"""What a workshop participant may still write: nothing once their session is paused or
closed (checked in the write's own transaction), and only so much text."""
import pytest

import workspace
from workspace import participation, sessions


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Contoso review")


@pytest.fixture
def session(fresh_db, engagement):
    return workspace.open_session(fresh_db, engagement.id, ["culture", "weights", "scores"])


@pytest.fixture
def ana(fresh_db, session):
    return workspace.join_session(fresh_db, session.code, "Ana")


@pytest.fixture
def vendor(fresh_db, engagement):
    return workspace.add_vendor(fresh_db, engagement.id, "Jive")


def _rows(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _everything_ana_can_write(db, ana, vendor):
    """One call per kind of write a participant makes, each a new value."""
    return {
        "answer": lambda: workspace.save_answer(db, ana.id, "culture", "c01", 4),
        "answers": lambda: workspace.save_answers(db, [workspace.Answer(
            ana.id, "culture", "c02", 2, comment="late")]),
        "comment": lambda: workspace.save_comment(db, ana.id, "culture", "c01", "changed"),
        "cleared": lambda: workspace.clear_answer(db, ana.id, "culture", "c01"),
        "weights": lambda: workspace.save_participant_weights(
            db, ana.id, "categories", "points", {"a": 10}),
        "scores": lambda: workspace.save_scores(db, [workspace.Score(
            ana.id, vendor.id, "k1", 1.0, "late evidence")]),
    }


def _snapshot(db):
    return {table: list(db.query(f"SELECT * FROM {table}"))
            for table in ("responses", "participant_weights", "scores", "participants")}


@pytest.mark.parametrize("kind", ["answer", "answers", "comment", "cleared", "weights",
                                  "scores"])
def test_a_closed_session_accepts_no_write_of_any_kind(fresh_db, session, ana, vendor, kind):
    workspace.save_answer(fresh_db, ana.id, "culture", "c01", 3)
    workspace.save_comment(fresh_db, ana.id, "culture", "c01", "before the close")
    workspace.update_session(fresh_db, session.id, status="closed")
    before = _snapshot(fresh_db)
    with pytest.raises(workspace.SessionClosed, match="closed, so nothing more is saved"):
        _everything_ana_can_write(fresh_db, ana, vendor)[kind]()
    assert _snapshot(fresh_db) == before


@pytest.mark.parametrize("kind", ["answer", "answers", "comment", "cleared", "weights",
                                  "scores"])
def test_a_paused_session_accepts_no_write_until_it_resumes(fresh_db, session, ana, vendor,
                                                            kind):
    workspace.update_session(fresh_db, session.id, status="paused")
    before = _snapshot(fresh_db)
    with pytest.raises(workspace.SessionPaused, match="paused"):
        _everything_ana_can_write(fresh_db, ana, vendor)[kind]()
    assert _snapshot(fresh_db) == before
    workspace.update_session(fresh_db, session.id, status="open")
    _everything_ana_can_write(fresh_db, ana, vendor)[kind]()


@pytest.mark.parametrize("kind", ["answer", "answers", "comment", "cleared", "weights",
                                  "scores"])
def test_an_ended_countdown_accepts_no_write_until_it_is_stopped(fresh_db, session, ana,
                                                                 vendor, kind):
    """The countdown is checked in the write's own transaction, like pause and close."""
    import time

    workspace.start_countdown(fresh_db, session.id, 1, now=time.time() - 61)
    before = _snapshot(fresh_db)
    with pytest.raises(workspace.TimeUp, match="Time is up"):
        _everything_ana_can_write(fresh_db, ana, vendor)[kind]()
    assert _snapshot(fresh_db) == before
    workspace.stop_countdown(fresh_db, session.id)
    _everything_ana_can_write(fresh_db, ana, vendor)[kind]()


def test_a_running_countdown_accepts_answers(fresh_db, session, ana, vendor):
    workspace.start_countdown(fresh_db, session.id, 5)
    assert 299 < workspace.get_session(fresh_db, session.id).seconds_left() <= 300
    workspace.save_answer(fresh_db, ana.id, "culture", "c01", 4)
    assert workspace.participant_answers(fresh_db, ana.id, "culture")["c01"].value == 4


def test_a_batch_with_one_closed_participant_saves_nothing(fresh_db, engagement, session, ana):
    cio = workspace.add_participant(fresh_db, engagement.id, "CIO")    # outside any session
    workspace.update_session(fresh_db, session.id, status="closed")
    with pytest.raises(workspace.SessionClosed):
        workspace.save_answers(fresh_db, [workspace.Answer(cio.id, "culture", "c01", 5),
                                          workspace.Answer(ana.id, "culture", "c01", 5)])
    assert _rows(fresh_db, "responses") == 0


def test_people_outside_a_workshop_write_as_before(fresh_db, engagement, session, vendor):
    cio = workspace.add_participant(fresh_db, engagement.id, "CIO")
    workspace.update_session(fresh_db, session.id, status="closed")
    workspace.save_answer(fresh_db, cio.id, "culture", "c01", 5)
    workspace.save_scores(fresh_db, [workspace.Score(cio.id, vendor.id, "k1", 4.0)])
    assert _rows(fresh_db, "responses") == _rows(fresh_db, "scores") == 1


def test_a_join_that_found_the_session_before_it_closed_is_still_refused(
        fresh_db, session, monkeypatch):
    """The status is read again in the join's own transaction: a facilitator's close between
    looking the code up and writing the person wins."""
    found = workspace.session_by_code(fresh_db, session.code)
    workspace.update_session(fresh_db, session.id, status="closed")
    monkeypatch.setattr(sessions, "session_by_code", lambda db, typed: found)
    with pytest.raises(workspace.SessionUnavailable):
        workspace.join_session(fresh_db, session.code, "Late Larry")
    assert _rows(fresh_db, "participants") == 0


def test_a_join_that_found_the_code_before_it_was_replaced_is_refused(
        fresh_db, session, monkeypatch):
    found = workspace.session_by_code(fresh_db, session.code)
    workspace.rotate_code(fresh_db, session.id)
    monkeypatch.setattr(sessions, "session_by_code", lambda db, typed: found)
    with pytest.raises(workspace.SessionUnavailable):
        workspace.join_session(fresh_db, session.code, "Late Larry")
    assert _rows(fresh_db, "participants") == 0


def test_the_check_runs_inside_the_writes_transaction(fresh_db, session, ana, monkeypatch):
    """If the check ran before the transaction, a close landing in between would let the
    write through; here the check itself must see the transaction open."""
    seen = []
    real = participation.check_accepting

    def spy(db, participant_ids):
        seen.append(db.in_transaction)
        return real(db, participant_ids)

    monkeypatch.setattr(participation, "check_accepting", spy)
    workspace.save_answer(fresh_db, ana.id, "culture", "c01", 3)
    workspace.save_participant_weights(fresh_db, ana.id, "categories", "points", {"a": 1})
    assert seen and all(seen)


# how much text a participant may leave ------------------------------------------------------

def test_a_workshop_comment_over_two_thousand_characters_is_refused(fresh_db, ana):
    assert participation.NOTE_MAX == 2_000
    workspace.save_comment(fresh_db, ana.id, "culture", "c01", "x" * 2_000)
    with pytest.raises(workspace.InvalidInput, match="The comment on c02 is 2,001 characters"):
        workspace.save_comment(fresh_db, ana.id, "culture", "c02", "x" * 2_001)
    with pytest.raises(workspace.InvalidInput, match="keep it to 2,000"):
        workspace.save_answers(fresh_db, [workspace.Answer(ana.id, "culture", "c03", 3,
                                                           comment="y" * 5_000)])
    assert set(workspace.participant_answers(fresh_db, ana.id, "culture")) == {"c01"}


def test_a_workshop_evidence_note_over_two_thousand_characters_is_refused(fresh_db, ana,
                                                                          vendor):
    with pytest.raises(workspace.InvalidInput, match="evidence note on k1 is 2,001"):
        workspace.save_scores(fresh_db, [workspace.Score(ana.id, vendor.id, "k1", 3.0,
                                                         "e" * 2_001)])
    assert _rows(fresh_db, "scores") == 0


def test_a_workshop_participant_keeps_at_most_two_hundred_thousand_characters(fresh_db, ana,
                                                                               vendor):
    """Full comments and notes fill the allowance; the next character is refused, whether in
    a comment or an evidence note, and replacing a note with a shorter one makes room."""
    assert participation.PERSON_TEXT_MAX == 200_000
    workspace.save_answers(fresh_db, [workspace.Answer(ana.id, "culture", f"c{n:03d}", 3,
                                                       comment="x" * 2_000)
                                      for n in range(50)])
    workspace.save_scores(fresh_db, [workspace.Score(ana.id, vendor.id, f"k{n:03d}", 3.0,
                                                     "y" * 2_000) for n in range(50)])
    with pytest.raises(workspace.InvalidInput,
                       match="200,001 characters, more than the 200,000"):
        workspace.save_comment(fresh_db, ana.id, "culture", "c999", "!")
    with pytest.raises(workspace.InvalidInput, match="more than the 200,000"):
        workspace.save_scores(fresh_db, [workspace.Score(ana.id, vendor.id, "k999", 3.0, "!")])
    assert _rows(fresh_db, "scores") == 50
    assert "c999" not in workspace.participant_answers(fresh_db, ana.id, "culture")
    workspace.save_scores(fresh_db, [workspace.Score(ana.id, vendor.id, "k000", 3.0, "short")])
    workspace.save_comment(fresh_db, ana.id, "culture", "c999", "now it fits")


def test_people_outside_a_workshop_keep_the_general_text_limit(fresh_db, engagement, vendor):
    cio = workspace.add_participant(fresh_db, engagement.id, "CIO")
    long = "z" * 50_000
    workspace.save_comment(fresh_db, cio.id, "culture", "c01", long)
    workspace.save_scores(fresh_db, [workspace.Score(cio.id, vendor.id, "k1", 3.0, long)])
    assert workspace.participant_answers(fresh_db, cio.id, "culture")["c01"].comment == long
