"""The HTML report says what is missing and never invents a readiness verdict."""
from __future__ import annotations

import workspace
from outcomes import gather, report
from tests.outcomes.test_one_truth import build


def _document(db, engagement_id: int) -> str:
    engagement = workspace.get_engagement(db, engagement_id)
    return report.report_html({"name": engagement.name, "is_example": False},
                              gather.readiness(db, engagement_id),
                              gather.platforms(db, engagement_id), "2026-11-30").decode()


def test_an_engagement_nobody_answered_gets_no_verdict_no_actions_and_no_roadmap(example_db):
    """Issue 10: the HTML said "No gap to close", listed roll-out actions and "Gap 0"."""
    document = _document(example_db, build(example_db, "empty"))
    assert "Nobody has answered the questionnaires yet" in document
    assert "No gap to close" not in document
    assert "Roll out (months 9-18)" not in document and "Roadmap" not in document
    assert "Gap (stages)" not in document
    assert "No vendor has been scored yet" in document


def test_culture_only_says_maturity_is_unknown_and_shows_no_competency_gaps(example_db):
    document = _document(example_db, build(example_db, "culture_only"))
    assert "Nobody has answered the maturity questionnaire yet." in document
    assert "competency gaps are" in document                 # the actions' caveat
    assert "Community maturity: where each competency stands" not in document  # no heatmap
    assert "Culture readiness by dimension" in document


def test_the_ranking_has_a_knock_out_column_and_the_knocked_out_vendor_no_rank(example_db):
    document = _document(example_db, build(example_db, "all_knocked_out"))
    assert "<th>Knocked out by</th>" in document
    assert "Single sign-on 2.00 &lt; 3" in document
    assert "every vendor fails a must-have, so none is ranked" in document
    assert "none (all knocked out)" in document


def test_an_inconsistent_ahp_level_is_flagged_with_its_consistency_ratio(example_db):
    """Issue 10: weights saved with CR above 0.10 said "saved" and nothing downstream
    remembered."""
    document = _document(example_db, _three_item_level(example_db, contradictory=True))
    assert "How the weights were set" in document and "<th>Consistency ratio</th>" in document
    assert "inconsistent: CR above 0.10, revisit the judgments" in document
    assert "the AHP judgments are inconsistent (CR above 0.10) for All" in document


def test_a_consistent_ahp_level_shows_its_ratio_without_a_flag(example_db):
    document = _document(example_db, _three_item_level(example_db, contradictory=False))
    assert "consistent (CR 0.10 or less)" in document
    assert "inconsistent" not in document


def _three_item_level(db, contradictory: bool) -> int:
    """An engagement whose one category has three criteria weighed by AHP: contradictory
    judgments (A > B 9x, B > C 9x, but C > A 9x: CR far above 0.10) or consistent ones
    (A = 2B = 4C: CR 0)."""
    engagement = workspace.create_engagement(db, f"AHP {contradictory}")
    workspace.import_taxonomy(db, engagement.id, [{"id": "all", "name": "All"}], [
        {"id": k, "category": "all", "name": k.upper()} for k in ("a", "b", "c")])
    vendor = workspace.add_vendor(db, engagement.id, "Solo")
    person = workspace.add_participant(db, engagement.id, "CIO")
    workspace.save_scores(db, [workspace.Score(person.id, vendor.id, k, 3) for k in "abc"])
    workspace.save_weights(db, engagement.id, "all", "ahp",
                           {"judgments": {"0,1": 9.0, "1,2": 9.0, "0,2": 1 / 9}
                            if contradictory else {"0,1": 2.0, "1,2": 2.0, "0,2": 4.0},
                            "method": "eigenvector", "order": ["a", "b", "c"]},
                           {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    return engagement.id
