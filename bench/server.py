"""Benchmarks that need a real server: cold start and server memory.

Both start ``streamlit run`` as the app is started in production (headless, on a free port)
and look at it through Debian's headless Chromium, driven by playwright (a test dependency).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(script: str, env: dict[str, str]):
    """``streamlit run script`` on a free port; yields (process, base URL, start time)."""
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.headless", "true"], cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"{script} did not start")
                time.sleep(0.05)
        yield process, url, started
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def chromium():
    """A headless Chromium page (1400 x 1000)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def first_render(browser, script: str, text: str, env: dict[str, str]) -> float:
    """Seconds from ``streamlit run`` until ``text`` is on screen in a new tab."""
    with serve(script, env) as (_, url, started):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url)
            page.get_by_text(text, exact=True).first.wait_for(timeout=120_000)
            return time.perf_counter() - started
        finally:
            page.close()


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def server_memory_after_pages(browser, env: dict[str, str], engagement_id: int,
                              pages: list[tuple[str, str]]) -> int:
    """Server RSS after one browser tab has shown every page of ``pages`` (path, title)."""
    with serve("app.py", env) as (process, url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{url}/?e={engagement_id}")
            page.get_by_role("heading", name="Engagements").first.wait_for(timeout=120_000)
            for _path, title in pages:
                page.locator('[data-testid="stSidebarNavLink"]').filter(
                    has_text=title).first.click()
                time.sleep(0.5)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=120_000)
            time.sleep(1.0)
            return rss_bytes(process.pid)
        finally:
            page.close()


def imports_only_memory() -> int:
    """RSS of a Python process that has only imported streamlit, pandas and altair."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import streamlit, pandas, altair, sys; print('ready', "
         "flush=True); sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        process.stdout.readline()
        return rss_bytes(process.pid)
    finally:
        process.stdin.close()
        process.wait(timeout=10)
