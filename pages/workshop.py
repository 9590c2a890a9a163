"""Live workshop: open a session, show its code and QR code, and watch the room answer."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import math  # noqa: E402

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import (access, common, consensus, downloads, workshop_controls,  # noqa: E402
                workshop_records, workshop_views)
from reports import qr  # noqa: E402
from reports.formats import counted  # noqa: E402
from vendors import weighting  # noqa: E402
from workshops import aggregate, display_code  # noqa: E402

REFRESH_SECONDS = 3

database = common.db()
engagement = common.current_engagement(database)
levels = workshop_views.weight_levels(database, engagement.id)

st.title("Live workshop")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
if workspace.blind.is_blind(database, engagement.id):
    st.info("Blind scoring is on: participants, the group's results and this page's vendor "
            "scores show the vendors as Vendor A, B, ... (turn it off on the Vendors page).",
            icon=":material/visibility_off:")
if access.workshop_mode() and access.served_without_launcher():
    st.warning("This server was started with `streamlit run app.py`, which shows anyone "
               "Streamlit's usage figures at /\\_stcore/metrics (how many people are "
               "connected, and for how long), and keeps your sign-in for this tab only. For a "
               "workshop start it with `python3 dev.py run` (or `streamlit run serve.py`).",
               icon=":material/warning:")


def link_warnings(link: str) -> None:
    """Say, before anyone tries, when phones in the room cannot open the join link."""
    for problem in access.join_link_problems(link):
        st.warning(common.escape_markdown(problem), icon=":material/wifi_off:")


def _change(session_id: int, message: str, **changes) -> None:
    """Callback: change the session; say what happened (or why not) on the next run."""
    try:
        workspace.update_session(common.db(), session_id, **changes)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        if message:
            common.flash("success", message)


def _rotate(session_id: int) -> None:
    try:
        session = workspace.rotate_code(common.db(), session_id)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        common.flash("success", f"New code {display_code(session.code)}: the old one no longer "
                                "works. Everyone who joined keeps their link.")


def _tasks_changed(session_id: int) -> None:
    _change(session_id, "", tasks=st.session_state["workshop.tasks"])


def _reveal_changed(session_id: int) -> None:
    shown = st.session_state["workshop.reveal"]
    _change(session_id, "The group's results are now shown to the participants." if shown
            else "The group's results are hidden from the participants again.", reveal=shown)


def _open() -> None:
    try:
        session = workspace.open_session(
            common.db(), engagement.id, st.session_state.get("workshop.new.tasks", []),
            st.session_state.get("workshop.new.level", "categories"),
            st.session_state.get("workshop.new.method", "points"),
            int(st.session_state.get("workshop.new.room", workspace.sessions.ROOM_SIZE)),
            anonymous=bool(st.session_state.get("workshop.new.anonymous", False)))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        st.session_state.pop("workshop.tasks", None)
        st.session_state.pop("workshop.reveal", None)
        common.flash("success", f"The workshop is open: people join with "
                                f"{display_code(session.code)}.")


def room_size_input(key: str, on_change=None, args=()) -> None:
    """The room size: the most people who may join (more are told the room is full)."""
    st.number_input("Room size (the most people who may join)", min_value=1,
                    max_value=workspace.sessions.ROOM_SIZE_MAX, step=1, key=key,
                    on_change=access.guarded(on_change), args=args,
                    help="Anyone beyond it is told the workshop is full. Joining by code is "
                         "also limited per network address (see the README).")


def _room_changed(session_id: int) -> None:
    size = int(st.session_state["workshop.room"])
    _change(session_id, f"Room size set to {size}.", max_participants=size)


def setup_form() -> None:
    """Choose what the room does, then open a session."""
    st.write("Open a session and put its code on the projector: people join on their own "
             "devices, answer, and you watch the room's answers arrive here.")
    link_warnings(f"{access.base_url()}/")
    with st.container(border=True):
        st.multiselect("What participants do", list(workshop_views.TASK_NAMES),
                       default=["culture", "maturity"], key="workshop.new.tasks",
                       format_func=workshop_views.TASK_NAMES.get)
        left, right = st.columns(2)
        level = left.selectbox("Weights: which level", list(levels), key="workshop.new.level",
                               format_func=lambda lv: levels[lv][0],  # options: plain text
                               help="Used when participants give weights.")
        # AHP only for a level it can weigh (see vendors.weighting.ahp_refusal).
        too_many = weighting.ahp_refusal(len(levels[level][1]), f"“{levels[level][0]}”") \
            if level in levels else None
        methods = [m for m in workshop_views.WEIGHT_METHODS if m != "ahp" or not too_many]
        if st.session_state.get("workshop.new.method") not in methods:
            st.session_state["workshop.new.method"] = methods[0]
        right.radio("Weights: how", methods, horizontal=True, key="workshop.new.method",
                    format_func=workshop_views.WEIGHT_METHODS.get)
        if too_many:
            right.caption(common.escape_markdown(too_many))
        st.session_state.setdefault("workshop.new.room", workspace.sessions.ROOM_SIZE)
        room_size_input("workshop.new.room")
        workshop_controls.anonymous_choice()
        st.button("Open the workshop", key="workshop.open", type="primary",
                  on_click=access.guarded(_open),
                  icon=":material/play_circle:")


def _shortlist_changed(session_id: int) -> None:
    chosen = st.session_state["workshop.shortlist"]
    _change(session_id, f"Participants now score {counted(len(chosen), 'shortlisted vendor')}."
            if chosen
            else "Participants now score every vendor.", shortlist=chosen)


def shortlist_control(session: workspace.WorkshopSession) -> None:
    """The vendors participants score: a shortlist, or every vendor when none is chosen."""
    vendors = workspace.list_vendors(database, engagement.id)
    st.session_state["workshop.shortlist"] = [v for v in session.shortlist
                                              if v in {x.id for x in vendors}]
    st.multiselect("Vendors participants score (none chosen: every vendor)",
                   [v.id for v in vendors], key="workshop.shortlist",
                   format_func={v.id: v.name for v in vendors}.get,
                   on_change=access.guarded(_shortlist_changed), args=(session.id,),
                   help="Only these vendors are offered on the participants' scoring cards. "
                        "Your own scoring grid keeps every vendor.")


def session_panel(session: workspace.WorkshopSession) -> None:
    """The code, link and QR code for the projector, and the session's controls."""
    # The root address: for everyone who has not joined or signed in, it is the join page.
    link = access.join_link(session)
    left, right = st.columns([3, 2])
    with left:
        status = {"open": "Open", "paused": "Paused"}[session.status]
        st.subheader(f"Join code · {status}" + (" · Anonymous" if session.anonymous else ""))
        st.markdown(f"# `{display_code(session.code)}`")
        st.caption("Join link (also in the QR code):")
        st.code(link, language=None, wrap_lines=True)   # whole on a phone
        link_warnings(link)
        buttons = st.columns(3)
        if session.status == "open":
            buttons[0].button("Pause", key="workshop.pause", icon=":material/pause:",
                              on_click=access.guarded(_change),
                              args=(session.id, "Paused: nobody can join or "
                                                      "answer until you resume."),
                              kwargs={"status": "paused"}, width="stretch")
        else:
            buttons[0].button("Resume", key="workshop.resume", icon=":material/play_arrow:",
                              on_click=access.guarded(_change), args=(session.id, "Resumed."),
                              kwargs={"status": "open"}, type="primary", width="stretch")
        buttons[1].button("New code", key="workshop.rotate", icon=":material/autorenew:",
                          on_click=access.guarded(_rotate), args=(session.id,), width="stretch",
                          help="The current code stops working; people who joined stay in.")
        with buttons[2].popover("Close", icon=":material/stop_circle:", width="stretch"):
            st.write("Closing ends the workshop: the code stops working and participants' "
                     "pages close. Every answer stays in the engagement, and the workshop's "
                     "record is kept (below, and in every export).")
            st.button("Close the workshop", key="workshop.close", type="primary",
                      on_click=access.guarded(workshop_records.close),
                      args=(engagement.id, session.id))
        st.session_state["workshop.tasks"] = list(session.tasks)
        st.multiselect("What participants do", list(workshop_views.TASK_NAMES),
                       key="workshop.tasks", format_func=workshop_views.TASK_NAMES.get,
                       on_change=access.guarded(_tasks_changed), args=(session.id,))
        if "weights" in session.tasks:
            st.caption(common.escape_markdown(
                f"Weights: {levels.get(session.weights_level, ('?',))[0]} by "
                f"{workshop_views.WEIGHT_METHODS[session.weights_method]}"))
        if "scores" in session.tasks:
            shortlist_control(session)
        st.session_state["workshop.room"] = session.max_participants
        room_size_input("workshop.room",
                        on_change=access.guarded(_room_changed), args=(session.id,))
        workshop_controls.countdown_controls(session)
        st.session_state["workshop.reveal"] = session.reveal
        st.toggle("Show the group's results to participants", key="workshop.reveal",
                  on_change=access.guarded(_reveal_changed), args=(session.id,),
                  help="Participants then see the aggregates (never names or anyone's own "
                       "answers) on their Group results page.")
    with right:
        st.image(qr.qr_png(link), caption="Scan to join", width=300,
                 alt=f"QR code of the join link {link}")
        downloads.download_button("QR code (SVG, for slides)", data=qr.qr_svg(link),
                                  file_name=f"join-{session.code}.svg", mime="image/svg+xml",
                                  key="workshop.qr_svg", icon=":material/qr_code_2:")
        workshop_controls.presenter_controls(session, engagement.id)


