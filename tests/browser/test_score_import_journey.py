"""Scoring offline: download the template, fill it in a spreadsheet, upload, preview, apply."""
import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot


def test_a_filled_template_previews_and_applies_one_change(server, page, tmp_path):
    page.goto(f"{server}/scoring")
    settle(page)
    page.get_by_role("button", name="Continue my answers").click()      # first person listed
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my scoring template (.xlsx)").click()
    workbook = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    sheet = workbook["Scores"]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Criterion id")
    assert sheet.cell(row=header, column=4).value == "How to score"
    sheet.cell(row=header + 1, column=5).value = 0.5        # first criterion, first vendor
    path = tmp_path / "filled.xlsx"
    workbook.save(path)

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    settle(page)
    expect(page.get_by_role("button", name="Apply this 1 change")).to_be_visible()
    shoot(page, "13-score-import-preview")
    page.get_by_role("button", name="Apply this 1 change").click()
    settle(page)
    expect(page.get_by_text("1 score imported.")).to_be_visible()


def test_an_upload_that_is_not_a_workbook_is_refused(server, page, tmp_path):
    page.goto(f"{server}/scoring")
    settle(page)
    page.get_by_role("button", name="Continue my answers").click()
    settle(page)
    fake = tmp_path / "scores.xlsx"
    fake.write_text("vendor,criterion,score\nSlack,sso,5\n")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(fake))
    settle(page)
    expect(page.get_by_text("Nothing was imported:")).to_be_visible()
