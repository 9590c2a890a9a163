"""The consensus step in real browsers: three phones dispute a statement, the facilitator
reopens it, the phones answer again, the group agrees; the readiness report and the workbook
use the agreed value. The presenter view and the control view are photographed at the
projector's and the laptop's size (1400 x 900)."""
import io
import re
import time

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import (RECORD_CANVAS_TEXT, download, drawn_text, join_workshop,
                                    open_workshop, prepare, settle, shoot)

WHY = "Leaders share openly, but only inside their teams"


def _phone(browser, base: str, code: str, name: str):
    phone = browser.new_context(viewport={"width": 400, "height": 860}).new_page()
    phone.set_default_timeout(30_000)
    join_workshop(phone, base, code, name)
    return phone


def test_a_disputed_statement_is_reopened_answered_again_and_agreed(workshop_server, browser,
                                                                    culture_bank):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(RECORD_CANVAS_TEXT)
    facilitator = context.new_page()
    facilitator.set_default_timeout(30_000)
    code = open_workshop(facilitator, workshop_server)
    statement = culture_bank.dimensions[0].items[0].text
    labels = culture_bank.labels

    phones = {}
    for name, label in (("Ann", labels[0]), ("Ben", labels[4]), ("Cy", labels[2])):
        phone = _phone(browser, workshop_server, code, name)
        phones[name] = (phone, phone.url)
        phone.locator('[data-testid="stMain"]').get_by_role(
            "link", name=re.compile("Culture questionnaire")).click()
        settle(phone)
        phone.locator('[data-testid="stRadio"]').filter(has_text=statement).get_by_text(
            label, exact=True).click()
        settle(phone)

    # The live view lists the statement as disputed (answers 1, 5 and 3: spread 1.63).
    disputed = facilitator.locator('[data-testid="stMarkdownContainer"] strong').filter(
        has_text=statement)
    expect(disputed).to_be_visible(timeout=20_000)
    settle(facilitator)
    facilitator.get_by_role("button", name="Reopen").first.click()
    expect(facilitator.get_by_text("Reopened for a second round")).to_be_visible()
    expect(facilitator.get_by_text("Second round under way")).to_be_visible(timeout=20_000)
    expect(facilitator.get_by_role("textbox", name="Why, in one line")).to_be_visible(
        timeout=20_000)

    # Each phone answers again on its workshop page ("Agree": 4).
    for name, (phone, home) in phones.items():
        phone.goto(home)
        settle(phone)
        expect(phone.get_by_role("heading", name="Second round")).to_be_visible()
        phone.locator('[data-testid="stRadio"]').filter(has_text="Your answer now").get_by_text(
            f"4 · {labels[3]}", exact=True).click()
        settle(phone)
        if name == "Ann":
            shoot(phone, "consensus-01-phone-second-round")

    # The presenter view, in its own tab, at the projector's size.
    presenter = context.new_page()
    presenter.set_default_timeout(30_000)
    presenter.goto(f"{workshop_server}/presenter?e=1")
    settle(presenter)
    expect(presenter.get_by_text(code, exact=True)).to_be_visible()
    expect(presenter.locator('[data-testid="stMetric"]').filter(has_text="Joined").locator(
        '[data-testid="stMetricValue"]')).to_have_text("3", timeout=15_000)
    main = presenter.locator('[data-testid="stMain"]')
    # No control of the app's own (Streamlit's image toolbar, shown on hover, aside).
    expect(main.locator('button:not([kind="elementToolbar"])')).to_have_count(0)
    expect(main.get_by_role("textbox")).to_have_count(0)
    for name in phones:
        expect(presenter.get_by_text(name, exact=True)).to_have_count(0)
    presenter.screenshot(path=str(_shots() / "consensus-02-presenter-1400x900.png"))

    # The facilitator records the agreed value with its rationale.
    facilitator.bring_to_front()
    chooser = facilitator.get_by_role("combobox", name="Agreed value")
    chooser.click()
    chooser.press_sequentially(f"4 · {labels[3]}")
    chooser.press("Enter")
    settle(facilitator)
    expect(chooser).to_have_value(f"4 · {labels[3]}")
    facilitator.get_by_role("textbox", name="Why, in one line").fill(WHY)
    facilitator.get_by_role("button", name="Agree", exact=True).click()
    settle(facilitator)
    expect(facilitator.get_by_text("the results now use it")).to_be_visible()
    facilitator.get_by_role("heading", name="Second rounds").scroll_into_view_if_needed()
    time.sleep(0.5)
    facilitator.screenshot(path=str(_shots() / "consensus-03-control-1400x900.png"))
    shoot(facilitator, "consensus-03-control-whole")

    # The readiness report uses and lists it.
    drawn_text(facilitator, forget=True)
    facilitator.get_by_role("link", name="Readiness report").click()
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name="Agreed in a workshop")).to_be_visible()
    facilitator.get_by_role("heading", name="Agreed in a workshop").scroll_into_view_if_needed()
    time.sleep(1)
    assert WHY in drawn_text(facilitator), "the rationale is in the table"
    shoot(facilitator, "consensus-04-report")

    # So does the workbook.
    facilitator.get_by_role("link", name="Exports").click()
    settle(facilitator)
    prepare(facilitator)
    book = load_workbook(io.BytesIO(download(facilitator, "Download workbook (.xlsx)")))
    rows = [[c.value for c in row] for row in book["Workshops"].iter_rows()]
    assert any(row[:4] == ["Culture statement", statement, f"4 · {labels[3]}", WHY]
               for row in rows), rows
    recorded = [row for row in rows if row[2] == statement and row[0] != "Culture statement"]
    assert recorded == [], "no record before the close"
    context.close()


def _shots():
    from tests.browser.conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
