"""Engagements: create, pick, rename and edit, delete with confirmation, reset the example."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd
import streamlit as st

import workspace
from pages import common, tables

SIZES = ["", "Under 250 employees", "250-1,000 employees", "1,000-2,000 employees",
         "2,000-5,000 employees", "5,000-20,000 employees", "Over 20,000 employees"]


def _create() -> None:
    state = st.session_state
    try:
        engagement = workspace.create_engagement(
            common.db(), state.get("new.name", ""), organization=state.get("new.organization"),
            industry=state.get("new.industry"), size=state.get("new.size"),
            purpose=state.get("new.purpose"))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    for field in ("name", "organization", "industry", "purpose"):
        state[f"new.{field}"] = ""
    common.select_engagement(engagement.id)
    common.flash("success", f"Engagement “{engagement.name}” created. Next: the culture "
                            "questionnaire.")


def _save_details(engagement_id: int) -> None:
    state = st.session_state
    try:
        workspace.update_engagement(
            common.db(), engagement_id, name=state.get("edit.name", ""),
            organization=state.get("edit.organization"), industry=state.get("edit.industry"),
            size=state.get("edit.size"), purpose=state.get("edit.purpose"))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    common.flash("success", "Changes saved.")


def _delete(engagement_id: int) -> None:
    engagement = workspace.get_engagement(common.db(), engagement_id)
    workspace.delete_engagement(common.db(), engagement_id)
    st.session_state["delete.confirm"] = False
    common.select_engagement(None)
    common.flash("success", f"Engagement “{engagement.name}” and all its answers were deleted.")


def _reset_example() -> None:
    engagement_id = workspace.reset_example(common.db())
    common.select_engagement(engagement_id)
    common.flash("success", "The example engagement was reset to its illustrative answers.")


def _edit_keys(engagement: workspace.Engagement) -> None:
    """Load the current engagement into the edit form when it changes."""
    if st.session_state.get("edit.for") != (engagement.id, engagement.updated_at):
        st.session_state["edit.for"] = (engagement.id, engagement.updated_at)
        for field in ("name", "organization", "industry", "size", "purpose"):
            st.session_state[f"edit.{field}"] = getattr(engagement, field)


database = common.db()
st.title("Engagements")
st.caption("An engagement holds everything one client assessment produces: the people taking "
           "part, their answers, targets and snapshots. Pick one in the sidebar to work on it.")
common.show_flash()

engagements = workspace.list_engagements(database)
if engagements:
    overview = pd.DataFrame([{
        "Engagement": e.name, "Organization": e.organization, "Industry": e.industry,
        "Size": e.size, "People": len(workspace.list_participants(database, e.id)),
        "Created": e.created_at[:10], "Example": "yes" if e.is_example else ""}
        for e in engagements])
    tables.table(overview, hide_index=True, width="stretch")

current_id = st.session_state.get(common.ENGAGEMENT)
if current_id is not None:
    current = workspace.get_engagement(database, current_id)
    st.subheader(f"Current: {common.escape_markdown(current.name)}")
    if current.is_example:
        st.info("This is the **example engagement**: its answers are invented to show what "
                "the app does. They are not analyst facts. You can change it freely and reset "
                "it at any time.", icon=":material/science:")
    if current.purpose:
        st.text(current.purpose)
    _edit_keys(current)
    edit, danger = st.columns([3, 2], gap="large")
    with edit.expander("Rename or edit details", icon=":material/edit:"):
        with st.form("edit"):
            st.text_input("Name", key="edit.name", max_chars=workspace.engagements.NAME_MAX)
            st.text_input("Organization", key="edit.organization")
            st.text_input("Industry", key="edit.industry")
            st.selectbox("Size", SIZES if current.size in SIZES else [current.size, *SIZES],
                         key="edit.size")
            st.text_area("Purpose", key="edit.purpose")
            st.form_submit_button("Save changes", on_click=_save_details, args=(current.id,))
    with danger:
        if current.is_example:
            st.button("Reset the example", key="example.reset", on_click=_reset_example,
                      icon=":material/restart_alt:",
                      help="Replace the example's answers, targets and snapshots with the "
                           "original illustrative ones.")
        if st.toggle("Delete this engagement…", key="delete.confirm"):
            st.warning("Deleting removes the engagement with every participant, answer, "
                       "target and snapshot. This cannot be undone.", icon=":material/warning:")
            st.button("Yes, delete it for good", key="delete.yes", type="primary",
                      on_click=_delete, args=(current.id,), icon=":material/delete_forever:")

st.subheader("New engagement")
with st.form("new", clear_on_submit=False):
    st.text_input("Name", key="new.name", max_chars=workspace.engagements.NAME_MAX,
                  placeholder="e.g. Contoso 2027 collaboration review")
    left, right = st.columns(2)
    left.text_input("Organization", key="new.organization")
    right.text_input("Industry", key="new.industry")
    left.selectbox("Size", SIZES, key="new.size")
    st.text_area("Purpose", key="new.purpose",
                 placeholder="What decision should this engagement support?")
    st.form_submit_button("Create engagement", type="primary", on_click=_create)
if not any(e.is_example for e in engagements):
    st.button("Bring back the example engagement", key="example.restore",
              on_click=_reset_example, icon=":material/science:")
