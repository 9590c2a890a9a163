"""Gathering an engagement's results from the workspace, shared by the report, the comparison
and the exports so that every place shows the same numbers. No drawing here."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import assessments
import workspace
from vendors import scoring
from vendors.decision import Decision, build_decision


@dataclass(frozen=True)
class Readiness:
    culture_bank: assessments.LikertBank
    culture: assessments.CultureResult
    maturity_bank: assessments.StagedBank
    maturity: assessments.MaturityResult
    recommendations: pd.DataFrame


@dataclass(frozen=True)
class Platforms:
    decision: Decision
    raw: pd.DataFrame            # vendor x criterion means, NaN = not scored
    matrix: pd.DataFrame         # missing scores filled with the worst
    missing: int
    ranking: pd.DataFrame
    closeness: pd.DataFrame
    knocked: pd.DataFrame        # failing must-haves that were scored
    pending: pd.DataFrame        # must-haves nobody scored yet
    contributions: pd.DataFrame  # vendor x category name


@st.cache_resource(max_entries=16, show_spinner=False)
def _shipped_bank(bank_id: str) -> assessments.Bank:
    # Banks are frozen dataclasses: parsed once per process, shared by every session.
    return assessments.load_bank(bank_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def _installed_bank(bank_id: str, text: str) -> assessments.Bank:
    return assessments.parse_bank(json.loads(text), f"{bank_id} (installed)")


def bank(database: workspace.Database, bank_id: str, kind: str) -> assessments.Bank:
    """A shipped or installed bank of the given kind ("likert" or "staged").

    Raises:
        BankError: the installed bank no longer validates, or is of the other kind.
        NotFound: no bank with this id exists.
    """
    if bank_id in assessments.available_banks():
        found = _shipped_bank(bank_id)
    else:
        data = workspace.installed_bank_data(database, bank_id)
        found = _installed_bank(bank_id, json.dumps(data, sort_keys=True))
    if found.kind != kind:
        raise assessments.BankError(f"“{bank_id}” is a {found.kind} bank, not {kind}.")
    return found


def engagement_banks(database: workspace.Database, engagement_id: int
                     ) -> tuple[assessments.LikertBank, assessments.StagedBank]:
    """The culture (likert) and maturity (staged) banks an engagement uses."""
    engagement = workspace.get_engagement(database, engagement_id)
    return (bank(database, engagement.culture_bank, "likert"),
            bank(database, engagement.maturity_bank, "staged"))


def fingerprint(database: workspace.Database, engagement_id: int) -> tuple:
    """What the engagement's results depend on, as a cheap cache key (with the file)."""
    return (str(workspace.default_path()),
            *workspace.engagement_fingerprint(database, engagement_id))


@st.cache_data(max_entries=32, show_spinner=False)
def _readiness(engagement_id: int, key: tuple) -> Readiness:
    """Scoring, computed once per change of the engagement (``key`` is its fingerprint)."""
    database = workspace.open_workspace()
    culture_bank, maturity_bank = engagement_banks(database, engagement_id)
    culture = assessments.score(
        culture_bank, workspace.engagement_responses(database, engagement_id, culture_bank.id))
    maturity = assessments.score(
        maturity_bank, workspace.engagement_responses(database, engagement_id, maturity_bank.id),
        workspace.get_targets(database, engagement_id, maturity_bank.id))
    return Readiness(culture_bank, culture, maturity_bank, maturity,
                     assessments.recommend(culture_bank, culture, maturity_bank, maturity))


def readiness(database: workspace.Database, engagement_id: int) -> Readiness:
    """Scores, stages and ranked recommendations of an engagement's questionnaires."""
    return _readiness(engagement_id, fingerprint(database, engagement_id))


def platforms(database: workspace.Database, engagement_id: int) -> Platforms | None:
    """The vendor comparison, or None while criteria, vendors or scores are missing."""
    return _platforms(engagement_id, fingerprint(database, engagement_id))


@st.cache_data(max_entries=32, show_spinner=False)
def _platforms(engagement_id: int, key: tuple) -> Platforms | None:
    """The comparison, computed once per change of the engagement (``key``: fingerprint)."""
    database = workspace.open_workspace()
    criteria = workspace.list_criteria(database, engagement_id)
    vendors = workspace.list_vendors(database, engagement_id)
    long = workspace.engagement_scores(database, engagement_id)
    if not criteria or not vendors or long["score"].notna().sum() == 0:
        return None
    decision = build_decision(workspace.list_categories(database, engagement_id), criteria,
                              {level: w.weights for level, w in
                               workspace.get_weights(database, engagement_id).items()})
    aggregated = scoring.aggregate_scorers(long.dropna(subset=["score"])[
        ["scorer", "vendor", "criterion", "score"]])
    raw = scoring.to_matrix(aggregated).reindex(index=[v.name for v in vendors],
                                                columns=list(decision.weights.index))
    # A missing score counts as the worst: 0 on a benefit criterion, most costly on a cost one.
    worst = pd.Series({c: scoring.SCORE_MAX if decision.directions[c] == scoring.Direction.COST
                       else scoring.SCORE_MIN for c in raw.columns}, dtype=float)
    matrix = raw.fillna(worst)
    failing = scoring.knockouts(raw, decision.minimums)
    contributions = scoring.contributions(matrix, decision.weights, decision.categories,
                                          decision.directions)
    return Platforms(
        decision=decision, raw=raw, matrix=matrix, missing=int(raw.isna().sum().sum()),
        ranking=scoring.rank_vendors(matrix, decision.weights, decision.directions),
        closeness=scoring.topsis(matrix, decision.weights, decision.directions),
        knocked=failing[failing["score"].notna()], pending=failing[failing["score"].isna()],
        contributions=contributions.rename(columns=decision.category_names))
