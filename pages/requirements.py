"""Requirements: the engagement's categories and criteria, editable, with must-haves."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from datafiles.text import NAME_MAX  # noqa: E402
from ui import access, common, drafts, tables  # noqa: E402

COLUMNS = ["id", "order", "name", "description", "direction", "must_have", "min_score"]

database = common.db()
engagement = common.current_engagement(database)
taxonomy = common.taxonomy()


def _import_standard() -> None:
    try:
        count = workspace.import_taxonomy(common.db(), engagement.id, taxonomy.categories,
                                          taxonomy.criteria)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    common.flash("success", f"{count} criteria in {len(taxonomy.categories)} categories added. "
                            "Edit them to fit this organization, then set the weights.")


new_category = drafts.Draft("requirements.new_", engagement.id, {"category": ""})


def _add_category() -> None:
    try:
        workspace.add_category(common.db(), engagement.id, new_category.values()["category"])
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    new_category.forget()


def _rename_category(category_id: str, name: str) -> None:
    key = f"requirements.{category_id}.name"
    try:
        workspace.rename_category(common.db(), engagement.id, category_id,
                                  st.session_state.get(key, ""))
    except workspace.WorkspaceError as error:
        st.session_state[key] = name     # the field shows the saved name again
        common.flash("error", f"Not renamed: {error}")
        return
    common.flash("success", "Category renamed.")


def _draft_id(category_id: str) -> str:
    return f"requirements#{engagement.id}#{category_id}"


def _discard_criteria(category_id: str) -> None:
    drafts.store().pop(_draft_id(category_id), None)
    for part in ("base", "editor"):
        st.session_state.pop(f"requirements.{category_id}.{part}", None)


def _rows(frame: pd.DataFrame) -> list[dict]:
    """A criteria table as plain rows (missing values as None), to compare and to keep."""
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def _remove_category(category_id: str) -> None:
    workspace.remove_category(common.db(), engagement.id, category_id)
    common.flash("success", "Category removed with its criteria and their scores.")


st.title("Requirements")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
st.write("Turn business requirements into criteria grouped in categories. Mark the criteria a "
         "platform must meet as **must-have** with a minimum score: a vendor below it is "
         "knocked out whatever its total. A **cost** criterion is scored by how costly it is "
         "(5 = most costly) and counts inversely.")

categories = workspace.list_categories(database, engagement.id)
criteria = workspace.list_criteria(database, engagement.id)
if not categories:
    st.info(f"This engagement has no requirements yet. Start from the standard taxonomy "
            f"({len(taxonomy.categories)} categories, {len(taxonomy.criteria)} criteria drawn "
            "from analyst evaluations) and edit it, or build your own.",
            icon=":material/info:")
    st.button("Start from the standard taxonomy", key="requirements.import", type="primary",
              on_click=access.guarded(_import_standard), icon=":material/playlist_add:")

must_haves = sum(c.must_have for c in criteria)
if categories:
    st.caption(f"{len(categories)} categories · {len(criteria)} criteria · "
               f"{must_haves} must-have")

for category in categories:
    rows = [c for c in criteria if c.category == category.id]
    frame = pd.DataFrame([{"id": c.id, "order": n, "name": c.name,
                           "description": c.description, "direction": c.direction,
                           "must_have": c.must_have, "min_score": c.min_score}
                          for n, c in enumerate(rows, start=1)], columns=COLUMNS)
    # The editor draws from a fixed base while it lives, so the browser keeps its place in
    # it; a new editor (first visit, or back from another page) starts from the unsaved
    # draft if there is one, so nothing typed is lost.
    key, draft_id = f"requirements.{category.id}", _draft_id(category.id)
    if f"{key}.editor" not in st.session_state:
        st.session_state[f"{key}.base"] = drafts.store().get(draft_id, _rows(frame))
    base = pd.DataFrame(st.session_state[f"{key}.base"], columns=COLUMNS)
    unsaved = draft_id in drafts.store()
    with st.expander(f"{common.escape_markdown(category.name)} ({len(rows)})",
                     icon=":material/category:", expanded=unsaved):
        edited = tables.grid(
            base, key=f"{key}.editor", num_rows="dynamic",
            hide_index=True, width="stretch", column_order=[
                "order", "name", "description", "direction", "must_have", "min_score"],
            column_config={
                "order": st.column_config.NumberColumn(
                    "#", min_value=1, step=1, width="small",
                    help="Change the numbers to reorder; new rows go last unless numbered"),
                "name": st.column_config.TextColumn("Criterion", required=True,
                                                    max_chars=NAME_MAX),
                "description": st.column_config.TextColumn("What good looks like",
                                                           width="large"),
                "direction": st.column_config.SelectboxColumn(
                    "Direction", options=["benefit", "cost"], default="benefit",
                    required=True),
                "must_have": st.column_config.CheckboxColumn("Must-have", default=False),
                "min_score": st.column_config.NumberColumn(
                    "Minimum score", min_value=0.0, max_value=5.0, step=0.5, default=0.0,
                    help="Knock-out threshold for must-haves on the 0-5 scale")})
        unsaved = _rows(edited) != _rows(frame)
        if unsaved:
            drafts.store()[draft_id] = _rows(edited)
            st.warning(common.escape_markdown(
                f"Unsaved changes to the criteria of {category.name}: they stay here until you "
                "save or discard them."), icon=":material/edit_note:")
        else:
            drafts.store().pop(draft_id, None)
        st.text_input("Why (optional, kept in the audit trail with the change)",
                      key=f"{key}.note", max_chars=workspace.audit.NOTE_MAX,
                      placeholder="e.g. Moderation is a must-have after the audit finding")
        left, right, _ = st.columns([1, 1, 2])
        save = left.button("Save criteria", key=f"{key}.save", icon=":material/save:",
                           type="primary" if unsaved else "secondary")
        if unsaved:
            right.button("Discard changes", key=f"{key}.discard", icon=":material/undo:",
                         on_click=access.guarded(_discard_criteria), args=(category.id,))
        if save:
            try:
                ordered = edited.assign(order=edited["order"].fillna(len(edited) + 1)) \
                    .sort_values("order", kind="stable")
                workspace.replace_category_criteria(
                    common.db(), engagement.id, category.id,
                    [{k: v for k, v in row.items() if k != "order"}
                     for row in _rows(ordered)],
                    note=st.session_state.get(f"{key}.note", ""))
            except workspace.WorkspaceError as error:
                st.error(common.escape_markdown(f"Not saved: {error}"), icon=":material/error:")
            else:
                _discard_criteria(category.id)
                st.session_state.pop(f"{key}.note", None)
                common.flash("success", f"Criteria of {category.name} saved.")
                st.rerun()
        st.caption("Add a row at the bottom, delete rows by selecting them, reorder by "
                   "changing the numbers in #. Removing a criterion removes its scores; "
                   "changing the list resets this category's weights.")
        name_key = f"{key}.name"
        if name_key not in st.session_state:
            st.session_state[name_key] = category.name
        st.text_input("Category name (saved when you press Enter or leave the field)",
                      key=name_key, max_chars=NAME_MAX, on_change=access.guarded(_rename_category),
                      args=(category.id, category.name))
        if st.toggle("Remove this category…", key=f"{key}.remove"):
            st.warning("Removing the category removes its criteria and their scores.",
                       icon=":material/warning:")
            st.button("Yes, remove it", key=f"{key}.remove_yes",
                      on_click=access.guarded(_remove_category), args=(category.id,),
                      type="primary")

new_category.prepare()
with st.container(border=True):
    new_category.field(st.text_input, "New category", "category", max_chars=NAME_MAX,
                       placeholder="e.g. Frontline reach")
    new_category.notice("the new category (not added yet)")
    st.button("Add category", key="requirements.add_category",
              on_click=access.guarded(_add_category),
              icon=":material/add:")
if criteria:
    common.page_link("pages/weights.py", label="Next: weigh the categories and criteria",
                 icon=":material/arrow_forward:")
