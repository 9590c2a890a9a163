"""What the room thinks: group weights (mean points, geometric-mean AHP) and disagreement."""
import math

import numpy as np
import pandas as pd
import pytest

from assessments import score_culture
from tests.conftest import responses
from vendors import weighting
from vendors.errors import VendorsError
from workshops import aggregate

ITEMS = ["security", "cost", "usability"]


# group_points ------------------------------------------------------------------------------

@pytest.fixture
def two_allocations():
    return {"Ana": {"security": 70, "cost": 20, "usability": 10},
            "Ben": {"security": 30, "cost": 30, "usability": 40}}


def test_group_points_are_the_mean_of_everyones_weights(two_allocations):
    group = aggregate.group_points(two_allocations, ITEMS)
    # (0.7 + 0.3) / 2, (0.2 + 0.3) / 2, (0.1 + 0.4) / 2
    assert group.weights.to_dict() == pytest.approx(
        {"security": 0.5, "cost": 0.25, "usability": 0.25})
    assert list(group.weights.index) == ITEMS
    assert group.consistency == {} and group.skipped == {}


def test_each_person_is_normalized_before_averaging():
    """Someone who hands out 50 of their 100 points counts as much as someone using all 100."""
    group = aggregate.group_points({"Ana": {"security": 30, "cost": 20},
                                    "Ben": {"security": 20, "cost": 80}}, ["security", "cost"])
    assert group.individual.loc["Ana"].tolist() == pytest.approx([0.6, 0.4])
    assert group.weights.tolist() == pytest.approx([(0.6 + 0.2) / 2, (0.4 + 0.8) / 2])


def test_items_someone_left_out_count_as_zero_points():
    group = aggregate.group_points({"Ana": {"security": 100}}, ITEMS)
    assert group.individual.loc["Ana"].tolist() == [1.0, 0.0, 0.0]


def test_individual_weights_keep_each_persons_row(two_allocations):
    group = aggregate.group_points(two_allocations, ITEMS)
    assert list(group.individual.columns) == ITEMS
    assert group.individual.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])
    assert group.individual.loc["Ben", "usability"] == pytest.approx(0.4)


def test_spread_is_the_population_standard_deviation(two_allocations):
    table = aggregate.group_points(two_allocations, ITEMS).table
    # security: 0.7 and 0.3 -> mean 0.5, deviations +-0.2 -> population std 0.2
    # (the sample std would be 0.283)
    assert table.loc["security", "spread"] == pytest.approx(0.2)
    assert table.loc["usability", "spread"] == pytest.approx(0.15)
    assert table.loc["cost", "spread"] == pytest.approx(0.05)
    assert table.loc["security", ["low", "high"]].tolist() == pytest.approx([0.3, 0.7])


def test_items_people_differ_on_most_come_first(two_allocations):
    table = aggregate.group_points(two_allocations, ITEMS).table
    assert list(table.index) == ["security", "usability", "cost"]


def test_median_of_three_people():
    group = aggregate.group_points({"A": {"security": 10, "cost": 90},
                                    "B": {"security": 50, "cost": 50},
                                    "C": {"security": 60, "cost": 40}}, ["security", "cost"])
    assert group.table.loc["security", "median"] == pytest.approx(0.5)
    assert group.table.loc["security", "mean"] == pytest.approx(0.4)


def test_someone_over_100_points_is_left_out_with_the_reason(two_allocations):
    points = {**two_allocations, "Cy": {"security": 80, "cost": 30}}
    group = aggregate.group_points(points, ITEMS)
    assert "Cy" not in group.individual.index
    assert "110" in group.skipped["Cy"] and "by 10" in group.skipped["Cy"]
    assert group.weights["security"] == pytest.approx(0.5)      # as without Cy


def test_someone_with_no_points_at_all_is_left_out():
    group = aggregate.group_points({"A": {"security": 100}, "B": {}}, ITEMS)
    assert group.skipped["B"] == "points are all zero"


@pytest.mark.parametrize("points", [
    {}, {"A": {"security": 101}}, {"A": {}, "B": {"cost": 0}},
])
def test_nobody_usable_is_an_error_not_empty_weights(points):
    with pytest.raises(VendorsError, match="nobody has allocated points yet"):
        aggregate.group_points(points, ITEMS)


# group_ahp ---------------------------------------------------------------------------------

def test_opposite_judgments_cancel_out_to_equal_weights():
    """4 and 1/4 have the geometric mean sqrt(4 * 1/4) = 1: the group sees no difference."""
    group = aggregate.group_ahp({"Ana": {"0,1": 4}, "Ben": {"0,1": 0.25}}, ["security", "cost"])
    assert group.weights.tolist() == pytest.approx([0.5, 0.5])
    assert group.individual.loc["Ana"].tolist() == pytest.approx([0.8, 0.2])
    assert group.individual.loc["Ben"].tolist() == pytest.approx([0.2, 0.8])
    assert group.table["spread"].tolist() == pytest.approx([0.3, 0.3])


