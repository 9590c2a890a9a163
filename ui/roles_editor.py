"""Who holds which role in an engagement (company sign-in): the list, granting and taking
away, for the engagement's owners and the administrator."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import workspace
from ui import access, common, tables

_KIND_LABELS = {"email": "An email address", "group": "A group"}


def actor() -> str:
    """Who is making a change, as the audit trail names them: the member's address, or
    "facilitator" for the secret holder."""
    person = access.member()
    return person.label if person is not None else workspace.audit.FACILITATOR


def _grant(engagement_id: int) -> None:
    state = st.session_state
    if not access.may("own", engagement_id):
        common.flash("error", "Your role in this engagement no longer lets you grant roles.")
        return
    kind = state.get("roles.kind", "email")
    try:
        granted = workspace.roles.grant(common.db(), engagement_id, kind,
                                        state.get("roles.principal", ""),
                                        state.get("roles.role", "viewer"), actor())
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    state["roles.principal"] = ""
    common.flash("success", f"{'Group ' if granted.kind == 'group' else ''}{granted.principal} "
                            f"is now {granted.role} of this engagement.")


def _revoke(engagement_id: int) -> None:
    chosen = st.session_state.get("roles.remove")
    if not access.may("own", engagement_id):
        common.flash("error", "Your role in this engagement no longer lets you change roles.")
        return
    if not chosen:
        return
    kind, principal = chosen.split(":", 1)
    try:
        workspace.roles.revoke(common.db(), engagement_id, kind, principal, actor())
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    st.session_state.pop("roles.remove", None)
    common.flash("success", f"{'Group ' if kind == 'group' else ''}{principal} no longer holds "
                            "a role in this engagement.")


def show(database: workspace.Database, engagement: workspace.Engagement) -> None:
    """The engagement's roles with the controls to change them (the caller checked that the
    person may)."""
    st.subheader("People and roles")
    st.caption("Who may open this engagement when they sign in with their company account. "
               + " ".join(f"**{role.capitalize()}**: {text}."
                          for role, text in workspace.roles.DESCRIPTIONS.items())
               + " Workshop participants and pulse respondents need no role: they come by "
                 "code or link. Every change is kept in the audit trail.")
    held = workspace.roles.grants(database, engagement.id)
    if held:
        tables.table(pd.DataFrame([{
            "Granted to": ("Group: " if g.kind == "group" else "") + g.principal,
            "Role": g.role, "Granted by": g.granted_by, "When": g.granted_at[:16].replace("T", " ")}
            for g in held]), hide_index=True, width="stretch")
    else:
        st.info("Nobody holds a role yet: only the administrator (the facilitator secret) can "
                "open this engagement.", icon=":material/group_off:")
    with st.container(border=True):
        kind = st.radio("Grant a role to", list(_KIND_LABELS), key="roles.kind",
                        format_func=_KIND_LABELS.get, horizontal=True)
        st.text_input("Email address" if kind == "email"
                      else "Group, as the identity provider names it", key="roles.principal",
                      max_chars=workspace.roles.EMAIL_MAX if kind == "email"
                      else workspace.roles.GROUP_MAX,
                      placeholder="name@company.com" if kind == "email" else "e.g. hr-leads")
        st.selectbox("Role", list(workspace.roles.ROLES), key="roles.role", index=3,
                     format_func=lambda r: f"{r} ({workspace.roles.DESCRIPTIONS[r]})")
        st.button("Grant the role", key="roles.grant", type="primary",
                  on_click=access.guarded(_grant, "own"),
                  args=(engagement.id,), icon=":material/person_add:",
                  help="Someone who already holds a role gets this one in its place.")
    if held:
        with st.container(border=True):
            st.selectbox("Take a role away from", [f"{g.kind}:{g.principal}" for g in held],
                         key="roles.remove", index=None, placeholder="Choose",
                         format_func=lambda key: next(
                             (("Group: " if g.kind == "group" else "") + f"{g.principal} "
                              f"({g.role})" for g in held if f"{g.kind}:{g.principal}" == key),
                             key))
            st.button("Take the role away", key="roles.revoke",
                      on_click=access.guarded(_revoke, "own"),
                      args=(engagement.id,), icon=":material/person_remove:")
