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
import socket
from urllib.parse import urlsplit

import streamlit as st

import workshops

SIGNED_IN = "access.facilitator"
PAGES = "access.pages"
FACILITATOR, PARTICIPANT, VISITOR = "facilitator", "participant", "visitor"
RESPONDENT = "respondent"      # came with a pulse survey link: only their questionnaire
PUBLIC_URL_VARIABLE = "SOCIALREADY_PUBLIC_URL"
DEFAULT_TASKS = ("culture", "maturity")


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


def secret_hash() -> str | None:
    """The configured facilitator secret's hash (environment first, then secrets.toml)."""
    for source in (os.environ, _secrets_file()):
        encoded = str(source.get(workshops.SECRET_HASH_VARIABLE, "") or "").strip()
        plain = str(source.get(workshops.SECRET_VARIABLE, "") or "")
        if encoded or plain.strip():
            return _hash(encoded, plain if not encoded else "")
    return None


_SETTINGS = (workshops.SECRET_HASH_VARIABLE, workshops.SECRET_VARIABLE,
             workshops.clients.TRUSTED_HEADER_VARIABLE, workshops.clients.TRUSTED_HOPS_VARIABLE)


@functools.lru_cache(maxsize=8)
def _problems(environ: tuple, secrets_file: tuple) -> tuple[str, ...]:
    # Cached by the settings' values: checking a plain secret hashes it (tens of ms).
    return tuple(workshops.settings.problems(dict(environ), dict(secrets_file)))


def configuration_problems() -> list[str]:
    """What keeps the facilitator secret or the proxy settings from being used (empty when
    nothing does); the app then serves no page, only this."""
    environ = tuple((key, os.environ[key]) for key in _SETTINGS if key in os.environ)
    secrets_file = tuple((key, str(value)) for key, value in _secrets_file(_SETTINGS).items())
    return list(_problems(environ, secrets_file))


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


def is_facilitator() -> bool:
    """The person may use every page: local mode, or signed in with the secret."""
    return not workshop_mode() or st.session_state.get(SIGNED_IN) is True


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
    """``facilitator``, ``respondent`` (came with a pulse survey link), ``participant``
    (joined by code or link, session still live) or ``visitor``; a participant whose
    session closed becomes a visitor again."""
    from ui import common

    if is_facilitator():
        return FACILITATOR
    from ui import pulse

    if pulse.link() is not None:
        return RESPONDENT
    person = common.current_participant(database)
    if person is not None and participant_tasks(database, person) is not None:
        return PARTICIPANT
    if person is not None:
        common.forget_participant()
        st.session_state["access.ended"] = True
    return VISITOR


WATCH_SECONDS = 5


def watch_session(session_id: int) -> None:
    """Keep a participant's pages in step with the facilitator: when the session is paused,
    resumed, closed, given other tasks or its results revealed, the page redraws by itself."""
    import workspace

    from ui import common

    def state() -> tuple:
        try:
            session = workspace.get_session(common.db(), session_id)
        except workspace.NotFound:
            return ("gone",)
        return session.status, session.tasks, session.reveal

    seen = state()

    @st.fragment(run_every=WATCH_SECONDS)
    def watch() -> None:
        if state() != seen:
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
    common.forget_participant()
    st.session_state[SIGNED_IN] = True
    return True


def sign_out() -> None:
    """Callback: this session goes back to being a visitor."""
    from ui import common

    st.session_state.pop(SIGNED_IN, None)
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


def allow(paths: list[str]) -> None:
    """Remember which pages are in this person's menu (links elsewhere are not drawn)."""
    st.session_state[PAGES] = list(paths)


def allowed(path: str) -> bool:
    """Whether ``path`` is one of this person's pages."""
    return path in st.session_state.get(PAGES, [path])
