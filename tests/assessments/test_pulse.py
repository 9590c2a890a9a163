"""Pulse results: the leaders' scoring over every respondent, means only for groups that
may be shown, leaders against employees, drivers with confidence intervals."""
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import assessments
from assessments import pulse
from assessments.anonymity import ORGANIZATION, SHOWN, Cell, candidate_cells
from assessments.pulse import DIMENSION, STATEMENT, statistic


def answers_of(bank, rows):
    """(respondent, {item: value}) -> the answers frame; a value None is don't know."""
    return pd.DataFrame([{"respondent": r, "item": item, "value": np.nan if v is None else v,
                          "dont_know": v is None}
                         for r, given in rows for item, v in given.items()])


def everyone(bank, value):
    return {s.id: value for s in bank.statements}


def test_a_dimension_scores_as_the_leaders_questionnaire_scores_it(culture_bank):
    rng = np.random.default_rng(3)
    rows = [(r, {s.id: (None if rng.random() < 0.1 else int(rng.integers(1, 6)))
                 for s in culture_bank.statements}) for r in range(40)]
    answers = answers_of(culture_bank, rows)
    values = pulse.culture_points(culture_bank, answers, 40)
    profiles = pd.DataFrame({"role": ["Leader"] * 10 + ["Employee"] * 30})
    scores = pulse.group_scores(profiles, values, candidate_cells({"role": ["Leader",
                                                                            "Employee"]}), 5)
    reference = assessments.score_culture(culture_bank, answers.rename(
        columns={"respondent": "participant_id"}))
    for dimension in culture_bank.dimensions:
        assert scores.mean(ORGANIZATION, statistic(DIMENSION, dimension.id)) == pytest.approx(
            reference.dimensions.loc[dimension.id, "score"])
    item = culture_bank.items[2]                      # c03 is reverse-scored
    assert scores.mean(ORGANIZATION, statistic(STATEMENT, item.id)) == pytest.approx(
        reference.items.loc[item.id, "score"])


def test_each_persons_points_are_what_scoring_them_alone_gives(culture_bank):
    # Every person's statement points and dimension scores, computed for everyone at once,
    # equal the leaders' questionnaire scored for that person alone; an answer to an item
    # the bank lacks is ignored, and of a repeated answer the first counts.
    rng = np.random.default_rng(11)
    rows = [(r, {s.id: (None if rng.random() < 0.2 else int(rng.integers(1, 6)))
                 for s in culture_bank.statements if rng.random() < 0.8}) for r in range(30)]
    first_item = culture_bank.items[0].id
    rows[7][1][first_item] = 4
    answers = answers_of(culture_bank, rows)
    extra = pd.DataFrame([{"respondent": 4, "item": "not_in_bank", "value": 5.0,
                           "dont_know": False},
                          {"respondent": 7, "item": first_item, "value": 1.0,
                           "dont_know": False}])
    values = pulse.culture_points(culture_bank, pd.concat([answers, extra],
                                                          ignore_index=True), 31)
    assert values.loc[30].isna().all()                     # nobody answered as person 30
    for person, _ in rows:
        mine = answers[answers["respondent"] == person].rename(
            columns={"respondent": "participant_id"})
        alone = assessments.score_culture(culture_bank, mine)
        for item in culture_bank.items:
            expected = alone.items.loc[item.id, "score"]
            got = values.at[person, statistic(STATEMENT, item.id)]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
        for dimension in culture_bank.dimensions:
            expected = alone.dimensions.loc[dimension.id, "score"]
            got = values.at[person, statistic(DIMENSION, dimension.id)]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    assert values.at[7, statistic(STATEMENT, first_item)] == pytest.approx(
        25.0 if culture_bank.items[0].reverse else 75.0)          # the 4, not the later 1


def test_the_organizations_result_from_points_is_the_leaders_scoring_of_every_answer(
        culture_bank):
    # The pulse scores the organization from the points it already holds per person; the
    # result is the one score_culture gives for the same answers, every column: scores,
    # medians, spreads, agreement, counts of answers and "don't know", coverage, bands.
    rng = np.random.default_rng(5)
    rows = [(r, {s.id: (None if rng.random() < 0.15 else int(rng.integers(1, 6)))
                 for s in culture_bank.statements if rng.random() < 0.85}) for r in range(60)]
    rows.append((60, {culture_bank.outcomes[0].id: 4}))       # only an outcome: no item
    rows.append((61, {culture_bank.items[0].id: None}))       # only a "don't know"
    answers = answers_of(culture_bank, rows)
    values = pulse.culture_points(culture_bank, answers, 63)
    got = pulse.organization_culture(culture_bank, answers, values)
    expected = assessments.score_culture(culture_bank, answers.rename(
        columns={"respondent": "participant_id"}))
    assert got.participants == expected.participants == 61
    assert got.overall == pytest.approx(expected.overall, rel=1e-12)
    pd.testing.assert_frame_equal(got.items, expected.items, check_dtype=False, rtol=1e-12)
    pd.testing.assert_frame_equal(got.dimensions, expected.dimensions, check_dtype=False,
                                  rtol=1e-12)
    assert (got.items["dont_know"] > 0).any() and got.dimensions["score"].notna().all()


