"""Placing each competency of a staged (maturity) bank at a stage, and the gap to a target.

Every participant picks the stage whose description fits best. A competency's stage is the
*lower median* of the picks: the highest stage that a strict majority places the organization
at or above, so one enthusiast cannot lift a competency a stage. Spread is the population
standard deviation of the picks and agreement ``1 - spread / 1.5`` (1.5 being the largest
spread possible on four stages).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessments.bank import STAGE_COUNT, StagedBank
from assessments.errors import AnswerError
from assessments.scoring import agreement, check_responses

DEFAULT_TARGET_STAGE = 3
MAX_STAGE_SPREAD = 1.5


@dataclass(frozen=True)
class MaturityResult:
    """Result of a staged bank.

    Attributes:
        competencies: one row per competency (index: competency id) with name, importance,
            answered, dont_know, mean, spread, agreement, stage (0 when nobody answered),
            stage_name, target, target_name, gap (target - stage), shortfall (0-1) and priority.
        distribution: competency x stage level, the share of answerers who picked each stage.
        overall_stage: lower median of the competency stages that have answers (0 if none).
        participants: how many people answered at least one competency.
    """
    competencies: pd.DataFrame
    distribution: pd.DataFrame
    overall_stage: int
    participants: int


def lower_median(values: np.ndarray) -> int:
    """The highest value that a strict majority of ``values`` reach or exceed (0 if empty)."""
    if len(values) == 0:
        return 0
    return int(np.sort(values)[(len(values) - 1) // 2])


def score_maturity(bank: StagedBank, responses: pd.DataFrame,
                   targets: dict[str, int] | None = None) -> MaturityResult:
    """Stage per competency, the overall profile and the gap to each target stage.

    ``responses`` has participant_id, item (competency id), value (stage) and dont_know;
    ``targets`` maps competency id to a target stage (default 3, "community").

    Raises:
        AnswerError: a column is missing, or a stage or target lies outside 1..4.
    """
    frame = check_responses(responses)
    ids = [c.id for c in bank.competencies]
    frame = frame[frame["item"].isin(ids)]
    outside = frame["value"].notna() & ~frame["value"].isin(range(1, STAGE_COUNT + 1))
    if outside.any():
        bad = frame[outside].iloc[0]
        raise AnswerError(f"The stage chosen for {bad['item']} is {bad['value']:g}; "
                          f"stages run from 1 to {STAGE_COUNT}.")
    targets = dict(targets or {})
    for comp_id, stage in targets.items():
        if stage not in range(1, STAGE_COUNT + 1):
            raise AnswerError(f"The target stage for {comp_id} must be 1 to {STAGE_COUNT}, "
                              f"not {stage!r}.")

    picks = frame.dropna(subset=["value"])
    grouped = picks.groupby("item")["value"]
    comps = pd.DataFrame([{"competency": c.id, "name": c.name, "importance": c.importance}
                          for c in bank.competencies]).set_index("competency")
    comps["answered"] = grouped.count().reindex(comps.index, fill_value=0)
    comps["dont_know"] = frame.groupby("item")["dont_know"].sum().reindex(comps.index,
                                                                          fill_value=0)
    comps["mean"] = grouped.mean().reindex(comps.index)
    comps["spread"] = grouped.std(ddof=0).reindex(comps.index)
    comps["agreement"] = agreement(comps["spread"], comps["answered"], MAX_STAGE_SPREAD)
    stages = grouped.apply(lambda s: lower_median(s.to_numpy())).reindex(comps.index,
                                                                          fill_value=0)
    comps["stage"] = stages.astype(int)
    comps["stage_name"] = [bank.stage_name(s) if s else "No answers" for s in comps["stage"]]
    comps["target"] = [int(targets.get(c, DEFAULT_TARGET_STAGE)) for c in comps.index]
    comps["target_name"] = [bank.stage_name(t) for t in comps["target"]]
    answered = comps["stage"] > 0
    comps["gap"] = (comps["target"] - comps["stage"]).where(answered, 0).astype(int)
    comps["shortfall"] = comps["gap"].clip(lower=0) / (STAGE_COUNT - 1)
    comps["priority"] = comps["importance"] * comps["shortfall"]

    counts = (picks.assign(value=picks["value"].astype(int))
              .groupby(["item", "value"]).size().unstack(fill_value=0)
              .reindex(index=comps.index, columns=range(1, STAGE_COUNT + 1), fill_value=0))
    totals = counts.sum(axis=1)
    distribution = counts.div(totals.where(totals > 0), axis=0).fillna(0.0)
    overall = lower_median(comps.loc[answered, "stage"].to_numpy())
    return MaturityResult(comps, distribution, overall, int(frame["participant_id"].nunique()))
