"""The CIO's journey in a real browser: AHP category weights, three vendors scored, ranking."""
import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot, start_answering, type_into_grid


def _go(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    settle(page)
    expect(page.locator("h1").first).to_be_visible()


def _score_first_criterion(page, values: list[str]) -> None:
    """Type scores into the first row of the scoring matrix, one vendor column after another.

    Each score is saved as it is given: there is no Save button to press.
    """
    grid = page.locator("[data-testid=stDataFrame]").filter(
        has=page.locator('th[role="columnheader"]', has_text=re.compile(r"^Slack$")))
    for column, value in enumerate(values, start=1):
        type_into_grid(page, grid, 0, column, value)
        expect(grid.locator(f'[data-testid="glide-cell-{column}-0"]')).to_have_text(
            re.compile(rf"^{value}(\.0)?$"))


def test_ahp_weights_then_three_scored_vendors_give_a_ranking_that_updates(server, page):
    page.goto(f"{server}/")
    settle(page)
    page.get_by_label("Name", exact=True).last.fill("Fabrikam platform choice")
    page.get_by_role("button", name="Create engagement").click()
    settle(page)
    expect(page.get_by_text("Engagement “Fabrikam platform choice” created")).to_be_visible()

    _go(page, "Requirements")
    page.get_by_role("button", name="Start from the standard taxonomy").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"\d+ criteria in 8 categories added"))).to_be_visible()

    _go(page, "Vendors")
    picker = page.locator('[data-testid="stMultiSelect"]').first
    for name in ["Slack", "Workvivo by Zoom", "Staffbase"]:
        picker.click()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        time.sleep(0.3)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add selected platforms").click()
    settle(page)
    expect(page.get_by_text("3 vendors added.")).to_be_visible()

    _go(page, "Weights")
    page.get_by_text("AHP pairwise comparison", exact=True).click()
    settle(page)
    thumb = page.get_by_role("slider").first
    thumb.focus()
    for _ in range(4):      # towards "Security and compliance": 5 times as important
        page.keyboard.press("ArrowLeft")
    settle(page)
    expect(page.get_by_text("Consistency ratio")).to_be_visible()
    shoot(page, "10-weights-ahp")
    page.get_by_role("button", name="Save these weights").click()
    settle(page)
    expect(page.get_by_text("Weights for Categories saved (AHP pairwise comparison).")
           ).to_be_visible()

    _go(page, "Vendor scoring")
    start_answering(page, "Chief Information Officer")
    _score_first_criterion(page, ["5", "3", "4"])      # Slack, Workvivo, Staffbase
    shoot(page, "11-scoring")
    expect(page.get_by_text("3 of 114 scores given")).to_be_visible()

    _go(page, "Vendor comparison")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("Slack")
    shoot(page, "12-comparison")
    expect(page.get_by_text(re.compile(r"Slack ranks first in \d+% of 10,000"))).to_be_visible()
    # ranking, what-if (in its expander), 2x2, tornado, acceptability
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(5)

    _go(page, "Vendor scoring")
    _score_first_criterion(page, ["3", "5"])           # now Workvivo leads
    _go(page, "Vendor comparison")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("Workvivo by Zoom")
    expect(page.get_by_text(re.compile(r"Workvivo by Zoom ranks first in \d+%"))).to_be_visible()
