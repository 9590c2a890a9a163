"""Pulse respondents: links kept only as hashes, no tie between an invitee and their
answers, no time kept with an answer, writes refused outside the campaign's dates."""
import hashlib
import threading
from datetime import date

import pytest

import workspace
from workspace import pulse, respondents
from workspace.errors import InvalidInput, NotFound, SessionClosed

TODAY = date(2026, 11, 30)
SEGMENTS = [{"name": "Department", "values": ["Sales", "IT"]},
            {"id": "role", "name": "Role", "values": ["Leader", "Manager", "Employee"]}]


@pytest.fixture
def campaign(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "Acme")
    draft = pulse.create_campaign(fresh_db, engagement.id, "Pulse", "2026-11-20", "2026-12-15",
                                  segments=SEGMENTS)
    return pulse.open_campaign(fresh_db, draft.id, TODAY)


def every_text_in(db) -> str:
    """Every value stored in the workspace file, as one text."""
    parts = []
    for table in db.table_names():
        for row in db.query(f"SELECT * FROM {table}"):
            parts += [str(v) for v in row.values()]
    return "\n".join(parts)


def test_an_open_link_respondent_gets_a_private_link_kept_only_as_a_hash(fresh_db, campaign):
    person, token = respondents.start(fresh_db, campaign.id, {"department": "it",
                                                              "role": "Leader"}, today=TODAY)
    assert person.segments == {"department": "IT", "role": "Leader"}
    assert token not in every_text_in(fresh_db)
    stored = next(fresh_db.query("SELECT key_hash FROM pulse_respondents"))["key_hash"]
    assert stored == hashlib.sha256(f"respondent:{token}".encode()).hexdigest()
    assert respondents.respondent_by_token(fresh_db, token).id == person.id
    assert respondents.respondent_by_token(fresh_db, "guess") is None


def test_segment_values_must_be_the_segments_own(fresh_db, campaign):
    with pytest.raises(InvalidInput, match="“Finance” is not one of the values of Department"):
        respondents.start(fresh_db, campaign.id, {"department": "Finance"}, today=TODAY)
    with pytest.raises(InvalidInput, match="no segment"):
        respondents.start(fresh_db, campaign.id, {"team": "A"}, today=TODAY)
    person, _ = respondents.start(fresh_db, campaign.id, {"department": ""}, today=TODAY)
    assert person.segments == {}                 # prefer not to say


def test_an_invitee_link_leaves_no_tie_between_the_invitee_and_the_answers(fresh_db, campaign):
    [token] = respondents.add_invitees(fresh_db, campaign.id,
                                       [{"department": "Sales", "role": "Employee"}])
    assert respondents.invitation(fresh_db, token).segments == {"department": "Sales",
                                                                "role": "Employee"}
    person, same = respondents.start(fresh_db, campaign.id, {"department": "IT"}, token=token,
                                     today=TODAY)
    assert same == token and person.segments == {"department": "Sales", "role": "Employee"}
    respondents.save_answer(fresh_db, token, "culture", "c01", 4, today=TODAY)
    invitee = next(fresh_db.query("SELECT * FROM pulse_invitees"))
    respondent = next(fresh_db.query("SELECT * FROM pulse_respondents"))
    assert invitee["answered"] == 1
    # Nothing in either row points to the other: different hashes, no shared id.
    assert invitee["token_hash"] != respondent["key_hash"]
    assert set(invitee) & set(respondent) == {"id", "campaign_id", "segments", "answered"}
    assert invitee["id"] != respondent["id"]
    assert token not in every_text_in(fresh_db)


def test_starting_again_with_the_same_invitee_link_comes_back(fresh_db, campaign):
    [token] = respondents.add_invitees(fresh_db, campaign.id, [{}])
    first, _ = respondents.start(fresh_db, campaign.id, {}, token=token, today=TODAY)
    again, _ = respondents.start(fresh_db, campaign.id, {}, token=token, today=TODAY)
    assert first.id == again.id
    with pytest.raises(NotFound, match="not valid"):
        respondents.start(fresh_db, campaign.id, {}, token="made-up", today=TODAY)


def test_no_time_is_kept_with_a_respondent_or_an_answer(fresh_db, campaign):
    _, token = respondents.start(fresh_db, campaign.id, {"role": "Leader"}, today=TODAY)
    respondents.save_answer(fresh_db, token, "culture", "c01", 3, today=TODAY)
    respondents.save_comment(fresh_db, token, "culture", "c01", "Fine", today=TODAY)
    for table in ("pulse_respondents", "pulse_answers", "pulse_invitees"):
        columns = fresh_db.columns(table)
        assert not [c for c in columns if "at" in c.split("_") or "time" in c or "on" in
                    c.split("_")], (table, columns)


