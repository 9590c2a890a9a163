"""Weight sets: what was entered is stored as the Weights page reads it back, in range."""
import pytest

import workspace
from workspace.weights import check_weight_set


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Weights")


@pytest.mark.parametrize("method, inputs", [
    ("direct", {"values": {"a": 0, "b": 1_000_000}}),
    ("points", {"points": {"a": 60, "b": 40}}),
    ("ahp", {"judgments": {"0,1": 1 / 9, "0,2": 9, "1,2": 1}, "method": "geometric",
             "order": ["a", "b", "c"]}),
    ("direct", {}),
])
def test_what_the_pages_enter_is_a_weight_set(method, inputs):
    check_weight_set(method, inputs, {"a": 0.5, "b": 0.5})


@pytest.mark.parametrize("method, inputs, weights, message", [
    ("median", {}, {}, "Unknown weighting method 'median'"),
    ("direct", {"values": {"a": 1e300}}, {}, "value entered for 'a' must be a number from 0 "
                                             "to 1,000,000"),
    ("direct", {"values": {"a": float("nan")}}, {}, "must be a number from 0"),
    ("points", {"points": {"a": 60.5}}, {}, "points for 'a' must be a whole number"),
    ("points", {"points": {"a": 101}}, {}, "from 0 to 100, not 101"),
    ("ahp", {"judgments": {"0,1": 0}}, {}, "judgment 0,1 must lie between 1/9 and 9"),
    ("ahp", {"judgments": {"2,1": 3}}, {}, "keyed by two positions, the first smaller"),
    ("ahp", {"judgments": {"a,b": 3}}, {}, "keyed by two positions"),
    ("ahp", {"method": "mean"}, {}, "AHP method must be one of eigenvector, geometric"),
    ("ahp", {"order": "a,b"}, {}, "AHP order must list item ids"),
    ("points", {"values": {}}, {}, "points weights have no input 'values'"),
    ("direct", [], {}, "What was entered must be a table"),
    ("direct", {}, {"a": 1.5}, "weight of a must be a non-negative number of at most 1"),
    ("direct", {}, {"a": -0.1}, "non-negative"),
], ids=["method", "huge value", "NaN value", "half a point", "101 points", "judgment 0",
        "pair backwards", "pair of names", "AHP method", "order as text", "other method's input",
        "inputs not a table", "weight 1.5", "negative weight"])
def test_a_weight_set_out_of_shape_or_range_is_refused_and_nothing_is_stored(
        fresh_db, engagement, method, inputs, weights, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workspace.save_weights(fresh_db, engagement.id, "categories", method, inputs, weights)
    assert workspace.get_weights(fresh_db, engagement.id) == {}
