"""Room load: a workshop room of phones answering through the real server.

Run from the repository root (by hand; CI never runs it):

    .venv/bin/python bench/room_load.py --participants 100 --seconds 60
    .venv/bin/python bench/room_load.py --sweep 25,50,100,150,200 --seconds 60

The app is started as the README starts it (``streamlit run serve.py``, a facilitator
secret, listening on every address). A workshop session is opened in a new workspace; the
facilitator's **Presenter view** is open in Debian's headless Chromium (signed in with the
secret, as on a projector). Each participant is a :class:`Phone`: one websocket to
``/_stcore/stream`` speaking Streamlit's own protocol (``BackMsg`` up, ``ForwardMsg`` down,
from the installed ``streamlit.proto``), as the browser on a phone does:

* it connects from an address of its own (127.0.0.2, 127.0.0.3, ...: a room of phones, each
  with its own address, so the app's joins-per-address limit applies as in a real room);
* it opens the app, types the join code and a name and taps **Join** (one script run with
  the text input's value and the button's trigger, as the browser sends them);
* it opens **Culture questionnaire** and answers one statement at a time: a tap is a rerun
  carrying the radio's new value (the widget state), after a think time;
* it follows the page's own timers (``st.fragment(run_every=...)``): the server asks for a
  fragment rerun every few seconds (``AutoRerun``) and the phone sends it, as a browser does.

A tap is *acknowledged* when its script run finished successfully and showed no "Not saved"
message. Afterwards every acknowledged answer is compared with the workspace file (the last
value each phone acknowledged for each statement must be the stored one): ``lost`` counts
those that are not.

Tap to presenter: a script in the presenter page notes the time (``Date.now()``) whenever its
"Answering" number changes. Each phone's first answer raises it by one; the k-th first answer
to be sent counts when the presenter first shows k or more (answers are saved at the start
of their run, so they reach the file in about the order they were sent: an estimate, exact
when taps do not overtake each other). Its latency is that time
minus the moment the phone sent its tap (the same wall clock: one machine). Later taps load
the server just the same but change no number on the projector, so only first answers are
timed; they are spread over the whole measured window (each phone starts at a random moment),
so they are taken under the room's full load.

Server CPU and memory: from ``/proc`` of the server process (user + system time over the
measured window; resident memory before anyone joined and at the end).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECRET = "room-load-projector-2026"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
GOAL_SECONDS = 1.0
"""p95 from a participant's tap to the presenter view counting it (issue 15)."""
RUN_TIMEOUT = 120.0
"""Seconds one script run may take before the phone gives up on it (a safety net)."""


# ---------------------------------------------------------------- one phone

class PhoneError(RuntimeError):
    """A phone could not do what it was asked (the message says what and why)."""


@dataclass
class Widget:
    """A widget as the server last drew it: its id, kind, label, options and state."""
    id: str
    kind: str
    label: str
    options: tuple[str, ...] = ()
    disabled: bool = False


@dataclass
class Run:
    """What one script run sent: how it ended, its widgets and any message it showed."""
    status: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _proto():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    return BackMsg, ForwardMsg


_FINISHED = {"FINISHED_SUCCESSFULLY", "FINISHED_WITH_COMPILE_ERROR",
             "FINISHED_EARLY_FOR_RERUN", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}


