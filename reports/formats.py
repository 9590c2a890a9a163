"""One way to show each kind of number, for the pages and for every export.

A :class:`Table` holds the values as computed and, per column, a :class:`Column` naming its
:class:`Kind`. The kind decides the digits shown (a culture score has none, a weighted score
two), whether it is a percentage, and how a missing value reads (``—``). The page, the HTML
report, the CSV and the workbook all take their digits from here, so a number reads the same
everywhere; rounding is :func:`datafiles.rounding.round_half_up`, as spreadsheets round.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from datafiles.rounding import is_missing, round_half_up

MISSING = "—"
#: Culture bands' colours, in the app's charts and the workbook's native chart alike.
BAND_COLORS = {"Barrier": "#c0392b", "Developing": "#e5a50a", "Ready": "#2e8b57",
               "No answers": "#b0b0b0"}
#: Category colours in taxonomy order (Tableau 10, hex without "#"): the app's charts, the
#: HTML report's and the workbook's native charts use the same colour for a category.
CATEGORY_PALETTE = ("4E79A7", "F28E2B", "E15759", "76B7B2", "59A14F", "EDC948", "B07AA1",
                    "FF9DA7", "9C755F", "BAB0AC")


class Kind(enum.Enum):
    """What a column holds, which decides its digits and whether it is a percentage."""
    TEXT = "text"
    COUNT = "count"              # people, answers, stages, ranks
    CHANGE = "change"            # places gained or lost: +2, -1, 0
    SCORE_100 = "score_100"      # culture scores on 0-100
    SPREAD_100 = "spread_100"    # standard deviation on 0-100
    SCORE_5 = "score_5"          # weighted vendor scores on 0-5, contributions
    MEAN = "mean"                # a mean stage (1-4) or a mean score (0-5) of several people
    CLOSENESS = "closeness"      # TOPSIS closeness 0-1
    RATIO = "ratio"              # consistency ratio, lambda max
    PRIORITY = "priority"        # importance x shortfall
    SHARE = "share"              # agreement, coverage, probability: 0-1 shown as 0-100 %
    CORRELATION = "correlation"  # Pearson's r and its confidence limits, -1 to 1
    WEIGHT = "weight"            # weights 0-1 shown as 0-100.0 %
    MONEY = "money"              # amounts in the engagement's currency, whole units
    PRICE = "price"              # a unit price (licence per user per year), with cents
    PER_COST = "per_cost"        # weighted benefit per 1,000 currency units of total cost

    @property
    def decimals(self) -> int:
        return _DIGITS[self][0]

    @property
    def percent(self) -> bool:
        return _DIGITS[self][1]

    @property
    def numeric(self) -> bool:
        return self is not Kind.TEXT

    @property
    def printf(self) -> str:
        """The Streamlit column format of a value from :meth:`shown` (already x 100 for %)."""
        if self is Kind.CHANGE:
            return "%+d"
        return f"%.{self.decimals}f" + ("%%" if self.percent else "")

    @property
    def excel(self) -> str:
        """The Excel number format that shows the raw value with the same digits."""
        if self is Kind.CHANGE:
            return "+0;-0;0"
        digits = "0" + ("." + "0" * self.decimals if self.decimals else "")
        return digits + ("%" if self.percent else "")

    def shown(self, value: Any) -> float | int | None:
        """The number as shown (rounded; a share as percent points), None when missing
        (also for a value already shown as missing, ``—``)."""
        if is_missing(value) or value == MISSING:
            return None
        number = float(value) * (100 if self.percent else 1)
        rounded = round_half_up(number, self.decimals)
        if rounded is None:
            return None
        return int(rounded) if self.decimals == 0 else rounded

    def text(self, value: Any) -> str:
        """The value as a reader sees it: ``69``, ``3.42``, ``45%``; ``—`` when missing."""
        if self is Kind.TEXT:
            return MISSING if is_missing(value) else str(value)
        number = self.shown(value)
        if number is None:
            return MISSING
        if self is Kind.CHANGE:
            return f"{number:+d}" if number else "0"
        return f"{number:.{self.decimals}f}" + ("%" if self.percent else "")


@dataclass(frozen=True)
class Column:
    """One column of a shown table: the frame's column ``key``, its label and kind."""
    key: str
    label: str
    kind: Kind = Kind.TEXT
    help: str = ""
    wide: bool = False


