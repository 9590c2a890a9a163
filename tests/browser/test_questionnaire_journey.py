"""The questionnaire keeps the person's place: Next shows the new section from its top, and a
refresh stays on the section the person was in, on a laptop and on a phone."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot, start_answering

SCROLLED = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
SCREENS = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def _statement(page, text: str):
    return page.locator('[data-testid="stRadio"]').filter(has_text=text)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_next_shows_the_next_section_from_its_top_and_a_refresh_stays_there(
        server, browser, culture_bank, screen):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/culture")
    settle(page)
    start_answering(page, "Head of HR")

    first, second = culture_bank.dimensions[:2]
    for item in (first.items[0], first.items[-1]):      # the last one leaves the page scrolled
        _statement(page, item.text).get_by_text("Agree", exact=True).click()
        settle(page)
    expect(page.get_by_text("2 of 30 answered")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    settle(page)
    expect(page.get_by_role("heading", name=second.name)).to_be_visible()
    expect(_statement(page, second.items[0].text)).to_be_in_viewport()
    # Answering there leaves the page where it is: only a step moves it.
    answer = _statement(page, second.items[1].text).get_by_text("Disagree", exact=True)
    answer.scroll_into_view_if_needed()     # options are one column: it may be further down
    settle(page)
    top = page.evaluate(SCROLLED)
    answer.click()
    settle(page)
    assert page.evaluate(SCROLLED) == top
    shoot(page, f"40-culture-next-{screen}")
    assert re.search(r"[?&]section=", page.url), page.url

    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name=second.name)).to_be_visible()
    expect(_statement(page, second.items[0].text)).to_be_visible()
    expect(_statement(page, first.items[0].text)).to_have_count(0)
    expect(page.get_by_text("3 of 30 answered")).to_be_visible()
    context.close()
