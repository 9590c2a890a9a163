"""Blind scoring: labels in the order vendors were added, on and off per engagement."""
import workspace
from workspace.blind import is_blind, label, labels, masked, set_blind, shown_names


def test_labels_run_a_to_z_then_aa():
    assert [label(n) for n in (0, 1, 25, 26, 27, 51, 52)] == [
        "Vendor A", "Vendor B", "Vendor Z", "Vendor AA", "Vendor AB", "Vendor AZ", "Vendor BA"]


def test_blind_scoring_is_off_until_turned_on_and_masks_names_companies_and_notes(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    slack = workspace.add_vendor(fresh_db, engagement.id, "Slack", "Salesforce", "Owned by")
    engage = workspace.add_vendor(fresh_db, engagement.id, "Viva Engage")
    assert not is_blind(fresh_db, engagement.id)
    assert shown_names(fresh_db, engagement.id) == {slack.id: "Slack", engage.id: "Viva Engage"}
    before = workspace.engagement_fingerprint(fresh_db, engagement.id)
    set_blind(fresh_db, engagement.id, True)
    assert is_blind(fresh_db, engagement.id)
    assert workspace.engagement_fingerprint(fresh_db, engagement.id) != before   # caches see it
    [first, second] = masked(fresh_db, engagement.id, workspace.list_vendors(fresh_db,
                                                                             engagement.id))
    assert (first.name, first.company, first.status_note) == ("Vendor A", "", "")
    assert second.name == "Vendor B"
    assert shown_names(fresh_db, engagement.id) == {slack.id: "Vendor A", engage.id: "Vendor B"}


def test_a_label_stays_with_its_vendor_when_another_is_archived(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    first = workspace.add_vendor(fresh_db, engagement.id, "One")
    second = workspace.add_vendor(fresh_db, engagement.id, "Two")
    set_blind(fresh_db, engagement.id, True)
    workspace.update_vendor(fresh_db, first.id, archived=True)
    assert labels(fresh_db, engagement.id)[second.id] == "Vendor B"
