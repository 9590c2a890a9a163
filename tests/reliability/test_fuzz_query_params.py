"""Fuzzing the address bar: any query parameters give a page, never an error or a leak.

The app reads ``e`` (engagement), ``p`` (a participant's private token) and ``code`` (a join
code) from the URL. Whatever they hold, the page runs without an exception, the workspace is
unchanged (reading a URL never writes), a visitor of a workshop server still sees only the
join and sign-in pages, and no engagement's name shows to them.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import workspace
from tests.conftest import ROOT
from tests.pages.helpers import texts
from tests.reliability.fuzz_helpers import FUZZ, dump

VISITOR_PAGES = {"pages/join.py", "pages/sign_in.py"}

values = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-2**70, max_value=2**70).map(str),
    st.sampled_from(["1", "0", "-1", "1e9", "NaN", "' OR 1=1 --", "../../etc/passwd",
                     "%00", "\x00", "ACE-479", "ace479", " 1 ", "1;DROP TABLE engagements"]),
)
parameters = st.dictionaries(st.sampled_from(["e", "p", "code", "page", "x"]), values,
                             max_size=4)


@pytest.fixture
def server_state(workspace_path, monkeypatch):
    """A workspace with the example and a second engagement, as a running server has it."""
    db = workspace.open_workspace(workspace_path)
    workspace.create_engagement(db, "Globex confidential")
    return db


def _run(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


@FUZZ
@given(params=parameters)
@example(params={"e": "2", "p": "not-a-token"})
@example(params={"e": "99999999999999999999999"})
@example(params={"code": "\x00" * 40, "p": ""})
def test_a_local_session_survives_any_address(app, server_state, params):
    before = dump(server_state)
    at = _run(params)
    assert not at.exception, [e.value for e in at.exception]
    assert dump(server_state) == before


@FUZZ
@given(params=parameters)
@example(params={"e": "2"})
@example(params={"e": "1", "p": "' OR 1=1 --"})
def test_a_workshop_visitor_sees_no_engagement_whatever_the_address(
        app, server_state, params, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", "fuzzing the address bar")
    before = dump(server_state)
    at = _run(params)
    assert not at.exception, [e.value for e in at.exception]
    assert set(at.session_state["access.pages"]) == VISITOR_PAGES
    shown = texts(at)
    assert "Globex" not in shown and workspace.EXAMPLE_NAME not in shown
    assert dump(server_state) == before
