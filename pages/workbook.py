"""Gathering an engagement into the Excel workbook's input (shared by the Exports page)."""
from __future__ import annotations

import pandas as pd

import assessments
import workspace
from pages import results
from reports.excel import (CRITERIA_COLUMNS, EVIDENCE_COLUMNS, EngagementDetails,
                           WorkbookInput)


def workbook_input(database: workspace.Database, engagement: workspace.Engagement,
                   include_names: bool, today: str) -> WorkbookInput:
    """Everything the workbook shows, with the same numbers as the pages."""
    readiness = results.readiness(database, engagement.id)
    platforms = results.platforms(database, engagement.id)
    questions = {i.id: i.text for i in readiness.culture_bank.items}
    questions |= {c.id: c.name for c in readiness.maturity_bank.competencies}
    responses = pd.concat([
        workspace.engagement_responses(database, engagement.id, bank).assign(bank=bank)
        for bank in (readiness.culture_bank.id, readiness.maturity_bank.id)])
    responses = responses.assign(question=responses["item"].map(questions))[
        ["participant", "bank", "item", "question", "value", "dont_know", "comment"]]
    if platforms is None:
        categories, criteria = [], pd.DataFrame(columns=list(CRITERIA_COLUMNS))
        scores = pd.DataFrame()
    else:
        decision = platforms.decision
        categories = [(c, decision.category_names[c], float(w))
                      for c, w in decision.category_weights.items()]
        by_id = {c.id: c for c in workspace.list_criteria(database, engagement.id)}
        criteria = pd.DataFrame([{
            "id": c, "category": decision.categories[c], "name": by_id[c].name,
            "direction": by_id[c].direction, "must_have": by_id[c].must_have,
            "min_score": float(by_id[c].min_score),
            "weight": float(decision.criterion_weights[decision.categories[c]][c])}
            for c in decision.weights.index], columns=list(CRITERIA_COLUMNS))
        scores = platforms.raw
    evidence = workspace.engagement_scores(database, engagement.id)
    evidence = evidence[list(EVIDENCE_COLUMNS)]
    culture, maturity = readiness.culture, readiness.maturity
    return WorkbookInput(
        engagement=EngagementDetails(engagement.name, engagement.organization,
                                     engagement.industry, engagement.size, engagement.purpose,
                                     engagement.is_example, today),
        culture=culture.dimensions, culture_target=readiness.culture_bank.target,
        culture_overall=culture.overall, maturity=maturity.competencies,
        stage_names=[s.name for s in readiness.maturity_bank.stages],
        maturity_overall=maturity.overall_stage, recommendations=readiness.recommendations,
        phase_titles=assessments.PHASE_TITLES, categories=categories, criteria=criteria,
        scores=scores, evidence=evidence, responses=responses, include_names=include_names)
