"""Vendor scoring: weighted ranking, category contributions, knock-outs, TOPSIS, scorer spread.

Scores are a vendor x criterion table on the anchored 0-5 scale (``SCORE_MIN``..``SCORE_MAX``).
A criterion is a benefit (more is better) or a cost. On the anchored scale a cost criterion
is scored as *how costly* the vendor is (5 = most costly), so the weighted sum counts it as
``SCORE_MAX - s``; TOPSIS instead takes the lowest score as ideal.

A cell left empty (NaN) is not scored yet. By default (``missing="error"``) that is an
error naming the first such cell; with ``missing="zero"`` an unscored cell earns nothing:
it counts as 0 on a benefit criterion and as 5 (most costly) on a cost criterion, i.e. it
adds 0 to the vendor's total.

The kernels (:func:`weighted_totals`, :func:`topsis_closeness`) compute without checking;
the other functions check their input first and raise :class:`ScoresError` or
:class:`WeightsError` with a message naming the vendor, criterion and value.
"""
from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from vendors.errors import ScoresError, VendorsError, WeightsError
from vendors.weighting import direct_weights

SCORE_MIN = 0
SCORE_MAX = 5
SCORER_FIELDS = ("scorer", "vendor", "criterion", "score")
# Totals equal to this many decimals share a rank: weights such as 1/3 leave float noise
# that must not split a tie a person can see.
RANK_DECIMALS = 9

Missing = Literal["error", "zero"]


class Direction(enum.Enum):
    """Whether more of a criterion is better (benefit) or worse (cost)."""
    BENEFIT = "benefit"
    COST = "cost"


def scoring_guide(direction: Direction | str, must_have: bool = False,
                  minimum: float = 0.0) -> str:
    """How to score a criterion, in words a scorer reads beside it (the Excel template):
    which end of the scale is good, and the minimum a must-have asks for."""
    cost = getattr(direction, "value", direction) == Direction.COST.value
    text = (f"COST: {SCORE_MIN} = negligible, {SCORE_MAX} = most costly" if cost
            else f"{SCORE_MIN} = not available, {SCORE_MAX} = best in class")
    if must_have:
        text += f". MUST-HAVE: a score below {minimum:g} knocks the vendor out"
    return text


