"""The default page's own address, typed or refreshed, opens that page: Streamlit serves a
menu's default page at the root only, and said "Page not found" for ``/engagements`` (a
facilitator's home) and ``/join`` (a visitor's or participant's)."""
from playwright.sync_api import expect

from tests.browser.conftest import settle


def test_a_facilitator_typing_the_engagements_address_gets_that_page(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(30_000)
    for address in ("/engagements", "/"):
        page.goto(server + address)
        settle(page)
        expect(page.get_by_role("button", name="Create engagement")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
    page.goto(server + "/engagements")
    settle(page)
    page.get_by_role("link", name="Weights").click()
    settle(page)
    page.get_by_role("link", name="Engagements").click()
    settle(page)
    expect(page.get_by_role("button", name="Create engagement")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.close()


def test_a_visitor_typing_the_join_address_gets_the_join_page(workshop_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    phone.goto(workshop_server + "/join")
    settle(phone)
    expect(phone.get_by_role("textbox", name="Workshop code")).to_be_visible()
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    phone.reload()
    settle(phone)
    expect(phone.get_by_role("textbox", name="Workshop code")).to_be_visible()
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    context.close()
