"""How robust the ranking is to the weights.

:func:`rank_acceptability` draws weights at random around the chosen ones (Monte-Carlo rank
acceptability, as in SMAA) and counts how often each vendor holds each rank.
:func:`rank_reversal_thresholds` moves one category's weight at a time and solves, in
closed form, how far it can move before the winner changes.

Both rank by the weighted sum of :func:`vendors.scoring.rank_vendors` (cost criteria as
``SCORE_MAX - s``) and check their input the same way.
"""
from __future__ import annotations

import math
import os
import threading
from collections.abc import Hashable, Mapping
from concurrent.futures import ThreadPoolExecutor
import numpy as np
import pandas as pd

from vendors.errors import VendorsError, WeightsError
from vendors.scoring import (Direction, Missing, _oriented, _prepare, _ranked,
                             check_categories, weighted_totals)

# The draws are split into this many blocks, each with its own random stream spawned from
# the seed. The split never depends on the machine, so a seed gives the same result however
# many cores there are; the blocks are sampled in threads (numpy releases the GIL while it
# samples).
_BLOCKS = 4
# Below this many gamma variates threads cost more than they save.
_THREADED_FROM = 50_000
# Up to this many multiply-adds per draw (rows x criteria) the totals are summed by einsum
# inside the sampling threads; above it BLAS is much faster, and runs after the sampling.
_SUMMED_IN_THREADS = 4_096
# A lead that changes by less than this as a category's weight moves counts as constant.
_SLOPE_TOLERANCE = 1e-12


