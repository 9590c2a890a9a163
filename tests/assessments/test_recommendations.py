"""Recommendations: ranked by importance x shortfall, drawn from bands and stages, roadmap."""
import pandas as pd

from assessments import recommend, roadmap, score, top_actions
from tests.conftest import responses


def _all(bank, value):
    return responses([(1, item.id, value) for item in bank.items])


def test_culture_advice_starts_with_each_dimensions_own_band(culture_bank):
    # Disagreeing with everything: reverse items lift some dimensions out of the lowest band.
    result = score(culture_bank, _all(culture_bank, 1))
    recs = recommend(culture_bank, result)
    for dimension in culture_bank.dimensions:
        band = result.dimensions.loc[dimension.id, "band"]
        first_step = recs[(recs["area"] == dimension.id) & (recs["step"] == 0)]
        if result.dimensions.loc[dimension.id, "shortfall"] > 0:
            assert set(first_step["title"]) == {
                r.title for r in dimension.recommendations if r.band == band}
        else:
            assert first_step.empty


def test_dimensions_at_target_get_no_recommendation(culture_bank):
    answers = responses([(1, i.id, 1 if i.reverse else 5) for i in culture_bank.items])
    assert recommend(culture_bank, score(culture_bank, answers)).empty


def test_ranking_is_importance_times_shortfall(maturity_bank):
    # leadership (importance 5) one stage short: 5/3 = 1.67;
    # tools (importance 2) three stages short: 2 x 3/3 = 2.0 -> tools first.
    importance = {c.id: c.importance for c in maturity_bank.competencies}
    assert importance["leadership"] == 5 and importance["tools"] == 2
    result = score(maturity_bank, responses([(1, "leadership", 3), (1, "tools", 1)]),
                   {"leadership": 4, "tools": 4})
    recs = recommend(maturity_bank=maturity_bank, maturity=result)
    assert list(dict.fromkeys(recs["area"])) == ["tools", "leadership"]
    assert recs.index[0] == 1 and recs.index.name == "rank"
    assert recs["priority"].is_monotonic_decreasing


def test_maturity_actions_are_the_ones_that_leave_the_current_stage(maturity_bank):
    result = score(maturity_bank, responses([(1, "metrics", 2)]), {"metrics": 3})
    recs = recommend(maturity_bank=maturity_bank, maturity=result)
    competency = maturity_bank.competency("metrics")
    assert set(recs["title"]) == {a.title for a in competency.actions if a.from_stage == 2}
    assert "stage 2 (Emergent community); target 3 (Community)" in recs["finding"].iloc[0]


def test_top_actions_take_one_per_area_in_priority_order(culture_bank, maturity_bank):
    culture = score(culture_bank, _all(culture_bank, 2))
    maturity = score(maturity_bank, _all(maturity_bank, 1))
    recs = recommend(culture_bank, culture, maturity_bank, maturity)
    top = top_actions(recs, 5)
    assert len(top) == 5
    assert not top.duplicated(subset=["source", "area"]).any()
    assert list(top.index) == sorted(top.index)


def test_roadmap_groups_recommendations_by_phase(culture_bank, maturity_bank):
    culture = score(culture_bank, _all(culture_bank, 2))
    maturity = score(maturity_bank, _all(maturity_bank, 1))
    phases = roadmap(recommend(culture_bank, culture, maturity_bank, maturity), per_phase=3)
    assert list(phases) == ["pilot", "capability", "rollout"]
    for phase, items in phases.items():
        assert len(items) <= 3
        assert (items["phase"] == phase).all()
    assert not phases["pilot"].empty


def test_a_two_stage_gap_needs_both_transitions_in_order(maturity_bank):
    result = score(maturity_bank, responses([(1, "strategy", 1)]), {"strategy": 3})
    recs = recommend(maturity_bank=maturity_bank, maturity=result)
    actions = maturity_bank.competency("strategy").actions
    expected = [a.title for a in actions if a.from_stage == 1] + [
        a.title for a in actions if a.from_stage == 2]
    assert list(recs["title"]) == expected
    assert list(recs["step"]) == sorted(recs["step"])


def test_a_barrier_dimension_gets_its_band_then_the_next_band(culture_bank):
    dimension = culture_bank.dimensions[0]
    low = responses([(1, i.id, 5 if i.reverse else 1) for i in dimension.items])
    recs = recommend(culture_bank, score(culture_bank, low))
    bands = [r.band for r in dimension.recommendations]
    titles = {r.title: r.band for r in dimension.recommendations}
    assert [titles[t] for t in recs["title"]] == sorted(
        (b for b in bands if b != "ready"), key=["barrier", "developing"].index)


def test_roadmap_rollout_is_filled_with_scaling_steps_when_gaps_leave_it_empty(culture_bank):
    from assessments import scaling_steps
    result = score(culture_bank, _all(culture_bank, 2))
    recs = recommend(culture_bank, result)
    assert recs[recs["phase"] == "rollout"].empty
    plan = roadmap(recs, per_phase=3, scaling=scaling_steps(culture_bank, result))
    assert len(plan["rollout"]) == 3
    ready = {r.title for d in culture_bank.dimensions for r in d.recommendations
             if r.band == "ready"}
    assert set(plan["rollout"]["title"]) <= ready


def test_combined_lists_rank_together_and_do_not_repeat_an_action():
    from assessments.recommendations import COLUMNS, combine

    def rec(source, area, title, priority):
        return {"source": source, "area": area, "area_name": area, "finding": "", "step": 0,
                "phase": "pilot", "title": title, "detail": "", "importance": 3,
                "shortfall": priority / 3, "priority": priority}

    leaders = pd.DataFrame([rec("Culture", "a", "Listen", 1.0), rec("Culture", "b", "Pilot", 2.0)],
                           columns=COLUMNS)
    pulse = pd.DataFrame([rec("Pulse", "a", "Listen", 1.5), rec("Pulse", "a", "Face the gap", 3.0)],
                         columns=COLUMNS)
    combined = combine(leaders, pulse)
    assert list(zip(combined["source"], combined["title"])) == [
        ("Pulse", "Face the gap"), ("Culture", "Pilot"), ("Pulse", "Listen")]
    assert list(combined.index) == [1, 2, 3]
