"""How the app is served: ``streamlit run serve.py`` (what ``python3 dev.py run`` does).

Streamlit serves ``/_stcore/metrics`` to anyone who asks (how many people are connected, for
how long, what the caches hold) and has no setting to turn it off (1.67). Serving app.py
through ``st.App`` lets one small middleware answer that address with 404 before Streamlit
sees the request; everything else passes through unchanged.

It also serves the two addresses of a lasting facilitator sign-in (see
:mod:`workshops.sign_in`): trading a one-time hand-over code for the ``HttpOnly`` cookie, and
clearing it. Both answer only requests from the app's own pages (same origin).
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from workshops import sign_in

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


_NO_STORE = {"cache-control": "no-store"}
_CODE_MAX = 200


def same_origin(request: Request) -> bool:
    """Whether a request comes from a page of this app: its ``Origin`` (browsers send one
    with every POST made by a script) is this address, and no other site's page made it."""
    origin = request.headers.get("origin", "")
    site = request.headers.get("sec-fetch-site", "same-origin")
    return (origin == f"{request.url.scheme}://{request.url.netloc}"
            and site == "same-origin")


def _hand_over(code: str):
    import workspace

    return workspace.sign_ins.hand_over(workspace.open_workspace(), code)


def _end(token: str) -> None:
    import workspace

    workspace.sign_ins.end(workspace.open_workspace(), token=token)


async def start_sign_in(request: Request) -> Response:
    """Trade the one-time hand-over code (the body) for the sign-in cookie: 204 with the
    cookie, or 403 for a code that is unknown, used or late, or a request from elsewhere."""
    if not same_origin(request):
        return Response(status_code=403, headers=_NO_STORE)
    code = (await request.body())[:_CODE_MAX].decode("ascii", errors="replace")
    token = await run_in_threadpool(_hand_over, code)
    if token is None:
        return Response(status_code=403, headers=_NO_STORE)
    response = Response(status_code=204, headers=_NO_STORE)
    response.raw_headers.append((b"set-cookie", sign_in.cookie_header(
        token.token, token.seconds_left, request.url.scheme == "https")))
    return response


async def end_sign_in(request: Request) -> Response:
    """End the sign-in the cookie names and clear the cookie (204), for the app's own pages."""
    if not same_origin(request):
        return Response(status_code=403, headers=_NO_STORE)
    token = request.cookies.get(sign_in.COOKIE, "")
    if token:
        await run_in_threadpool(_end, token)
    response = Response(status_code=204, headers=_NO_STORE)
    response.raw_headers.append((b"set-cookie",
                                 sign_in.clearing_header(request.url.scheme == "https")))
    return response


ROUTES = [Route(sign_in.SIGN_IN_PATH, start_sign_in, methods=["POST"]),
          Route(sign_in.SIGN_OUT_PATH, end_sign_in, methods=["POST"])]

app = st.App("app.py", routes=ROUTES, middleware=[Middleware(RefuseInternals)])
