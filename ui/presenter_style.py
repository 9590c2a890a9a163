"""How the presenter view looks on a projector: the join code in large type, big numbers.

The style sheet is fixed text in this file (it never contains user text) and is mounted as a
Streamlit v2 component without a script; it styles only the presenter view's own blocks
(their ``st-key-presenter-...`` classes).
"""
from __future__ import annotations

import streamlit as st

_CSS = """
.st-key-presenter-code h1 {
  font-size: clamp(4rem, 11vw, 10rem);
  line-height: 1.05;
  letter-spacing: 0.06em;
  font-family: "Source Code Pro", ui-monospace, monospace;
  padding: 0;
}
.st-key-presenter-where p {
  font-size: clamp(1.3rem, 2.2vw, 2rem);
}
.st-key-presenter-numbers [data-testid="stMetricValue"] {
  font-size: clamp(2.5rem, 5vw, 4.5rem);
}
.st-key-presenter-numbers [data-testid="stMetricLabel"] p {
  font-size: 1.2rem;
}
.st-key-presenter-clock p {
  font-size: clamp(1.6rem, 3vw, 2.6rem);
}
"""

_component = None


def apply() -> None:
    """Style this run's presenter view (the style goes with the page)."""
    global _component
    if _component is None:
        _component = st.components.v2.component("socialready.presenter_style", css=_CSS,
                                                isolate_styles=False)
    _component(key="presenter.style")
