"""Who may see what: the facilitator, a participant of one engagement, or a visitor.

Without a facilitator secret the app runs in single-user local mode: the person at the
machine is the facilitator. With one, the facilitator signs in; everyone else either joined a
workshop (a participant: only their tasks in their one engagement) or sees only the pages to
join or sign in. ``app.py`` builds the menu from :func:`role`, so a page that is not the
person's is not in the menu and no address reaches it.

Kept light (the workspace is imported inside the functions that need it): ``app.py`` asks
:func:`workshop_mode` before anything heavy is loaded.
"""
from __future__ import annotations

import functools
import math
import os
import re
import socket
from urllib.parse import urlsplit

import streamlit as st

import workshops
import workshops.company
from ui import polls

SIGNED_IN = "access.facilitator"
SIGN_IN_ID = "access.sign_in"        # the workspace's sign-in this tab holds
HANDOVER = "access.handover"         # its one-time code, until traded for the cookie
CLEAR_COOKIE = "access.clear_cookie"
PAGES = "access.pages"
FACILITATOR, PARTICIPANT, VISITOR = "facilitator", "participant", "visitor"
RESPONDENT = "respondent"      # came with a pulse survey link: only their questionnaire
MEMBER = "member"              # signed in with a company account: what their roles allow
MEMBER_ROLES = "access.member_roles"   # {engagement id: roles} of the member, this run
#: What a company-signed-in person needs to open each page (workspace.roles.CAPABILITIES);
#: None: anyone signed in (their engagements, and a new one of their own).
PAGE_NEEDS: dict[str, str | None] = {
    "pages/engagements.py": None,
    "pages/culture.py": "run", "pages/maturity.py": "run", "pages/banks.py": "run",
    "pages/report.py": "read",
    "pages/requirements.py": "run", "pages/weights.py": "run", "pages/vendors.py": "run",
    "pages/scoring.py": "score", "pages/comparison.py": "compare",
    "pages/workshop.py": "run", "pages/presenter.py": "run", "pages/join.py": "run",
    "pages/exports.py": "read",
    "pages/pulse.py": "run", "pages/pulse_results.py": "read", "pages/pulse_answer.py": "run",
}
PUBLIC_URL_VARIABLE = workshops.links.PUBLIC_URL_VARIABLE
DEFAULT_TASKS = ("culture", "maturity")
ALL_TASKS = ("culture", "maturity", "weights", "scores")


@functools.lru_cache(maxsize=8)
def _hash(encoded: str, plain: str) -> str | None:
    # Cached so that a plain secret is hashed once per process, not on every rerun.
    return workshops.configured_hash({workshops.SECRET_HASH_VARIABLE: encoded,
                                      workshops.SECRET_VARIABLE: plain})


def _secrets_file(keys: tuple[str, ...] = (workshops.SECRET_HASH_VARIABLE,
                                            workshops.SECRET_VARIABLE)) -> dict:
    try:
        return {key: st.secrets[key] for key in keys if key in st.secrets}
    except Exception:  # no secrets.toml at all is the usual, local case
        return {}


def _configured_secret() -> tuple[str, str] | None:
    """The configured (hash, plain secret), the hash winning (environment first, then
    secrets.toml); None in local mode."""
    for source in (os.environ, _secrets_file()):
        encoded = str(source.get(workshops.SECRET_HASH_VARIABLE, "") or "").strip()
        plain = str(source.get(workshops.SECRET_VARIABLE, "") or "")
        if encoded or plain.strip():
            return encoded, plain if not encoded else ""
    return None


def secret_hash() -> str | None:
    """The configured facilitator secret's hash (environment first, then secrets.toml)."""
    configured = _configured_secret()
    return _hash(*configured) if configured else None


_SETTINGS = (workshops.SECRET_HASH_VARIABLE, workshops.SECRET_VARIABLE,
             workshops.clients.TRUSTED_HEADER_VARIABLE, workshops.clients.TRUSTED_HOPS_VARIABLE,
             workshops.sign_in.HOURS_VARIABLE)


@functools.lru_cache(maxsize=8)
def _problems(environ: tuple, secrets_file: tuple) -> tuple[str, ...]:
    # Cached by the settings' values: checking a plain secret hashes it (tens of ms).
    return tuple(workshops.settings.problems(dict(environ), dict(secrets_file)))


