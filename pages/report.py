"""Readiness report: scores, maturity profile, gaps, what to do first, roadmap and trend."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd
import streamlit as st

import assessments
import workspace
from assessments.summary import culture_trend, readiness_summary
from outcomes import tables
from pages import common, results
from pages import tables as shown_tables

database = common.db()
engagement = common.current_engagement(database)
common.engagement_banks(database, engagement)      # a broken bank stops here, explained
result = results.readiness(database, engagement.id)
key = results.fingerprint(database, engagement.id)
culture_bank, culture = result.culture_bank, result.culture
maturity_bank, maturity = result.maturity_bank, result.maturity
recommendations = result.recommendations
summary = readiness_summary(culture_bank, culture, maturity_bank, maturity)


def _snapshot() -> None:
    try:
        workspace.save_snapshot(common.db(), engagement.id, summary,
                                st.session_state.get("snapshot.label", ""))
    except workspace.WorkspaceError as error:
        common.flash("error", f"Snapshot not saved: {error}")
        return
    st.session_state["snapshot.label"] = ""
    common.flash("success", "Snapshot saved: today's result is frozen for the trend chart.")


st.title("Readiness report")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}"
           + (" · illustrative example data" if engagement.is_example else ""))
common.show_flash()

if not result.has_any:
    st.info("Nobody has answered yet. Start with the culture questionnaire; the report fills "
            "in as answers arrive.", icon=":material/info:")
    st.page_link("pages/culture.py", label="Answer the culture questionnaire",
                 icon=":material/arrow_forward:")
    st.stop()

shown_tables.metrics(tables.readiness_metrics(result))

st.header("What to do first")
top = tables.top_actions(result)
note = tables.actions_note(result)
if note and top.empty and result.has_culture and result.has_maturity:
    st.success(note + " Keep the measures running and take a snapshot each quarter.",
               icon=":material/verified:")
elif note:
    st.info(note, icon=":material/info:")
for number, row in enumerate(top.to_dict("records"), start=1):
    with st.container(border=True):
        st.markdown(f"**{number}. {common.escape_markdown(row['title'])}**  \n"
                    f":gray[{common.escape_markdown(row['source'])} · "
                    f"{common.escape_markdown(row['finding'])} · "
                    f"{assessments.PHASE_TITLES[row['phase']]}]")
        st.text(row["detail"])

st.header("Culture readiness")
if result.has_culture:
    common.chart("dimension_scores_chart", (culture.dimensions, culture_bank.target),
                 "culture-readiness", engagement, key=key)
    shown_tables.show(tables.culture_table(result), progress={"agreement", "coverage"},
                      key="report.culture")
else:
    st.info(tables.culture_table(result).note, icon=":material/info:")

st.header("Community maturity")
competencies = tables.competencies_table(result)
if result.has_maturity:
    common.chart("maturity_heatmap", (maturity.distribution, maturity.competencies,
                                         [s.name for s in maturity_bank.stages]),
                 "maturity", engagement, key=key)
else:
    st.info(competencies.note, icon=":material/info:")

st.header("Barriers and gaps")
if result.has_culture:
    st.subheader("Statements at or below neutral")
    barriers = tables.barrier_table(result)
    if barriers.empty:
        st.caption(barriers.note)
    else:
        shown_tables.show(barriers, key="report.barriers")
if result.has_maturity:
    st.subheader("Competencies and their targets")
    shown_tables.show(competencies, key="report.competencies")

disputed = tables.disputed_table(result)
if not disputed.empty:
    st.subheader("Where people disagree most")
    st.caption("The statements with the widest spread of answers: worth discussing together "
               "before acting on the averages.")
    shown_tables.show(disputed, key="report.disputed")

st.header("Roadmap")
st.caption("The ranked recommendations, grouped into a pilot, building capability, and a "
           "thoughtful roll-out.")
columns = st.columns(3, gap="medium")
plan = tables.roadmap(result) or {}
for column, (phase, items) in zip(columns, plan.items()):
    with column.container(border=True):
        st.markdown(f"**{assessments.PHASE_TITLES[phase]}**")
        if items.empty:
            st.caption("Nothing urgent in this phase.")
        for row in items.to_dict("records"):
            st.markdown(f"- {common.escape_markdown(row['title'])}  \n"
                        f"  :gray[{common.escape_markdown(row['area_name'])}]")

with st.expander(f"All {len(recommendations)} recommendations, ranked",
                 icon=":material/list:"):
    shown_tables.show(tables.recommendations_table(result), key="report.recommendations")

comments = pd.concat([workspace.engagement_comments(database, engagement.id, bank.id)
                      .assign(source=bank.title) for bank in (culture_bank, maturity_bank)])
if not comments.empty:
    with st.expander(f"Comments ({len(comments)})", icon=":material/comment:"):
        texts = {i.id: i.text for i in culture_bank.items}
        texts |= {c.id: c.name for c in maturity_bank.competencies}
        comments["about"] = comments["item"].map(texts)
        st.dataframe(comments[["about", "participant", "comment"]], hide_index=True,
                     width="stretch", column_config={"about": "About",
                                                     "participant": "Who",
                                                     "comment": "Comment"})

st.header("Progress over time")
snapshots = workspace.list_snapshots(database, engagement.id)
with st.form("snapshot", border=True):
    st.text_input("Snapshot label (optional)", key="snapshot.label",
                  placeholder="e.g. Before the pilot")
    st.form_submit_button("Save a snapshot of today's result", on_click=_snapshot,
                          icon=":material/photo_camera:")
if len(snapshots) >= 2:
    trend = culture_trend(culture_bank, [(s.taken_at, s.label, s.payload) for s in snapshots])
    common.chart("trend_chart", (trend,), "trend", engagement)
else:
    st.caption(f"{len(snapshots)} snapshot(s) saved. The trend chart appears once there are "
               "two.")
