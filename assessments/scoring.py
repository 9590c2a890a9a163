"""Scoring a culture (likert) questionnaire over one or many participants.

Each answer is turned into points on 0-100: ``(v - 1) / (max - 1) * 100`` after reversing
reverse-scored items (``max + 1 - v``). "Don't know" answers are counted but never scored.
A participant's dimension score is the mean of their points in the dimension; the dimension's
score is the mean over participants, beside the median, the spread (population standard
deviation) and the agreement, ``1 - spread / 50`` (50 is the largest spread possible on 0-100).

Scores are reported in whole points, and bands, barriers and shortfalls follow the reported
score: a dimension shown as 75 is at a target of 75, never "developing" for being 74.6.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessments.bank import LikertBank
from assessments.errors import AnswerError
from datafiles.rounding import round_half_up

MAX_SPREAD = 50.0
NEUTRAL_POINTS = 50.0
RESPONSE_FIELDS = ("participant_id", "item", "value", "dont_know")
#: Culture scores are shown and judged to this many decimals (whole points on 0-100).
REPORTED_DECIMALS = 0


def reported_score(score: float) -> float:
    """A score as it is reported (rounded half up to whole points); NaN when missing."""
    value = round_half_up(score, REPORTED_DECIMALS)
    return float("nan") if value is None else value


def reported(scores: pd.Series) -> pd.Series:
    """Scores as they are reported (rounded half up to whole points), NaN where missing."""
    return scores.map(reported_score).astype(float)


@dataclass(frozen=True)
class CultureResult:
    """Result of a likert bank.

    Attributes:
        dimensions: one row per dimension (index: dimension id) with name, importance, score,
            median, spread, agreement, answered, dont_know, coverage, band, band_label,
            shortfall (how far below the bank's target, as a share of it) and priority (importance x shortfall).
        items: one row per item (index: item id) with dimension, text, reverse, answered,
            dont_know, score, median, spread, agreement and barrier (at or below neutral).
        participants: how many people answered at least one item.
        overall: importance-weighted mean of the dimension scores (NaN when nothing answered).
    """
    dimensions: pd.DataFrame
    items: pd.DataFrame
    participants: int
    overall: float


def agreement(spread: pd.Series, answered: pd.Series, max_spread: float) -> pd.Series:
    """``1 - spread / max_spread``, or NaN where fewer than two people answered."""
    return (1 - spread / max_spread).clip(0, 1).where(answered >= 2)


def check_responses(responses: pd.DataFrame) -> pd.DataFrame:
    """Check the response frame has the needed columns; returns it with clean types.

    Raises:
        AnswerError: a column is missing.
    """
    missing = [c for c in RESPONSE_FIELDS if c not in responses.columns]
    if missing:
        raise AnswerError(f"Responses lack the column(s) {', '.join(missing)}.")
    frame = responses.loc[:, list(RESPONSE_FIELDS)].copy()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["dont_know"] = frame["dont_know"].fillna(False).astype(bool)
    frame.loc[frame["dont_know"], "value"] = np.nan
    return frame


def score_culture(bank: LikertBank, responses: pd.DataFrame) -> CultureResult:
    """Score a likert bank; ``responses`` has participant_id, item, value, dont_know.

    Answers to items the bank does not have are ignored (a bank may have lost an item); of
    a person's repeated answers to one item the first counts.

    Raises:
        AnswerError: a column is missing or a value lies outside the bank's scale.
    """
    frame = check_responses(responses)
    ids = [item.id for item in bank.items]
    frame = frame[frame["item"].isin(ids)]
    outside = frame["value"].notna() & ~frame["value"].between(1, bank.scale_max)
    if outside.any():
        bad = frame[outside].iloc[0]
        raise AnswerError(f"The answer to {bad['item']} is {bad['value']:g}, outside the scale "
                          f"1 to {bank.scale_max}.")
    people, _ = pd.factorize(frame["participant_id"])
    column = frame["item"].map({item: j for j, item in enumerate(ids)}).to_numpy(dtype=int)
    reverse = np.array([item.reverse for item in bank.items], dtype=bool)[column]
    values = frame["value"].to_numpy(dtype=float)
    adjusted = np.where(reverse, bank.scale_max + 1 - values, values)
    scored = ~np.isnan(values)
    points = wide_table(people[scored], column[scored],
                        (adjusted[scored] - 1) / (bank.scale_max - 1) * 100,
                        int(people.max()) + 1 if len(people) else 0, len(ids))
    dont_know = np.bincount(column[frame["dont_know"].to_numpy(dtype=bool)],
                            minlength=len(ids))
    return culture_from_points(bank, points, dont_know, int(frame["participant_id"].nunique()))


def wide_table(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, count: int,
               width: int) -> np.ndarray:
    """``count`` x ``width`` with ``values`` at (``rows``, ``columns``), NaN elsewhere; of
    repeated cells the first value counts, and rows outside 0..count - 1 are dropped."""
    wide = np.full((count, width), np.nan)
    inside = (rows >= 0) & (rows < count)
    rows, columns, values = rows[inside], columns[inside], values[inside]
    wide[rows, columns] = values
    if np.count_nonzero(~np.isnan(wide)) != len(values):
        # A cell given twice (or a NaN value): again, with the first value of each cell.
        _, first = np.unique(rows * width + columns, return_index=True)
        wide[:] = np.nan
        wide[rows[first], columns[first]] = values[first]
    return wide


def points_unit(bank: LikertBank, items: int = 1) -> int:
    """The whole number ``m`` such that ``m / 100`` times a score is a whole number: a
    statement's points are multiples of ``100 / (scale_max - 1)``, and a person's mean over
    ``items`` or fewer statements of a multiple of that divided by 1, 2, ... ``items``."""
    return (bank.scale_max - 1) * math.lcm(*range(1, max(1, items) + 1))


def exact_means(values: np.ndarray, unit: int) -> tuple[np.ndarray, np.ndarray]:
    """The mean of each column of ``values`` (people x statistics, NaN ignored) and how many
    values it is over.

    Each value times ``unit / 100`` is a whole number (see :func:`points_unit`), so the sums
    are of whole numbers (exact in any order) and each mean is the true mean rounded once:
    the same number wherever it is computed (the organization's result, a group's cell of
    the pulse heatmap, an export), so a mean of exactly 41.5 shows as 42 everywhere. A
    column that is not whole in that unit, or too large for exact sums
    (:func:`whole_columns`), is averaged as it is.
    """
    given = ~np.isnan(values)
    counts = given.sum(axis=0)
    scaled = np.where(given, values * unit / 100, 0.0)
    whole = np.rint(scaled)
    exact = whole_columns(scaled, whole, unit, counts)
    sums = np.where(exact, whole.sum(axis=0), np.where(given, values, 0.0).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        plain = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return np.where(exact, mean_of_whole(sums, counts, unit), plain), counts


#: Sums of whole numbers in floats are exact below this (float64 holds every integer to it).
EXACT_LIMIT = 2 ** 53


def whole_columns(scaled: np.ndarray, whole: np.ndarray, unit: int | np.ndarray,
                  counts: np.ndarray) -> np.ndarray:
    """Per column, whether its values (``scaled``: times ``unit / 100``, 0 where missing)
    are whole numbers (``whole``, rounded) and few enough that 100 times their sum stays
    under :data:`EXACT_LIMIT`. Answers on the scale always are, up to 16 statements in a
    dimension for a million people; an answer of 3.5, or a dimension of 30 statements, is
    not, and its mean is computed as it is."""
    close = (np.abs(scaled - whole) <= 1e-6).all(axis=0)
    return close & (100.0 * np.asarray(unit, dtype=float) * np.asarray(counts) < EXACT_LIMIT)


def mean_of_whole(sums: np.ndarray, counts: np.ndarray, unit: int | np.ndarray) -> np.ndarray:
    """``sums`` of whole numbers (values times ``unit / 100``) over ``counts`` values, as
    means of the values; NaN where the count is 0. ``100 * sum`` and ``unit * count`` are
    whole numbers under 2**53 (:func:`whole_columns`), so the one division rounds the true
    mean once."""
    counts = np.asarray(counts, dtype=float)
    return np.where(counts > 0, np.asarray(sums) * 100 / (unit * np.maximum(counts, 1)),
                    np.nan)


def culture_from_points(bank: LikertBank, points: np.ndarray, dont_know: np.ndarray,
                        participants: int) -> CultureResult:
    """The result of a likert bank from answers already turned into points (what
    :func:`score_culture` does once it has them): ``points`` is people x ``bank.items`` (in
    the bank's order; 0-100, NaN where the person gave no score), ``dont_know`` how many
    "don't know" each item had, ``participants`` how many people answered at least one item.
    A pulse of 50,000 people has its points as one array already; grouping its 1.5 million
    answers again would take most of a second.

    Raises:
        AnswerError: the array is not people x items, or a point lies outside 0-100.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != len(bank.items) or len(dont_know) != len(
            bank.items):
        raise AnswerError(f"Points must have one column per item ({len(bank.items)}).")
    given = ~np.isnan(points)
    if ((points[given] < 0) | (points[given] > 100)).any():
        raise AnswerError("A point lies outside 0-100.")
    meta = pd.DataFrame([{"item": i.id, "dimension": i.dimension, "text": i.text,
                          "reverse": i.reverse} for i in bank.items]).set_index("item")
    score, answered = exact_means(points, points_unit(bank))
    item_statistics = pd.DataFrame({
        "answered": answered.astype(int), "dont_know": np.asarray(dont_know),
        "score": score, "median": _column_statistic(points, np.median),
        "spread": _column_statistic(points, np.std)}, index=meta.index)
    person = person_dimension_scores(bank, points)
    rows = {}
    for dimension in bank.dimensions:
        scores = person[dimension.id]
        scores = scores[~np.isnan(scores)]
        mean, _ = exact_means(scores[:, None], points_unit(bank, len(dimension.items)))
        rows[dimension.id] = {"score": mean[0],
                              "median": np.median(scores) if len(scores) else np.nan,
                              "spread": scores.std() if len(scores) else np.nan,
                              "people": len(scores)}
    dimension_statistics = pd.DataFrame.from_dict(rows, orient="index")
    return _culture_result(bank, meta, item_statistics, dimension_statistics, participants)


def person_dimension_scores(bank: LikertBank, points: np.ndarray) -> dict[str, np.ndarray]:
    """Each person's score per dimension (points people x ``bank.items``): the mean of their
    points in the dimension's statements, NaN where they scored none."""
    position = {item.id: j for j, item in enumerate(bank.items)}
    scores = {}
    for dimension in bank.dimensions:
        chosen = points[:, [position[i.id] for i in dimension.items]]
        counted = (~np.isnan(chosen)).sum(axis=1)
        scores[dimension.id] = np.where(counted > 0, np.nansum(chosen, axis=1)
                                        / np.maximum(counted, 1), np.nan)
    return scores


def _column_statistic(points: np.ndarray, statistic) -> np.ndarray:
    """``statistic`` of each column's values (NaN ignored), NaN for a column with none."""
    out = np.full(points.shape[1], np.nan)
    for j in range(points.shape[1]):
        column = points[:, j]
        column = column[~np.isnan(column)]
        if len(column):
            out[j] = statistic(column)
    return out


def _culture_result(bank: LikertBank, meta: pd.DataFrame, item_statistics: pd.DataFrame,
                    dimension_statistics: pd.DataFrame, participants: int) -> CultureResult:
    """The result from each item's answered, dont_know, score, median and spread, and each
    dimension's score, median, spread (over people's dimension scores) and people."""
    items = meta.copy()
    items["answered"] = item_statistics["answered"].reindex(meta.index, fill_value=0)
    items["dont_know"] = item_statistics["dont_know"].reindex(meta.index, fill_value=0)
    for column in ("score", "median", "spread"):
        items[column] = item_statistics[column].reindex(meta.index).astype(float)
    items["agreement"] = agreement(items["spread"], items["answered"], MAX_SPREAD)
    items["barrier"] = reported(items["score"]) <= NEUTRAL_POINTS

    dim_meta = pd.DataFrame([{"dimension": d.id, "name": d.name, "importance": d.importance,
                              "items": len(d.items)} for d in bank.dimensions]
                            ).set_index("dimension")
    dims = dim_meta.copy()
    for column in ("score", "median", "spread"):
        dims[column] = dimension_statistics[column].reindex(dims.index).astype(float)
    counts = items.groupby("dimension")[["answered", "dont_know"]].sum()
    dims = dims.join(counts)
    dims["agreement"] = agreement(dims["spread"], dimension_statistics["people"].reindex(
        dims.index, fill_value=0), MAX_SPREAD)
    slots = dims["items"] * participants
    dims["coverage"] = (dims["answered"] / slots).where(slots > 0, 0.0)
    shown = reported(dims["score"])
    bands = [bank.band_for(score) for score in shown]
    dims["band"] = [b.id if b else None for b in bands]
    dims["band_label"] = [b.label if b else "No answers" for b in bands]
    # Shortfall as a share of the target: a dimension scoring 0 is a full (1.0) shortfall,
    # comparable with a competency three stages below its target.
    dims["shortfall"] = ((bank.target - shown).clip(lower=0) / bank.target).fillna(0.0)
    dims["priority"] = dims["importance"] * dims["shortfall"]
    scored = dims.dropna(subset=["score"])
    overall = (float(np.average(scored["score"], weights=scored["importance"]))
               if len(scored) else float("nan"))
    return CultureResult(dims, items, participants, overall)