def configuration_problems() -> list[str]:
    """What keeps the facilitator secret or the proxy settings from being used (empty when
    nothing does); the app then serves no page, only this."""
    from ui import identity

    environ = tuple((key, os.environ[key]) for key in _SETTINGS if key in os.environ)
    secrets_file = tuple((key, str(value)) for key, value in _secrets_file(_SETTINGS).items())
    return list(_problems(environ, secrets_file)) + workshops.company.problems(
        identity.auth_section(), _configured_secret() is not None)


def served_without_launcher() -> bool:
    """Whether this server was started as ``streamlit run app.py`` rather than through
    serve.py (``dev.py run``): Streamlit then shows anyone its /_stcore/metrics."""
    from streamlit import config

    # Streamlit records how it was started ("starlette-app" for serve.py's st.App); under a
    # test harness nothing is recorded.
    return getattr(config, "_server_mode", None) == "starlette-managed"


def workshop_mode() -> bool:
    """True when a facilitator secret is configured (the app may serve a whole room)."""
    return secret_hash() is not None


def _setting_sources() -> tuple:
    return os.environ, _secrets_file(keys=(workshops.clients.TRUSTED_HEADER_VARIABLE,
                                           workshops.clients.TRUSTED_HOPS_VARIABLE))


def proxy_settings() -> tuple[str, int]:
    """The trusted proxy header (empty: none, only the socket peer counts) and hop count:
    the environment first, then secrets.toml.

    Raises:
        workshops.ProxySettingError: a setting cannot be used.
    """
    for source in _setting_sources():
        if str(source.get(workshops.clients.TRUSTED_HEADER_VARIABLE, "") or "").strip():
            return workshops.proxy_settings(source)
    return "", 1


def _handshake() -> tuple[str | None, dict[str, str]]:
    """The socket peer (None: loopback, as Streamlit reports it) and the headers of this
    browser's connection."""
    try:
        headers = {name: ", ".join(st.context.headers.get_all(name))
                   for name in st.context.headers.keys()}
    except Exception:  # no handshake (a test harness): no headers
        headers = {}
    peer = st.context.ip_address
    # Under AppTest the peer is a stand-in object, not text: treat it as this computer.
    return (peer if isinstance(peer, str) else None), headers


def client() -> workshops.Client:
    """Who is connecting: the address limits count by, and whether it is this computer.

    Raises:
        workshops.ProxySettingError: the trusted proxy settings cannot be used.
    """
    peer, headers = _handshake()
    header, hops = proxy_settings()
    return workshops.identify(peer, headers, header, hops)


def from_this_machine() -> bool:
    """Whether the browser runs on this computer and reached the app directly: a loopback
    peer, a local Host, and no forwarding header (which only a proxy or a forger sends)."""
    return client().local


def administrator() -> bool:
    """The person may do everything in every engagement: local mode, or signed in with the
    facilitator secret."""
    return not workshop_mode() or st.session_state.get(SIGNED_IN) is True


def member():
    """The person signed in with their company account (``ui.identity.Member``), if they
    are and the secret holder is not signed in in this tab."""
    from ui import identity

    return None if administrator() else st.session_state.get(identity.MEMBER)


def _held_now(database, person) -> dict:
    import workspace

    return workspace.roles.roles_of(database, person.email, person.groups)


def capabilities(engagement_id: int | None = None) -> frozenset[str]:
    """What the person may do in the engagement (the current one by default): everything
    for the administrator, what their roles allow for a member, nothing otherwise. The
    member's roles are those read at the start of this run (a callback's guard,
    :func:`guarded`, reads them again before the callback runs)."""
    import workspace

    if administrator():
        return workspace.roles.EVERYTHING
    person = member()
    if person is None:
        return frozenset()
    if engagement_id is None:
        engagement_id = st.session_state.get("engagement_id")
    held = st.session_state.get(MEMBER_ROLES, {})
    return workspace.roles.capabilities(held.get(engagement_id, ()))


def may(capability: str, engagement_id: int | None = None) -> bool:
    """Whether the person may do ``capability`` (see workspace.roles) in the engagement."""
    return capability in capabilities(engagement_id)


