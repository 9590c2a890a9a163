"""Facilitator sign-in: the configured secret opens every page for this browser, for a while."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st  # noqa: E402

from ui import access, common, identity  # noqa: E402


def _sign_in() -> None:
    attempt = st.session_state.pop("sign_in.secret", "")
    try:
        if not access.sign_in(attempt):
            common.flash("error", "That is not the facilitator secret.")
    except access.TooManyTries as error:
        common.flash("error", str(error))


company = identity.configured()
st.title("Sign in" if company else "Facilitator sign-in")
common.show_flash()
if company:
    st.write("Sign in with your company account to open the engagements you hold a role in. "
             "Taking part in a workshop or a pulse survey needs no sign-in: use its code or "
             "link.")
    unusable = identity.unusable_sign_in()
    if unusable:
        st.warning(unusable, icon=":material/warning:")
    with st.container(border=True):
        if st.button("Sign in with your company account", key="sign_in.company",
                     type="primary", icon=":material/badge:"):
            identity.sign_in()
    st.subheader("Administrator")
    st.caption("The holder of the facilitator secret may open every engagement and grant "
               "the first roles.")
else:
    st.write("Facilitators run the engagements and workshops. Taking part in a workshop needs "
             "no sign-in: join it with its code.")
with st.container(border=True):
    st.text_input("Facilitator secret", key="sign_in.secret", type="password", max_chars=1024)
    st.button("Sign in with the secret" if company else "Sign in", key="sign_in.submit",
              type="secondary" if company else "primary", on_click=access.guarded(_sign_in),
              icon=":material/key:")
hours = access.sign_in_hours()
if access.served_without_launcher():
    # Only serve.py serves the address that sets the sign-in cookie.
    st.warning(f"This server was started with `streamlit run app.py`: a sign-in lasts only "
               "for this tab (a refresh, a new tab or a lost connection asks for the secret "
               "again). Start it with `python3 dev.py run` (or `streamlit run serve.py`) for "
               f"the browser to stay signed in for {hours} hours.", icon=":material/warning:")
else:
    st.caption(f"This browser stays signed in for {hours} hours (after a refresh, in a new "
               "tab, after a lost connection) or until you sign out. Signing out signs out "
               "every tab of this browser.")
