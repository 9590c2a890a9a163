"""Three replicas behind HAProxy on one PostgreSQL database (deploy/replicas.py): a
facilitator and phones in Chromium, each browser held to a replica of its own by the proxy's
cookie; the phone's replica killed in the middle of the workshop, then the facilitator's.

HAProxy comes from Debian's package (``apt-get install haproxy``); without it this test
skips, except with ``SOCIALREADY_REQUIRE_HAPROXY=1`` (as in CI), where it fails.
"""
from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect

import workspace
from deploy.replicas import start
from tests.browser.conftest import (WORKSHOP_SECRET, _free_port, download, join_workshop,
                                    open_workshop, require_haproxy, settle)

COOKIE = "SOCIALREADY_REPLICA"


@pytest.fixture
def replicas(tmp_path, postgres):
    """Three replicas and their proxy on a new database; yields (deployment, database URL)."""
    require_haproxy()
    name = postgres.create()
    url = postgres.url_of(name)
    environ = dict(os.environ, HOME=str(tmp_path), SOCIALREADY_FACILITATOR_SECRET=WORKSHOP_SECRET,
                   SOCIALREADY_WORKSPACE=str(tmp_path / "unused.db"))
    deployment = start(_free_port(), 3, url, environ=environ, log_folder=tmp_path)
    try:
        yield deployment, url
    finally:
        deployment.stop()
        postgres.drop(name)


def _on_replica(browser, base: str, replica: str, width: int = 1400, **options):
    """A new browser whose every request the proxy sends to ``replica`` ("r2")."""
    context = browser.new_context(viewport={"width": width, "height": 1000}, **options)
    context.add_cookies([{"name": COOKIE, "value": replica, "url": base}])
    page = context.new_page()
    page.set_default_timeout(45_000)
    return page


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]')


def _answer(page, text: str, label: str) -> None:
    page.locator('[data-testid="stRadio"]').filter(has_text=text).get_by_text(
        label, exact=True).click()
    settle(page)


def _streams(folder, replica: str) -> int:
    """How many WebSockets the proxy's log shows closed on ``replica``."""
    log = (folder / "haproxy.log").read_text(errors="replace")
    return sum(f"replicas/{replica} " in line and "/_stcore/stream" in line
               for line in log.splitlines())


def _wrong_codes(db) -> int:
    return db.value("SELECT events FROM attempt_limits WHERE key = ?",
                    ["code/address/127.0.0.1"]) or 0


def _until(condition, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s: {what}"
        time.sleep(0.2)


def test_a_workshop_runs_across_three_replicas_and_outlives_two_of_them(replicas, browser,
                                                                        culture_bank, tmp_path):
    deployment, url = replicas
    base = deployment.url
    facilitator = _on_replica(browser, base, "r1")
    code = open_workshop(facilitator, base)
    expect(_metric(facilitator, "Joined")).to_have_text("0")

    # A phone on another replica joins with the code and answers.
    phone = _on_replica(browser, base, "r2", width=390)
    join_workshop(phone, base, code, "Dana")
    phone.locator('[data-testid="stMain"]').get_by_role(
        "link", name=re.compile("Culture questionnaire")).click()
    settle(phone)
    first, second = culture_bank.dimensions[0].items[0], culture_bank.dimensions[0].items[1]
    _answer(phone, first.text, "Agree")
    _answer(phone, first.text, "Strongly agree")          # changed: the last value holds
    expect(phone.get_by_text("1 of 30 answered")).to_be_visible()
    assert {c["name"]: c["value"] for c in phone.context.cookies()}[COOKIE] == "r2"

    # The facilitator's live view, on r1, counts the answer given on r2.
    expect(_metric(facilitator, "Joined")).to_have_text("1", timeout=20_000)
    expect(_metric(facilitator, "Culture answers")).to_have_text("1", timeout=20_000)

    # r2 dies. The phone's page reconnects by itself (no reload) through the proxy to a live
    # replica, which finds the participant by their private link; they go on.
    deployment.kill(deployment.ports[1])
    _until(lambda: {c["name"]: c["value"] for c in phone.context.cookies()}[COOKIE] != "r2",
           "the phone reconnected to another replica", 60)
    settle(phone)
    expect(phone.get_by_text("1 of 30 answered")).to_be_visible(timeout=60_000)
    expect(phone.get_by_text(re.compile("Answering as"))).to_be_visible()
    expect(phone.locator('[data-testid="stRadio"]').filter(has_text=first.text).get_by_role(
        "radio", name=re.compile("Strongly agree"))).to_be_checked()
    _answer(phone, second.text, "Disagree")
    expect(phone.get_by_text("2 of 30 answered")).to_be_visible()
    assert {c["name"]: c["value"] for c in phone.context.cookies()}[COOKIE] in ("r1", "r3")
    expect(_metric(facilitator, "Culture answers")).to_have_text("2", timeout=20_000)

    # Every acknowledged answer holds its last value, and the live view's count is the
    # database's.
    db = workspace.open_workspace(url)
    [engagement] = workspace.list_engagements(db)          # the example the workshop is on
    answers = workspace.engagement_responses(db, engagement.id, "culture")
    dana = answers[answers["participant"] == "Dana"]
    assert dict(zip(dana["item"], dana["value"])) == {first.id: 5.0, second.id: 2.0}

    # The proxy's own log: the phone's WebSocket was on r2 (logged when r2's end closed it).
    assert _streams(tmp_path, "r2") >= 1
    streams_on_r2 = _streams(tmp_path, "r2")

    # Wrong codes count across replicas: ten on r1 and r3 together, and the next one is
    # refused on either (the limit is ten an hour from one address), although each browser
    # writes an address of its own into X-Forwarded-For: only the proxy's entry counts.
    guessers = [_on_replica(browser, base, replica, width=390, extra_http_headers={
        "X-Forwarded-For": f"203.0.113.{n}"}) for n, replica in enumerate(("r1", "r3"))]
    for guesser in guessers:
        guesser.goto(f"{base}/join")
        settle(guesser)
    for attempt in range(10):
        guesser = guessers[attempt % 2]
        guesser.get_by_role("textbox", name="Workshop code").fill("ZZZ-ZZ9")
        guesser.get_by_role("button", name="Join").click()
        _until(lambda: _wrong_codes(db) == attempt + 1, f"attempt {attempt + 1} counted")
    assert not db.rows("SELECT key FROM attempt_limits WHERE key LIKE '%203.0.113%'")
    guessers[0].get_by_role("textbox", name="Workshop code").fill("ZZZ-ZZ8")
    guessers[0].get_by_role("button", name="Join").click()
    settle(guessers[0])
    expect(guessers[0].get_by_text(re.compile(
        "Too many codes that did not work from your network address"))).to_be_visible()

    # r1, the facilitator's replica, dies too: a reload brings the facilitator back on r3,
    # still signed in (the sign-in is in the database), with the live view as it was.
    deployment.kill(deployment.ports[0])
    facilitator.reload()
    settle(facilitator)
    expect(_metric(facilitator, "Culture answers")).to_have_text("2", timeout=60_000)
    assert {c["name"]: c["value"] for c in facilitator.context.cookies()}[COOKIE] == "r3"
    assert _streams(tmp_path, "r2") == streams_on_r2          # nobody went back to r2

    # Downloads and uploads pass through the proxy: the facilitator's backup, restored.
    facilitator.goto(f"{base}/exports")
    settle(facilitator)
    backup = download(facilitator, "Download backup (.json.gz)")
    path = tmp_path / "backup.json.gz"
    path.write_bytes(backup)
    facilitator.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(path))
    settle(facilitator)
    facilitator.get_by_role("button", name="Restore this backup").click()
    settle(facilitator)
    expect(facilitator.get_by_text(re.compile("Restored as"))).to_be_visible()
    assert len(workspace.list_engagements(db)) == 2
    db.close()