def blind_to_me(database, engagement_id: int) -> bool:
    """Whether blind scoring hides the vendors' names from this person: it is on, and they
    score without running the engagement (the comparison and the exports would name the
    vendors their scoring page hides)."""
    import workspace

    return (may("score", engagement_id) and not may("run", engagement_id)
            and workspace.blind.is_blind(database, engagement_id))


def may_open(path: str) -> bool:
    """Whether the person's roles open the page script ``path`` (pages not in
    :data:`PAGE_NEEDS` are not the members' to judge)."""
    if path not in PAGE_NEEDS or administrator():
        return True
    need = PAGE_NEEDS[path]
    return member() is not None and (need is None or may(need))


def is_facilitator() -> bool:
    """The person may run the current engagement as its facilitator: local mode, signed in
    with the secret, or holding the owner's or facilitator's role in it."""
    return administrator() or may("run")


CURRENT_PAGE = "access.page"     # the page script this tab's last full run showed
SHOWN_TO = "access.shown_to"      # and whom it showed it to (role())


def still_entitled(need: str | None = None) -> bool:
    """For a callback that changes something (Streamlit runs it before app.py's checks, and
    a fragment's without them): whether this tab's person may still do what its page offers,
    and ``need`` (a capability) if given. A facilitator sign-in or company sign-in ended in
    another tab, or a role taken away since the page was drawn, says so and answers False.
    Participants, respondents and visitors pass: their own checks are in the workspace."""
    if not workshop_mode():
        return True
    from ui import common, identity

    if st.session_state.get(SIGNED_IN) is True:
        held = st.session_state.get(SIGN_IN_ID)
        if held is None or still_signed_in(common.db()):
            return True
        common.flash("warning", "Your facilitator sign-in has ended (signed out in another tab, "
                                "or its time ran out): nothing was changed.")
        return False
    person = st.session_state.get(identity.MEMBER)
    if person is None or st.session_state.get(SHOWN_TO) != MEMBER:
        return True     # their page was a respondent's (a pulse link): its own checks hold
    database = common.db()
    now = identity.signed_in_member(database, sign_in_hours())
    if now is None or now.login != person.login:
        common.flash("warning", "Your company sign-in has ended (signed out in another tab, or "
                                "its time ran out): nothing was changed.")
        return False
    st.session_state[MEMBER_ROLES] = _held_now(database, now)
    page = st.session_state.get(CURRENT_PAGE)
    if (page is not None and not may_open(page)) or (need is not None and not may(need)):
        common.flash("warning", "Your role in this engagement no longer allows this: nothing "
                                "was changed.")
        return False
    return True


def guarded(callback, need: str | None = None):
    """``callback`` (a widget's on_click or on_change), run only while :func:`still_entitled`
    says the person may (None stays None)."""
    if callback is None or getattr(callback, "_guarded", False):
        return callback

    @functools.wraps(callback)
    def run(*args, **kwargs):
        if still_entitled(need):
            return callback(*args, **kwargs)
        return None

    run._guarded = True
    return run


def settle_member(database) -> None:
    """Settle, once per run, whether this tab is a company-signed-in member and their roles
    (a sign-out elsewhere or the sign-in's age ends it: said once)."""
    import workspace

    from ui import common, identity

    was = st.session_state.get(identity.MEMBER)
    now = identity.signed_in_member(database, sign_in_hours()) if workshop_mode() else None
    st.session_state[identity.MEMBER] = now
    if now is None:
        st.session_state.pop(MEMBER_ROLES, None)
        if was is not None:
            common.flash("warning", "Your company sign-in has ended (signed out in another "
                                    "tab, or its time ran out). Sign in again to go on.")
        return
    if was is None or was.login != now.login:
        common.forget_participant()
    st.session_state[MEMBER_ROLES] = _held_now(database, now)


def may_create() -> bool:
    """Whether the person may create (or restore) an engagement: the administrator, or a
    member whose verified address can be made its owner."""
    person = member()
    return administrator() or (person is not None and person.email is not None)


