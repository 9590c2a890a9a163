"""Tables, grids and headline numbers as every page shows them.

A missing value reads "—" (or nothing where a person types), never "None": Streamlit draws a
missing cell as "None" unless told otherwise, so every page draws its tables through
:func:`table` and :func:`grid`. The tables shared with the exports (:mod:`outcomes.tables`)
are drawn by :func:`show`, with the digits every export shows.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import streamlit as st

from outcomes.tables import Metric
from ui import common
from reports.formats import MISSING, Kind, Table


def table(data, **options):
    """``st.dataframe`` with missing cells shown as "—"."""
    return st.dataframe(data, placeholder=MISSING, **options)


def grid(data, **options):
    """``st.data_editor`` with missing cells left empty: an empty cell is one to fill in."""
    return st.data_editor(data, placeholder="", **options)


def column_config(shown: Table, progress: Collection[str] = ()) -> dict:
    """Streamlit column settings for every column of ``shown`` (labels, digits, help)."""
    config = {}
    for column in shown.columns:
        help_text = column.help or None
        if column.kind is Kind.TEXT:
            config[column.key] = st.column_config.TextColumn(
                column.label, help=help_text, width="large" if column.wide else None)
        elif column.key in progress:
            config[column.key] = st.column_config.ProgressColumn(
                column.label, help=help_text, min_value=0, max_value=100,
                format=column.kind.printf)
        else:
            config[column.key] = st.column_config.NumberColumn(
                column.label, help=help_text, format=column.kind.printf)
    return config


def show(shown: Table, progress: Collection[str] = (), hide: Sequence[str] = (),
         key: str | None = None) -> None:
    """Draw a shared table: its numbers rounded as every export shows them, "—" where a
    value is missing. Columns in ``progress`` (shares) are drawn as bars; columns in
    ``hide`` are left out."""
    frame = shown.shown()
    keep = [c.key for c in shown.columns if c.key not in hide]
    # A bar has no way to say "—": a share column with a missing value is drawn as numbers.
    bars = {k for k in progress if k in frame and frame[k].notna().all()}
    table(frame[keep], hide_index=True, width="stretch", key=key,
          column_config=column_config(shown, bars))


def metrics(items: Sequence[Metric], widths: Sequence[float] | None = None) -> None:
    """Headline numbers side by side (values and captions are Markdown: escaped)."""
    cells = st.columns(list(widths) if widths else len(items))
    for cell, item in zip(cells, items):
        cell.metric(item.label, common.escape_markdown(item.value), help=item.help or None,
                    border=True)
        if item.caption:
            cell.caption(common.escape_markdown(item.caption))
