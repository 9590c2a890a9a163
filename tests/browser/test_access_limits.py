"""Limits on guessing, against the real server: each reload is a new connection (a new
Streamlit session), and headers are whatever the sender writes."""
import pytest
from playwright.sync_api import expect

import workspace
from tests.browser.conftest import settle, shoot

NO_SESSION = workspace.sessions.NO_SESSION
TOO_MANY = "Too many codes that did not work"


@pytest.fixture
def live_code(workshop_server, tmp_path):
    """A live workshop on the example engagement, opened in the server's workspace."""
    db = workspace.open_workspace(tmp_path / "workspace.db")
    example = workspace.list_engagements(db)[0]
    return workspace.open_session(db, example.id, ["culture"]).code


def _try_code(page, url: str, code: str, forwarded_for: str | None = None) -> str:
    """Open the app afresh (a new connection), type ``code``, press Join; the message."""
    page.set_extra_http_headers({"X-Forwarded-For": forwarded_for} if forwarded_for else {})
    page.goto(f"{url}/")
    settle(page)
    page.get_by_role("textbox", name="Workshop code").fill(code)
    page.get_by_role("button", name="Join").click()
    settle(page)
    alert = page.locator('[data-testid="stAlert"]').first
    expect(alert).to_be_visible()
    return alert.inner_text()


def test_reloading_does_not_reset_the_count_of_wrong_codes(workshop_server, live_code, page):
    """A browser on this computer has no address in Streamlit's eyes; the count holds."""
    for _ in range(10):
        assert NO_SESSION in _try_code(page, workshop_server, "AAA-AAA")
    message = _try_code(page, workshop_server, live_code)
    shoot(page, "limits-01-wrong-codes-across-reloads")
    assert TOO_MANY in message
    expect(page.get_by_text("You take part as")).to_have_count(0)


def test_a_new_forwarded_for_header_on_each_try_gives_no_fresh_count(workshop_server,
                                                                      live_code, page):
    """By default no forwarding header is trusted: writing a new X-Forwarded-For on each try
    (as a guesser rotating "addresses" would) still counts as one sender."""
    for number in range(10):
        assert NO_SESSION in _try_code(page, workshop_server, "AAA-AAA",
                                       forwarded_for=f"203.0.113.{number + 1}")
    message = _try_code(page, workshop_server, live_code, forwarded_for="198.51.100.77")
    assert TOO_MANY in message
    expect(page.get_by_text("You take part as")).to_have_count(0)


def test_a_forwarding_header_is_never_this_computer_in_local_mode(server, page):
    """Single-user local mode opens every page to this computer only; a request that says it
    was forwarded (here: "from 127.0.0.1") came through a proxy or is forged, so it gets
    the refusal, never the pages."""
    page.set_extra_http_headers({"X-Forwarded-For": "127.0.0.1"})
    page.goto(f"{server}/")
    page.wait_for_selector('[data-testid="stApp"]')
    expect(page.get_by_text("answers only on the computer it runs on")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_role("heading", name="Current: Example: Northwind Health")
           ).to_have_count(0)
    page.set_extra_http_headers({})
    page.goto(f"{server}/")
    settle(page)
    expect(page.get_by_role("heading", name="Current: Example: Northwind Health")
           ).to_be_visible()
