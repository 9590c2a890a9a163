"""Criterion weights: AHP priorities and consistency, judgments, direct entry, points, hierarchy."""
import math

import numpy as np
import pandas as pd
import pytest

from vendors import AHPError, WeightsError
from vendors.weighting import (SAATY_RANDOM_INDEX, SAATY_SCALE, ahp_weights, direct_weights,
                               global_weights, group_judgments, inconsistent_judgments,
                               matrix_from_judgments, points_weights)

# Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", European Journal of
# Operational Research 48, 9-26 (also in Saaty & Vargas, "Models, Methods, Concepts &
# Applications of the AHP", ch. 1): a family buying a house compares eight criteria: size,
# transportation, neighborhood, age, yard, modern facilities, general condition, financing.
HOUSE = np.array([
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
])


def power_iteration(a: np.ndarray, steps: int = 1000) -> tuple[np.ndarray, float]:
    """The principal eigenvector and eigenvalue by repeated multiplication (no eig)."""
    w = np.full(len(a), 1 / len(a))
    for _ in range(steps):
        w = a @ w
        w = w / w.sum()
    return w, float(np.mean((a @ w) / w))


def consistent(weights: list[float]) -> np.ndarray:
    w = np.array(weights)
    return w[:, None] / w[None, :]


# --- AHP priorities and consistency ---------------------------------------------------------

def test_ahp_reproduces_saatys_house_example():
    """Saaty (1990), EJOR 48:9-26, the house example: priorities 0.173, 0.054, 0.188, 0.018,
    0.031, 0.036, 0.167, 0.333 with lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169."""
    result = ahp_weights(HOUSE)
    assert result.weights.round(3).tolist() == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036,
                                                0.167, 0.333]
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.consistency_index, 3) == 0.238
    assert round(result.consistency_ratio, 3) == 0.169
    assert result.method == "eigenvector"
    assert not result.acceptable


def test_eigenvector_agrees_with_power_iteration():
    """An independent route to the principal eigenvector (Saaty's own way of computing it)."""
    w, lambda_max = power_iteration(HOUSE)
    result = ahp_weights(HOUSE)
    assert result.weights == pytest.approx(w, abs=1e-10)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-9)
    assert result.weights.sum() == pytest.approx(1.0)


