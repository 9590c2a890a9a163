"""An organization-wide pulse in real browsers: the facilitator's laptop sets up and opens a
campaign; respondents answer on phones (390 x 844, touch) in two languages: in German, chosen
at the top of the rules, through the open link, and in French, the phone's own language
(Accept-Language), through an invitee link; the facilitator watches the response rates,
closes the campaign, and the results (in English) pool both languages' answers, show the
groups above the minimum, hide the others, and set leaders against employees.

Two respondents answer in the browser; the others, needed to reach the minimum group sizes,
answer through the workspace's own functions on the same workspace file (as many phones
would), so that the journey stays within minutes.
"""
import csv
import io
import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import (RECORD_CANVAS_TEXT, WORKSHOP_SECRET, drawn_text, settle,
                                    shoot)
from assessments.translation import translated
from tests.pulse_data import answer

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]')


def _settled(phone) -> None:
    """``settle`` for a respondent's page: their menu has one page, so Streamlit draws no
    navigation to wait for."""
    phone.wait_for_selector('[data-testid="stApp"]')
    phone.wait_for_selector('[data-testid="stMainBlockContainer"]')
    time.sleep(0.3)
    phone.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    time.sleep(0.3)


def _answer_first_section(phone, bank, label: str) -> None:
    for item in bank.dimensions[0].items:
        phone.locator('[data-testid="stRadio"]').filter(has_text=item.text).get_by_text(
            label, exact=True).click()
        _settled(phone)


def _choose(phone, label: str, option: str) -> None:
    """Pick an option of a select box with a finger (a touch screen opens it on a tap)."""
    phone.get_by_label(label).tap()
    phone.get_by_role("option", name=option, exact=True).tap()
    _settled(phone)