def _adopt(level: str, method: str, title: str) -> None:
    """Callback: make the group's weights the engagement's weights for the level."""
    session = workspace.live_session(common.db(), engagement.id)
    live = workshop_views.build_room(common.db(), engagement.id, session.id)
    group = live.weights
    if group is None:
        common.flash("error", "Nobody has given weights yet.")
        return
    ids = [item for item, _ in live.level_items]
    if method == "ahp":
        inputs = {"judgments": aggregate.group_matrix_judgments(live.weights_each, len(ids)),
                  "method": "eigenvector", "order": ids}
    else:
        # Mean weights need not be whole points: they are saved as direct entry.
        method = "direct"
        inputs = {"values": {k: float(v) * 100 for k, v in group.weights.items()}}
    try:
        workspace.save_weights(common.db(), engagement.id, level, method, inputs,
                               {k: float(v) for k, v in group.weights.items()})
    except workspace.WorkspaceError as error:
        common.flash("error", f"Not saved: {error}")
    else:
        common.flash("success", f"The group's weights for {title} are now the engagement's "
                                "(see Weights and Vendor comparison).")


@st.fragment(run_every=REFRESH_SECONDS)
def live_view() -> None:
    """Who joined, how far each person is, and the room's answers; refreshes by itself."""
    session = workspace.live_session(common.db(), engagement.id)
    if session is None or consensus.forms_stale(session, common.db()):
        st.rerun(scope="app")   # closed, or an item was reopened: its form goes below
    live = workshop_views.room(engagement.id, session.id)
    common.show_flash()   # what a button in this part of the page did
    st.header("The room")
    counts = st.columns(5)
    counts[0].metric("Joined", live.people,
                     help=f"Room size: {session.max_participants} people at most.")
    if live.people >= session.max_participants:
        st.warning(f"The room is full: all {session.max_participants} places are taken. Anyone "
                   "else who tries to join is told so; make the room bigger above to let "
                   "them in.",
                   icon=":material/group_off:")
    guessing = access.code_guessing_wait()
    if guessing > 0:
        st.warning(f"Many wrong codes were tried on this app in the last minutes (someone may "
                   f"be guessing): nobody can join by code for {math.ceil(guessing / 60)} "
                   "more minutes. People who already joined keep working.",
                   icon=":material/gpp_maybe:")
    counts[1].metric("Culture answers", live.counts["culture"])
    counts[2].metric("Maturity answers", live.counts["maturity"])
    counts[3].metric("Weights given", live.counts["weights"])
    counts[4].metric("Vendor scores", live.counts["scores"])
    workshop_views.show_progress(live)
    countdown = workshop_controls.countdown_state(session)
    if countdown:
        st.caption(f"**{countdown}.**")
    st.header("Answers")
    if session.anonymous:
        individual = False
        st.caption("Anonymous workshop: only the group's answers are shown, never one "
                   "person's.")
    else:
        individual = st.toggle("Show each person's answers, by name",
                               key="workshop.individual",
                               help="Off by default, so that a projected screen shows only "
                                    "the group's answers.")
    workshop_views.show_results(live, individual=individual, engagement=engagement)
    if "weights" in session.tasks and live.weights is not None:
        given = len(live.weights.individual)
        st.button(f"Use the group's weights for {common.escape_markdown(live.level_title)} "
                  f"in this engagement ({given} of {live.people} people gave theirs)",
                  key="workshop.adopt", icon=":material/done_all:", on_click=access.guarded(_adopt),
                  args=(session.weights_level, session.weights_method, live.level_title))
    st.header("Consensus")
    consensus.show_disputed(live, session, common.db(), engagement)
    st.caption(f"Refreshes every {REFRESH_SECONDS} seconds.")


def consensus_section(session: workspace.WorkshopSession) -> None:
    """What counts as disputed, and the agreed values (not redrawn while you type)."""
    with st.container(border=True):
        consensus.threshold_input(session)
        consensus.agreement_forms(session, database, engagement)


session = workspace.live_session(database, engagement.id)
if session is None:
    setup_form()
else:
    session_panel(session)
    consensus.note_forms(session, database)
    live_view()
    consensus_section(session)
workshop_records.past_sessions(database, engagement)
