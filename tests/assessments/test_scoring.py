"""Culture scoring: reverse items, don't know, aggregation over people, bands and barriers."""
import math

import pandas as pd
import pytest

from assessments import AnswerError, parse_bank, score
from tests.assessments.test_bank import likert
from tests.conftest import responses


@pytest.fixture
def bank():
    """Two dimensions on a 1-5 scale: d1 has a normal and a reverse item, d2 one item."""
    data = likert()
    data["scale"]["labels"] = ["1", "2", "3", "4", "5"]
    d1 = data["dimensions"][0]
    d1["items"] = [{"id": "q1", "text": "Normal", "reverse": False},
                   {"id": "q2", "text": "Reversed", "reverse": True}]
    d1["importance"] = 4
    d2 = {**d1, "id": "d2", "name": "Two", "importance": 2,
          "items": [{"id": "q3", "text": "Other", "reverse": False}]}
    data["dimensions"].append(d2)
    return parse_bank(data, "test.toml")


def test_reverse_scored_item_turns_strong_agreement_into_zero(bank):
    result = score(bank, responses([(1, "q1", 5), (1, "q2", 5)]))
    assert result.items.loc["q1", "score"] == 100
    assert result.items.loc["q2", "score"] == 0
    assert result.dimensions.loc["d1", "score"] == 50


def test_dont_know_is_counted_but_not_scored(bank):
    result = score(bank, responses([(1, "q1", 4), (1, "q2", None), (2, "q1", None)]))
    d1 = result.dimensions.loc["d1"]
    assert d1["score"] == 75          # only the one scored answer: (4 - 1) / 4
    assert d1["answered"] == 1
    assert d1["dont_know"] == 2
    assert d1["coverage"] == pytest.approx(1 / 4)   # 2 items x 2 people, 1 scored


def test_dimension_score_is_the_mean_of_each_persons_mean(bank):
    # Person 1: q1=5 (100), q2=1 reversed (100) -> 100. Person 2: q1=1 (0) only -> 0.
    result = score(bank, responses([(1, "q1", 5), (1, "q2", 1), (2, "q1", 1)]))
    d1 = result.dimensions.loc["d1"]
    assert d1["score"] == 50
    assert d1["median"] == 50
    assert d1["spread"] == 50
    assert d1["agreement"] == 0


def test_identical_answers_mean_full_agreement(bank):
    result = score(bank, responses([(1, "q3", 4), (2, "q3", 4), (3, "q3", 4)]))
    assert result.items.loc["q3", "agreement"] == 1
    assert result.dimensions.loc["d2", "agreement"] == 1


def test_agreement_is_undefined_for_a_single_answer(bank):
    result = score(bank, responses([(1, "q3", 2)]))
    assert math.isnan(result.items.loc["q3", "agreement"])


def test_item_spread_and_median_over_people(bank):
    result = score(bank, responses([(1, "q3", 1), (2, "q3", 2), (3, "q3", 5)]))
    item = result.items.loc["q3"]
    assert item["score"] == pytest.approx((0 + 25 + 100) / 3)
    assert item["median"] == 25
    assert item["spread"] == pytest.approx(pd.Series([0, 25, 100]).std(ddof=0))


def test_items_at_or_below_neutral_are_barriers(bank):
    result = score(bank, responses([(1, "q1", 3), (1, "q2", 2), (1, "q3", 4)]))
    assert result.items.loc["q1", "barrier"]            # neutral: 50
    assert not result.items.loc["q2", "barrier"]        # reversed 2 -> 4 -> 75
    assert not result.items.loc["q3", "barrier"]


@pytest.mark.parametrize("value, band", [(2, "low"), (3, "high"), (5, "high")])
def test_band_follows_the_lowest_score_of_each_band(bank, value, band):
    result = score(bank, responses([(1, "q3", value)]))
    assert result.dimensions.loc["d2", "band"] == band


def test_shortfall_and_priority_weigh_the_gap_to_target_by_importance(bank):
    result = score(bank, responses([(1, "q1", 2), (1, "q2", 4), (1, "q3", 5)]))
    d1, d2 = result.dimensions.loc["d1"], result.dimensions.loc["d2"]
    assert d1["score"] == 25
    assert d1["shortfall"] == pytest.approx((75 - 25) / 75)
    assert d1["priority"] == pytest.approx(4 * (75 - 25) / 75)
    assert d2["shortfall"] == 0 and d2["priority"] == 0


