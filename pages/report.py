"""Readiness report: scores, maturity profile, gaps, what to do first, roadmap and trend."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd
import streamlit as st

import assessments
import workspace
from assessments.summary import culture_trend, readiness_summary
from pages import common, results, tables

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

if culture.participants == 0 and maturity.participants == 0:
    st.info("Nobody has answered yet. Start with the culture questionnaire; the report fills "
            "in as answers arrive.", icon=":material/info:")
    st.page_link("pages/culture.py", label="Answer the culture questionnaire",
                 icon=":material/arrow_forward:")
    st.stop()

overall_band = culture_bank.band_for(culture.overall)
top = assessments.top_actions(recommendations, 5)
cells = st.columns(4)
cells[0].metric("Culture readiness", "—" if overall_band is None else f"{culture.overall:.0f}/100",
                help=f"Importance-weighted mean of the dimension scores; "
                     f"target {culture_bank.target:.0f}.",
                border=True)
cells[0].caption("No answers yet" if overall_band is None else f"Band: {overall_band.label}")
cells[1].metric("Maturity (overall)",
                f"Stage {maturity.overall_stage}" if maturity.overall_stage else "—",
                help="Median of the competency stages, rounded down.", border=True)
cells[1].caption(maturity_bank.stage_name(maturity.overall_stage) if maturity.overall_stage
                 else "No answers yet")
cells[2].metric("People answering", max(culture.participants, maturity.participants),
                border=True)
coverage = culture.dimensions["answered"].sum() / max(1, culture.participants
                                                     * len(culture_bank.items))
cells[2].caption(f"{coverage:.0%} of culture statements answered")
barriers = culture.dimensions[culture.dimensions["band"] == culture_bank.bands[0].id]
gaps = maturity.competencies[maturity.competencies["gap"] > 0]
cells[3].metric("Gaps to close", len(barriers) + len(gaps), border=True)
cells[3].caption(f"{len(barriers)} culture barrier(s), {len(gaps)} competency gap(s)")

st.header("What to do first")
if top.empty:
    st.success("No dimension is below target and every competency has reached its target "
               "stage. Keep the measures running and take a snapshot each quarter.",
               icon=":material/verified:")
for number, row in enumerate(top.to_dict("records"), start=1):
    with st.container(border=True):
        st.markdown(f"**{number}. {row['title']}**  \n"
                    f":gray[{row['source']} · {row['finding']} · "
                    f"{assessments.PHASE_TITLES[row['phase']]}]")
        st.write(row["detail"])

st.header("Culture readiness")
common.chart("dimension_scores_chart", (culture.dimensions, culture_bank.target),
             "culture-readiness", engagement, key=key)
dims = culture.dimensions.reset_index()
tables.table(
    dims[["name", "score", "band_label", "median", "spread", "agreement", "answered",
          "dont_know", "coverage"]],
    hide_index=True, width="stretch",
    column_config={
        "name": "Dimension", "score": st.column_config.NumberColumn("Score", format="%.0f"),
        "band_label": "Band", "median": st.column_config.NumberColumn("Median", format="%.0f"),
        "spread": st.column_config.NumberColumn("Spread", format="%.1f",
                                                help="Standard deviation between people"),
        "agreement": st.column_config.ProgressColumn(
            "Agreement", min_value=0.0, max_value=1.0, format="percent",
            help="1 - spread / 50: 100% means everyone gave the same score"),
        "answered": "Answers", "dont_know": "Don't know",
        "coverage": st.column_config.ProgressColumn("Coverage", min_value=0.0, max_value=1.0,
                                                    format="percent")})

st.header("Community maturity")
common.chart("maturity_heatmap", (maturity.distribution, maturity.competencies,
                                     [s.name for s in maturity_bank.stages]),
             "maturity", engagement, key=key)

st.header("Barriers and gaps")
with st.container():
    st.subheader("Statements at or below neutral")
    barrier_items = culture.items[culture.items["barrier"]].sort_values("score").reset_index()
    names = {d.id: d.name for d in culture_bank.dimensions}
    barrier_items["dimension"] = barrier_items["dimension"].map(names)
    if barrier_items.empty:
        st.caption("No statement scores at or below neutral.")
    else:
        tables.table(barrier_items[["text", "dimension", "score", "agreement", "dont_know"]],
                     hide_index=True, width="stretch", column_config={
                         "text": st.column_config.TextColumn("Statement", width="large"),
                         "dimension": "Dimension",
                         "score": st.column_config.NumberColumn(
                             "Score", format="%.0f",
                             help="0-100 after reverse scoring; 50 is neutral"),
                         "agreement": st.column_config.NumberColumn("Agreement", format="percent"),
                         "dont_know": "Don't know"})
with st.container():
    st.subheader("Competencies and their targets")
    gap_table = maturity.competencies.sort_values("priority", ascending=False).reset_index()
    tables.table(gap_table[["name", "stage_name", "target_name", "gap", "priority",
                            "agreement"]],
                 hide_index=True, width="stretch", column_config={
                     "name": "Competency", "stage_name": "Today", "target_name": "Target",
                     "gap": st.column_config.NumberColumn("Gap (stages)"),
                     "priority": st.column_config.NumberColumn(
                         "Priority", format="%.2f", help="Importance (1-5) x gap / 3"),
                     "agreement": st.column_config.NumberColumn("Agreement", format="percent")})

disputed = culture.items.dropna(subset=["agreement"]).sort_values("agreement").head(5)
if not disputed.empty:
    st.subheader("Where people disagree most")
    st.caption("The statements with the widest spread of answers: worth discussing together "
               "before acting on the averages.")
    tables.table(disputed.reset_index()[["text", "score", "spread", "agreement"]],
                 hide_index=True, width="stretch", column_config={
                     "text": st.column_config.TextColumn("Statement", width="large"),
                     "score": st.column_config.NumberColumn("Score", format="%.0f"),
                     "spread": st.column_config.NumberColumn("Spread", format="%.1f"),
                     "agreement": st.column_config.NumberColumn("Agreement",
                                                                format="percent")})

st.header("Roadmap")
st.caption("The ranked recommendations, grouped into a pilot, building capability, and a "
           "thoughtful roll-out.")
columns = st.columns(3, gap="medium")
plan = assessments.roadmap(recommendations,
                           scaling=assessments.scaling_steps(culture_bank, culture))
for column, (phase, items) in zip(columns, plan.items()):
    with column.container(border=True):
        st.markdown(f"**{assessments.PHASE_TITLES[phase]}**")
        if items.empty:
            st.caption("Nothing urgent in this phase.")
        for row in items.to_dict("records"):
            st.markdown(f"- {row['title']}  \n  :gray[{row['area_name']}]")

with st.expander(f"All {len(recommendations)} recommendations, ranked",
                 icon=":material/list:"):
    tables.table(recommendations.reset_index()[["rank", "title", "area_name", "phase",
                                                "priority", "detail"]],
                 hide_index=True, width="stretch", column_config={
                     "rank": "Rank", "title": "Action", "area_name": "Area", "phase": "Phase",
                     "priority": st.column_config.NumberColumn(
                         "Priority", format="%.2f", help="Importance x shortfall"),
                     "detail": st.column_config.TextColumn("Detail", width="large")})

comments = pd.concat([workspace.engagement_comments(database, engagement.id, bank.id)
                      .assign(source=bank.title) for bank in (culture_bank, maturity_bank)])
if not comments.empty:
    with st.expander(f"Comments ({len(comments)})", icon=":material/comment:"):
        texts = {i.id: i.text for i in culture_bank.items}
        texts |= {c.id: c.name for c in maturity_bank.competencies}
        comments["about"] = comments["item"].map(texts)
        tables.table(comments[["about", "participant", "comment"]], hide_index=True,
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
