"""Pairwise judgments one pair at a time: which pairs are asked, and weights from those answered."""
import math

import numpy as np
import pytest

from vendors import pairwise, weighting
from vendors.errors import AHPError


def _degrees(n, pairs):
    return [sum(k in pair for pair in pairs) for k in range(n)]


@pytest.mark.parametrize("n, asked", [(8, 16), (10, 20), (15, 30)])
def test_the_reduced_design_asks_two_pairs_per_item_and_each_item_four_times(n, asked):
    pairs = pairwise.design(n, reduced=True)
    assert len(pairs) == len(set(pairs)) == asked < n * (n - 1) // 2
    assert all(i < j for i, j in pairs)
    assert _degrees(n, pairs) == [4] * n, "a regular design: no item compared less"


def test_up_to_seven_items_every_pair_is_asked_whatever_the_choice():
    assert pairwise.design(7, reduced=True) == pairwise.all_pairs(7)
    assert len(pairwise.all_pairs(7)) == 21


@pytest.mark.parametrize("reduced", [False, True])
def test_the_first_n_minus_one_answers_already_link_every_item(reduced):
    n = 9
    weights = np.linspace(1, 3, n)
    first = pairwise.design(n, reduced)[:n - 1]
    judged = pairwise.judged_weights(n, {(i, j): weights[i] / weights[j] for i, j in first})
    assert judged.weights == pytest.approx(weights / weights.sum())


def test_consistent_answers_give_their_own_weights_from_any_linked_subset():
    """Ratios of the weights (1 : 2 : 3 : 6) answered on a spanning set reproduce them exactly,
    and the completion adds no contradiction (CR 0)."""
    truth = np.array([1, 2, 3, 6]) / 12
    answers = {(0, 1): 0.5, (1, 2): 2 / 3, (2, 3): 0.5}
    judged = pairwise.judged_weights(4, answers)
    assert judged.weights == pytest.approx(truth)
    assert judged.consistency_ratio == pytest.approx(0, abs=1e-9)
    assert not judged.complete


def test_a_contradiction_around_a_cycle_is_shared_equally_by_its_pairs():
    """Least squares on a ring 0-1-2-3-0 where 0>1, 1>2, 2>3 twice each but 0 = 3: the three
    steps of ln 2 and the closing 0 are reconciled at ln 2 / 4 per step (minimizing
    3 (d - ln 2)^2 + (3 d)^2 gives d = ln 2 / 4)."""
    judged = pairwise.judged_weights(4, {(0, 1): 2.0, (1, 2): 2.0, (2, 3): 2.0, (0, 3): 1.0})
    w = judged.weights
    for i in range(3):
        assert math.log(w[i] / w[i + 1]) == pytest.approx(math.log(2) / 4)
    assert judged.consistency_ratio > 0


def test_every_pair_answered_gives_ahps_eigenvector_and_consistency_ratio():
    answers = {(0, 1): 3.0, (0, 2): 5.0, (1, 2): 2.0, (0, 3): 9.0, (1, 3): 4.0, (2, 3): 1 / 2}
    judged = pairwise.judged_weights(4, answers)
    reference = weighting.ahp_weights(weighting.matrix_from_judgments(4, answers))
    assert judged.complete
    assert judged.weights == pytest.approx(reference.weights)
    assert judged.consistency_ratio == pytest.approx(reference.consistency_ratio)


def test_answers_that_do_not_link_every_item_give_no_weights_yet():
    with pytest.raises(AHPError, match="do not link every item"):
        pairwise.judged_weights(4, {(0, 1): 3.0, (2, 3): 2.0})


def test_long_chains_of_strong_answers_stay_within_saatys_scale():
    judged = pairwise.judged_weights(4, {(0, 1): 9.0, (1, 2): 9.0, (2, 3): 9.0})
    assert judged.matrix.max() == pytest.approx(9) and judged.matrix.min() == pytest.approx(1 / 9)
    assert judged.weights[0] / judged.weights[3] == pytest.approx(729)


def test_the_pair_to_revisit_is_the_answered_one_that_contradicts_the_others():
    """A is 5x B, B is 5x C, yet C is 5x A (a circle): the pair to change is one of the three
    answered, and changing it as suggested brings the consistency ratio under 0.10."""
    answers = {(0, 1): 5.0, (1, 2): 5.0, (0, 2): 1 / 5, (0, 3): 1.0}
    judged = pairwise.judged_weights(4, answers)
    assert not weighting.is_consistent(judged.consistency_ratio)
    pair = pairwise.revisit(judged, answers)
    assert (pair.i, pair.j) in answers
    assert pair.consistency_ratio_after < judged.consistency_ratio


def test_consistent_answers_have_nothing_to_revisit():
    answers = {(0, 1): 2.0, (1, 2): 2.0, (0, 2): 4.0}
    judged = pairwise.judged_weights(3, answers)
    assert weighting.is_consistent(judged.consistency_ratio)
    assert pairwise.revisit(judged, answers) is None
