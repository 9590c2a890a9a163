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
    assert set(document["pulse_answers"][0]) == {"respondent", "part", "item", "value",
                                                 "dont_know", "comment"}
    assert set(document["pulse_respondents"][0]) == {"key", "campaign", "segments",
                                                     "answered"}


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
            del d[section]

    for version in (3, 2, 1):
        restored = restore_engagement(db, resealed(older(data, version), drop))
        assert workspace.pulse.list_campaigns(db, restored) == []


BAD = [
    (lambda d: d["pulse_answers"][0].__setitem__("item", "c99"),
     "pulse_answers[0]: field 'item' refers to 'c99'"),
    (lambda d: d["pulse_answers"][0].__setitem__("value", 9),
     "pulse_answers[0]: field 'value' must be an answer from 1 to 5"),
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
    restored = restore_engagement(other, resealed(data, lambda d: d["pulse_answers"][0]
                                                  .__setitem__("comment", "Ask Anna Berg")))
    comments = [row["comment"] for row in other.query(
        "SELECT comment FROM pulse_answers WHERE comment != ''")]
    assert "Ask [name]" in comments and not any("Anna" in c for c in comments)
    assert restored
