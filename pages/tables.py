"""Drawing the shared tables and headline numbers (:mod:`outcomes.tables`) on a page.

The values come rounded as every export shows them (:meth:`reports.formats.Table.shown`) and
each column's format comes from its kind, so the page and the exports read the same.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import streamlit as st

from outcomes.tables import Metric
from pages import common
from reports.formats import MISSING, Kind, Table


def column_config(shown: Table, progress: Collection[str] = (),
                  as_text: Collection[str] = ()) -> dict:
    """Streamlit column settings for every column of ``shown`` (labels, digits, help);
    numeric columns in ``as_text`` hold formatted text and are right-aligned."""
    config = {}
    for column in shown.columns:
        help_text = column.help or None
        if column.kind is Kind.TEXT or column.key in as_text:
            config[column.key] = st.column_config.TextColumn(
                column.label, help=help_text, width="large" if column.wide else None,
                alignment="right" if column.kind.numeric else None)
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
    """Draw a shared table: its rows as every export shows them, "—" for missing text.

    Columns in ``progress`` (shares) are drawn as bars; columns in ``hide`` are left out.
    """
    frame = shown.shown()
    as_text = []
    for column in shown.columns:
        values = frame[column.key]
        if column.kind is Kind.TEXT:
            frame[column.key] = values.map(lambda value: MISSING if value is None else value)
        elif column.key not in progress and values.isna().any():
            # A number nobody gave reads "—" (Streamlit would write "None"): the column is
            # shown as the formatted text every export shows.
            frame[column.key] = [column.kind.text(v) for v in shown.frame[column.key]]
            as_text.append(column.key)
    keep = [c.key for c in shown.columns if c.key not in hide]
    st.dataframe(frame[keep], hide_index=True, width="stretch", key=key,
                 column_config=column_config(shown, progress, as_text))


def metrics(items: Sequence[Metric], widths: Sequence[float] | None = None) -> None:
    """Headline numbers side by side (values and captions are Markdown: escaped)."""
    cells = st.columns(list(widths) if widths else len(items))
    for cell, item in zip(cells, items):
        cell.metric(item.label, common.escape_markdown(item.value), help=item.help or None,
                    border=True)
        if item.caption:
            cell.caption(common.escape_markdown(item.caption))
