"""Join a workshop with its code; once joined, this is the person's workshop home page."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from datafiles.text import NAME_MAX  # noqa: E402
from ui import access, common, consensus, workshop_views  # noqa: E402
from workshops import display_code  # noqa: E402

TASK_PAGES = {"culture": "pages/culture.py", "maturity": "pages/maturity.py",
              "weights": "pages/my_weights.py", "scores": "pages/scoring.py"}
TASK_ICONS = {"culture": "groups", "maturity": "stairs", "weights": "balance",
              "scores": "grading"}

database = common.db()


def _join() -> None:
    """Callback: join the session the typed code opens (limited: see access.join_workshop)."""
    try:
        person = access.join_workshop(st.session_state.get("join.code", ""),
                                      st.session_state.get("join.name", ""))
    except access.TooManyTries as error:
        common.flash("error", str(error))
        return
    except workspace.WorkspaceError as error:
        # A wrong code gets the one message whatever the cause (SessionUnavailable's own).
        common.flash("error", str(error))
        return
    common.start_answering(person.token)
    st.session_state[common.ENGAGEMENT] = person.engagement_id
    for key in ("join.code", "join.name"):
        st.session_state.pop(key, None)
    common.flash("success", "You are in. Your answers save as you give them.")


def _leave() -> None:
    common.forget_participant()
    if not access.is_facilitator():
        common.hide_engagement()


def show_home(person: workspace.Participant) -> None:
    """The participant's workshop: what to do, how far they are, their private link."""
    session = workspace.get_session(database, person.session_id)
    engagement = workspace.get_engagement(database, person.engagement_id)
    st.title("Your workshop")
    st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
    common.show_flash()
    if session.anonymous:
        st.write(f"This workshop is anonymous: no name is asked or kept, and you take part "
                 f"as **{common.escape_markdown(person.name)}**. Everyone sees only the "
                 "group's results, when the facilitator shares them.")
    else:
        st.write(f"You take part as **{common.escape_markdown(person.name)}**. Only the "
                 "facilitator sees names; everyone else sees only the group's results, when "
                 "the facilitator shares them.")
    common.show_session_state(session)
    culture_bank, maturity_bank = common.engagement_banks(database, engagement)
    done = {
        "culture": sum(a.answered for a in workspace.participant_answers(
            database, person.id, culture_bank.id).values()) / len(culture_bank.items),
        "maturity": sum(a.answered for a in workspace.participant_answers(
            database, person.id, maturity_bank.id).values()) / len(maturity_bank.competencies),
        "weights": "given" if workspace.participant_weights(
            database, person.id, session.weights_level, session.weights_method) else "not yet",
    }
    if "scores" in session.tasks:
        offered = [v.id for v in workspace.offered_vendors(database, session)]
        slots = len(offered) * len(workspace.list_criteria(database, engagement.id))
        done["scores"] = (workspace.scores_given(database, person.id, offered) / slots
                          if slots else 0.0)
    st.subheader("What to do")
    for task in session.tasks:
        page = TASK_PAGES[task]
        label = workshop_views.TASK_NAMES[task]
        state = (f"{done[task]:.0%} done" if isinstance(done[task], float)
                 else str(done[task]))
        if access.allowed(page):
            # Two lines: a finger's target (56 px high), the second saying how far they are.
            st.page_link(page, label=f"{label}  \n{state}", width="stretch",
                         icon=f":material/{TASK_ICONS[task]}:")
        else:
            st.markdown(f"- {label} — {state}")
    consensus.second_round(database, person, session, engagement)
    if session.reveal and access.allowed("pages/group_results.py"):
        st.page_link("pages/group_results.py", label="The group's results are shared  \n"
                     "see them", icon=":material/groups_3:", width="stretch")
    st.subheader("Your private link")
    st.caption("Open it on any device to come back to your answers (after a refresh, or from "
               "your laptop later). Keep it to yourself: it answers as you.")
    # The address's root: for a participant (and anyone who has not joined) it is this page.
    # Wrapped, not scrolled sideways: a phone shows it whole, and a scrolling box would need
    # a keyboard stop of its own.
    st.code(f"{access.base_url()}/?p={person.token}", language=None, wrap_lines=True)
    st.button("Leave the workshop on this device  \nyour private link still brings you back",
              key="join.leave", on_click=access.guarded(_leave), icon=":material/logout:")


def show_join_form() -> None:
    """Code and optional name; wrong codes get one message and slow down."""
    st.title("Join a workshop")
    common.show_flash()
    if st.session_state.pop("access.ended", False):
        st.info("That workshop session has ended. Thank you for taking part.",
                icon=":material/check_circle:")
    if "join.code" not in st.session_state and "code" in st.query_params:
        st.session_state["join.code"] = display_code(st.query_params["code"][:6].upper()) \
            if len(st.query_params["code"]) == 6 else st.query_params["code"][:20]
    anonymous = st.query_params.get(common.ANONYMOUS_LINK) == "1"
    with st.container(border=True):
        st.text_input("Workshop code", key="join.code", max_chars=20,
                      placeholder="e.g. ACE-479", help="On the facilitator's screen.")
        if anonymous:   # the join link of an anonymous workshop: no name is asked
            st.session_state.pop("join.name", None)
            st.caption("This workshop is anonymous: no name is asked, and nobody's name is "
                       "shown anywhere.")
        else:
            st.text_input("Your name (optional)", key="join.name", max_chars=NAME_MAX,
                          placeholder="Leave empty to take part anonymously",
                          help="Only the facilitator sees names. Others see only the group's "
                               "results, and only when the facilitator shares them. An "
                               "anonymous workshop keeps no name.")
        st.button("Join", key="join.submit", type="primary", on_click=access.guarded(_join),
                  icon=":material/login:")


person = common.current_participant(database)
if person is not None and person.session_id is not None:
    try:
        show_home(person)
    except workspace.NotFound:
        common.forget_participant()
        st.rerun()
else:
    show_join_form()
