"""The readiness suggestion beside the weights: what fires, why, and accepting it."""
from __future__ import annotations

import streamlit as st

import assessments
import workspace
from outcomes import steering
from reports.formats import counted
from ui import access, common, drafts, results, tables
from vendors.steering import SteeringError


def _forget_typed_category_weights(engagement_id: int) -> None:
    """The Weights page's unsaved category weights (its draft and widgets) give way to the
    accepted ones."""
    drafts.store().pop(f"weights#{engagement_id}#{workspace.CATEGORIES_LEVEL}", None)
    for key in list(st.session_state.keys()):
        if str(key).startswith(f"weights.{workspace.CATEGORIES_LEVEL}."):
            del st.session_state[key]


def _accept(engagement_id: int) -> None:
    database = common.db()
    try:
        found = steering.engagement_suggestion(database, engagement_id,
                                               results.readiness(database, engagement_id))
        if found is None:
            raise workspace.InvalidInput("There are no criteria to weigh.")
        steering.accept(database, engagement_id, found[1])
    except (workspace.WorkspaceError, SteeringError) as error:
        common.flash("error", f"Nothing was changed: {error}")
    else:
        _forget_typed_category_weights(engagement_id)
        common.flash("success", "The readiness suggestion was applied: the category weights "
                                "and must-haves changed, and the audit trail says why.")


def header(database: workspace.Database, engagement: workspace.Engagement,
           platforms: results.Platforms | None) -> None:
    """Where readiness and the platform choice meet: the verdict and the choice in one
    line, and whether the readiness findings suggest other weights or must-haves."""
    try:
        readiness = results.readiness(database, engagement.id)
        found = steering.engagement_suggestion(database, engagement.id, readiness)
    except (assessments.BankError, workspace.WorkspaceError, SteeringError) as error:
        st.caption(common.escape_markdown(f"Readiness not shown: {error}"))
        return
    line = steering.verdict_and_choice(readiness, platforms)
    if found is not None and found[1].changes_anything:
        count = len(found[1].rules)
        line += (f" {counted(count, 'readiness finding')} "
                 f"{'suggests' if count == 1 else 'suggest'} other weights or "
                 "must-haves: see Readiness suggests on the Weights page.")
    elif found is not None and found[1].rules:
        line += " The weights and must-haves follow the readiness findings."
    st.info(common.escape_markdown(line), icon=":material/join_inner:")


def suggestion(database: workspace.Database, engagement: workspace.Engagement) -> None:
    """The "Readiness suggests" box: the rules that fire on the engagement's readiness
    results, the category weights now and suggested, the must-haves it adds, and the button
    that applies them (nothing changes until it is pressed)."""
    try:
        readiness = results.readiness(database, engagement.id)
        found = steering.engagement_suggestion(database, engagement.id, readiness)
    except (assessments.BankError, workspace.WorkspaceError, SteeringError) as error:
        st.caption(common.escape_markdown(f"No readiness suggestion: {error}"))
        return
    if found is None:
        return
    decision, suggested = found
    with st.container(border=True, key="steering.box"):
        st.subheader("Readiness suggests")
        if not readiness.has_any:
            st.caption("Nobody has answered the readiness questionnaires yet: once they do, "
                       "the results can suggest weights and must-haves here.")
            return
        if not suggested.rules:
            st.caption("The readiness results trigger no steering rule: no weight or "
                       "must-have to suggest.")
            return
        st.caption(common.escape_markdown(
            f"{counted(len(suggested.rules), 'readiness finding')} "
            f"{'bears' if len(suggested.rules) == 1 else 'bear'} on the platform choice. The "
            "suggestion is shown beside the current weights; nothing changes until you "
            "accept it, and the audit trail keeps the acceptance with the reasons."))
        tables.show(steering.rules_table(suggested), key="steering.rules")
        if suggested.category_weights:
            tables.show(steering.weights_table(decision, suggested), key="steering.weights")
        if suggested.must_haves:
            tables.show(steering.must_haves_table(decision, suggested),
                        key="steering.must_haves")
        if suggested.not_applied:
            st.caption(common.escape_markdown(
                "Not in this engagement's requirements, so not suggested: "
                + ", ".join(suggested.not_applied) + "."))
        if suggested.changes_anything and not access.may("run"):
            st.caption("The engagement's facilitators and owners can accept the suggestion.")
        elif suggested.changes_anything:
            st.button("Accept the suggestion", key="steering.accept", type="primary",
                      icon=":material/done:",
                      on_click=access.guarded(_accept, "run"), args=(engagement.id,))
        else:
            st.success("The weights and must-haves already follow these findings.",
                       icon=":material/verified:")
