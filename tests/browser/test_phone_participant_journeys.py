"""A workshop participant on a phone (390 x 844, touch, a phone's browser): every task.

On each page: nothing scrolls sideways (neither the document nor Streamlit's own scrolling
container), every button, radio option and link the person taps is at least 44 px high and
wide, and every chart lies within the screen. Screenshots land in shots/journeys/.
"""
import re

import pytest
from playwright.sync_api import expect

import workspace
from tests.browser.conftest import settle, shoot, two_people_answer

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         # A phone's own browser: Streamlit closes its sidebar after a choice only there.
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                       "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"}
TAP_MIN = 44

# What the page offers a finger, and how wide things are. Targets are the visible buttons,
# radio options, toggles, expander headers and links of the page's main area (Streamlit's
# own header and sidebar controls are not the app's).
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const seen = el => { const b = el.getBoundingClientRect();
                       return b.width > 2 && b.height > 2 && getComputedStyle(el).visibility
                              !== 'hidden'; };
  const targets = [...main.querySelectorAll(
      'button, [data-testid="stRadioOption"], [data-testid="stCheckbox"] label, summary, a[href]')]
    .filter(seen)
    // Streamlit's element toolbars, and the anchor icons it puts beside headings (shown
    // on a mouse's hover), are not the page's own targets.
    .filter(el => !el.closest('[data-testid="stElementToolbar"], [data-testid="stHeaderActionElements"]'))
    .map(el => { const b = el.getBoundingClientRect();
                 return {text: (el.innerText || el.getAttribute('aria-label') || '')
                                 .replace(/\\s+/g, ' ').trim().slice(0, 60),
                         width: Math.round(b.width), height: Math.round(b.height)}; });
  const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(el => {
    const svg = el.querySelector('svg.marks');
    return {left: (svg || el).getBoundingClientRect().left,
            right: (svg || el).getBoundingClientRect().right};
  });
  return {document: document.documentElement.scrollWidth, viewport: window.innerWidth,
          main: main.scrollWidth, mainVisible: main.clientWidth, targets, charts};
}"""


def check_fits(page, name: str) -> dict:
    """Assert the page fits the phone and its targets are finger-sized; save a screenshot."""
    settle(page)
    shoot(page, f"phone-{name}")
    found = page.evaluate(MEASURE)
    assert found["document"] <= found["viewport"], (name, found["document"])
    assert found["main"] <= found["mainVisible"], (name, found["main"], found["mainVisible"])
    small = [t for t in found["targets"] if t["height"] < TAP_MIN or t["width"] < TAP_MIN]
    assert not small, (name, [f"{t['text']} ({t['width']} x {t['height']})" for t in small])
    for chart in found["charts"]:
        assert 0 <= chart["left"] and chart["right"] <= found["viewport"] + 1, (name, chart)
    return found


@pytest.fixture
def room(workshop_server, tmp_path, browser):
    """A live session with every task, a phone that joined it, and two more people."""
    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(30_000)
    phone.goto(workshop_server)          # the first run creates the workspace
    settle(phone)
    db = workspace.open_workspace(tmp_path / "workspace.db")
    session = workspace.open_session(db, 1, ["culture", "maturity", "weights", "scores"],
                                     weights_level="categories", weights_method="ahp")
    vendors = workspace.list_vendors(db, 1)
    workspace.update_session(db, session.id, shortlist=[v.id for v in vendors[:3]])
    phone.goto(f"{workshop_server}/?code={session.code}")
    settle(phone)
    phone.get_by_role("textbox", name="Your name (optional)").fill("Dana")
    phone.get_by_role("button", name="Join").tap()
    settle(phone)
    expect(phone.get_by_text("You take part as")).to_be_visible()
    return phone, db, session


def _open_task(phone, name: str) -> None:
    phone.locator('[data-testid="stMain"]').get_by_role("link", name=re.compile(name)).tap()
    settle(phone)


def test_the_workshop_home_fits_a_phone(room):
    phone, _, _ = room
    check_fits(phone, "01-home")


def test_scoring_cards_on_a_phone(room, culture_bank):
    phone, _, _ = room
    _open_task(phone, "Vendor scores")
    expect(phone.get_by_text("0 of 114 scored")).to_be_visible()   # 3 shortlisted x 38
    check_fits(phone, "10-score-card")
    phone.get_by_role("button", name=re.compile(r"^4 · Strong")).tap()
    settle(phone)
    expect(phone.get_by_text("1 of 114 scored")).to_be_visible()
    expect(phone.get_by_text("Card 2 of 114")).to_be_visible()
    phone.get_by_role("button", name=re.compile("Don't know · skip")).tap()
    settle(phone)
    expect(phone.get_by_text("Card 3 of 114")).to_be_visible()
    check_fits(phone, "11-score-card-after-taps")


def test_ahp_pairs_on_a_phone(room):
    phone, db, _ = room
    _open_task(phone, "Weights")
    expect(phone.get_by_text("Pair 1 of 16")).to_be_visible()
    check_fits(phone, "20-ahp-pair")
    first = workspace.list_categories(db, 1)[0].name
    phone.get_by_role("button", name=re.compile(f"{first} · strongly more important")).tap()
    settle(phone)
    expect(phone.get_by_text("Pair 2 of 16")).to_be_visible()
    expect(phone.get_by_text("1 of 16 pairs answered")).to_be_visible()
    check_fits(phone, "21-ahp-after-a-tap")


def test_questionnaires_on_a_phone_and_the_sidebar_closes_after_a_choice(room, culture_bank):
    phone, _, _ = room
    _open_task(phone, "Culture questionnaire")
    statement = culture_bank.dimensions[0].items[0].text
    phone.locator('[data-testid="stRadio"]').filter(has_text=statement).get_by_text(
        "Agree", exact=True).tap()
    settle(phone)
    expect(phone.get_by_text("1 of 30 answered")).to_be_visible()
    check_fits(phone, "30-culture")
    phone.locator('[data-testid="stMain"]').get_by_role("button", name=re.compile("Next")).tap()
    settle(phone)
    expect(phone.get_by_role("heading", name=culture_bank.dimensions[1].name)).to_be_in_viewport()

    sidebar = phone.locator('[data-testid="stSidebar"]')
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    expect(sidebar).to_be_in_viewport()
    sidebar.get_by_role("link", name=re.compile("Maturity questionnaire")).tap()
    settle(phone)
    expect(sidebar).not_to_be_in_viewport()
    check_fits(phone, "31-maturity")


def test_group_results_on_a_phone(room):
    phone, db, session = room
    two_people_answer(db, session)
    workspace.update_session(db, session.id, reveal=True)
    phone.reload()
    settle(phone)
    _open_task(phone, "The group's results are shared")
    expect(phone.get_by_text("people in this workshop")).to_be_visible()
    phone.wait_for_function("() => document.querySelector("
                            "'[data-testid=\"stVegaLiteChart\"] svg.marks') !== null")
    found = check_fits(phone, "40-group-results")
    assert found["charts"], "the group's weights are drawn"


