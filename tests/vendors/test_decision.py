"""Assembling an engagement's decision: saved weights by level, equal weights where unset."""
from types import SimpleNamespace as Row

import pytest

from vendors.decision import build_decision
from vendors.scoring import Direction

CATEGORIES = [Row(id="security", name="Security"), Row(id="cost", name="Cost"),
              Row(id="empty", name="Nothing here")]
CRITERIA = [Row(id="sso", category="security", name="SSO", direction="benefit",
                must_have=True, min_score=3),
            Row(id="audit", category="security", name="Audit", direction="benefit",
                must_have=False, min_score=0),
            Row(id="licence", category="cost", name="Licence", direction="cost",
                must_have=False, min_score=0)]


def test_global_weight_is_category_weight_times_criterion_weight():
    decision = build_decision(CATEGORIES, CRITERIA, {
        "categories": {"security": 0.75, "cost": 0.25},
        "security": {"sso": 2.0, "audit": 1.0}, "cost": {"licence": 1.0}})
    assert decision.weights.to_dict() == pytest.approx(
        {"sso": 0.5, "audit": 0.25, "licence": 0.25})
    assert decision.unweighted == []
    assert decision.directions["licence"] is Direction.COST
    assert decision.minimums == {"sso": 3.0}


def test_unweighted_levels_use_equal_weights_and_are_reported():
    decision = build_decision(CATEGORIES, CRITERIA, {"categories": {"security": 1, "cost": 3}})
    assert decision.weights.to_dict() == pytest.approx(
        {"sso": 0.125, "audit": 0.125, "licence": 0.75})
    assert decision.unweighted == ["security", "cost"]


def test_saved_weights_that_no_longer_fit_the_criteria_are_ignored():
    decision = build_decision(CATEGORIES, CRITERIA, {"security": {"sso": 1.0, "gone": 1.0}})
    assert "security" in decision.unweighted
    assert decision.criterion_weights["security"].to_dict() == {"sso": 0.5, "audit": 0.5}


def test_categories_without_criteria_are_left_out():
    decision = build_decision(CATEGORIES, CRITERIA, {})
    assert "empty" not in decision.category_names
    assert decision.weights.sum() == pytest.approx(1)
