"""Criterion weights: direct entry, 100-point allocation, AHP pairwise comparison, hierarchy.

Every function returns weights that sum to 1. AHP follows Saaty: the priorities are the
principal right eigenvector of the pairwise comparison matrix (or, on request, its row
geometric means), the consistency index is ``CI = (lambda_max - n) / (n - 1)`` and the
consistency ratio ``CR = CI / RI(n)`` with Saaty's random index; a CR of 0.10 or less is
acceptable (:func:`is_consistent`). Judgments of several people combine by element-wise geometric mean.

Matrix positions in messages are 1-based ("not reciprocal at (2, 3)"), as a person reads a
matrix; the ``(i, j)`` keys of judgments and :class:`Judgment` are 0-based, as code indexes.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from vendors.errors import AHPError, WeightsError

#: Saaty's random index RI(n) for n = 1..15, the mean CI of random reciprocal matrices, as
#: tabulated in T. L. Saaty, The Analytic Hierarchy Process (McGraw-Hill, 1980). With it the
#: house example of Saaty (1990), EJOR 48:9-26, gets its published CR 0.169 (RI(8) = 1.41;
#: tests/vendors/test_weighting.py). Later tables (Alonso & Lamata 2006) differ slightly.
SAATY_RANDOM_INDEX: Mapping[int, float] = MappingProxyType(dict(enumerate(
    (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
    start=1)))
#: Saaty's fundamental scale and its reciprocals, ordered: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)]
                                       + [float(k) for k in range(1, 10)])
#: Judgments with a consistency ratio of this or less are acceptable (Saaty 1980: "a CR of
#: 0.10 or less"); above it they contradict each other too much to trust. The ratio is
#: compared as shown, to CR_DECIMALS places, so a CR shown as 0.100 is never flagged.
CONSISTENCY_THRESHOLD = 0.10
CR_DECIMALS = 3
#: The most items AHP compares: the consistency ratio needs RI(n), tabulated up to here.
MAX_ITEMS = max(SAATY_RANDOM_INDEX)
# Matrices are typed in or built from judgments; allow for values rounded in storage.
_TOLERANCE = 1e-6
_LOW, _HIGH = (1 / 9) * (1 - _TOLERANCE), 9 * (1 + _TOLERANCE)
_LOG_SCALE = np.log(np.array(SAATY_SCALE))

Method = Literal["eigenvector", "geometric"]


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priorities derived from a pairwise comparison matrix.

    Attributes:
        weights: the priorities (read-only array, sums to 1), in the matrix's order.
        lambda_max: the principal eigenvalue. For the geometric method it is estimated as
            ``mean((A @ w) / w)`` so that its consistency ratio compares with the eigenvector's.
        consistency_index: ``(lambda_max - n) / (n - 1)``, 0 for n = 1.
        consistency_ratio: ``CI / RI(n)``; 0 for n <= 2, where every reciprocal matrix is
            consistent.
        method: "eigenvector" or "geometric".
    """
    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    method: str

    @property
    def acceptable(self) -> bool:
        """True when the consistency ratio is 0.10 or less (see :func:`is_consistent`)."""
        return is_consistent(self.consistency_ratio)


def is_consistent(consistency_ratio: float) -> bool:
    """Whether judgments with this consistency ratio are acceptable: CR <= 0.10 once rounded
    to the 3 places every page and export shows (Saaty's threshold). The one test of it."""
    return round(float(consistency_ratio), CR_DECIMALS) <= CONSISTENCY_THRESHOLD


@dataclass(frozen=True)
class Judgment:
    """A judgment worth revisiting: changing ``(i, j)`` (0-based) to ``suggested`` would
    bring the consistency ratio down to ``consistency_ratio_after``."""
    i: int
    j: int
    current: float
    suggested: float
    consistency_ratio_after: float


def _fmt(value: float) -> str:
    return f"{value:g}"


def _outside_scale(value: float) -> bool:
    return value < _LOW or value > _HIGH


