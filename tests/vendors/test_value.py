"""Value for money kernels: total cost, benefit without cost criteria, the efficient frontier."""
import math

import pandas as pd
import pytest

from vendors.errors import WeightsError
from vendors.scoring import Direction
from vendors.value import benefit_weights, efficient_frontier, total_cost, weighted_benefit


def test_total_cost_is_licence_times_users_times_years_plus_implementation():
    cost = total_cost(pd.Series([12.0, 8.0]), pd.Series([500.0, 1000.0]),
                      pd.Series([10_000.0, 0.0]), pd.Series([3.0, 5.0]))
    assert list(cost) == [12 * 500 * 3 + 10_000, 8 * 1000 * 5]


def test_total_cost_is_missing_when_any_input_is_missing():
    cost = total_cost(pd.Series([12.0]), pd.Series([float("nan")]), pd.Series([0.0]),
                      pd.Series([3.0]))
    assert math.isnan(cost.iloc[0])


def test_benefit_leaves_out_cost_criteria_and_renormalizes_the_other_weights():
    weights = pd.Series({"sso": 0.5, "audit": 0.3, "licence": 0.2})
    directions = {"sso": Direction.BENEFIT, "audit": Direction.BENEFIT,
                  "licence": Direction.COST}
    shares = benefit_weights(weights, directions)
    assert shares.to_dict() == pytest.approx({"sso": 0.625, "audit": 0.375})
    matrix = pd.DataFrame({"sso": [4.0, 2.0], "audit": [2.0, 5.0], "licence": [0.0, 5.0]},
                          index=["A", "B"])
    # A: (0.5 x 4 + 0.3 x 2) / 0.8 = 3.25; B: (0.5 x 2 + 0.3 x 5) / 0.8 = 3.125; the
    # licence score (cheap A, dear B) counts for nothing.
    assert weighted_benefit(matrix, weights, directions).to_dict() == pytest.approx(
        {"A": 3.25, "B": 3.125})


def test_benefit_needs_a_weighted_benefit_criterion():
    with pytest.raises(WeightsError, match="No benefit criterion"):
        benefit_weights(pd.Series({"licence": 1.0}), {"licence": Direction.COST})


def test_efficient_frontier_matches_a_hand_computed_example():
    """A (4.0 for 100) and B (3.0 for 50) are not beaten; C (3.5 for 120) is beaten by A,
    D (3.0 for 80) by B (same benefit, cheaper); E (4.5 for 300) gives the most; F ties A
    exactly, so neither dominates the other; G has no cost and cannot be placed."""
    benefit = pd.Series({"A": 4.0, "B": 3.0, "C": 3.5, "D": 3.0, "E": 4.5, "F": 4.0,
                         "G": 5.0})
    cost = pd.Series({"A": 100.0, "B": 50.0, "C": 120.0, "D": 80.0, "E": 300.0, "F": 100.0,
                      "G": float("nan")})
    on = efficient_frontier(benefit, cost)
    assert on[on].index.tolist() == ["A", "B", "E", "F"]
    assert not on["G"]
