"""Requirements: the engagement's categories and criteria, editable, with must-haves."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from pages import common, tables  # noqa: E402

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


def _add_category() -> None:
    try:
        workspace.add_category(common.db(), engagement.id,
                               st.session_state.get("requirements.new_category", ""))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    st.session_state["requirements.new_category"] = ""


def _rename_category(category_id: str) -> None:
    try:
        workspace.rename_category(common.db(), engagement.id, category_id,
                                  st.session_state.get(f"requirements.{category_id}.name", ""))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))


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
              on_click=_import_standard, icon=":material/playlist_add:")

must_haves = sum(c.must_have for c in criteria)
if categories:
    st.caption(f"{len(categories)} categories · {len(criteria)} criteria · "
               f"{must_haves} must-have")

for category in categories:
    rows = [c for c in criteria if c.category == category.id]
    with st.expander(f"{common.escape_markdown(category.name)} ({len(rows)})",
                     icon=":material/category:"):
        frame = pd.DataFrame([{"id": c.id, "order": n, "name": c.name,
                               "description": c.description, "direction": c.direction,
                               "must_have": c.must_have, "min_score": c.min_score}
                              for n, c in enumerate(rows, start=1)],
                             columns=["id", "order", "name", "description", "direction",
                                      "must_have", "min_score"])
        with st.form(f"requirements.{category.id}.form", border=False):
            edited = tables.grid(
                frame, key=f"requirements.{category.id}.editor", num_rows="dynamic",
                hide_index=True, width="stretch", column_order=[
                    "order", "name", "description", "direction", "must_have", "min_score"],
                column_config={
                    "order": st.column_config.NumberColumn(
                        "#", min_value=1, step=1, width="small",
                        help="Change the numbers to reorder; new rows go last unless numbered"),
                    "name": st.column_config.TextColumn("Criterion", required=True,
                                                        max_chars=200),
                    "description": st.column_config.TextColumn("What good looks like",
                                                               width="large"),
                    "direction": st.column_config.SelectboxColumn(
                        "Direction", options=["benefit", "cost"], default="benefit",
                        required=True),
                    "must_have": st.column_config.CheckboxColumn("Must-have", default=False),
                    "min_score": st.column_config.NumberColumn(
                        "Minimum score", min_value=0.0, max_value=5.0, step=0.5, default=0.0,
                        help="Knock-out threshold for must-haves on the 0-5 scale")})
            saved = st.form_submit_button("Save criteria", icon=":material/save:")
        if saved:
            try:
                ordered = edited.assign(order=edited["order"].fillna(len(edited) + 1)) \
                    .sort_values("order", kind="stable")
                workspace.replace_category_criteria(
                    common.db(), engagement.id, category.id,
                    [{k: (None if pd.isna(v) else v) for k, v in row.items() if k != "order"}
                     for row in ordered.to_dict("records")])
            except workspace.WorkspaceError as error:
                st.error(common.escape_markdown(str(error)), icon=":material/error:")
            else:
                del st.session_state[f"requirements.{category.id}.editor"]
                common.flash("success", f"Criteria of {category.name} saved.")
                st.rerun()
        st.caption("Add a row at the bottom, delete rows by selecting them, reorder by "
                   "changing the numbers in #. Removing a criterion removes its scores; "
                   "changing the list resets this category's weights.")
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.text_input("Category name", value=category.name,
                        key=f"requirements.{category.id}.name")
        right.button("Rename", key=f"requirements.{category.id}.rename",
                     on_click=_rename_category, args=(category.id,))
        if st.toggle("Remove this category…", key=f"requirements.{category.id}.remove"):
            st.warning("Removing the category removes its criteria and their scores.",
                       icon=":material/warning:")
            st.button("Yes, remove it", key=f"requirements.{category.id}.remove_yes",
                      on_click=_remove_category, args=(category.id,), type="primary")

with st.form("requirements.new_category_form", border=True):
    st.text_input("New category", key="requirements.new_category", max_chars=200,
                  placeholder="e.g. Frontline reach")
    st.form_submit_button("Add category", on_click=_add_category, icon=":material/add:")
if criteria:
    st.page_link("pages/weights.py", label="Next: weigh the categories and criteria",
                 icon=":material/arrow_forward:")
