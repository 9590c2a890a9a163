"""Scores typed into the vendor scoring grid are kept: as given, whatever the person does next."""
import re
import time

from playwright.sync_api import expect

import workspace
from tests.browser.conftest import (RECORD_CANVAS_TEXT, drawn_text, settle, shoot,
                                    start_answering, type_into_grid)

MISSING = {"None", "none", "nan", "NaN", "<NA>", "NaT"}


def _grid(page):
    """The scoring matrix (the grid with a column per vendor)."""
    return page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator('th[role="columnheader"]', has_text=re.compile(r"^Slack$")))


def _cell(page, row: int, column: int):
    """A cell of the scoring matrix as the grid's accessible table shows it."""
    return _grid(page).locator(f'[data-testid="glide-cell-{column}-{row}"]')


def _type_score(page, row: int, column: int, value: str) -> None:
    """Type a score into the matrix and press Enter (no Save)."""
    type_into_grid(page, _grid(page), row, column, value)


def _my_scores(path, name: str) -> dict:
    db = workspace.open_workspace(path)
    [example] = workspace.list_engagements(db)
    scores = workspace.engagement_scores(db, example.id)
    mine = scores[scores["scorer"] == name].dropna(subset=["score"])
    return {(row.vendor, row.criterion): row.score for row in mine.itertuples()}


def _category(page, name: str) -> None:
    page.locator('[data-testid="stRadio"]').get_by_text(name, exact=True).click()
    settle(page)


def test_typed_scores_survive_a_category_switch_and_leaving_the_page(server, browser,
                                                                      tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORD_CANVAS_TEXT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/scoring")
    settle(page)
    start_answering(page, "Procurement lead")
    expect(page.get_by_text("Press Save")).to_have_count(0)

    # Security and compliance, first criterion (single sign-on): Slack 4, Staffbase 2.
    _type_score(page, 0, 2, "4")
    _type_score(page, 0, 4, "2")
    shoot(page, "30-scoring-typed")
    _category(page, "Core social features")
    _category(page, "Security and compliance")
    expect(_cell(page, 0, 2)).to_have_text(re.compile(r"^4(\.0)?$"))
    expect(_cell(page, 0, 4)).to_have_text(re.compile(r"^2(\.0)?$"))
    assert _my_scores(tmp_path / "workspace.db", "Procurement lead") == {
        ("Slack", "sso"): 4.0, ("Staffbase", "sso"): 2.0}

    # Second criterion (permissions): Microsoft Viva Engage 3, then away and back.
    _type_score(page, 1, 1, "3")
    page.get_by_role("link", name="Vendor comparison").click()
    settle(page)
    page.get_by_role("link", name="Vendor scoring").click()
    settle(page)
    expect(_cell(page, 1, 1)).to_have_text(re.compile(r"^3(\.0)?$"))
    assert _my_scores(tmp_path / "workspace.db", "Procurement lead")[
        ("Microsoft Viva Engage", "permissions")] == 3.0
    expect(page.get_by_text("3 of 266 scores given")).to_be_visible()

    # Empty cells read as empty: no "None" (or "nan") drawn anywhere in the grid.
    drawn = drawn_text(page, forget=True)
    assert "4.0" in drawn and "Slack" in drawn, "the recording of the grid's text works"
    assert not MISSING & set(drawn), sorted(MISSING & set(drawn))
    shoot(page, "31-scoring-kept")

    # Nor in the comparison's tables.
    page.get_by_role("link", name="Vendor comparison").click()
    settle(page)
    page.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()
    time.sleep(1.0)
    drawn = drawn_text(page)
    assert {"Slack", "Staffbase"} <= set(drawn), "the comparison's tables were drawn"
    assert not MISSING & set(drawn), sorted(MISSING & set(drawn))
    context.close()
