"""Vendor scoring: weighted ranking, contributions, knock-outs, TOPSIS, several scorers."""
import enum

import numpy as np
import pandas as pd
import pytest

from vendors import ScoresError, VendorsError, WeightsError
from vendors.scoring import (SCORE_MAX, Direction, aggregate_scorers, benefit_scores,
                             check_scores, contributions, knockouts, rank_vendors, to_matrix,
                             topsis, topsis_closeness, weighted_totals)

# Hwang & Yoon (1981), "Multiple Attribute Decision Making", Springer, the fighter aircraft
# example: maximum speed (Mach), ferry range (NM), maximum payload (lb), acquisition cost
# ($M, a cost), reliability and maneuverability (1-9 ratings), weights 0.2/0.1/0.1/0.1/0.2/0.3.
AIRCRAFT = np.array([[2.0, 1500, 20000, 5.5, 5, 9],
                     [2.5, 2700, 18000, 6.5, 3, 5],
                     [1.8, 2000, 21000, 4.5, 7, 7],
                     [2.2, 1800, 20000, 5.0, 5, 5]])
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_BENEFIT = [True, True, True, False, True, True]


@pytest.fixture
def scores():
    return pd.DataFrame({"sso": [5, 3, 1], "mobile": [4, 4, 2], "price": [1, 3, 5]},
                        index=["Slack", "Teams", "Yammer"], dtype=float)


WEIGHTS = pd.Series({"sso": 0.5, "mobile": 0.3, "price": 0.2})


# --- weighted ranking -----------------------------------------------------------------------

def test_weighted_totals_is_the_plain_matrix_product():
    assert weighted_totals(np.array([[1, 2], [3, 4]]), np.array([0.5, 0.5])).tolist() == [1.5, 3.5]


def test_score_is_the_weighted_mean_on_the_0_to_5_scale(scores):
    # Slack 0.5*5 + 0.3*4 + 0.2*1 = 3.9; Teams 1.5 + 1.2 + 0.6 = 3.3; Yammer 0.5 + 0.6 + 1 = 2.1
    ranking = rank_vendors(scores, WEIGHTS)
    assert ranking.index.tolist() == ["Slack", "Teams", "Yammer"]
    assert ranking["score"].tolist() == pytest.approx([3.9, 3.3, 2.1])
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking.index.name == "vendor"


def test_weights_are_normalized_before_use(scores):
    ranking = rank_vendors(scores, {"sso": 5, "mobile": 3, "price": 2})
    assert ranking["score"].tolist() == pytest.approx([3.9, 3.3, 2.1])


def test_ties_share_the_best_rank_and_sort_by_name():
    scores = pd.DataFrame({"a": [1, 4, 2, 5], "b": [1, 2, 4, 0]}, index=["D", "C", "B", "A"])
    ranking = rank_vendors(scores, {"a": 1, "b": 1})
    # C and B both score 3, A scores 2.5, D 1.
    assert ranking.index.tolist() == ["B", "C", "A", "D"]
    assert ranking["rank"].tolist() == [1, 1, 3, 4]


