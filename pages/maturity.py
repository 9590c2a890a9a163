"""Maturity questionnaire: pick the stage that fits each competency, and set the target."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st

import workspace
from assessments.maturity import DEFAULT_TARGET_STAGE
from ui import access, common

database = common.db()
engagement = common.current_engagement(database)
bank = common.engagement_banks(database, engagement)[1]


def _save_target(competency_id: str, key: str) -> None:
    try:
        workspace.set_target(common.db(), engagement.id, bank.id, competency_id,
                             int(st.session_state[key]))
    except workspace.WorkspaceError as error:
        common.flash("error", f"Target not saved: {error}")


esc = common.escape_markdown       # bank text is shown as typed, never as Markdown
st.title(esc(bank.title))
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
person = common.participant_gate(database, engagement)
paused = common.session_paused(database, person)
saved = workspace.participant_answers(database, person.id, bank.id)
targets = workspace.get_targets(database, engagement.id, bank.id)

answered = {c.id: (int(c.id in saved and saved[c.id].answered), 1) for c in bank.competencies}
with st.expander("How to answer  \nthe scale, and when to say you don't know",
                 icon=":material/help:"):
    st.markdown(esc(bank.description))
    for stage in bank.stages:
        st.markdown(f"**{stage.level}. {esc(stage.name)}**: {esc(stage.summary)}")
section = common.section_picker("maturity", [(c.id, c.name) for c in bank.competencies],
                                answered)
competency = bank.competency(section)

st.subheader(esc(competency.name))
st.caption(esc(competency.description))
options = [1, 2, 3, 4, common.DONT_KNOW]
labels = {stage.level: f"**{stage.level}. {esc(stage.name)}**: {esc(descriptor)}"
          for stage, descriptor in zip(bank.stages, competency.descriptors)}
labels[common.DONT_KNOW] = "Don't know\n\nleft out of the stage"
answer = saved.get(competency.id)
index = None
if answer is not None and answer.answered:
    index = options.index(common.DONT_KNOW if answer.dont_know else answer.value)
key = f"maturity.{competency.id}"
with st.container(border=True):
    st.radio("Which description fits your organization best today?", options, index=index,
             key=key, format_func=labels.get,
             on_change=access.guarded(common.save_answer), disabled=paused,
             args=(bank, person.id, competency.id, key))
    st.text_input("Comment (optional)", value=answer.comment if answer else "",
                  key=f"{key}.comment",
                  on_change=access.guarded(common.save_comment), disabled=paused,
                  args=(bank, person.id, competency.id, f"{key}.comment"),
                  placeholder="An example that made you choose this stage")

target_key = f"maturity.target.{competency.id}"
if access.is_facilitator():
    st.selectbox(f"Target stage for {esc(competency.name.lower())} (for the whole engagement)",
                 [1, 2, 3, 4], index=targets.get(competency.id, DEFAULT_TARGET_STAGE) - 1,
                 key=target_key, format_func=lambda level: f"{level}. {bank.stage_name(level)}",
                 on_change=access.guarded(_save_target), args=(competency.id, target_key),
                 help="Where this competency must be for internal social media to succeed. "
                      "The report ranks actions by the gap between today's stage and this target.")

common.step_buttons("maturity", [c.id for c in bank.competencies], section,
                    "pages/report.py", "Readiness report")
common.finished(answered)
