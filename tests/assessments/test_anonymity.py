"""Minimum group sizes and complementary suppression: no group under the minimum is shown,
and no combination of shown groups gives one back.

The attacks follow what survey vendors protect against (Peakon and Qualtrics "enhanced
confidentiality": subtracting overlapping groups) and the linear-algebra view of
statistical disclosure control: a reader who knows the sums of the shown groups knows every
linear combination of them. ``derivable_small_groups`` is that reader, written
independently of the module: it tries every set of atoms by brute force.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import anonymity
from assessments.anonymity import (FEWER, NO_DATA, ORGANIZATION, PROTECTS, SHOWN, Cell,
                                   candidate_cells, publish)
from assessments.errors import AssessmentError


def people(*groups: tuple[int, dict[str, str]]) -> pd.DataFrame:
    """Respondents: ``(count, {segment: value})`` per group of identical profiles."""
    rows = [profile for count, profile in groups for _ in range(count)]
    return pd.DataFrame(rows)


def everyone_answers(profiles: pd.DataFrame, *statistics: str) -> pd.DataFrame:
    return pd.DataFrame({s: 1 for s in statistics or ("score",)}, index=profiles.index)


def segments_of(profiles: pd.DataFrame) -> dict[str, list[str]]:
    return {c: sorted(profiles[c].dropna().unique()) for c in profiles.columns}


def published(profiles, contributions=None, minimum=5):
    contributions = everyone_answers(profiles) if contributions is None else contributions
    return publish(profiles, contributions, candidate_cells(segments_of(profiles)), minimum)


def _in_row_space(rows: list[list[int]], target: list[int]) -> bool:
    """Whether ``target`` is a rational combination of ``rows``: Gauss-Jordan elimination
    of ``rows^T y = target`` in exact fractions."""
    unknowns = len(rows)
    system = [[Fraction(rows[j][i]) for j in range(unknowns)] + [Fraction(target[i])]
              for i in range(len(target))]
    pivot_row = 0
    for column in range(unknowns):
        found = next((r for r in range(pivot_row, len(system)) if system[r][column] != 0), None)
        if found is None:
            continue
        system[pivot_row], system[found] = system[found], system[pivot_row]
        lead = system[pivot_row][column]
        system[pivot_row] = [v / lead for v in system[pivot_row]]
        for r in range(len(system)):
            if r != pivot_row and system[r][column] != 0:
                factor = system[r][column]
                system[r] = [a - factor * b for a, b in zip(system[r], system[pivot_row])]
        pivot_row += 1
    return all(any(v != 0 for v in row[:-1]) or row[-1] == 0 for row in system)


def derivable_small_groups(profiles: pd.DataFrame, contributions: pd.DataFrame,
                           shown: list[Cell], minimum: int) -> list[tuple[str, tuple]]:
    """Every (statistic, set of atoms) whose sum the shown cells give and which holds 1 to
    minimum - 1 contributors: brute force over all sets of atoms."""
    keys = profiles.astype(object).where(profiles.notna(), None)
    atoms = sorted({tuple(row) for row in keys.itertuples(index=False)}, key=repr)
    position = {atom: i for i, atom in enumerate(atoms)}
    of_person = [position[tuple(row)] for row in keys.itertuples(index=False)]
    columns = list(keys.columns)
    rows = [[int(all(dict(zip(columns, atom)).get(s) == v for s, v in cell.constraints))
             for atom in atoms] for cell in shown]
    found = []
    for statistic in contributions.columns:
        weight = [0] * len(atoms)
        for person, given_ in zip(of_person, contributions[statistic]):
            weight[person] += int(given_)
        present = [i for i, w in enumerate(weight) if w > 0]
        for size in range(1, len(present) + 1):
            for chosen in combinations(present, size):
                total = sum(weight[i] for i in chosen)
                if not 0 < total < minimum:
                    continue
                # Atoms without contributors add nothing: the reader may put anything on them.
                keep = present
                target = [int(i in chosen) for i in keep]
                if rows and _in_row_space([[row[i] for i in keep] for row in rows], target):
                    found.append((statistic, tuple(atoms[i] for i in chosen)))
    return found


def shown_cells(publication, statistic="score"):
    return [c for c in publication.cells if publication.status(c, statistic) == SHOWN]


# --- the minimum -----------------------------------------------------------------------------

def test_a_group_under_the_minimum_is_hidden_as_fewer_and_an_empty_one_as_no_data():
    profiles = people((20, {"department": "Sales"}), (4, {"department": "Legal"}))
    cells = candidate_cells({"department": ["Sales", "Legal", "IT"]})
    publication = publish(profiles, everyone_answers(profiles), cells, 3)
    assert publication.status(Cell.of(("department", "Legal"))) == SHOWN     # 4 >= 3
    publication = publish(profiles, everyone_answers(profiles), cells, 5)
    assert publication.status(Cell.of(("department", "Legal"))) == FEWER
    assert publication.status(Cell.of(("department", "IT"))) == NO_DATA


def test_an_organization_under_the_minimum_shows_nothing():
    profiles = people((4, {"department": "Sales"}))
    publication = published(profiles)
    assert publication.shown == frozenset()
    assert publication.status(ORGANIZATION) == FEWER


@pytest.mark.parametrize("minimum", [2, 0, 11.5, True, "5"])
def test_the_minimum_must_be_a_whole_number_of_at_least_three(minimum):
    profiles = people((10, {"department": "Sales"}))
    with pytest.raises(AssessmentError, match="minimum group size must be a whole number"):
        published(profiles, minimum=minimum)


# --- subtraction -----------------------------------------------------------------------------

def test_a_parent_minus_its_shown_children_never_gives_the_hidden_child():
    """Finance has 12: 9 in Lyon and 3 in Paris. Finance in Paris is hidden (3 < 5), so
    Finance in Lyon must be too, or Finance - Lyon would be the three in Paris."""
    profiles = people((9, {"department": "Finance", "location": "Lyon"}),
                      (3, {"department": "Finance", "location": "Paris"}),
                      (10, {"department": "IT", "location": "Lyon"}),
                      (10, {"department": "IT", "location": "Paris"}))
    publication = published(profiles)
    finance = Cell.of(("department", "Finance"))
    assert publication.status(finance) == SHOWN
    assert publication.status(Cell.of(("department", "Finance"), ("location", "Paris"))) == FEWER
    assert publication.status(Cell.of(("department", "Finance"), ("location", "Lyon"))) == PROTECTS
    assert derivable_small_groups(profiles, everyone_answers(profiles),
                                  shown_cells(publication), 5) == []


def test_a_segment_value_under_the_minimum_takes_a_sibling_with_it():
    """Four locations add up to the organization: with one hidden, showing the other three
    and the organization would give it back."""
    profiles = people((30, {"location": "Lyon"}), (20, {"location": "Paris"}),
                      (12, {"location": "Nice"}), (2, {"location": "Brest"}))
    publication = published(profiles)
    statuses = {v: publication.status(Cell.of(("location", v)))
                for v in ("Lyon", "Paris", "Nice", "Brest")}
    assert statuses["Brest"] == FEWER
    assert statuses["Nice"] == PROTECTS           # the smallest sibling goes with it
    assert statuses["Lyon"] == statuses["Paris"] == SHOWN
    assert publication.status(ORGANIZATION) == SHOWN


def test_nested_groups_of_two_segments_do_not_give_away_one_person():
    """Every senior is in Finance and Finance has one more: Finance - Senior is that person."""
    profiles = people((5, {"department": "Finance", "level": "Senior"}),
                      (1, {"department": "Finance", "level": "Junior"}),
                      (40, {"department": "IT", "level": "Junior"}))
    publication = published(profiles)
    finance = publication.status(Cell.of(("department", "Finance")))
    senior = publication.status(Cell.of(("level", "Senior")))
    assert SHOWN in (finance, senior) and PROTECTS in (finance, senior)
    assert derivable_small_groups(profiles, everyone_answers(profiles),
                                  shown_cells(publication), 5) == []


def test_complementary_suppression_prefers_a_filter_pair_to_a_heatmap_value():
    profiles = people((9, {"department": "Finance", "location": "Lyon"}),
                      (3, {"department": "Finance", "location": "Paris"}),
                      (10, {"department": "IT", "location": "Lyon"}),
                      (10, {"department": "IT", "location": "Paris"}))
    publication = published(profiles)
    singles = [c for c in publication.cells if c.depth == 1]
    assert all(publication.status(c) == SHOWN for c in singles)


def test_a_statement_few_people_answered_hides_the_group_for_every_statistic_tied_to_it():
    """A dimension score averages statements, so all share one set of shown groups."""
    profiles = people((8, {"department": "Sales"}), (30, {"department": "IT"}))
    contributions = everyone_answers(profiles, "dimension", "statement")
    contributions.loc[profiles.index[:5], "statement"] = 0      # 3 of Sales answered it
    publication = published(profiles, contributions)
    sales = Cell.of(("department", "Sales"))
    assert publication.status(sales, "statement") == FEWER
    assert publication.status(sales, "dimension") == PROTECTS
    assert derivable_small_groups(profiles, contributions, shown_cells(publication, "dimension"),
                                  5) == []


def test_the_same_answers_always_make_the_same_publication():
    rng = np.random.default_rng(7)
    profiles = pd.DataFrame({"department": rng.choice(["A", "B", "C"], 80),
                             "location": rng.choice(["X", "Y"], 80),
                             "role": rng.choice(["leader", "employee"], 80, p=[0.1, 0.9])})
    first = published(profiles)
    second = published(profiles.sample(frac=1, random_state=3))   # another order
    assert first.shown == second.shown


def the_plain_search(monkeypatch):
    """publish as it was first written: each statistic's program, one after the other, no
    relaxation tried first, no shortcut by rank."""
    plain = anonymity._group_in_span
    monkeypatch.setattr(anonymity, "_rows_span_all", lambda *_: False)
    monkeypatch.setattr(anonymity, "_first_disclosing", lambda *_: 0)
    monkeypatch.setattr(anonymity, "_group_in_span",
                        lambda m, w, minimum, relax_first=True: plain(m, w, minimum, False))


@pytest.mark.parametrize("size, minimum, seed", [(60, 5, 1), (400, 4, 2), (1_500, 5, 3),
                                                 (6_000, 3, 4), (50_000, 5, 4)])
def test_the_quick_paths_of_the_audit_publish_what_the_plain_search_publishes(
        size, minimum, seed, monkeypatch):
    # The audit tries each search's linear relaxation first, runs the searches two at a
    # time, and skips them all when the atoms every statistic counts in full already span
    # the shown cells. The publication is the one the plain search makes, group for group.
    rng = np.random.default_rng(seed)
    profiles = pd.DataFrame({
        "department": rng.choice(["A", "B", "C", "D", "E"], size, p=[.4, .3, .2, .07, .03]),
        "location": rng.choice(["X", "Y", "Z"], size, p=[.6, .3, .1]),
        "role": rng.choice(["leader", "manager", "employee"], size, p=[.05, .15, .8]),
        "tenure": rng.choice(["<1", "1-5", "5+", None], size, p=[.2, .4, .35, .05])})
    contributions = pd.DataFrame({f"s{j}": (rng.random(size) > share).astype(int)
                                  for j, share in enumerate((0.0, 0.05, 0.3))})
    cells = candidate_cells(segments_of(profiles))
    settled = []
    span = anonymity._rows_span_all
    monkeypatch.setattr(anonymity, "_rows_span_all",
                        lambda *a: settled.append(span(*a)) or settled[-1])
    quick = publish(profiles, contributions, cells, minimum)
    with monkeypatch.context() as plain:
        the_plain_search(plain)
        assert quick.shown == publish(profiles, contributions, cells, minimum).shown
    assert settled == [size >= 50_000]         # the shortcut settles only the largest
    assert 0 < len(quick.shown) <= len(cells)


# --- combining filters: every set of groups, tried by brute force -----------------------------

SEGMENTS = {"department": ["A", "B", "C"], "location": ["X", "Y"], "role": ["leader", "employee"]}


@st.composite
def populations(draw):
    """Up to 9 distinct profiles over three segments (a value may be missing), 1-12 people
    each, and for each of two statistics which people contribute."""
    profiles = draw(st.lists(st.tuples(*(st.sampled_from([*values, None])
                                         for values in SEGMENTS.values())),
                             min_size=1, max_size=9, unique=True))
    counts = draw(st.lists(st.integers(1, 12), min_size=len(profiles), max_size=len(profiles)))
    rows = [dict(zip(SEGMENTS, profile)) for profile, count in zip(profiles, counts)
            for _ in range(count)]
    frame = pd.DataFrame(rows, columns=list(SEGMENTS))
    gaps = draw(st.lists(st.booleans(), min_size=len(frame), max_size=len(frame)))
    contributions = pd.DataFrame({"answers": 1, "statement": [0 if g else 1 for g in gaps]},
                                 index=frame.index)
    return frame, contributions, draw(st.integers(3, 6))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_no_combination_of_shown_groups_gives_a_group_under_the_minimum(population):
    profiles, contributions, minimum = population
    publication = publish(profiles, contributions, candidate_cells(SEGMENTS), minimum)
    for statistic in contributions.columns:
        shown = shown_cells(publication, statistic)
        assert derivable_small_groups(profiles, contributions[[statistic]], shown,
                                      minimum) == [], statistic
        for cell in shown:
            assert publication.count(cell, statistic) >= minimum


@settings(max_examples=40, deadline=None, derandomize=True)
@given(populations(), st.lists(st.tuples(st.sampled_from([None, *[(s, v) for s, vs in
                                                                 SEGMENTS.items() for v in vs]]),
                                         st.sampled_from(list(SEGMENTS))),
                               min_size=1, max_size=8))
def test_any_sequence_of_filters_and_breakdowns_only_reaches_the_audited_groups(population,
                                                                                 views):
    """A reader picks filters (or none) and breakdowns one after another and keeps every
    number shown. Whatever the sequence, what they collect is within the one publication,
    and gives no group under the minimum back."""
    profiles, contributions, minimum = population
    publication = publish(profiles, contributions, candidate_cells(SEGMENTS), minimum)
    collected = set()
    for chosen_filter, breakdown in views:
        base = () if chosen_filter is None else (chosen_filter,)
        if chosen_filter is not None and chosen_filter[0] == breakdown:
            continue
        for cell in [Cell.of(*base),
                     *(Cell.of(*base, (breakdown, v)) for v in SEGMENTS[breakdown])]:
            if publication.status(cell, "answers") == SHOWN:
                collected.add(cell)
    assert collected <= publication.shown
    assert derivable_small_groups(profiles, contributions[["answers"]], sorted(collected),
                                  minimum) == []


def test_the_brute_force_reader_does_find_what_plain_suppression_leaves_open():
    """The checker is no pushover: with primary suppression only, it recovers Finance in
    Paris from Finance minus Finance in Lyon."""
    profiles = people((9, {"department": "Finance", "location": "Lyon"}),
                      (3, {"department": "Finance", "location": "Paris"}),
                      (10, {"department": "IT", "location": "Lyon"}),
                      (10, {"department": "IT", "location": "Paris"}))
    contributions = everyone_answers(profiles)
    cells = candidate_cells(segments_of(profiles))
    primary_only = [c for c in cells if anonymity.publish(
        profiles, contributions, [c], 5).shown]
    assert derivable_small_groups(profiles, contributions, primary_only, 5) == [
        ("score", (("Finance", "Paris"),))]