def test_ties_are_not_split_by_float_noise():
    scores = pd.DataFrame({"a": [0.1, 0.3], "b": [0.2, 0.2], "c": [0.3, 0.1]}, index=["X", "Y"])
    ranking = rank_vendors(scores, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert ranking["rank"].tolist() == [1, 1]


def test_a_cost_criterion_counts_as_score_max_minus_score(scores):
    # price scored as how costly: Slack 5 - 1 = 4 -> 2.5 + 1.2 + 0.8 = 4.5
    ranking = rank_vendors(scores, WEIGHTS, directions={"price": Direction.COST})
    assert ranking.loc["Slack", "score"] == pytest.approx(4.5)
    assert ranking.loc["Teams", "score"] == pytest.approx(1.5 + 1.2 + 0.4)
    assert ranking.loc["Yammer", "score"] == pytest.approx(0.5 + 0.6 + 0.0)


def test_a_direction_from_another_enum_with_the_same_values_is_understood(scores):
    class TaxonomyDirection(enum.Enum):
        BENEFIT = "benefit"
        COST = "cost"
    ours = rank_vendors(scores, WEIGHTS, directions={"price": Direction.COST})
    theirs = rank_vendors(scores, WEIGHTS, directions={"price": TaxonomyDirection.COST})
    pd.testing.assert_frame_equal(ours, theirs)


def test_an_unknown_direction_is_rejected(scores):
    with pytest.raises(ScoresError, match="direction of 'price' must be 'benefit' or 'cost'"):
        rank_vendors(scores, WEIGHTS, directions={"price": "cheaper"})


@pytest.mark.parametrize("weights, message", [
    ({"sso": 0, "mobile": 0, "price": 0}, "weights are all zero"),
    ({"sso": -1, "mobile": 1, "price": 1}, r"weight of 'sso' is negative \(-1\)"),
    ({"sso": float("nan"), "mobile": 1, "price": 1}, "weight of 'sso' is missing"),
    ({"sso": 1, "mobile": 1}, "no weight for criterion 'price'"),
    ({"sso": 1, "mobile": 1, "price": 1, "api": 1}, "weight given for unknown criterion 'api'"),
], ids=["all-zero", "negative", "nan", "missing", "unknown"])
def test_unusable_weights_raise_weights_error(scores, weights, message):
    with pytest.raises(WeightsError, match=message):
        rank_vendors(scores, weights)


@pytest.mark.parametrize("cell, message", [
    (7, "score for Teams on 'mobile' is 7, outside 0 to 5"),
    (-0.5, "score for Teams on 'mobile' is -0.5, outside 0 to 5"),
    ("abc", "score for Teams on 'mobile' is not a number: 'abc'"),
    (np.nan, r"score for Teams on 'mobile' is missing \(not scored yet\)"),
], ids=["above", "below", "text", "missing"])
def test_unusable_scores_raise_scores_error_naming_the_cell(scores, cell, message):
    scores = scores.astype(object)
    scores.loc["Teams", "mobile"] = cell
    with pytest.raises(ScoresError, match=message):
        rank_vendors(scores, WEIGHTS)


def test_numeric_text_is_accepted_as_a_score(scores):
    scores = scores.astype(object)
    scores.loc["Teams", "mobile"] = "4"
    assert rank_vendors(scores, WEIGHTS)["score"].tolist() == pytest.approx([3.9, 3.3, 2.1])


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame(columns=["sso"], dtype=float), "there are no vendors to compare"),
    (pd.DataFrame(index=["Slack"]), "there are no criteria to score"),
    (pd.DataFrame({"sso": [1.0, 2.0]}, index=["Slack", "Slack"]), "vendor 'Slack' appears twice"),
    (pd.DataFrame([[1.0, 2.0]], index=["Slack"], columns=["sso", "sso"]),
     "criterion 'sso' appears twice"),
], ids=["no-vendors", "no-criteria", "duplicate-vendor", "duplicate-criterion"])
def test_a_table_that_cannot_be_compared_is_rejected(frame, message):
    with pytest.raises(ScoresError, match=message):
        check_scores(frame)


def test_unscored_cells_earn_nothing_when_missing_is_zero(scores):
    scores.loc["Slack", "sso"] = np.nan
    scores.loc["Teams", "price"] = np.nan
    ranking = rank_vendors(scores, WEIGHTS, directions={"price": Direction.COST},
                           missing="zero")
    assert ranking.loc["Slack", "score"] == pytest.approx(0 + 1.2 + 0.8)
    assert ranking.loc["Teams", "score"] == pytest.approx(1.5 + 1.2 + 0)   # not 5 - 0


def test_missing_must_be_error_or_zero(scores):
    with pytest.raises(VendorsError, match="missing must be 'error' or 'zero'"):
        check_scores(scores, missing="skip")


def test_benefit_scores_turn_cost_criteria_around(scores):
    turned = benefit_scores(scores, {"price": Direction.COST})
    assert turned["price"].tolist() == [SCORE_MAX - 1, SCORE_MAX - 3, SCORE_MAX - 5]
    assert turned["sso"].tolist() == scores["sso"].tolist()


# --- contributions and knock-outs -----------------------------------------------------------

