"""How the app is served: ``streamlit run serve.py`` (what ``python3 dev.py run`` does).

Streamlit serves ``/_stcore/metrics`` to anyone who asks (how many people are connected, for
how long, what the caches hold) and has no setting to turn it off (1.67). Serving app.py
through ``st.App`` lets one small middleware answer that address with 404 before Streamlit
sees the request; everything else passes through unchanged.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

import streamlit as st
from starlette.middleware import Middleware

#: Addresses (under any base path) that nobody is served.
REFUSED = ("/_stcore/metrics",)
_SLASHES = re.compile(r"/{2,}")


def refused(path: str) -> bool:
    """Whether a request path (as the server got it: decoded or not) is one nobody gets."""
    decoded = unquote(unquote(path or "/"))
    normal = posixpath.normpath(_SLASHES.sub("/", "/" + decoded)).lower().rstrip("/")
    return any(normal.endswith(end) for end in REFUSED)


class RefuseInternals:
    """ASGI middleware: 404 for the addresses in :data:`REFUSED`, whatever the method."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and refused(scope.get("path", "")):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"cache-control", b"no-store")]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return
        await self.app(scope, receive, send)


app = st.App("app.py", middleware=[Middleware(RefuseInternals)])
