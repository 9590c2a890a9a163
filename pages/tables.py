"""Tables and grids as every page shows them: a missing value reads "—" (or nothing where a
person types), never "None".

Streamlit draws a missing cell as "None" unless told otherwise; every page draws its tables
through these two functions so that none can forget.
"""
from __future__ import annotations

import streamlit as st

MISSING = "—"


def table(data, **options):
    """``st.dataframe`` with missing cells shown as "—"."""
    return st.dataframe(data, placeholder=MISSING, **options)


def grid(data, **options):
    """``st.data_editor`` with missing cells left empty: an empty cell is one to fill in."""
    return st.data_editor(data, placeholder="", **options)
