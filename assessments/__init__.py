"""Readiness questionnaires: banks as data, loading and validation, scoring, recommendations.

Public API::

    bank = load_bank("culture")              # or a path to a .toml file
    result = score(bank, responses)          # CultureResult or MaturityResult
"""
from __future__ import annotations

import pandas as pd

from assessments.bank import (Bank, LikertBank, StagedBank, available_banks, bank_data,
                              load_bank, parse_bank)
from assessments.errors import AnswerError, AssessmentError, BankError
from assessments.maturity import MaturityResult, score_maturity
from assessments.recommendations import (PHASE_TITLES, recommend, roadmap, scaling_steps,
                                         top_actions)
from assessments.scoring import CultureResult, score_culture

__all__ = ["AnswerError", "AssessmentError", "Bank", "BankError", "CultureResult",
           "LikertBank", "MaturityResult", "PHASE_TITLES", "StagedBank", "available_banks",
           "bank_data",
           "load_bank", "parse_bank", "recommend", "roadmap", "score", "score_culture",
           "score_maturity", "scaling_steps", "top_actions"]


def score(bank: Bank, responses: pd.DataFrame,
          targets: dict[str, int] | None = None) -> CultureResult | MaturityResult:
    """Per-dimension (culture) or per-competency (maturity) results of a bank's responses.

    ``responses`` has columns participant_id, item, value and dont_know (one row per answer);
    ``targets`` (maturity only) maps competency id to target stage.

    Raises:
        AnswerError: a column is missing or a value lies outside the bank's scale.
    """
    if isinstance(bank, StagedBank):
        return score_maturity(bank, responses, targets)
    return score_culture(bank, responses)
