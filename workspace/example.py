"""The example engagement: illustrative answers so every page has something to show.

The numbers are invented (a seeded random draw around a plausible profile), not analyst facts,
and the engagement says so in its name and purpose. It can be reset to this state at any time.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from assessments import load_bank, score
from assessments.summary import readiness_summary
from vendors.catalog import load_catalog, load_taxonomy
from workspace.db import write
from workspace.engagements import create_engagement
from workspace.participants import add_participant, list_participants
from workspace.responses import Answer, engagement_responses, save_answers
from workspace.snapshots import save_snapshot
from workspace.requirements import import_taxonomy, list_criteria
from workspace.costs import VendorCost, save_cost
from workspace.scores import Score, save_scores
from workspace.targets import set_target
from workspace.vendors import add_vendor
from workspace.weights import CATEGORIES_LEVEL, save_weights
from workspace.store import Store

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
# Platform selection. Mean score per category (0-5; for cost criteria, how costly), invented to
# show the app, not analyst ratings.
VENDOR_PROFILES = {
    "viva_engage": {"security": 4.5, "features": 3.8, "integration": 4.6, "deployment": 4.0,
                    "adoption": 3.5, "governance": 4.0, "cost": 2.0, "viability": 4.5},
    "slack": {"security": 4.2, "features": 3.3, "integration": 4.3, "deployment": 3.8,
              "adoption": 4.4, "governance": 3.5, "cost": 3.6, "viability": 4.3},
    "workvivo": {"security": 3.8, "features": 4.3, "integration": 3.6, "deployment": 3.7,
                 "adoption": 4.5, "governance": 3.6, "cost": 3.0, "viability": 3.8},
    "staffbase": {"security": 3.9, "features": 3.6, "integration": 3.7, "deployment": 3.6,
                  "adoption": 4.0, "governance": 3.7, "cost": 3.2, "viability": 3.5},
    "simpplr": {"security": 3.8, "features": 3.9, "integration": 3.8, "deployment": 3.9,
                "adoption": 4.1, "governance": 3.8, "cost": 3.3, "viability": 3.4},
    "lumapps": {"security": 3.9, "features": 3.8, "integration": 3.9, "deployment": 3.5,
                "adoption": 3.8, "governance": 3.6, "cost": 3.4, "viability": 3.4},
    "sharepoint": {"security": 4.6, "features": 2.2, "integration": 4.5, "deployment": 3.6,
                   "adoption": 2.6, "governance": 3.9, "cost": 1.5, "viability": 4.6},
}
# Cost as data (EUR): licence per user per year, one-off implementation; invented to show
# value for money. Staffbase has none, to show that missing cost data is said, not filled.
EXAMPLE_USERS, EXAMPLE_YEARS = 2_000, 3
VENDOR_COSTS = {"viva_engage": (24.0, 40_000.0), "slack": (87.0, 60_000.0),
                "workvivo": (48.0, 50_000.0), "simpplr": (60.0, 45_000.0),
                "lumapps": (55.0, 40_000.0), "sharepoint": (0.0, 30_000.0)}
CATEGORY_POINTS = {"security": 20, "features": 15, "integration": 15, "deployment": 8,
                   "adoption": 17, "governance": 10, "cost": 8, "viability": 7}
SCORERS = ["Chief Information Officer", "Enterprise Architect"]
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


def seed_example(db: Store, seed: int = 7) -> int:
    """Create the example engagement (all or nothing) and return its id."""
    culture, maturity = load_bank("culture"), load_bank("maturity")
    rng = np.random.default_rng(seed)
    with write(db):
        engagement = create_engagement(db, EXAMPLE_NAME, is_example=True, **EXAMPLE_DETAILS)
        db.execute("UPDATE engagements SET seeded = 1 WHERE id = ?", [engagement.id])
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
        _seed_platform_selection(db, engagement.id, rng)
    return engagement.id


def _seed_platform_selection(db: Store, engagement_id: int,
                             rng: np.random.Generator) -> None:
    taxonomy = load_taxonomy()
    catalog = {entry.id: entry for entry in load_catalog()}
    import_taxonomy(db, engagement_id, taxonomy.categories, taxonomy.criteria)
    criteria = list_criteria(db, engagement_id)
    points = {c: p for c, p in CATEGORY_POINTS.items() if any(k.category == c for k in criteria)}
    total = sum(points.values())
    save_weights(db, engagement_id, CATEGORIES_LEVEL, "points", {"points": points},
                 {c: p / total for c, p in points.items()})
    for category in {k.category for k in criteria}:
        # Must-haves count double within their category.
        values = {k.id: 2.0 if k.must_have else 1.0 for k in criteria if k.category == category}
        save_weights(db, engagement_id, category, "direct", {"values": values},
                     {k: v / sum(values.values()) for k, v in values.items()})
    people = {p.name: p for p in list_participants(db, engagement_id)}
    scorers = [people.get(name) or add_participant(db, engagement_id, name) for name in SCORERS]
    scores = []
    for catalog_id, profile in VENDOR_PROFILES.items():
        entry = catalog[catalog_id]
        vendor = add_vendor(db, engagement_id, entry.name, entry.company, entry.status_note,
                            catalog_id=entry.id)
        for criterion in criteria:
            base = profile.get(criterion.category, 3.0) + rng.normal(0, 0.4)
            for scorer in scorers:
                value = float(np.clip(round((base + rng.normal(0, 0.35)) * 2) / 2, 0, 5))
                scores.append(Score(scorer.id, vendor.id, criterion.id, value,
                                    "Illustrative score for the example engagement."))
        if catalog_id in VENDOR_COSTS:
            licence, implementation = VENDOR_COSTS[catalog_id]
            save_cost(db, engagement_id, vendor.id,
                      VendorCost(licence, EXAMPLE_USERS, implementation, EXAMPLE_YEARS))
    save_scores(db, scores)


def reset_example(db: Store) -> int:
    """Delete the example engagement(s) and create a fresh one, in one transaction."""
    with write(db):
        db.lock("example")   # resets take turns: each deletes what it finds, then seeds
        db.execute("DELETE FROM engagements WHERE seeded = 1")
        return seed_example(db)
