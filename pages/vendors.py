"""Vendors: the platforms this engagement compares, from the catalog or added by hand."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from pages import common, tables  # noqa: E402
from vendors.catalog import load_catalog  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
catalog = {v.id: v for v in load_catalog()}


def _add_from_catalog() -> None:
    chosen = st.session_state.get("vendors.catalog_pick") or []
    try:
        with workspace.write(common.db()) as db:
            for catalog_id in chosen:
                entry = catalog[catalog_id]
                workspace.add_vendor(db, engagement.id, entry.name, entry.company,
                                     entry.status_note, catalog_id=entry.id)
    except workspace.WorkspaceError as error:
        common.flash("error", f"Nothing was added: {error}")
        return
    st.session_state["vendors.catalog_pick"] = []
    common.flash("success", f"{len(chosen)} vendor(s) added.")


def _add_custom() -> None:
    state = st.session_state
    try:
        workspace.add_vendor(common.db(), engagement.id, state.get("vendors.new_name", ""),
                             state.get("vendors.new_company", ""),
                             state.get("vendors.new_note", ""))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    for field in ("name", "company", "note"):
        state[f"vendors.new_{field}"] = ""
    common.flash("success", "Vendor added.")


def _save_vendor(vendor_id: int) -> None:
    state = st.session_state
    try:
        workspace.check_vendor_in(common.db(), engagement.id, vendor_id)
        workspace.update_vendor(common.db(), vendor_id, name=state.get("vendors.edit_name"),
                                company=state.get("vendors.edit_company"),
                                status_note=state.get("vendors.edit_note"),
                                archived=state.get("vendors.edit_archived"))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    common.flash("success", "Vendor saved.")


st.title("Vendors")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()

vendors = workspace.list_vendors(database, engagement.id, include_archived=True)
active = [v for v in vendors if not v.archived]
if vendors:
    tables.table(pd.DataFrame([{
        "Vendor": v.name, "Company": v.company, "Status": v.status_note,
        "Catalog": catalog[v.catalog_id].status if v.catalog_id in catalog else "added by hand",
        "In results": "archived" if v.archived else "yes"} for v in vendors]),
        hide_index=True, width="stretch",
        column_config={"Status": st.column_config.TextColumn(width="large")})
    st.caption(f"{len(active)} compared, {len(vendors) - len(active)} archived (archived "
               "vendors keep their scores but drop out of the results).")
else:
    st.info("No vendors yet. Add platforms from the catalog below, or your own.",
            icon=":material/info:")

st.subheader("Add from the catalog")
with st.expander("What the catalog says about each platform", icon=":material/menu_book:"):
    tables.table(pd.DataFrame([{
        "Platform": v.name, "Company": v.company, "Group": v.group, "Status": v.status,
        "Note": v.status_note, "Confidence": v.confidence, "Source": v.source,
        "Candidate today": "yes" if v.candidate else "no"} for v in catalog.values()]),
        hide_index=True, width="stretch",
        column_config={"Note": st.column_config.TextColumn(width="large")})
    st.caption("Statuses as last checked; recheck before relying on them.")
taken = {v.catalog_id for v in vendors}
options = [c for c in catalog if c not in taken]
st.multiselect("Platforms", options, key="vendors.catalog_pick",
               format_func=lambda c: catalog[c].name + ("" if catalog[c].candidate else
                                                        f" ({catalog[c].status})"),
               placeholder="Choose platforms to compare")
st.button("Add selected platforms", key="vendors.add_catalog", on_click=_add_from_catalog,
          icon=":material/add:", disabled=not options)

st.subheader("Add a vendor by hand")
with st.form("vendors.new"):
    st.text_input("Name", key="vendors.new_name", max_chars=200)
    st.text_input("Company", key="vendors.new_company")
    st.text_area("Status note", key="vendors.new_note",
                 placeholder="Ownership, roadmap, anything a buyer should know")
    st.form_submit_button("Add vendor", on_click=_add_custom, icon=":material/add:")

if vendors:
    st.subheader("Edit, archive or restore")
    chosen = st.selectbox("Vendor", [v.id for v in vendors], key="vendors.edit_pick",
                          format_func={v.id: v.name for v in vendors}.get)
    vendor = next(v for v in vendors if v.id == chosen)
    if st.session_state.get("vendors.edit_for") != vendor:
        st.session_state["vendors.edit_for"] = vendor
        st.session_state["vendors.edit_name"] = vendor.name
        st.session_state["vendors.edit_company"] = vendor.company
        st.session_state["vendors.edit_note"] = vendor.status_note
        st.session_state["vendors.edit_archived"] = vendor.archived
    with st.form("vendors.edit"):
        st.text_input("Name", key="vendors.edit_name", max_chars=200)
        st.text_input("Company", key="vendors.edit_company")
        st.text_area("Status note", key="vendors.edit_note")
        st.checkbox("Archived (kept with its scores, left out of the results)",
                    key="vendors.edit_archived")
        st.form_submit_button("Save vendor", on_click=_save_vendor, args=(vendor.id,))
if active:
    st.page_link("pages/scoring.py", label="Next: score the vendors",
                 icon=":material/arrow_forward:")
