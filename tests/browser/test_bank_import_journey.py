"""A consultant edits a questionnaire in Excel and the engagement uses it."""
import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import settle, shoot

NEW_TEXT = "Edited in Excel: people here share drafts with other teams."


def test_download_edit_import_and_use_a_bank(server, page, tmp_path):
    page.goto(f"{server}/banks")
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="As Excel workbook").click()
    workbook = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    bank_sheet = workbook["Bank"]
    for row in bank_sheet.iter_rows():
        if row[0].value == "id":
            row[1].value = "culture_edited"
        if row[0].value == "title":
            row[1].value = "Culture (edited)"
    items = workbook["Items"]
    header = [c.value for c in next(items.iter_rows(min_row=1, max_row=1))]
    items.cell(row=2, column=header.index("text") + 1).value = NEW_TEXT
    path = tmp_path / "culture-edited.xlsx"
    workbook.save(path)

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    settle(page)
    expect(page.get_by_text("It is valid")).to_be_visible()
    page.get_by_role("button", name="Install this bank").click()
    settle(page)
    expect(page.get_by_text("Bank “culture_edited” installed")).to_be_visible()
    shoot(page, "07-bank-installed")

    page.get_by_label("Culture questionnaire").click()
    page.get_by_role("option", name="culture_edited · Culture (edited)").click()
    settle(page)
    expect(page.get_by_text("Questionnaire choice saved.")).to_be_visible()

    page.get_by_role("link", name="Culture questionnaire", exact=True).click()
    settle(page)
    page.get_by_label("I am new here: my name or role").fill("Reviewer")
    page.get_by_role("button", name="Start answering").click()
    settle(page)
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()
