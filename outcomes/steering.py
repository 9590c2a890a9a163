"""Readiness steers the platform choice: the suggestion for an engagement, and accepting it.

The rules are data (``vendors/data/steering.toml``, see :mod:`vendors.steering`); this module
reads the engagement's readiness results (culture bands and maturity stages of the areas
someone answered) and its decision, and, when the person accepts, saves the suggested
category weights and must-haves in one transaction, with the rules' titles as the audit
trail's note.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

import workspace
from outcomes import tables
from outcomes.gather import Platforms, Readiness
from reports.formats import Column, Kind, Table
from vendors.decision import Decision, build_decision
from vendors.steering import Rule, Suggestion, load_rules, suggest

#: The weights a suggestion saves are entered as direct values of this many points.
POINTS = 100


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The shipped rules, read once per process.

    Raises:
        SteeringError: the shipped file is broken.
    """
    return load_rules()


def readiness_inputs(readiness: Readiness) -> tuple[dict[str, str], dict[str, int]]:
    """Culture dimension -> band and competency -> stage, for answered areas only."""
    dimensions = readiness.culture.dimensions
    bands = {str(d): str(row["band"]) for d, row in dimensions.iterrows()
             if row["answered"] > 0 and isinstance(row["band"], str)}
    competencies = readiness.maturity.competencies
    stages = {str(c): int(row["stage"]) for c, row in competencies.iterrows()
              if row["stage"] > 0}
    return bands, stages


def suggestion(readiness: Readiness, decision: Decision,
               steering: tuple[Rule, ...] | None = None) -> Suggestion:
    """What the rules that fire on this readiness suggest for this decision."""
    bands, stages = readiness_inputs(readiness)
    return suggest(rules() if steering is None else steering, bands, stages,
                   {str(c): float(w) for c, w in decision.category_weights.items()},
                   dict(decision.minimums), list(decision.weights.index))


def engagement_suggestion(database: workspace.Database, engagement_id: int,
                          readiness: Readiness) -> tuple[Decision, Suggestion] | None:
    """The decision and the suggestion of an engagement (None without criteria)."""
    criteria = workspace.list_criteria(database, engagement_id)
    if not criteria:
        return None
    decision = build_decision(workspace.list_categories(database, engagement_id), criteria,
                              workspace.get_weights(database, engagement_id))
    return decision, suggestion(readiness, decision)


def note(suggested: Suggestion) -> str:
    """The audit trail's note for an accepted suggestion."""
    return ("Accepted the readiness suggestion: "
            + "; ".join(f"{r.title} ({r.condition})" for r in suggested.rules))


def accept(database: workspace.Database, engagement_id: int, suggested: Suggestion,
           actor: str = workspace.audit.FACILITATOR) -> None:
    """Save the suggested category weights (as direct values) and must-haves, all or none;
    the audit trail keeps each change with the rules as its note.

    Raises:
        InvalidInput: the suggestion suggests nothing, or a value is refused (nothing saved).
        NotFound: the engagement or a criterion is gone.
    """
    if not suggested.changes_anything:
        raise workspace.InvalidInput("The readiness results suggest no change.")
    why = note(suggested)
    weights = {c: then for c, (_, then) in suggested.category_weights.items()}
    with workspace.write(database):
        if suggested.category_weights:
            workspace.save_weights(database, engagement_id, workspace.CATEGORIES_LEVEL,
                                   "direct",
                                   {"values": {c: round(w * POINTS, 6)
                                               for c, w in weights.items()}},
                                   weights, actor=actor, note=why)
        for criterion, (_, minimum) in suggested.must_haves.items():
            workspace.update_criterion(database, engagement_id, criterion, must_have=True,
                                       min_score=minimum, actor=actor, note=why)


def weights_table(decision: Decision, suggested: Suggestion) -> Table:
    """Category weights now and as suggested, side by side."""
    names = decision.category_names
    frame = pd.DataFrame([{"category": names.get(c, c), "now": now, "suggested": then,
                           "change": then - now}
                          for c, (now, then) in suggested.category_weights.items()],
                         columns=["category", "now", "suggested", "change"])
    return Table(frame, (Column("category", "Category"),
                         Column("now", "Weight now", Kind.WEIGHT),
                         Column("suggested", "Suggested", Kind.WEIGHT),
                         Column("change", "Change", Kind.WEIGHT)))


def must_haves_table(decision: Decision, suggested: Suggestion) -> Table:
    """The must-haves the suggestion adds or raises."""
    names = decision.criterion_names
    frame = pd.DataFrame([{"criterion": names.get(c, c),
                           "now": "not a must-have" if now is None else
                           f"must-have, minimum {now:g}",
                           "suggested": f"must-have, minimum {then:g}"}
                          for c, (now, then) in suggested.must_haves.items()],
                         columns=["criterion", "now", "suggested"])
    return Table(frame, (Column("criterion", "Criterion"), Column("now", "Now"),
                         Column("suggested", "Suggested")))


def rules_table(suggested: Suggestion) -> Table:
    """The rules that fire: what the readiness results say, why, and the source."""
    frame = pd.DataFrame([{"title": r.title, "condition": r.condition, "reason": r.reason,
                           "source": r.source} for r in suggested.rules],
                         columns=["title", "condition", "reason", "source"])
    return Table(frame, (Column("title", "Readiness says"), Column("condition", "Condition"),
                         Column("reason", "So the choice should", wide=True),
                         Column("source", "Source", wide=True)))


def verdict_and_choice(readiness: Readiness, platforms: Platforms | None) -> str:
    """The readiness verdict and the platform choice in one sentence, as the comparison
    page's header and the pack's answer slide say it."""
    verdict = tables.readiness_verdict(readiness).split(":")[0]
    if platforms is None:
        choice = "no vendor has been scored yet"
    elif platforms.winner is None:
        choice = "every vendor fails a must-have"
    elif len(platforms.tied_first) > 1:
        choice = f"{' and '.join(platforms.tied_first)} tie for first place"
    else:
        choice = f"{platforms.winner} leads the platform choice"
    return f"{verdict}; {choice}."