def test_respondent_ids_do_not_follow_the_order_people_came_in(fresh_db, campaign):
    ids = [respondents.start(fresh_db, campaign.id, {}, today=TODAY)[0].id for _ in range(30)]
    assert ids != sorted(ids) and min(ids) > 1000


def test_answers_are_refused_before_the_open_date_after_the_close_and_once_closed(fresh_db,
                                                                                  campaign):
    _, token = respondents.start(fresh_db, campaign.id, {}, today=TODAY)
    for day in (date(2026, 11, 19), date(2026, 12, 16)):
        with pytest.raises(SessionClosed, match="not taking answers"):
            respondents.save_answer(fresh_db, token, "culture", "c01", 4, today=day)
        with pytest.raises(SessionClosed):
            respondents.start(fresh_db, campaign.id, {}, today=day)
    pulse.close_campaign(fresh_db, campaign.id, TODAY)
    with pytest.raises(SessionClosed):
        respondents.save_comment(fresh_db, token, "culture", "c01", "late", today=TODAY)
    assert respondents.respondent_answers(fresh_db, 0, "culture") == {}


def test_a_close_wins_over_answers_in_flight(fresh_db, campaign, workspace_path):
    """Answers saved by other connections while the campaign closes: each is either saved
    before the close or refused, never saved after it."""
    tokens = [respondents.start(fresh_db, campaign.id, {}, today=TODAY)[1] for _ in range(8)]
    saved, refused = [], []

    def answer(token):
        db = workspace.open_workspace(workspace_path)
        for n in range(20):
            try:
                respondents.save_answer(db, token, "culture", f"c{n + 1:02d}", 3, today=TODAY)
                saved.append(token)
            except SessionClosed:
                refused.append(token)

    threads = [threading.Thread(target=answer, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    pulse.close_campaign(workspace.open_workspace(workspace_path), campaign.id, TODAY)
    for thread in threads:
        thread.join()
    stored = fresh_db.execute("SELECT count(*) FROM pulse_answers").fetchone()[0]
    assert stored == len(saved) and len(saved) + len(refused) == 160


def test_comments_are_kept_with_names_masked_and_capped(fresh_db, campaign):
    _, token = respondents.start(fresh_db, campaign.id, {}, today=TODAY)
    kept = respondents.save_comment(fresh_db, token, "culture", "c11",
                                    "Ask Anna Berg or mail anna.berg@example.com", today=TODAY)
    assert kept == "Ask [name] or mail [name]"
    assert "Anna" not in every_text_in(fresh_db)
    with pytest.raises(InvalidInput, match="2,001 characters long; keep it to 2,000"):
        respondents.save_comment(fresh_db, token, "culture", "c12", "x" * 2_001, today=TODAY)
    for n in range(25):
        respondents.save_comment(fresh_db, token, "culture", f"c{n + 1:02d}", "y" * 2_000,
                                 today=TODAY)
    with pytest.raises(InvalidInput, match="more than the 50,000 a survey keeps per person"):
        respondents.save_comment(fresh_db, token, "culture", "c26", "z" * 10, today=TODAY)


def test_a_campaign_takes_no_more_respondents_than_its_cap(fresh_db, campaign):
    pulse.update_campaign(fresh_db, campaign.id, max_respondents=2, today=TODAY)
    for _ in range(2):
        respondents.start(fresh_db, campaign.id, {}, today=TODAY)
    with pytest.raises(InvalidInput, match="as many respondents as its organizer allowed"):
        respondents.start(fresh_db, campaign.id, {}, today=TODAY)


def test_the_results_read_only_people_who_answered_in_no_particular_order(fresh_db, campaign):
    for role, value in (("Leader", 5), ("Employee", 2), ("Employee", None)):
        _, token = respondents.start(fresh_db, campaign.id, {"role": role}, today=TODAY)
        respondents.save_answer(fresh_db, token, "culture", "c01", value,
                                dont_know=value is None, today=TODAY)
    respondents.start(fresh_db, campaign.id, {"role": "Manager"}, today=TODAY)  # no answer
    given = respondents.campaign_answers(fresh_db, pulse.get_campaign(fresh_db, campaign.id))
    assert sorted(given.profiles["role"]) == ["Employee", "Employee", "Leader"]
    assert sorted(given.answers["value"].dropna()) == [2.0, 5.0]
    assert given.answers["dont_know"].sum() == 1
    assert list(given.profiles.index) == [0, 1, 2]          # numbers, not the stored ids


def test_the_results_read_the_maturity_answers_only_of_a_campaign_that_asks_them(fresh_db,
                                                                            campaign):
    # A campaign without the maturity questionnaire has no maturity results: an answer to a
    # competency that reached it anyway (an old link, a crafted request) is not read.
    _, token = respondents.start(fresh_db, campaign.id, {"role": "Leader"}, today=TODAY)
    respondents.save_answer(fresh_db, token, "culture", "c01", 4, today=TODAY)
    respondents.save_answer(fresh_db, token, "maturity", "strategy", 2, today=TODAY)
    asked = pulse.get_campaign(fresh_db, campaign.id)
    assert asked.maturity_bank is None
    given = respondents.campaign_answers(fresh_db, asked)
    assert given.answers["part"].tolist() == ["culture"]
    assert given.answers["value"].tolist() == [4.0]


def test_participation_counts_each_kind_of_person_as_the_people_themselves(fresh_db,
                                                                           campaign):
    # The database counts people per profile; each segment value's total is the number of
    # people one would count one by one, someone who kept a segment to themselves counts
    # only in the total, and nobody who has not answered counts as a respondent.
    profiles = ([{"department": "Sales", "role": "Leader"}] * 3
                + [{"department": "IT", "role": "Employee"}] * 4 + [{"role": "Employee"}] * 2)
    tokens = respondents.add_invitees(fresh_db, campaign.id, profiles)
    for token in tokens[:2] + tokens[3:6] + tokens[7:]:
        respondents.start(fresh_db, campaign.id, {}, token=token, today=TODAY)
        respondents.save_answer(fresh_db, token, "culture", "c01", 4, today=TODAY)
    respondents.start(fresh_db, campaign.id, {"department": "IT"}, today=TODAY)  # no answer
    taking = respondents.participation(fresh_db, pulse.get_campaign(fresh_db, campaign.id))
    answered = [p for n, p in enumerate(profiles) if n in (0, 1, 3, 4, 5, 7, 8)]

    def by_value(kinds, segment):
        return {value: int(kinds.loc[kinds[segment] == value, "people"].sum())
                for value in ("Sales", "IT", "Leader", "Employee")
                if value in {p.get(segment) for p in profiles}}

    for segment in ("department", "role"):
        assert by_value(taking.respondents, segment) == {
            value: sum(p.get(segment) == value for p in answered)
            for value in by_value(taking.respondents, segment)}
        assert by_value(taking.invitees, segment) == {
            value: sum(p.get(segment) == value for p in profiles)
            for value in by_value(taking.invitees, segment)}
    assert taking.respondents["people"].sum() == 7 and taking.invitees["people"].sum() == 9
    assert len(taking.respondents) == 3                  # three kinds of people answered


def test_invitees_are_refused_past_the_cap_and_when_closed(fresh_db, campaign, monkeypatch):
    monkeypatch.setattr(respondents, "INVITEES_MAX", 3)
    respondents.add_invitees(fresh_db, campaign.id, [{}, {}])
    with pytest.raises(InvalidInput, match="at most 3 invitees"):
        respondents.add_invitees(fresh_db, campaign.id, [{}, {}])
    assert fresh_db.execute("SELECT count(*) FROM pulse_invitees").fetchone()[0] == 2
    pulse.close_campaign(fresh_db, campaign.id, TODAY)
    with pytest.raises(InvalidInput, match="closed"):
        respondents.add_invitees(fresh_db, campaign.id, [{}])


def test_several_answers_save_together_or_not_at_all(fresh_db, campaign):
    _, token = respondents.start(fresh_db, campaign.id, {}, today=TODAY)
    saved = respondents.save_answers(fresh_db, token, [("culture", "c01", 4, False),
                                                       ("culture", "c02", None, True)],
                                     today=TODAY)
    assert saved == 2
    with pytest.raises(InvalidInput, match="whole number or “don't know”"):
        respondents.save_answers(fresh_db, token, [("culture", "c03", 2, False),
                                                   ("culture", "c04", 3, True)], today=TODAY)
    person = respondents.respondent_by_token(fresh_db, token)
    assert set(respondents.respondent_answers(fresh_db, person.id, "culture")) == {"c01", "c02"}
    assert person.answered
