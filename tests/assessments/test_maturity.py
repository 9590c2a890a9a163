"""Maturity staging: lower-median stage per competency, profile, and the gap to targets."""
import numpy as np
import pytest

from assessments import AnswerError, score
from assessments.maturity import DEFAULT_TARGET_STAGE, lower_median
from tests.conftest import responses


@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3, 3], 2),   # only half reach 3: a strict majority reaches 2
    ([2, 3, 3], 3),
    ([4], 4),
    ([3, 1, 2, 2, 4], 2),
    ([], 0),
])
def test_lower_median_is_the_stage_a_majority_reaches(values, expected):
    assert lower_median(np.array(values)) == expected


def test_stage_per_competency_and_gap_to_target(maturity_bank):
    rows = [(1, "strategy", 1), (2, "strategy", 2), (3, "strategy", 2),
            (1, "tools", 4), (2, "tools", 3), (3, "tools", None)]
    result = score(maturity_bank, responses(rows), {"strategy": 4})
    strategy, tools = result.competencies.loc["strategy"], result.competencies.loc["tools"]
    assert strategy["stage"] == 2 and strategy["stage_name"] == "Emergent community"
    assert strategy["target"] == 4 and strategy["gap"] == 2
    assert strategy["shortfall"] == pytest.approx(2 / 3)
    assert strategy["priority"] == pytest.approx(strategy["importance"] * 2 / 3)
    assert tools["stage"] == 3 and tools["dont_know"] == 1 and tools["answered"] == 2
    assert tools["target"] == DEFAULT_TARGET_STAGE and tools["gap"] == 0


def test_competency_ahead_of_target_has_no_shortfall(maturity_bank):
    result = score(maturity_bank, responses([(1, "metrics", 4)]), {"metrics": 2})
    metrics = result.competencies.loc["metrics"]
    assert metrics["gap"] == -2 and metrics["shortfall"] == 0


def test_unanswered_competency_has_stage_zero_and_no_gap(maturity_bank):
    result = score(maturity_bank, responses([(1, "strategy", 2)]))
    culture = result.competencies.loc["culture"]
    assert culture["stage"] == 0 and culture["gap"] == 0
    assert culture["stage_name"] == "No answers"


def test_distribution_shares_sum_to_one_per_answered_competency(maturity_bank):
    rows = [(p, "leadership", s) for p, s in enumerate([1, 1, 2, 4], start=1)]
    result = score(maturity_bank, responses(rows))
    assert list(result.distribution.loc["leadership"]) == [0.5, 0.25, 0, 0.25]
    assert result.distribution.loc["culture"].sum() == 0


def test_overall_stage_is_the_lower_median_of_competency_stages(maturity_bank):
    stages = {"strategy": 1, "leadership": 2, "culture": 2, "tools": 4}
    result = score(maturity_bank, responses([(1, c, s) for c, s in stages.items()]))
    assert result.overall_stage == 2


def test_agreement_on_stages(maturity_bank):
    result = score(maturity_bank, responses([(1, "tools", 1), (2, "tools", 4)]))
    assert result.competencies.loc["tools", "spread"] == 1.5
    assert result.competencies.loc["tools", "agreement"] == 0


def test_stage_outside_one_to_four_is_rejected(maturity_bank):
    with pytest.raises(AnswerError, match="stages run from 1 to 4"):
        score(maturity_bank, responses([(1, "tools", 5)]))
    with pytest.raises(AnswerError, match="target stage for tools must be 1 to 4"):
        score(maturity_bank, responses([(1, "tools", 2)]), {"tools": 0})
