"""A live workshop in two browsers: the facilitator's laptop and a participant's phone."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import open_workshop, settle, shoot


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]')


def test_a_participant_joins_by_code_and_the_facilitator_sees_the_answer_live(
        workshop_server, browser, culture_bank):
    _join_and_answer(workshop_server, browser, culture_bank)


def test_the_same_workshop_runs_on_a_postgresql_database(
        postgres_workshop_server, browser, culture_bank):
    _join_and_answer(postgres_workshop_server, browser, culture_bank, shots=False)


def _join_and_answer(workshop_server, browser, culture_bank, shots: bool = True) -> None:
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    phone = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
    for page in (facilitator, phone):
        page.set_default_timeout(30_000)

    # The facilitator signs in and opens a session.
    code = open_workshop(facilitator, workshop_server)
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code), code
    expect(facilitator.locator('[data-testid="stImage"] img').first).to_be_visible()
    expect(_metric(facilitator, "Joined")).to_have_text("0")
    if shots:
        shoot(facilitator, "workshop-01-facilitator-open")

    # A participant opens the join link (as the QR code holds it) and joins with a name.
    link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert link.endswith(f"/?code={code.replace('-', '')}"), link
    phone.goto(link.replace(link.split("/?")[0], workshop_server))
    settle(phone)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    expect(phone.get_by_role("textbox", name="Workshop code")).to_have_value(code)
    phone.get_by_role("textbox", name="Workshop code").fill(code.lower())
    phone.get_by_role("textbox", name="Your name (optional)").fill("Dana")
    phone.get_by_role("button", name="Join").click()
    settle(phone)
    expect(phone.get_by_text("You take part as")).to_be_visible()
    assert "p=" in phone.url
    if shots:
        shoot(phone, "workshop-02-participant-home")
    phone.locator('[data-testid="stMain"]').get_by_role(
        "link", name=re.compile("Culture questionnaire")).click()
    settle(phone)
    statement = culture_bank.dimensions[0].items[0].text
    phone.locator('[data-testid="stRadio"]').filter(has_text=statement).get_by_text(
        "Agree", exact=True).click()
    settle(phone)
    expect(phone.get_by_text("1 of 30 answered")).to_be_visible()
    if shots:
        shoot(phone, "workshop-03-participant-answered")
    # Next, answer, Next again: the sections' progress changes under the person's fingers,
    # and the page must still move on, with every earlier answer where it was.
    dimensions = culture_bank.dimensions
    phone.get_by_role("button", name="Next").click()
    settle(phone)
    expect(phone.get_by_role("heading", name=dimensions[1].name)).to_be_visible()
    phone.locator('[data-testid="stRadio"]').filter(
        has_text=dimensions[1].items[0].text).get_by_text("Disagree", exact=True).click()
    settle(phone)
    phone.get_by_role("button", name="Next").click()
    settle(phone)
    expect(phone.get_by_role("heading", name=dimensions[2].name)).to_be_visible()
    expect(phone.get_by_text("2 of 30 answered")).to_be_visible()
    expect(phone.get_by_text("This app has encountered an error")).to_have_count(0)

    # The facilitator's live view picks both up without a reload.
    expect(_metric(facilitator, "Joined")).to_have_text("1", timeout=15_000)
    expect(_metric(facilitator, "Culture answers")).to_have_text("2", timeout=15_000)
    if shots:
        shoot(facilitator, "workshop-04-facilitator-live")

    # The participant's address bar, with their own link, cannot reach a facilitator page.
    token = re.search(r"[?&]p=([^&]+)", phone.url).group(1)
    phone.goto(f"{workshop_server}/report?p={token}&e=1")
    settle(phone)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    expect(phone.get_by_role("heading", name="Not part of your workshop")).to_be_visible()
    expect(phone.get_by_text("The five actions that matter most")).to_have_count(0)
    if shots:
        shoot(phone, "workshop-04b-participant-on-a-facilitator-address")
    phone.get_by_role("link", name="Back to your tasks").click()
    settle(phone)
    expect(phone.get_by_text("You take part as")).to_be_visible()
    expect(phone.locator('[data-testid="stSidebarNavLink"]').filter(
        has_text="Readiness report")).to_have_count(0)

    # The facilitator shares the group's results; the phone shows them without a reload.
    facilitator.get_by_text("Show the group's results to participants").click()
    settle(facilitator)
    expect(phone.get_by_text("The group's results are shared")).to_be_visible(timeout=20_000)
    if shots:
        shoot(phone, "workshop-05-participant-results-shared")
