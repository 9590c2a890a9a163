"""SocialReady entry point: page config, the menu this person may use, the engagement picker."""
import functools
from pathlib import Path

import streamlit as st

from pages import leave_legacy_navigation
from ui import access, identity

# The tab icon ships with the app: a Material icon as page icon is fetched by the browser from
# a public font server, and nothing may load from the internet at run time.
ICON = Path(__file__).parent / "assets" / "socialready.png"

leave_legacy_navigation(restart=False)
st.set_page_config(page_title="SocialReady", page_icon=ICON, layout="wide")
problems = access.configuration_problems()
if problems:
    # Checked before anything else: a broken secret must not fall back to local mode (every
    # page open) nor fail on each page with Streamlit's error.
    from ui.common import escape_markdown

    st.error("SocialReady cannot serve anyone until its settings are fixed (see the README, "
             "Configuration), then started again:\n\n"
             + "\n".join(f"- {escape_markdown(problem)}" for problem in problems),
             icon=":material/error:")
    st.stop()


_made: dict[int, tuple[str, str]] = {}
_homes: dict[int, tuple[str, str, str, str]] = {}


def _page(path: str, title: str, icon: str, url: str, default: bool = False) -> st.Page:
    # The address must be the file's name: a cold server's first run knows pages only so.
    page = st.Page(path, title=title, icon=f":material/{icon}:", url_path=url, default=default)
    _made[id(page)] = (url, path)
    if default:
        _homes[id(page)] = (path, title, icon, url)
    return page


def addresses(menu: dict[str, list[st.Page]]) -> dict[str, str]:
    """Address (URL path) -> page script of every page in ``menu``."""
    return dict(_made[id(page)] for pages in menu.values() for page in pages)


def facilitator_menu() -> dict[str, list[st.Page]]:
    """Every page: the facilitator's (or the single local user's) menu."""
    return {
        "Engagement": [_page("pages/engagements.py", "Engagements", "folder_open",
                             "engagements", default=True)],
        "Readiness assessment": [
            _page("pages/culture.py", "Culture questionnaire", "groups", "culture"),
            _page("pages/maturity.py", "Maturity questionnaire", "stairs", "maturity"),
            _page("pages/report.py", "Readiness report", "insights", "report"),
            _page("pages/banks.py", "Question banks", "quiz", "banks"),
        ],
        "Platform selection": [
            _page("pages/requirements.py", "Requirements", "checklist", "requirements"),
            _page("pages/weights.py", "Weights", "balance", "weights"),
            _page("pages/vendors.py", "Vendors", "store", "vendors"),
            _page("pages/scoring.py", "Vendor scoring", "grading", "scoring"),
            _page("pages/comparison.py", "Vendor comparison", "leaderboard", "comparison"),
        ],
        "Workshop": [
            _page("pages/workshop.py", "Live workshop", "co_present", "workshop"),
            _page("pages/presenter.py", "Presenter view", "present_to_all", "presenter"),
            _page("pages/join.py", "Join a workshop", "login", "join"),
        ],
        "Hand-over": [_page("pages/exports.py", "Exports", "ios_share", "exports")],
        "Pulse": [
            _page("pages/pulse.py", "Pulse campaigns", "campaign", "pulse"),
            _page("pages/pulse_results.py", "Pulse results", "monitoring", "pulse_results"),
            _page("pages/pulse_answer.py", "Pulse questionnaire", "edit_note", "pulse_answer"),
        ],
    }


def member_menu() -> dict[str, list[st.Page]]:
    """Someone signed in with their company account: the pages their roles in the current
    engagement open (``access.PAGE_NEEDS``)."""
    menu = {}
    for section, pages in facilitator_menu().items():
        kept = [page for page in pages if access.may_open(_made[id(page)][1])]
        if kept:
            menu[section] = kept
    return menu


def participant_menu(tasks: tuple[str, ...]) -> dict[str, list[st.Page]]:
    """A participant's pages: their workshop, the tasks the facilitator chose, the results."""
    task_pages = {
        "culture": ("pages/culture.py", "Culture questionnaire", "groups", "culture"),
        "maturity": ("pages/maturity.py", "Maturity questionnaire", "stairs", "maturity"),
        "weights": ("pages/my_weights.py", "Your weights", "balance", "my_weights"),
        "scores": ("pages/scoring.py", "Vendor scoring", "grading", "scoring"),
    }
    # No section heading ("" key): Streamlit draws a menu's sections as list items outside a
    # list, which screen readers cannot count; a single section says nothing anyway.
    return {"": [
        _page("pages/join.py", "Your workshop", "home", "join", default=True),
        *(_page(*task_pages[task]) for task in tasks if task in task_pages),
        _page("pages/group_results.py", "Group results", "groups_3", "group_results"),
    ]}


