"""An imported bank full of Markdown images, links and bare addresses, seen in a real browser:
no tracking image is fetched and no bank text becomes a link."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

import workspace
from assessments import parse_bank
from tests.browser.conftest import serve, settle, shoot
from tests.pages.test_bank_text import hostile_bank

# Links out of the page and images from the hostile hosts (a heading's own "#..." anchor,
# which Streamlit adds to titles, stays in the page).
ACTIVE = ", ".join(f'[data-testid="stMain"] {element}' for element in (
    'a[href*="evil"]:not([href^="#"])', 'a[href*="tracker"]:not([href^="#"])',
    'a[href^="mailto:"]', 'img[src*="tracker"]', 'img[src*="evil"]'))


@pytest.fixture
def hostile_server(tmp_path):
    """The app on a workspace whose example engagement uses the hostile banks; yields the
    base URL and a participant's private token."""
    db = workspace.open_workspace(tmp_path / "workspace.db")
    [example] = workspace.list_engagements(db)
    banks = {}
    for name, kind in (("culture", "likert"), ("maturity", "staged")):
        data = hostile_bank(name)
        banks[name] = parse_bank(data, name)
        workspace.install_bank(db, data["bank"]["id"], kind, data["bank"]["title"],
                               data["bank"]["version"], data)
    workspace.set_engagement_banks(db, example.id, culture_bank="culture_hostile",
                                   maturity_bank="maturity_hostile")
    person = workspace.add_participant(db, example.id, "Reader")
    workspace.save_answers(db, [
        *(workspace.Answer(person.id, "culture_hostile", item.id, 5 if item.reverse else 1)
          for item in banks["culture"].items),
        *(workspace.Answer(person.id, "maturity_hostile", c.id, 1)
          for c in banks["maturity"].competencies)])
    db.close()
    for url in serve(tmp_path):
        yield url, person.token


def test_hostile_bank_text_fetches_nothing_and_links_nowhere(hostile_server, page):
    url, token = hostile_server
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path, name in ((f"/culture?p={token}", "culture"), (f"/maturity?p={token}", "maturity"),
                       ("/report", "report")):
        page.goto(f"{url}{path}")
        settle(page)
        expect(page.get_by_text("bold").first).to_be_visible()
        assert page.locator(ACTIVE).count() == 0, (name, page.locator(ACTIVE).evaluate_all(
            "elements => elements.map(e => e.outerHTML.slice(0, 200))"))
        # Shown as typed (the address holds an invisible word joiner that keeps it text).
        expect(page.get_by_text("![beacon](http\u2060://tracker.example/b.png)").first
               ).to_be_visible()
        shoot(page, f"bank-text-{name}")
    assert not [r for r in requested if "tracker.example" in r or "evil.example" in r]