def test_geometric_mean_of_two_consistent_people_has_a_closed_form():
    """Ana's judgments are consistent with priorities 4 : 2 : 1, Ben sees no difference.
    The geometric means sqrt(2), 2, sqrt(2) are consistent with 2 : sqrt(2) : 1, so the
    group weights are (2, sqrt(2), 1) / (3 + sqrt(2)) and the group CR is 0."""
    group = aggregate.group_ahp({"Ana": {"0,1": 2, "0,2": 4, "1,2": 2},
                                 "Ben": {"0,1": 1, "0,2": 1, "1,2": 1}}, ITEMS)
    total = 3 + math.sqrt(2)
    assert group.weights.tolist() == pytest.approx([2 / total, math.sqrt(2) / total, 1 / total])
    assert group.consistency["group"] == pytest.approx(0, abs=1e-9)
    assert group.individual.loc["Ana"].tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])


THREE_PEOPLE = {"Ana": {"0,1": 3, "0,2": 5, "1,2": 2},
                "Ben": {"0,1": 1 / 2, "0,2": 3, "1,2": 4},
                "Cy": {"0,1": 2, "0,2": 7, "1,2": 1}}


def _numpy_group_priorities(people):
    """Independent reference: reciprocal matrices by hand, element-wise exp(mean(log)),
    principal eigenvector by numpy.linalg.eig, and Saaty's CR with RI(3) = 0.58."""
    matrices = []
    for given in people.values():
        a = np.ones((3, 3))
        for key, value in given.items():
            i, j = map(int, key.split(","))
            a[i, j], a[j, i] = value, 1 / value
        matrices.append(a)
    g = np.exp(np.mean(np.log(np.array(matrices)), axis=0))
    values, vectors = np.linalg.eig(g)
    k = np.argmax(values.real)
    w = np.abs(vectors[:, k].real)
    lambda_max = values[k].real
    return w / w.sum(), (lambda_max - 3) / 2 / 0.58


def test_three_people_match_an_independent_numpy_computation():
    group = aggregate.group_ahp(THREE_PEOPLE, ITEMS)
    expected, expected_cr = _numpy_group_priorities(THREE_PEOPLE)
    assert group.weights.to_numpy() == pytest.approx(expected, rel=1e-9)
    assert group.consistency["group"] == pytest.approx(expected_cr, rel=1e-6)
    matrices = [weighting.matrix_from_judgments(3, {tuple(map(int, k.split(","))): v
                                                    for k, v in given.items()})
                for given in THREE_PEOPLE.values()]
    library = weighting.ahp_weights(weighting.group_judgments(matrices))
    assert group.weights.to_numpy() == pytest.approx(library.weights, rel=1e-12)
    assert group.weights.sum() == pytest.approx(1)


def test_each_persons_consistency_and_the_groups_are_reported():
    group = aggregate.group_ahp(THREE_PEOPLE, ITEMS)
    assert set(group.consistency) == {"Ana", "Ben", "Cy", "group"}
    ana = weighting.ahp_weights(weighting.matrix_from_judgments(
        3, {(0, 1): 3, (0, 2): 5, (1, 2): 2}))
    assert group.consistency["Ana"] == pytest.approx(ana.consistency_ratio)
    assert group.individual.loc["Ana"].to_numpy() == pytest.approx(ana.weights)


def test_a_group_where_one_participant_changes_an_answer():
    """Cy decides security is 9 times as important as cost (was 2): the group's weight
    for security rises, cost's falls, and nobody else's own weights move."""
    before = aggregate.group_ahp(THREE_PEOPLE, ITEMS)
    changed = {**THREE_PEOPLE, "Cy": {**THREE_PEOPLE["Cy"], "0,1": 9}}
    after = aggregate.group_ahp(changed, ITEMS)
    assert after.weights["security"] > before.weights["security"]
    assert after.weights["cost"] < before.weights["cost"]
    pd.testing.assert_frame_equal(after.individual.loc[["Ana", "Ben"]],
                                  before.individual.loc[["Ana", "Ben"]])
    expected, _ = _numpy_group_priorities(changed)
    assert after.weights.to_numpy() == pytest.approx(expected, rel=1e-9)


