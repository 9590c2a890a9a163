"""Nothing loads from the internet: every request a whole journey makes goes to the app itself."""
import re
import urllib.parse

from playwright.sync_api import expect

from tests.browser.conftest import open_workshop, prepare, settle, start_answering


class Requests:
    """Every request (and WebSocket) the pages of a browser context make, by address."""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def elsewhere(self, base: str) -> list[str]:
        """The addresses on any host other than the app's own."""
        own = urllib.parse.urlsplit(base).netloc
        return sorted({url for url in self.urls
                       if urllib.parse.urlsplit(url).netloc not in {own, ""}
                       and not url.startswith(("data:", "blob:"))})


def _open(page, link: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    settle(page)
    expect(page.locator("h1").first).to_be_visible()


def _download(page, name) -> None:
    with page.expect_download(timeout=120_000) as info:   # files are built when asked for
        page.get_by_role("button", name=name, exact=isinstance(name, str)).first.click()
    assert info.value.path().stat().st_size > 0


def test_a_whole_journey_asks_nothing_of_any_other_host(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    requests = Requests(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server}/")
    settle(page)

    # The example engagement: report, comparison, scoring, weights and every export.
    for link in ("Readiness report", "Vendor comparison", "Weights", "Vendor scoring"):
        _open(page, link)
    _open(page, "Readiness report")
    _download(page, re.compile(r"^PNG\b"))   # "PNG" over "image": two lines for a finger
    _open(page, "Exports")
    prepare(page)
    for button in ("Download workbook (.xlsx)", "Download report (.html)",
                   "Questionnaire answers", "Download backup (.json.gz)"):
        _download(page, button)

    # A new engagement and a first culture answer.
    _open(page, "Engagements")
    page.get_by_label("Name", exact=True).last.fill("Offline check")
    page.get_by_role("button", name="Create engagement").click()
    settle(page)
    _open(page, "Culture questionnaire")
    start_answering(page, "Chief Executive")
    page.locator('[data-testid="stRadio"]').nth(1).get_by_text("Agree", exact=True).click()
    settle(page)
    expect(page.get_by_text("1 of 30 answered")).to_be_visible()
    _open(page, "Readiness report")

    assert requests.elsewhere(server) == []
    own = [url for url in requests.urls if url.startswith(server)]
    # The icons in buttons and menus come from Streamlit's own font file, the tab icon from
    # the app's own address.
    assert any(re.search(r"/static/media/MaterialSymbols[^/]*\.woff2$", url) for url in own)
    icon = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")
    assert icon.startswith(f"{server}/media/") and icon in own, icon
    context.close()


def test_a_participant_joining_a_workshop_asks_nothing_of_any_other_host(workshop_server,
                                                                         browser):
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    requests = [Requests(facilitator), Requests(phone)]
    host, person = facilitator.new_page(), phone.new_page()
    for page in (host, person):
        page.set_default_timeout(30_000)
    code = open_workshop(host, workshop_server)

    person.goto(f"{workshop_server}/?code={code.replace('-', '')}")
    settle(person)
    person.get_by_role("button", name="Join").click()
    settle(person)
    expect(person.get_by_text("You take part as")).to_be_visible()

    for recorded in requests:
        assert recorded.elsewhere(workshop_server) == []
    facilitator.close()
    phone.close()
