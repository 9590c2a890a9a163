"""A pulse respondent's questionnaire: the anonymity rules first, then the statements one
dimension at a time, saved as given, until the survey closes."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import access, common, pulse  # noqa: E402

esc = common.escape_markdown       # bank and campaign text is shown as typed, never Markdown
database = common.db()
where = pulse.resolve(database)


def _start() -> None:
    """Callback: begin answering (segment values from the form, or from the invitation)."""
    chosen = {s.id: st.session_state.get(f"pulse.segment.{s.id}") or None
              for s in where.campaign.segments} if where.state == "open" else {}
    try:
        pulse.start(where, chosen)
    except access.TooManyTries as error:
        common.flash("error", str(error))
        return
    except workspace.WorkspaceError as error:
        common.flash("error", f"Not started: {error}")
        return
    common.flash("success", "Your answers save as you give them. This page's address is your "
                            "private link: bookmark it to come back and change your answers "
                            "until the survey closes.")


def _save(part: str, bank, item_id: str, key: str) -> None:
    """Callback: save the answer in widget ``key`` (a value, "dk" or None)."""
    choice = st.session_state.get(key)
    token = st.session_state.get(pulse.TOKEN)
    db = common.db()
    try:
        if choice is None:
            workspace.respondents.clear_answer(db, token, part, item_id)
            return
        value = None if choice == common.DONT_KNOW else int(choice)
        if part == "maturity":
            bank.check_answer(item_id, value)
        elif value is not None and not 1 <= value <= bank.scale_max:
            raise ValueError(f"The answer must be from 1 to {bank.scale_max}.")
        workspace.respondents.save_answer(db, token, part, item_id, value,
                                          dont_know=choice == common.DONT_KNOW)
    except (workspace.WorkspaceError, ValueError) as error:
        common.flash("error", f"Not saved: {error}")


def _comment(part: str, item_id: str, key: str) -> None:
    """Callback: save the comment in widget ``key``, showing it as kept (names masked)."""
    try:
        kept = workspace.respondents.save_comment(common.db(), st.session_state.get(pulse.TOKEN),
                                                  part, item_id, st.session_state.get(key, ""))
    except workspace.WorkspaceError as error:
        common.flash("error", f"Comment not saved: {error}")
        return
    if kept != (st.session_state.get(key) or "").strip():
        st.session_state[key] = kept
        common.flash("warning", "Your comment is saved with the names in it replaced by "
                                "[name]: comments never name anyone.")


def _leave() -> None:
    pulse.forget()


if where is None:
    st.title("Pulse questionnaire")
    st.info("This is the page a respondent sees. Open it with a survey link: the campaign's "
            "open link, or an invitee's private link (both on Pulse campaigns).",
            icon=":material/link:")
    if access.allowed("pages/pulse.py"):
        st.page_link("pages/pulse.py", label="Pulse campaigns", icon=":material/campaign:")
    st.stop()

if where.state == "invalid":
    st.title("Survey")
    try:
        pulse.count_wrong_link(database)
        st.error("This survey link is not valid. Check it in the message that brought you "
                 "here; a new open link replaces the old one.", icon=":material/link_off:")
    except access.TooManyTries as error:
        st.error(esc(str(error)), icon=":material/timer:")
    st.button("Leave", key="pulse.leave", on_click=_leave, icon=":material/logout:")
    st.stop()

campaign = where.campaign
culture, maturity = pulse.banks(database, campaign)
phase = campaign.phase()
st.title(esc(campaign.name))
st.caption(esc(culture.title) + (" · " + esc(maturity.title) if maturity else ""))
common.show_flash()

if where.state in ("open", "invited"):
    with st.container(border=True):
        st.subheader("Before you start: how your answers stay anonymous")
        st.markdown("\n".join(f"- {esc(line)}" for line in pulse.rules_text(campaign)))
    if phase != workspace.pulse.OPEN:
        st.info(f"This survey is not taking answers: {esc(pulse.phase_text(campaign))}.",
                icon=":material/event_busy:")
        st.stop()
    if where.state == "open" and campaign.segments:
        st.subheader("About you")
        st.caption("These groups are how results are shown. Each question is optional: "
                   "choose “Prefer not to say” to skip it.")
        for segment in campaign.segments:
            st.selectbox(esc(segment.name), ["", *segment.values],
                         key=f"pulse.segment.{segment.id}",
                         format_func=lambda v: "Prefer not to say" if v == "" else v)
    elif where.state == "invited":
        st.caption("Your invitation already says which groups you belong to, so you are not "
                   "asked.")
    st.button("Start the survey", key="pulse.start", type="primary", on_click=_start,
              icon=":material/play_arrow:")
    st.stop()

token = where.token
answers = {part: workspace.respondents.respondent_answers(database, where.respondent.id, part)
           for part in ("culture", "maturity")}
taking = phase == workspace.pulse.OPEN
if not taking:
    st.info(f"This survey is not taking answers now: {esc(pulse.phase_text(campaign))}. Your "
            "answers are kept.", icon=":material/event_busy:")

sections = [(d.id, d.name) for d in culture.dimensions]
if culture.outcomes:
    sections.append(("outcomes", "Your own use"))
if maturity is not None:
    sections.append(("maturity", maturity.title))


def _statements(section_id: str):
    if section_id == "outcomes":
        return "culture", list(culture.outcomes)
    if section_id == "maturity":
        return "maturity", list(maturity.competencies)
    return "culture", list(next(d for d in culture.dimensions if d.id == section_id).items)


def _done(part: str, item_id: str) -> bool:
    answer = answers[part].get(item_id)
    return answer is not None and answer.answered


progress = {}
for section_id, _ in sections:
    part, items = _statements(section_id)
    progress[section_id] = (sum(_done(part, i.id) for i in items), len(items))
with st.expander("Your private link and the rules", icon=":material/shield:"):
    st.caption("Open this link on any device to come back until the survey closes. Keep it "
               "to yourself: whoever has it can see and change your answers.")
    st.code(pulse.respondent_url(token), language=None)
    st.markdown("\n".join(f"- {esc(line)}" for line in pulse.rules_text(campaign)))
section = common.section_picker("pulse", sections, progress)
part, items = _statements(section)
name = dict(sections)[section]
st.subheader(esc(name))
if part == "maturity":
    st.caption("For each area, choose the description that fits the organization best today.")
elif section == "outcomes":
    st.caption("About you: would you use an internal social network, and how?")
else:
    st.caption(esc(next(d for d in culture.dimensions if d.id == section).description))

bank = maturity if part == "maturity" else culture
for number, item in enumerate(items, start=1):
    answer = answers[part].get(item.id)
    if part == "maturity":
        options = [*range(1, len(maturity.stages) + 1), common.DONT_KNOW]
        labels = {s.level: f"{esc(s.name)}: {esc(item.descriptors[s.level - 1])}"
                  for s in maturity.stages}
        question = f"**{number}.** {esc(item.name)}"
    else:
        options = [*range(1, culture.scale_max + 1), common.DONT_KNOW]
        labels = {i + 1: esc(label) for i, label in enumerate(culture.labels)}
        question = f"**{number}.** {esc(item.text)}"
    labels[common.DONT_KNOW] = esc(culture.dont_know)
    if answer is None or not answer.answered:
        index = None
    else:
        index = options.index(common.DONT_KNOW if answer.dont_know else answer.value)
    key = f"pulse.q.{part}.{item.id}"
    with st.container(border=True):
        st.radio(question, options, index=index, key=key, format_func=labels.get,
                 horizontal=part != "maturity", disabled=not taking, on_change=_save,
                 args=(part, bank, item.id, key))
        comment_key = f"{key}.comment"
        if comment_key not in st.session_state:     # kept as saved (names masked) from here
            st.session_state[comment_key] = answer.comment if answer else ""
        st.text_input("Comment (optional, never shown with your groups)", key=comment_key,
                      disabled=not taking, max_chars=workspace.respondents.COMMENT_MAX,
                      on_change=_comment, args=(part, item.id, comment_key),
                      placeholder="An example or a caveat; please name no one")

common.step_buttons("pulse", [section_id for section_id, _ in sections], section, None, "")
done = sum(a for a, _ in progress.values())
total = sum(t for _, t in progress.values())
if total and done == total:
    st.success(f"Thank you: every answer is saved. You can change them until "
               f"{campaign.closes_on}.", icon=":material/check_circle:")
