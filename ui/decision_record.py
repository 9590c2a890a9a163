"""The decision record on a page: the History of changes, and signing a decision off."""
from __future__ import annotations

from datetime import date

import streamlit as st

import workspace
from datafiles.text import NAME_MAX
from outcomes import decision_record, exports
from reports import images
from reports.formats import counted
from ui import access, common, downloads, results, tables

ALL = "all"
#: The History shows at most this many changes (the exports hold them all).
SHOWN = 500


def history(database: workspace.Database, engagement_id: int,
            vendors: list[workspace.VendorRow], criteria: list[workspace.CriterionRow],
            categories: list[workspace.CategoryRow], key: str) -> None:
    """A "History" expander: every change to a score, weight, criterion or vendor, for the
    whole engagement or one vendor, criterion or category."""
    with st.expander("History", icon=":material/history:"):
        choices = {ALL: "Every change",
                   **{f"v{v.id}": f"Vendor: {v.name}" for v in vendors},
                   **{f"c{c.id}": f"Criterion: {c.name}" for c in criteria},
                   **{f"c{c.id}": f"Category: {c.name}" for c in categories},
                   f"c{workspace.CATEGORIES_LEVEL}": "The category weights (method)"}
        chosen = st.selectbox("Show the changes of", list(choices), key=f"{key}.history",
                              format_func=choices.get)
        only = ({} if chosen == ALL else {"vendor_id": int(chosen[1:])} if chosen[0] == "v"
                else {"item": chosen[1:]})
        trail = workspace.audit.audit_trail(database, engagement_id, newest=SHOWN, **only)
        if trail.empty:
            st.caption("No change recorded yet.")
            return
        st.caption("Newest first. Every change keeps who made it (a participant's name, or "
                   "“facilitator”), when (UTC), the value before and after, and the note "
                   "given with it.")
        if len(trail) == SHOWN and not only:
            st.caption(f"The newest {SHOWN:,} of "
                       f"{workspace.audit.trail_length(database, engagement_id):,} changes "
                       "are shown; the workbook's Audit trail sheet and the backup hold "
                       "every one.")
        elif len(trail) == SHOWN:
            st.caption(f"The newest {SHOWN:,} changes are shown; the workbook's Audit trail "
                       "sheet and the backup hold every one.")
        tables.show(decision_record.audit_table(trail), key=f"{key}.history_table")


def _sign(engagement_id: int) -> None:
    name = st.session_state.get("decision.signer", "")
    note = st.session_state.get("decision.note", "")
    try:
        signed = decision_record.sign_off(common.db(), engagement_id, name, note)
    except workspace.WorkspaceError as error:
        common.flash("error", f"Nothing was signed off: {error}")
    else:
        common.flash("success", f"Signed off by {signed.signed_by} at {signed.signed_at} "
                                "(UTC). This record cannot be changed.")
        st.session_state["decision.note"] = ""


def sign_off(database: workspace.Database, engagement: workspace.Engagement) -> None:
    """The Decision record section: what changed since the latest sign-off, every signed-off
    decision (and its CSV), and the form that signs the decision off as it stands."""
    st.header("Decision record")
    signed = workspace.sign_offs.list_sign_offs(database, engagement.id)
    now = results.decision_now(database, engagement.id)
    if signed:
        latest = signed[-1]
        moved = decision_record.differences(latest.payload, now)
        who = common.escape_markdown(f"{latest.signed_by} at {latest.signed_at} (UTC)")
        if moved.empty:
            st.success(f"Signed off by {who}: nothing has changed since.",
                       icon=":material/verified:")
        else:
            st.warning(f"**Changed since sign-off** by {who}: {counted(len(moved), 'value')} "
                       "moved. "
                       "The signed-off record keeps what was decided; the comparison above "
                       "shows the decision as it is now.", icon=":material/difference:")
            tables.show(decision_record.differences_table(moved), key="decision.changed")
        st.subheader("Signed-off decisions")
        tables.show(decision_record.sign_offs_table(signed, now), key="decision.sign_offs")
        downloads.download_button(
            "Signed-off decisions (.csv)", key="decision.csv", icon=":material/download:",
            data=lambda: exports.sign_offs_csv(common.db(), engagement.id),
            file_name=images.file_stem(engagement.name, "sign-offs", date.today().isoformat())
            + ".csv", mime="text/csv")
    else:
        st.caption("No decision has been signed off yet.")
    if not access.may("run"):
        return
    with st.form("decision.form", clear_on_submit=False, border=True):
        st.markdown("**Sign off the decision as it stands**")
        st.caption("Freezes the weights, must-haves, scores, ranking and robustness shown "
                   "above, with your name, the date and a note. A signed-off record cannot be "
                   "changed or deleted; later changes show here as “changed since sign-off”.")
        st.text_input("Signed off by", key="decision.signer", max_chars=NAME_MAX,
                      placeholder="e.g. Steering committee, chaired by …")
        st.text_area("Note", key="decision.note", max_chars=workspace.audit.NOTE_MAX,
                     placeholder="e.g. Approved at the board meeting of 3 May")
        st.form_submit_button("Sign off this decision", type="primary",
                              icon=":material/approval:", on_click=access.guarded(_sign, "run"),
                              args=(engagement.id,))
