"""A pulse respondent's questionnaire: the anonymity rules first, then the statements one
dimension at a time, saved as given, until the survey closes."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import access, common, pulse  # noqa: E402
from ui.pulse_words import WORDS, words  # noqa: E402

esc = common.escape_markdown       # bank and campaign text is shown as typed, never Markdown
database = common.db()
where = pulse.resolve(database)


def _said() -> dict[str, str]:
    """The page's words in the language this tab answers in (for callbacks)."""
    return words(st.session_state.get(pulse.LANGUAGE, "en"))


def _start() -> None:
    """Callback: begin answering (segment values from the form, or from the invitation)."""
    mark = pulse.language_mark(st.session_state.get(pulse.LANGUAGE, "en"))
    chosen = {s.id: st.session_state.get(f"pulse.segment.{mark}{s.id}") or None
              for s in where.campaign.segments} if where.state == "open" else {}
    try:
        pulse.start(where, chosen)
    except access.TooManyTries as error:
        common.flash("error", str(error))
        return
    except workspace.WorkspaceError as error:
        common.flash("error", _said()["not_started"].format(error=error))
        return
    common.flash("success", _said()["started"])


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
        common.flash("error", _said()["not_saved"].format(error=error))


def _comment(part: str, item_id: str, key: str) -> None:
    """Callback: save the comment in widget ``key``, showing it as kept (names masked)."""
    try:
        kept = workspace.respondents.save_comment(common.db(), st.session_state.get(pulse.TOKEN),
                                                  part, item_id, st.session_state.get(key, ""))
    except workspace.WorkspaceError as error:
        common.flash("error", _said()["comment_not_saved"].format(error=error))
        return
    if kept != (st.session_state.get(key) or "").strip():
        st.session_state[key] = kept
        common.flash("warning", _said()["comment_masked"])


def _leave() -> None:
    pulse.forget()


if where is None:
    st.title("Pulse questionnaire")
    st.info("This is the page a respondent sees. Open it with a survey link: the campaign's "
            "open link, or an invitee's private link (both on Pulse campaigns).",
            icon=":material/link:")
    if access.allowed("pages/pulse.py"):
        common.page_link("pages/pulse.py", label="Pulse campaigns", icon=":material/campaign:")
    st.stop()

if where.state == "invalid":
    said = words(pulse.language(tuple(WORDS)))
    st.title(said["invalid_title"])
    try:
        pulse.count_wrong_link(database)
        st.error(said["invalid_link"], icon=":material/link_off:")
    except access.TooManyTries as error:
        st.error(esc(str(error)), icon=":material/timer:")
    st.button(said["leave"], key="pulse.leave",
              on_click=access.guarded(_leave), icon=":material/logout:")
    st.stop()

campaign = where.campaign
culture, maturity = pulse.banks(database, campaign)
# The respondent reads the questionnaire in their language; answers go by item id, so they
# pool with everyone's whatever the language, and the language is not kept with them.
offered = pulse.offered_languages(culture)
language = pulse.language(offered)
said = words(language)
# Widgets whose labels are translated have a key per language: a browser sends a choice back
# by its label, so the same widget with new labels would lose what it shows as chosen.
mark = pulse.language_mark(language)
culture, maturity = pulse.banks(database, campaign, language)
phase = campaign.phase()
if phase != workspace.pulse.CLOSED:         # nothing left to read or answer in another language
    pulse.language_picker(offered, language)
st.title(esc(campaign.name))
st.caption(esc(culture.title) + (" · " + esc(maturity.title) if maturity else ""))
common.show_flash()

if where.state in ("open", "invited"):
    if phase != workspace.pulse.OPEN:
        st.info(esc(said["not_taking"].format(phase=pulse.phase_text(campaign, language))),
                icon=":material/event_busy:")
    with st.container(border=True):
        st.subheader(said["rules_heading"])
        st.markdown("\n".join(f"- {esc(line)}" for line in pulse.rules_text(campaign,
                                                                              language)))
    if phase != workspace.pulse.OPEN:
        st.stop()
    if where.state == "open" and campaign.segments:
        st.subheader(said["about_you"])
        st.caption(said["about_you_caption"])
        for segment in campaign.segments:
            st.selectbox(esc(segment.name), ["", *segment.values],
                         key=f"pulse.segment.{mark}{segment.id}",
                         format_func=lambda v: said["prefer_not"] if v == "" else v)
    elif where.state == "invited":
        st.caption(said["invited_caption"])
    st.button(said["start"], key="pulse.start", type="primary", on_click=access.guarded(_start),
              icon=":material/play_arrow:")
    st.stop()

token = where.token
answers = {part: workspace.respondents.respondent_answers(database, where.respondent.id, part)
           for part in ("culture", "maturity")}
taking = phase == workspace.pulse.OPEN
if not taking:
    st.info(esc(said["not_taking_kept"].format(phase=pulse.phase_text(campaign, language))),
            icon=":material/event_busy:")

sections = [(d.id, d.name) for d in culture.dimensions]
if culture.outcomes:
    sections.append(("outcomes", said["own_use"]))
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
with st.expander(said["link_heading"], icon=":material/shield:"):
    st.caption(said["link_caption" if phase != workspace.pulse.CLOSED else
                    "link_caption_closed"])
    st.code(pulse.respondent_url(token, language), language=None)
    st.markdown("\n".join(f"- {esc(line)}" for line in pulse.rules_text(campaign, language)))
steps = f"pulse.{language}" if mark else "pulse"        # the section picker's keys
section = common.section_picker(steps, sections, progress,
                                 {key: said[key] for key in common.SECTION_WORDS})
part, items = _statements(section)
name = dict(sections)[section]
st.subheader(esc(name))
if part == "maturity":
    st.caption(said["maturity_caption"])
elif section == "outcomes":
    st.caption(said["own_use_caption"])
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
    key = f"pulse.q.{mark}{part}.{item.id}"
    with st.container(border=True):
        st.radio(question, options, index=index, key=key, format_func=labels.get,
                 horizontal=part != "maturity", disabled=not taking,
                 on_change=access.guarded(_save),
                 args=(part, bank, item.id, key))
        comment_key = f"{key}.comment"
        if comment_key not in st.session_state:     # kept as saved (names masked) from here
            st.session_state[comment_key] = answer.comment if answer else ""
        st.text_input(said["comment"], key=comment_key,
                      disabled=not taking, max_chars=workspace.respondents.COMMENT_MAX,
                      on_change=access.guarded(_comment), args=(part, item.id, comment_key))
        # Under the field, not as its placeholder: a phone cut the placeholder short.
        st.caption(said["comment_hint"])

common.step_buttons(steps, [section_id for section_id, _ in sections], section, None, "",
                    labels=(said["previous"], said["next"]))
done = sum(a for a, _ in progress.values())
total = sum(t for _, t in progress.values())
if taking and total and done == total:        # "thanks" says the answers can still change
    st.success(said["thanks"].format(date=campaign.closes_on), icon=":material/check_circle:")
