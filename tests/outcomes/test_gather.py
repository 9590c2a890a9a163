"""Gathering an engagement's results: the knock-out rule, applied once for every place."""
from types import SimpleNamespace as Row

import numpy as np
import pandas as pd
import pytest

import workspace
from outcomes import gather
from vendors.decision import build_decision

CATEGORIES = [Row(id="security", name="Security"), Row(id="cost", name="Cost")]
CRITERIA = [Row(id="sso", category="security", name="SSO", direction="benefit",
                must_have=True, min_score=3),
            Row(id="audit", category="security", name="Audit", direction="benefit",
                must_have=False, min_score=0),
            Row(id="licence", category="cost", name="Licence", direction="cost",
                must_have=False, min_score=0)]


def _ranking(raw: dict[str, list[float]]) -> pd.DataFrame:
    decision = build_decision(CATEGORIES, CRITERIA, {})
    frame = pd.DataFrame(raw, index=["sso", "audit", "licence"]).T
    return gather.rank_platforms(decision, frame)


def test_a_knocked_out_vendor_is_listed_last_without_a_rank_even_with_the_best_score():
    """Issue 10: a vendor below a must-have minimum showed rank 2 above vendors that pass."""
    outcome = _ranking({"Strong but unsafe": [2, 5, 0], "Alpha": [4, 3, 3],
                        "Beta": [3, 3, 4]})
    ranking = outcome.ranking
    assert list(ranking.index) == ["Alpha", "Beta", "Strong but unsafe"]
    assert ranking.loc["Strong but unsafe", "score"] > ranking.loc["Alpha", "score"]
    assert ranking["rank"].tolist()[:2] == [1, 2]
    assert pd.isna(ranking.loc["Strong but unsafe", "rank"])
    assert pd.isna(ranking.loc["Strong but unsafe", "topsis_rank"])
    assert np.isnan(ranking.loc["Strong but unsafe", "closeness"])
    assert ranking.loc["Strong but unsafe", "knocked_out_by"] == "SSO 2.00 < 3"
    assert outcome.winner == "Alpha" and outcome.eligible == ["Alpha", "Beta"]
    assert list(outcome.contributions.index) == list(ranking.index)


def test_topsis_ranks_only_the_vendors_that_pass():
    """TOPSIS's ideal is taken among the candidates: a knocked-out vendor cannot set it."""
    outcome = _ranking({"Out": [1, 5, 0], "Alpha": [4, 3, 3], "Beta": [3, 4, 2]})
    assert sorted(outcome.ranking["topsis_rank"].dropna().tolist()) == [1, 2]


def test_when_every_vendor_is_knocked_out_none_is_ranked_or_wins():
    outcome = _ranking({"Alpha": [2, 3, 3], "Beta": [1, 4, 2]})
    assert outcome.ranking["rank"].isna().all()
    assert outcome.winner is None and outcome.eligible == []
    assert list(outcome.ranking.index) == ["Beta", "Alpha"]   # best score first


def test_ties_share_the_best_rank_and_a_must_have_nobody_scored_is_pending_not_out():
    outcome = _ranking({"Alpha": [4, 2, 2], "Beta": [3, 3, 2], "Gamma": [np.nan, 2, 4]})
    ranking = outcome.ranking
    assert ranking.loc["Alpha", "rank"] == ranking.loc["Beta", "rank"] == 1
    assert ranking.loc["Gamma", "knocked_out_by"] == ""
    assert ranking.loc["Gamma", "pending"] == "SSO not scored"
    assert outcome.tied_first == ["Alpha", "Beta"]


def test_the_example_engagement_gathers_readiness_and_platforms(example_db):
    [example] = workspace.list_engagements(example_db)
    readiness = gather.readiness(example_db, example.id)
    platforms = gather.platforms(example_db, example.id)
    assert readiness.has_culture and readiness.has_maturity and readiness.people == 5
    assert platforms.winner == platforms.ranking.index[0]
    assert platforms.ranking["rank"].iloc[0] == 1


def test_nothing_scored_gathers_no_platforms_and_nothing_answered_no_readiness(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "Empty")
    assert gather.platforms(fresh_db, engagement.id) is None
    readiness = gather.readiness(fresh_db, engagement.id)
    assert not readiness.has_any and readiness.people == 0


@pytest.mark.parametrize("score, shown", [(74.5, 75), (74.49, 74), (50.4, 50)])
def test_bands_and_barriers_follow_the_reported_score(culture_bank, score, shown):
    """A dimension shown as 75 is at target (band "Ready"), never "Developing" for being
    74.5; a statement shown as 50 is at neutral, so it is a barrier."""
    from assessments.scoring import reported_score
    assert reported_score(score) == shown
    band = culture_bank.band_for(reported_score(score))
    assert band.id == ("ready" if shown >= 75 else "developing" if shown >= 50 else "barrier")


def test_a_vendor_nobody_scored_is_listed_without_a_rank_or_a_topsis_value():
    """A new user's review: vendors added but not scored got "Rank 2, 0.00, TOPSIS 0.000"."""
    outcome = _ranking({"Alpha": [4, 3, 3], "Beta": [3, 4, 2],
                        "New": [np.nan, np.nan, np.nan]})
    ranking = outcome.ranking
    assert list(ranking.index) == ["Beta", "Alpha", "New"]
    assert pd.isna(ranking.loc["New", "rank"]) and np.isnan(ranking.loc["New", "closeness"])
    assert ranking.loc["New", "pending"] == gather.NOT_SCORED
    assert outcome.eligible == ["Beta", "Alpha"] and outcome.unscored == ["New"]


@pytest.mark.parametrize("raw", [{"Solo": [4, 3, 3]},
                                 {"Alpha": [4, 3, 3], "Twin": [4, 3, 3]}],
                         ids=["one vendor", "identical vendors"])
def test_topsis_says_nothing_without_two_vendors_that_differ(raw):
    """TOPSIS measures distance to the best and the worst candidate: with one vendor, or
    vendors equal on every weighted criterion, closeness 0.500 would be a made-up number."""
    ranking = _ranking(raw).ranking
    assert ranking["closeness"].isna().all() and ranking["topsis_rank"].isna().all()
    assert (ranking["rank"] == 1).all()
