"""Requirements weighting and vendor scoring: the decision-analysis kernel.

Public API::

    weights = ahp_weights(matrix).weights             # or direct_weights / points_weights
    ranking = rank_vendors(scores, weights)           # vendor x (score, rank)
    robustness = rank_acceptability(scores, weights)  # vendor x rank probabilities

Scores are a vendor x criterion DataFrame on the anchored 0-5 scale; weights a Series by
criterion. Invalid input raises a :class:`VendorsError` (a ``ValueError``) whose message
names what is wrong and where.
"""
from vendors.errors import AHPError, ScoresError, VendorsError, WeightsError
from vendors.scoring import (SCORE_MAX, SCORE_MIN, Direction, aggregate_scorers,
                             benefit_scores, check_scores, check_weights, contributions,
                             knockouts, rank_vendors, to_matrix, topsis, weighted_totals)
from vendors.sensitivity import rank_acceptability, rank_reversal_thresholds
from vendors.weighting import (SAATY_RANDOM_INDEX, SAATY_SCALE, AHPResult, Judgment,
                               ahp_weights, direct_weights, global_weights, group_judgments,
                               inconsistent_judgments, matrix_from_judgments, points_weights)

__all__ = ["AHPError", "AHPResult", "Direction", "Judgment", "SAATY_RANDOM_INDEX",
           "SAATY_SCALE", "SCORE_MAX", "SCORE_MIN", "ScoresError", "VendorsError",
           "WeightsError", "aggregate_scorers", "ahp_weights", "benefit_scores",
           "check_scores", "check_weights", "contributions", "direct_weights",
           "global_weights", "group_judgments", "inconsistent_judgments", "knockouts",
           "matrix_from_judgments", "points_weights", "rank_acceptability",
           "rank_reversal_thresholds", "rank_vendors", "to_matrix", "topsis",
           "weighted_totals"]
