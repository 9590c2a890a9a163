"""Facilitator sign-in: the configured secret opens every page for this browser session."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import math  # noqa: E402

import streamlit as st  # noqa: E402

from pages import access, common  # noqa: E402


def _sign_in() -> None:
    wait = access.wait_before_try("secret")
    if wait > 0:
        common.flash("error", f"Too many wrong secrets. Wait {math.ceil(wait)} seconds, then "
                              "try again.")
        return
    attempt = st.session_state.pop("sign_in.secret", "")
    if access.sign_in(attempt):
        access.record_try("secret", succeeded=True)
    else:
        access.record_try("secret", succeeded=False)
        common.flash("error", "That is not the facilitator secret.")


st.title("Facilitator sign-in")
common.show_flash()
st.write("Facilitators run the engagements and workshops. Taking part in a workshop needs no "
         "sign-in: join it with its code.")
with st.container(border=True):
    st.text_input("Facilitator secret", key="sign_in.secret", type="password", max_chars=1024)
    st.button("Sign in", key="sign_in.submit", type="primary", on_click=_sign_in,
              icon=":material/key:")
st.caption("This browser tab stays signed in until you sign out or close it.")
