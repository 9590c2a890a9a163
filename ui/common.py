"""What every page shares: the workspace handle, the current engagement and participant.

Session state holds only what the person is doing right now (which engagement, who is
answering); the engagement id (``e``) and participant token (``p``) also travel in the URL
query so that a refresh, a bookmark or a shared link lands in the same place.
"""
from __future__ import annotations

from collections.abc import Mapping

import re

import streamlit as st

import workspace
from datafiles.text import NAME_MAX
from reports.formats import Table
from workspace import Engagement, Participant
from ui import access

ENGAGEMENT = "engagement_id"
PARTICIPANT = "participant_token"
FLASH = "flash"
SECTION = "section"   # in the URL: the questionnaire section the person is on
ANONYMOUS_LINK = "anonymous"   # in a join link: the workshop asks no name
COUNTDOWN_SECONDS = 5          # how often a participant's time left is redrawn
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Where Streamlit's Markdown (GitHub's autolink literals, found in the text after escapes are
# resolved) would make a link of plain text: "http://", "https://", "www." and the "@" of an
# e-mail address. A word joiner (U+2060, shown as nothing, no line break) splits each.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=://)|(?<=http)(?=://)|(?<=www)(?=\.)|(?<=[\w.+-])(?=@)")
LINK_BREAK = "\u2060"


def db() -> workspace.Database:
    """Open the workspace for this script run (cheap; a connection is bound to its thread)."""
    return workspace.open_workspace()


@st.cache_resource(show_spinner=False)
def taxonomy():
    """The standard requirements taxonomy and 0-5 anchors (read once per process)."""
    from vendors.catalog import load_taxonomy

    return load_taxonomy()


