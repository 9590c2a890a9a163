"""The group's results of a participant's workshop, once the facilitator shares them.

Only aggregates appear here, never anyone's name or individual answers.
"""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import common, polls, workshop_views  # noqa: E402

REFRESH_SECONDS = 5
MIN_GROUP = 3   # fewer, and the aggregate is someone's own answer

database = common.db()
engagement = common.current_engagement(database)
st.title("Group results")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
person = common.current_participant(database)
if person is None or person.session_id is None:
    st.info("Join a workshop to see its group results when the facilitator shares them.",
            icon=":material/info:")
    st.stop()
shown = workspace.get_session(database, person.session_id).reveal


# After this run, the refreshes share one read a second with everyone in the room.
session_now = polls.following(("session", str(workspace.location()), person.session_id),
                              lambda: workspace.get_session(common.db(), person.session_id))
fingerprint_now = workshop_views.room_poll(person.session_id)


@st.fragment(run_every=REFRESH_SECONDS)
def results() -> None:
    """Waits for the facilitator to share (or withdraw) the results, then redraws."""
    session = session_now()
    if session.reveal != shown:
        st.rerun(scope="app")
    if not session.reveal:
        st.info("The facilitator has not shared the group's results yet. This page shows them "
                "as soon as they do.", icon=":material/visibility_off:")
        return
    live = workshop_views.room(engagement.id, session.id, fingerprint_now)
    if live.people < MIN_GROUP:
        st.info(f"The group's results appear once at least {MIN_GROUP} people have joined: "
                "in a smaller group they would give away each person's answers.",
                icon=":material/group_add:")
        return
    st.caption(f"{live.people} people in this workshop. Only the group's results are "
               "shown: no names, no one's own answers.")
    workshop_views.show_results(live, individual=False, engagement=engagement, stacked=True)


results()