def make_owner(engagement_id: int) -> bool:
    """Make the member who just created or restored ``engagement_id`` its owner (nothing to
    do for the administrator). Should that fail, the engagement is deleted again (nobody
    could open it) and the page says why; returns whether it stands."""
    import workspace

    from ui import common

    person = member()
    if person is None:
        return True
    try:
        workspace.roles.grant(common.db(), engagement_id, "email", person.email or "",
                              "owner", person.label)
    except workspace.WorkspaceError as error:
        workspace.delete_engagement(common.db(), engagement_id)
        common.flash("error", f"The engagement could not be made yours, so it was not kept: "
                              f"{error}")
        return False
    st.session_state.setdefault(MEMBER_ROLES, {})[engagement_id] = frozenset({"owner"})
    return True


def visible_engagements(database) -> list:
    """The engagements this person may open: every one for the administrator, those where
    they hold a role for a member."""
    import workspace

    every = workspace.list_engagements(database)
    if member() is None:
        return every
    held = st.session_state.get(MEMBER_ROLES, {})
    return [e for e in every if e.id in held]


def roles_here(engagement_id: int | None = None) -> list[str]:
    """The member's roles in the engagement (the current one by default), strongest first."""
    import workspace

    if engagement_id is None:
        engagement_id = st.session_state.get("engagement_id")
    held = st.session_state.get(MEMBER_ROLES, {}).get(engagement_id, frozenset())
    return [r for r in workspace.roles.ROLES if r in held]


def watch_member() -> None:
    """Keep a member's tab in step with their company sign-in and roles: when the sign-in
    is signed out in another tab or replica or grows too old, or an owner changes their
    roles, the page redraws by itself with what they may do now (a visitor's page, or the
    menu of their new roles)."""
    from ui import common, identity

    @st.fragment(run_every=WATCH_SECONDS)
    def watch() -> None:
        database = common.db()
        person = identity.signed_in_member(database, sign_in_hours())
        if person is None or _held_now(database, person) != st.session_state.get(MEMBER_ROLES):
            st.rerun(scope="app")

    with st.sidebar:
        watch()


@functools.lru_cache(maxsize=8)
def _tag(encoded: str, plain: str) -> str:
    # A plain secret is hashed with a fixed salt for its mark (once per process): its own
    # hash has a fresh salt at each start, and sign-ins must outlive a restart.
    return workshops.sign_in.secret_tag(
        encoded or workshops.hash_secret(plain, salt=workshops.sign_in.TAG_SALT))


def secret_tag() -> str | None:
    """The mark of the configured secret that sign-ins are kept under (None: local mode)."""
    configured = _configured_secret()
    return _tag(*configured) if configured else None


def sign_in_hours() -> int:
    """How many hours a sign-in lasts (``SOCIALREADY_SIGN_IN_HOURS``: the environment first,
    then secrets.toml; checked at start, see :func:`configuration_problems`)."""
    for source in (os.environ, _secrets_file(keys=(workshops.sign_in.HOURS_VARIABLE,))):
        if str(source.get(workshops.sign_in.HOURS_VARIABLE, "") or "").strip():
            return workshops.sign_in.hours(source)
    return workshops.sign_in.HOURS_DEFAULT


def _cookie() -> str | None:
    """The sign-in cookie this browser sent when it connected, if any."""
    try:
        value = st.context.cookies.get(workshops.sign_in.COOKIE)
    except Exception:  # no handshake (a test harness): no cookies
        return None
    return value if isinstance(value, str) else None


def _drop_sign_in() -> None:
    for key in (SIGNED_IN, SIGN_IN_ID, HANDOVER):
        st.session_state.pop(key, None)


def restore_sign_in(database) -> None:
    """Settle whether this tab is signed in, once per run: the sign-in it holds while it
    lasts (it ends on sign-out in any tab, on expiry, or with a new secret), else the one
    the browser's cookie names (a refresh, a new tab, a reconnection)."""
    import workspace

    tag = secret_tag()
    if tag is None:
        return
    held = st.session_state.get(SIGN_IN_ID)
    if held is not None:
        if workspace.sign_ins.still_good(database, held, tag):
            st.session_state[SIGNED_IN] = True
            return
        _drop_sign_in()
        from ui import common

        common.flash("warning", "Your facilitator sign-in has ended (signed out in another "
                                "tab, or its time ran out). Sign in again to go on.")
    elif st.session_state.get(SIGNED_IN):
        _drop_sign_in()     # a tab signed in without a kept sign-in (none is made so now)
    token = _cookie()
    found = workspace.sign_ins.by_token(database, token, tag) if token else None
    if found is not None:
        from ui import common

        common.forget_participant()
        st.session_state[SIGNED_IN] = True
        st.session_state[SIGN_IN_ID] = found
        st.session_state.pop(common.FLASH, None)