def escape_markdown(text: str) -> str:
    """User or bank text made safe to put inside Markdown: shown verbatim, never formatted,
    never a link or an image.

    A line break (LF, CRLF or a lone CR: Markdown ends a line at each) becomes a space, so
    that it cannot end a heading or start a block of its own. An address (``http://x.y``,
    ``www.x.y``, ``a@b.c``) stays text: an invisible word joiner keeps Streamlit from turning
    it into a live link.
    """
    text = _AUTOLINK.sub(LINK_BREAK, str(text))
    return _LINE_BREAK.sub(" ", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def flash(kind: str, message: str) -> None:
    """Keep a message to show at the top of the next run (callbacks cannot draw)."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    """Show and forget the message a callback left (verbatim: it may quote user text)."""
    kind, message = st.session_state.pop(FLASH, (None, None))
    message = escape_markdown(message or "")
    if kind == "error":
        st.error(message, icon=":material/error:")
    elif kind == "warning":
        st.warning(message, icon=":material/warning:")
    elif kind == "success":
        st.success(message, icon=":material/check_circle:")


# Widgets that edit the current engagement's requirements, weights, vendors and scores: their
# keys name categories, levels and criteria, which other engagements share, so they are
# dropped when the engagement changes (unsaved edits stay in ui.drafts, per engagement).
_ENGAGEMENT_WIDGETS = ("requirements.", "weights.", "vendors.", "scoring.", "edit.")


def select_engagement(engagement_id: int | None) -> None:
    """Make ``engagement_id`` the current engagement (from a callback or before the picker)."""
    if st.session_state.get(ENGAGEMENT) != engagement_id:
        forget_participant()
        for key in list(st.session_state.keys()):
            if key.startswith(_ENGAGEMENT_WIDGETS):
                del st.session_state[key]
    st.session_state[ENGAGEMENT] = engagement_id


def forget_participant() -> None:
    """Stop answering as the current participant and drop their unsaved widget state.

    The key stays (as None) so that the participant in the URL is not adopted again.
    """
    st.session_state[PARTICIPANT] = None
    for key in list(st.session_state.keys()):
        if key.startswith(("culture.", "maturity.")) and not key.endswith(".section"):
            del st.session_state[key]


def resolve_context(database: workspace.Database) -> None:
    """Settle the current engagement and participant from session state and the URL.

    Session state wins inside a session; a fresh session (refresh, bookmark, shared link)
    adopts the URL. Unknown ids or tokens in the URL get a clear message and are dropped.
    """
    params = st.query_params
    if PARTICIPANT not in st.session_state and "p" in params:
        try:
            person = workspace.participant_by_token(database, params["p"])
            st.session_state[ENGAGEMENT] = person.engagement_id
            st.session_state[PARTICIPANT] = person.token
        except workspace.NotFound as error:
            st.error(escape_markdown(str(error)), icon=":material/link_off:")
    if ENGAGEMENT not in st.session_state and "e" in params:
        raw = params["e"]
        try:
            st.session_state[ENGAGEMENT] = workspace.get_engagement(database, int(raw)).id
        except (ValueError, workspace.NotFound):
            st.error(escape_markdown(f"The link names an engagement (“{raw[:80]}”) that is not "
                                     "in this workspace. Pick an engagement in the sidebar."),
                     icon=":material/link_off:")
    from ui import access

    ids = [e.id for e in access.visible_engagements(database)]
    if ENGAGEMENT in st.session_state and st.session_state[ENGAGEMENT] is not None \
            and st.session_state[ENGAGEMENT] not in ids and access.member() is not None:
        st.warning("You hold no role in the engagement this link or tab had open (an owner "
                   "of it can give you one).", icon=":material/lock:")
    if st.session_state.get(ENGAGEMENT) not in ids:
        st.session_state[ENGAGEMENT] = ids[0] if ids else None
        forget_participant()
    token = st.session_state.get(PARTICIPANT)
    if token is not None:
        try:
            person = workspace.participant_by_token(database, token)
            if person.engagement_id != st.session_state[ENGAGEMENT]:
                forget_participant()
        except workspace.NotFound:
            forget_participant()
    _write_url()


def _write_url(show_engagement: bool = True) -> None:
    wanted = {}
    if show_engagement and st.session_state.get(ENGAGEMENT) is not None:
        wanted["e"] = str(st.session_state[ENGAGEMENT])
    if st.session_state.get(PARTICIPANT):
        wanted["p"] = st.session_state[PARTICIPANT]
    elif "code" in st.query_params:  # a join link's code waits for the person to join
        wanted["code"] = st.query_params["code"][:40]
        if st.query_params.get(ANONYMOUS_LINK) == "1":   # no name is asked by this link
            wanted[ANONYMOUS_LINK] = "1"
    if SECTION in st.query_params:   # kept for the questionnaire page (see section_picker)
        wanted[SECTION] = st.query_params[SECTION][:80]
    for key in ("pulse", "r", "lang"):   # a pulse survey link and its language (ui.pulse)
        if key in st.query_params:
            wanted[key] = st.query_params[key][:64]
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def hide_engagement() -> None:
    """For someone who may see no engagement: keep none current and none in the URL."""
    forget_participant()
    st.session_state[ENGAGEMENT] = None
    _write_url(show_engagement=False)


def page_link(page: str, **options) -> None:
    """``st.page_link`` to one of this person's pages (see ``access.allowed``); nothing for a
    page outside their menu (a role that does not open it), which Streamlit cannot link."""
    from ui import access

    if access.allowed(page):
        st.page_link(page, **options)


def current_engagement(database: workspace.Database) -> Engagement:
    """The engagement the person is working on; without one, say what to do and stop."""
    engagement_id = st.session_state.get(ENGAGEMENT)
    if engagement_id is None:
        st.info("There is no engagement yet. Create one on the Engagements page.",
                icon=":material/info:")
        st.page_link("pages/engagements.py", label="Go to Engagements",
                     icon=":material/arrow_forward:")
        st.stop()
    return workspace.get_engagement(database, engagement_id)


def engagement_banks(database: workspace.Database, engagement: Engagement):
    """The engagement's culture and maturity banks; on a broken bank, say so and stop."""
    from ui import results

    try:
        return results.engagement_banks(database, engagement.id)
    except (ValueError, workspace.WorkspaceError) as error:
        st.error(escape_markdown(f"This engagement's questionnaire cannot be used: {error}. "
                                 "Choose another on the Question banks page."),
                 icon=":material/error:")
        page_link("pages/banks.py", label="Question banks", icon=":material/quiz:")
        st.stop()


def current_participant(database: workspace.Database) -> Participant | None:
    """The participant answering in this session, if one has been chosen."""
    token = st.session_state.get(PARTICIPANT)
    if not token:
        return None
    try:
        return workspace.participant_by_token(database, token)
    except workspace.NotFound:
        forget_participant()
        return None


def start_answering(token: str) -> None:
    """Answer as the participant with this token from now on (call from a callback)."""
    forget_participant()
    st.session_state[PARTICIPANT] = token


def _choose_existing() -> None:
    token = st.session_state.get("who.existing")
    if token:
        start_answering(token)


def _add_and_choose(engagement_id: int) -> None:
    try:
        person = workspace.add_participant(db(), engagement_id,
                                           st.session_state.get("who.new_name", ""))
    except workspace.WorkspaceError as error:
        flash("error", str(error))
        return
    st.session_state["who.new_name"] = ""
    start_answering(person.token)
    flash("success", "You are set up. Answers save as you give them; bookmark this page "
                     "(its link is private to you) to come back later.")


def person_session(database: workspace.Database, person: Participant
                   ) -> workspace.WorkshopSession | None:
    """The workshop session the person joined through, if any (and it still exists)."""
    if person.session_id is None:
        return None
    try:
        return workspace.get_session(database, person.session_id)
    except workspace.NotFound:
        return None


def session_paused(database: workspace.Database, person: Participant) -> bool:
    """Whether the person may not answer now (they may look): their workshop session is
    paused, or the countdown the facilitator set has ended."""
    session = person_session(database, person)
    return session is not None and (session.status == "paused" or session.time_up())


def clock(seconds: float) -> str:
    """Seconds as minutes and seconds ("4:05"), rounded up to the second."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def show_session_state(session: workspace.WorkshopSession | None) -> None:
    """What a participant needs to know about their session now: paused, time is up, or the
    time left on the facilitator's countdown (redrawn every few seconds; the page redraws
    itself when it ends, locking the answers)."""
    if session is None:
        return
    if session.status == "paused":
        st.info("The facilitator has paused the workshop: you can read, and answer again "
                "when it resumes.", icon=":material/pause_circle:")
        return
    if session.time_up():
        st.warning("Time is up: the facilitator's countdown has ended, so answers are locked. "
                   "The answers you gave are kept.", icon=":material/timer_off:")
        return
    if session.ends_at is None:
        return

    @st.fragment(run_every=COUNTDOWN_SECONDS)
    def countdown() -> None:
        left = session.seconds_left()
        if not left:
            st.rerun(scope="app")
        st.info(f"Time left: **{clock(left)}**. Answers lock when the time is up.",
                icon=":material/timer:")

    countdown()


def participant_gate(database: workspace.Database, engagement: Engagement) -> Participant:
    """Who is answering: the current participant, or a chooser and a stop until one is picked.

    Someone who joined a workshop is always themselves: no chooser, no list of other people.
    """
    from ui import access

    me = access.member()
    if me is not None and not access.is_facilitator():
        person = workspace.roles.scorer_for(database, engagement.id, me.account, me.label)
        st.caption(f"Scoring as **{escape_markdown(person.name)}** (your company account). "
                   "Your scores save as you give them.")
        return person
    person = current_participant(database)
    if person is not None and not access.is_facilitator():
        st.caption(f"Answering as **{escape_markdown(person.name)}**. Your answers save as "
                   "you give them; your private link (on Your workshop) brings you back.")
        show_session_state(person_session(database, person))
        return person
    if person is None and not access.is_facilitator():
        st.info("Join the workshop first.", icon=":material/login:")
        st.stop()
    if person is not None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(f"Answering as **{escape_markdown(person.name)}**. Your answers save as "
                     "you give them. This page's address is your private link: bookmark it "
                     "to come back to your answers.")
        right.button("Not you? Switch", key="who.switch",
                     on_click=access.guarded(forget_participant),
                     icon=":material/switch_account:")
        return person
    st.subheader("Who is answering?")
    people = workspace.list_participants(database, engagement.id)
    if people:
        with st.container(border=True):
            st.selectbox("I have answered before as", [p.token for p in people],
                         format_func={p.token: p.name for p in people}.get, key="who.existing")
            st.button("Continue my answers", key="who.continue",
                      on_click=access.guarded(_choose_existing),
                      type="primary")
    with st.container(border=True):
        st.text_input("I am new here: my name or role", key="who.new_name", max_chars=NAME_MAX,
                      placeholder="e.g. Chief Information Officer")
        st.button("Start answering", key="who.start", on_click=access.guarded(_add_and_choose),
                  args=(engagement.id,), type="primary" if not people else "secondary")
    st.stop()


def answering_paused(database: workspace.Database) -> bool:
    """True (and a message for the next run) when this session's participant may not answer
    now: the facilitator paused their workshop, or its countdown has ended."""
    person = current_participant(database)
    session = person_session(database, person) if person is not None else None
    if session is not None and session.status == "paused":
        flash("error", "Not saved: the facilitator has paused the workshop. Answer again when "
                       "it resumes.")
        return True
    if session is not None and session.time_up():
        flash("error", f"Not saved: {workspace.participation.TIME_UP}")
        return True
    return False


def save_answer(bank, person_id: int, item_id: str, key: str) -> None:
    """Callback: save the answer now in widget ``key`` (a value, "dk" or None)."""
    database = db()   # one connection for the whole callback
    if answering_paused(database):
        return
    choice = st.session_state.get(key)
    try:
        if choice is None:
            workspace.clear_answer(database, person_id, bank.id, item_id)
            return
        value = None if choice == DONT_KNOW else int(choice)
        bank.check_answer(item_id, value)
        workspace.save_answer(database, person_id, bank.id, item_id, value,
                              dont_know=choice == DONT_KNOW)
    except (workspace.WorkspaceError, ValueError) as error:
        flash("error", f"Not saved: {error}")


def save_comment(bank, person_id: int, item_id: str, key: str) -> None:
    """Callback: save the comment now in widget ``key``."""
    database = db()
    if answering_paused(database):
        return
    try:
        workspace.save_comment(database, person_id, bank.id, item_id,
                               st.session_state.get(key, ""))
    except workspace.WorkspaceError as error:
        flash("error", f"Comment not saved: {error}")


DONT_KNOW = "dk"


#: The section picker's words in English (see :func:`section_picker`).
SECTION_WORDS = {
    "progress": "{done} of {total} answered ({share}%)",
    "section_heading": "Section {n} of {total}: {name}",
    "jump": "Jump to another ({complete} of {total} complete)",
    "section_of": "section {n} of {total}",
    "answered": "{done}/{total} answered",
}


def section_picker(prefix: str, sections: list[tuple[str, str]],
                   answered: dict[str, tuple[int, int]],
                   words: Mapping[str, str] = SECTION_WORDS) -> str:
    """One section (dimension or competency) at a time, with progress and previous/next.

    ``sections`` are (id, name); ``answered`` maps id to (answered, total). The section
    travels in the URL (``section``), so a refresh stays on it. ``words`` are the picker's
    words in the reader's language, with the placeholders of :data:`SECTION_WORDS`.
    """
    from ui import scroll

    key, place = f"{prefix}.section", f"{prefix}.place"
    ids = [section_id for section_id, _ in sections]
    if st.session_state.get(key) not in ids:
        # Back from another page, the section kept in the session (a widget's own state goes
        # when its page is left); in a fresh session (a refresh, a bookmark), the URL's.
        kept = st.session_state.get(place, st.query_params.get(SECTION))
        st.session_state[key] = kept if kept in ids else ids[0]
    names = dict(sections)
    done = sum(a for a, _ in answered.values())
    total = sum(t for _, t in answered.values())
    st.progress(done / total if total else 0.0,
                text=words["progress"].format(done=done, total=total,
                                              share=round(100 * done / total)) if total else "")

    # The option labels never change while someone answers: the browser sends a radio's
    # choice back by its label, so a label that changed (say "2/5" to "3/5") would no longer
    # be found. Progress goes in the captions under the options instead. One column, each
    # option two lines high (a finger's target), folded away: Next and Previous are the usual
    # way on, this the way to jump.
    complete = sum(1 for s in ids if answered[s][0] == answered[s][1])
    position = ids.index(st.session_state[key]) + 1
    name = escape_markdown(names[st.session_state[key]])
    heading = words["section_heading"].format(n=position, total=len(ids), name=name)
    jump = words["jump"].format(complete=complete, total=len(ids))
    with st.expander(f"{heading}  \n{jump}", icon=":material/toc:"):
        st.radio("Section", ids, key=key, label_visibility="collapsed",
                 format_func=lambda section_id: escape_markdown(names[section_id]) + "\n\n"
                 + words["section_of"].format(n=ids.index(section_id) + 1, total=len(ids)),
                 captions=[("✓ " if answered[s][0] == answered[s][1] else "")
                           + words["answered"].format(done=answered[s][0],
                                                      total=answered[s][1]) for s in ids])
    current = st.session_state[place] = st.session_state[key]
    if st.query_params.get(SECTION) != current:
        st.query_params[SECTION] = current
    scroll.top_of_section(prefix)   # after Next or Previous, the new section shows from here
    return current


def step(prefix: str, ids: list[str], offset: int) -> None:
    """Callback: move the section picker to the previous or next section."""
    from ui import scroll

    key = f"{prefix}.section"
    position = ids.index(st.session_state[key]) + offset
    st.session_state[key] = ids[max(0, min(len(ids) - 1, position))]
    scroll.stepped(prefix)


def back_to_workshop(note: str = "your tasks and your private link") -> None:
    """A participant's way home: a link two lines high (a finger's target, 56 px)."""
    st.page_link("pages/join.py", label=f"Back to your workshop  \n{escape_markdown(note)}",
                 icon=":material/home:")


def step_buttons(prefix: str, ids: list[str], current: str, finish_page: str | None,
                 finish_label: str,
                 labels: tuple[str, str] = ("Previous  \nsection {n} of {total}",
                                            "Next  \nsection {n} of {total}")) -> None:
    """Previous / next buttons under a section (``labels``: their text, where ``{n}`` and
    ``{total}`` are the section they lead to and how many there are); the last section links
    onwards (to nowhere when ``finish_page`` is None)."""
    from ui import access

    if finish_page is not None and not access.allowed(finish_page):
        finish_page, finish_label = "pages/join.py", "Back to your workshop"
    position = ids.index(current)
    left, right = st.columns(2)
    # Two lines each: a finger's target (55 px); the second says where the button goes.
    if position > 0:
        left.button(labels[0].format(n=position, total=len(ids)), key=f"{prefix}.previous",
                    on_click=access.guarded(step), args=(prefix, ids, -1),
                    icon=":material/arrow_back:",
                    width="stretch")
    if position < len(ids) - 1:
        right.button(labels[1].format(n=position + 2, total=len(ids)), key=f"{prefix}.next",
                     on_click=access.guarded(step), args=(prefix, ids, 1),
                     icon=":material/arrow_forward:",
                     type="primary", width="stretch")
    elif finish_page is not None:
        right.page_link(finish_page, label=f"{finish_label}  \nwhen you are done here",
                        width="stretch",
                        icon=":material/arrow_forward:")


def finished(answered: dict[str, tuple[int, int]]) -> None:
    """Under a questionnaire: once every question is answered, say so, and show a
    workshop's participant the way back to their workshop."""
    from ui import access

    done = sum(a for a, _ in answered.values())
    total = sum(t for _, t in answered.values())
    if total and done == total:
        st.success(f"All {total} answered - thank you.", icon=":material/task_alt:")
        if not access.is_facilitator():
            back_to_workshop("your other tasks, and the group's results when shared")