def dimension_answers(bank, dimension, people):
    """Answers giving each person (points summed, statements answered) in ``dimension``."""
    rows = []
    for person, (total, count) in enumerate(people):
        left, given = total // 25, {}
        for item in dimension.items[:count]:
            step = min(4, left)
            left -= step
            given[item.id] = (5 - step) if item.reverse else step + 1
        assert left == 0
        rows.append((person, given))
    return answers_of(bank, rows)


def test_a_mean_of_exactly_a_half_shows_as_the_same_whole_point_everywhere(culture_bank):
    # 15 people whose scores in a dimension average exactly 41.5 (each person's score is
    # their own mean, 200/3 and the like, which floats hold only roughly). Summed in two
    # orders those give 41.49999999999999 and 41.5: shown as 41 in one table and 42 in
    # another. Every mean is now the true mean rounded once: 41.5, shown as 42 everywhere.
    dimension = next(d for d in culture_bank.dimensions if len(d.items) >= 5)
    people = [(200, 3), (75, 5), (150, 3), (250, 4), (125, 5), (450, 5), (150, 3), (25, 3),
              (400, 5), (25, 4), (50, 2), (25, 1), (75, 4), (300, 4), (25, 1)]
    answers = dimension_answers(culture_bank, dimension, people)
    name = statistic(DIMENSION, dimension.id)
    exact = sum(Fraction(total, count) for total, count in people) / len(people)
    assert exact == Fraction(83, 2)
    values = pulse.culture_points(culture_bank, answers, len(people))
    scores = pulse.group_scores(pd.DataFrame({"role": ["Employee"] * len(people)}),
                                values[[name]], candidate_cells({"role": ["Employee"]}), 5,
                                pulse.culture_units(culture_bank))
    organization = pulse.organization_culture(culture_bank, answers, values)
    leaders = assessments.score_culture(culture_bank, answers.rename(
        columns={"respondent": "participant_id"}))
    for mean in (scores.mean(ORGANIZATION, name), organization.dimensions.at[dimension.id,
                                                                             "score"],
                 leaders.dimensions.at[dimension.id, "score"]):
        assert mean == 41.5
        assert assessments.scoring.reported_score(mean) == 42


def test_every_mean_is_the_true_mean_rounded_once_in_every_table(culture_bank):
    rng = np.random.default_rng(17)
    rows = [(r, {s.id: (None if rng.random() < 0.1 else int(rng.integers(1, 6)))
                 for s in culture_bank.statements if rng.random() < 0.7}) for r in range(300)]
    answers = answers_of(culture_bank, rows)
    values = pulse.culture_points(culture_bank, answers, 300)
    roles = pd.DataFrame({"role": ["Leader" if r % 4 == 0 else "Employee" for r in range(300)]})
    scores = pulse.group_scores(roles, values, candidate_cells(
        {"role": ["Leader", "Employee"]}), 5, pulse.culture_units(culture_bank))
    organization = pulse.organization_culture(culture_bank, answers, values)
    for dimension in culture_bank.dimensions:
        name = statistic(DIMENSION, dimension.id)
        people = []
        for person, given in rows:
            points = [Fraction(100 * ((5 - v) if item.reverse else (v - 1)), 4)
                      for item in dimension.items if (v := given.get(item.id)) is not None]
            if points:
                people.append((person, sum(points) / len(points)))
        assert organization.dimensions.at[dimension.id, "score"] == float(
            sum(p for _, p in people) / len(people))
        assert scores.mean(ORGANIZATION, name) == organization.dimensions.at[dimension.id,
                                                                             "score"]
        leaders = [p for person, p in people if person % 4 == 0]
        assert scores.mean(Cell.of(("role", "Leader")), name) == float(
            sum(leaders) / len(leaders))


def test_the_organizations_result_says_when_nobody_scored_an_item(culture_bank):
    only = culture_bank.items[1].id
    answers = answers_of(culture_bank, [(r, {only: 1 + r % 5}) for r in range(8)])
    got = pulse.organization_culture(culture_bank, answers,
                                     pulse.culture_points(culture_bank, answers, 8))
    expected = assessments.score_culture(culture_bank, answers.rename(
        columns={"respondent": "participant_id"}))
    pd.testing.assert_frame_equal(got.items, expected.items, check_dtype=False)
    pd.testing.assert_frame_equal(got.dimensions, expected.dimensions, check_dtype=False)
    assert got.items["score"].isna().sum() == len(culture_bank.items) - 1
    assert (got.dimensions["band_label"] == "No answers").sum() == len(
        culture_bank.dimensions) - 1


