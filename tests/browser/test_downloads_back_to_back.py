"""Download buttons clicked back to back: every click yields its file (a click must not be lost
to the rerun another click started)."""
import time

from playwright.sync_api import expect

from tests.browser.conftest import settle

BUTTONS = {  # button label -> end of the file's name
    "Questionnaire answers": "-answers.csv",
    "Vendor scores": "-scores.csv",
    "Download backup (.json.gz)": "-backup.json.gz",
    "Download report (.html)": ".html",
}


def _clicks_yield_files(page, labels: list[str], timeout: float = 20.0) -> list[str]:
    """Click each button right after the other; the names of the files that arrive."""
    arrived = []

    def arrive(download) -> None:
        arrived.append(download.suggested_filename)

    page.on("download", arrive)
    for label in labels:
        page.get_by_role("button", name=label).click(no_wait_after=True)
    deadline = time.time() + timeout
    while len(arrived) < len(labels) and time.time() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)          # and nothing more arrives
    page.remove_listener("download", arrive)
    return arrived


def _one_each(got: list[str], labels: list[str]) -> bool:
    return len(got) == len(labels) and all(
        sum(name.endswith(BUTTONS[label]) for name in got) == 1 for label in labels)


def test_two_downloads_clicked_back_to_back_both_arrive_every_time(server, page):
    page.goto(f"{server}/exports")
    settle(page)
    expect(page.get_by_role("heading", name="Exports")).to_be_visible()
    pairs = [["Questionnaire answers", "Vendor scores"],
             ["Vendor scores", "Download backup (.json.gz)"],
             ["Download backup (.json.gz)", "Questionnaire answers"]] * 3
    lost = [(pair, got) for pair in pairs
            if not _one_each(got := _clicks_yield_files(page, pair), pair)]
    assert not lost, f"{len(lost)} of {len(pairs)} pairs lost a file: {lost}"
    expect(page.locator('[data-testid="stDownloadButtonError"]')).to_have_count(0)


def test_every_download_button_clicked_in_a_row_yields_its_file(server, page):
    page.goto(f"{server}/exports")
    settle(page)
    for _ in range(2):
        got = _clicks_yield_files(page, list(BUTTONS))
        assert _one_each(got, list(BUTTONS)), got
