"""Steering rules: the shipped file loads, every rule names a real area and requirement and
cites a source, and suggestions follow the rules that fire."""
import pytest

from assessments import load_bank
from vendors.catalog import load_taxonomy
from vendors.steering import SteeringError, load_rules, parse_rules, suggest

RULE = {"id": "r", "title": "Governance is a barrier",
        "when": {"culture": "clear_parameters", "band": "barrier"},
        "weigh_at_least": {"governance": 0.4}, "must_have": {"moderation": 3},
        "reason": "Rules must be carried by the platform.", "source": "RESEARCH.md"}


def test_the_shipped_rules_load_and_name_what_the_banks_and_taxonomy_have():
    rules = load_rules()
    culture, maturity, taxonomy = load_bank("culture"), load_bank("maturity"), load_taxonomy()
    dimensions = {d.id for d in culture.dimensions}
    competencies = {c.id for c in maturity.competencies}
    categories = {c.id for c in taxonomy.categories}
    criteria = {c.id for c in taxonomy.criteria}
    assert len(rules) >= 6
    for rule in rules:
        assert rule.area in (dimensions if rule.kind == "culture" else competencies), rule.id
        assert set(rule.weigh) <= categories and set(rule.must_have) <= criteria, rule.id
        assert rule.reason and rule.source, rule.id
        assert "RESEARCH.md" in rule.source or "Model" in rule.source, rule.id


def test_the_issues_examples_are_rules():
    """Issue 13: governance at barrier, a small critical mass, low leadership readiness."""
    by_area = {(r.kind, r.area): r for r in load_rules()}
    assert by_area[("culture", "clear_parameters")].weigh["governance"] >= 0.2
    assert by_area[("culture", "critical_mass")].weigh["adoption"] >= 0.2
    assert "announcements_events" in by_area[("culture", "leadership_dialogue")].must_have


def test_a_rule_on_barrier_fires_only_at_barrier_and_a_developing_rule_below_too():
    [rule] = parse_rules({"rules": [RULE]})
    assert rule.fires({"clear_parameters": "barrier"}, {})
    assert not rule.fires({"clear_parameters": "developing"}, {})
    assert not rule.fires({}, {})                       # not answered: never fires
    [developing] = parse_rules({"rules": [{**RULE, "when": {"culture": "clear_parameters",
                                                            "band": "developing"}}]})
    assert developing.fires({"clear_parameters": "barrier"}, {})
    assert not developing.fires({"clear_parameters": "ready"}, {})


def test_a_maturity_rule_fires_at_or_below_its_stage():
    [rule] = parse_rules({"rules": [{**RULE, "when": {"maturity": "metrics",
                                                      "stage_at_most": 2}}]})
    assert rule.fires({}, {"metrics": 1}) and rule.fires({}, {"metrics": 2})
    assert not rule.fires({}, {"metrics": 3}) and not rule.fires({}, {})


def test_a_suggestion_raises_a_category_to_its_share_and_adds_must_haves():
    rules = parse_rules({"rules": [RULE]})
    suggested = suggest(rules, {"clear_parameters": "barrier"}, {},
                        {"governance": 0.2, "security": 0.6, "cost": 0.2}, {},
                        ["moderation", "sso"])
    # Governance rises to 0.4; security and cost share the 0.6 left as 3 to 1.
    assert suggested.category_weights == {"governance": (0.2, pytest.approx(0.4)),
                                          "security": (0.6, pytest.approx(0.45)),
                                          "cost": (0.2, pytest.approx(0.15))}
    assert suggested.must_haves == {"moderation": (None, 3.0)}
    assert suggested.changes_anything


def test_accepting_a_suggestion_then_asking_again_suggests_nothing_more():
    rules = parse_rules({"rules": [RULE]})
    first = suggest(rules, {"clear_parameters": "barrier"}, {},
                    {"governance": 0.2, "security": 0.8}, {}, ["moderation"])
    accepted = {c: then for c, (_, then) in first.category_weights.items()}
    again = suggest(rules, {"clear_parameters": "barrier"}, {}, accepted,
                    {"moderation": 3.0}, ["moderation"])
    assert not again.changes_anything


def test_a_category_already_heavier_than_its_share_keeps_its_weight():
    rules = parse_rules({"rules": [{**RULE, "must_have": {}}]})
    suggested = suggest(rules, {"clear_parameters": "barrier"}, {},
                        {"governance": 0.7, "security": 0.3}, {}, [])
    assert not suggested.changes_anything


def test_a_must_have_already_as_strict_is_not_suggested_again():
    rules = parse_rules({"rules": [{**RULE, "weigh_at_least": {}}]})
    suggested = suggest(rules, {"clear_parameters": "barrier"}, {}, {"governance": 1.0},
                        {"moderation": 4.0}, ["moderation"])
    assert suggested.must_haves == {} and not suggested.changes_anything


def test_what_the_engagement_lacks_is_said_not_applied():
    rules = parse_rules({"rules": [RULE]})
    suggested = suggest(rules, {"clear_parameters": "barrier"}, {}, {"security": 1.0}, {},
                        ["sso"])
    assert suggested.not_applied == ("governance", "moderation")
    assert suggested.category_weights == {"security": (1.0, 1.0)}


@pytest.mark.parametrize("change, message", [
    ({"when": {"culture": "clear_parameters", "band": "ready"}}, "barrier or developing"),
    ({"when": {"maturity": "metrics", "stage_at_most": 4}}, "1, 2 or 3"),
    ({"when": {"culture": "x"}}, "'when' must be"),
    ({"weigh_at_least": {"governance": 0.9}}, "0.01 to 0.6"),
    ({"must_have": {"moderation": 6}}, "0 to 5"),
    ({"weigh_at_least": {}, "must_have": {}}, "weights .* must-haves"),
    ({"source": ""}, "'source'"),
    ({"colour": "red"}, "unknown field 'colour'"),
])
def test_a_broken_rule_is_refused_naming_the_rule_and_field(change, message):
    with pytest.raises(SteeringError, match=message):
        parse_rules({"rules": [{**RULE, **change}]})


def test_two_rules_with_one_id_are_refused():
    with pytest.raises(SteeringError, match="used twice"):
        parse_rules({"rules": [RULE, RULE]})


def test_a_file_that_is_not_toml_is_refused(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[[rules]\n")
    with pytest.raises(SteeringError, match="cannot be read as TOML"):
        load_rules(path)
