"""Pulse campaigns: created as drafts, rules locked once open, dates that decide when answers
are taken, a questionnaire copied in so that bank changes never reach it."""
from datetime import date

import pytest

import workspace
from workspace import pulse
from workspace.errors import DuplicateName, InvalidInput

TODAY = date(2026, 11, 30)


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Acme")


def draft(db, engagement, **options):
    return pulse.create_campaign(db, engagement.id, options.pop("name", "Autumn pulse"),
                                 options.pop("opens_on", "2026-11-20"),
                                 options.pop("closes_on", "2026-12-15"), **options)


def test_a_new_campaign_is_a_draft_with_the_default_segments_and_rules(fresh_db, engagement):
    campaign = draft(fresh_db, engagement)
    assert campaign.phase(TODAY) == pulse.DRAFT and not campaign.accepting(TODAY)
    assert [s.id for s in campaign.segments] == ["department", "location", "level", "role"]
    assert campaign.segment("role").values == ("Leader", "Manager", "Employee")
    assert campaign.role_values == ("Leader", "Employee")
    assert (campaign.min_group, campaign.min_comments) == (5, 10)
    culture, maturity = pulse.campaign_banks(fresh_db, campaign)
    assert culture.id == "culture" and culture.outcomes and maturity is None


def test_the_campaign_asks_maturity_only_when_chosen(fresh_db, engagement):
    campaign = draft(fresh_db, engagement, include_maturity=True)
    assert pulse.campaign_banks(fresh_db, campaign)[1].id == "maturity"


@pytest.mark.parametrize("field, value, message", [
    ("min_group", 2, "minimum group size must be a whole number from 3 to 10"),
    ("min_group", 11, "minimum group size must be a whole number from 3 to 10"),
    ("min_comments", 2, "minimum for comments must be a whole number from 3 to 100"),
    ("closes_on", "2026-11-01", r"closes \(2026-11-01\) before it opens"),
    ("opens_on", "next monday", "open date must be a date"),
])
def test_bad_settings_are_refused_naming_them(fresh_db, engagement, field, value, message):
    with pytest.raises(InvalidInput, match=message):
        draft(fresh_db, engagement, **{field: value})
    assert pulse.list_campaigns(fresh_db, engagement.id) == []


def test_two_campaigns_of_an_engagement_need_different_names(fresh_db, engagement):
    draft(fresh_db, engagement)
    with pytest.raises(DuplicateName, match="already has a campaign called"):
        draft(fresh_db, engagement, name="autumn PULSE")


@pytest.mark.parametrize("segments, message", [
    ([{"name": "Department", "values": ["Sales", "sales"]}], "lists “sales” twice"),
    ([{"id": "role", "name": "Role", "values": ["Leader"]}], "at least two values"),
    ([{"name": "Team", "values": []}, {"name": "team", "values": []}], "Two segments"),
    ([{"name": f"S{i}", "values": []} for i in range(7)], "at most 6 segments"),
    ([{"name": "Team", "values": [f"T{i}" for i in range(31)]}], "at most 30 are allowed"),
    ([{"name": f"S{i}", "values": [f"v{j}" for j in range(25)]} for i in range(3)],
     "75 values in all; at most 60"),
])
def test_segments_are_checked(fresh_db, engagement, segments, message):
    with pytest.raises(InvalidInput, match=message):
        draft(fresh_db, engagement, segments=segments)


def test_opening_locks_the_rules_segments_and_drops_segments_without_values(fresh_db,
                                                                            engagement):
    campaign = draft(fresh_db, engagement)
    campaign = pulse.update_campaign(fresh_db, campaign.id, min_group=7, segments=[
        {"name": "Department", "values": ["Sales", "IT"]}, {"name": "Location", "values": []},
        {"id": "role", "name": "Role", "values": ["Leader", "Employee"]}])
    campaign = pulse.open_campaign(fresh_db, campaign.id, TODAY)
    assert [s.id for s in campaign.segments] == ["department", "role"]
    assert campaign.phase(TODAY) == pulse.OPEN and campaign.accepting(TODAY)
    for change in ({"min_group": 5}, {"min_comments": 20}, {"segments": []},
                   {"opens_on": "2026-11-25"}):
        with pytest.raises(InvalidInput, match="cannot change once the campaign is open"):
            pulse.update_campaign(fresh_db, campaign.id, **change)
    assert pulse.get_campaign(fresh_db, campaign.id).min_group == 7


