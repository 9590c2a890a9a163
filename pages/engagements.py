"""Engagements: create, pick, rename and edit, delete with confirmation, reset the example."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd
import streamlit as st

import workspace
from ui import access, common, drafts, identity, roles_editor, tables

SIZES = ["", "Under 250 employees", "250-1,000 employees", "1,000-2,000 employees",
         "2,000-5,000 employees", "5,000-20,000 employees", "Over 20,000 employees"]


FIELDS = ("name", "organization", "industry", "size", "purpose")
new_draft = drafts.Draft("new.", None, {field: "" for field in FIELDS})


def _create() -> None:
    if not access.may_create():
        return
    state = st.session_state
    try:
        engagement = workspace.create_engagement(
            common.db(), state.get("new.name", ""), organization=state.get("new.organization"),
            industry=state.get("new.industry"), size=state.get("new.size"),
            purpose=state.get("new.purpose"))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    if not access.make_owner(engagement.id):
        return
    new_draft.forget()
    common.select_engagement(engagement.id)
    common.flash("success", f"Engagement “{engagement.name}” created. Next: the culture "
                            "questionnaire.")


def _save_details(draft: drafts.Draft) -> None:
    if not access.may("own", draft.record):
        return
    values = draft.values()
    try:
        workspace.update_engagement(common.db(), draft.record, **values)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    draft.forget()
    common.flash("success", "Changes saved.")


def _delete(engagement_id: int) -> None:
    if not access.may("own", engagement_id):
        return
    engagement = workspace.get_engagement(common.db(), engagement_id)
    workspace.delete_engagement(common.db(), engagement_id)
    st.session_state["delete.confirm"] = False
    common.select_engagement(None)
    common.flash("success", f"Engagement “{engagement.name}” and all its answers were deleted.")


def _reset_example() -> None:
    if not access.administrator():
        return
    engagement_id = workspace.reset_example(common.db())
    common.select_engagement(engagement_id)
    common.flash("success", "The example engagement was reset to its illustrative answers.")


database = common.db()
st.title("Engagements")
st.caption("An engagement holds everything one client assessment produces: the people taking "
           "part, their answers, targets and snapshots. Pick one in the sidebar to work on it.")
common.show_flash()

engagements = access.visible_engagements(database)
if not engagements and access.member() is not None:
    st.info("You hold no role in any engagement yet. An owner of one can give you a role; "
            "or create a new engagement below (you will be its owner).",
            icon=":material/group_off:")
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
if current_id is not None and access.may("own"):
    draft = drafts.Draft("edit.", current.id, {f: getattr(current, f) or "" for f in FIELDS})
    draft.prepare()
    edit, danger = st.columns([3, 2], gap="large")
    with edit.expander("Rename or edit details", icon=":material/edit:",
                       expanded=bool(draft.unsaved())):
        with st.container(border=True):
            draft.field(st.text_input, "Name", "name",
                        max_chars=workspace.engagements.NAME_MAX)
            draft.field(st.text_input, "Organization", "organization")
            draft.field(st.text_input, "Industry", "industry")
            draft.field(st.selectbox, "Size", "size", options=SIZES if current.size in SIZES
                        else [current.size, *SIZES])
            draft.field(st.text_area, "Purpose", "purpose")
            draft.notice("this engagement's details")
            st.button("Save changes", key="edit.save",
                      on_click=access.guarded(_save_details, "own"), args=(draft,),
                      type="primary" if draft.unsaved() else "secondary")
    with danger:
        if current.is_example and access.administrator():
            st.button("Reset the example", key="example.reset",
                      on_click=access.guarded(_reset_example),
                      icon=":material/restart_alt:",
                      help="Replace the example's answers, targets and snapshots with the "
                           "original illustrative ones.")
        if st.toggle("Delete this engagement…", key="delete.confirm"):
            st.warning("Deleting removes the engagement with every participant, answer, "
                       "target and snapshot. This cannot be undone.", icon=":material/warning:")
            st.button("Yes, delete it for good", key="delete.yes", type="primary",
                      on_click=access.guarded(_delete, "own"), args=(current.id,),
                      icon=":material/delete_forever:")

if current_id is not None and identity.configured() and access.may("own"):
    roles_editor.show(database, current)

st.subheader("New engagement")
if not access.may_create():
    st.caption("Creating an engagement makes you its owner, by your email address: your "
               "company account sent none that it vouches for. Ask the administrator.")
    st.stop()
new_draft.prepare()
with st.container(border=True):
    new_draft.field(st.text_input, "Name", "name", max_chars=workspace.engagements.NAME_MAX,
                    placeholder="e.g. Contoso 2027 collaboration review")
    left, right = st.columns(2)
    new_draft.field(left.text_input, "Organization", "organization")
    new_draft.field(right.text_input, "Industry", "industry")
    new_draft.field(left.selectbox, "Size", "size", options=SIZES)
    new_draft.field(st.text_area, "Purpose", "purpose",
                    placeholder="What decision should this engagement support?")
    new_draft.notice("the new engagement (not created yet)")
    st.button("Create engagement", key="new.create", type="primary",
              on_click=access.guarded(_create))
if access.administrator() and not any(e.is_example for e in engagements):
    st.button("Bring back the example engagement", key="example.restore",
              on_click=access.guarded(_reset_example), icon=":material/science:")
