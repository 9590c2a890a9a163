"""A facilitator's sign-in lasts: a refresh, a new tab of the same browser and a lost
connection keep it; signing out in one tab ends it in every tab."""
import time

from playwright.sync_api import expect

from tests.browser.conftest import open_workshop, settle, shoot

COOKIE = "socialready_facilitator"


def _cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def _wait_for_cookie(context, seconds: float = 20) -> dict:
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = _cookie(context)
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("the sign-in cookie was never set")


def test_refresh_new_tab_and_sign_out(workshop_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    code = open_workshop(page, workshop_server)
    cookie = _wait_for_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("() => document.cookie").find(COOKIE) == -1, "no script reads it"
    live_address = page.url
    assert "/workshop" in live_address

    # F5 on the live view: the same page, engagement and live session, still signed in.
    page.reload()
    settle(page)
    assert page.url == live_address
    expect(page.get_by_role("heading", name="Live workshop")).to_be_visible()
    expect(page.locator("h1 code").first).to_have_text(code)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    shoot(page, "sign-in-01-after-refresh")

    # A lost connection: the browser reconnects by itself, and the sign-in holds.
    context.set_offline(True)
    time.sleep(2)
    context.set_offline(False)
    page.reload()
    settle(page)
    expect(page.locator("h1 code").first).to_have_text(code)

    # A new tab of the same browser on the same address.
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto(live_address)
    settle(tab)
    expect(tab.get_by_role("heading", name="Live workshop")).to_be_visible()
    expect(tab.locator("h1 code").first).to_have_text(code)

    # Signing out in the new tab ends the sign-in in the first tab too (its live view
    # notices by itself), and clears the cookie.
    tab.get_by_role("button", name="Sign out").click()
    settle(tab)
    expect(tab.get_by_role("link", name="Facilitator sign-in")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0, timeout=20_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    deadline = time.time() + 10
    while _cookie(context) and time.time() < deadline:
        time.sleep(0.2)
    assert _cookie(context) is None, "the cookie is cleared"
    page.reload()
    settle(page)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    shoot(page, "sign-in-02-after-sign-out-elsewhere")
    context.close()