def test_a_pulse_from_opening_to_results(workshop_server, browser, culture_bank, tmp_path):
    import workspace

    laptop = browser.new_context(viewport={"width": 1400, "height": 1000})
    laptop.add_init_script(RECORD_CANVAS_TEXT)
    facilitator = laptop.new_page()
    facilitator.set_default_timeout(30_000)

    # The facilitator signs in, creates a campaign, sets its segments and opens it.
    facilitator.goto(f"{workshop_server}/sign_in")
    settle(facilitator)
    facilitator.get_by_label("Facilitator secret").fill(WORKSHOP_SECRET)
    facilitator.get_by_role("button", name="Sign in").click()
    settle(facilitator)
    facilitator.get_by_role("link", name="Pulse campaigns").click()
    settle(facilitator)
    facilitator.get_by_label("Name", exact=True).fill("Spring pulse")
    facilitator.get_by_role("button", name="Create the campaign").click()
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name="Spring pulse")).to_be_visible()
    facilitator.get_by_label("Values").first.fill("Sales\nIT\nLegal")
    facilitator.get_by_role("button", name="Save").click()
    settle(facilitator)
    facilitator.get_by_role("button", name="Open the campaign").click()
    settle(facilitator)
    expect(facilitator.get_by_text("The campaign is open")).to_be_visible()
    expect(facilitator.locator('[data-testid="stImage"] img').first).to_be_visible()
    link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert re.search(r"/\?pulse=[\w-]+$", link), link
    open_link = workshop_server + "/?" + link.split("?", 1)[1]

    # An invitee list gives one private link per person, in the mail-merge file.
    staff = tmp_path / "staff.csv"
    staff.write_text("email,Department,Role\nbo@example.org,Sales,Employee\n")
    facilitator.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(staff))
    settle(facilitator)
    facilitator.get_by_role("button", name="Create 1 private link").click()
    settle(facilitator)
    with facilitator.expect_download() as info:
        facilitator.get_by_role("button", name="Mail-merge file (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert [(r["Identifier"], r["Department"], r["Role"]) for r in rows] == [
        ("bo@example.org", "Sales", "Employee")]
    invitee_link = workshop_server + "/?" + rows[0]["Link"].split("?", 1)[1]
    shoot(facilitator, "pulse-01-facilitator-open")

    # A leader answers on a phone through the open link: the rules come first, and a choice
    # of language above them (an English phone starts in English).
    phone = browser.new_context(**PHONE, locale="en-GB").new_page()
    phone.set_default_timeout(30_000)
    phone.goto(open_link)
    _settled(phone)
    expect(phone.get_by_text("Before you start: how your answers stay anonymous")).to_be_visible()
    expect(phone.get_by_text("groups of 5 or more people")).to_be_visible()
    expect(phone.get_by_text("Strongly agree")).to_have_count(0)
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    phone.get_by_text("Deutsch", exact=True).tap()
    _settled(phone)
    expect(phone.get_by_text("Bevor Sie beginnen: So bleiben Ihre Antworten anonym")
           ).to_be_visible()
    expect(phone.get_by_text("Ergebnisse werden nur für Gruppen ab 5 Personen angezeigt",
                             exact=False)).to_be_visible()
    expect(phone.get_by_text("how your answers stay anonymous")).to_have_count(0)
    for segment in ("Department", "Role"):
        expect(phone.get_by_label(segment)).to_have_value("Keine Angabe")
    expect(phone).to_have_url(re.compile(r"[?&]lang=de\b"))
    shoot(phone, "pulse-02-phone-rules")
    _choose(phone, "Department", "Sales")
    _choose(phone, "Role", "Leader")
    phone.get_by_role("button", name="Befragung beginnen").click()
    _settled(phone)
    expect(phone).to_have_url(re.compile(r"[?&]r=[\w-]+"))
    assert "pulse=" not in phone.url and "lang=de" in phone.url
    german = translated(culture_bank, "de")
    expect(phone.get_by_role("heading", name=german.dimensions[0].name)).to_be_visible()
    _answer_first_section(phone, german, "Stimme voll und ganz zu")
    phone.reload()
    _settled(phone)
    expect(phone.get_by_text("5 von 31 beantwortet")).to_be_visible()
    # Midway in French and back: the answers given stay chosen whatever the labels.
    phone.get_by_text("Français", exact=True).tap()
    _settled(phone)
    french = translated(culture_bank, "fr")
    expect(phone.get_by_role("heading", name=french.dimensions[0].name)).to_be_visible()
    phone.get_by_text("Aller à une autre").tap()            # the section picker, folded
    expect(phone.get_by_role("radio", name=french.dimensions[0].name)).to_be_checked()
    first = french.dimensions[0].items[0].text
    expect(phone.locator('[data-testid="stRadio"]').filter(has_text=first).get_by_role(
        "radio", name="Tout à fait d’accord")).to_be_checked()
    phone.get_by_text("Deutsch", exact=True).tap()
    _settled(phone)
    # One page, so no navigation: nothing else to reach.
    expect(phone.locator('[data-testid="stSidebarNavLink"]')).to_have_count(0)
    shoot(phone, "pulse-03-phone-answered")

    # The invitee answers on another phone, set to French; their groups come from the list.
    other = browser.new_context(**PHONE, locale="fr-FR").new_page()
    other.set_default_timeout(30_000)
    other.goto(invitee_link)
    _settled(other)
    expect(other.get_by_text("Votre invitation indique déjà à quels groupes")).to_be_visible()
    other.get_by_role("button", name="Commencer l’enquête").click()
    _settled(other)
    _answer_first_section(other, french, "Pas d’accord")
    expect(other.get_by_text("5 sur 31 répondues")).to_be_visible()
    expect(other.get_by_text("This app has encountered an error")).to_have_count(0)
    shoot(other, "pulse-03b-phone-french")

    # Everyone else answers (the workspace's own functions, the same file).
    db = workspace.open_workspace(tmp_path / "workspace.db")
    [campaign] = workspace.pulse.list_campaigns(db, workspace.list_engagements(db)[0].id)
    for count, profile, value in ((5, {"department": "Sales", "role": "Leader"}, 5),
                                  (7, {"department": "Sales", "role": "Employee"}, 2),
                                  (6, {"department": "IT", "role": "Employee"}, 2),
                                  (2, {"department": "Legal", "role": "Employee"}, 3)):
        for _ in range(count):
            answer(db, campaign.id, profile, value, today=None)

    # The facilitator watches the response rates arrive, then closes the campaign.
    expect(_metric(facilitator, "Responses")).to_have_text("22", timeout=30_000)
    shoot(facilitator, "pulse-04-response-rates")
    facilitator.get_by_text("Close the campaign now…").click()
    settle(facilitator)
    facilitator.get_by_role("button", name="Yes, close it now").click()
    settle(facilitator)
    expect(facilitator.get_by_text("This campaign is closed.")).to_be_visible()

    # Both phones' answers pool with everyone's, whatever their language.
    from outcomes import pulse as outcomes_pulse

    organization = outcomes_pulse.results(db, campaign.id).organization
    assert organization.items.loc["c01", "answered"] == 22

    # Results (in English): groups above the minimum shown, the others hidden and saying why.
    facilitator.get_by_role("link", name="Pulse results").click()
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name="The organization")).to_be_visible()
    drawn_text(facilitator, forget=True)
    facilitator.get_by_text("Segments", exact=True).click()
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name="Segments")).to_be_visible()
    drawn = " ".join(drawn_text(facilitator))
    assert "fewer than 5 responses" in drawn        # Legal: 2 people
    assert "no responses" in drawn                  # Managers: nobody
    assert re.search(r"\b\d{1,3} \([+-]?\d+\)", drawn), "a shown group with its difference"
    facilitator.get_by_text("Leaders against employees", exact=True).click()
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name="Leaders against employees")).to_be_visible()
    expect(facilitator.get_by_text("Leaders: Leader; employees: Employee.")).to_be_visible()
    shoot(facilitator, "pulse-05-results")

    # The phone's link now shows a closed survey, in its language, and no result.
    phone.reload()
    _settled(phone)
    expect(phone.get_by_text("nimmt derzeit keine Antworten an")).to_be_visible()
    expect(phone.get_by_text("Leaders against employees")).to_have_count(0)