CATEGORIES = {"sso": "security", "mobile": "features", "price": "cost"}


def test_contributions_split_each_score_by_category(scores):
    parts = contributions(scores, WEIGHTS, CATEGORIES)
    assert parts.columns.tolist() == ["security", "features", "cost"]
    assert parts.loc["Slack"].tolist() == pytest.approx([2.5, 1.2, 0.2])
    ranking = rank_vendors(scores, WEIGHTS)
    assert parts.sum(axis=1).to_dict() == pytest.approx(ranking["score"].to_dict())


def test_contributions_group_criteria_of_a_category(scores):
    parts = contributions(scores, WEIGHTS, {**CATEGORIES, "mobile": "security"})
    assert parts.loc["Teams"].to_dict() == pytest.approx({"security": 2.7, "cost": 0.6})


def test_contributions_need_a_category_for_every_criterion(scores):
    with pytest.raises(VendorsError, match="criterion 'price' has no category"):
        contributions(scores, WEIGHTS, {"sso": "security", "mobile": "features"})


def test_knockouts_list_each_must_have_a_vendor_fails(scores):
    scores.loc["Teams", "sso"] = np.nan
    failed = knockouts(scores, {"sso": 3, "mobile": 3})
    assert failed.columns.tolist() == ["vendor", "criterion", "score", "minimum"]
    assert failed[["vendor", "criterion"]].values.tolist() == [
        ["Teams", "sso"], ["Yammer", "sso"], ["Yammer", "mobile"]]
    assert np.isnan(failed.loc[0, "score"])   # not scored counts as failing
    assert failed["minimum"].tolist() == [3, 3, 3]


def test_a_score_at_the_minimum_passes(scores):
    assert knockouts(scores, {"mobile": 4})["vendor"].tolist() == ["Yammer"]


def test_no_knockouts_give_an_empty_table_with_the_columns(scores):
    failed = knockouts(scores, {"mobile": 1})
    assert failed.empty and failed.columns.tolist() == ["vendor", "criterion", "score", "minimum"]


@pytest.mark.parametrize("minimums, message", [
    ({"api": 3}, "minimum given for unknown criterion 'api'"),
    ({"sso": 6}, "minimum for 'sso' must be a score from 0 to 5, not 6"),
], ids=["unknown", "out-of-range"])
def test_knockout_minimums_are_checked(scores, minimums, message):
    with pytest.raises(ScoresError, match=message):
        knockouts(scores, minimums)


# --- TOPSIS ---------------------------------------------------------------------------------

def test_topsis_reproduces_hwang_and_yoons_fighter_aircraft_example():
    """Hwang & Yoon (1981), Multiple Attribute Decision Making, the fighter aircraft example:
    relative closeness C* = 0.643, 0.268, 0.613, 0.312 (ranking A1, A3, A4, A2).

    The published figures follow from distances rounded to four decimals: A3's
    0.0920 / (0.0580 + 0.0920) = 0.613, where the unrounded ratio is 0.6135; hence a tolerance
    of one in the third decimal rather than equality after rounding."""
    closeness = topsis_closeness(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BENEFIT)
    assert closeness == pytest.approx([0.643, 0.268, 0.613, 0.312], abs=1e-3)
    assert closeness.round(3).tolist() == [0.643, 0.268, 0.614, 0.312]


def test_topsis_on_the_anchored_scale_matches_the_published_example():
    """The same example through ``topsis``: vector normalization ignores a column's unit, so
    each column is rescaled into 0-5 (range /1000, payload /10000, cost and ratings /2)."""
    rescaled = AIRCRAFT / np.array([1, 1000, 10000, 2, 2, 2])
    scores = pd.DataFrame(rescaled, index=["A1", "A2", "A3", "A4"],
                          columns=["speed", "range", "payload", "cost", "reliability",
                                   "maneuverability"])
    weights = pd.Series(AIRCRAFT_WEIGHTS, index=scores.columns)
    result = topsis(scores, weights, directions={"cost": Direction.COST})
    assert result.index.tolist() == ["A1", "A3", "A4", "A2"]
    assert result["closeness"].tolist() == pytest.approx([0.643, 0.613, 0.312, 0.268], abs=1e-3)
    assert result["closeness"].tolist() == pytest.approx(
        topsis_closeness(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BENEFIT)[[0, 2, 3, 1]], abs=1e-12)
    assert result["rank"].tolist() == [1, 2, 3, 4]