def check_matrix(matrix: Any) -> np.ndarray:
    """Check a pairwise comparison matrix; returns it as a float array.

    The matrix must be square with at most 15 rows, finite, strictly positive, with 1 on the
    diagonal, values within Saaty's scale 1/9..9 and reciprocal (``a_ji = 1 / a_ij``, within
    1e-6). Positions in messages are 1-based.

    Raises:
        AHPError: the first rule broken, naming the position and the values.
    """
    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as error:
        raise AHPError(f"the matrix must be a square table of numbers ({error})") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        shape = " x ".join(str(s) for s in a.shape) or "a single value"
        raise AHPError(f"the matrix must be square, not {shape}")
    n = a.shape[0]
    if n == 0:
        raise AHPError("the matrix is empty")
    if n > MAX_ITEMS:
        raise AHPError(f"AHP compares at most {MAX_ITEMS} items (Saaty's random index stops "
                       f"there), not {n}")

    # The usual case, a valid matrix, is settled by four whole-array tests (NaN fails every
    # comparison, infinity the upper bound); only a broken matrix pays for finding, and
    # naming, the first broken position below.
    if ((a >= _LOW).all() and (a <= _HIGH).all()
            and (np.abs(a.diagonal() - 1) <= _TOLERANCE).all()
            and (np.abs(a * a.T - 1) <= _TOLERANCE).all()):
        return a

    def first(mask: np.ndarray) -> tuple[int, int] | None:
        found = np.argwhere(mask)
        return (int(found[0][0]), int(found[0][1])) if len(found) else None

    if (at := first(~np.isfinite(a))) is not None:
        raise AHPError(f"the matrix has no valid number at {_pos(at)}: {_fmt(a[at])}")
    if (at := first(a <= 0)) is not None:
        raise AHPError(f"the matrix must be positive, found {_fmt(a[at])} at {_pos(at)}")
    if (at := first(np.eye(n, dtype=bool) & (np.abs(a - 1) > _TOLERANCE))) is not None:
        raise AHPError(f"the diagonal must be 1, found {_fmt(a[at])} at {_pos(at)}")
    if (at := first((a < _LOW) | (a > _HIGH))) is not None:
        raise AHPError(f"the value at {_pos(at)} is {_fmt(a[at])}, outside Saaty's scale "
                       "1/9 to 9")
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    if (at := first(upper & (np.abs(a * a.T - 1) > _TOLERANCE))) is not None:
        i, j = at
        raise AHPError(f"the matrix is not reciprocal at {_pos(at)}: {_fmt(a[i, j])} and "
                       f"{_fmt(a[j, i])}")
    return a


def _pos(at: tuple[int, int]) -> str:
    return f"({at[0] + 1}, {at[1] + 1})"


def _consistency(lambda_max: float, n: int) -> tuple[float, float]:
    """CI and CR for a principal eigenvalue; rounding noise below n counts as consistent."""
    if n <= 1:
        return 0.0, 0.0
    ci = max(0.0, (lambda_max - n) / (n - 1))
    return ci, (ci / SAATY_RANDOM_INDEX[n] if n >= 3 else 0.0)


def _priorities(a: np.ndarray, method: str) -> tuple[np.ndarray, float]:
    """Weights and lambda_max of a checked matrix (the kernel, no validation)."""
    n = a.shape[0]
    if n == 1:
        return np.ones(1), 1.0
    if method == "eigenvector":
        values, vectors = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        # The Perron vector has components of one sign; dividing by the sum fixes the sign.
        w = vectors[:, k].real
        return w / w.sum(), float(values[k].real)
    w = np.exp(np.log(a).mean(axis=1))
    w = w / w.sum()
    return w, float(np.mean((a @ w) / w))


def ahp_weights(matrix: Any, method: Method = "eigenvector") -> AHPResult:
    """Priorities and consistency of a pairwise comparison matrix.

    ``matrix[i][j]`` says how many times item i is as important as item j (Saaty's 1-9
    scale). ``method="eigenvector"`` (Saaty) takes the principal right eigenvector;
    ``method="geometric"`` takes the normalized row geometric means (Crawford & Williams),
    and estimates lambda_max as ``mean((A @ w) / w)`` so its consistency ratio is comparable.
    A 1 x 1 matrix gives the weight [1.0] with CR 0.

    Raises:
        AHPError: the matrix breaks a rule of :func:`check_matrix`, or the method is unknown.
    """
    if method not in ("eigenvector", "geometric"):
        raise AHPError(f"method must be 'eigenvector' or 'geometric', not {method!r}")
    a = check_matrix(matrix)
    w, lambda_max = _priorities(a, method)
    ci, cr = _consistency(lambda_max, a.shape[0])
    w.setflags(write=False)
    return AHPResult(w, lambda_max, ci, cr, method)


