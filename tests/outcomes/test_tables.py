"""The shared tables and headline numbers: what they say when vendors tie, when some are
knocked out or not scored, and when only part of a questionnaire is answered."""
from __future__ import annotations

import numpy as np
import pandas as pd

from outcomes import gather, robustness, tables
from tests.outcomes.test_gather import _ranking

def _platforms(raw: dict[str, list[float]]) -> gather.Platforms:
    return _ranking(raw)


def test_the_2x2_places_only_the_vendors_in_the_ranking_and_says_who_is_left_out():
    """A new user's review: a knocked-out vendor sat top right of the 2x2 as "stronger than
    the field" and moved the mean lines."""
    outcome = _platforms({"Alpha": [4, 3, 3], "Beta": [3, 4, 2], "Unsafe": [1, 5, 0],
                          "New": [np.nan] * 3})
    points = tables.positioning_points(outcome, *tables.positioning_axes(outcome.decision))
    assert list(points["vendor"]) == ["Beta", "Alpha"]      # in ranking order
    assert "left out: Unsafe, New" in tables.positioning_note(outcome)


def test_vendors_tied_for_first_have_no_single_winner_to_test():
    """A new user's review: with two tied leaders the tornado named one of them "the winner"
    and rank acceptability gave each 50 % of first places while both rank 1."""
    outcome = _platforms({"Slack": [4, 3, 3], "Workvivo": [4, 3, 3], "Jive": [3, 3, 3]})
    assert outcome.tied_first == ["Slack", "Workvivo"]
    robust = robustness.robustness(outcome)
    assert robust.thresholds is None and robust.winner is None
    assert robust.acceptability.loc[["Slack", "Workvivo"], 1].tolist() == [1.0, 1.0]
    summary = tables.acceptability_summary(robust.acceptability, robust.draws)
    assert summary.startswith("Slack and Workvivo each rank first (tied) in 100%")
    assert "tie for first place" in tables.tie_note(outcome)
    [leading] = [m for m in tables.platform_metrics(outcome) if m.label == "Leading vendor"]
    assert (leading.value, leading.caption) == ("2 tied", "Slack and Workvivo share first place")


def test_topsis_agrees_is_unknown_when_topsis_has_nothing_to_compare():
    outcome = _platforms({"Solo": [4, 3, 3]})
    assert {m.label: m.value for m in tables.platform_metrics(outcome)}["TOPSIS agrees"] == "—"


def test_partial_maturity_says_which_competencies_are_unknown(example_db):
    """A new user's review: with 2 of 8 competencies answered the report said "Stage 2" and
    counted gaps with no caveat."""
    import workspace
    from assessments import load_bank
    engagement = workspace.create_engagement(example_db, "Partial")
    person = workspace.add_participant(example_db, engagement.id, "CEO")
    workspace.save_answer(example_db, person.id, "maturity", "strategy", 4)
    workspace.save_answer(example_db, person.id, "maturity", "leadership", 2)
    readiness = gather.readiness(example_db, engagement.id)
    metrics = {m.label: m for m in tables.readiness_metrics(readiness)}
    assert metrics["Maturity (overall)"].caption.endswith("· 2 of 8 competencies answered")
    assert "not known for 6 competencies nobody answered" in metrics["Gaps to close"].caption
    note = tables.actions_note(readiness)
    names = [c.name for c in load_bank("maturity").competencies][2:]
    assert "Nobody has answered 6 competencies" in note and all(n in note for n in names)


def test_gaps_count_every_dimension_below_target_not_only_barriers(example_db):
    """A new user's review: "3 culture barrier(s)" while all 6 dimensions were below the
    target and had actions."""
    import workspace
    [example] = workspace.list_engagements(example_db)
    readiness = gather.readiness(example_db, example.id)
    below = int((readiness.culture.dimensions["shortfall"] > 0).sum())
    gaps = int((readiness.maturity.competencies["gap"] > 0).sum())
    metric = {m.label: m for m in tables.readiness_metrics(readiness)}["Gaps to close"]
    assert metric.value == str(below + gaps)
    assert metric.caption.startswith(f"{below} culture dimension{'' if below == 1 else 's'} below target (")


