"""The browser's side of a lasting sign-in: trade the hand-over code for the cookie, and clear
the cookie on sign-out (see :mod:`workshops.sign_in`).

Only the server can set an ``HttpOnly`` cookie, and only in an HTTP response: the app's own
connection (a WebSocket opened before the sign-in) cannot. So, on the run after a sign-in,
the page posts the one-time hand-over code to ``serve.py``'s sign-in address, whose answer
sets the cookie; on the run after a sign-out it posts to the sign-out address, whose answer
clears it. The script is fixed text in this file (it never contains user text), it runs in
the page as a Streamlit v2 component (no iframe, nothing fetched from elsewhere), sends each
code once per tab, and reads nothing back: the cookie stays out of every script's reach.
"""
from __future__ import annotations

import streamlit as st

import workspace
from ui import access
from workshops import sign_in

_SCRIPT = """
export default function ({ data }) {
  if (!data || !data.path || !data.once) {
    return;
  }
  const sent = (window.socialreadySignIn = window.socialreadySignIn || {});
  if (sent[data.once]) {
    return;
  }
  sent[data.once] = true;
  fetch(new URL(data.path, window.location.origin), {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: { "Content-Type": "text/plain" },
    body: data.code || "",
  }).catch(() => {
    delete sent[data.once];
  });
}
"""

_component = None


def _mount():
    global _component
    if _component is None:
        _component = st.components.v2.component("socialready.sign_in_cookie", js=_SCRIPT,
                                                isolate_styles=False)
    return _component


def exchange(database: workspace.Database) -> None:
    """After a sign-in, have the browser trade its hand-over code for the cookie (until the
    workspace says it was traded); after a sign-out, have it clear the cookie."""
    code = st.session_state.get(access.HANDOVER)
    held = st.session_state.get(access.SIGN_IN_ID)
    if code and held is not None and workspace.sign_ins.handed_over(database, held):
        st.session_state.pop(access.HANDOVER, None)
        code = None
    clear = st.session_state.pop(access.CLEAR_COOKIE, None)
    if code:
        data = {"path": sign_in.SIGN_IN_PATH, "code": code, "once": code[:12]}
    elif clear:
        data = {"path": sign_in.SIGN_OUT_PATH, "code": "", "once": clear}
    else:
        return
    with st.sidebar:
        _mount()(key="access.cookie", data=data)