def respondent_menu() -> dict[str, list[st.Page]]:
    """Someone who came with a pulse survey link: their questionnaire, nothing else."""
    return {"Survey": [_page("pages/pulse_answer.py", "Your questionnaire", "edit_note",
                             "pulse_answer", default=True)]}


def visitor_menu() -> dict[str, list[st.Page]]:
    """Someone who has neither joined nor signed in: join with a code, or sign in."""
    return {"": [     # no section heading, as for a participant
        _page("pages/join.py", "Join a workshop", "login", "join", default=True),
        # Each page spelled out whole: tests read the menus from this source.
        _page("pages/sign_in.py", "Sign in", "key", "sign_in") if identity.configured()
        else _page("pages/sign_in.py", "Facilitator sign-in", "key", "sign_in"),
    ]}


def home_by_name(menu: dict[str, list[st.Page]], asked: str | None) -> None:
    """Streamlit serves the menu's default page at the root only: its own address typed or
    refreshed (``/engagements``, a participant's ``/join``) said "Page not found". For such a
    run the page is served under its address and a hidden page holds the root's place."""
    for pages in menu.values():
        for i, page in enumerate(pages):
            home = _homes.get(id(page))
            if home is not None and asked == home[3]:
                pages[i] = _page(*home)
                holder = st.Page(functools.partial(st.switch_page, pages[i]), title=page.title,
                                 url_path="home", default=True, visibility="hidden")
                _made[id(holder)] = ("home", home[0])
                pages.append(holder)
                return


if not access.workshop_mode():
    if not access.from_this_machine():
        st.error("This SocialReady runs in single-user local mode and answers only on the "
                 "computer it runs on. To run a workshop for a room, the facilitator sets a "
                 "facilitator secret (see the README).", icon=":material/lock:")
        st.stop()
    # Single-user local mode: the menu goes on screen before the heavy imports below.
    who, menu = access.FACILITATOR, facilitator_menu()
    database = None
else:
    from ui import common

    database = common.db()
    access.restore_sign_in(database)    # a refresh or a new tab finds the sign-in again
    access.settle_member(database)      # so does a company sign-in (Streamlit's cookie)
    common.resolve_context(database)
    who = access.role(database)
    if who == access.FACILITATOR:
        menu = facilitator_menu()
    elif who == access.MEMBER:
        menu = member_menu()
    elif who == access.PARTICIPANT:
        person = common.current_participant(database)
        menu = participant_menu(access.participant_tasks(database, person) or ())
        if person.session_id is not None:
            access.watch_session(person.session_id)
    elif who == access.RESPONDENT:
        menu = respondent_menu()
    else:
        menu = visitor_menu()
home_by_name(menu, access.requested_address())
mine = addresses(menu)
access.allow(sorted(mine.values()))
# Every other address of the app (and one that is no page at all) gets a page that says so
# and leads on, not Streamlit's "Page not found".
every = {**addresses(facilitator_menu()), **addresses(participant_menu(access.ALL_TASKS)),
         **addresses(visitor_menu())}
first = next(iter(menu))
menu[first] = [*menu[first], *access.elsewhere(set(mine), set(every), who)]
# config.toml hides the sidebar menu so that Streamlit's legacy list of the pages/ folder
# never shows; this app's own menu is the one to show.
st.set_option("client.showSidebarNavigation", True)
navigation = st.navigation(menu, expanded=True)

# Imported after the menu is on screen: on a cold start these take a second or two.
import workspace  # noqa: E402
from ui import common, focus_style  # noqa: E402

if database is None:
    database = common.db()
    common.resolve_context(database)
if who in (access.FACILITATOR, access.MEMBER):
    engagements = access.visible_engagements(database)
    with st.sidebar:
        if engagements:
            st.session_state["engagement.picker"] = st.session_state[common.ENGAGEMENT]
            st.selectbox("Engagement", [e.id for e in engagements], key="engagement.picker",
                         format_func={e.id: e.name for e in engagements}.get,
                         on_change=lambda: common.select_engagement(
                             st.session_state["engagement.picker"]))
        else:
            st.caption("No engagement yet.")
        if who == access.MEMBER:
            from ui import member_sidebar

            member_sidebar.show(database)
        elif access.workshop_mode():
            st.button("Sign out", key="access.sign_out", on_click=access.sign_out,
                      icon=":material/logout:")
            access.watch_sign_in()
elif who in (access.VISITOR, access.RESPONDENT):
    common.hide_engagement()
if access.workshop_mode():
    from ui import sign_in_cookie

    sign_in_cookie.exchange(database)
focus_style.apply()

# Every page a member opens is checked against their roles here, whatever way they came (the
# menu already leaves out what their roles do not open).
shown = _made.get(id(navigation), ("", ""))[1]
st.session_state[access.CURRENT_PAGE] = shown or None
st.session_state[access.SHOWN_TO] = who
if who == access.MEMBER and not access.may_open(shown):
    access.not_for_your_role()
    st.stop()
navigation.run()