def weighted_totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``scores @ weights``: one total per vendor (or per vendor and column of ``weights``).

    The pure kernel: no validation, no direction handling, weights used as given.
    """
    return np.asarray(scores, dtype=float) @ np.asarray(weights, dtype=float)


def topsis_closeness(values: np.ndarray, weights: np.ndarray, benefit: np.ndarray
                     ) -> np.ndarray:
    """TOPSIS relative closeness of each row (Hwang & Yoon, 1981); the kernel, no validation.

    Columns are vector-normalized (a column of zeros stays zero), weighted, and compared
    with the ideal (max of a benefit column, min of a cost column) and the anti-ideal;
    closeness is ``d- / (d+ + d-)``. A row at zero distance from both (every row equal on
    every weighted column) gets 0.5.
    """
    x = np.asarray(values, dtype=float)
    norms = np.sqrt((x ** 2).sum(axis=0))
    v = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0) * np.asarray(weights)
    benefit = np.asarray(benefit, dtype=bool)
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti_ideal = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti_ideal) ** 2).sum(axis=1))
    spread = d_plus + d_minus
    return np.divide(d_minus, spread, out=np.full_like(spread, 0.5), where=spread > 0)


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (float, int, np.number)) else repr(value)


def _first(mask: np.ndarray) -> tuple[int, int] | None:
    found = np.argwhere(mask)
    return (int(found[0][0]), int(found[0][1])) if len(found) else None


def _check_missing(missing: str) -> None:
    if missing not in ("error", "zero"):
        raise VendorsError(f"missing must be 'error' or 'zero', not {missing!r}")


def _numeric(scores: pd.DataFrame) -> np.ndarray:
    """The scores as floats (NaN where empty); raises on the first cell that is no number."""
    if all(is_numeric_dtype(t) and not is_bool_dtype(t) for t in scores.dtypes):
        return scores.to_numpy(dtype=float, na_value=np.nan)
    values = np.full(scores.shape, np.nan)
    not_number = np.zeros(scores.shape, dtype=bool)
    for k in range(scores.shape[1]):
        column = scores.iloc[:, k]
        if is_bool_dtype(column):
            not_number[:, k] = column.notna().to_numpy()
        elif is_numeric_dtype(column):
            values[:, k] = column.to_numpy(dtype=float, na_value=np.nan)
            continue
        else:
            converted = pd.to_numeric(column, errors="coerce")
            is_bool = column.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(bool)
            not_number[:, k] = (converted.isna() & column.notna()).to_numpy() | is_bool
            values[:, k] = converted.to_numpy(dtype=float, na_value=np.nan)
    if (at := _first(not_number)) is not None:
        vendor, criterion = scores.index[at[0]], scores.columns[at[1]]
        value = scores.iat[at]
        value = value.item() if isinstance(value, np.generic) else value
        raise ScoresError(f"score for {vendor} on '{criterion}' is not a number: {value!r}")
    return values


def check_scores(scores: pd.DataFrame, missing: Missing = "error") -> pd.DataFrame:
    """Check a vendor x criterion table of scores; returns it as floats.

    Numbers (or numeric text) from 0 to 5 are accepted; NaN means not scored yet, an error
    unless ``missing="zero"`` (the cell is then kept as NaN and counted as earning nothing).

    Raises:
        ScoresError: no vendors or no criteria, a vendor or criterion named twice, a score
            that is not a number or lies outside 0 to 5, or (by default) a missing score;
            the message names the first such cell.
    """
    _check_missing(missing)
    if not isinstance(scores, pd.DataFrame):
        raise ScoresError("scores must be a table of vendors (rows) by criteria (columns), "
                          f"not {type(scores).__name__}")
    if scores.shape[0] == 0:
        raise ScoresError("there are no vendors to compare")
    if scores.shape[1] == 0:
        raise ScoresError("there are no criteria to score")
    for labels, noun in ((scores.index, "vendor"), (scores.columns, "criterion")):
        duplicated = labels[labels.duplicated()]
        if len(duplicated):
            raise ScoresError(f"{noun} '{duplicated[0]}' appears twice")
    values = _numeric(scores)
    with np.errstate(invalid="ignore"):
        outside = (values < SCORE_MIN) | (values > SCORE_MAX)
    if (at := _first(outside)) is not None:
        raise ScoresError(f"score for {scores.index[at[0]]} on '{scores.columns[at[1]]}' is "
                          f"{_fmt(values[at])}, outside {SCORE_MIN} to {SCORE_MAX}")
    if missing == "error" and (at := _first(np.isnan(values))) is not None:
        raise ScoresError(f"score for {scores.index[at[0]]} on '{scores.columns[at[1]]}' is "
                          "missing (not scored yet)")
    return pd.DataFrame(values, index=scores.index, columns=scores.columns)


def check_weights(weights: pd.Series | Mapping[str, float], criteria: pd.Index
                  ) -> pd.Series:
    """Check that there is one usable weight per criterion; returns them normalized, in the
    order of ``criteria``.

    Raises:
        WeightsError: criteria without a weight or weights for unknown criteria (both named),
            a weight that is missing, not finite or negative, or all weights zero.
    """
    if isinstance(weights, Mapping) and not isinstance(weights, pd.Series):
        weights = pd.Series(dict(weights), dtype=object)
    if not isinstance(weights, pd.Series):
        raise WeightsError(f"weights must be given per criterion (a Series or a mapping), "
                           f"not {type(weights).__name__}")
    duplicated = weights.index[weights.index.duplicated()]
    if len(duplicated):
        raise WeightsError(f"criterion '{duplicated[0]}' has two weights")
    criteria = pd.Index(criteria)
    if not weights.index.equals(criteria):
        given, wanted = set(weights.index), set(criteria)
        absent = [c for c in criteria if c not in given]
        if absent:
            raise WeightsError("no weight for criterion " + ", ".join(f"'{c}'" for c in absent))
        unknown = [c for c in weights.index if c not in wanted]
        if unknown:
            raise WeightsError("weight given for unknown criterion "
                               + ", ".join(f"'{c}'" for c in unknown))
        weights = weights.reindex(criteria)
    return direct_weights(weights)


def _as_direction(value: Any, criterion: Hashable) -> Direction:
    # Accept any enum whose value is "benefit" or "cost" (the taxonomy loader has its own).
    raw = getattr(value, "value", value)
    try:
        return Direction(raw)
    except ValueError:
        raise ScoresError(f"direction of '{criterion}' must be 'benefit' or 'cost', "
                          f"not {raw!r}") from None


def check_directions(directions: Mapping[str, Direction] | None, criteria: pd.Index
                     ) -> np.ndarray:
    """A boolean mask over ``criteria``, True for cost criteria (the default is benefit).

    Raises:
        ScoresError: a direction for an unknown criterion, or one that is neither benefit
            nor cost.
    """
    criteria = pd.Index(criteria)
    cost = np.zeros(len(criteria), dtype=bool)
    for criterion, value in (directions or {}).items():
        if criterion not in criteria:
            raise ScoresError(f"direction given for unknown criterion '{criterion}'")
        cost[criteria.get_loc(criterion)] = _as_direction(value, criterion) is Direction.COST
    return cost


def check_categories(categories: Mapping[str, str], criteria: pd.Index) -> list[Hashable]:
    """The category of each criterion, in the order of ``criteria``.

    Raises:
        VendorsError: a criterion without a category, or a category for an unknown criterion.
    """
    criteria = pd.Index(criteria)
    unknown = [c for c in categories if c not in criteria]
    if unknown:
        raise VendorsError(f"category given for unknown criterion '{unknown[0]}'")
    absent = [c for c in criteria if c not in categories]
    if absent:
        raise VendorsError(f"criterion '{absent[0]}' has no category")
    return [categories[c] for c in criteria]


def _prepare(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
             directions: Mapping[str, Direction] | None, missing: Missing
             ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Checked scores (NaN kept), the cost mask and the normalized weights as an array."""
    frame = check_scores(scores, missing)
    w = check_weights(weights, frame.columns).to_numpy()
    return frame, check_directions(directions, frame.columns), w


