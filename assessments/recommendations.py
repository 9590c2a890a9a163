"""Turning gaps into ranked, concrete recommendations and a three-phase roadmap.

A gap's priority is importance (1-5, from the bank) x shortfall (0-1): how far a culture
dimension sits below the bank's target score, or how many stages a competency sits below its
target, out of three. Closing a gap can take several steps: a culture dimension in the lowest
band gets the advice for its band and then for each band up to the target's; a competency two
stages short gets the actions that leave its current stage and then those that leave the next.
Within an area, earlier steps come first (``step`` 0, 1, ...).
"""
from __future__ import annotations

import pandas as pd

from assessments.bank import PHASES, LikertBank, StagedBank
from assessments.maturity import MaturityResult
from assessments.scoring import CultureResult, reported_score

PHASE_TITLES = {
    "pilot": "Pilot (first 3 months)",
    "capability": "Build capability (months 3-9)",
    "rollout": "Roll out (months 9-18)",
}
COLUMNS = ["source", "area", "area_name", "finding", "step", "phase", "title", "detail",
           "importance", "shortfall", "priority"]


def recommend(culture_bank: LikertBank | None = None, culture: CultureResult | None = None,
              maturity_bank: StagedBank | None = None,
              maturity: MaturityResult | None = None) -> pd.DataFrame:
    """Every recommendation that closes a gap, most important first.

    Returns a frame with a ``rank`` index (1 = do first) and the columns in ``COLUMNS``.
    Areas with no shortfall, or with no answers, contribute nothing.
    """
    rows = []
    if culture_bank is not None and culture is not None:
        band_ids = [band.id for band in culture_bank.bands]
        target_band = culture_bank.band_for(culture_bank.target)
        for dimension in culture_bank.dimensions:
            result = culture.dimensions.loc[dimension.id]
            if result["shortfall"] <= 0 or result["band"] is None:
                continue
            finding = (f"{result['name']} scores {reported_score(result['score']):.0f}/100 "
                       f"({result['band_label'].lower()}; target {culture_bank.target:.0f})")
            steps = band_ids[band_ids.index(result["band"]):band_ids.index(target_band.id)]
            rows += [{"source": "Culture", "area": dimension.id, "area_name": dimension.name,
                      "finding": finding, "step": step, "phase": rec.phase, "title": rec.title,
                      "detail": rec.detail, "importance": dimension.importance,
                      "shortfall": result["shortfall"], "priority": result["priority"]}
                     for step, band in enumerate(steps or [result["band"]])
                     for rec in dimension.recommendations if rec.band == band]
    if maturity_bank is not None and maturity is not None:
        for competency in maturity_bank.competencies:
            result = maturity.competencies.loc[competency.id]
            if result["gap"] <= 0 or result["stage"] == 0:
                continue
            finding = (f"{competency.name} is at stage {result['stage']} "
                       f"({result['stage_name']}); target {result['target']} "
                       f"({result['target_name']})")
            rows += [{"source": "Maturity", "area": competency.id,
                      "area_name": competency.name, "finding": finding, "step": step,
                      "phase": action.phase, "title": action.title, "detail": action.detail,
                      "importance": competency.importance, "shortfall": result["shortfall"],
                      "priority": result["priority"]}
                     for step, stage in enumerate(range(result["stage"], result["target"]))
                     for action in competency.actions if action.from_stage == stage]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame.rename_axis("rank")
    frame["phase_order"] = frame["phase"].map({p: i for i, p in enumerate(PHASES)})
    frame = frame.sort_values(["priority", "importance", "area", "step", "phase_order"],
                              ascending=[False, False, True, True, True], kind="stable")
    frame = frame.drop(columns="phase_order").reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    return frame


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    """Several lists of recommendations (the leaders' and an organization-wide pulse's) as
    one, ranked as :func:`recommend` ranks; an action already listed for the same area with
    a higher priority is not repeated."""
    kept = [frame.reset_index(drop=True)[COLUMNS] for frame in frames if len(frame)]
    if not kept:
        return pd.DataFrame(columns=COLUMNS).rename_axis("rank")
    frame = pd.concat(kept, ignore_index=True)
    frame["phase_order"] = frame["phase"].map({p: i for i, p in enumerate(PHASES)})
    frame = frame.sort_values(["priority", "importance", "area", "step", "phase_order"],
                              ascending=[False, False, True, True, True], kind="stable")
    frame = frame.drop_duplicates(subset=["area", "title"]).drop(columns="phase_order")
    frame = frame.reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    return frame


def top_actions(recommendations: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The ``count`` most important actions, at most one per area, so the list is varied."""
    return recommendations.drop_duplicates(subset=["source", "area"]).head(count)


def scaling_steps(culture_bank: LikertBank, culture: CultureResult) -> pd.DataFrame:
    """What a roll-out must include: each dimension's advice for its top band (how to scale
    once ready), most important dimension first. Same columns as :func:`recommend`."""
    top_band = culture_bank.bands[-1]
    rows = []
    for dimension in culture_bank.dimensions:
        result = culture.dimensions.loc[dimension.id]
        rows += [{"source": "Culture", "area": dimension.id, "area_name": dimension.name,
                  "finding": f"{dimension.name}: how to scale once ready", "step": 0,
                  "phase": rec.phase, "title": rec.title, "detail": rec.detail,
                  "importance": dimension.importance, "shortfall": result["shortfall"],
                  "priority": result["priority"]}
                 for rec in dimension.recommendations if rec.band == top_band.id]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["importance", "priority"], ascending=False, kind="stable")


def roadmap(recommendations: pd.DataFrame, per_phase: int = 4,
            scaling: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The most important recommendations grouped into pilot, capability and roll-out phases.

    Where the gaps leave the roll-out phase short, it is filled from ``scaling`` (see
    :func:`scaling_steps`), so the plan always says what the roll-out itself involves.
    """
    phases = {phase: recommendations[recommendations["phase"] == phase].head(per_phase)
              for phase in PHASES}
    if scaling is not None and len(phases["rollout"]) < per_phase:
        extra = scaling[(scaling["phase"] == "rollout")
                        & ~scaling["title"].isin(phases["rollout"]["title"])]
        phases["rollout"] = pd.concat([phases["rollout"], extra]).head(per_phase)
    return phases