@dataclass(frozen=True, eq=False)
class Table:
    """Values as computed (``frame``) and how to show them (``columns``, in order)."""
    frame: pd.DataFrame
    columns: tuple[Column, ...]
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def shown(self) -> pd.DataFrame:
        """The table as shown: the chosen columns by key, numbers rounded as displayed
        (shares in percent points), text as text, missing values as None."""
        out = {}
        for column in self.columns:
            values = self.frame[column.key].tolist() if column.key in self.frame else []
            if column.kind.numeric:
                out[column.key] = pd.array([column.kind.shown(v) for v in values],
                                           dtype="Int64" if column.kind.decimals == 0
                                           else "Float64")
            else:
                out[column.key] = pd.array([None if is_missing(v) else str(v) for v in values],
                                           dtype=object)
        return pd.DataFrame(out, index=pd.RangeIndex(len(self.frame)))

    def texts(self) -> list[list[str]]:
        """Every cell as a reader sees it, row by row (``—`` where missing)."""
        shown = [[column.kind.text(v) for v in self.frame[column.key].tolist()]
                 for column in self.columns]
        return [list(row) for row in zip(*shown)] if shown else []

    def csv_frame(self) -> pd.DataFrame:
        """The table for a CSV file: labels as headers (percent columns say so), numbers
        with the digits shown (``Decimal("3.80")`` writes as 3.80), missing cells empty."""
        out = {}
        for column in self.columns:
            label = column.label + (" (%)" if column.kind.percent else "")
            values = self.frame[column.key].tolist() if column.key in self.frame else []
            if column.kind.numeric:
                out[label] = [None if (n := column.kind.shown(v)) is None
                              else Decimal(f"{n:.{column.kind.decimals}f}") for v in values]
            else:
                out[label] = [None if is_missing(v) else str(v) for v in values]
        return pd.DataFrame(out, index=pd.RangeIndex(len(self.frame)))


# (decimals, shown as a percentage) per kind.
_DIGITS: dict[Kind, tuple[int, bool]] = {
    Kind.TEXT: (0, False), Kind.COUNT: (0, False), Kind.CHANGE: (0, False), Kind.SCORE_100: (0, False),
    Kind.SPREAD_100: (1, False), Kind.SCORE_5: (2, False), Kind.MEAN: (1, False),
    Kind.CLOSENESS: (3, False), Kind.RATIO: (3, False), Kind.PRIORITY: (2, False),
    Kind.SHARE: (0, True), Kind.WEIGHT: (1, True), Kind.CORRELATION: (2, False),
    Kind.MONEY: (0, False), Kind.PRICE: (2, False), Kind.PER_COST: (3, False)}


def table(frame: pd.DataFrame, columns: Sequence[Column], note: str = "") -> Table:
    """A :class:`Table` over ``frame`` (any index is dropped: tables are shown by row)."""
    return Table(frame.reset_index(drop=True), tuple(columns), note)


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` with ``noun`` agreeing: ``1 value``, ``3 must-haves``, ``0 vendors``,
    ``2 competencies``; ``plural`` where adding "s" (or "y" -> "ies") is wrong."""
    if count == 1:
        return f"{count} {noun}"
    if not plural:
        plural = (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou"
                  else noun + "s")
    return f"{count} {plural}"


def shown_difference(a: Any, b: Any, kind: Kind) -> float:
    """``a - b`` as a reader can check it beside the two values shown as ``kind``: the
    difference of the shown (rounded) values, so 52.5 and 46.1 (shown 53 and 46) differ by
    7, not 6; NaN when either is missing. ``kind`` is a kind that is not a percentage."""
    shown_a, shown_b = kind.shown(a), kind.shown(b)
    if shown_a is None or shown_b is None:
        return float("nan")
    return round(shown_a - shown_b, kind.decimals) + 0.0


def numbers_equal(a: Any, b: Any, kind: Kind) -> bool:
    """Whether two values read the same once shown as ``kind`` (both missing counts)."""
    return kind.text(a) == kind.text(b)