def _oriented(values: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Scores turned so that more is better (cost: SCORE_MAX - s), unscored cells 0."""
    oriented = np.where(cost, SCORE_MAX - values, values)
    return np.nan_to_num(oriented, nan=0.0) + 0.0   # + 0.0 turns any -0.0 into 0.0


def benefit_scores(scores: pd.DataFrame, directions: Mapping[str, Direction] | None = None,
                   missing: Missing = "error") -> pd.DataFrame:
    """The scores as the weighted sum counts them: cost criteria as ``SCORE_MAX - s``, and
    unscored cells (with ``missing="zero"``) as 0.

    Raises:
        ScoresError: see :func:`check_scores` and :func:`check_directions`.
    """
    frame = check_scores(scores, missing)
    cost = check_directions(directions, frame.columns)
    return pd.DataFrame(_oriented(frame.to_numpy(), cost), index=frame.index,
                        columns=frame.columns)


def _ranked(values: np.ndarray, vendors: pd.Index, column: str) -> pd.DataFrame:
    """``column`` and ``rank`` (1 = best, ties share the best rank), sorted by rank, vendor."""
    frame = pd.DataFrame({column: values}, index=pd.Index(vendors, name="vendor"))
    frame["rank"] = (pd.Series(np.round(values, RANK_DECIMALS), index=frame.index)
                     .rank(method="min", ascending=False).astype(int))
    order = np.lexsort((np.array([str(v) for v in vendors]), frame["rank"].to_numpy()))
    return frame.iloc[order]


def rank_vendors(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
                 directions: Mapping[str, Direction] | None = None,
                 missing: Missing = "error") -> pd.DataFrame:
    """Weighted ranking: the score is the weighted mean on the 0-5 scale.

    ``score = sum(w * s)`` with the weights normalized to 1 and cost criteria counted as
    ``SCORE_MAX - s``. Returns a frame indexed by vendor with ``score`` and ``rank`` (1 =
    best; totals equal to 9 decimals share the best rank), sorted by rank then vendor name.

    Raises:
        ScoresError: see :func:`check_scores` and :func:`check_directions`.
        WeightsError: see :func:`check_weights`.
    """
    frame, cost, w = _prepare(scores, weights, directions, missing)
    totals = weighted_totals(_oriented(frame.to_numpy(), cost), w)
    return _ranked(totals, frame.index, "score")


def contributions(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
                  categories: Mapping[str, str],
                  directions: Mapping[str, Direction] | None = None,
                  missing: Missing = "error") -> pd.DataFrame:
    """What each category adds to each vendor's score: vendor x category of ``sum(w * s)``.

    Rows (in the order of ``scores``) sum to the vendor's :func:`rank_vendors` score;
    categories appear in the order their first criterion does.

    Raises:
        ScoresError, WeightsError: as :func:`rank_vendors`.
        VendorsError: ``categories`` does not map every criterion, or maps unknown ones.
    """
    frame, cost, w = _prepare(scores, weights, directions, missing)
    per_criterion = check_categories(categories, frame.columns)
    names = list(dict.fromkeys(per_criterion))
    membership = np.array([[c == name for name in names] for c in per_criterion], dtype=float)
    weighted = _oriented(frame.to_numpy(), cost) * w
    return pd.DataFrame(weighted @ membership, index=pd.Index(frame.index, name="vendor"),
                        columns=pd.Index(names, name="category"))


def knockouts(scores: pd.DataFrame, minimums: Mapping[str, float]) -> pd.DataFrame:
    """The must-have criteria each vendor fails: one row per vendor and criterion scored
    below its minimum (an unscored cell fails), with columns vendor, criterion, score and
    minimum, in the order of ``scores``. Minimums apply to the score as entered.

    Raises:
        ScoresError: invalid scores (see :func:`check_scores`; missing cells are allowed), a
            minimum for an unknown criterion, or a minimum outside 0 to 5.
    """
    frame = check_scores(scores, missing="zero")
    limits = np.full(frame.shape[1], np.nan)
    for criterion, minimum in minimums.items():
        if criterion not in frame.columns:
            raise ScoresError(f"minimum given for unknown criterion '{criterion}'")
        if (isinstance(minimum, bool) or not isinstance(minimum, (int, float, np.number))
                or not SCORE_MIN <= minimum <= SCORE_MAX):
            raise ScoresError(f"minimum for '{criterion}' must be a score from {SCORE_MIN} to "
                              f"{SCORE_MAX}, not {_fmt(minimum)}")
        limits[frame.columns.get_loc(criterion)] = float(minimum)
    values = frame.to_numpy()
    with np.errstate(invalid="ignore"):
        failing = ~np.isnan(limits) & (np.isnan(values) | (values < limits))
    rows, cols = np.nonzero(failing)
    return pd.DataFrame({"vendor": pd.Series(frame.index[rows], dtype=object),
                         "criterion": pd.Series(frame.columns[cols], dtype=object),
                         "score": values[rows, cols], "minimum": limits[cols]})


def topsis(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
           directions: Mapping[str, Direction] | None = None,
           missing: Missing = "error") -> pd.DataFrame:
    """TOPSIS ranking: ``closeness`` (0..1) to the ideal vendor, and ``rank``, sorted.

    See :func:`topsis_closeness`. With ``missing="zero"`` an unscored cell counts as the
    worst score (0 on a benefit criterion, 5 on a cost criterion).

    Raises:
        ScoresError, WeightsError: as :func:`rank_vendors`.
    """
    frame, cost, w = _prepare(scores, weights, directions, missing)
    values = frame.to_numpy()
    values = np.where(np.isnan(values), np.where(cost, SCORE_MAX, SCORE_MIN), values)
    return _ranked(topsis_closeness(values, w, ~cost), frame.index, "closeness")


def aggregate_scorers(long: pd.DataFrame, spread_flag: float = 1.5) -> pd.DataFrame:
    """Combine several scorers: one row per vendor and criterion with the ``mean``, the
    ``spread`` (population standard deviation), the number of ``scorers`` and ``flagged``
    (spread >= ``spread_flag`` among two scorers or more: worth discussing).

    ``long`` has columns scorer, vendor, criterion and score; empty scores are skipped.
    Rows come in the order vendors and criteria first appear.

    Raises:
        ScoresError: a column is missing, a score is not a number or lies outside 0 to 5,
            or a scorer scored the same vendor and criterion twice.
        VendorsError: ``spread_flag`` is not a positive number.
    """
    if (isinstance(spread_flag, bool) or not isinstance(spread_flag, (int, float, np.number))
            or not math.isfinite(spread_flag) or spread_flag <= 0):
        raise VendorsError(f"spread_flag must be a positive number, not {spread_flag!r}")
    if not isinstance(long, pd.DataFrame):
        raise ScoresError(f"scores must be a table, not {type(long).__name__}")
    absent = [c for c in SCORER_FIELDS if c not in long.columns]
    if absent:
        raise ScoresError(f"scores lack the column(s) {', '.join(absent)}")
    frame = long.loc[:, list(SCORER_FIELDS)].reset_index(drop=True)
    raw = frame["score"]
    frame["score"] = pd.to_numeric(raw, errors="coerce").astype(float)

    def where(row: int) -> str:
        return (f"score by {frame.at[row, 'scorer']} for {frame.at[row, 'vendor']} on "
                f"'{frame.at[row, 'criterion']}'")

    is_bool = raw.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(bool)
    not_number = (frame["score"].isna() & raw.notna()).to_numpy() | is_bool
    if not_number.any():
        row = int(np.argmax(not_number))
        raise ScoresError(f"{where(row)} is not a number: {raw[row]!r}")
    outside = (frame["score"].notna() & ~frame["score"].between(SCORE_MIN, SCORE_MAX)).to_numpy()
    if outside.any():
        row = int(np.argmax(outside))
        raise ScoresError(f"{where(row)} is {_fmt(frame.at[row, 'score'])}, outside "
                          f"{SCORE_MIN} to {SCORE_MAX}")
    frame = frame.dropna(subset=["score"])
    twice = frame.duplicated(["scorer", "vendor", "criterion"])
    if twice.any():
        row = frame[twice].iloc[0]
        raise ScoresError(f"{row['scorer']} scored {row['vendor']} on '{row['criterion']}' "
                          "twice")
    grouped = frame.groupby(["vendor", "criterion"], sort=False)["score"]
    result = pd.DataFrame({"mean": grouped.mean(), "spread": grouped.std(ddof=0),
                           "scorers": grouped.count()}).reset_index()
    result["spread"] = result["spread"].astype(float)
    result["scorers"] = result["scorers"].astype(int)
    result["flagged"] = (result["scorers"] >= 2) & (result["spread"] >= spread_flag)
    return result[["vendor", "criterion", "mean", "spread", "scorers", "flagged"]]


def to_matrix(aggregated: pd.DataFrame) -> pd.DataFrame:
    """The vendor x criterion table of mean scores from :func:`aggregate_scorers` (NaN where
    nobody scored), vendors and criteria in the order they first appear.

    Raises:
        ScoresError: a column vendor, criterion or mean is missing.
    """
    absent = [c for c in ("vendor", "criterion", "mean") if c not in aggregated.columns]
    if absent:
        raise ScoresError(f"aggregated scores lack the column(s) {', '.join(absent)}")
    table = aggregated.pivot(index="vendor", columns="criterion", values="mean")
    return table.reindex(index=pd.unique(aggregated["vendor"]),
                         columns=pd.unique(aggregated["criterion"]))
