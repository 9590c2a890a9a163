"""Robustness of the ranking: Monte-Carlo rank acceptability and rank-reversal thresholds."""
import numpy as np
import pandas as pd
import pytest

from vendors import ScoresError, VendorsError, WeightsError
from vendors import sensitivity
from vendors.scoring import Direction, rank_vendors
from vendors.sensitivity import rank_acceptability, rank_reversal_thresholds


@pytest.fixture
def race():
    """A close race between Slack and Teams, a clear last, and two identical vendors."""
    # Totals with WEIGHTS: Slack 3.4, Teams 3.2, Jive 2.8, the twins 0.8.
    return pd.DataFrame({"sso": [5, 3, 2, 1, 1], "mobile": [2, 4, 3, 1, 1],
                         "price": [3, 2, 4, 0, 0]},
                        index=["Slack", "Teams", "Jive", "Twin A", "Twin B"], dtype=float)


WEIGHTS = pd.Series({"sso": 0.4, "mobile": 0.4, "price": 0.2})


def test_probabilities_form_a_vendor_by_rank_table(race):
    p = rank_acceptability(race, WEIGHTS, draws=2_000)
    assert p.index.tolist() == race.index.tolist()
    assert p.columns.tolist() == [1, 2, 3, 4, 5]


def test_every_vendor_holds_one_rank_per_draw(race):
    p = rank_acceptability(race, WEIGHTS, draws=2_000, concentration=5)
    assert p.sum(axis=1).tolist() == pytest.approx([1.0] * 5)
    # The twins tie in every draw and share the better of the two ranks they cover, as in
    # the ranking: rank 4 is held twice, rank 5 by nobody.
    assert p.sum(axis=0).tolist() == pytest.approx([1.0, 1.0, 1.0, 2.0, 0.0])


def test_vendors_without_ties_fill_every_rank_once():
    scores = pd.DataFrame({"a": [5, 4, 1], "b": [5, 1, 4], "c": [4, 3, 3]},
                          index=["Best", "X", "Y"], dtype=float)
    p = rank_acceptability(scores, {"a": 1, "b": 1, "c": 1}, draws=3_000, concentration=2)
    assert p.sum(axis=0).tolist() == pytest.approx([1.0] * 3)


def test_a_dominating_vendor_is_first_with_probability_one():
    scores = pd.DataFrame({"a": [5, 4, 1], "b": [5, 1, 4], "c": [4, 3, 3]},
                          index=["Best", "X", "Y"], dtype=float)
    p = rank_acceptability(scores, {"a": 1, "b": 1, "c": 1}, draws=3_000, concentration=1)
    assert p.loc["Best"].tolist() == [1.0, 0.0, 0.0]
    assert p[1].tolist() == [1.0, 0.0, 0.0]


# The spreads the Vendor comparison page offers (pages/comparison.py SPREADS).
PAGE_SPREADS = (300.0, 100.0, 30.0, 10.0)


@pytest.mark.parametrize("small_weight", [0.001, 0.01, 0.05])
@pytest.mark.parametrize("concentration", PAGE_SPREADS)
def test_a_dominated_vendor_never_holds_a_place_its_dominator_can_take(small_weight,
                                                                        concentration):
    """B equals A on every criterion and is worse on one with a small positive weight: in
    every draw (all weights positive) A's total is higher, so B is never first and is never
    more likely than A to be within the top k. A tiny weight's gamma variate underflows and
    used to tie them, giving B up to 27 % of first places."""
    scores = pd.DataFrame({"c1": [3, 3, 4], "c2": [4, 4, 2], "c3": [2, 2, 5], "c4": [5, 5, 1],
                           "c5": [4, 3, 4]}, index=["A", "B", "C"])
    weights = pd.Series({"c1": 0.3, "c2": 0.3, "c3": 0.2, "c4": 0.2 - small_weight,
                         "c5": small_weight})
    table = rank_acceptability(scores, weights, concentration=concentration)
    assert table.loc["B", 1] == 0
    top_k = table.cumsum(axis=1)
    assert (top_k.loc["A"] >= top_k.loc["B"] - 1e-12).all()
    assert table.sum(axis=1).to_numpy() == pytest.approx(1)


