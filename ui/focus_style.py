"""Where the keyboard is: a ring in the theme's colour around whatever has the focus.

Streamlit's own focus marks are faint on several controls (a slightly darker menu entry, a
pale shadow around a button), below the 3:1 contrast a person needs to see them (WCAG 2.1
2.4.7, measured as WCAG 2.2's focus appearance does). The style sheet is fixed text in this
file (it never contains user text) and is mounted on every page, for every role, as a
Streamlit v2 component without a script, as ``ui/presenter_style.py`` does.
"""
from __future__ import annotations

import streamlit as st

# The ring is the theme's primaryColor (#1f6f8b: 5.6:1 on white, 5.3:1 on the sidebar).
# Only :focus-visible, so a mouse click draws no ring. A radio option's or a checkbox's input
# is drawn hidden by Streamlit: its label carries the ring. Text boxes keep Streamlit's own
# mark (their border turns the theme's colour), which is clear enough.
_CSS = """
a:focus-visible,
button:focus-visible,
summary:focus-visible,
[role="tab"]:focus-visible,
label:has(input[type="radio"]:focus-visible),
label:has(input[type="checkbox"]:focus-visible) {
  outline: 2px solid #1f6f8b !important;
  outline-offset: 2px;
}
"""

_component = None


def apply() -> None:
    """Mount the focus style on this run's page (call once per run, from app.py)."""
    global _component
    if _component is None:
        _component = st.components.v2.component("socialready.focus_style", css=_CSS,
                                                isolate_styles=False)
    with st.sidebar:
        _component(key="focus.style")