def test_overall_is_the_importance_weighted_mean(bank):
    result = score(bank, responses([(1, "q1", 5), (1, "q2", 1), (1, "q3", 1)]))
    assert result.overall == pytest.approx((100 * 4 + 0 * 2) / 6)


def test_nothing_answered_gives_empty_scores_not_errors(bank):
    result = score(bank, responses([]).reindex(columns=["participant_id", "item", "value",
                                                        "dont_know"]))
    assert result.participants == 0
    assert math.isnan(result.overall)
    assert result.dimensions["band"].isna().all()
    assert (result.dimensions["coverage"] == 0).all()


def test_answers_to_items_the_bank_lost_are_ignored(bank):
    result = score(bank, responses([(1, "q1", 5), (1, "gone", 1)]))
    assert result.dimensions.loc["d1", "answered"] == 1


def test_value_outside_the_scale_is_rejected(bank):
    with pytest.raises(AnswerError, match="q1 is 9, outside the scale 1 to 5"):
        score(bank, responses([(1, "q1", 9)]))


def test_missing_column_is_rejected(bank):
    with pytest.raises(AnswerError, match="lack the column"):
        score(bank, pd.DataFrame({"item": ["q1"], "value": [3]}))


def test_points_already_computed_score_as_the_answers_do(bank):
    # A pulse passes each person's points (people x items) instead of the answers: the
    # result is the same, "don't know" counted, nothing filled in for a missing answer.
    from assessments.scoring import culture_from_points
    given = responses([(1, "q1", 5), (1, "q2", 2), (2, "q1", 3), (2, "q2", None),
                       (3, "q3", 4), (3, "q1", None)])
    expected = score(bank, given)
    points = [[100.0, 75.0, math.nan], [50.0, math.nan, math.nan], [math.nan, math.nan, 75.0]]
    got = culture_from_points(bank, points, [1, 1, 0], 3)
    pd.testing.assert_frame_equal(got.items, expected.items, check_dtype=False)
    pd.testing.assert_frame_equal(got.dimensions, expected.dimensions, check_dtype=False)
    assert got.overall == pytest.approx(expected.overall)


@pytest.mark.parametrize("points, message", [
    ([[101.0, 0.0, 0.0]], "outside 0-100"),
    ([[-1.0, 0.0, 0.0]], "outside 0-100"),
    ([[50.0, 50.0]], "one column per item"),
])
def test_points_outside_the_scale_or_the_bank_are_refused(bank, points, message):
    from assessments.scoring import culture_from_points
    with pytest.raises(AnswerError, match=message):
        culture_from_points(bank, points, [0, 0, 0], 1)


def test_an_answer_between_the_scales_steps_is_averaged_as_given(bank):
    # Answers from the app are whole steps; an imported 3.5 is not snapped to one.
    result = score(bank, responses([(1, "q1", 3.5), (2, "q1", 3)]))
    assert result.items.loc["q1", "score"] == pytest.approx(56.25)


def test_a_dimension_too_long_for_exact_sums_still_gets_its_mean():
    # 30 statements: a person's score is a multiple of 100 / (4 * lcm(1..30)), too fine for
    # whole-number sums in floats; the mean is computed as it is, right to the last digits.
    data = likert()
    data["scale"]["labels"] = ["1", "2", "3", "4", "5"]
    data["dimensions"] = [{**data["dimensions"][0], "id": "long", "items": [
        {"id": f"q{n}", "text": f"Statement {n}", "reverse": False} for n in range(30)]}]
    long_bank = parse_bank(data, "long.toml")
    answered = [(person, f"q{n}", 1 + (person * n) % 5) for person in range(40)
                for n in range(person % 30 + 1)]
    result = score(long_bank, responses(answered))
    people = {}
    for person, _, value in answered:
        people.setdefault(person, []).append((value - 1) * 25)
    expected = sum(sum(p) / len(p) for p in people.values()) / len(people)
    assert result.dimensions.loc["long", "score"] == pytest.approx(expected, rel=1e-12)