def _workers() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(_BLOCKS, available))


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """One pool of sampling threads for the process: starting threads costs more than a
    small simulation."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(_workers(), thread_name_prefix="rank-acceptability")
        return _POOL


def _position_mass(totals: np.ndarray, sizes: np.ndarray, vendors: int,
                   groups: np.ndarray | None = None) -> np.ndarray:
    """How often each distinct score row holds each position, per vendor of the row.

    ``totals`` is draws x rows of non-negative totals (a row stands for ``sizes[row]``
    identical vendors). In each draw the rows are ordered by total, highest first. Rows with
    equal totals are ordered by row number, highest first, unless ``groups`` (one number per
    row) says they belong together: then they tie, and as in the ranking, tied vendors share
    the best position of their run (two vendors tied for first both hold rank 1, and rank 2
    is nobody's in that draw). Without ``groups``, equal totals always tie. Returns rows x
    positions, summed over draws.
    """
    draws, rows = totals.shape
    # Sort values, not indices: for non-negative floats the int64 bit patterns sort in the
    # same order, so the row number packed into the lowest bits rides along with one plain
    # (fast) sort and no argsort. The bits it takes make totals that agree to within
    # 2**(bits - 52) relative (under 1e-13 up to 256 rows) count as equal: closer than the
    # float rounding of the totals themselves.
    bits = max(1, (rows - 1).bit_length())
    low = (1 << bits) - 1
    # Full-size lane numbers: numpy is slow to broadcast a short last axis over many rows.
    lane = np.tile(np.arange(rows, dtype=np.int64), (draws, 1))
    packed = totals.view(np.int64) >> bits
    packed <<= bits
    packed |= lane
    packed.sort(axis=1)   # lowest total first
    # Neighbours have equal totals when their bits above the row number agree.
    if rows == vendors > 1 and np.bitwise_xor(packed[:, 1:], packed[:, :-1]).min() > low:
        # The common case, no ties: lane k of a sorted draw is position vendors - 1 - k.
        keys = packed   # reused in place, as the arrays are large
        keys &= low
        keys *= vendors
        keys += vendors - 1
        keys -= lane
        return np.bincount(keys.ravel(), minlength=vendors * vendors).reshape(
            vendors, vendors).astype(float)
    order = packed & low
    packed >>= bits
    tied = packed[:, 1:] == packed[:, :-1]
    if groups is not None:
        tied &= groups[order[:, 1:]] == groups[order[:, :-1]]
    order, tied = order[:, ::-1], tied[:, ::-1]   # highest total first
    counts = sizes[order]
    end = np.cumsum(counts, axis=1)
    start = end - counts
    opens = np.ones(order.shape, dtype=bool)
    opens[:, 1:] = ~tied
    run_start = np.maximum.accumulate(np.where(opens, start, 0), axis=1)
    first = (order * vendors + run_start).ravel()
    return np.bincount(first, minlength=rows * vendors).reshape(rows, vendors).astype(float)


def _sample_block(rng: np.random.Generator, alpha: np.ndarray, rows: np.ndarray,
                  out: np.ndarray, multiply: bool) -> np.ndarray | None:
    """Gamma variates for one block of draws (criteria x draws); with ``multiply``, each
    row's total per draw is written into ``out`` (draws x rows) instead."""
    # Dirichlet draws are gamma variates over their sum; a rank does not change when a
    # draw's weights are divided by the same positive sum, so the sum is never taken.
    # Single precision samples about a third faster, and a weight known to 7 digits is
    # plenty for a Monte-Carlo share; the totals are still summed in double precision.
    sampled = np.empty((alpha.size, len(out)), dtype=np.float32)
    for k, shape in enumerate(alpha):   # a scalar shape samples faster than a broadcast one
        rng.standard_gamma(shape, size=len(out), out=sampled[k], dtype=np.float32)
    gammas = sampled.astype(np.float64)
    if multiply:
        # einsum, not matmul: a multi-threaded BLAS starts threads of its own that keep
        # spinning for a while on the cores the blocks run on. (einsum with ``out=`` takes
        # a slower loop; copying its result is cheaper.)
        out[...] = np.einsum("kd,rk->dr", gammas, rows)
        return None
    return gammas


def rank_acceptability(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
                       draws: int = 10_000, seed: int = 0, concentration: float = 100.0,
                       directions: Mapping[str, Direction] | None = None,
                       missing: Missing = "error") -> pd.DataFrame:
    """The probability of each vendor holding each rank when the weights vary.

    Weights are drawn from a Dirichlet distribution centred on the chosen (normalized)
    weights ``w``, with ``alpha = concentration * w``: the larger the concentration, the
    closer the draws stay to ``w``. Criteria weighted zero stay at zero. Vendors with equal
    totals in a draw (to about 13 significant digits) tie, and as in the ranking ties share
    the best rank: two identical vendors both rank first in every draw they lead. Returns
    vendor x rank (columns 1..n); each row sums to 1, and each column too unless vendors
    tie. The same seed gives the same result, however many threads the machine offers.

    Raises:
        ScoresError: see :func:`vendors.scoring.check_scores` and ``check_directions``.
        WeightsError: see :func:`vendors.scoring.check_weights`; also a concentration that
            is not a positive number.
        VendorsError: ``draws`` is not a whole number of at least 1, or ``seed`` is not a
            whole number.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise VendorsError(f"draws must be a whole number of at least 1, not {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise VendorsError(f"seed must be a whole number of at least 0, not {seed!r}")
    if (isinstance(concentration, bool)
            or not isinstance(concentration, (int, float, np.number))
            or not math.isfinite(concentration) or concentration <= 0):
        raise WeightsError(f"concentration must be a positive number, not {concentration!r}")
    frame, cost, w = _prepare(scores, weights, directions, missing)
    vendors = frame.shape[0]
    values = _oriented(frame.to_numpy(), cost)[:, w > 0]
    alpha = concentration * w[w > 0]
    # Only differences between vendors matter: shifting a column by a constant adds the same
    # amount to every total. So a column equal for all vendors never changes a rank (drop
    # it), and columns equal up to a constant share their draws (a sum of independent gamma
    # variates is a gamma variate with the summed shape). Exact, and fewer variates.
    values = values - values.min(axis=0)
    columns, column_of = np.unique(values, axis=1, return_inverse=True)
    alpha = np.bincount(column_of.reshape(-1), weights=alpha)
    varying = columns.any(axis=0)
    columns, alpha = columns[:, varying], alpha[varying]
    if alpha.size == 0:   # every vendor scores the same on every weighted criterion: all tie
        probabilities = np.zeros((vendors, vendors))
        probabilities[:, 0] = 1.0
    else:
        # Identical vendors are sampled once, so they tie exactly in every draw.
        rows, row_of, sizes = np.unique(columns, axis=0, return_inverse=True,
                                        return_counts=True)
        # A draw's totals can agree to the last digit although its weights are all positive:
        # a tiny weight underflows (a gamma variate of a small shape is often below the
        # smallest float) or is lost when added to the others. The criteria that decide such
        # a tie carry the weights too small to count, so the tie goes to the vendor ahead at
        # the chosen weights; only vendors level there too share the positions. This keeps a
        # dominated vendor (equal everywhere, worse on one weighted criterion) out of every
        # place its dominator can take. Rows are numbered by their total at the chosen weights.
        centre = rows @ alpha
        by_centre = np.argsort(centre, kind="stable")
        rows, sizes, centre = rows[by_centre], sizes[by_centre], centre[by_centre]
        row_of = np.argsort(by_centre)[row_of.reshape(-1)]
        groups = np.concatenate([[0], np.cumsum(~np.isclose(centre[1:], centre[:-1],
                                                             rtol=1e-12, atol=0))])
        totals = np.empty((draws, len(rows)))
        blocks = np.array_split(totals, min(_BLOCKS, draws))   # views, filled in place
        # Small products are summed in the sampling threads; large ones afterwards by BLAS.
        in_threads = rows.size <= _SUMMED_IN_THREADS
        jobs = [(rng, alpha, rows, block, in_threads)
                for rng, block in zip(np.random.default_rng(seed).spawn(len(blocks)), blocks)]
        if draws * alpha.size >= _THREADED_FROM and _workers() > 1:
            sampled = list(_pool().map(lambda job: _sample_block(*job), jobs))
        else:
            sampled = [_sample_block(*job) for job in jobs]
        if not in_threads:
            for gammas, block in zip(sampled, blocks):
                np.matmul(gammas.T, rows.T, out=block)
        totals += 0.0   # no -0.0, whose bit pattern would sort below every positive total
        mass = _position_mass(totals, sizes, vendors, groups)
        probabilities = mass[row_of.reshape(-1)] / draws
    return pd.DataFrame(probabilities, index=pd.Index(frame.index, name="vendor"),
                        columns=pd.RangeIndex(1, vendors + 1, name="rank"))


def _shares(w: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The weights inside ``mask`` rescaled to sum to 1 (equal shares if they are all zero)."""
    part = np.where(mask, w, 0.0)
    total = part.sum()
    return part / total if total > 0 else mask / mask.sum()


def rank_reversal_thresholds(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float],
                             categories: Mapping[str, str],
                             directions: Mapping[str, Direction] | None = None,
                             missing: Missing = "error") -> pd.DataFrame:
    """How far each category's weight can move before the winner changes.

    Category c's total weight is set to t (0..1); its criteria keep their shares of it and
    the other categories are rescaled proportionally to fill ``1 - t``. Every vendor's total
    is then linear in t, ``t * A + (1 - t) * B``, so the t at which another vendor draws
    level with the winner is solved directly. Returns a frame indexed by category with
    ``current`` (its weight now), ``low`` and ``high`` (the range of t over which the winner
    stays first, ties included), ``winner``, and ``challenger_low`` / ``challenger_high``
    (who takes first place just outside the range; None where the winner holds to 0 or 1).
    A category weighted zero shares a moved weight equally among its criteria.

    Raises:
        ScoresError, WeightsError: as :func:`vendors.scoring.rank_vendors`.
        VendorsError: ``categories`` does not map every criterion, or maps unknown ones.
    """
    frame, cost, w = _prepare(scores, weights, directions, missing)
    values = _oriented(frame.to_numpy(), cost)
    per_criterion = np.array(check_categories(categories, frame.columns), dtype=object)
    ranking = _ranked(weighted_totals(values, w), frame.index, "score")
    winner = frame.index.get_loc(ranking.index[0])
    order = frame.index.get_indexer(ranking.index)   # challengers tie-break in rank order
    names: list[Hashable] = []
    rows: list[tuple[float, float, float, Hashable | None, Hashable | None]] = []
    for category in dict.fromkeys(per_criterion):
        inside = per_criterion == category
        current = float(w[inside].sum())
        a = values @ _shares(w, inside)
        b = values @ _shares(w, ~inside) if (~inside).any() else np.zeros(len(values))
        # The winner's lead over each vendor: lead(t) = gap_b + t * slope.
        gap_b = b[winner] - b
        slope = (a[winner] - a) - gap_b
        with np.errstate(divide="ignore", invalid="ignore"):
            level = np.where(np.abs(slope) > _SLOPE_TOLERANCE, -gap_b / slope, np.nan)
        low, challenger_low = _bound(level, slope, order, frame.index, below=True)
        high, challenger_high = _bound(level, slope, order, frame.index, below=False)
        names.append(category)
        rows.append((current, min(low, current), max(high, current), challenger_low,
                     challenger_high))
    index = pd.Index(names, name="category")
    current, low, high, below, above = zip(*rows)
    # Object columns keep None as None (pandas would turn it into NaN in a text column).
    return pd.DataFrame({"current": pd.Series(current, index=index, dtype=float),
                         "low": pd.Series(low, index=index, dtype=float),
                         "high": pd.Series(high, index=index, dtype=float),
                         "winner": pd.Series([ranking.index[0]] * len(index), index=index,
                                             dtype=object),
                         "challenger_low": pd.Series(below, index=index, dtype=object),
                         "challenger_high": pd.Series(above, index=index, dtype=object)})


def _bound(level: np.ndarray, slope: np.ndarray, order: np.ndarray, vendors: pd.Index,
           below: bool) -> tuple[float, Hashable | None]:
    """The end of the winner's range on one side, and who passes the winner beyond it.

    Below the range, the vendors passing are those whose lead shrinks as t falls (slope > 0);
    above it, those with slope < 0. The nearest crossing bounds the range; of the vendors
    crossing there, the one gaining fastest is ahead just outside it.
    """
    passing = slope > _SLOPE_TOLERANCE if below else slope < -_SLOPE_TOLERANCE
    if below:
        candidates = np.where(passing & (level > 0), level, -np.inf)
        bound = float(candidates.max())
        if bound <= 0:
            return 0.0, None
    else:
        candidates = np.where(passing & (level < 1), level, np.inf)
        bound = float(candidates.min())
        if bound >= 1:
            return 1.0, None
    at_bound = np.isclose(candidates, bound, rtol=0, atol=1e-12)
    speed = np.where(at_bound, np.abs(slope), -np.inf)[order]
    return bound, vendors[order[int(np.argmax(speed))]]
