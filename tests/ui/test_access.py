"""Joining and signing in within the limits, as the pages ask for them (ui/access.py).

The client's connection is given by replacing ``access._handshake`` (what Streamlit reports:
the socket peer, None for loopback, and the handshake's headers); the browser tests in
tests/browser/test_access_limits.py check the same against a real server.
"""
import pytest

import workspace
from ui import access
from workshops import throttle

SECRET = "correct horse battery staple"


@pytest.fixture
def session(example_db):
    example = workspace.list_engagements(example_db)[0]
    return workspace.open_session(example_db, example.id, ["culture"])


@pytest.fixture
def connect(monkeypatch):
    """Act as a browser at ``peer`` with ``headers`` (None: this computer, no headers)."""
    def as_client(peer=None, headers=None):
        monkeypatch.setattr(access, "_handshake", lambda: (peer, dict(headers or {})))
    as_client()
    return as_client


def _wrong_codes(connect, addresses, headers=None):
    for address in addresses:
        connect(address, headers)
        with pytest.raises(workspace.SessionUnavailable):
            access.join_workshop("AAA-AAA", "")


def test_wrong_codes_from_everyone_together_stop_all_codes_for_a_while(session, connect):
    """A guesser rotating addresses: 60 wrong codes from 60 addresses; then nobody, not even
    someone with the right code from a new address, may try one until the wait is over."""
    _wrong_codes(connect, [f"10.0.{n // 200}.{n % 200 + 1}" for n in range(60)])
    connect("192.168.7.7")
    with pytest.raises(access.TooManyTries, match="on this app \\(by anyone\\). Wait 10 "
                                                  "minutes"):
        access.join_workshop(session.code, "Dana")
    assert workspace.session_participants(workspace.open_workspace(), session.id) == []
    assert access.code_guessing_wait() == pytest.approx(600, abs=5)


def test_one_addresss_wrong_codes_do_not_stop_another(session, connect):
    _wrong_codes(connect, ["192.168.1.50"] * 10)
    with pytest.raises(access.TooManyTries, match="from your network address"):
        access.join_workshop(session.code, "Mallory")
    connect("192.168.1.51")
    assert access.join_workshop(session.code, "Dana").name == "Dana"


def test_a_right_code_does_not_wipe_out_earlier_wrong_ones(session, connect):
    """A participant who knows one code cannot use it to reset their count of guesses."""
    _wrong_codes(connect, ["192.168.1.50"] * 9)
    connect("192.168.1.50")
    access.join_workshop(session.code, "Mallory")
    _wrong_codes(connect, ["192.168.1.50"])
    with pytest.raises(access.TooManyTries):
        access.join_workshop("AAA-AAA", "")


def test_forged_forwarded_for_headers_share_one_count(session, connect):
    """Behind uvicorn a loopback peer is replaced by the header's word, so each forged
    header looks like a new peer; untrusted, they all count as one sender."""
    for number in range(10):
        forged = f"198.51.100.{number}"
        connect(forged, {"X-Forwarded-For": forged})
        with pytest.raises(workspace.SessionUnavailable):
            access.join_workshop("AAA-AAA", "")
    connect("198.51.100.200", {"X-Forwarded-For": "198.51.100.200"})
    with pytest.raises(access.TooManyTries, match="from your network address"):
        access.join_workshop(session.code, "Mallory")


def test_a_trusted_proxy_header_counts_each_client_the_proxy_saw(session, connect,
                                                                 monkeypatch):
    monkeypatch.setenv("SOCIALREADY_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    _wrong_codes(connect, [None] * 10, headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.4"})
    connect(None, {"X-Forwarded-For": "198.51.100.5"})
    assert access.join_workshop(session.code, "Dana").name == "Dana"
    connect(None, {"X-Forwarded-For": "1.1.1.1, 198.51.100.4"})
    with pytest.raises(access.TooManyTries):
        access.join_workshop(session.code, "Mallory")


def test_joins_from_one_address_are_limited(session, connect):
    connect("192.168.1.60")
    for number in range(throttle.JOINS_PER_ADDRESS.free):
        access.join_workshop(session.code, "")
    with pytest.raises(access.TooManyTries, match="Many people have joined from your network "
                                                  "address"):
        access.join_workshop(session.code, "")
    connect("192.168.1.61")
    assert access.join_workshop(session.code, "").name.startswith("Anonymous")


def test_a_join_refused_for_its_name_does_not_use_up_the_address(session, connect):
    connect("192.168.1.60")
    access.join_workshop(session.code, "Dana")
    for _ in range(30):
        with pytest.raises(workspace.DuplicateName):
            access.join_workshop(session.code, "dana")
    access.join_workshop(session.code, "Erin")


def test_a_paused_sessions_code_is_not_counted_as_wrong(session, connect):
    workspace.update_session(workspace.open_workspace(), session.id, status="paused")
    for _ in range(15):
        with pytest.raises(workspace.SessionPaused):
            access.join_workshop(session.code, "Dana")
    workspace.update_session(workspace.open_workspace(), session.id, status="open")
    assert access.join_workshop(session.code, "Dana").name == "Dana"


def test_wrong_secrets_from_everyone_together_stop_sign_in_for_a_while(example_db, connect,
                                                                       monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    for number in range(20):
        connect(f"10.1.0.{number + 1}")
        assert access.sign_in("guess") is False
    connect("192.168.7.7")
    with pytest.raises(access.TooManyTries, match="Too many wrong secrets on this app"):
        access.sign_in(SECRET)


def test_the_right_secret_does_not_count_as_a_wrong_one(example_db, connect, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    import streamlit as st

    for _ in range(10):
        assert access.sign_in(SECRET) is True
        st.session_state.clear()
    for _ in range(4):
        assert access.sign_in("guess") is False
    assert access.sign_in(SECRET) is True
