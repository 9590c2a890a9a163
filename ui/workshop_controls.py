"""The facilitator's controls of a live session beyond open, pause and close: a countdown that
locks answers, anonymous mode (chosen when the session opens), and the presenter view (opened
in a new tab for the projector; names on it only when asked).

Callbacks say what happened (or why not) on the next run through ``common.flash``.
"""
from __future__ import annotations

import time

import streamlit as st

import workspace
from ui import access, common

DEFAULT_MINUTES = 5
RANGE = f"whole minutes from 1 to {workspace.sessions.COUNTDOWN_MAX_MINUTES}"


def _start(session_id: int) -> None:
    minutes = st.session_state.get("workshop.countdown.minutes")
    # The input has no bounds of its own: a bounded one silently keeps its previous value
    # when a number outside them is typed, and Start would start that instead.
    if minutes is None or minutes != int(minutes) or not (
            1 <= minutes <= workspace.sessions.COUNTDOWN_MAX_MINUTES):
        common.flash("error", f"Not started: a countdown is {RANGE}, not "
                              f"{'nothing' if minutes is None else f'{minutes:g}'}.")
        return
    minutes = int(minutes)
    try:
        workspace.start_countdown(common.db(), session_id, minutes)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        common.flash("success", f"Countdown started: answers lock in {minutes} minutes.")


def _stop(session_id: int) -> None:
    try:
        workspace.stop_countdown(common.db(), session_id)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        common.flash("success", "Countdown stopped: participants can answer again.")


def countdown_state(session: workspace.WorkshopSession) -> str | None:
    """The countdown as one line ("Time left 4:05", "Time is up: answers are locked"), or
    None without one."""
    left = session.seconds_left()
    if left is None:
        return None
    return "Time is up: answers are locked" if left == 0 else f"Time left {common.clock(left)}"


def countdown_controls(session: workspace.WorkshopSession) -> None:
    """Start a countdown of some minutes (answers lock when it ends), or stop the one under
    way (answers open again)."""
    state = countdown_state(session)
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    st.session_state.setdefault("workshop.countdown.minutes", DEFAULT_MINUTES)
    left.number_input("Countdown (minutes)", step=1, key="workshop.countdown.minutes",
                      help=f"{RANGE.capitalize()}. Answers lock when it ends: participants "
                           "see the time left, then “time is up”. Stop it to let them answer "
                           "again.")
    right.button("Start countdown" if state is None else "Start again",
                 key="workshop.countdown.start", icon=":material/timer:",
                 on_click=access.guarded(_start),
                 args=(session.id,), width="stretch")
    if state is not None:
        # The time left is drawn (and redrawn) with the room below: here, when it ends.
        st.caption(f"**{state}.**" if session.time_up() else
                   f"Answers lock at {time.strftime('%H:%M:%S', time.gmtime(session.ends_at))}"
                   " UTC.")
        st.button("Stop the countdown", key="workshop.countdown.stop",
                  icon=":material/timer_off:", on_click=access.guarded(_stop), args=(session.id,))


def anonymous_choice() -> None:
    """Anonymous mode, chosen when the session opens (it cannot change while it runs)."""
    st.toggle("Anonymous: names are neither asked nor shown", key="workshop.new.anonymous",
              help="People join without a name and are “Participant 1”, “Participant 2”, "
                   "…: the live view, the presenter view and every export name nobody, and "
                   "no one's own answers are shown, even to you.")


def _names_changed(session_id: int) -> None:
    try:
        workspace.update_session(common.db(), session_id,
                                 presenter_names=st.session_state["workshop.presenter_names"])
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))


def presenter_controls(session: workspace.WorkshopSession, engagement_id: int) -> None:
    """Open the presenter view in a new tab (for the projector; this page stays on your
    screen), and choose whether it lists who joined by name."""
    st.link_button("Open the presenter view (new tab)", f"presenter?e={engagement_id}",
                   icon=":material/present_to_all:",
                   help="For the projector: the code in large type, the QR code, how many "
                        "joined and answer, and the results once you share them. No controls.")
    if session.anonymous:
        return
    st.session_state["workshop.presenter_names"] = session.presenter_names
    st.toggle("Show who joined, by name, on the presenter view",
              key="workshop.presenter_names",
              on_change=access.guarded(_names_changed), args=(session.id,),
              help="Off by default: the projected screen names nobody.")
