"""Pulse campaigns in backups: carried whole within the anonymity design (no link, no hash,
no name, no time), every value checked on restore, older backups still restore."""
import gzip
import re
import json

import pytest

import workspace
from outcomes import pulse as results
from tests.pulse_data import TODAY, answer, open_campaign, random_campaign
from tests.workspace.test_backup import dump, older, resealed
from workspace import respondents
from workspace.backup import BackupError, backup_bytes, export_engagement, restore_engagement


@pytest.fixture
def source(tmp_path):
    return workspace.open_workspace(tmp_path / "a.db", seed_example_engagement=False)


@pytest.fixture
def other(tmp_path):
    return workspace.open_workspace(tmp_path / "b.db")


@pytest.fixture
def engagement(source):
    return workspace.create_engagement(source, "Acme")


@pytest.fixture
def closed(source, engagement):
    return random_campaign(source, engagement.id, people=40, seed=3, maturity=True)


def test_a_closed_campaign_restores_with_the_same_results(source, other, engagement, closed):
    restored = restore_engagement(other, backup_bytes(source, engagement.id))
    [copy] = workspace.pulse.list_campaigns(other, restored)
    before = results.results(source, closed.id, TODAY)
    after = results.results(other, copy.id, TODAY)
    assert copy.segments == closed.segments and copy.min_group == closed.min_group
    assert after.respondents == before.respondents == 40
    assert (after.culture.statuses == before.culture.statuses).all().all()
    assert after.culture.means.equals(before.culture.means)
    assert after.maturity.means.equals(before.maturity.means)
    assert copy.open_link != closed.open_link


def test_a_backup_carries_no_link_no_hash_no_time_and_no_typed_name(source, engagement):
    campaign = open_campaign(source, engagement.id)
    [token] = respondents.add_invitees(source, campaign.id, [{"department": "IT"}])
    answer(source, campaign.id, {}, 4, token=token, comment="Ask Anna Berg")
    text = gzip.decompress(backup_bytes(source, engagement.id)).decode()
    stored = [row["key_hash"] for row in source.query("SELECT key_hash FROM pulse_respondents")]
    stored += [row["token_hash"] for row in source.query("SELECT token_hash FROM pulse_invitees")]
    for secret in (token, campaign.open_link, *stored, "Anna"):
        assert secret not in text
    document = json.loads(text)
    assert "pulse_answers" not in document               # answers travel with the respondent
    [person] = document["pulse_respondents"]
    assert set(person) == {"key", "campaign", "segments", "answered", "answers", "comments"}
    assert set(person["answers"]["culture"].values()) == {4}
    assert person["comments"] == {"culture": {"c01": "Ask [name]"}} or all(
        "Anna" not in comment for part in person["comments"].values()
        for comment in part.values())


def test_an_open_campaign_comes_back_closed(source, other, engagement):
    campaign = open_campaign(source, engagement.id)
    for _ in range(6):
        answer(source, campaign.id, {"role": "Employee"}, 4)
    restored = restore_engagement(other, backup_bytes(source, engagement.id))
    [copy] = workspace.pulse.list_campaigns(other, restored)
    assert copy.status == "closed"
    assert respondents.respondent_by_token(other, "anything") is None


def test_an_older_backup_without_campaigns_still_restores(other):
    db = other
    example = workspace.list_engagements(db)[0]
    data = export_engagement(db, example.id)

    def drop(d):
        for section in ("pulse_campaigns", "pulse_invitees", "pulse_respondents",
                        "pulse_answers"):
            d.pop(section, None)

    for version in (3, 2, 1):
        restored = restore_engagement(db, resealed(older(data, version), drop))
        assert workspace.pulse.list_campaigns(db, restored) == []


def culture_of(d, person=0):
    """The first respondent's culture answers in a backup document (item -> answer)."""
    return d["pulse_respondents"][person]["answers"]["culture"]


def first_item(d):
    return sorted(culture_of(d))[0]


BAD = [
    (lambda d: culture_of(d).__setitem__("c99", 3),
     "pulse_respondents[0]: field 'answers': culture refers to 'c99', which the campaign's "
     "culture questionnaire does not have"),
    (lambda d: culture_of(d).__setitem__(first_item(d), 9),
     "pulse_respondents[0]: field 'answers': culture c01 must be an answer from 1 to 5, "
     "'dont_know' or null, not 9"),
    (lambda d: culture_of(d).__setitem__(first_item(d), True),
     "culture c01 must be an answer from 1 to 5"),
    (lambda d: culture_of(d).__setitem__(first_item(d), "maybe"),
     "culture c01 must be an answer from 1 to 5, 'dont_know' or null, not 'maybe'"),
    (lambda d: d["pulse_respondents"][0]["answers"].__setitem__("leadership", {}),
     "pulse_respondents[0]: field 'answers' names 'leadership', which is not a part"),
    (lambda d: d["pulse_respondents"][0]["answers"].__setitem__("culture", [3, 4]),
     "pulse_respondents[0]: field 'answers': culture must be an object, not array"),
    (lambda d: d["pulse_respondents"][0].__setitem__("comments", {"culture": {"c99": "x"}}),
     "pulse_respondents[0]: field 'comments': culture refers to 'c99'"),
    (lambda d: d["pulse_respondents"][0].__setitem__("comments",
                                                     {"culture": {"c01": "x" * 5_000}}),
     "pulse_respondents[0]: field 'comments': culture c01"),
    (lambda d: d["pulse_respondents"][0].pop("answers"),
     "pulse_respondents[0]: field 'answers' is missing"),
    (lambda d: d.__setitem__("pulse_answers", []),
     "unknown field 'pulse_answers' (from format version 5 the answers are kept with each "
     "respondent)"),
    (lambda d: d["pulse_respondents"][0]["segments"].__setitem__("department", "Mars"),
     "pulse_respondents[0]: field 'segments': “Mars” is not one of the values"),
    (lambda d: d["pulse_campaigns"][0].__setitem__("min_group", 2),
     "pulse_campaigns[0]: field 'min_group' must be a whole number from 3 to 10"),
    (lambda d: d["pulse_respondents"][0].__setitem__("campaign", "k9"),
     "pulse_respondents[0]: field 'campaign' refers to campaign 'k9'"),
    (lambda d: d["pulse_campaigns"][0]["culture"]["scale"].__setitem__("labels", ["a"]),
     "field 'culture'"),
    (lambda d: d["pulse_campaigns"][0].__setitem__("closes_on", "2020-01-01"),
     "field 'closes_on' is before 'opens_on'"),
]


