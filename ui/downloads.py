"""The one way pages offer a file: a download button whose click never reruns the page.

A file built only when asked (``data`` a callable) is fetched by the browser with an id that
the page's current run registered. Streamlit's default click also reruns the script, and the
rerun registers new ids and forgets the old ones: a second button clicked while that rerun is
under way asks for an id that is gone, and its file silently never comes. Without the rerun
the ids stay valid, so clicks back to back each get their file; a build that fails shows
Streamlit's message under its button.
"""
from __future__ import annotations

import streamlit as st


def download_button(label: str, data, *, where=None, **options) -> None:
    """``st.download_button`` (in ``where``, a column or container; the page by default)
    with ``on_click="ignore"``: the click downloads and nothing reruns."""
    (where or st).download_button(label, data, on_click="ignore", **options)
