"""Presenter view: the projector's screen. The join code in large type, the QR code, how many
joined and answer, the countdown, and the group's results once shared; no controls, and
names only when the facilitator asks (on the Live workshop page). It redraws itself."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from urllib.parse import urlsplit  # noqa: E402

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from reports import qr  # noqa: E402
from ui import access, common, presenter_style, workshop_controls, workshop_views  # noqa: E402
from workshops import display_code  # noqa: E402

REFRESH_SECONDS = 3    # names and results
COUNT_SECONDS = 0.5    # joined and answering: a tap shows within a second
MIN_GROUP = 3   # as on the participants' Group results: fewer would give answers away

database = common.db()
engagement = common.current_engagement(database)
st.set_page_config(initial_sidebar_state="collapsed")
presenter_style.apply()
session = workspace.live_session(database, engagement.id)
if session is None:
    st.title(common.escape_markdown(engagement.name))
    st.info("No workshop is open for this engagement. Open one on the Live workshop page; "
            "this screen shows its code as soon as it is open.", icon=":material/co_present:")


@st.fragment(run_every=REFRESH_SECONDS)
def waiting() -> None:
    """Without a session: redraw as soon as one opens."""
    if workspace.live_session(common.db(), engagement.id) is not None:
        st.rerun(scope="app")


def welcome(link: str) -> None:
    """Where to go and the code to type, the QR code beside them (drawn once per code)."""
    parts = urlsplit(link)
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        with st.container(key="presenter-where"):
            st.markdown(f"Join on your phone: scan the code, or open "
                        f"**{common.escape_markdown(parts.netloc)}** and type")
        with st.container(key="presenter-code"):
            st.markdown(f"# {display_code(session.code)}")
        st.caption(common.escape_markdown(engagement.name))
    right.image(qr.qr_png(link), caption="Scan to join", width=380,
                alt=f"QR code of the join link {link}")


@st.fragment(run_every=COUNT_SECONDS)
def numbers() -> None:
    """How many joined and answer, and the countdown: two counts in one query (not the
    room), redrawn every half second so that a tap is counted on the projector within a
    second (bench/room_load.py)."""
    database = common.db()
    now = workspace.live_session(database, engagement.id)
    if now is None or now.code != session.code:
        st.rerun(scope="app")
    joined, answering = workspace.session_counts(database, now.id, banks)
    with st.container(key="presenter-numbers"):
        cells = st.columns(3)
        cells[0].metric("Joined", joined)
        cells[1].metric("Answering", answering)   # who has given an answer
        state = workshop_controls.countdown_state(now)
        cells[2].metric("Time", state.removeprefix("Time left ") if state and
                        not now.time_up() else ("Time is up" if state else "—"))
    if now.status == "paused":
        with st.container(key="presenter-clock"):
            st.markdown("**Paused for a moment.**")


@st.fragment(run_every=REFRESH_SECONDS)
def room() -> None:
    """The names if asked, the results if shared; computed once per change of the session
    (its fingerprint keys the room)."""
    now = workspace.live_session(common.db(), engagement.id)
    if now is None or now.code != session.code:
        st.rerun(scope="app")
    show_names = now.presenter_names and not now.anonymous
    if not (show_names or now.reveal):
        return
    live = workshop_views.room(engagement.id, now.id)
    if show_names and live.names:
        st.markdown("**Joined:** " + common.escape_markdown(", ".join(live.names)))
    if not now.reveal:
        return
    st.header("The group's results")
    if live.people < MIN_GROUP:
        st.info(f"The group's results appear once at least {MIN_GROUP} people have joined.",
                icon=":material/group_add:")
        return
    workshop_views.show_results(live, individual=False, engagement=engagement, stacked=True)


if session is None:
    waiting()
else:
    banks = [bank.id for bank in common.engagement_banks(database, engagement)]
    welcome(access.join_link(session))
    numbers()
    room()