def still_signed_in(database) -> bool:
    """For parts of a page that redraw by themselves: whether this tab is still the
    facilitator's (a sign-out in another tab or the sign-in's expiry ends it)."""
    import workspace

    if not workshop_mode():
        return True
    held = st.session_state.get(SIGN_IN_ID)
    tag = secret_tag()
    return (held is not None and tag is not None
            and workspace.sign_ins.still_good(database, held, tag))


def participant_tasks(database, person) -> tuple[str, ...] | None:
    """What a participant may do now; None when their session has closed."""
    import workspace

    if person.session_id is None:
        return DEFAULT_TASKS
    try:
        session = workspace.get_session(database, person.session_id)
    except workspace.NotFound:
        return None
    return session.tasks if session.live else None


def role(database) -> str:
    """``facilitator`` (the secret holder, or anyone in local mode), ``respondent`` (came
    with a pulse survey link), ``member`` (signed in with a company account), ``participant``
    (joined by code or link, session still live) or ``visitor``; a participant whose
    session closed becomes a visitor again."""
    from ui import common

    if administrator():
        return FACILITATOR
    from ui import pulse

    if pulse.link() is not None:
        return RESPONDENT
    if member() is not None:
        return MEMBER
    person = common.current_participant(database)
    if person is not None and participant_tasks(database, person) is not None:
        return PARTICIPANT
    if person is not None:
        common.forget_participant()
        st.session_state["access.ended"] = True
    return VISITOR


WATCH_SECONDS = 5


def session_state(session_id: int) -> tuple:
    """What a participant's page follows of their session (read now)."""
    import workspace

    from ui import common

    database = common.db()
    try:
        session = workspace.get_session(database, session_id)
    except workspace.NotFound:
        return ("gone",)
    return (session.status, session.tasks, session.reveal, session.shortlist,
            session.ends_at, session.time_up(), workspace.consensus.state(database,
                                                                          session_id))


def watch_session(session_id: int) -> None:
    """Keep a participant's pages in step with the facilitator: when the session is paused,
    resumed, closed, given other tasks or vendors or its results revealed, a countdown
    starts, stops or ends, or an item is reopened or agreed on, the page redraws by itself."""
    import workspace

    seen = session_state(session_id)
    now = polls.following(("session state", str(workspace.location()), session_id),
                          lambda: session_state(session_id))

    @st.fragment(run_every=WATCH_SECONDS)
    def watch() -> None:
        if now() != seen:
            st.rerun(scope="app")

    with st.sidebar:
        watch()


def watch_sign_in() -> None:
    """Keep a facilitator's tab in step with their sign-in: when it ends elsewhere (a
    sign-out in another tab) or runs out, the page redraws by itself as a visitor's."""
    from ui import common

    @st.fragment(run_every=WATCH_SECONDS)
    def watch() -> None:
        if not still_signed_in(common.db()):
            st.rerun(scope="app")

    with st.sidebar:
        watch()


def sign_in(attempt: str) -> bool:
    """Check the facilitator secret (within the limits on wrong secrets per address and
    from everyone together); on success this session may use every page.

    Raises:
        TooManyTries: a limit says wait first (the secret was not checked).
    """
    from ui import common

    encoded = secret_hash()
    if encoded is None:
        return False
    database = common.db()
    where = client().address
    taken = _attempt(database, [(f"secret/address/{where}",
                                 workshops.throttle.SECRETS_PER_ADDRESS),
                                ("secret/everyone", workshops.throttle.SECRETS_EVERYONE)],
                     "Too many wrong secrets {who}. Wait {wait}, then try again.")
    if not workshops.verify_secret(attempt, encoded):
        return False
    import workspace

    workspace.attempts.give_back(database, taken)
    handover = workspace.sign_ins.start(database, secret_tag(), sign_in_hours())
    common.forget_participant()
    st.session_state[SIGNED_IN] = True
    st.session_state[SIGN_IN_ID] = handover.sign_in_id
    st.session_state[HANDOVER] = handover.code
    return True


