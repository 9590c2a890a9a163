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
import os
import socket
from urllib.parse import urlsplit

import streamlit as st

import workshops

SIGNED_IN = "access.facilitator"
PAGES = "access.pages"
FACILITATOR, PARTICIPANT, VISITOR = "facilitator", "participant", "visitor"
PUBLIC_URL_VARIABLE = "SOCIALREADY_PUBLIC_URL"
DEFAULT_TASKS = ("culture", "maturity")


@functools.lru_cache(maxsize=8)
def _hash(encoded: str, plain: str) -> str | None:
    # Cached so that a plain secret is hashed once per process, not on every rerun.
    return workshops.configured_hash({workshops.SECRET_HASH_VARIABLE: encoded,
                                      workshops.SECRET_VARIABLE: plain})


def _secrets_file() -> dict:
    try:
        return {key: st.secrets[key] for key in (workshops.SECRET_HASH_VARIABLE,
                                                 workshops.SECRET_VARIABLE)
                if key in st.secrets}
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


def workshop_mode() -> bool:
    """True when a facilitator secret is configured (the app may serve a whole room)."""
    return secret_hash() is not None


def from_this_machine() -> bool:
    """Whether the browser runs on this computer (always true when the address is unknown)."""
    address = st.context.ip_address
    return not address or address in ("127.0.0.1", "::1", "localhost") or \
        address.startswith("127.")


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
    """``facilitator``, ``participant`` (joined by code or link, session still live) or
    ``visitor``; a participant whose session closed becomes a visitor again."""
    from pages import common

    if is_facilitator():
        return FACILITATOR
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

    from pages import common

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
    """Check the facilitator secret; on success this session may use every page."""
    encoded = secret_hash()
    if encoded is None or not workshops.verify_secret(attempt, encoded):
        return False
    from pages import common

    common.forget_participant()
    st.session_state[SIGNED_IN] = True
    return True


def sign_out() -> None:
    """Callback: this session goes back to being a visitor."""
    from pages import common

    st.session_state.pop(SIGNED_IN, None)
    common.forget_participant()


@st.cache_resource
def _throttles() -> dict[str, workshops.Throttle]:
    return {"code": workshops.Throttle(free=3, first_wait=2.0),
            "secret": workshops.Throttle(free=3, first_wait=5.0),
            "code-address": workshops.Throttle(free=30, first_wait=2.0),
            "secret-address": workshops.Throttle(free=10, first_wait=5.0)}


def _keys(kind: str) -> list[tuple[workshops.Throttle, str]]:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    session = context.session_id if context else "no-session"
    keys = [(_throttles()[kind], session)]
    address = st.context.ip_address
    if address:
        # A reload starts a new session; the address keeps counting (with more room,
        # since a room may share one address).
        keys.append((_throttles()[f"{kind}-address"], address))
    return keys


def wait_before_try(kind: str) -> float:
    """Seconds this person must wait before trying a ``code`` or ``secret`` again."""
    return max(throttle.wait_for(key) for throttle, key in _keys(kind))


def record_try(kind: str, succeeded: bool) -> None:
    """Count a failed try (slowing the next one down) or forget failures after a success."""
    for throttle, key in _keys(kind):
        if succeeded:
            throttle.succeeded(key)
        else:
            throttle.failed(key)


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