def test_a_pair_someone_has_not_answered_is_filled_in_from_their_other_answers():
    """Ana answered security 3x cost and cost 3x usability, one pair at a time, not yet
    security against usability: her answers say 9x, not "equal", so her weights are
    9 : 3 : 1 and the group's (hers alone) too."""
    group = aggregate.group_ahp({"Ana": {"0,1": 3, "1,2": 3}}, ITEMS)
    assert group.individual.loc["Ana"].tolist() == pytest.approx([9 / 13, 3 / 13, 1 / 13])
    assert group.weights.tolist() == pytest.approx([9 / 13, 3 / 13, 1 / 13])
    assert group.consistency["Ana"] == pytest.approx(0, abs=1e-9)


def test_someone_whose_answers_do_not_link_every_item_yet_is_left_out():
    group = aggregate.group_ahp({"Ana": {"0,1": 3}, "Ben": THREE_PEOPLE["Ben"]}, ITEMS)
    assert list(group.individual.index) == ["Ben"]
    assert "do not link every item" in group.skipped["Ana"]
    with pytest.raises(VendorsError):
        aggregate.group_ahp({"Ana": {}}, ITEMS)


def test_geometric_method_is_passed_on():
    group = aggregate.group_ahp(THREE_PEOPLE, ITEMS, method="geometric")
    expected = weighting.ahp_weights(
        weighting.matrix_from_judgments(3, {tuple(map(int, k.split(","))): v for k, v in
                                            aggregate.group_matrix_judgments(
                                                THREE_PEOPLE, 3).items()}),
        method="geometric")
    assert group.weights.to_numpy() == pytest.approx(expected.weights)


@pytest.mark.parametrize("bad, reason", [
    ({"0,1": 20}, "outside Saaty's scale"),
    ({"0,1": 0}, "positive number"),
    ({"first,second": 3}, "is not a pair"),
])
def test_someone_whose_judgments_cannot_be_used_is_left_out(bad, reason):
    group = aggregate.group_ahp({"Ana": {"0,1": 3}, "Ben": bad}, ["security", "cost"])
    assert reason in group.skipped["Ben"]
    assert list(group.individual.index) == ["Ana"]
    assert "Ben" not in group.consistency
    assert group.weights.tolist() == pytest.approx([0.75, 0.25])


def test_nobody_usable_for_ahp_is_an_error():
    with pytest.raises(VendorsError, match="nobody has made pairwise judgments yet"):
        aggregate.group_ahp({}, ITEMS)
    with pytest.raises(VendorsError, match="nobody"):
        aggregate.group_ahp({"Ana": {"0,1": 10}}, ITEMS)


def test_ahp_needs_two_items():
    with pytest.raises(VendorsError, match="at least two items"):
        aggregate.group_ahp({"Ana": {}}, ["security"])


# group_matrix_judgments --------------------------------------------------------------------

def test_group_judgments_are_the_geometric_mean_per_pair():
    got = aggregate.group_matrix_judgments({"Ana": {"0,1": 2, "0,2": 8},
                                            "Ben": {"0,1": 8, "0,2": 2}}, 3)
    # sqrt(2 * 8) = 4 for both pairs; (1, 2) judged by nobody stays 1
    assert got == pytest.approx({"0,1": 4.0, "0,2": 4.0, "1,2": 1.0})


def test_opposite_judgments_give_a_group_judgment_of_one():
    got = aggregate.group_matrix_judgments({"Ana": {"0,1": 4}, "Ben": {"0,1": 0.25}}, 2)
    assert got == pytest.approx({"0,1": 1.0})


def test_adopted_group_judgments_give_the_groups_weights():
    """Saving the group's judgments as the engagement's own reproduces the group weights."""
    adopted = aggregate.group_matrix_judgments(THREE_PEOPLE, 3)
    matrix = weighting.matrix_from_judgments(
        3, {tuple(map(int, key.split(","))): value for key, value in adopted.items()})
    weights = weighting.ahp_weights(matrix).weights
    assert weights == pytest.approx(aggregate.group_ahp(THREE_PEOPLE, ITEMS).weights.to_numpy())


# pair_disagreement -------------------------------------------------------------------------

def test_identical_judgments_mean_no_spread():
    pairs = aggregate.pair_disagreement({"Ana": {"0,1": 5}, "Ben": {"0,1": 5}},
                                        ["Security", "Cost"])
    row = pairs.iloc[0]
    assert (row["first"], row["second"], row["people"]) == ("Security", "Cost", 2)
    assert row["group"] == pytest.approx(5)
    assert row["spread"] == pytest.approx(0)


def test_judgments_one_saaty_step_either_side_of_equal_have_spread_one():
    """3 and 1/3: logs +-ln 3, population std ln 3, which is 1.0 on the log-3 scale."""
    pairs = aggregate.pair_disagreement({"Ana": {"0,1": 3}, "Ben": {"0,1": 1 / 3}},
                                        ["Security", "Cost"])
    assert pairs.loc[0, "group"] == pytest.approx(1.0)
    assert pairs.loc[0, "spread"] == pytest.approx(1.0)