def test_identical_vendors_tie_and_share_the_best_rank_as_in_the_ranking(race):
    """Ties share the best rank (rank_vendors' rule): two identical vendors at the bottom are
    both 4th in every draw, never one 4th and one 5th (issue 10: the acceptability said one
    of two tied leaders was first in 50% while the ranking gave both rank 1)."""
    p = rank_acceptability(race, WEIGHTS, draws=2_000, concentration=5)
    assert p.loc["Twin A"].tolist() == p.loc["Twin B"].tolist()
    assert p.loc["Twin A", [4, 5]].tolist() == [1.0, 0.0]


def test_two_identical_leaders_both_rank_first_in_every_draw():
    scores = pd.DataFrame({"a": [4, 4, 1], "b": [3, 3, 2]}, index=["Slack", "Workvivo", "Jive"],
                          dtype=float)
    p = rank_acceptability(scores, {"a": 1, "b": 1}, draws=2_000, concentration=10)
    assert p.loc[["Slack", "Workvivo"], 1].tolist() == [1.0, 1.0]
    assert p[2].sum() == 0 and p.loc["Jive", 3] == 1.0


def test_the_same_seed_gives_the_same_result(race):
    first = rank_acceptability(race, WEIGHTS, draws=2_000, seed=7, concentration=5)
    again = rank_acceptability(race, WEIGHTS, draws=2_000, seed=7, concentration=5)
    pd.testing.assert_frame_equal(first, again)


def test_another_seed_gives_a_slightly_different_result(race):
    one = rank_acceptability(race, WEIGHTS, draws=5_000, seed=1, concentration=5)
    two = rank_acceptability(race, WEIGHTS, draws=5_000, seed=2, concentration=5)
    difference = (one - two).abs().to_numpy().max()
    assert 0 < difference < 0.05


def test_the_result_does_not_depend_on_the_number_of_threads(race, monkeypatch):
    threaded = rank_acceptability(race, WEIGHTS, draws=20_000, concentration=5)
    monkeypatch.setattr(sensitivity, "_workers", lambda: 1)
    serial = rank_acceptability(race, WEIGHTS, draws=20_000, concentration=5)
    pd.testing.assert_frame_equal(threaded, serial)


def test_large_tables_sum_their_totals_by_blas_to_the_same_answer(monkeypatch):
    rng = np.random.default_rng(11)
    scores = pd.DataFrame(rng.integers(0, 6, size=(80, 60)).astype(float),
                          index=[f"v{i}" for i in range(80)])
    weights = pd.Series(rng.random(60), index=scores.columns)
    by_blas = rank_acceptability(scores, weights, draws=2_000)   # 80 x 60 > 4,096
    monkeypatch.setattr(sensitivity, "_SUMMED_IN_THREADS", 10**9)
    by_einsum = rank_acceptability(scores, weights, draws=2_000)
    assert by_blas.to_numpy() == pytest.approx(by_einsum.to_numpy(), abs=1e-12)
    assert by_blas.sum(axis=0).tolist() == pytest.approx([1.0] * 80)


def test_criteria_weighted_zero_never_matter(race):
    p = rank_acceptability(race, WEIGHTS, draws=2_000, concentration=5)
    wild = race.assign(api=[0.0, 5.0, 5.0, 5.0, 0.0])
    q = rank_acceptability(wild, {**WEIGHTS, "api": 0.0}, draws=2_000, concentration=5)
    pd.testing.assert_frame_equal(p, q)


def test_a_larger_concentration_keeps_the_draws_closer_to_the_chosen_weights(race):
    loose = rank_acceptability(race, WEIGHTS, draws=4_000, concentration=2)
    tight = rank_acceptability(race, WEIGHTS, draws=4_000, concentration=1_000)
    winner = rank_vendors(race, WEIGHTS).index[0]
    assert tight.loc[winner, 1] > loose.loc[winner, 1]
    assert tight.loc[winner, 1] > 0.99


def test_cost_criteria_are_turned_around(race):
    p = rank_acceptability(race[["price"]], {"price": 1}, draws=100,
                           directions={"price": Direction.COST})
    # The twins score 0 on price (the cheapest), tie for first and share rank 1.
    assert p.loc[["Twin A", "Twin B"], [1, 2]].to_numpy().tolist() == [[1.0, 0.0]] * 2


def test_a_criterion_all_vendors_score_the_same_on_leaves_them_tied():
    scores = pd.DataFrame({"a": [2.0, 2.0, 2.0]}, index=["X", "Y", "Z"])
    p = rank_acceptability(scores, {"a": 1}, draws=100)
    assert p[1].tolist() == [1.0, 1.0, 1.0] and p[[2, 3]].to_numpy().sum() == 0