def test_no_mean_is_kept_for_a_group_that_may_not_be_shown(culture_bank):
    answers = answers_of(culture_bank, [(r, everyone(culture_bank, 1 + r % 5))
                                        for r in range(23)])
    values = pulse.culture_points(culture_bank, answers, 23)
    profiles = pd.DataFrame({"role": ["Leader"] * 3 + ["Manager"] * 8 + ["Employee"] * 12})
    scores = pulse.group_scores(profiles, values, candidate_cells(
        {"role": ["Leader", "Manager", "Employee"]}), 5)
    hidden = scores.statuses != SHOWN
    assert hidden.to_numpy().any()
    assert scores.means.isna()[hidden].all().all()
    assert scores.means.notna()[~hidden].all().all()
    assert scores.statuses.at[Cell.of(("role", "Leader")), statistic(DIMENSION, "open_sharing")
                              ] == "fewer"


def group_of(bank, leaders, employees, leader_value, employee_value):
    rows = ([(r, everyone(bank, leader_value)) for r in range(leaders)]
            + [(leaders + r, everyone(bank, employee_value)) for r in range(employees)])
    answers = answers_of(bank, rows)
    profiles = pd.DataFrame({"role": ["Leader"] * leaders + ["Employee"] * employees})
    values = pulse.culture_points(bank, answers, leaders + employees)
    return pulse.group_scores(profiles, values, candidate_cells(
        {"role": ["Leader", "Employee"]}), 5)


def test_a_large_gap_on_open_dialogue_brings_the_banks_own_advice(culture_bank):
    """Leaders agree with every statement (reverse ones included: they score 0 there),
    employees disagree: the gap on each dimension is what the answers make it."""
    scores = group_of(culture_bank, 6, 20, 5, 2)
    gap = pulse.leader_gap(culture_bank, scores, "role", "Leader", "Employee")
    dialogue = gap.dimensions.set_index("dimension").loc["leadership_dialogue"]
    # Leaders: 3 statements at 100, 2 reverse ones at 0 -> 60; employees: 3 at 25, 2 at 75
    # -> 45. A gap of 15 reaches the bank's threshold for this dimension (15).
    assert dialogue["leaders"] == pytest.approx(60) and dialogue["employees"] == pytest.approx(45)
    assert dialogue["gap"] == pytest.approx(15)
    assert list(gap.findings["dimension"]) == ["leadership_dialogue"]
    assert gap.findings.iloc[0]["title"] == next(
        d for d in culture_bank.dimensions if d.id == "leadership_dialogue"
    ).gap_recommendations[0].title
    assert len(gap.statements) == 5 and gap.statements["gap"].abs().iloc[0] == pytest.approx(75)


def test_no_gap_and_no_advice_when_the_leaders_are_too_few_to_show(culture_bank):
    scores = group_of(culture_bank, 4, 20, 5, 1)
    gap = pulse.leader_gap(culture_bank, scores, "role", "Leader", "Employee")
    assert gap.dimensions["gap"].isna().all()
    assert gap.dimensions["note"].str.contains("Leader: fewer than 5 responses").all()
    assert gap.findings.empty and gap.statements.empty


def test_correlation_and_its_interval_follow_fishers_z():
    """r = 0.5 over 28 people: z = atanh(0.5) = 0.549, standard error 1/5, so the 95 %
    interval is tanh(0.549 -+ 0.392) = 0.156 to 0.736 (e.g. Howell, Statistical Methods
    for Psychology, the Fisher transformation)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=28)
    noise = rng.normal(size=28)
    noise -= np.polyval(np.polyfit(x, noise, 1), x)          # uncorrelated with x
    y = 0.5 * x / x.std() + math.sqrt(0.75) * noise / noise.std()
    r, low, high = pulse.correlation(x, y)
    assert r == pytest.approx(0.5, abs=1e-9)
    assert (low, high) == pytest.approx((0.1557, 0.7363), abs=5e-4)


def test_drivers_need_25_people_in_scope_and_say_why_otherwise(culture_bank):
    def frame(people):
        rng = np.random.default_rng(1)
        rows = []
        for r in range(people):
            base = int(rng.integers(1, 6))
            given = everyone(culture_bank, base)
            given["o01"] = base               # the outcome moves with every dimension
            rows.append((r, given))
        return pulse.culture_points(culture_bank, answers_of(culture_bank, rows), people)

    few = pulse.drivers(culture_bank, frame(24))
    assert few["r"].isna().all()
    assert few["note"].iloc[0] == "only 24 people answered both; drivers need 25 or more in scope"
    enough = pulse.drivers(culture_bank, frame(25))
    assert len(enough) == len(culture_bank.dimensions)
    assert enough["r"].notna().all() and (enough["low"] <= enough["r"]).all()
    assert (enough["r"] <= enough["high"]).all()


def test_comments_come_by_dimension_and_statement_never_in_arrival_order(culture_bank):
    comments = pd.DataFrame({"part": ["culture"] * 3, "item": ["c11", "o01", "c11"],
                             "comment": ["zebra", "we would", "apple"]})
    grouped = pulse.comments_by_theme(culture_bank, None, comments)
    assert list(grouped["comment"]) == ["apple", "zebra", "we would"]
    assert grouped["area"].iloc[-1] == "Outcome statements"
