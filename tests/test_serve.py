"""serve.py: the app as users start it, with Streamlit's internal figures refused to all."""
import asyncio

import pytest

import serve


@pytest.mark.parametrize("path", [
    "/_stcore/metrics", "/_stcore/metrics/", "//_stcore//metrics", "/_stcore/./metrics",
    "/x/../_stcore/metrics", "/_STCORE/Metrics", "/_stcore/%6detrics", "/_stcore/%256detrics",
    "/socialready/_stcore/metrics",                       # under server.baseUrlPath
])
def test_every_spelling_of_the_metrics_address_is_refused(path):
    assert serve.refused(path)


@pytest.mark.parametrize("path", ["/", "/join", "/_stcore/health", "/_stcore/stream",
                                  "/_stcore/host-config", "/static/js/main.js",
                                  "/metrics-report", "/_stcore/metricsx"])
def test_everything_else_passes(path):
    assert not serve.refused(path)


def _call(path: str, kind: str = "http") -> tuple[list, bool]:
    sent, reached = [], []

    async def inner(scope, receive, send):
        reached.append(scope["path"])

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    middleware = serve.RefuseInternals(inner)
    asyncio.run(middleware({"type": kind, "path": path}, receive, send))
    return sent, bool(reached)


def test_the_middleware_answers_404_without_reaching_streamlit():
    sent, reached = _call("/_stcore/metrics")
    assert not reached
    assert sent[0]["status"] == 404 and sent[1]["body"] == b"Not found"


def test_the_middleware_lets_the_app_and_its_websocket_through():
    assert _call("/join") == ([], True)
    assert _call("/_stcore/stream", kind="websocket") == ([], True)


def test_dev_run_serves_through_serve_py(monkeypatch):
    import dev

    calls = []
    monkeypatch.setattr(dev.subprocess, "call", lambda args, **kw: calls.append(args) or 0)
    assert dev.serve(["--server.port", "8600"]) == 0
    assert [str(a) for a in calls[0][1:]] == ["-m", "streamlit", "run", "serve.py",
                                             "--server.port", "8600"]


def _post(route, body: bytes = b"", origin: str | None = "http://testserver",
          cookie: str | None = None, site: str = "same-origin"):
    """Call one of serve.py's sign-in addresses as a browser's POST would reach it."""
    from starlette.requests import Request

    headers = [(b"host", b"testserver"), (b"sec-fetch-site", site.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    scope = {"type": "http", "method": "POST", "path": "/", "scheme": "http",
             "server": ("testserver", 80), "headers": headers, "query_string": b""}
    sent = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return sent.pop(0) if sent else {"type": "http.disconnect"}

    return asyncio.run(route(Request(scope, receive)))


def _set_cookie(response) -> str:
    return next(v.decode() for k, v in response.raw_headers if k == b"set-cookie")


def test_the_hand_over_code_buys_an_http_only_cookie_once(example_db):
    import workspace
    from workshops import sign_in

    started = workspace.sign_ins.start(example_db, "t" * 16, hours=12)
    response = _post(serve.start_sign_in, started.code.encode())
    assert response.status_code == 204
    cookie = _set_cookie(response)
    token = cookie.split(";")[0].split("=", 1)[1]
    assert {"HttpOnly", "SameSite=Strict"} <= set(cookie.split("; "))
    assert workspace.sign_ins.by_token(example_db, token, "t" * 16) == started.sign_in_id
    assert _post(serve.start_sign_in, started.code.encode()).status_code == 403
    assert sign_in.COOKIE in cookie


@pytest.mark.parametrize("origin, site", [(None, "same-origin"),
                                          ("http://evil.example", "cross-site"),
                                          ("http://testserver", "cross-site")])
def test_the_sign_in_addresses_answer_only_the_apps_own_pages(example_db, origin, site):
    import workspace

    started = workspace.sign_ins.start(example_db, "t" * 16, hours=12)
    assert _post(serve.start_sign_in, started.code.encode(), origin=origin,
                 site=site).status_code == 403
    assert not workspace.sign_ins.handed_over(example_db, started.sign_in_id)
    assert _post(serve.end_sign_in, origin=origin, site=site).status_code == 403


def test_signing_out_ends_the_cookies_sign_in_and_clears_it(example_db):
    import workspace
    from workshops import sign_in

    started = workspace.sign_ins.start(example_db, "t" * 16, hours=12)
    token = workspace.sign_ins.hand_over(example_db, started.code).token
    response = _post(serve.end_sign_in, cookie=f"{sign_in.COOKIE}={token}")
    assert response.status_code == 204
    assert "Max-Age=0" in _set_cookie(response)
    assert workspace.sign_ins.by_token(example_db, token, "t" * 16) is None


def test_the_served_app_neither_watches_its_files_nor_collects_garbage_after_every_run():
    """As Streamlit reads .streamlit/config.toml: no file watcher (every session would scan
    every loaded module after each run and poll their files) and no gc.collect(2) after each
    run; with a room of phones those took most of the server's time (docs/performance.md)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    read = subprocess.run(
        [sys.executable, "-c", "from streamlit import config; "
         "print(config.get_option('server.fileWatcherType'), "
         "config.get_option('runner.postScriptGC'))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert read.stdout.split() == ["none", "False"]
