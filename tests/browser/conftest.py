"""Browser fixtures: the real app served by ``streamlit run`` and Debian's headless Chromium.

Browser tests skip with a reason where no Chromium is installed, except when
``SOCIALREADY_REQUIRE_BROWSER=1`` (as in CI), where a missing browser is a failure.
Screenshots of each step land in ``shots/journeys/`` for a person to look at.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
SHOTS = ROOT / "shots" / "journeys"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_haproxy() -> None:
    """Skip without HAProxy (Debian's package), or fail where it is required (CI)."""
    if not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")):
        if os.environ.get("SOCIALREADY_REQUIRE_HAPROXY") == "1":
            pytest.fail("HAProxy is required here but missing (apt-get install haproxy)")
        pytest.skip("HAProxy is not installed (apt-get install haproxy)")


def serve(tmp_path, **extra_env: str):
    """``streamlit run serve.py`` (as ``dev.py run`` serves the app) on a free port with a new
    workspace; yields the base URL."""
    port = _free_port()
    env = dict(os.environ, SOCIALREADY_WORKSPACE=str(tmp_path / "workspace.db"),
               HOME=str(tmp_path), **extra_env)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                process.kill()
                pytest.fail(f"the app did not start:\n{output}")
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def server(tmp_path):
    """The app in single-user local mode on a new workspace; yields the base URL."""
    yield from serve(tmp_path)


WORKSHOP_SECRET = "projector-and-coffee-2027"


@pytest.fixture
def workshop_server(tmp_path):
    """The app with a facilitator secret, as a consultant runs it for a room."""
    yield from serve(tmp_path, SOCIALREADY_FACILITATOR_SECRET=WORKSHOP_SECRET)


@pytest.fixture
def postgres_workshop_server(tmp_path, postgres):
    """As ``workshop_server``, on a new PostgreSQL database (SOCIALREADY_DATABASE_URL)."""
    name = postgres.create()
    try:
        yield from serve(tmp_path, SOCIALREADY_FACILITATOR_SECRET=WORKSHOP_SECRET,
                         SOCIALREADY_DATABASE_URL=postgres.url_of(name))
    finally:
        postgres.drop(name)


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by playwright."""
    if not CHROMIUM.exists():
        if os.environ.get("SOCIALREADY_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing "
                        "(apt-get install -y chromium)")
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the current script run and drawn it."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_selector('[data-testid="stSidebarNavLink"]')
    time.sleep(0.3)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    time.sleep(0.3)


def start_answering(page, name: str) -> None:
    """On a questionnaire or scoring page: answer as a new person with this name."""
    page.get_by_label("I am new here: my name or role").fill(name)
    page.get_by_role("button", name="Start answering").click()
    settle(page)


def sign_in(page, base: str) -> None:
    """Sign in as the facilitator (on the workshop server)."""
    page.goto(f"{base}/sign_in")
    settle(page)
    page.get_by_label("Facilitator secret").fill(WORKSHOP_SECRET)
    page.get_by_role("button", name="Sign in").click()
    settle(page)


def join_workshop(page, base: str, code: str, name: str) -> None:
    """Open the join link of workshop ``code`` and join it under ``name``."""
    page.goto(f"{base}/?code={code.replace('-', '')}")
    settle(page)
    page.get_by_role("textbox", name="Your name (optional)").fill(name)
    page.get_by_role("button", name="Join").click()
    settle(page)
    expect(page.get_by_text("You take part as")).to_be_visible()


def two_people_answer(db, session) -> None:
    """Erin and Frank join ``session``, answer a culture statement and weigh the categories
    by AHP, leaning opposite ways on the first pair."""
    import workspace

    ids = [c.id for c in workspace.list_categories(db, session.engagement_id)]
    for name, lean in (("Erin", 3.0), ("Frank", 1 / 3)):
        person = workspace.join_session(db, session.code, name)
        workspace.save_answer(db, person.id, "culture", "c01", 4)
        workspace.save_participant_weights(db, person.id, "categories", "ahp", {
            f"{i},{j}": lean if (i, j) == (0, 1) else 1.0
            for i in range(len(ids)) for j in range(i + 1, len(ids))})


def open_workshop(page, base: str) -> str:
    """Sign in as the facilitator and open a live workshop; returns its code as shown."""
    sign_in(page, base)
    page.get_by_role("link", name="Live workshop").click()
    settle(page)
    page.get_by_role("button", name="Open the workshop").click()
    settle(page)
    return page.locator("h1 code").first.inner_text().strip()


def type_into_grid(page, grid, row: int, column: int, value: str) -> None:
    """Select a cell of ``grid`` (an st.data_editor) with the mouse and the arrow keys, type
    ``value`` and press Enter, as a person does; then wait for the app's run."""
    grid.scroll_into_view_if_needed()
    time.sleep(0.8)      # let the layout settle before aiming at a cell
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 35 * (row + 1) + 17)   # the first column
    time.sleep(0.5)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    time.sleep(0.2)
    page.keyboard.type(value)      # opens the cell editor with this first character
    time.sleep(0.3)
    page.keyboard.press("Enter")
    settle(page)


# Grids (st.dataframe, st.data_editor) draw their cells on a canvas: what a person reads there
# is only visible to a test by recording the text the page draws.
RECORD_CANVAS_TEXT = """
window.__drawnText = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  window.__drawnText.push(String(text));
  return fillText.call(this, text, ...rest);
};
"""


def drawn_text(page, forget: bool = False) -> list[str]:
    """Every text drawn on a canvas of ``page`` since it loaded (or since last forgotten).

    The page's context needs ``context.add_init_script(RECORD_CANVAS_TEXT)``.
    """
    texts = page.evaluate("() => window.__drawnText || []")
    if forget:
        page.evaluate("() => { window.__drawnText = []; }")
    return texts


def download(page, name: str) -> bytes:
    """Click the download button ``name`` and return the file it delivers."""
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return open(info.value.path(), "rb").read()


def prepare(page, what: str = "workbook") -> None:
    """Click "Prepare the <what>" and wait until the file it builds is offered."""
    page.get_by_role("button", name=f"Prepare the {what}").click()
    expect(page.get_by_text("Prepared in")).to_be_visible(timeout=120_000)
    settle(page)


def shoot(page, name: str) -> None:
    """Save a screenshot of the whole page (Streamlit scrolls inside its main block)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    time.sleep(0.5)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)
