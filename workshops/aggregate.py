"""What the room thinks: group weights, how far people differ, and who has done what.

Each person's weights stay as they entered them (points, or AHP judgments keyed ``"i,j"``
with 0-based positions as the weights page stores them). The group's weights combine them as
the literature does: points by the mean of everyone's normalized weights; AHP judgments by
the element-wise geometric mean of everyone's matrices (Aczél & Saaty, 1983), whose
priorities are then derived like one person's. People answer pairs one at a time (some may
answer a reduced set): a pair someone has not answered is filled in from their other answers
(``vendors.pairwise``), never taken as "equal". Disagreement is the population standard
deviation of the individual weights, so the items worth discussing sort first.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendors import pairwise, weighting
from vendors.errors import VendorsError


@dataclass(frozen=True)
class GroupWeights:
    """The group's weights for one level and how each person's differ.

    Attributes:
        weights: the group's weights by item id (sums to 1), in the items' order.
        individual: person x item table of each person's own weights (rows sum to 1).
        table: one row per item (index: item id) with group ``weight``, ``mean`` and
            ``median`` of the individual weights, ``spread`` (population std), ``low`` and
            ``high``; sorted by spread, largest first.
        consistency: for AHP, each person's consistency ratio and the group matrix's (under
            the key ``"group"``); empty for points.
        skipped: people whose input could not be used, with the reason.
    """
    weights: pd.Series
    individual: pd.DataFrame
    table: pd.DataFrame
    consistency: dict[str, float]
    skipped: dict[str, str]


def _pairs(judgments: Mapping[str, float], n: int) -> dict[tuple[int, int], float]:
    pairs = {}
    for key, value in judgments.items():
        try:
            i, j = (int(part) for part in str(key).split(","))
        except ValueError:
            raise VendorsError(f"judgment key {key!r} is not a pair 'i,j'") from None
        if 0 <= i < j < n:
            pairs[(i, j)] = float(value)
    return pairs


def _summary(individual: pd.DataFrame, group: pd.Series) -> pd.DataFrame:
    table = pd.DataFrame({
        "weight": group,
        "mean": individual.mean(axis=0),
        "median": individual.median(axis=0),
        "spread": individual.std(axis=0, ddof=0),
        "low": individual.min(axis=0),
        "high": individual.max(axis=0),
    })
    return table.sort_values(["spread", "weight"], ascending=[False, False], kind="stable")


def group_points(points: Mapping[str, Mapping[str, float]], items: Sequence[str]
                 ) -> GroupWeights:
    """The group's weights from each person's points: the mean of their normalized weights.

    ``points`` maps a person's name to their points by item id; items a person left out count
    as 0 points. A person whose points cannot be used (none given, or over 100) is skipped.

    Raises:
        VendorsError: nobody's points can be used.
    """
    rows, skipped = {}, {}
    for person, given in points.items():
        try:
            rows[person] = weighting.points_weights(
                pd.Series({item: given.get(item, 0) for item in items}), total=100)
        except VendorsError as error:
            skipped[person] = str(error)
    if not rows:
        raise VendorsError("nobody has allocated points yet")
    individual = pd.DataFrame(rows).T.reindex(columns=list(items))
    group = individual.mean(axis=0)
    group = group / group.sum()
    return GroupWeights(group, individual, _summary(individual, group), {}, skipped)


def group_ahp(judgments: Mapping[str, Mapping[str, float]], items: Sequence[str],
              method: weighting.Method = "eigenvector") -> GroupWeights:
    """The group's AHP weights: priorities of the geometric mean of everyone's matrices.

    ``judgments`` maps a person's name to their judgments ``{"i,j": value}``; pairs a person
    has not judged are filled in from their other answers (``vendors.pairwise``). A person
    whose judgments cannot be used (yet: too few pairs to link every item) is skipped.

    Raises:
        VendorsError: nobody's judgments can be used, or fewer than two items.
    """
    n = len(items)
    if n < 2:
        raise VendorsError("AHP needs at least two items to compare")
    usable, rows, consistency, skipped = {}, {}, {}, {}
    for person, given in judgments.items():
        try:
            pairs = _pairs(given, n)
            result = pairwise.judged_weights(n, pairs, method=method)
        except VendorsError as error:
            skipped[person] = str(error)
            continue
        usable[person] = pairs
        rows[person] = pd.Series(result.weights, index=list(items))
        consistency[person] = result.consistency_ratio
    if not usable:
        raise VendorsError("nobody has made pairwise judgments yet")
    combined = pairwise.judged_weights(n, _geometric_means(usable.values()), method=method)
    consistency["group"] = combined.consistency_ratio
    group = pd.Series(combined.weights, index=list(items))
    individual = pd.DataFrame(rows).T.reindex(columns=list(items))
    return GroupWeights(group, individual, _summary(individual, group), consistency, skipped)


def _geometric_means(people: Iterable[Mapping[tuple[int, int], float]]
                     ) -> dict[tuple[int, int], float]:
    """Per pair, the geometric mean of the judgments of those who answered it (Aczél & Saaty
    when everyone answered every pair)."""
    logs: dict[tuple[int, int], list[float]] = {}
    for pairs in people:
        for pair, value in pairs.items():
            logs.setdefault(pair, []).append(math.log(value))
    return {pair: math.exp(sum(values) / len(values)) for pair, values in logs.items()}


def group_matrix_judgments(judgments: Mapping[str, Mapping[str, float]], n: int
                           ) -> dict[str, float]:
    """The group's judgments ``{"i,j": value}``: the geometric mean of everyone's, per pair;
    a pair nobody answered is filled in from the group's other judgments.

    Ready to save as the engagement's own AHP judgments for the level.

    Raises:
        VendorsError: nobody's judgments link every item yet.
    """
    usable = []
    for given in judgments.values():
        pairs = _pairs(given, n)
        try:
            pairwise.judged_weights(n, pairs)
        except VendorsError:
            continue   # too few pairs yet: group_ahp leaves this person out too
        usable.append(pairs)
    if not usable:
        raise VendorsError("nobody has made pairwise judgments yet")
    combined = pairwise.judged_weights(n, _geometric_means(usable)).matrix
    return {f"{i},{j}": float(combined[i, j]) for i in range(n) for j in range(i + 1, n)}


def pair_disagreement(judgments: Mapping[str, Mapping[str, float]], names: Sequence[str]
                      ) -> pd.DataFrame:
    """One row per compared pair: the group's judgment and how far people differ on it.

    ``spread`` is the standard deviation of the judgments on a log-3 scale (1.0 = people are
    typically one Saaty step, "moderately more", apart), over the people who answered the
    pair (``people``); pairs nobody answered are left out; pairs sort by spread, largest first.
    """
    n = len(names)
    table = {person: _pairs(given, n) for person, given in judgments.items()}
    frame = pd.DataFrame(table, index=pd.MultiIndex.from_tuples(pairwise.all_pairs(n)),
                         dtype=float).dropna(how="all") if n > 1 else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=["first", "second", "group", "spread", "people"])
    logs = np.log(frame.to_numpy(dtype=float))   # pairs x people, NaN where not answered
    result = pd.DataFrame({
        "first": [names[i] for i, _ in frame.index],
        "second": [names[j] for _, j in frame.index],
        "group": np.exp(np.nanmean(logs, axis=1)),
        "spread": np.nanstd(logs, axis=1) / np.log(3),
        "people": np.isfinite(logs).sum(axis=1),
    })
    return result.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)


def disagreement_first(items: pd.DataFrame, spread: str = "spread",
                       answered: str = "answered") -> pd.DataFrame:
    """Items answered by two people or more first, the widest spread first; then the rest."""
    ranked = items.assign(_enough=items[answered] >= 2)
    ranked = ranked.sort_values(["_enough", spread], ascending=[False, False], kind="stable",
                                na_position="last")
    return ranked.drop(columns="_enough")