def test_an_open_campaign_may_run_longer_but_not_end_in_the_past(fresh_db, engagement):
    campaign = pulse.open_campaign(fresh_db, draft(fresh_db, engagement).id, TODAY)
    longer = pulse.update_campaign(fresh_db, campaign.id, closes_on="2027-01-10", today=TODAY)
    assert longer.closes_on == "2027-01-10"
    with pytest.raises(InvalidInput, match="cannot be in the past"):
        pulse.update_campaign(fresh_db, campaign.id, closes_on="2026-11-29", today=TODAY)


def test_the_dates_decide_when_answers_are_taken(fresh_db, engagement):
    campaign = pulse.open_campaign(fresh_db, draft(fresh_db, engagement).id, TODAY)
    assert campaign.phase(date(2026, 11, 19)) == pulse.SCHEDULED
    assert campaign.phase(date(2026, 11, 20)) == pulse.OPEN          # the open date counts
    assert campaign.phase(date(2026, 12, 15)) == pulse.OPEN          # so does the close date
    assert campaign.phase(date(2026, 12, 16)) == pulse.CLOSED


def test_closing_early_is_final(fresh_db, engagement):
    campaign = pulse.open_campaign(fresh_db, draft(fresh_db, engagement).id, TODAY)
    closed = pulse.close_campaign(fresh_db, campaign.id, TODAY)
    assert closed.phase(TODAY) == pulse.CLOSED and closed.closes_on == "2026-11-30"
    with pytest.raises(InvalidInput, match="Only an open campaign can be closed"):
        pulse.close_campaign(fresh_db, campaign.id, TODAY)
    with pytest.raises(InvalidInput, match="already been opened"):
        pulse.open_campaign(fresh_db, campaign.id, TODAY)
    with pytest.raises(InvalidInput, match="closed; it takes no more answers"):
        pulse.update_campaign(fresh_db, campaign.id, closes_on="2027-01-01", today=TODAY)


def test_the_questionnaire_is_copied_so_a_bank_change_never_reaches_it(fresh_db, engagement):
    from assessments import bank_data, load_bank

    data = bank_data(load_bank("culture"))
    data["bank"]["id"] = "culture_local"
    bank = workspace.install_bank(fresh_db, "culture_local", "likert", data["bank"]["title"],
                                  data["bank"]["version"], data)
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank=bank.id)
    campaign = draft(fresh_db, engagement)
    data["dimensions"][0]["items"][0]["text"] = "Changed after the campaign began."
    workspace.install_bank(fresh_db, "culture_local", "likert", data["bank"]["title"],
                           data["bank"]["version"], data)
    culture, _ = pulse.campaign_banks(fresh_db, campaign)
    assert culture.items[0].text != "Changed after the campaign began."


def test_a_new_open_link_replaces_the_old_one(fresh_db, engagement):
    campaign = draft(fresh_db, engagement)
    rotated = pulse.rotate_open_link(fresh_db, campaign.id)
    assert rotated.open_link != campaign.open_link
    assert pulse.campaign_by_open_link(fresh_db, campaign.open_link) is None
    assert pulse.campaign_by_open_link(fresh_db, rotated.open_link).id == campaign.id


def test_headcounts_are_checked_against_the_segments(fresh_db, engagement):
    campaign = draft(fresh_db, engagement, segments=[{"name": "Department",
                                                      "values": ["Sales", "IT"]}])
    kept = pulse.set_headcounts(fresh_db, campaign.id, 120, {"department": {"Sales": 40}})
    assert kept.headcounts == {"total": 120, "values": {"department": {"Sales": 40}}}
    with pytest.raises(InvalidInput, match="not a value of department"):
        pulse.set_headcounts(fresh_db, campaign.id, 120, {"department": {"HR": 4}})
    with pytest.raises(InvalidInput, match="whole number from 0 to 1,000,000"):
        pulse.set_headcounts(fresh_db, campaign.id, -1, {})


def test_deleting_an_engagement_deletes_its_campaigns(fresh_db, engagement):
    draft(fresh_db, engagement)
    workspace.delete_engagement(fresh_db, engagement.id)
    assert list(fresh_db.query("SELECT * FROM pulse_campaigns")) == []
