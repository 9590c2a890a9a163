"""Readiness report: scores, maturity profile, gaps, what to do first, roadmap, action plan
and trend."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from datetime import date

import pandas as pd
import streamlit as st

import assessments
import workspace
from assessments.summary import (culture_trend, maturity_trend, readiness_summary,
                                 snapshot_overview)
from outcomes import actions, tables
from ui import access, common, pulse, results
from ui import tables as shown_tables
from reports.formats import MISSING, Kind, counted

database = common.db()
engagement = common.current_engagement(database)
common.engagement_banks(database, engagement)      # a broken bank stops here, explained
result = results.readiness(database, engagement.id)
key = results.fingerprint(database, engagement.id)
culture_bank, culture = result.culture_bank, result.culture
maturity_bank, maturity = result.maturity_bank, result.maturity
recommendations = result.recommendations
summary = readiness_summary(culture_bank, culture, maturity_bank, maturity, None if (
    result.pulse is None) else (result.pulse.campaign.name, result.pulse.organization.overall,
                                result.pulse.respondents))


def _changed(not_done: str, done: str, change) -> bool:
    """Run a change to the snapshots; say what happened at the top of the next run."""
    try:
        change(common.db())
    except workspace.WorkspaceError as error:
        common.flash("error", f"{not_done}: {error}")
        return False
    common.flash("success", done)
    return True


def _snapshot() -> None:
    if _changed("Snapshot not saved",
                "Snapshot saved: today's result is frozen for the trend charts.",
                lambda db: workspace.save_snapshot(db, engagement.id, summary,
                                                   st.session_state.get("snapshot.label", ""))):
        st.session_state["snapshot.label"] = ""


def _rename_snapshot(snapshot_id: int) -> None:
    _changed("Snapshot not renamed", "Snapshot renamed.",
             lambda db: workspace.rename_snapshot(db, engagement.id, snapshot_id,
                                                  st.session_state.get("snapshot.new_label", "")))


def _delete_snapshot(snapshot_id: int) -> None:
    st.session_state["snapshot.delete"] = False
    _changed("Snapshot not deleted", "Snapshot deleted; the trends no longer show it.",
             lambda db: workspace.delete_snapshot(db, engagement.id, snapshot_id))


def _save_plan(key: str, title: str, n: int) -> None:
    _changed(f"The plan for “{title}” was not saved", f"Plan saved for “{title}”.",
             lambda db: workspace.actions.save_plan(
                 db, engagement.id, key, st.session_state.get(f"plan.owner.{n}", ""),
                 st.session_state.get(f"plan.due.{n}"),
                 st.session_state.get(f"plan.status.{n}")))


def _text(value, pattern: str = "{}", kind: Kind = Kind.TEXT) -> str:
    """A cell for a table of text: the value (with the digits of ``kind``), or a dash where
    a snapshot did not record it."""
    return MISSING if value is None or pd.isna(value) else pattern.format(kind.text(value))


st.title("Readiness report")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}"
           + (" · illustrative example data" if engagement.is_example else ""))
common.show_flash()

if not result.has_any:
    st.info("Nobody has answered yet. Start with the culture questionnaire; the report fills "
            "in as answers arrive.", icon=":material/info:")
    common.page_link("pages/culture.py", label="Answer the culture questionnaire",
                 icon=":material/arrow_forward:")
    pulse.report_section(result)
    st.stop()

esc = common.escape_markdown       # bank text is shown as typed, never as Markdown
shown_tables.metrics(tables.readiness_metrics(result))
pulse.report_section(result)

st.header("What to do first")
top = tables.top_actions(result)
note = tables.actions_note(result)
if note.startswith("No gap to close"):
    st.success(note + " Keep the measures running and take a snapshot each quarter.",
               icon=":material/verified:")
elif note:
    st.info(note, icon=":material/info:")
for number, row in enumerate(top.to_dict("records"), start=1):
    with st.container(border=True):
        st.markdown(f"**{number}. {esc(row['title'])}**  \n"
                    f":gray[{esc(row['source'])} · {esc(row['finding'])} · "
                    f"{assessments.PHASE_TITLES[row['phase']]}]")
        st.markdown(esc(row["detail"]))

st.header("Culture readiness")
if result.has_culture:
    common.chart("dimension_scores_chart", (culture.dimensions, culture_bank.target),
                 "culture-readiness", engagement, key=key, width="stretch")
    shown_tables.show(tables.culture_table(result), progress={"agreement", "coverage"},
                      key="report.culture")
else:
    st.info(tables.culture_table(result).note, icon=":material/info:")

st.header("Community maturity")
competencies = tables.competencies_table(result)
if result.has_maturity:
    heatmap = (maturity.distribution, maturity.competencies,
               [s.name for s in maturity_bank.stages])
    common.chart("maturity_heatmap", heatmap, "maturity", engagement, key=key,
                 width="stretch", numbers=tables.maturity_distribution_table(*heatmap))
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

if len(result.agreed):
    st.subheader("Agreed in a workshop")
    agreed = tables.agreed_table(result.agreed)
    st.caption(agreed.note)
    shown_tables.show(agreed, key="report.agreed")

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
            st.markdown(f"- {esc(row['title'])}  \n  :gray[{esc(row['area_name'])}]")

st.subheader("Action plan")
today = date.today().isoformat()
action_plan = actions.plan_table(result, today, workspace.list_snapshots(database,
                                                                         engagement.id))
if action_plan.empty:
    st.caption("The action plan follows the roadmap: it appears once the questionnaires have "
               "answers.")
else:
    late = actions.late_titles(result, today)
    if late:
        st.warning(common.escape_markdown(f"{counted(len(late), 'action')} late: "
                                          + "; ".join(late)),
                   icon=":material/schedule:")
    st.caption(common.escape_markdown(
        "Give each action an owner, a due date and a status. " + action_plan.note
        + (" The Moved column compares the last two snapshots for the area each action "
           "targets." if any(c.key == "moved" for c in action_plan.columns) else
           " Save snapshots to see whether the areas the actions target move.")))
    shown_tables.show(action_plan, key="report.action_plan")
    frame = action_plan.frame
    by_key = dict(zip(frame["key"], frame["title"]))
    if access.may("run"):
        with st.expander("Set an owner, due date or status", icon=":material/assignment_ind:"):
            if st.session_state.get("plan.action") not in by_key:
                st.session_state["plan.action"] = next(iter(by_key))
            chosen = st.selectbox("Action", list(by_key), format_func=by_key.get,
                                  key="plan.action")
            current = frame.set_index("key").loc[chosen]
            # Widgets keyed by the action's place, so each action's form starts from its own
            # saved values.
            n = list(by_key).index(chosen)
            with st.form(f"plan.form.{n}", border=False):
                st.text_input("Owner", value=current["owner"] or "", key=f"plan.owner.{n}",
                              max_chars=workspace.actions.NAME_MAX)
                st.date_input("Due", value=(date.fromisoformat(current["due"])
                                            if current["due"] else None),
                              key=f"plan.due.{n}", format="YYYY-MM-DD")
                st.selectbox("Status", workspace.actions.STATUSES,
                             index=workspace.actions.STATUSES.index(current["status"]),
                             key=f"plan.status.{n}")
                st.form_submit_button("Save", on_click=access.guarded(_save_plan, "run"),
                                      args=(chosen, by_key[chosen], n), icon=":material/save:")

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
        # Who said what is the facilitator's to read.
        shown = ["about", "participant", "comment"] if access.may("run") else ["about", "comment"]
        shown_tables.table(comments[shown], hide_index=True,
                           width="stretch", column_config={"about": "About",
                                                           "participant": "Who",
                                                           "comment": "Comment"})

st.header("Progress over time")
snapshots = workspace.list_snapshots(database, engagement.id)
frozen = [(s.taken_at, s.label, s.payload) for s in snapshots]
if access.may("run"):
    with st.form("snapshot", border=True):
        st.text_input("Snapshot label (optional)", key="snapshot.label",
                      max_chars=workspace.SNAPSHOT_LABEL_MAX, placeholder="e.g. Before the pilot")
        st.form_submit_button("Save a snapshot of today's result",
                              on_click=access.guarded(_snapshot, "run"),
                              icon=":material/photo_camera:")
if snapshots:
    overview = snapshot_overview(maturity_bank, frozen)
    overview["culture"] = [_text(v, "{}/100", Kind.SCORE_100) for v in overview["culture"]]
    overview["maturity"] = [_text(v) for v in overview["maturity"]]
    overview["participants"] = [_text(v, kind=Kind.COUNT) for v in overview["participants"]]
    overview["pulse"] = [_text(v, "{}/100", Kind.SCORE_100) for v in overview["pulse"]]
    shown_tables.table(overview[["day", "time", "label", "culture", "maturity",
                                 "participants", "pulse"]],
                       hide_index=True, width="stretch", column_config={
                           "day": "Snapshot", "time": "Saved (UTC)",
                           "label": st.column_config.TextColumn("Label", width="medium"),
                           "culture": "Culture readiness", "maturity": "Maturity (overall)",
                           "participants": "People answering",
                           "pulse": "Organization (pulse)"})
    ids = [s.id for s in snapshots]
    names = {s.id: f"{day} · {label}" if label else day
             for s, day, label in zip(snapshots, overview["day"], overview["label"])}
    if access.may("run"):
        with st.expander("Rename or delete a snapshot", icon=":material/edit:"):
            if st.session_state.get("snapshot.chosen") not in ids:
                st.session_state["snapshot.chosen"] = ids[-1]
            chosen = st.selectbox("Snapshot", ids, format_func=names.get, key="snapshot.chosen")
            label = next(s.label for s in snapshots if s.id == chosen)
            if st.session_state.get("snapshot.renaming") != (chosen, label):
                st.session_state["snapshot.renaming"] = (chosen, label)
                st.session_state["snapshot.new_label"] = label
            with st.form("snapshot.rename", border=False):
                st.text_input("Label", key="snapshot.new_label",
                              max_chars=workspace.SNAPSHOT_LABEL_MAX,
                              help="Shown under the snapshot's date in the trend charts; leave it "
                                   "empty for the date alone.")
                st.form_submit_button("Rename",
                                      on_click=access.guarded(_rename_snapshot, "run"),
                                      args=(chosen,),
                                      icon=":material/edit:")
            if st.toggle("Delete this snapshot…", key="snapshot.delete"):
                st.warning(f"Deleting removes the snapshot {common.escape_markdown(names[chosen])} "
                           "from the trend. This cannot be undone.", icon=":material/warning:")
                st.button("Yes, delete this snapshot", key="snapshot.delete.yes", type="primary",
                          on_click=access.guarded(_delete_snapshot, "run"), args=(chosen,),
                          icon=":material/delete_forever:")
if len(snapshots) >= 2:
    culture_over_time = culture_trend(culture_bank, frozen)
    maturity_over_time = maturity_trend(maturity_bank, frozen)
    if culture_over_time.empty:
        st.caption("These snapshots hold no culture scores.")
    else:
        common.chart("trend_chart", (culture_over_time,), "trend", engagement, width="stretch",
                     numbers=tables.culture_trend_table(culture_over_time))
    if maturity_over_time.empty:
        st.caption("These snapshots hold no maturity stages.")
    else:
        common.chart("maturity_trend_chart",
                     (maturity_over_time, [s.name for s in maturity_bank.stages]),
                     "maturity-trend", engagement, width="stretch",
                     numbers=tables.maturity_trend_table(maturity_over_time))
else:
    st.caption(f"{counted(len(snapshots), 'snapshot')} saved. The trend charts appear once "
               "there are two.")
