"""The results of an organization-wide pulse, made only of groups the anonymity rules allow.

Each respondent's answers become the same points as in the leaders' questionnaire (0-100
after reverse scoring; a dimension score is the mean of the person's statements) and a
maturity stage per competency. :func:`group_scores` then keeps, for every group of the
publication (:mod:`assessments.anonymity`), the mean and the number of responses only where
the group may be shown: a hidden group's mean is never computed into a result, so nothing
downstream (pages, exports, the Python API) can show it by mistake.

Besides scores by group: leaders against employees (the gap per dimension and the statements
where they differ most, with the bank's advice where a gap reaches its ``min_gap``), drivers
of the bank's outcome statements (Pearson correlation with a 95 % confidence interval, over
the whole organization only, with 25 responses or more), and the comments (organization
only, once the campaign has the comments' minimum of respondents).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessments.anonymity import FEWER, NO_DATA, PROTECTS, SHOWN, Cell, Publication, publish
from assessments.bank import LikertBank, StagedBank
from assessments.scoring import (CultureResult, culture_from_points, mean_of_whole,
                                 person_dimension_scores, points_unit, whole_columns,
                                 wide_table)

DIMENSION, STATEMENT, COMPETENCY = "dimension", "statement", "competency"
#: The fewest pairs of answers a driver is computed from (Culture Amp's bar).
DRIVER_MINIMUM = 25
Z_95 = 1.959963984540054


def statistic(kind: str, key: str) -> str:
    """The name of a statistic: ``dimension:open_sharing``, ``statement:c01``."""
    return f"{kind}:{key}"


def culture_points(bank: LikertBank, answers: pd.DataFrame, respondents: int
                   ) -> pd.DataFrame:
    """respondents x statistics: each statement's points (0-100, items and outcomes) and
    each dimension's score (the mean of the person's statements in it); NaN where the
    person gave no score ("don't know" or no answer).

    ``answers`` has respondent (0..respondents - 1), item, value (NaN for don't know).
    """
    reverse = {i.id: i.reverse for i in bank.items} | {o.id: False for o in bank.outcomes}
    scale = bank.scale_max
    items = list(reverse)
    rows, columns, values = _cells(answers, items)
    flipped = np.where(np.array(list(reverse.values()), dtype=bool)[columns],
                       scale + 1 - values, values)
    wide = wide_table(rows, columns, (flipped - 1) / (scale - 1) * 100, respondents,
                      len(items))
    frame = {statistic(STATEMENT, item): wide[:, j] for j, item in enumerate(items)}
    for dimension, scores in person_dimension_scores(bank, wide[:, :len(bank.items)]).items():
        frame[statistic(DIMENSION, dimension)] = scores
    return pd.DataFrame(frame, index=range(respondents))


def culture_units(bank: LikertBank) -> dict[str, int]:
    """Per statistic of :func:`culture_points`, the unit that makes its values whole numbers
    (:func:`assessments.scoring.points_unit`): group means are then exact."""
    units = {statistic(STATEMENT, s.id): points_unit(bank) for s in bank.statements}
    return units | {statistic(DIMENSION, d.id): points_unit(bank, len(d.items))
                    for d in bank.dimensions}


def organization_culture(bank: LikertBank, answers: pd.DataFrame, values: pd.DataFrame
                         ) -> CultureResult:
    """The whole organization's culture result, as :func:`assessments.score_culture` gives
    it for these ``answers`` (respondent, item, value, dont_know), from the points
    :func:`culture_points` made of them (``values``).

    Raises:
        AnswerError: a point lies outside 0-100.
    """
    ids = [item.id for item in bank.items]
    points = values[[statistic(STATEMENT, item) for item in ids]].to_numpy()
    column = _positions(answers["item"], ids)
    mine = column >= 0
    dont_know = np.bincount(column[mine & answers["dont_know"].to_numpy(dtype=bool)],
                            minlength=len(ids))
    people = answers["respondent"].to_numpy()[mine].astype(np.int64)
    participants = int(np.count_nonzero(np.bincount(people))) if len(people) else 0
    return culture_from_points(bank, points, dont_know, participants)


def _cells(answers: pd.DataFrame, items: list[str]
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The answers with a value to one of ``items``: respondent rows, item columns (the
    position in ``items``) and values."""
    column = _positions(answers["item"], items)
    kept = (column >= 0) & answers["value"].notna().to_numpy()
    return (answers["respondent"].to_numpy()[kept].astype(int), column[kept],
            answers["value"].to_numpy(dtype=float)[kept])


def _positions(given: pd.Series, items: list[str]) -> np.ndarray:
    """Each answer's item as its position in ``items`` (-1 for an item not among them)."""
    position = {item: j for j, item in enumerate(items)}
    if isinstance(given.dtype, pd.CategoricalDtype):       # as the workspace reads them
        lookup = np.array([position.get(c, -1) for c in given.cat.categories] + [-1])
        return lookup[given.cat.codes.to_numpy()]             # code -1 (missing) -> -1
    return given.map(position).fillna(-1).to_numpy(dtype=int)


def maturity_stages(bank: StagedBank, answers: pd.DataFrame, respondents: int
                    ) -> pd.DataFrame:
    """respondents x competency statistics: the stage (1-4) each person chose, NaN where
    they chose none."""
    ids = [c.id for c in bank.competencies]
    wide = wide_table(*_cells(answers, ids), respondents, len(ids))
    return pd.DataFrame({statistic(COMPETENCY, c): wide[:, j] for j, c in enumerate(ids)},
                        index=range(respondents))


@dataclass(frozen=True, eq=False)
class GroupScores:
    """Means and response counts of every candidate group for a family of statistics.

    Attributes:
        publication: which groups may be shown, and why the others are hidden.
        means: groups (index: Cell) x statistics; NaN unless the group is shown.
        counts: groups x statistics: how many responses each shown mean is over (0 where
            nobody answered; NaN for a hidden group).
        statuses: groups x statistics: SHOWN, FEWER, PROTECTS or NO_DATA.
        respondents: groups: how many respondents (NaN for a group whose count is hidden).
    """
    publication: Publication
    means: pd.DataFrame
    counts: pd.DataFrame
    statuses: pd.DataFrame
    respondents: pd.Series

    @property
    def minimum(self) -> int:
        return self.publication.minimum

    def shown(self, cell: Cell, name: str) -> bool:
        return cell in self.statuses.index and self.statuses.at[cell, name] == SHOWN

    def mean(self, cell: Cell, name: str) -> float:
        """The group's mean, NaN unless it may be shown."""
        return float(self.means.at[cell, name]) if cell in self.means.index else float("nan")


def group_scores(profiles: pd.DataFrame, values: pd.DataFrame, cells: Sequence[Cell],
                 minimum: int, units: Mapping[str, int] | None = None) -> GroupScores:
    """The publication of ``values`` (respondents x statistics, NaN = no contribution) over
    ``cells`` for respondents with these segment ``profiles``, and the shown groups' means.

    ``units``: per statistic, the unit that makes its values whole numbers
    (:func:`culture_units`), so that each mean is exact (the same number the organization's
    result has); a statistic without one is averaged as it is (stages are whole already).

    Raises:
        AssessmentError: the minimum is not a whole number of at least 3.
    """
    contributions = values.notna().astype(int)
    publication = publish(profiles, contributions, cells, minimum)
    atoms = publication.atom_of.to_numpy()
    count = len(publication.respondents)
    units = units or {}
    unit = np.array([units.get(name, 100) for name in values.columns], dtype=float)
    raw = values.to_numpy(dtype=float)
    given = ~np.isnan(raw)
    scaled = np.where(given, raw * unit / 100, 0.0)
    whole = np.rint(scaled)
    exact = np.array([name in units for name in values.columns], dtype=bool) & whole_columns(
        scaled, whole, unit, given.sum(axis=0))
    summed = np.where(exact, whole, raw)
    sums = (pd.DataFrame(np.where(np.isnan(summed), 0.0, summed), columns=values.columns)
            .groupby(atoms).sum().reindex(range(count), fill_value=0.0))
    members = publication.members.astype(float)                  # atoms x cells
    cell_sums = members.T @ sums.to_numpy()                      # cells x statistics
    cell_counts = members.T @ publication.contributors.reindex(
        columns=values.columns).to_numpy()
    index = pd.Index(publication.cells, name="group")
    # As Publication.status says it, for every group and statistic at once.
    in_publication = np.array([cell in publication.shown for cell in publication.cells])
    statuses = pd.DataFrame(np.where(cell_counts == 0, NO_DATA, np.where(
        in_publication[:, None], SHOWN, np.where(cell_counts < minimum, FEWER, PROTECTS))),
        index=index, columns=values.columns)
    shown = (statuses == SHOWN).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        plain = cell_sums / np.where(cell_counts > 0, cell_counts, 1)
    means = np.where(shown, np.where(exact, mean_of_whole(cell_sums, cell_counts, unit),
                                     plain), np.nan)
    counts = np.where(shown | (statuses == NO_DATA).to_numpy(), cell_counts, np.nan)
    people = members.T @ publication.respondents
    respondent_shown = in_publication
    return GroupScores(publication,
                       pd.DataFrame(means, index=index, columns=values.columns),
                       pd.DataFrame(counts, index=index, columns=values.columns),
                       statuses,
                       pd.Series(np.where(respondent_shown | (people == 0), people, np.nan),
                                 index=index))


def hidden_text(status: str, minimum: int) -> str:
    """What a cell says when it shows no score (empty for a shown cell)."""
    return {FEWER: f"fewer than {minimum} responses", PROTECTS: "hidden: protects a smaller "
            "group", NO_DATA: "no responses"}.get(status, "")


# --- leaders against employees ---------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LeaderGap:
    """How leaders and employees see the organization.

    Attributes:
        dimensions: per dimension: name, leaders, employees, gap (leaders - employees; NaN
            unless both groups are shown), note (why a side is hidden).
        statements: the statements where they differ most (both shown), largest gap first:
            text, dimension, leaders, employees, gap.
        findings: the bank's gap advice that applies: dimension, name, gap, min_gap, phase,
            title, detail.
        leaders, employees: the role segment's values compared.
    """
    dimensions: pd.DataFrame
    statements: pd.DataFrame
    findings: pd.DataFrame
    leaders: str
    employees: str


def leader_gap(bank: LikertBank, scores: GroupScores, segment: str, leaders: str,
               employees: str, count: int = 5) -> LeaderGap:
    """Leaders (``segment`` = ``leaders``) against employees (= ``employees``)."""
    high, low = Cell.of((segment, leaders)), Cell.of((segment, employees))
    rows = []
    for dimension in bank.dimensions:
        name = statistic(DIMENSION, dimension.id)
        lead, staff = scores.mean(high, name), scores.mean(low, name)
        notes = [f"{who}: {hidden_text(scores.statuses.at[cell, name], scores.minimum)}"
                 for who, cell in ((leaders, high), (employees, low))
                 if cell in scores.statuses.index and not scores.shown(cell, name)]
        rows.append({"dimension": dimension.id, "name": dimension.name, "leaders": lead,
                     "employees": staff, "gap": lead - staff, "note": "; ".join(notes)})
    dimensions = pd.DataFrame(rows, columns=["dimension", "name", "leaders", "employees",
                                             "gap", "note"])
    names = {d.id: d.name for d in bank.dimensions}
    statements = []
    for item in bank.items:
        name = statistic(STATEMENT, item.id)
        lead, staff = scores.mean(high, name), scores.mean(low, name)
        if not (math.isnan(lead) or math.isnan(staff)):
            statements.append({"item": item.id, "text": item.text,
                               "dimension": names[item.dimension], "leaders": lead,
                               "employees": staff, "gap": lead - staff})
    statements_frame = pd.DataFrame(statements, columns=["item", "text", "dimension",
                                                         "leaders", "employees", "gap"])
    statements_frame = (statements_frame.assign(size=statements_frame["gap"].abs())
                        .sort_values(["size", "item"], ascending=[False, True], kind="stable")
                        .drop(columns="size").head(count).reset_index(drop=True))
    findings = []
    gaps = dict(zip(dimensions["dimension"], dimensions["gap"]))
    for dimension in bank.dimensions:
        gap = gaps[dimension.id]
        for advice in dimension.gap_recommendations:
            if not math.isnan(gap) and round(gap) >= advice.min_gap:
                findings.append({"dimension": dimension.id, "name": dimension.name, "gap": gap,
                                 "min_gap": advice.min_gap, "importance": dimension.importance,
                                 "phase": advice.phase, "title": advice.title,
                                 "detail": advice.detail})
    return LeaderGap(dimensions, statements_frame,
                     pd.DataFrame(findings, columns=["dimension", "name", "gap", "min_gap",
                                                     "importance", "phase", "title",
                                                     "detail"]),
                     leaders, employees)


# --- drivers ---------------------------------------------------------------------------------

def correlation(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Pearson's r of paired values with its 95 % confidence interval (Fisher's z, standard
    error 1 / sqrt(n - 3)); NaN where either side does not vary or n < 4."""
    n = len(x)
    if n < 4 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan"), float("nan"), float("nan")
    r = float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))
    if abs(r) == 1.0:
        return r, r, r
    z, half = math.atanh(r), Z_95 / math.sqrt(n - 3)
    return r, math.tanh(z - half), math.tanh(z + half)


def drivers(bank: LikertBank, values: pd.DataFrame, minimum: int = DRIVER_MINIMUM
            ) -> pd.DataFrame:
    """Which dimensions go with each outcome statement, over the whole organization.

    One row per outcome x dimension: outcome, outcome_text, dimension, name, n (people with
    both), r, low, high (95 % interval) and note (why no r: too few responses, or no
    variation). Sorted by outcome, then r, strongest first. Empty without outcomes.
    """
    rows = []
    for outcome in bank.outcomes:
        y = values[statistic(STATEMENT, outcome.id)]
        for dimension in bank.dimensions:
            x = values[statistic(DIMENSION, dimension.id)]
            both = x.notna() & y.notna()
            n = int(both.sum())
            row = {"outcome": outcome.id, "outcome_text": outcome.text,
                   "dimension": dimension.id, "name": dimension.name, "n": n,
                   "r": float("nan"), "low": float("nan"), "high": float("nan"), "note": ""}
            if n < minimum:
                row["note"] = (f"only {n} people answered both; drivers need {minimum} or "
                               "more in scope")
            else:
                r, low, high = correlation(x[both].to_numpy(), y[both].to_numpy())
                row.update(r=r, low=low, high=high)
                if math.isnan(r):
                    row["note"] = "no variation in the answers: no correlation to compute"
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["outcome", "outcome_text", "dimension", "name", "n",
                                        "r", "low", "high", "note"])
    return frame.sort_values(["outcome", "r"], ascending=[True, False], na_position="last",
                             kind="stable").reset_index(drop=True)


# --- comments --------------------------------------------------------------------------------

def comments_by_theme(bank: LikertBank, maturity_bank: StagedBank | None,
                      comments: pd.DataFrame) -> pd.DataFrame:
    """The comments grouped by dimension (or competency) and statement, alphabetical
    within each (never in the order they came): area, theme, comment."""
    area, theme = {}, {}
    for dimension in bank.dimensions:
        for item in dimension.items:
            area[("culture", item.id)], theme[("culture", item.id)] = dimension.name, item.text
    for outcome in bank.outcomes:
        area[("culture", outcome.id)] = "Outcome statements"
        theme[("culture", outcome.id)] = outcome.text
    for competency in (maturity_bank.competencies if maturity_bank else ()):
        area[("maturity", competency.id)] = competency.name
        theme[("maturity", competency.id)] = competency.name
    keys = list(zip(comments["part"], comments["item"]))
    frame = pd.DataFrame({"area": [area.get(k) for k in keys],
                          "theme": [theme.get(k) for k in keys],
                          "comment": comments["comment"].tolist()})
    frame = frame.dropna(subset=["area"])
    order = {name: n for n, name in enumerate(dict.fromkeys(area.values()))}
    frame["order"] = frame["area"].map(order)
    return (frame.sort_values(["order", "theme", "comment"], kind="stable")
            .drop(columns="order").reset_index(drop=True))


__all__ = ["COMPETENCY", "DIMENSION", "DRIVER_MINIMUM", "GroupScores", "LeaderGap",
           "STATEMENT", "comments_by_theme", "correlation", "culture_points", "culture_units",
           "drivers",
           "group_scores", "hidden_text", "leader_gap", "maturity_stages",
           "organization_culture", "statistic"]
