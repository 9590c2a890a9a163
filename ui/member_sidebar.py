"""The sidebar of someone signed in with their company account: who they are, their roles
in the current engagement, and signing out (everywhere)."""
from __future__ import annotations

import streamlit as st

import workspace
from ui import access, common, identity


def show(database) -> None:
    """Draw, in the sidebar already open, the member's name, roles and sign-out button, and
    keep the tab in step with their sign-in."""
    person = access.member()
    if person is None:
        return
    held = access.roles_here()
    st.caption(f"Signed in as **{common.escape_markdown(person.label)}**"
               + (f" · {', '.join(held)}" if held else " · no role here"))
    if st.button("Sign out", key="access.member_sign_out", icon=":material/logout:"):
        try:
            identity.sign_out(database, person)
        except workspace.WorkspaceBusy:
            st.error("The workspace is busy: you are still signed in. Try again in a moment.",
                     icon=":material/hourglass:")
        else:
            st.stop()
    access.watch_member()