def test_consistent_matrix_has_zero_ratio_and_recovers_the_weights():
    result = ahp_weights(consistent([0.5, 0.25, 0.15, 0.1]))
    assert result.weights == pytest.approx([0.5, 0.25, 0.15, 0.1], abs=1e-12)
    assert result.lambda_max == pytest.approx(4.0, abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.acceptable


def test_consistency_index_divides_by_n_minus_one_and_ratio_by_the_random_index():
    result = ahp_weights(HOUSE)
    assert result.consistency_index == pytest.approx((result.lambda_max - 8) / 7)
    assert result.consistency_ratio == pytest.approx(result.consistency_index / 1.41)


def test_geometric_method_takes_normalized_row_geometric_means():
    """Row geometric means of the house matrix computed here without numpy (Crawford &
    Williams' method); lambda_max estimated as mean((A w) / w) as the module documents."""
    means = [math.prod(row) ** (1 / 8) for row in HOUSE.tolist()]
    expected = [m / sum(means) for m in means]
    result = ahp_weights(HOUSE, method="geometric")
    assert result.method == "geometric"
    assert result.weights == pytest.approx(expected, abs=1e-12)
    assert result.weights.round(3).tolist() == [0.175, 0.063, 0.149, 0.019, 0.036, 0.042,
                                                0.167, 0.350]
    assert result.lambda_max == pytest.approx(np.mean((HOUSE @ expected) / expected))
    assert round(result.consistency_ratio, 3) == 0.161


def test_geometric_method_recovers_consistent_weights():
    result = ahp_weights(consistent([0.6, 0.3, 0.1]), method="geometric")
    assert result.weights == pytest.approx([0.6, 0.3, 0.1], abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)


def test_a_single_item_gets_all_the_weight():
    result = ahp_weights([[1]])
    assert result.weights.tolist() == [1.0]
    assert result.consistency_ratio == 0


def test_two_items_are_always_consistent():
    result = ahp_weights([[1, 3], [1 / 3, 1]])
    assert result.weights == pytest.approx([0.75, 0.25])
    assert result.consistency_ratio == 0


def test_weights_are_read_only():
    with pytest.raises(ValueError):
        ahp_weights(HOUSE).weights[0] = 1


def test_unknown_method_is_rejected():
    with pytest.raises(AHPError, match="'eigenvector' or 'geometric'"):
        ahp_weights(HOUSE, method="mean")


def with_cell(value: float, at: tuple[int, int], mirror: float | None = None) -> np.ndarray:
    a = consistent([0.4, 0.3, 0.2, 0.1])
    a[at] = value
    if mirror is not None:
        a[at[::-1]] = mirror
    return a


@pytest.mark.parametrize("matrix, message", [
    (with_cell(4, (1, 2), 0.5), r"the matrix is not reciprocal at \(2, 3\): 4 and 0.5"),
    (with_cell(0, (0, 1)), r"must be positive, found 0 at \(1, 2\)"),
    (with_cell(-2, (2, 0)), r"must be positive, found -2 at \(3, 1\)"),
    (with_cell(12, (0, 3), 1 / 12), r"the value at \(1, 4\) is 12, outside Saaty's scale"),
    (with_cell(np.nan, (3, 2)), r"no valid number at \(4, 3\): nan"),
    (with_cell(2, (1, 1)), r"the diagonal must be 1, found 2 at \(2, 2\)"),
    (np.ones((2, 3)), "the matrix must be square, not 2 x 3"),
    ([[1, "x"], [1, 1]], "a square table of numbers"),
    ([[1, 2], [1]], "a square table of numbers"),
    (np.ones((0, 0)), "the matrix is empty"),
    (np.ones((16, 16)), "at most 15 items"),
], ids=["non-reciprocal", "zero", "negative", "out-of-scale", "nan", "diagonal", "non-square",
        "text", "ragged", "empty", "too-large"])
def test_invalid_matrix_is_rejected_naming_the_position(matrix, message):
    with pytest.raises(AHPError, match=message):
        ahp_weights(matrix)


def test_ahp_errors_are_weights_errors_and_value_errors():
    assert issubclass(AHPError, WeightsError) and issubclass(AHPError, ValueError)


def test_random_index_is_saatys_table_for_1_to_15():
    assert list(SAATY_RANDOM_INDEX) == list(range(1, 16))
    assert [SAATY_RANDOM_INDEX[n] for n in (3, 4, 8, 12, 15)] == [0.58, 0.90, 1.41, 1.48, 1.59]


def test_saaty_scale_is_the_17_judgments_in_order():
    assert len(SAATY_SCALE) == 17
    assert SAATY_SCALE[0] == pytest.approx(1 / 9) and SAATY_SCALE[8] == 1 and SAATY_SCALE[-1] == 9
    assert list(SAATY_SCALE) == sorted(SAATY_SCALE)


# --- judgments ------------------------------------------------------------------------------

def test_matrix_from_judgments_fills_reciprocals_and_defaults_to_equal():
    a = matrix_from_judgments(3, {(0, 1): 3, (1, 2): 1 / 5})
    assert a.tolist() == [[1, 3, 1], [1 / 3, 1, 1 / 5], [1, 5, 1]]


def test_matrix_from_judgments_below_one_means_the_second_item_matters_more():
    weights = ahp_weights(matrix_from_judgments(2, {(0, 1): 1 / 4})).weights
    assert weights == pytest.approx([0.2, 0.8])


@pytest.mark.parametrize("judgments, message", [
    ({(0, 2): 12}, r"the judgment for pair \(0, 2\) is 12, outside Saaty's scale"),
    ({(0, 1): 0}, r"pair \(0, 1\) must be a positive number, not 0"),
    ({(0, 1): float("inf")}, r"pair \(0, 1\) must be a positive number, not inf"),
    ({(0, 1): "3"}, r"pair \(0, 1\) must be a number, not '3'"),
    ({(2, 1): 3}, r"judgment \(2, 1\) must compare items i < j"),
    ({(0, 3): 3}, r"judgment \(0, 3\) must compare items i < j, both below 3"),
], ids=["out-of-scale", "zero", "infinite", "text", "lower-triangle", "out-of-range"])
def test_matrix_from_judgments_rejects_a_bad_judgment_naming_the_pair(judgments, message):
    with pytest.raises(AHPError, match=message):
        matrix_from_judgments(3, judgments)


def test_inconsistent_judgments_points_to_a_flipped_judgment_first():
    """Weights 8:4:2:1 judged consistently except item 1 vs 3, entered the wrong way round."""
    a = consistent([8, 4, 2, 1])
    a[0, 2], a[2, 0] = 1 / 4, 4
    assert ahp_weights(a).consistency_ratio > 0.10
    first = inconsistent_judgments(a)[0]
    assert (first.i, first.j, first.current) == (0, 2, 0.25)
    fixed = a.copy()
    fixed[0, 2], fixed[2, 0] = first.suggested, 1 / first.suggested
    assert ahp_weights(fixed).consistency_ratio == pytest.approx(first.consistency_ratio_after)
    assert first.consistency_ratio_after < 0.10


def test_inconsistent_judgments_are_on_the_scale_and_best_first():
    found = inconsistent_judgments(HOUSE, top=5)
    assert len(found) == 5
    assert all(j.suggested in SAATY_SCALE and j.suggested != j.current for j in found)
    after = [j.consistency_ratio_after for j in found]
    assert after == sorted(after) and after[0] < ahp_weights(HOUSE).consistency_ratio


def test_a_consistent_matrix_has_no_judgment_to_revisit():
    assert inconsistent_judgments(consistent([8, 4, 2, 1])) == []


def test_group_judgments_take_the_elementwise_geometric_mean():
    """Aczél & Saaty (1983): the geometric mean is the way to combine reciprocal judgments."""
    combined = group_judgments([[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]])
    assert combined == pytest.approx(np.array([[1, 4], [1 / 4, 1]]))


def test_group_judgments_stay_reciprocal():
    rng = np.random.default_rng(3)
    matrices = []
    for _ in range(5):
        upper = {(i, j): float(rng.choice(SAATY_SCALE))
                 for i in range(4) for j in range(i + 1, 4)}
        matrices.append(matrix_from_judgments(4, upper))
    combined = group_judgments(matrices)
    assert combined * combined.T == pytest.approx(np.ones((4, 4)))
    ahp_weights(combined)   # passes every check


def test_group_judgments_name_the_matrix_at_fault():
    bad = with_cell(4, (1, 2), 0.5)
    with pytest.raises(AHPError, match=r"matrix 2: the matrix is not reciprocal at \(2, 3\)"):
        group_judgments([consistent([4, 3, 2, 1]), bad])


def test_group_judgments_reject_matrices_of_different_sizes():
    with pytest.raises(AHPError, match="matrix 2 is 2 x 2, but matrix 1 is 3 x 3"):
        group_judgments([np.ones((3, 3)), np.ones((2, 2))])


def test_group_judgments_need_a_matrix():
    with pytest.raises(AHPError, match="no matrices"):
        group_judgments([])


# --- direct entry, points, hierarchy --------------------------------------------------------

def test_direct_weights_are_normalized_in_order():
    weights = direct_weights({"Security": 6, "Cost": 3, "Features": 1})
    assert weights.index.tolist() == ["Security", "Cost", "Features"]
    assert weights.tolist() == pytest.approx([0.6, 0.3, 0.1])


@pytest.mark.parametrize("values, message", [
    ({"Security": -2, "Cost": 3}, r"weight of 'Security' is negative \(-2\)"),
    ({"Security": 0, "Cost": 0}, "weights are all zero"),
    ({"Security": float("nan"), "Cost": 1}, "weight of 'Security' is missing"),
    ({"Security": None, "Cost": 1}, "weight of 'Security' is missing"),
    ({"Security": float("inf"), "Cost": 1}, r"weight of 'Security' is not a finite number"),
    ({"Security": "high", "Cost": 1}, "weight of 'Security' is not a number: 'high'"),
    ({}, "there are no weights"),
], ids=["negative", "all-zero", "nan", "none", "inf", "text", "empty"])
def test_direct_weights_reject_unusable_values_naming_the_criterion(values, message):
    with pytest.raises(WeightsError, match=message):
        direct_weights(values)


def test_direct_weights_accept_a_series():
    weights = direct_weights(pd.Series([1.0, 3.0], index=["a", "b"]))
    assert weights.tolist() == [0.25, 0.75]


def test_points_weights_divide_by_the_points_allocated():
    weights = points_weights({"Security": 50, "Cost": 30, "Features": 10})
    assert weights.tolist() == pytest.approx([50 / 90, 30 / 90, 10 / 90])


def test_points_over_the_total_are_rejected_saying_by_how_much():
    with pytest.raises(WeightsError, match="the points add up to 105, over the 100 available by 5"):
        points_weights({"Security": 60, "Cost": 45})


@pytest.mark.parametrize("points, message", [
    ({"Security": 12.5}, "points for 'Security' must be a whole number, not 12.5"),
    ({"Security": -5, "Cost": 10}, r"points for 'Security' is negative \(-5\)"),
    ({"Security": 0, "Cost": 0}, "points are all zero"),
], ids=["fraction", "negative", "all-zero"])
def test_points_must_be_whole_non_negative_and_not_all_zero(points, message):
    with pytest.raises(WeightsError, match=message):
        points_weights(points)


def test_points_total_can_be_changed():
    assert points_weights({"a": 7, "b": 3}, total=10).tolist() == [0.7, 0.3]
    with pytest.raises(WeightsError, match="by 1"):
        points_weights({"a": 8, "b": 3}, total=10)


def test_global_weight_is_category_weight_times_criterion_weight():
    result = global_weights(pd.Series({"security": 3, "cost": 1}),
                            {"security": pd.Series({"sso": 1, "audit": 1}),
                             "cost": pd.Series({"licence": 2})})
    assert result.to_dict() == pytest.approx({"sso": 0.375, "audit": 0.375, "licence": 0.25})
    assert result.sum() == pytest.approx(1.0)


def test_global_weights_need_criterion_weights_for_every_category():
    with pytest.raises(WeightsError, match="category 'cost' has no criterion weights"):
        global_weights(pd.Series({"security": 1, "cost": 1}), {"security": {"sso": 1}})


def test_global_weights_reject_an_unknown_category():
    with pytest.raises(WeightsError, match="unknown category 'viability'"):
        global_weights(pd.Series({"security": 1}), {"security": {"sso": 1},
                                                     "viability": {"age": 1}})


def test_global_weights_name_the_category_of_a_bad_criterion_weight():
    with pytest.raises(WeightsError, match="in category 'security': weight of 'sso' is negative"):
        global_weights(pd.Series({"security": 1}), {"security": {"sso": -1}})


def test_a_category_weighted_zero_may_leave_its_criteria_unweighted():
    result = global_weights(pd.Series({"security": 1, "cost": 0}),
                            {"security": {"sso": 1}, "cost": {"licence": 0}})
    assert result.to_dict() == {"sso": 1.0, "licence": 0.0}