def _check_judgment(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise AHPError(f"{where} must be a number, not {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise AHPError(f"{where} must be a positive number, not {_fmt(value)}")
    if _outside_scale(value):
        raise AHPError(f"{where} is {_fmt(value)}, outside Saaty's scale 1/9 to 9")
    return value


def ahp_refusal(n: int, what: str = "This level") -> str | None:
    """Why AHP cannot weigh ``n`` items (None when it can), naming what to use instead."""
    if n <= MAX_ITEMS:
        return None
    return (f"AHP pairwise comparison takes at most {MAX_ITEMS} items: its consistency ratio "
            f"needs Saaty's random index, which is published only up to {MAX_ITEMS}, and "
            f"{n * (n - 1) // 2} comparisons would be too many to make well. {what} has {n} "
            "items: use the 100-point allocation or direct entry instead, or split it into "
            "smaller categories.")


def matrix_from_judgments(n: int, judgments: Mapping[tuple[int, int], float]) -> np.ndarray:
    """The n x n reciprocal matrix of pairwise judgments.

    ``judgments[(i, j)]`` with ``0 <= i < j < n`` means "item i is that many times as
    important as item j" (below 1: j is the more important). Reciprocals are filled in;
    pairs not judged count as equal (1).

    Raises:
        AHPError: n is not a whole number from 1 to 15, a pair is not ``i < j`` within range,
            or a value is not a positive number within 1/9..9 (the message names the pair).
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_ITEMS:
        raise AHPError(f"the number of items must be a whole number from 1 to {MAX_ITEMS}, "
                       f"not {n!r}")
    a = np.ones((n, n))
    for pair, value in judgments.items():
        if (not isinstance(pair, tuple) or len(pair) != 2
                or not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool)
                           for k in pair)):
            raise AHPError(f"judgment {pair!r} must be keyed by a pair of item positions (i, j)")
        i, j = int(pair[0]), int(pair[1])
        if not 0 <= i < j < n:
            raise AHPError(f"judgment ({i}, {j}) must compare items i < j, both below {n}")
        value = _check_judgment(value, f"the judgment for pair ({i}, {j})")
        a[i, j], a[j, i] = value, 1 / value
    return a


def _snap(value: float) -> float:
    """The Saaty scale value nearest to ``value`` on a log scale (so 1/x snaps to 1/snap(x))."""
    return SAATY_SCALE[int(np.argmin(np.abs(_LOG_SCALE - math.log(value))))]


def inconsistent_judgments(matrix: Any, top: int = 3) -> list[Judgment]:
    """The judgments whose revision would most improve consistency, best first.

    For each pair i < j, the ratio ``w_i / w_j`` implied by the current (eigenvector) weights
    is snapped to the nearest value of Saaty's scale; the matrix is re-evaluated with that one
    judgment (and its reciprocal) changed. Pairs whose suggestion equals the current value,
    or that would not lower the consistency ratio, are left out.

    Raises:
        AHPError: the matrix breaks a rule of :func:`check_matrix`, or ``top`` is below 1.
    """
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise AHPError(f"top must be a whole number of at least 1, not {top!r}")
    a = check_matrix(matrix)
    n = a.shape[0]
    w, lambda_max = _priorities(a, "eigenvector")
    cr_now = _consistency(lambda_max, n)[1]
    found = []
    for i in range(n):
        for j in range(i + 1, n):
            suggested = _snap(w[i] / w[j])
            if math.isclose(suggested, a[i, j], rel_tol=_TOLERANCE):
                continue
            changed = a.copy()
            changed[i, j], changed[j, i] = suggested, 1 / suggested
            cr_after = _consistency(_priorities(changed, "eigenvector")[1], n)[1]
            if cr_after < cr_now:
                found.append(Judgment(i, j, float(a[i, j]), suggested, cr_after))
    found.sort(key=lambda judgment: (judgment.consistency_ratio_after, judgment.i, judgment.j))
    return found[:top]


def group_judgments(matrices: Sequence[Any]) -> np.ndarray:
    """Combine several people's matrices by element-wise geometric mean (Aczél & Saaty).

    The result is reciprocal by construction: the lower triangle is set to the reciprocals
    of the upper one.

    Raises:
        AHPError: no matrices, matrices of different sizes, or a matrix that breaks a rule of
            :func:`check_matrix` (the message says which matrix, counting from 1).
    """
    if len(matrices) == 0:
        raise AHPError("there are no matrices to combine")
    checked = []
    for number, matrix in enumerate(matrices, start=1):
        try:
            a = check_matrix(matrix)
        except AHPError as error:
            raise AHPError(f"matrix {number}: {error}") from None
        if checked and a.shape != checked[0].shape:
            raise AHPError(f"matrix {number} is {a.shape[0]} x {a.shape[0]}, but matrix 1 is "
                           f"{checked[0].shape[0]} x {checked[0].shape[0]}")
        checked.append(a)
    mean = np.exp(np.log(np.stack(checked)).mean(axis=0))
    upper = np.triu(mean, k=1)
    result = upper + np.eye(len(mean))
    lower = np.tril_indices(len(mean), k=-1)
    result[lower] = 1 / upper.T[lower]
    return result


def _number(value: Any, what: str) -> float:
    """A weight or point value as a float; ``what`` names it in the message."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise WeightsError(f"{what} is missing")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise WeightsError(f"{what} is not a number: {value!r}")
    value = float(value)
    if math.isnan(value):
        raise WeightsError(f"{what} is missing")
    if not math.isfinite(value):
        raise WeightsError(f"{what} is not a finite number ({_fmt(value)})")
    if value < 0:
        raise WeightsError(f"{what} is negative ({_fmt(value)})")
    return value


def _series(values: Mapping[str, Any] | pd.Series, noun: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values), dtype=object)
    else:
        raise WeightsError(f"{noun} must be given per criterion (a mapping or a Series), "
                           f"not {type(values).__name__}")
    if series.empty:
        raise WeightsError(f"there are no {noun}")
    duplicated = series.index[series.index.duplicated()]
    if len(duplicated):
        raise WeightsError(f"'{duplicated[0]}' has two {noun}")
    return series


def _clean_weights(values: Mapping[str, Any] | pd.Series, allow_all_zero: bool = False
                   ) -> pd.Series:
    series = _series(values, "weights")
    numbers = (series.to_numpy(dtype=float, na_value=np.nan)
               if is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype) else None)
    if numbers is None or not (np.isfinite(numbers) & (numbers >= 0)).all():
        # Slow path only to find and name the offending weight.
        numbers = np.array([_number(v, f"weight of '{label}'") for label, v in series.items()],
                           dtype=float)
    clean = pd.Series(numbers, index=series.index, dtype=float, name="weight")
    total = clean.sum()
    if total == 0:
        if allow_all_zero:
            return clean
        raise WeightsError("weights are all zero")
    return clean / total


