"""Pairwise judgments given one pair at a time: which pairs to ask, and weights from the pairs
answered so far.

Someone answering pairs on a phone has answered some of them at any moment, and above 7
items may answer only a reduced set. Unanswered pairs are not "equal": they are unknown.
Weights then come from the answered pairs alone by the logarithmic least squares method for
incomplete matrices, ``min sum over answered (i, j) of (ln a_ij - ln w_i + ln w_j)^2``,
whose solution is unique exactly when the answered pairs link every item (their graph is
connected) and which equals the row geometric mean when every pair is answered (Bozóki,
Fülöp & Rónyai 2010, "On optimal completion of incomplete pairwise comparison matrices",
Mathematical and Computer Modelling 52:318-333; after Kwiesielewicz 1996 and Harker 1987).
Once every pair is answered the weights are AHP's usual eigenvector.

The reduced set of pairs is a cyclic design: items on a ring, each compared with its
neighbours one and two places away (2n pairs, every item in four). Such regular designs
with a small diameter estimate weights best among incomplete designs of their size
(Szádoczki, Bozóki & Tekile 2022, "Filling in pattern designs for incomplete pairwise
comparison matrices: (quasi-)regular graphs with minimal diameter", Omega 107:102557); its
cycles keep a contradiction visible, which a spanning tree of n - 1 pairs would hide.

Consistency of an incomplete set is the consistency ratio of its completion: the answered
judgments kept, each missing one filled with the ratio of the weights (``w_i / w_j``, kept
within Saaty's 1/9..9), so that only contradictions among the answers raise it; with every pair answered it is AHP's
own consistency ratio.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from vendors import weighting
from vendors.errors import AHPError

#: Above this many items, compare a reduced set of pairs (or share 100 points) instead of all.
FULL_PAIRS_MAX = 7

Pair = tuple[int, int]


def all_pairs(n: int) -> list[Pair]:
    """Every pair ``(i, j)``, ``i < j``: the first item against each other first (so that the
    first n - 1 answers already link every item), then the rest in order."""
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def cyclic_pairs(n: int) -> list[Pair]:
    """The reduced design: each item against its ring neighbours one and two places on (2n
    pairs for n >= 5; every pair below that). The ring comes first, so that n - 1 answers
    link every item; then the chords."""
    if n < 5:
        return all_pairs(n)
    ring = [(i, i + 1) for i in range(n - 1)] + [(0, n - 1)]
    chords = [tuple(sorted((i, (i + 2) % n))) for i in range(n)]
    return ring + [pair for pair in dict.fromkeys(chords) if pair not in ring]


def design(n: int, reduced: bool) -> list[Pair]:
    """The pairs to ask: the reduced cyclic design (when asked for and n > FULL_PAIRS_MAX)
    or every pair."""
    return cyclic_pairs(n) if reduced and n > FULL_PAIRS_MAX else all_pairs(n)


@dataclass(frozen=True, eq=False)
class Judged:
    """Weights from the pairs answered so far.

    Attributes:
        weights: the priorities (sum to 1), in the items' order.
        matrix: the completed reciprocal matrix (answers kept, missing pairs ``w_i / w_j``).
        consistency_ratio: the completed matrix's CR (see the module's docstring).
        complete: whether every pair was answered (the weights are then AHP's eigenvector).
    """
    weights: np.ndarray
    matrix: np.ndarray
    consistency_ratio: float
    complete: bool


def _linked(n: int, pairs: list[Pair]) -> bool:
    reached, frontier = {0}, [0]
    neighbours: dict[int, list[int]] = {k: [] for k in range(n)}
    for i, j in pairs:
        neighbours[i].append(j)
        neighbours[j].append(i)
    while frontier:
        for other in neighbours[frontier.pop()]:
            if other not in reached:
                reached.add(other)
                frontier.append(other)
    return len(reached) == n


def judged_weights(n: int, judgments: Mapping[Pair, float],
                   method: weighting.Method = "eigenvector") -> Judged:
    """Weights and consistency from the judgments given so far (``{(i, j): a_ij}``, i < j).

    Raises:
        AHPError: a judgment breaks a rule of ``weighting.matrix_from_judgments``, or the
            answered pairs do not yet link every item (the message says how many are apart).
    """
    given = weighting.matrix_from_judgments(n, judgments)   # checks pairs and values
    pairs = sorted(judgments)
    if len(pairs) == n * (n - 1) // 2:
        result = weighting.ahp_weights(given, method=method)
        return Judged(np.asarray(result.weights), given, result.consistency_ratio, True)
    if n > 1 and not _linked(n, pairs):
        raise AHPError("the pairs answered so far do not link every item yet: answer more "
                       "pairs to get weights")
    # Normal equations of the least squares problem: the comparison graph's Laplacian.
    laplacian = np.zeros((n, n))
    logs = np.zeros(n)
    for i, j in pairs:
        log = np.log(given[i, j])
        laplacian[i, i] += 1
        laplacian[j, j] += 1
        laplacian[i, j] -= 1
        laplacian[j, i] -= 1
        logs[i] += log
        logs[j] -= log
    # The Laplacian is singular (weights are ratios): fix the mean log weight at 0.
    y = np.linalg.lstsq(laplacian + np.ones((n, n)) / n, logs, rcond=None)[0]
    weights = np.exp(y - y.max())
    weights = weights / weights.sum()
    # A filled-in ratio beyond Saaty's scale (two answers of 9 in a row give 81) is kept at
    # the scale's end, where a person's own answer would be.
    completed = np.clip(np.outer(weights, 1 / weights), 1 / 9, 9)
    for i, j in pairs:
        completed[i, j], completed[j, i] = given[i, j], given[j, i]
    ratio = weighting.ahp_weights(completed).consistency_ratio
    return Judged(weights, completed, ratio, False)


def revisit(judged: Judged, answered: Mapping[Pair, float]) -> weighting.Judgment | None:
    """The answered pair whose change would lower the consistency ratio most (see
    ``weighting.inconsistent_judgments``), or None when no answered pair would help."""
    n = judged.matrix.shape[0]
    return next((j for j in weighting.inconsistent_judgments(judged.matrix, top=n * n)
                 if (j.i, j.j) in answered), None)