class Phone:
    """One participant's browser, reduced to the websocket: Streamlit's protocol, spoken as
    the app's frontend speaks it (connect, rerun with the address and widget states, follow
    the fragment timers the server asks for)."""

    def __init__(self, base_url: str, local_address: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.local_address = local_address
        self.pages: dict[str, str] = {}          # url path -> page script hash
        self.page_hash = ""
        self.query = ""
        self.states: dict[str, object] = {}      # widget id -> value last set by this phone
        self.run = Run()
        self.auto: dict[str, float] = {}         # fragment id -> interval (s)
        self._socket = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self._finished: asyncio.Queue[str] = asyncio.Queue()
        self._busy = asyncio.Lock()
        self.runs = 0
        self.fragment_runs = 0
        self.closed = False

    async def connect(self) -> None:
        """Open the websocket as the frontend does (same origin, the "streamlit" subprotocol)."""
        import websockets

        ws_url = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        options = {"origin": self.base_url, "subprotocols": ["streamlit"],
                   "max_size": 2 ** 28, "open_timeout": 60, "ping_interval": None}
        if self.local_address:
            options["local_addr"] = (self.local_address, 0)
        self._socket = await websockets.connect(ws_url, **options)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        self.closed = True
        for timer in self._timers.values():
            timer.cancel()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()

    # -- what the server sends

    async def _read(self) -> None:
        _, ForwardMsg = _proto()
        try:
            async for data in self._socket:
                message = ForwardMsg()
                message.ParseFromString(data)
                self._take(message)
        except Exception:  # the connection ended: whoever waits learns it from the queue
            pass
        finally:
            self.closed = True
            self._finished.put_nowait("CLOSED")

    def _take(self, message) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = message.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash
                          for page in message.navigation.app_pages}
            if message.navigation.page_script_hash:
                self.page_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "delta":
            self._element(message.delta)
        elif kind == "auto_rerun":
            self._every(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            timer = self._timers.pop(message.stop_auto_rerun.fragment_id, None)
            if timer is not None:
                timer.cancel()
        elif kind == "script_finished":
            self._finished.put_nowait(
                type(message).ScriptFinishedStatus.Name(message.script_finished))

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert":
            self.run.alerts.append(element.alert.body)
        elif kind in ("markdown", "heading"):
            self.run.texts.append(getattr(element, kind).body)
        elif kind == "radio":
            radio = element.radio
            self.run.widgets[radio.id] = Widget(radio.id, kind, radio.label,
                                                tuple(radio.options), radio.disabled)
        elif kind in ("text_input", "button", "checkbox", "selectbox"):
            widget = getattr(element, kind)
            self.run.widgets[widget.id] = Widget(widget.id, kind, widget.label,
                                                 tuple(getattr(widget, "options", ())),
                                                 widget.disabled)

    # -- what the phone sends

    def _client_state(self, fragment_id: str = "", extra: dict[str, object] | None = None):
        BackMsg, _ = _proto()
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        for widget_id, value in {**self.states, **(extra or {})}.items():
            entry = state.widget_states.widgets.add()
            entry.id = widget_id
            if value is True and widget_id in (extra or {}) and widget_id not in self.states:
                entry.trigger_value = True       # a button press (never kept)
            elif isinstance(value, bool):
                entry.bool_value = value
            else:
                entry.string_value = str(value)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-GB"
        state.context_info.url = f"{self.base_url}/"
        return message

    async def _send_and_wait(self, message, fragment: bool = False) -> str:
        while not self._finished.empty():       # a leftover from a fragment run
            self._finished.get_nowait()
        await self._socket.send(message.SerializeToString())
        while True:
            status = await asyncio.wait_for(self._finished.get(), RUN_TIMEOUT)
            if status == "CLOSED":
                raise PhoneError("the server closed the connection")
            if fragment or status != "FINISHED_FRAGMENT_RUN_SUCCESSFULLY":
                return status

    async def rerun(self, extra: dict[str, object] | None = None,
                    page: str | None = None) -> Run:
        """One full script run (a page load, a navigation or a tap); returns what it drew.

        Raises:
            PhoneError: the connection closed, or no run finished within RUN_TIMEOUT.
        """
        async with self._busy:
            if page is not None:
                if page not in self.pages:
                    raise PhoneError(f"no page {page!r} in this phone's menu: "
                                     f"{sorted(self.pages)}")
                self.page_hash = self.pages[page]
                self.states = {}
            self.run = Run()
            try:
                self.run.status = await self._send_and_wait(self._client_state(extra=extra))
            except asyncio.TimeoutError as error:
                raise PhoneError("no script run finished in time") from error
            self.runs += 1
            return self.run

    def _every(self, fragment_id: str, interval: float) -> None:
        old = self._timers.pop(fragment_id, None)
        if old is not None:
            old.cancel()

        async def tick() -> None:
            while not self.closed:
                await asyncio.sleep(interval)
                async with self._busy:
                    if self.closed:
                        return
                    kept = self.run
                    self.run = Run(widgets=dict(kept.widgets))
                    try:
                        await self._send_and_wait(self._client_state(fragment_id), True)
                        self.fragment_runs += 1
                    except (asyncio.TimeoutError, PhoneError, Exception):
                        return
                    finally:
                        self.run = kept

        self._timers[fragment_id] = asyncio.create_task(tick())

    # -- as a participant

    def widget(self, kind: str, label_part: str) -> Widget:
        """The widget of this kind whose label contains ``label_part``.

        Raises:
            PhoneError: the last run drew no such widget.
        """
        for widget in self.run.widgets.values():
            if widget.kind == kind and label_part in widget.label:
                return widget
        raise PhoneError(f"no {kind} labelled {label_part!r} on the page "
                         f"(alerts: {self.run.alerts}, errors: {self.run.exceptions})")

    async def join(self, code: str, name: str) -> None:
        """Open the app and join with ``code`` under ``name``.

        Raises:
            PhoneError: the join form is missing, or the app did not accept the join.
        """
        await self.rerun()
        code_box = self.widget("text_input", "Workshop code")
        name_box = self.widget("text_input", "Your name")
        button = self.widget("button", "Join")
        run = await self.rerun(extra={code_box.id: code, name_box.id: name, button.id: True})
        if "culture" not in self.pages or run.exceptions:
            raise PhoneError(f"not joined: {run.alerts or run.exceptions or run.texts[:3]}")

    def statements(self) -> list[Widget]:
        """The culture statements (radios) the page shows now, in page order."""
        return [w for w in self.run.widgets.values()
                if w.kind == "radio" and "-culture." in w.id and not w.id.endswith(".section")]

    async def answer(self, widget: Widget, option: int) -> bool:
        """Tap option ``option`` of a statement; True when the run acknowledged it (finished
        successfully and said nothing about it not being saved)."""
        value = widget.options[option]
        run = await self.rerun(extra={widget.id: value})
        ok = (run.status == "FINISHED_SUCCESSFULLY" and not run.exceptions
              and not any("Not saved" in alert for alert in run.alerts))
        if ok:
            self.states[widget.id] = value
        return ok


def item_of(widget_id: str) -> str:
    """The bank item a questionnaire radio answers (its key is ``culture.<item>``)."""
    return widget_id.rsplit("culture.", 1)[1]


# ---------------------------------------------------------------- the room

@dataclass
class Tap:
    participant: str
    item: str
    value: int
    sent: float
    done: float
    acknowledged: bool
    first: bool


@dataclass
class RoomResult:
    participants: int
    seconds: float
    joined: int = 0
    taps: list[Tap] = field(default_factory=list)
    lost: int = 0
    lost_examples: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    presenter: list[tuple[float, int]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    unseen: int = 0
    server_cpu_seconds: float = 0.0
    window_seconds: float = 0.0
    rss_before: int = 0
    rss_after: int = 0
    runs: int = 0
    fragment_runs: int = 0
    client_cpu_seconds: float = 0.0

    @property
    def acknowledged(self) -> int:
        return sum(tap.acknowledged for tap in self.taps)

    def p(self, share: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]

    def tap_p(self, share: float) -> float | None:
        spans = sorted(t.done - t.sent for t in self.taps if t.acknowledged)
        if not spans:
            return None
        return spans[min(len(spans) - 1, math.ceil(share * len(spans)) - 1)]

    def summary(self) -> dict:
        n = max(self.participants, 1)
        return {
            "participants": self.participants, "joined": self.joined,
            "taps acknowledged": self.acknowledged,
            "taps not acknowledged": len(self.taps) - self.acknowledged,
            "lost": self.lost, "errors": len(self.errors),
            "tap to presenter p50 (s)": self.p(0.5), "tap to presenter p95 (s)": self.p(0.95),
            "tap to presenter max (s)": max(self.latencies) if self.latencies else None,
            "first answers timed": len(self.latencies), "first answers never shown": self.unseen,
            "tap to saved p95 (s)": self.tap_p(0.95),
            "server CPU (cores)": self.server_cpu_seconds / self.window_seconds
            if self.window_seconds else None,
            "server CPU per participant (% of a core)":
                100 * self.server_cpu_seconds / self.window_seconds / n
                if self.window_seconds else None,
            "server RSS before joins (MB)": self.rss_before / 2 ** 20,
            "server RSS at end (MB)": self.rss_after / 2 ** 20,
            "server memory per participant (MB)": (self.rss_after - self.rss_before) / 2 ** 20 / n,
            "script runs": self.runs, "fragment runs": self.fragment_runs,
            "load client CPU (cores)": self.client_cpu_seconds / self.window_seconds
            if self.window_seconds else None,
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(workspace_path: Path, home: Path):
    """``streamlit run serve.py`` with a facilitator secret, listening on every address (as
    ``python3 dev.py run`` does with a secret); yields ([its process id], base URL)."""
    port = _free_port()
    env = {**os.environ, "SOCIALREADY_WORKSPACE": str(workspace_path), "HOME": str(home),
           "SOCIALREADY_FACILITATOR_SECRET": SECRET}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "0.0.0.0", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    output = process.stdout.read().decode(errors="replace")[-3000:] \
                        if process.poll() is not None else ""
                    raise RuntimeError(f"the app did not start: {output}")
                time.sleep(0.1)
        yield [process.pid], url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prepare(workspace_path: Path, participants: int) -> tuple[int, str]:
    """A new workspace with one engagement and a live culture session for the room; returns
    (engagement id, join code)."""
    import workspace

    db = workspace.open_workspace(workspace_path, seed_example_engagement=False)
    try:
        engagement = workspace.create_engagement(db, "Room load")
        session = workspace.open_session(db, engagement.id, ["culture"],
                                         max_participants=max(participants, 1))
        return engagement.id, session.code
    finally:
        db.close()


def stored_answers(location: Path | str) -> dict[tuple[str, str], tuple[int | None, int]]:
    """(participant name, item) -> (value, dont_know) of every culture answer in the
    workspace (a file or a database URL)."""
    import workspace

    db = workspace.open_workspace(location)
    try:
        rows = db.rows("SELECT p.name, r.item, r.value, r.dont_know FROM responses r "
                       "JOIN participants p ON p.id = r.participant_id "
                       "WHERE r.bank = 'culture'")
        return {(name, item): (value, int(dont_know)) for name, item, value, dont_know in rows}
    finally:
        db.close()


def lost_answers(taps: list[Tap], stored: dict) -> list[str]:
    """Acknowledged answers whose last acknowledged value is not the stored one."""
    last: dict[tuple[str, str], Tap] = {}
    for tap in sorted((t for t in taps if t.acknowledged), key=lambda t: t.done):
        last[(tap.participant, tap.item)] = tap
    lost = []
    for key, tap in last.items():
        value = stored.get(key)
        expected = (None, 1) if tap.value == 0 else (tap.value, 0)
        if value is None or (value[0], value[1]) != expected:
            lost.append(f"{key[0]} / {key[1]}: acknowledged {expected}, stored {value}")
    return lost


def presenter_latencies(taps: list[Tap], shown: list[tuple[float, int]]
                        ) -> tuple[list[float], int]:
    """Seconds from each first answer's tap to the presenter counting it, and how many
    first answers it never showed (see the module's docstring)."""
    # Answers are saved at the start of their script run (the radio's callback), so they
    # reach the file in about the order they were sent; the rest of the run (drawing the
    # page again) is what varies, so the order of acknowledgements is a worse guide.
    firsts = sorted((t for t in taps if t.first and t.acknowledged), key=lambda t: t.sent)
    latencies, unseen = [], 0
    for k, tap in enumerate(firsts, start=1):
        when = next((at for at, value in shown if value >= k), None)
        if when is None:
            unseen += 1
        else:
            latencies.append(max(0.0, when - tap.sent))
    return latencies, unseen


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the server's processes (Linux ``/proc``)."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the server's processes (Linux ``/proc``)."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
                break
        else:
            raise RuntimeError(f"no VmRSS for process {pid}")
    return total


WATCH_PRESENTER = """() => {
  window.__answering = [];
  const read = () => {
    for (const metric of document.querySelectorAll('[data-testid="stMetric"]')) {
      const label = metric.querySelector('[data-testid="stMetricLabel"]');
      if (label && label.innerText.trim() === 'Answering') {
        const value = parseInt(metric.querySelector('[data-testid="stMetricValue"]')
                               .innerText.replace(/[^0-9]/g, ''), 10);
        const seen = window.__answering;
        if (!Number.isNaN(value) && (!seen.length || seen[seen.length - 1][1] !== value)) {
          seen.push([Date.now() / 1000, value]);
        }
      }
    }
  };
  new MutationObserver(read).observe(document.body, {subtree: true, childList: true,
                                                     characterData: true});
  setInterval(read, 50);
  read();
}"""


def open_presenter(browser, base_url: str, engagement_id: int):
    """Sign in as the facilitator in a new tab and open the Presenter view; returns the page."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(120_000)
    page.goto(f"{base_url}/sign_in")
    page.get_by_label("Facilitator secret").fill(SECRET)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()
    time.sleep(2.0)    # the page trades its one-time code for the lasting sign-in cookie
    page.goto(f"{base_url}/presenter?e={engagement_id}")
    page.locator('[data-testid="stMetric"]').filter(has_text="Answering").first.wait_for()
    page.evaluate(WATCH_PRESENTER)
    return page


async def _phone_in_room(number, base_url, code, seconds, think, result, rng, joined,
                        ready, box, server_pids) -> None:
    """One participant: arrive at a random moment, join, open the questionnaire; once the
    whole room is in, wait for a random moment of the window, then answer one statement
    after another (a think time apart) until the window ends."""
    name = f"Phone {number:03d}"
    phone = Phone(base_url, local_address=f"127.0.{1 + number // 250}.{2 + number % 250}")
    await asyncio.sleep(rng.uniform(0, min(15.0, result.participants * 0.1)))
    try:
        await phone.connect()
        await phone.join(code, name)
        await phone.rerun(page="culture")
        if not phone.statements():
            raise PhoneError(f"no statement on the questionnaire: {phone.run.alerts}")
        result.joined += 1
        ready.append(phone)
    except Exception as error:  # noqa: BLE001 - every failure is reported, the room goes on
        result.errors.append(f"{name} join: {type(error).__name__}: {error}")
        ready.append(None)
        await phone.close()
    if len(ready) == result.participants:
        box["start"] = time.time() + 2.0
        box["end"] = box["start"] + seconds
        box["cpu"] = cpu_seconds(server_pids)
        box["client_cpu"] = time.process_time()
        joined.set()
    await joined.wait()
    if phone.closed:
        return
    start, end = box["start"], box["end"]
    await asyncio.sleep(max(0.0, start - time.time()) + rng.uniform(0, (end - start) * 0.8))
    first, answered = True, set()
    while time.time() < end and not phone.closed:
        shown = [w for w in phone.statements() if not w.disabled]
        fresh = [w for w in shown if w.id not in answered] or shown
        if not fresh:
            break
        widget = fresh[0]
        option = rng.randrange(len(widget.options))
        sent = time.time()
        try:
            ok = await phone.answer(widget, option)
        except Exception as error:  # noqa: BLE001
            result.errors.append(f"{name} tap: {type(error).__name__}: {error}")
            break
        value = option + 1 if option < len(widget.options) - 1 else 0
        result.taps.append(Tap(name, item_of(widget.id), value, sent, time.time(), ok,
                               first and ok))
        if ok:
            answered.add(widget.id)
            first = False
        await asyncio.sleep(min(rng.uniform(0.5 * think, 1.5 * think),
                                max(0.0, end - time.time())))
    result.runs += phone.runs
    result.fragment_runs += phone.fragment_runs
    ready.remove(phone)
    if not any(p is not None for p in ready):
        box["finished"] = time.time()
    await phone.close()


@contextmanager
def serve_replicas(database_url: str, home: Path, count: int):
    """``count`` replicas behind HAProxy on ``database_url`` (deploy/replicas.py); yields
    (the replicas' process ids, the proxy's URL)."""
    from deploy.replicas import start

    environ = {**os.environ, "HOME": str(home), "SOCIALREADY_FACILITATOR_SECRET": SECRET}
    deployment = start(_free_port(), count, database_url, environ=environ)
    try:
        yield [process.pid for process in deployment.replicas.values()], deployment.url
    finally:
        deployment.stop()


def measure_room(participants: int, seconds: float = 60.0, think: float = 5.0,
                 presenter: bool = True, seed: int = 1, browser=None,
                 database_url: str | None = None, replicas: int = 0) -> RoomResult:
    """Serve the app (one process on a new SQLite file; or, with ``replicas``, that many
    behind HAProxy on the empty PostgreSQL database ``database_url``), open the presenter
    view (in ``browser``, or a headless Chromium of its own), run a room of
    ``participants`` phones for ``seconds`` (after all joined) and check every acknowledged
    answer against the workspace."""
    result = RoomResult(participants, seconds)
    with tempfile.TemporaryDirectory(prefix="room-load-") as folder:
        home = Path(folder)
        path = database_url if replicas else home / "workspace.db"
        engagement_id, code = prepare(path, participants)
        server = serve_replicas(path, home, replicas) if replicas else serve(path, home)
        with server as (pids, url):
            own = _chromium() if presenter and browser is None else _nothing(browser)
            with own as chromium:
                page = open_presenter(chromium, url, engagement_id) if presenter else None
                time.sleep(1.0)
                result.rss_before = rss_bytes(pids)
                box: dict[str, float] = {}
                # playwright's sync API holds this thread's event loop: the phones get one
                # of their own in another thread.
                crowd = threading.Thread(target=asyncio.run, args=(_drive(
                    url, code, participants, seconds, think, result, pids, seed, box),))
                crowd.start()
                crowd.join()
                if "start" not in box:
                    raise RuntimeError(f"the room never started: {result.errors[:3]}")
                result.window_seconds = box.get("finished", time.time()) - box["start"]
                result.server_cpu_seconds = cpu_seconds(pids) - box["cpu"]
                result.client_cpu_seconds = time.process_time() - box["client_cpu"]
                result.rss_after = rss_bytes(pids)
                if page is not None:
                    _last_count(page, len({t.participant for t in result.taps
                                           if t.acknowledged}))
                    result.presenter = [(float(a), int(b)) for a, b in
                                        page.evaluate("() => window.__answering")]
                    page.close()
        stored = stored_answers(path)
    lost = lost_answers(result.taps, stored)
    result.lost, result.lost_examples = len(lost), lost[:5]
    if presenter:
        result.latencies, result.unseen = presenter_latencies(result.taps, result.presenter)
    return result


def _last_count(page, expected: int, timeout: float = 30.0) -> None:
    """Wait (up to ``timeout``) until the presenter shows every phone that answered."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        seen = page.evaluate("() => window.__answering")
        if seen and seen[-1][1] >= expected:
            return
        time.sleep(0.2)


async def _drive(url, code, participants, seconds, think, result, pids, seed, box) -> None:
    joined, ready = asyncio.Event(), []
    await asyncio.gather(*(
        _phone_in_room(number, url, code, seconds, think, result,
                            random.Random(seed * 1000 + number), joined, ready, box, pids)
        for number in range(1, participants + 1)))


@contextmanager
def _chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _nothing(value=None):
    yield value


def _print(result: RoomResult) -> None:
    for key, value in result.summary().items():
        shown = f"{value:,.3f}" if isinstance(value, float) else value
        print(f"  {key:<44} {shown}")
    p95 = result.p(0.95)
    print(f"  {'goal: tap to presenter p95 <= 1 s':<44} "
          f"{'met' if p95 is not None and p95 <= GOAL_SECONDS else 'NOT met'}")
    for line in result.errors[:5] + result.lost_examples:
        print(f"  ! {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sweep", default="", help="room sizes, e.g. 25,50,100,150,200")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean seconds between one phone's taps")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", default="bench/last_room_load.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sweep.split(",") if s] or [args.participants]
    out = []
    for size in sizes:
        for repeat in range(args.repeat):
            print(f"room of {size} (run {repeat + 1}/{args.repeat}, {args.seconds:g} s, "
                  f"load {os.getloadavg()[0]:.1f})", flush=True)
            result = measure_room(size, args.seconds, args.think, seed=repeat + 1)
            _print(result)
            # The last minute's load average: about the window (the machine may be shared).
            print(f"  {'machine load average, last minute':<44} {os.getloadavg()[0]:.1f}")
            out.append({**result.summary(), "load average": os.getloadavg()[0]})
    Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