@pytest.mark.parametrize("change, message", BAD)
def test_an_invalid_pulse_record_is_refused_naming_it_and_nothing_changes(source, other,
                                                                         engagement, closed,
                                                                         change, message):
    data = export_engagement(source, engagement.id)
    before = dump(other)
    with pytest.raises(BackupError, match=re.escape(message)):
        restore_engagement(other, resealed(data, change))
    assert dump(other) == before


def test_a_hand_made_comment_naming_someone_is_masked_on_restore(source, other, engagement,
                                                                 closed):
    data = export_engagement(source, engagement.id)
    restored = restore_engagement(other, resealed(data, lambda d: d["pulse_respondents"][0]
                                                  .__setitem__("comments", {"culture": {
                                                      first_item(d): "Ask Anna Berg"}})))
    comments = [row["comment"] for row in other.query(
        "SELECT comment FROM pulse_answers WHERE comment != ''")]
    assert "Ask [name]" in comments and not any("Anna" in c for c in comments)
    assert restored


def flat(d):
    """A version 5 document as version 4 held it: one ``pulse_answers`` record per answer."""
    d["version"] = 4
    d["pulse_answers"] = []
    for person in d["pulse_respondents"]:
        answers, comments = person.pop("answers"), person.pop("comments")
        for part in ("culture", "maturity"):
            given, said = answers.get(part, {}), comments.get(part, {})
            for item in sorted(set(given) | set(said)):
                value = given.get(item)
                d["pulse_answers"].append({
                    "respondent": person["key"], "part": part, "item": item,
                    "value": None if value == "dont_know" else value,
                    "dont_know": value == "dont_know", "comment": said.get(item, "")})


def test_a_version_4_backup_with_one_record_per_answer_restores_the_same_results(
        source, other, engagement, closed):
    data = export_engagement(source, engagement.id)
    old = resealed(data, flat)
    assert len(old["pulse_answers"]) > 40 * 20
    restored = restore_engagement(other, old)
    [copy] = workspace.pulse.list_campaigns(other, restored)
    before = results.results(source, closed.id, TODAY)
    after = results.results(other, copy.id, TODAY)
    assert after.respondents == before.respondents == 40
    assert after.culture.means.equals(before.culture.means)
    assert after.maturity.means.equals(before.maturity.means)
    assert after.comments.equals(before.comments)
    # ... and backing the restored copy up again gives the version 5 document back.
    # (numbered anew: the restored respondents have new random ids, so another order)
    def people(document):
        return sorted(json.dumps({k: v for k, v in person.items() if k != "key"},
                                 sort_keys=True) for person in document["pulse_respondents"])
    assert people(export_engagement(other, restored)) == people(data)


def test_every_kind_of_answer_row_comes_back_from_the_nested_layout(source, other, engagement):
    # a value, "don't know", a value with a comment, and a comment alone (no value)
    campaign = open_campaign(source, engagement.id)
    [token] = respondents.add_invitees(source, campaign.id, [{"department": "IT"}])
    respondents.start(source, campaign.id, {}, token=token)
    respondents.save_answers(source, token, [("culture", "c01", 4, False),
                                             ("culture", "c02", None, True),
                                             ("culture", "c03", 2, False)])
    respondents.save_comment(source, token, "culture", "c03", "Too slow")
    respondents.save_comment(source, token, "culture", "c04", "No idea what this means")
    rows = "SELECT part, item, value, dont_know, comment FROM pulse_answers ORDER BY item"
    before = source.rows(rows)
    restore_engagement(other, backup_bytes(source, engagement.id))
    assert other.rows(rows) == before
    assert len(before) == 4 and before[3][2] is None and before[3][4]


def test_a_backup_is_never_written_that_restore_would_refuse(source, other, engagement, closed):
    # At any limit: what backup writes within it, restore reads within it; past it, backup
    # writes nothing and says why (a file that cannot be restored would be found out too late).
    size = len(gzip.decompress(backup_bytes(source, engagement.id)))
    data = backup_bytes(source, engagement.id, max_json_bytes=size)
    restored = restore_engagement(other, data, max_json_bytes=size)
    assert [c.name for c in workspace.pulse.list_campaigns(other, restored)] == [closed.name]
    with pytest.raises(BackupError) as refused:
        backup_bytes(source, engagement.id, max_json_bytes=size - 1)
    assert str(refused.value).startswith(
        f"backup: this engagement would be a file of more than {size - 1:,} bytes of text, "
        "more than a restore accepts, so no backup file was written")
    # The same for the compressed file, which restore limits too.
    data = backup_bytes(source, engagement.id, max_file_bytes=len(data))
    assert restore_engagement(other, data, max_bytes=len(data))
    with pytest.raises(BackupError) as refused:
        backup_bytes(source, engagement.id, max_file_bytes=len(data) - 1)
    assert str(refused.value).startswith(
        f"backup: this engagement would be a file of more than {len(data) - 1:,} bytes "
        "compressed, more than a restore accepts")