@pytest.mark.parametrize("concentration", [0, -1, float("nan"), float("inf")])
def test_concentration_must_be_a_positive_number(race, concentration):
    with pytest.raises(WeightsError, match="concentration must be a positive number"):
        rank_acceptability(race, WEIGHTS, concentration=concentration)


def test_draws_must_be_a_positive_whole_number(race):
    with pytest.raises(VendorsError, match="draws must be a whole number of at least 1"):
        rank_acceptability(race, WEIGHTS, draws=0)


def test_rank_acceptability_checks_scores_and_weights(race):
    with pytest.raises(WeightsError, match="weights are all zero"):
        rank_acceptability(race, {"sso": 0, "mobile": 0, "price": 0})
    race.loc["Jive", "sso"] = 6
    with pytest.raises(ScoresError, match="score for Jive on 'sso' is 6"):
        rank_acceptability(race, WEIGHTS)


# --- rank-reversal thresholds ---------------------------------------------------------------

TWO = pd.DataFrame({"a1": [5.0, 2.0], "b1": [1.0, 4.0]}, index=["X", "Y"])
TWO_CATEGORIES = {"a1": "A", "b1": "B"}


def test_thresholds_of_a_hand_computed_two_vendor_case():
    """Weights A 0.6, B 0.4. With A's weight t: X = 5t + 1(1 - t) = 1 + 4t and
    Y = 2t + 4(1 - t) = 4 - 2t, level at t = 0.5; X wins for t >= 0.5, up to 1.
    With B's weight t: X = 5 - 4t and Y = 2 + 2t, level at t = 0.5; X wins for t <= 0.5."""
    result = rank_reversal_thresholds(TWO, {"a1": 0.6, "b1": 0.4}, TWO_CATEGORIES)
    assert result.index.tolist() == ["A", "B"]
    assert result.loc["A", ["current", "low", "high"]].tolist() == pytest.approx([0.6, 0.5, 1.0])
    assert result.loc["B", ["current", "low", "high"]].tolist() == pytest.approx([0.4, 0.0, 0.5])
    assert result["winner"].tolist() == ["X", "X"]
    assert result.loc["A", "challenger_low"] == "Y" and result.loc["A", "challenger_high"] is None
    assert result.loc["B", "challenger_low"] is None and result.loc["B", "challenger_high"] == "Y"


def test_a_dominating_winner_holds_over_the_whole_range():
    scores = pd.DataFrame({"a": [5.0, 1.0], "b": [5.0, 4.0]}, index=["X", "Y"])
    result = rank_reversal_thresholds(scores, {"a": 1, "b": 1}, {"a": "A", "b": "B"})
    assert result[["low", "high"]].to_numpy().tolist() == [[0.0, 1.0], [0.0, 1.0]]
    assert result[["challenger_low", "challenger_high"]].isna().all().all()


def moved(weights: pd.Series, categories: dict, category: str, t: float) -> pd.Series:
    """Weights with ``category`` at total t and the others rescaled to fill 1 - t."""
    inside = pd.Series(categories).reindex(weights.index) == category
    now = weights[inside].sum()
    return weights.where(~inside, weights * t / now).where(inside, weights * (1 - t) / (1 - now))


def test_at_a_threshold_the_challenger_draws_level_and_beyond_it_leads():
    scores = pd.DataFrame({"sso": [5, 2, 3], "audit": [4, 3, 2], "price": [1, 5, 4]},
                          index=["Slack", "Teams", "Jive"], dtype=float)
    # Slack 3.5, Teams 3.2, Jive 3.0: as security falls from 0.7, Teams draws level first.
    weights = pd.Series({"sso": 0.4, "audit": 0.3, "price": 0.3})
    categories = {"sso": "security", "audit": "security", "price": "cost"}
    row = rank_reversal_thresholds(scores, weights, categories).loc["security"]
    assert (row["winner"], row["challenger_low"]) == ("Slack", "Teams")
    assert 0 < row["low"] < row["current"] == pytest.approx(0.7)
    level = rank_vendors(scores, moved(weights, categories, "security", row["low"]))["score"]
    assert level[row["winner"]] == pytest.approx(level[row["challenger_low"]])
    beyond = rank_vendors(scores, moved(weights, categories, "security", row["low"] - 0.01))
    assert beyond.index[0] == row["challenger_low"]
