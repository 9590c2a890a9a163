"""CSV of raw data: UTF-8 with a byte order mark (so Excel reads the accents right), stable
column order, and every text cell made inert (see :mod:`datafiles.cells`)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from datafiles.cells import neutralize

# The columns of workspace.engagement_responses and workspace.engagement_scores, in the order
# a reader expects; "bank" is not in the responses frame but callers that join banks add it.
RESPONSE_COLUMNS = ("bank", "participant_id", "participant", "item", "value", "dont_know",
                    "comment", "answered_at")
SCORE_COLUMNS = ("scorer_id", "scorer", "vendor_id", "vendor", "criterion", "score",
                 "evidence", "updated_at")
BOM = "\ufeff"
# RFC 4180 line ends; Excel reads them on every platform.
LINE_END = "\r\n"


def _ordered(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    # By position, so that a frame with two columns of the same name still comes out whole.
    names = list(frame.columns)
    first = [i for wanted in dict.fromkeys(order) for i, name in enumerate(names)
             if name == wanted]
    return frame.iloc[:, first + [i for i in range(len(names)) if i not in set(first)]]


def _is_text(column: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or pd.api.types.is_datetime64_any_dtype(column)
                or pd.api.types.is_timedelta64_dtype(column))


def frame_csv(frame: pd.DataFrame, order: Sequence[str] = ()) -> bytes:
    """A data frame as CSV bytes: the ``order`` columns first, then the others as they are.

    A named index becomes leading columns. Text cells (and headers) that a spreadsheet could
    run as a formula get a leading apostrophe; numbers, booleans and dates are written as is.
    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    frame = _ordered(frame, order).copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if _is_text(column):
            frame.isetitem(position, column.astype(object).map(neutralize))
    frame.columns = [neutralize(str(c)) for c in frame.columns]
    text = frame.to_csv(index=False, lineterminator=LINE_END)
    return (BOM + text).encode("utf-8")


def responses_csv(frame: pd.DataFrame) -> bytes:
    """Raw questionnaire responses (a ``workspace.engagement_responses`` frame) as CSV."""
    return frame_csv(frame, RESPONSE_COLUMNS)


def scores_csv(frame: pd.DataFrame) -> bytes:
    """Raw vendor scores (a ``workspace.engagement_scores`` frame) as CSV."""
    return frame_csv(frame, SCORE_COLUMNS)
