"""Cost inputs per vendor and the engagement's currency: stored as given, validated."""
import math

import pytest

import workspace
from workspace.costs import (VendorCost, check_cost, get_cost, get_currency, save_cost,
                             set_currency, vendor_costs)


@pytest.fixture
def engagement(tmp_path):
    db = workspace.open_workspace(tmp_path / "w.db", seed_example_engagement=False)
    engagement = workspace.create_engagement(db, "Costs")
    return db, engagement.id


def test_costs_are_stored_as_given_and_missing_ones_stay_missing(engagement):
    db, eid = engagement
    a = workspace.add_vendor(db, eid, "Alpha")
    workspace.add_vendor(db, eid, "Beta")
    save_cost(db, eid, a.id, check_cost("12.50", "500", "", 3))
    frame = vendor_costs(db, eid)
    assert list(frame.index) == ["Alpha", "Beta"]
    assert frame.loc["Alpha", "licence"] == 12.5 and frame.loc["Alpha", "users"] == 500
    assert math.isnan(frame.loc["Alpha", "implementation"])
    assert frame.loc["Beta"].isna().all()
    assert get_cost(db, a.id) == VendorCost(12.5, 500, None, 3)


@pytest.mark.parametrize("given, message", [
    ({"licence": -1}, "cannot be negative"),
    ({"licence": "ten"}, "must be a number"),
    ({"users": 2.5}, "whole number"),
    ({"users": 10**9}, "most this app accepts"),
    ({"implementation": float("inf")}, "cannot be negative or infinite"),
    ({"horizon": 0}, "at least 1 year"),
    ({"horizon": 31}, "most this app accepts"),
])
def test_bad_cost_inputs_are_refused_with_a_clear_message(given, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        check_cost(**given)


def test_a_refused_cost_changes_nothing(engagement):
    db, eid = engagement
    a = workspace.add_vendor(db, eid, "Alpha")
    save_cost(db, eid, a.id, VendorCost(10, 100, 0, 2))
    with pytest.raises(workspace.InvalidInput):
        save_cost(db, eid, a.id, VendorCost(10, -100, 0, 2))
    assert get_cost(db, a.id) == VendorCost(10, 100, 0, 2)


def test_a_vendor_of_another_engagement_cannot_be_costed(engagement):
    db, eid = engagement
    other = workspace.create_engagement(db, "Other")
    foreign = workspace.add_vendor(db, other.id, "Foreign")
    with pytest.raises(workspace.NotFound):
        save_cost(db, eid, foreign.id, VendorCost(1, 1, 1, 1))


def test_currency_is_eur_until_set_and_must_be_an_iso_code(engagement):
    db, eid = engagement
    assert get_currency(db, eid) == "EUR"
    assert set_currency(db, eid, " usd ") == "USD"
    assert get_currency(db, eid) == "USD"
    for bad in ("US", "DOLLAR", "<b>", "=1+1", ""):
        with pytest.raises(workspace.InvalidInput, match="three-letter ISO code"):
            set_currency(db, eid, bad)
    assert get_currency(db, eid) == "USD"


def test_a_cost_change_is_seen_by_cached_results(engagement):
    db, eid = engagement
    a = workspace.add_vendor(db, eid, "Alpha")
    before = workspace.engagement_fingerprint(db, eid)
    save_cost(db, eid, a.id, VendorCost(1, 1, 1, 1))
    middle = workspace.engagement_fingerprint(db, eid)
    set_currency(db, eid, "GBP")
    assert len({before, middle, workspace.engagement_fingerprint(db, eid)}) == 3
