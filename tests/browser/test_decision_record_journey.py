"""The decision record in a real browser: sign off the example's decision, accept the readiness
suggestion on the Weights page, and see the comparison say what changed since sign-off."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot


def _go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    settle(page)
    expect(page.locator("h1").first).to_be_visible()


def test_sign_off_then_a_change_shows_as_changed_since_sign_off(server, page):
    page.goto(f"{server}/")
    settle(page)
    _go(page, "Vendor comparison")
    expect(page.get_by_text("No decision has been signed off yet.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Not ready yet; .* leads the platform choice"))
           ).to_be_visible()
    page.get_by_label("Signed off by").fill("Steering committee <b>chair</b>")
    page.get_by_label("Note").fill("Approved at the board of 3 May")
    page.get_by_role("button", name="Sign off this decision").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"Signed off by Steering committee <b>chair</b> at "
                                       r".*: nothing has changed since\."))).to_be_visible()
    shoot(page, "40-signed-off")

    _go(page, "Weights")
    expect(page.get_by_text("Readiness suggests")).to_be_visible()
    page.get_by_role("button", name="Accept the suggestion").click()
    settle(page)
    expect(page.get_by_text(re.compile("readiness suggestion was applied"))).to_be_visible()

    _go(page, "Vendor comparison")
    warning = page.get_by_text(re.compile(r"Changed since sign-off by Steering committee "
                                          r"<b>chair</b> at .*: \d+ values? moved"))
    expect(warning).to_be_visible()
    shoot(page, "41-changed-since-sign-off")
    page.get_by_text("History", exact=True).click()
    expect(page.get_by_text("Show the changes of")).to_be_visible()
    # The signed-off record is unchanged: one sign-off listed, with its note.
    expect(page.get_by_role("button", name="Signed-off decisions (.csv)")).to_be_visible()
