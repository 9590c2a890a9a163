"""Value for money: weighted benefit against total cost of ownership, and the efficient frontier.

The benefit of a vendor is its weighted score over the *benefit* criteria only: cost criteria
are left out and the remaining weights renormalized to sum to 1, so that price does not count
twice (once as money, once as a 0-5 score). The total cost of ownership (TCO) over a horizon is
licence per user per year x users x years + the one-off implementation. A vendor is on the
efficient frontier when no other vendor gives at least as much benefit for at most the same
cost and is better on one of the two.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vendors.errors import WeightsError
from vendors.scoring import RANK_DECIMALS, Direction

#: Benefit is reported per this many currency units of total cost.
PER = 1_000


def total_cost(licence: pd.Series, users: pd.Series, implementation: pd.Series,
               horizon: pd.Series) -> pd.Series:
    """Total cost of ownership per vendor: licence x users x horizon + implementation;
    NaN where any input is missing (a missing input is never taken as 0)."""
    return licence * users * horizon + implementation


def benefit_weights(weights: pd.Series, directions: dict[str, Direction]) -> pd.Series:
    """The weights of the benefit criteria, renormalized to sum to 1.

    Raises:
        WeightsError: no benefit criterion carries weight.
    """
    benefit = weights[[directions.get(c, Direction.BENEFIT) != Direction.COST
                       for c in weights.index]]
    total = float(benefit.sum())
    if not len(benefit) or total <= 0:
        raise WeightsError("No benefit criterion carries weight: value for money compares "
                           "benefit (every criterion except cost ones) with total cost.")
    return benefit / total


def weighted_benefit(matrix: pd.DataFrame, weights: pd.Series,
                     directions: dict[str, Direction]) -> pd.Series:
    """Each vendor's weighted score (0-5) over the benefit criteria of ``matrix``.

    Raises:
        WeightsError: see :func:`benefit_weights`.
    """
    shares = benefit_weights(weights, directions)
    return matrix[list(shares.index)].astype(float) @ shares


def efficient_frontier(benefit: pd.Series, cost: pd.Series) -> pd.Series:
    """Whether each vendor is on the efficient frontier (not dominated).

    Vendor *a* dominates *b* when a's benefit >= b's and a's cost <= b's, with one of the two
    strictly better. Benefits equal to :data:`vendors.scoring.RANK_DECIMALS` places count as
    equal (as ranks do). Vendors with a missing benefit or cost are not on it (False).
    """
    known = benefit.notna() & cost.notna()
    b = np.round(benefit[known].to_numpy(float), RANK_DECIMALS)
    c = cost[known].to_numpy(float)
    no_worse = (b[:, None] >= b[None, :]) & (c[:, None] <= c[None, :])
    better = (b[:, None] > b[None, :]) | (c[:, None] < c[None, :])
    dominated = (no_worse & better).any(axis=0)
    out = pd.Series(False, index=benefit.index)
    out[known[known].index] = ~dominated
    return out
