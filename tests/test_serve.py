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
