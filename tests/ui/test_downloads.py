"""Download buttons (ui/downloads.py): a click downloads without rerunning the page, so
that a second button clicked right after still holds a valid file id. The browser test
tests/browser/test_downloads_back_to_back.py clicks them back to back."""
import re

import pytest

import workspace
from tests.conftest import ROOT
from tests.pages.helpers import open_page

PAGES_WITH_DOWNLOADS = ["pages/exports.py", "pages/weights.py", "pages/report.py",
                        "pages/banks.py", "pages/scoring.py"]


def test_every_download_button_goes_through_the_shared_helper():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        if path.name == "downloads.py":
            continue
        assert not re.search(r"\bdownload_button\(", re.sub(
            r"downloads\.download_button\(", "", path.read_text())), path


@pytest.mark.parametrize("page", PAGES_WITH_DOWNLOADS)
def test_no_download_click_reruns_the_page(app, example_db, page):
    open_page(app, page)
    if page == "pages/scoring.py":
        [example] = workspace.list_engagements(example_db)
        scorer = workspace.list_participants(example_db, example.id)[0]
        app.selectbox(key="who.existing").set_value(scorer.token)
        app.button(key="who.continue").click().run()
    buttons = app.get("download_button")
    assert buttons, page
    assert all(button.proto.ignore_rerun for button in buttons), [
        button.proto.id for button in buttons if not button.proto.ignore_rerun]
