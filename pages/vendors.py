"""Vendors: the platforms this engagement compares, from the catalog or added by hand."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from datafiles.text import NAME_MAX  # noqa: E402
from ui import access, common, drafts, tables  # noqa: E402
from reports.formats import counted  # noqa: E402
from vendors.catalog import load_catalog  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
catalog = {v.id: v for v in load_catalog()}


picks = drafts.Draft("vendors.catalog_", engagement.id, {"pick": []})


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
    picks.forget()
    common.flash("success", f"{counted(len(chosen), 'vendor')} added.")


new_draft = drafts.Draft("vendors.new_", engagement.id, {"name": "", "company": "", "note": ""})


def _add_custom() -> None:
    values = new_draft.values()
    try:
        workspace.add_vendor(common.db(), engagement.id, values["name"], values["company"],
                             values["note"])
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    new_draft.forget()
    common.flash("success", "Vendor added.")


def _save_vendor(draft: drafts.Draft) -> None:
    values = draft.values()
    try:
        workspace.check_vendor_in(common.db(), engagement.id, draft.record)
        workspace.update_vendor(common.db(), draft.record, name=values["name"],
                                company=values["company"], status_note=values["note"],
                                archived=values["archived"])
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    draft.forget()
    common.flash("success", "Vendor saved.")


st.title("Vendors")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()


def _set_blind() -> None:
    workspace.blind.set_blind(common.db(), engagement.id, st.session_state["vendors.blind"])


st.session_state["vendors.blind"] = workspace.blind.is_blind(database, engagement.id)
st.toggle("Blind scoring", key="vendors.blind", on_change=access.guarded(_set_blind),
          help="Scorers (the Vendor scoring page, a workshop's participants, the group's "
               "results and the presenter view) see the vendors as Vendor A, B, ... until "
               "you turn it off. Your own pages keep the names.")
if st.session_state["vendors.blind"]:
    st.info("Blind scoring is on: scorers see the vendors as Vendor A, B, ... (in the order "
            "they were added below).", icon=":material/visibility_off:")

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
picks.prepare()
st.session_state["vendors.catalog_pick"] = [c for c in st.session_state["vendors.catalog_pick"]
                                            if c in options]
picks.field(st.multiselect, "Platforms", "pick", options=options,
            format_func=lambda c: catalog[c].name + ("" if catalog[c].candidate else
                                                     f" ({catalog[c].status})"),
            placeholder="Choose platforms to compare")
picks.notice("the platforms chosen (not added yet)")
st.button("Add selected platforms", key="vendors.add_catalog",
          on_click=access.guarded(_add_from_catalog),
          icon=":material/add:", disabled=not options)



def _vendor_fields(draft: drafts.Draft) -> None:
    draft.prepare()
    draft.field(st.text_input, "Name", "name", max_chars=NAME_MAX)
    draft.field(st.text_input, "Company", "company")
    draft.field(st.text_area, "Status note", "note",
                placeholder="Ownership, roadmap, anything a buyer should know")


st.subheader("Add a vendor by hand")
with st.container(border=True):
    _vendor_fields(new_draft)
    new_draft.notice("the new vendor (not added yet)")
    st.button("Add vendor", key="vendors.add_custom", on_click=access.guarded(_add_custom),
              icon=":material/add:")

if vendors:
    st.subheader("Edit, archive or restore")
    by_id = {v.id: v for v in vendors}
    # Fixed option labels (see common.section_picker); unsaved vendors are named below.
    chosen = st.selectbox("Vendor", list(by_id), key="vendors.edit_pick",
                          format_func=lambda v: by_id[v].name)
    vendor = by_id[chosen]
    draft = drafts.Draft("vendors.edit_", vendor.id, {
        "name": vendor.name, "company": vendor.company, "note": vendor.status_note,
        "archived": vendor.archived})
    elsewhere = [by_id[int(v)].name for v in draft.others() if int(v) in by_id]
    if elsewhere:
        st.caption(common.escape_markdown("Unsaved changes also on: " + ", ".join(elsewhere)
                                          + " (pick it to save or discard them)."))
    with st.container(border=True):
        _vendor_fields(draft)
        draft.field(st.checkbox, "Archived (kept with its scores, left out of the results)",
                    "archived")
        draft.notice(vendor.name)
        st.button("Save vendor", key="vendors.save",
                  on_click=access.guarded(_save_vendor), args=(draft,),
                  type="primary" if draft.unsaved() else "secondary")


def _amount(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _save_currency() -> None:
    try:
        code = workspace.costs.set_currency(common.db(), engagement.id,
                                            st.session_state.get("vendors.currency", ""))
    except workspace.WorkspaceError as error:
        common.flash("error", f"The currency was not changed: {error}")
        return
    common.flash("success", f"Costs are stated in {code} (amounts are not converted).")


def _save_cost(vendor_id: int, name: str) -> None:
    given = {field: st.session_state.get(f"vendors.cost_{field}_{vendor_id}", "")
             for field in workspace.costs.COST_COLUMNS}
    try:
        cost = workspace.costs.check_cost(**given)
        workspace.costs.save_cost(common.db(), engagement.id, vendor_id, cost)
    except workspace.WorkspaceError as error:
        common.flash("error", f"The cost of {name} was not saved: {error}")
        return
    common.flash("success", f"Cost of {name} saved." + (
        "" if cost.complete else " Some inputs are empty: its total cost stays unknown "
                                 "until they are given."))


if active:
    st.subheader("Cost (value for money)")
    st.caption("Total cost of ownership = licence per user per year x users x years + "
               "one-off implementation. Leave a figure empty while it is not known: the "
               "comparison says so and never fills it in.")
    currency = workspace.costs.get_currency(database, engagement.id)
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.text_input("Currency (ISO code)", value=currency, max_chars=3,
                    key="vendors.currency", help="EUR, USD, GBP, ... Amounts are not converted.")
    right.button("Save currency", key="vendors.save_currency",
                 on_click=access.guarded(_save_currency))
    costs = workspace.costs.vendor_costs(database, engagement.id)
    tables.table(pd.DataFrame({
        "Vendor": list(costs.index),
        f"Licence per user per year ({currency})": costs["licence"],
        "Users": costs["users"], f"Implementation ({currency})": costs["implementation"],
        "Years": costs["horizon"]}), hide_index=True, width="stretch")
    by_name = {v.id: v for v in active}
    costed = st.selectbox("Vendor to cost", list(by_name), key="vendors.cost_pick",
                          format_func=lambda v: by_name[v].name)
    cost = workspace.costs.get_cost(database, costed)
    with st.form(f"vendors.cost_form_{costed}", border=True):
        first, second = st.columns(2)
        first.text_input(f"Licence per user per year ({currency})", _amount(cost.licence),
                         key=f"vendors.cost_licence_{costed}")
        second.text_input("Users", _amount(cost.users), key=f"vendors.cost_users_{costed}")
        first.text_input(f"One-off implementation ({currency})",
                         _amount(cost.implementation),
                         key=f"vendors.cost_implementation_{costed}")
        second.text_input("Horizon (years)", _amount(cost.horizon),
                          key=f"vendors.cost_horizon_{costed}")
        st.form_submit_button("Save cost", on_click=access.guarded(_save_cost),
                              args=(costed, by_name[costed].name))
    common.page_link("pages/scoring.py", label="Next: score the vendors",
                 icon=":material/arrow_forward:")