def sign_out() -> None:
    """Callback: end this browser's sign-in everywhere (every tab holding it, and the
    cookie); this tab goes back to being a visitor."""
    import secrets

    import workspace

    from ui import common

    held = st.session_state.get(SIGN_IN_ID)
    token = _cookie()
    if held is not None or token:
        workspace.sign_ins.end(common.db(), held, token)
    _drop_sign_in()
    st.session_state[CLEAR_COOKIE] = secrets.token_hex(8)
    common.forget_participant()


class TooManyTries(Exception):
    """An attempt refused before it was checked (the message says how long to wait)."""


def _wait_text(seconds: float) -> str:
    return (f"{math.ceil(seconds)} seconds" if seconds < 120
            else f"{math.ceil(seconds / 60)} minutes")


def _attempt(database, keys, message: str) -> "workspace.attempts.Taken":
    import workspace

    taken = workspace.attempts.take(database, keys)
    if isinstance(taken, workspace.attempts.Refused):
        everyone = taken.key.endswith("/everyone")
        raise TooManyTries(message.format(
            who="on this app (by anyone)" if everyone else "from your network address",
            wait=_wait_text(taken.wait)))
    return taken


def join_workshop(typed_code: str, name: str):
    """Join the session a typed code opens, within the limits: wrong codes per address and
    from everyone together, and joins per address. Returns the new participant.

    Raises:
        TooManyTries: a limit says wait first (nothing was checked).
        workspace.WorkspaceError: the code opens nothing (SessionUnavailable), the session is
            paused or full, or the name is taken or too long.
    """
    import workspace

    from ui import common

    database = common.db()
    where = client().address
    code_keys = [(f"code/address/{where}", workshops.throttle.CODES_PER_ADDRESS),
                 ("code/everyone", workshops.throttle.CODES_EVERYONE)]
    taken = _attempt(database, code_keys, "Too many codes that did not work {who}. Wait "
                                          "{wait}, then try again.")
    try:
        workspace.session_by_code(database, typed_code)
    except workspace.SessionUnavailable:
        raise                               # a wrong code: it stays counted
    except workspace.WorkspaceError:
        workspace.attempts.give_back(database, taken)
        raise
    workspace.attempts.give_back(database, taken)
    joined = _attempt(database, [(f"join/address/{where}", workshops.throttle.JOINS_PER_ADDRESS)],
                      "Many people have joined {who} in the last minutes. Wait {wait}, then "
                      "try again, or ask the facilitator.")
    try:
        return workspace.join_session(database, typed_code, name)
    except workspace.WorkspaceError:
        workspace.attempts.give_back(database, joined)
        raise


def code_guessing_wait() -> float:
    """Seconds until anyone may try a join code again (0 unless many wrong codes came in)."""
    import workspace

    from ui import common

    refused = workspace.attempts.wait_for(common.db(), [("code/everyone",
                                                        workshops.throttle.CODES_EVERYONE)])
    return refused.wait if refused else 0.0