def test_the_maturity_heatmap_has_its_shares_as_a_table(example_db):
    """The heatmap's text alternative: a screen reader gets every cell's share in words."""
    from assessments import load_bank
    readiness = gather.readiness(example_db, 1)
    stages = [s.name for s in load_bank("maturity").stages]
    maturity = readiness.maturity
    shown = tables.maturity_distribution_table(maturity.distribution, maturity.competencies,
                                               stages).shown()
    assert shown.columns.tolist() == ["name", "stage_1", "stage_2", "stage_3", "stage_4"]
    assert shown["name"].tolist() == maturity.competencies["name"].tolist()
    first = maturity.distribution.rename(columns=int).iloc[0]
    assert shown.iloc[0, 1:].tolist() == [round(100 * first[level]) for level in (1, 2, 3, 4)]
    labels = tables.maturity_distribution_table(maturity.distribution, maturity.competencies,
                                                stages).labels
    assert labels[1] == f"1. {stages[0]}"


def test_the_2x2_and_the_weights_charts_have_their_numbers_as_tables():
    outcome = _platforms({"Alpha": [4, 3, 3], "Beta": [3, 4, 2]})
    points = tables.positioning_points(outcome, *tables.positioning_axes(outcome.decision))
    shown = tables.positioning_table(points, "Usability", "Security")
    assert shown.labels == ["Vendor", "Usability", "Security"]
    assert shown.shown()["vendor"].tolist() == points["vendor"].tolist()
    assert shown.shown()["x"].tolist() == [round(x, 2) for x in points["x"]]
    weights = tables.weights_numbers(pd.DataFrame({"item": ["Usability", "Security"],
                                                   "weight": [0.625, 0.375]}))
    assert weights.shown()["weight"].tolist() == [62.5, 37.5]


def test_the_trend_charts_have_their_numbers_as_tables(culture_bank, maturity_bank):
    from assessments import summary
    snapshots = [("2026-09-01T10:00:00", "Baseline", {
                     "culture_overall": 41.2, "culture": {culture_bank.dimensions[0].id: 36.8},
                     "maturity_overall": 2,
                     "maturity": {maturity_bank.competencies[0].id: 1}}),
                 ("2026-11-30T10:00:00", "", {"culture_overall": 55.0, "maturity_overall": 3})]
    culture = tables.culture_trend_table(summary.culture_trend(culture_bank, snapshots)).shown()
    assert culture.values.tolist() == [
        ["2026-09-01 · Baseline", "Overall", 41],       # the digits the report shows
        ["2026-09-01 · Baseline", culture_bank.dimensions[0].name, 37],
        ["2026-11-30", "Overall", 55]]
    maturity = tables.maturity_trend_table(summary.maturity_trend(maturity_bank, snapshots))
    assert maturity.shown()[["snapshot", "area", "stage"]].values.tolist() == [
        ["2026-09-01 · Baseline", "Overall", 2],
        ["2026-09-01 · Baseline", maturity_bank.competencies[0].name, 1],
        ["2026-11-30", "Overall", 3]]


def test_a_weight_bound_under_half_a_percent_never_reads_below_zero():
    """A consultant's review: Integration read "Holds from 0% ... below 0% Workvivo takes
    first place" where the bound was 0.48%; a weight cannot fall below 0%."""
    thresholds = pd.DataFrame(
        {"current": [0.25, 0.30], "low": [0.0048, 0.0003], "high": [0.60, 0.9996],
         "winner": ["Slack", "Slack"], "challenger_low": ["Workvivo", "Jive"],
         "challenger_high": ["", ""]},
        index=pd.Index(["integration", "security"], name="category"))
    thresholds["challenger_high"] = pd.Series([None, "Workvivo"], index=thresholds.index,
                                              dtype=object)
    shown = tables.robustness_table(thresholds, {"integration": "Integration",
                                                 "security": "Security"})
    rows = {row[0]: row for row in shown.texts()}
    assert rows["Integration"][2] == "0.5%"
    assert rows["Integration"][4] == "below 0.5% Workvivo takes first place"
    assert rows["Security"][4] == ("below 0.03% Jive takes first place; "
                                   "above 99.96% Workvivo takes first place")
    for row in rows.values():
        assert "below 0%" not in row[4] and "below 0.0%" not in row[4]
        assert "above 100%" not in row[4] and "above 100.0%" not in row[4]