def direct_weights(values: Mapping[str, float] | pd.Series) -> pd.Series:
    """Weights entered directly, in any unit, normalized to sum to 1 (order kept).

    Raises:
        WeightsError: no weights, a label given twice, or a weight that is missing, not a
            number, not finite or negative ("weight of 'Security' is negative (-2)"), or all
            weights zero.
    """
    return _clean_weights(values)


def points_weights(points: Mapping[str, int] | pd.Series, total: int = 100) -> pd.Series:
    """Weights from a points allocation: whole points >= 0 adding up to at most ``total``.

    Unallocated points are ignored: the weights are the points over their sum.

    Raises:
        WeightsError: points that are missing, not whole numbers or negative, points adding
            up to more than ``total`` (the message says by how much), or all zero.
    """
    if isinstance(total, bool) or not isinstance(total, (int, np.integer)) or total < 1:
        raise WeightsError(f"the total of points must be a whole number of at least 1, "
                           f"not {total!r}")
    series = _series(points, "points")
    clean = []
    for label, value in series.items():
        number = _number(value, f"points for '{label}'")
        if not number.is_integer():
            raise WeightsError(f"points for '{label}' must be a whole number, not {_fmt(number)}")
        clean.append(number)
    result = pd.Series(clean, index=series.index, dtype=float, name="weight")
    allocated = int(result.sum())
    if allocated > total:
        raise WeightsError(f"the points add up to {allocated}, over the {total} available "
                           f"by {allocated - total}")
    if allocated == 0:
        raise WeightsError("points are all zero")
    return result / allocated


def global_weights(category_weights: Mapping[str, float] | pd.Series,
                   criterion_weights: Mapping[str, Mapping[str, float] | pd.Series]
                   ) -> pd.Series:
    """Global weight of each criterion: its category's weight x its weight in the category.

    Both levels are normalized first, so the result sums to 1; it is indexed by criterion,
    in category order then criterion order. A category weighted zero may leave its criteria
    all at zero.

    Raises:
        WeightsError: invalid weights at either level (the message names the category), a
            category without criterion weights, criterion weights for an unknown category, or
            a criterion in two categories.
    """
    categories = direct_weights(category_weights)
    unknown = [c for c in criterion_weights if c not in categories.index]
    if unknown:
        raise WeightsError(f"criterion weights are given for unknown category '{unknown[0]}'")
    parts = []
    owner: dict[Any, Any] = {}
    for category, category_weight in categories.items():
        if category not in criterion_weights:
            raise WeightsError(f"category '{category}' has no criterion weights")
        try:
            within = _clean_weights(criterion_weights[category],
                                    allow_all_zero=category_weight == 0)
        except WeightsError as error:
            raise WeightsError(f"in category '{category}': {error}") from None
        for criterion in within.index:
            if criterion in owner:
                raise WeightsError(f"criterion '{criterion}' is in both '{owner[criterion]}' "
                                   f"and '{category}'")
            owner[criterion] = category
        parts.append(within * category_weight)
    result = pd.concat(parts)
    result.name = "weight"
    return result
