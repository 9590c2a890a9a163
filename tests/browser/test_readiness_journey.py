"""The executive's journey in a real browser: create, answer, leave, come back, read the report."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot
from tests.conftest import ROOT


def _radio(page, statement: str):
    return page.locator('[data-testid="stRadio"]').filter(has_text=statement)


def test_answers_survive_a_reload_and_reach_the_report(server, page, culture_bank):
    page.goto(f"{server}/")
    settle(page)
    expect(page.get_by_role("heading", name="Current: Example: Northwind Health")).to_be_visible()
    shoot(page, "01-engagements")

    page.get_by_label("Name", exact=True).last.fill("Contoso readiness 2027")
    page.get_by_label("Organization").last.fill("Contoso")
    page.get_by_role("button", name="Create engagement").click()
    settle(page)
    expect(page.get_by_text("Engagement “Contoso readiness 2027” created")).to_be_visible()

    page.get_by_role("link", name="Culture questionnaire").click()
    settle(page)
    page.get_by_label("I am new here: my name or role").fill("Chief Executive")
    page.get_by_role("button", name="Start answering").click()
    settle(page)
    expect(page.get_by_text("Answering as")).to_be_visible()

    first = culture_bank.dimensions[0]
    chosen = [item for item in first.items if not item.reverse][:3]
    for item in chosen:
        _radio(page, item.text).get_by_text("Disagree", exact=True).click()
        settle(page)
    expect(page.get_by_text("3 of 30 answered")).to_be_visible()
    shoot(page, "02-culture-answered")
    assert re.search(r"[?&]p=", page.url), "the participant must travel in the URL"

    page.reload()
    settle(page)
    expect(page.get_by_text("3 of 30 answered")).to_be_visible()
    for item in chosen:
        options = _radio(page, item.text).locator('input[type="radio"]')
        assert options.nth(1).is_checked(), f"answer to {item.id} lost after reload"
    shoot(page, "03-culture-after-reload")

    page.get_by_role("link", name="Readiness report").click()
    settle(page)
    # Three "Disagree" answers: 25/100 in the first dimension, a barrier to act on first.
    expect(page.get_by_text(f"{first.name} scores 25/100 (barrier; target 75)").first
           ).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("25/100")
    # Only the culture questionnaire has answers: its chart, and no maturity verdict.
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
    expect(page.get_by_text("Nobody has answered the maturity questionnaire yet.")
           ).to_be_visible()
    shoot(page, "04-report")


def test_cold_server_shows_only_the_apps_menu_and_deep_links_work(server, page):
    page.goto(f"{server}/report")
    settle(page)
    expect(page.get_by_role("heading", name="Readiness report")).to_be_visible()
    menu = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    source = (ROOT / "app.py").read_text()
    menu_source = source[source.index("def facilitator_menu"):source.index("def participant_menu")]
    titles = re.findall(r'_page\("[^"]+", "([^"]+)"', menu_source)
    assert [m.split("\n")[-1] for m in menu] == titles
    assert "common" not in " ".join(menu)        # no legacy list of the pages/ folder
    shoot(page, "05-report-deep-link")


def test_hostile_engagement_name_is_shown_verbatim(server, page):
    hostile = "<img src=x onerror=alert(1)> **bold** =1+1 'q' \"dq\" ; DROP TABLE x; 🚀"
    page.goto(f"{server}/")
    settle(page)
    page.get_by_label("Name", exact=True).last.fill(hostile)
    page.get_by_role("button", name="Create engagement").click()
    settle(page)
    expect(page.get_by_text(f"Engagement “{hostile}” created", exact=False)).to_be_visible()
    expect(page.locator("h3").filter(has_text="Current:").first).to_have_text(
        "Current: " + hostile)
    assert page.locator("img[src='x']").count() == 0
    shoot(page, "06-hostile-name")
