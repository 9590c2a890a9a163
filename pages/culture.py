"""Culture questionnaire: agreement statements, one dimension at a time, saved as given."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st

import workspace
from ui import access, common

database = common.db()
engagement = common.current_engagement(database)
bank = common.engagement_banks(database, engagement)[0]

esc = common.escape_markdown       # bank text is shown as typed, never as Markdown
st.title(esc(bank.title))
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
person = common.participant_gate(database, engagement)
paused = common.session_paused(database, person)
saved = workspace.participant_answers(database, person.id, bank.id)

answered = {d.id: (sum(1 for i in d.items if i.id in saved and saved[i.id].answered),
                   len(d.items)) for d in bank.dimensions}
with st.expander("How to answer  \nthe scale, and when to say you don't know",
                 icon=":material/help:"):
    st.markdown(esc(bank.description))
section = common.section_picker("culture", [(d.id, d.name) for d in bank.dimensions], answered)
dimension = next(d for d in bank.dimensions if d.id == section)

st.subheader(esc(dimension.name))
st.caption(esc(dimension.description))
options = [*range(1, bank.scale_max + 1), common.DONT_KNOW]
# One column of options, each two lines high (a finger's target): the answer, then where
# it sits on the scale.
labels = {**{i + 1: f"{esc(label)}\n\n{i + 1} of {bank.scale_max}"
             for i, label in enumerate(bank.labels)},
          common.DONT_KNOW: f"{esc(bank.dont_know)}\n\nleft out of the score"}
for number, item in enumerate(dimension.items, start=1):
    answer = saved.get(item.id)
    if answer is None or not answer.answered:
        index = None
    else:
        index = options.index(common.DONT_KNOW if answer.dont_know else answer.value)
    key = f"culture.{item.id}"
    with st.container(border=True):
        st.radio(f"**{number}.** {esc(item.text)}", options, index=index, key=key,
                 format_func=labels.get,
                 on_change=access.guarded(common.save_answer), disabled=paused,
                 args=(bank, person.id, item.id, key))
        comment_key = f"{key}.comment"
        st.text_input("Comment (optional)", value=answer.comment if answer else "",
                      key=comment_key,
                      on_change=access.guarded(common.save_comment), disabled=paused,
                      args=(bank, person.id, item.id, comment_key),
                      placeholder="An example, a caveat, what would change your answer")

common.step_buttons("culture", [d.id for d in bank.dimensions], section,
                    "pages/maturity.py", "Maturity questionnaire")
common.finished(answered)
