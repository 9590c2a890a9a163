"""The hand-over in a real browser: download the workbook, report, data and backup; restore."""
import gzip
import io
import json

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import download as _download
from tests.browser.conftest import prepare, settle, shoot


def test_downloads_open_and_a_backup_restores_as_a_new_engagement(server, page, tmp_path):
    page.goto(f"{server}/exports")
    settle(page)
    expect(page.get_by_role("heading", name="Exports")).to_be_visible()
    shoot(page, "20-exports")

    prepare(page)                   # built beside the page, then offered
    workbook = load_workbook(io.BytesIO(_download(page, "Download workbook (.xlsx)")))
    assert {"Summary", "Weights", "Scores", "Ranking"} <= set(workbook.sheetnames)
    report = _download(page, "Download report (.html)").decode("utf-8")
    assert report.startswith("<!doctype html>") and "<svg" in report
    answers = _download(page, "Questionnaire answers").decode("utf-8-sig")
    assert answers.splitlines()[0].startswith("bank,")
    backup = _download(page, "Download backup (.json.gz)")
    assert json.loads(gzip.decompress(backup))["format"] == "socialready-engagement-backup"

    path = tmp_path / "backup.json.gz"
    path.write_bytes(backup)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    settle(page)
    page.get_by_role("button", name="Restore this backup").click()
    settle(page)
    expect(page.get_by_text("Restored as “Example: Northwind Health (illustrative) (restored)”"
                            )).to_be_visible()
    shoot(page, "21-restored")
