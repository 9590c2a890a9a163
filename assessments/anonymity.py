"""Which groups of a pulse may show a score: the minimum group size, and complementary
suppression that no combination of the shown groups can undo.

The problem. A pulse shows a score (a mean) and its number of responses for groups of
respondents: the organization, each value of each segment ("Finance"), and each pair of
values of two segments ("Finance" within "Lyon": a filter and a breakdown). Mean x count is
a sum, so a reader knows the *sums* of the shown groups and every linear combination of
them: Finance minus its shown locations is the sum of the location left out; Finance minus
Level "senior" is the one person in Finance who is not senior when every senior is in
Finance. Hiding the groups under the minimum (primary suppression) is not enough: a hidden
group must not be recoverable by subtracting shown groups from a parent, nor by combining
groups reached through different filters.

The model. Respondents with the same value in every segment form an *atom*: no group tells
them apart, so the unknowns are the atoms' sums. A shown group is a row of 0/1 over the
atoms, and what a reader can compute is any vector in the span of those rows. A
*disclosure* is a 0/1 vector in that span (the sum of a definite group of people) whose
group holds at least one and fewer than the minimum contributors. Differences between
groups that are not themselves a group (x_a - x_b) are not counted as disclosures.

The algorithm (:func:`publish`):

1. Primary suppression: a group with fewer respondents than the minimum, or fewer
   contributors to one of its statistics (some but not enough), is hidden.
2. Search: for each statistic, a small mixed-integer program (HiGHS, through scipy) looks for
   a disclosure among the groups still shown: cell coefficients ``y`` and a 0/1 group ``z``
   with ``members @ y == z``, ``z`` zero on every atom that alone reaches the minimum, and
   ``1 <= contributors @ z <= minimum - 1``. Infeasible means no disclosure exists; that is
   exact, not a heuristic. A search that runs out of time counts as a disclosure.
3. Repair: when a disclosure is found, one of the groups its combination uses is hidden: the
   deepest level first (pairs, then single values, then the organization: the heatmap's
   single values are worth more than a filter's pairs), and within it the smallest group
   without which the disclosed group is out of reach of every combination (no other shown
   groups can stand in for it), else the smallest. Then search again.
4. Hiding a group only removes combinations, so a statistic that passed stays passed; the
   loop ends when every statistic passes (at worst with nothing shown).

The set of groups that may ever be shown is fixed in advance (:func:`candidate_cells`) and
the audit runs once over all of them together, never per view: whatever a reader asks for,
in any order, through pages, exports or the Python API, they only see groups of one
publication that was audited as a whole. A group's score is shown only when it is in the
publication; a hidden group says why (:meth:`Publication.status`).

Statistics that are tied person by person (a dimension score is the mean of the person's
statement answers) share one publication, checked against each statistic's contributors. The
maturity answers are not tied to the culture answers, so they are published separately.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import optimize

from assessments.errors import AssessmentError

#: The smallest and largest minimum group size a campaign may set, and the default.
MINIMUM_RANGE = (3, 10)
DEFAULT_MINIMUM = 5

#: How long each solve of a search (its relaxation, then the program) may look for a small
#: group within reach of the shown cells; when the program runs out of time, the search
#: counts as having found one (a cell is hidden).
SOLVER_SECONDS = 20.0
#: How many of a level's cheapest cells are tried, when choosing which to hide, for whether
#: hiding one alone puts a disclosed group out of reach.
KILL_CANDIDATES = 8
#: How many searches run at once (the machines it runs on have two cores or more).
SEARCH_THREADS = 2

SHOWN, NO_DATA, FEWER, PROTECTS = "shown", "no data", "fewer", "protects"
"""Why a cell is shown or not: shown; nobody answered; fewer responses than the minimum;
enough responses, hidden because showing it would reveal a smaller group."""


@dataclass(frozen=True, order=True)
class Cell:
    """A group of respondents: those matching every (segment, value) constraint.

    ``constraints`` are sorted by segment; no constraint is the whole organization.
    """
    constraints: tuple[tuple[str, str], ...] = ()

    @property
    def depth(self) -> int:
        return len(self.constraints)

    def value_of(self, segment: str) -> str | None:
        return dict(self.constraints).get(segment)

    @staticmethod
    def of(*pairs: tuple[str, str]) -> Cell:
        """The cell of these (segment, value) pairs in any order."""
        return Cell(tuple(sorted(pairs)))


ORGANIZATION = Cell()


def candidate_cells(segments: Mapping[str, Sequence[str]], depth: int = 2) -> list[Cell]:
    """Every group a pulse may show: the organization, each segment value, and (``depth``
    2) each pair of values of two different segments."""
    cells = [ORGANIZATION]
    for size in range(1, depth + 1):
        for chosen in combinations(sorted(segments), size):
            pools = [[(segment, value) for value in segments[segment]] for segment in chosen]
            cells += [Cell(tuple(pairs)) for pairs in _product(pools)]
    return cells


def _product(pools: list[list[tuple[str, str]]]) -> list[tuple[tuple[str, str], ...]]:
    result: list[tuple[tuple[str, str], ...]] = [()]
    for pool in pools:
        result = [(*done, pick) for done in result for pick in pool]
    return result


@dataclass(frozen=True, eq=False)
class Publication:
    """The groups one family of statistics may show.

    Attributes:
        minimum: the minimum group size it was made for.
        cells: every candidate cell, in the order given.
        shown: the cells whose scores may be shown (when they have contributors).
        atom_of: respondent (the index of the profiles) -> atom number.
        members: atoms x cells, True where the atom belongs to the cell.
        respondents: atoms, how many respondents each holds.
        contributors: atoms x statistics, how many respondents of the atom contribute.
    """
    minimum: int
    cells: tuple[Cell, ...]
    shown: frozenset[Cell]
    atom_of: pd.Series
    members: np.ndarray
    respondents: np.ndarray
    contributors: pd.DataFrame
    _index: dict[Cell, int] = field(default_factory=dict, repr=False)

    def column(self, cell: Cell) -> int:
        return self._index[cell]

    def count(self, cell: Cell, statistic: str | None = None) -> int:
        """How many respondents (or contributors to ``statistic``) the cell holds. Internal:
        callers show it only for a shown cell (:meth:`status` says)."""
        weights = (self.respondents if statistic is None
                   else self.contributors[statistic].to_numpy())
        return int(weights[self.members[:, self.column(cell)]].sum())

    def status(self, cell: Cell, statistic: str | None = None) -> str:
        """``SHOWN``, ``NO_DATA``, ``FEWER`` or ``PROTECTS`` for the cell's ``statistic``
        (None: its number of respondents)."""
        count = self.count(cell, statistic)
        if count == 0:
            return NO_DATA
        if cell in self.shown:
            return SHOWN
        return FEWER if count < self.minimum else PROTECTS


def check_minimum(minimum: int, low: int = MINIMUM_RANGE[0], high: int = 10_000) -> int:
    """The minimum as a whole number within bounds.

    Raises:
        AssessmentError: it is not a whole number from ``low`` to ``high``.
    """
    if isinstance(minimum, bool) or not isinstance(minimum, (int, np.integer)) or not (
            low <= minimum <= high):
        raise AssessmentError(f"The minimum group size must be a whole number from {low} to "
                              f"{high}, not {minimum!r}.")
    return int(minimum)


def _membership(atoms: pd.DataFrame, cells: Sequence[Cell]) -> np.ndarray:
    """atoms x cells: whether each atom (a row of segment values) belongs to each cell."""
    members = np.ones((len(atoms), len(cells)), dtype=bool)
    columns = {segment: atoms[segment].to_numpy(dtype=object) for segment in atoms.columns}
    for j, cell in enumerate(cells):
        for segment, value in cell.constraints:
            if segment not in columns:
                members[:, j] = False
                break
            members[:, j] &= columns[segment] == value
    return members


def _group_in_span(shown_members: np.ndarray, weights: np.ndarray, minimum: int,
                   relax_first: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
    """A group of 1 to ``minimum - 1`` (by ``weights``) whose sum a linear combination of
    the shown cells gives: the group as a 0/1 vector over the atoms and the combination's
    coefficient for each shown cell; None when there is none.

    Solved as a small mixed-integer program (HiGHS, through scipy): find cell coefficients
    ``y`` and a 0/1 group ``z`` with ``members @ y == z``, ``z`` zero on every heavy atom
    (weight at least the minimum: such an atom alone would make the group large enough) and
    ``1 <= weights @ z <= minimum - 1``. Atoms without contributors are left out: whatever a
    combination puts on them adds nothing to a sum.
    """
    present = weights > 0
    matrix = shown_members[present].astype(float)          # atoms x shown cells
    weight = weights[present]
    light = weight < minimum
    if not light.any() or matrix.shape[1] == 0:
        return None
    cells, groups = matrix.shape[1], int(light.sum())
    # Variables: y (one per shown cell, free), then z (one per light atom, 0 or 1).
    heavy_rows = np.hstack([matrix[~light], np.zeros(((~light).sum(), groups))])
    light_rows = np.hstack([matrix[light], -np.eye(groups)])
    size_row = np.concatenate([np.zeros(cells), weight[light]])[None, :]
    constraints = [optimize.LinearConstraint(light_rows, 0, 0),
                   optimize.LinearConstraint(size_row, 1, minimum - 1)]
    if len(heavy_rows):
        constraints.append(optimize.LinearConstraint(heavy_rows, 0, 0))
    bounds = optimize.Bounds(np.concatenate([np.full(cells, -np.inf), np.zeros(groups)]),
                             np.concatenate([np.full(cells, np.inf), np.ones(groups)]))
    objective = np.concatenate([np.zeros(cells), weight[light]])
    # The linear relaxation first (z anywhere from 0 to 1): every group the program could
    # find is one of its solutions, so when it has none, neither has the program. At
    # 50,000 respondents every search ended there, at 40 % of the program's time; right
    # after a disclosure (``relax_first`` False) another is likely, and it is skipped.
    if relax_first:
        relaxed = optimize.milp(objective, constraints=constraints, bounds=bounds,
                                options={"time_limit": SOLVER_SECONDS})
        if relaxed.status == 2:
            return None
    result = optimize.milp(objective, constraints=constraints, bounds=bounds,
                           integrality=np.concatenate([np.zeros(cells), np.ones(groups)]),
                           options={"time_limit": SOLVER_SECONDS})
    if result.status == 2:                 # infeasible: no small group is within reach
        return None
    group = np.zeros(len(weights), dtype=bool)
    light_atoms = np.flatnonzero(present)[light]
    if result.x is None:                   # out of time: count it as a disclosure
        group[light_atoms] = True
        return group, np.ones(cells)
    group[light_atoms[result.x[cells:] > 0.5]] = True
    return group, result.x[:cells]


def _rows_span_all(shown_members: np.ndarray, heavy: np.ndarray) -> bool:
    """Whether the atoms that reach the minimum in every statistic (``heavy``) already give
    the shown cells all the rank the atoms give: then a combination of cells that is zero on
    those atoms (as a disclosure must be) is zero on every atom, and no statistic has a
    group within reach. Exact, not a heuristic: the ranks are counted with margins that
    rounding cannot cross (a singular value counts for the heavy atoms above 1e-6 of the
    largest, for all the atoms above 1e-10; the computed ones are within 1e-13 of the
    true ones at these sizes), and a doubt means the searches run. At 50,000 respondents
    it settles the audit in 10 ms instead of 32 searches."""
    if not shown_members.shape[1] or not heavy.any():
        return not shown_members.shape[1]
    matrix = shown_members.astype(float)
    every = np.linalg.svd(matrix, compute_uv=False)
    some = np.linalg.svd(matrix[heavy], compute_uv=False)
    return int((some > 1e-6 * every[0]).sum()) == int((every > 1e-10 * every[0]).sum())


def _first_disclosing(shown_members: np.ndarray, weight_sets: Sequence[np.ndarray],
                      minimum: int) -> int:
    """The position of the first of ``weight_sets`` that leaves a small group within reach
    of the shown cells (``len(weight_sets)`` when none does). The searches run two at a time,
    in order: HiGHS lets go of the interpreter while it solves, and a publication that
    passes needs every one of them; the first that finds a group stops them."""
    if not shown_members.shape[1]:
        return len(weight_sets)
    with ThreadPoolExecutor(max_workers=SEARCH_THREADS) as pool:
        for start in range(0, len(weight_sets), SEARCH_THREADS):
            found = list(pool.map(lambda weights: _group_in_span(
                shown_members, weights, minimum) is not None,
                weight_sets[start:start + SEARCH_THREADS]))
            if True in found:           # the hiding starts here, one search at a time
                return start + found.index(True)
    return len(weight_sets)


def _to_hide(members: np.ndarray, shown: np.ndarray, group: np.ndarray,
             coefficients: np.ndarray, cost: Sequence[tuple[int, float]]) -> int:
    """The cell to hide so that ``group`` goes out of reach: among the cells the solver's
    combination used, the deepest level first (pairs, then single values, then the
    organization: the heatmap's single values are worth more than a filter's pairs), and
    within it the smallest cell whose hiding alone puts the group out of reach of the
    cells left, else the smallest of that level."""
    columns = np.flatnonzero(shown)
    used = [int(j) for j, c in zip(columns, coefficients) if abs(c) > 1e-7] or list(columns)
    deepest = min(cost[j][0] for j in used)
    level = sorted((j for j in used if cost[j][0] == deepest), key=lambda j: (cost[j], j))
    # Does hiding the cell alone put the group out of reach? A linear program (HiGHS) says
    # whether the other shown cells still combine into the group. The few cheapest cells of
    # the level are tried.
    target = group.astype(float)
    for column in level[:KILL_CANDIDATES]:
        rest = [j for j in columns if j != column]
        if not rest:
            return column
        found = optimize.linprog(np.zeros(len(rest)), A_eq=members[:, rest].astype(float),
                                 b_eq=target, bounds=(None, None), method="highs")
        if found.status == 2:           # infeasible: no combination without this cell
            return column
    return level[0]


def publish(profiles: pd.DataFrame, contributions: pd.DataFrame, cells: Sequence[Cell],
            minimum: int) -> Publication:
    """The cells that may show a score, by the rule of the module docstring.

    Args:
        profiles: one row per respondent, one column per segment (the value, or None when
            the respondent gave none).
        contributions: the same index, one column per statistic: 1 where the respondent
            contributes to it (answered the statement, has a dimension score), else 0.
        cells: the candidate cells (see :func:`candidate_cells`).
        minimum: the minimum group size.

    Raises:
        AssessmentError: the minimum is not a whole number of at least 3, or the tables do
            not share their index.
    """
    minimum = check_minimum(minimum)
    if not profiles.index.equals(contributions.index):
        raise AssessmentError("The respondents' segments and contributions must list the same "
                         "respondents.")
    cells = tuple(cells)
    keys = profiles.astype(object).where(profiles.notna(), None)
    if len(keys.columns):
        grouped = keys.groupby(list(keys.columns), dropna=False, sort=True)
        atom_of = pd.Series(grouped.ngroup().to_numpy(), index=profiles.index)
    else:
        atom_of = pd.Series(np.zeros(len(profiles), dtype=int), index=profiles.index)
    atoms_count = int(atom_of.max()) + 1 if len(atom_of) else 0
    first = (pd.Series(np.arange(len(atom_of)), index=profiles.index)
             .groupby(atom_of.to_numpy()).first())
    atoms = keys.iloc[first.to_numpy()].reset_index(drop=True)
    respondents = np.bincount(atom_of.to_numpy(), minlength=atoms_count).astype(float)
    given = (contributions.astype(float).groupby(atom_of.to_numpy()).sum()
             .reindex(range(atoms_count), fill_value=0.0))
    members = _membership(atoms, cells)
    cell_people = respondents @ members
    cell_given = given.to_numpy().T @ members if len(given.columns) else np.zeros((0, len(cells)))
    # Primary suppression: every cell that has fewer respondents, or fewer contributors to
    # some statistic it has any for, than the minimum.
    shown = (cell_people >= minimum) & ~((cell_given > 0) & (cell_given < minimum)).any(axis=0)
    cost = [(-cell.depth, float(people)) for cell, people in zip(cells, cell_people)]
    # Each statistic (and the respondents themselves) must leave no small group within reach.
    # Hiding a cell only takes combinations away, so a statistic that passed stays passed.
    # Two statistics whose atoms weigh the same up to the minimum ask the same question of
    # the solver (an atom at or over it only has to stay out of a disclosed group).
    weight_sets = {tuple(np.minimum(respondents, minimum)): respondents}
    for name in given.columns:
        vector = given[name].to_numpy()
        weight_sets.setdefault(tuple(np.minimum(vector, minimum)), vector)
    sets = list(weight_sets.values())
    heavy = (np.vstack(sets) >= minimum).all(axis=0)
    start = (len(sets) if _rows_span_all(members[:, shown], heavy)
             else _first_disclosing(members[:, shown], sets, minimum))
    for weights in sets[start:]:
        found = None
        while shown.any():
            found = _group_in_span(members[:, shown], weights, minimum,
                                   relax_first=found is None)
            if found is None:
                break
            shown[_to_hide(members, shown, *found, cost)] = False
    return Publication(minimum, cells, frozenset(c for c, s in zip(cells, shown) if s),
                       atom_of, members, respondents, given,
                       {cell: j for j, cell in enumerate(cells)})
