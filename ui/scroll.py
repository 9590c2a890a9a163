"""Bring a place of the page to the top of the screen when the person steps to a new section.

Streamlit keeps the scroll position of its main container across reruns: after "Next" at the
bottom of a long section, the new section would show from its bottom, its first statements
out of sight above. :func:`top_of_section` marks the place (just above the section's heading)
and, on the run after a step, scrolls it to the top of the screen, below Streamlit's header.

The script is fixed text in this file: it is never built from user or bank text, and it only
scrolls. It runs in the page as a Streamlit v2 component (no iframe, nothing fetched).
"""
from __future__ import annotations

import secrets

import streamlit as st

_SCRIPT = """
export default function ({ parentElement, data }) {
  // The last step seen per questionnaire, for this tab: a place drawn again (the page left
  // and opened again) does not scroll unless the person stepped since.
  const seen = (window.socialreadySteps = window.socialreadySteps || {});
  if (!data || !data.step || seen[data.prefix] === data.step) {
    return;
  }
  seen[data.prefix] = data.step;
  const place = parentElement;
  const header = document.querySelector('[data-testid="stHeader"]');
  const covered = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  place.style.scrollMarginTop = `${covered + 8}px`;
  requestAnimationFrame(() => place.scrollIntoView({ block: "start" }));
}
"""

_component = None


def _mount():
    global _component
    if _component is None:
        _component = st.components.v2.component("socialready.top_of_section", js=_SCRIPT,
                                                isolate_styles=False)
    return _component


def stepped(prefix: str) -> None:
    """Note that the person stepped to another section of ``prefix`` (call from a callback).

    Each step gets a token of its own: the browser scrolls once per new token.
    """
    st.session_state[f"{prefix}.step"] = secrets.token_hex(6)


def top_of_section(prefix: str) -> None:
    """Mark the top of the section; after :func:`stepped`, scroll it to the top of the screen."""
    _mount()(key=f"{prefix}.top", data={"prefix": prefix,
                                         "step": st.session_state.get(f"{prefix}.step")})