def lan_address() -> str | None:
    """This computer's address on the local network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))  # UDP connect only picks a route
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def base_url() -> str:
    """The address participants open: ``SOCIALREADY_PUBLIC_URL``, or this page's origin
    (with this computer's network address instead of localhost when serving a room)."""
    configured = os.environ.get(PUBLIC_URL_VARIABLE, "").strip().rstrip("/")
    if configured:
        return configured
    try:
        parts = urlsplit(st.context.url or "")
    except (TypeError, ValueError):
        parts = None
    if not (parts and parts.scheme in ("http", "https") and parts.netloc):
        return "http://localhost:8501"
    host, port = parts.hostname or "localhost", parts.port
    if workshop_mode() and host in ("localhost", "127.0.0.1", "::1"):
        host = lan_address() or host
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


_ADDRESS = re.compile(r"[A-Za-z0-9_-]{1,80}")


def requested_address() -> str | None:
    """The address (URL path) this run was asked for by name, when the browser opened or
    refreshed a page; None when it came by a link or a button (Streamlit then knows the page)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        pages = get_script_run_ctx().pages_manager
        if pages.intended_page_script_hash:
            return None
        name = pages.intended_page_name
    except Exception:   # another Streamlit, or no run context: nothing was asked for by name
        return None
    return name if isinstance(name, str) and _ADDRESS.fullmatch(name) else None


def _not_here(who: str, a_page: bool) -> None:
    """The page at an address that is not in this person's menu (``a_page``: one of the
    app's pages; otherwise no page at all): what it is, and the way on, never Streamlit's
    "Page not found"."""
    if who == PARTICIPANT:
        st.title("Not part of your workshop")
        st.info("This address is one of the facilitator's pages: you can open only your own "
                "tasks and the group's results." if a_page
                else "There is no page at this address.", icon=":material/block:")
        st.page_link("pages/join.py", label="Back to your tasks", icon=":material/home:")
    elif who == MEMBER:
        not_for_your_role(a_page)
    elif who == VISITOR:
        st.title("Sign in or join first")
        st.info("This page is for the facilitator of this app: sign in with the facilitator "
                "secret to open it. Taking part in a workshop needs only its code."
                if a_page else "There is no page at this address.", icon=":material/lock:")
        st.page_link("pages/sign_in.py", label="Facilitator sign-in", icon=":material/key:")
        st.page_link("pages/join.py", label="Join a workshop", icon=":material/login:")
    else:
        st.title("No page here")
        st.info("There is no page at this address.", icon=":material/search_off:")
        st.page_link("pages/engagements.py", label="Go to Engagements",
                     icon=":material/folder_open:")


def not_for_your_role(a_page: bool = True) -> None:
    """What a company-signed-in person sees at a page their roles in this engagement do not
    open (or at an address that is no page), and the way on."""
    from ui import common

    st.title("Not open to your role" if a_page else "No page here")
    common.show_flash()
    held = roles_here()
    st.info(("Your role in this engagement (" + (", ".join(held) or "none") + ") does not "
             "open this page. An owner of the engagement can give you another role.")
            if a_page else "There is no page at this address.", icon=":material/lock:")
    st.page_link("pages/engagements.py", label="Go to Engagements",
                 icon=":material/folder_open:")


def elsewhere(reserved: set[str], known: set[str], who: str) -> list:
    """A hidden page for an address asked for by name (opened, typed or refreshed) that is
    not in this person's menu (``reserved``): one of the app's other pages (``known``) or no
    page at all. It shows :func:`_not_here` in place of Streamlit's "Page not found". (A page
    left by a change of role, say a closed workshop, is asked for by Streamlit's own link
    and falls back to the person's first page, as before.)"""
    asked = requested_address()
    if not asked or asked in reserved:
        return []
    return [st.Page(functools.partial(_not_here, who, asked in known), title="Not available",
                    icon=":material/block:", url_path=asked, visibility="hidden")]


@st.cache_data(ttl=20, max_entries=16, show_spinner=False)
def _link_problems(link: str, bound: str) -> list[str]:
    return workshops.links.problems(link, bound)


def join_link_problems(link: str) -> list[str]:
    """What keeps phones from opening ``link``, checked from this server (resolving the
    link's host and connecting to it; kept for 20 seconds), each with what to do."""
    return _link_problems(link, bound_address())


def bound_address() -> str:
    """The address the server listens on (``server.address``; empty: every address)."""
    return str(st.get_option("server.address") or "")


def join_link(session) -> str:
    """The address participants open to join ``session`` (also in its QR code); an
    anonymous session's link says that no name is asked."""
    from ui import common

    return f"{base_url()}/?code={session.code}" + (
        f"&{common.ANONYMOUS_LINK}=1" if session.anonymous else "")


def allow(paths: list[str]) -> None:
    """Remember which pages are in this person's menu (links elsewhere are not drawn)."""
    st.session_state[PAGES] = list(paths)


def allowed(path: str) -> bool:
    """Whether ``path`` is one of this person's pages."""
    return path in st.session_state.get(PAGES, [path])