def test_pairs_people_differ_on_most_come_first():
    pairs = aggregate.pair_disagreement(
        {"Ana": {"0,1": 9, "0,2": 2, "1,2": 3}, "Ben": {"0,1": 1 / 9, "0,2": 2, "1,2": 1}},
        ITEMS)
    assert list(zip(pairs["first"], pairs["second"])) == [
        ("security", "cost"), ("cost", "usability"), ("security", "usability")]
    assert pairs["spread"].tolist() == pytest.approx([2.0, 0.5, 0.0])   # ln 9 / ln 3 = 2


def test_a_pair_someone_did_not_answer_counts_only_those_who_did():
    pairs = aggregate.pair_disagreement({"Ana": {"0,1": 9}, "Ben": {}, "Cy": {"0,1": 1}},
                                        ["Security", "Cost"])
    assert pairs.loc[0, "group"] == pytest.approx(3.0)     # sqrt(9 * 1): Ben is not "equal"
    assert pairs.loc[0, "spread"] == pytest.approx(1.0)    # logs 2 ln 3 and 0: std ln 3
    assert pairs.loc[0, "people"] == 2


def test_pairs_nobody_answered_are_not_listed():
    pairs = aggregate.pair_disagreement({"Ana": {"0,1": 2}}, ITEMS)
    assert list(zip(pairs["first"], pairs["second"])) == [("security", "cost")]


def test_no_judgments_give_an_empty_table_with_the_columns():
    pairs = aggregate.pair_disagreement({}, ITEMS)
    assert pairs.empty
    assert list(pairs.columns) == ["first", "second", "group", "spread", "people"]


# disagreement_first ------------------------------------------------------------------------

def test_items_answered_by_two_or_more_come_first_widest_spread_first():
    items = pd.DataFrame({"item": ["a", "b", "c", "d", "e", "f"],
                          "answered": [1, 3, 2, 5, 0, 2],
                          "spread": [90.0, 10.0, 30.0, 20.0, np.nan, 0.0]})
    ranked = aggregate.disagreement_first(items)
    # a (one answer, spread 90) is not a disagreement; e has no spread at all
    assert ranked["item"].tolist() == ["c", "d", "b", "f", "a", "e"]
    assert list(ranked.columns) == ["item", "answered", "spread"]


def test_disagreement_first_takes_other_column_names():
    scores = pd.DataFrame({"vendor": ["X", "Y", "Z"], "scorers": [2, 1, 4],
                           "sd": [0.5, 2.5, 1.5]})
    ranked = aggregate.disagreement_first(scores, spread="sd", answered="scorers")
    assert ranked["vendor"].tolist() == ["Z", "X", "Y"]


# per-statement statistics of the live view -------------------------------------------------

def _plain_and_reversed(bank):
    plain = next(item.id for item in bank.items if not item.reverse)
    reverse = next(item.id for item in bank.items if item.reverse)
    return plain, reverse


def test_live_view_statement_statistics_for_three_people(culture_bank):
    """Answers 1, 3, 5 to a statement that is not reversed give points 0, 50, 100: mean 50,
    median 50, population std sqrt(5000 / 3) = 40.82 and agreement 1 - 40.82 / 50 = 0.184.
    (tests/assessments/test_scoring.py covers mean, median and spread; the agreement of a
    divided room is checked here, as the live view shows it.)"""
    plain, _ = _plain_and_reversed(culture_bank)
    items = score_culture(culture_bank, responses(
        [(1, plain, 1), (2, plain, 3), (3, plain, 5)])).items
    row = items.loc[plain]
    assert (row["score"], row["median"], row["answered"]) == (50, 50, 3)
    assert row["spread"] == pytest.approx(40.8248, abs=1e-4)
    assert row["agreement"] == pytest.approx(1 - 40.8248 / 50, abs=1e-5)


def test_live_view_puts_the_divided_statement_above_the_unanimous_one(culture_bank):
    plain, reverse = _plain_and_reversed(culture_bank)
    # reversed statement: 5, 5 -> points 0, 0 (unanimous); plain: 1 and 5 -> 0 and 100
    result = score_culture(culture_bank, responses(
        [(1, plain, 1), (2, plain, 5), (1, reverse, 5), (2, reverse, 5)]))
    items = result.items[result.items["answered"] + result.items["dont_know"] > 0]
    ranked = aggregate.disagreement_first(items.reset_index())
    assert ranked["item"].tolist() == [plain, reverse]
    assert ranked["agreement"].tolist() == pytest.approx([0.0, 1.0])
    assert ranked["score"].tolist() == pytest.approx([50.0, 0.0])
