"""SocialReady entry point: page config, the navigation and the engagement picker."""
import streamlit as st

from pages import leave_legacy_navigation

leave_legacy_navigation(restart=False)
st.set_page_config(page_title="SocialReady", page_icon=":material/diversity_3:",
                   layout="wide")

pages = {
    "Engagement": [
        st.Page("pages/engagements.py", title="Engagements", icon=":material/folder_open:",
                url_path="engagements", default=True),
    ],
    "Readiness assessment": [
        st.Page("pages/culture.py", title="Culture questionnaire", icon=":material/groups:",
                url_path="culture"),
        st.Page("pages/maturity.py", title="Maturity questionnaire",
                icon=":material/stairs:", url_path="maturity"),
        st.Page("pages/report.py", title="Readiness report", icon=":material/insights:",
                url_path="report"),
        st.Page("pages/banks.py", title="Question banks", icon=":material/quiz:",
                url_path="banks"),
    ],
    "Platform selection": [
        st.Page("pages/requirements.py", title="Requirements", icon=":material/checklist:",
                url_path="requirements"),
        st.Page("pages/weights.py", title="Weights", icon=":material/balance:",
                url_path="weights"),
        st.Page("pages/vendors.py", title="Vendors", icon=":material/store:",
                url_path="vendors"),
        st.Page("pages/scoring.py", title="Vendor scoring", icon=":material/grading:",
                url_path="scoring"),
        st.Page("pages/comparison.py", title="Vendor comparison", icon=":material/leaderboard:",
                url_path="comparison"),
    ],
    "Hand-over": [
        st.Page("pages/exports.py", title="Exports", icon=":material/ios_share:",
                url_path="exports"),
    ],
}
# config.toml hides the sidebar menu so that Streamlit's legacy list of the pages/ folder
# never shows; this app's own menu is the one to show.
st.set_option("client.showSidebarNavigation", True)
navigation = st.navigation(pages)

# Imported after the menu is on screen: on a cold start these take a second or two.
import workspace  # noqa: E402
from pages import common  # noqa: E402

database = common.db()
common.resolve_context(database)
engagements = workspace.list_engagements(database)
with st.sidebar:
    if engagements:
        st.session_state["engagement.picker"] = st.session_state[common.ENGAGEMENT]
        st.selectbox("Engagement", [e.id for e in engagements], key="engagement.picker",
                     format_func={e.id: e.name for e in engagements}.get,
                     on_change=lambda: common.select_engagement(
                         st.session_state["engagement.picker"]))
    else:
        st.caption("No engagement yet.")

navigation.run()