def _build_spec(builder: str, *args) -> dict:
    from streamlit import dataframe_util

    from reports import charts

    spec = getattr(charts, builder)(*args).to_dict(validate=False)
    # Streamlit ships a chart's datasets as Arrow and converts them on every draw unless
    # they already are Arrow bytes; cached converted, a redraw only copies them.
    if "datasets" in spec:
        spec["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(values)
                            for name, values in spec["datasets"].items()}
    return spec


@st.cache_data(max_entries=256, show_spinner=False)
def _chart_spec(builder: str, *args) -> dict:
    """The Vega-Lite spec of ``charts.<builder>(*args)``, built once per distinct input.

    Building an Altair chart and validating it against the Vega-Lite schema is most of a
    page's time; the builders are validated by the tests, and the spec is cached by content.
    """
    return _build_spec(builder, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _keyed_chart_spec(builder: str, key: tuple, _args: tuple) -> dict:
    """As :func:`_chart_spec`, cached by ``key`` alone (the arguments are not hashed)."""
    return _build_spec(builder, *_args)


def chart(builder: str, args: tuple, name: str, engagement: Engagement,
          key: tuple | None = None, width: str = "content", downloads: bool = True,
          numbers: Table | None = None) -> None:
    """Draw ``reports.charts.<builder>(*args)`` with PNG and SVG downloads.

    ``numbers``: the chart's values as a table, shown in a folded "The chart's numbers"
    right under it: the chart's text alternative, for a chart with no table of its numbers
    beside it on the page (WCAG 1.1.1).

    With ``key`` (e.g. the engagement's fingerprint and whatever else decides ``args``) the
    spec is cached by the key alone, so big argument tables are not hashed on every run.
    ``width="stretch"`` draws the chart at the width of its column, axes and legends
    included (a phone's too); for builders whose labels fit any width. The downloads rebuild
    the chart at its own width only when clicked, labeled with engagement and date
    (``downloads=False``: none, for a screen with no controls such as the presenter view).
    """
    from datetime import date

    from reports import charts, images

    spec = (_keyed_chart_spec(builder, (name, *key), args) if key is not None
            else _chart_spec(builder, *args))
    st.vega_lite_chart(spec, width=width)
    if numbers is not None:
        from ui import tables

        with st.expander("The chart's numbers", icon=":material/table_view:"):
            tables.show(numbers, key=f"chart.{name}.numbers")
    if not downloads:
        return
    day = date.today().isoformat()
    stem = images.file_stem(engagement.name, name, day)

    def figure():
        return images.labeled(getattr(charts, builder)(*args), engagement.name, day)

    from ui import downloads

    # Two-line labels: a finger's target (55 px) on a phone.
    left, right, _ = st.columns([1, 1, 4])
    downloads.download_button("PNG  \nimage", where=left, key=f"download.{name}.png",
                              file_name=f"{stem}.png", mime="image/png",
                              icon=":material/image:", data=lambda: images.chart_png(figure()))
    downloads.download_button("SVG  \nfor slides", where=right, key=f"download.{name}.svg",
                              file_name=f"{stem}.svg", mime="image/svg+xml",
                              icon=":material/polyline:",
                              data=lambda: images.chart_svg(figure()))