def test_simulated_phones_through_the_proxy_outlive_a_replica(replicas, browser, tmp_path):
    """Twelve phones speaking Streamlit's protocol (bench/room_load.py's Phone) join through
    the proxy, which spreads them over the three replicas, and answer; r2 dies; the phones
    it held reconnect with their private link and answer on. Every acknowledged answer is
    stored at its last value and the live view, on r1, counts what the database holds."""
    import asyncio
    import random
    import threading

    from bench.room_load import Phone, Tap, item_of, lost_answers, stored_answers

    deployment, url = replicas
    base = deployment.url
    facilitator = _on_replica(browser, base, "r1")
    code = open_workshop(facilitator, base)
    rng = random.Random(16)
    taps: list[Tap] = []

    answered: dict[str, set[str]] = {}

    async def answer_two(phone: Phone, name: str) -> None:
        done = answered.setdefault(name, set())
        for widget in [w for w in phone.statements() if not w.disabled
                       and item_of(w.id) not in done][:2]:
            done.add(item_of(widget.id))
            option = rng.randrange(len(widget.options))
            sent = time.time()
            ok = await phone.answer(widget, option)
            value = option + 1 if option < len(widget.options) - 1 else 0
            taps.append(Tap(name, item_of(widget.id), value, sent, time.time(), ok, False))
            assert ok, f"{name}: {phone.run.alerts or phone.run.exceptions}"

    async def arrive() -> list[Phone]:
        phones = [Phone(base) for _ in range(12)]
        for number, phone in enumerate(phones):
            await phone.connect()
            await phone.join(code, f"Phone {number:02d}")
            await phone.rerun(page="culture")
            await answer_two(phone, f"Phone {number:02d}")
        return phones

    async def go_on(phones: list[Phone]) -> int:
        back = 0
        for number, phone in enumerate(phones):
            if phone.closed:            # its replica died: open the private link again
                again = Phone(base)
                again.query, again.pages = phone.query, phone.pages
                await phone.close()
                await again.connect()
                await again.rerun(page="culture")
                phone, back = again, back + 1
                phones[number] = phone
                assert "Answering as" in " ".join(phone.run.texts), phone.run.texts[:3]
            await answer_two(phone, f"Phone {number:02d}")
        for phone in phones:
            await phone.close()
        return back

    # The phones' event loop runs in a thread of its own: Playwright's holds this one.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        phones = asyncio.run_coroutine_threadsafe(arrive(), loop).result(300)
        deployment.kill(deployment.ports[1])
        time.sleep(1.0)                 # the closed sockets are noticed
        reconnected = asyncio.run_coroutine_threadsafe(go_on(phones), loop).result(300)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
    assert reconnected >= 1, "the proxy sent no phone to r2"
    stored = stored_answers(url)
    assert lost_answers(taps, stored) == []
    # The example engagement holds illustrative answers of its own: the room's are the phones'.
    room = {key for key in stored if key[0].startswith("Phone ")}
    assert len(room) == 48 == len({(t.participant, t.item) for t in taps})
    expect(_metric(facilitator, "Joined")).to_have_text("12", timeout=30_000)
    expect(_metric(facilitator, "Culture answers")).to_have_text(str(len(room)),
                                                                 timeout=30_000)