def test_topsis_reproduces_tzeng_and_huangs_example():
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications,
    CRC Press, the TOPSIS example (as used in scikit-criteria's tests): closeness 0.5037,
    0.6581, 0.7482, 0.3340."""
    closeness = topsis_closeness([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
                                 [0.3, 0.4, 0.3], [True, True, True])
    assert closeness.round(4).tolist() == [0.5037, 0.6581, 0.7482, 0.3340]


def test_topsis_gives_one_half_when_every_vendor_is_both_ideals():
    scores = pd.DataFrame({"a": [3.0, 3.0], "b": [0.0, 0.0]}, index=["X", "Y"])
    result = topsis(scores, {"a": 1, "b": 1})
    assert result["closeness"].tolist() == [0.5, 0.5]
    assert result["rank"].tolist() == [1, 1]


# --- several scorers ------------------------------------------------------------------------

def long_scores(rows):
    return pd.DataFrame(rows, columns=["scorer", "vendor", "criterion", "score"])


def test_aggregate_scorers_gives_mean_spread_count_and_flags_disagreement():
    result = aggregate_scorers(long_scores([
        ("Ann", "Slack", "sso", 2), ("Bob", "Slack", "sso", 5),
        ("Ann", "Slack", "mobile", 4), ("Bob", "Slack", "mobile", 4),
        ("Ann", "Teams", "sso", 3)]))
    assert result[["vendor", "criterion"]].values.tolist() == [
        ["Slack", "sso"], ["Slack", "mobile"], ["Teams", "sso"]]
    assert result["mean"].tolist() == [3.5, 4.0, 3.0]
    assert result["spread"].tolist() == [1.5, 0.0, 0.0]   # population standard deviation
    assert result["scorers"].tolist() == [2, 2, 1]
    assert result["flagged"].tolist() == [True, False, False]


def test_a_single_scorer_is_never_flagged():
    result = aggregate_scorers(long_scores([("Ann", "Slack", "sso", 0)]), spread_flag=0.1)
    assert not result["flagged"].any()


def test_unscored_rows_are_skipped():
    result = aggregate_scorers(long_scores([("Ann", "Slack", "sso", 4),
                                            ("Bob", "Slack", "sso", None)]))
    assert result["scorers"].tolist() == [1]


@pytest.mark.parametrize("rows, message", [
    ([("Ann", "Slack", "sso", 2), ("Ann", "Slack", "sso", 3)], "Ann scored Slack on 'sso' twice"),
    ([("Ann", "Slack", "sso", 9)], "score by Ann for Slack on 'sso' is 9, outside 0 to 5"),
    ([("Ann", "Slack", "sso", "good")], "score by Ann for Slack on 'sso' is not a number"),
], ids=["twice", "outside", "text"])
def test_aggregate_scorers_rejects_bad_rows(rows, message):
    with pytest.raises(ScoresError, match=message):
        aggregate_scorers(long_scores(rows))


def test_aggregate_scorers_needs_the_columns():
    with pytest.raises(ScoresError, match="lack the column"):
        aggregate_scorers(pd.DataFrame({"vendor": ["Slack"], "score": [3]}))


def test_to_matrix_gives_the_vendor_by_criterion_means_for_ranking():
    aggregated = aggregate_scorers(long_scores([
        ("Ann", "Teams", "sso", 2), ("Bob", "Teams", "sso", 4), ("Ann", "Slack", "mobile", 5)]))
    matrix = to_matrix(aggregated)
    assert matrix.index.tolist() == ["Teams", "Slack"]
    assert matrix.columns.tolist() == ["sso", "mobile"]
    assert matrix.loc["Teams", "sso"] == 3.0 and np.isnan(matrix.loc["Teams", "mobile"])
    assert rank_vendors(matrix, {"sso": 1, "mobile": 1}, missing="zero").index[0] == "Slack"
