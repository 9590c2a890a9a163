"""The example engagement: illustrative answers so every page has something to show.

The numbers are invented (a seeded random draw around a plausible profile), not analyst facts,
and the engagement says so in its name and purpose. It can be reset to this state at any time.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import sqlite_utils

from assessments import load_bank, score
from assessments.summary import readiness_summary
from workspace.db import write
from workspace.engagements import create_engagement
from workspace.participants import add_participant
from workspace.responses import Answer, engagement_responses, save_answers
from workspace.snapshots import save_snapshot
from workspace.targets import set_target

EXAMPLE_NAME = "Example: Northwind Health (illustrative)"
EXAMPLE_DETAILS = {
    "organization": "Northwind Health (fictional)",
    "industry": "Healthcare",
    "size": "2,000-5,000 employees",
    "purpose": ("Illustrative example engagement with invented answers. Decide whether to "
                "launch an internal social network for clinical and support staff, what to "
                "fix first, and which platform to shortlist."),
}
ROLES = ["Chief Executive", "Chief Information Officer", "HR Director",
         "Head of Communications", "Clinical Operations Lead"]
# Mean agreement (1-5, after reverse scoring) per culture dimension: strong strategy and
# informal channels, weak rules and leadership dialogue.
CULTURE_PROFILE = {"open_sharing": 2.7, "critical_mass": 3.7, "leadership_dialogue": 2.5,
                   "clear_parameters": 2.1, "change_readiness": 3.0, "strategic_alignment": 3.9}
# The chief executive sees leadership far more kindly than the rest: a disagreement to discuss.
CULTURE_OPTIMISTS = {("Chief Executive", "leadership_dialogue"): 1.6}
MATURITY_PROFILE = {"strategy": 2.5, "leadership": 1.9, "culture": 2.2,
                    "community_management": 1.4, "content_programming": 1.7,
                    "policies_governance": 2.1, "tools": 2.8, "metrics": 1.3}
TARGETS = {"strategy": 3, "leadership": 3, "culture": 3, "community_management": 3,
           "content_programming": 3, "policies_governance": 3, "tools": 3, "metrics": 2}
BASELINE_DAYS_AGO = 90
BASELINE_SHIFT = -0.5


def _answers(participants, culture, maturity, rng, shift: float) -> list[Answer]:
    answers = []
    for person in participants:
        bias = rng.normal(0, 0.3)
        for item in culture.items:
            if rng.random() < 0.04:
                answers.append(Answer(person.id, culture.id, item.id, None, dont_know=True))
                continue
            mean = (CULTURE_PROFILE.get(item.dimension, 3.0) + shift + bias
                    + CULTURE_OPTIMISTS.get((person.name, item.dimension), 0.0))
            adjusted = int(np.clip(round(rng.normal(mean, 0.7)), 1, culture.scale_max))
            value = culture.scale_max + 1 - adjusted if item.reverse else adjusted
            answers.append(Answer(person.id, culture.id, item.id, value))
        for competency in maturity.competencies:
            mean = MATURITY_PROFILE.get(competency.id, 2.0) + shift / 2
            stage = int(np.clip(round(rng.normal(mean + bias, 0.6)), 1, 4))
            answers.append(Answer(person.id, maturity.id, competency.id, stage))
    return answers


def seed_example(db: sqlite_utils.Database, seed: int = 7) -> int:
    """Create the example engagement (all or nothing) and return its id."""
    culture, maturity = load_bank("culture"), load_bank("maturity")
    rng = np.random.default_rng(seed)
    with write(db):
        engagement = create_engagement(db, EXAMPLE_NAME, is_example=True, **EXAMPLE_DETAILS)
        people = [add_participant(db, engagement.id, role) for role in ROLES]
        for comp_id, stage in TARGETS.items():
            set_target(db, engagement.id, maturity.id, comp_id, stage)

        def snapshot(label: str, taken_at: str) -> None:
            culture_result = score(culture, engagement_responses(db, engagement.id, culture.id))
            maturity_result = score(maturity, engagement_responses(db, engagement.id,
                                                                   maturity.id), TARGETS)
            save_snapshot(db, engagement.id,
                          readiness_summary(culture, culture_result, maturity, maturity_result),
                          label, taken_at)

        # A baseline a quarter ago, then today's answers: the trend chart has two points.
        baseline_day = datetime.now(timezone.utc) - timedelta(days=BASELINE_DAYS_AGO)
        save_answers(db, _answers(people, culture, maturity, rng, BASELINE_SHIFT))
        snapshot("Baseline (illustrative)", baseline_day.isoformat(timespec="seconds"))
        save_answers(db, _answers(people, culture, maturity, rng, 0.0))
        save_answers(db, [Answer(people[1].id, culture.id, "c06", 4,
                                 comment="Chat channels are busy, but only inside departments.")])
    return engagement.id


def reset_example(db: sqlite_utils.Database) -> int:
    """Delete the example engagement(s) and create a fresh one, in one transaction."""
    with write(db):
        db.execute("DELETE FROM engagements WHERE is_example = 1")
        return seed_example(db)
