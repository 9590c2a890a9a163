"""A facilitator's sign-in that outlives the browser tab: the cookie, its lifetime setting,
and the addresses that set and clear it.

Signing in with the secret (on the Facilitator sign-in page) starts a sign-in kept in the
workspace; the browser then trades a one-time hand-over code (good for two minutes) at
:data:`SIGN_IN_PATH` for a cookie holding a random token. The workspace keeps only the
token's SHA-256, so neither the workspace file nor a backup can be turned into a sign-in.
The cookie is ``HttpOnly`` (no script of any page reads it), ``SameSite=Strict`` (no other
site's page sends it) and lasts :data:`HOURS_VARIABLE` hours (12 unless set); a refresh, a
new tab or a reconnection sends it with the app's connection and finds the sign-in again.
Signing out ends the sign-in in the workspace (every tab holding it loses it) and clears the
cookie at :data:`SIGN_OUT_PATH`.

Plain Python: no Streamlit, no SQL (``workspace.sign_ins`` stores sign-ins; ``serve.py``
serves the two addresses).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

COOKIE = "socialready_facilitator"
SIGN_IN_PATH = "/_socialready/sign-in"
SIGN_OUT_PATH = "/_socialready/sign-out"
HOURS_VARIABLE = "SOCIALREADY_SIGN_IN_HOURS"
#: How long a sign-in lasts unless the setting says otherwise, and the range it may take.
HOURS_DEFAULT, HOURS_MAX = 12, 168
#: How long the hand-over code (from the sign-in to the cookie) can be traded.
HANDOFF_SECONDS = 120
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


class SignInSettingError(ValueError):
    """The sign-in lifetime setting cannot be used (the message says why)."""


def hours(source: Mapping[str, object]) -> int:
    """The configured sign-in lifetime in hours (``HOURS_DEFAULT`` when not set).

    Raises:
        SignInSettingError: the setting is not a whole number from 1 to ``HOURS_MAX``.
    """
    text = str(source.get(HOURS_VARIABLE, "") or "").strip()
    if not text:
        return HOURS_DEFAULT
    if not re.fullmatch(r"\d{1,3}", text) or not 1 <= int(text) <= HOURS_MAX:
        raise SignInSettingError(f"{HOURS_VARIABLE} must be how many hours a facilitator's "
                                 f"sign-in lasts, a whole number from 1 to {HOURS_MAX}.")
    return int(text)


def well_formed(token: object) -> bool:
    """Whether ``token`` could be a token or hand-over code this app issued (a cheap check
    before any lookup)."""
    return isinstance(token, str) and bool(_TOKEN.fullmatch(token))


def digest(token: str) -> str:
    """What the workspace keeps of a token or hand-over code: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


#: The fixed salt of a plain secret's mark (a plain secret's own hash gets a fresh salt each
#: time the server starts, which would end every sign-in at each restart).
TAG_SALT = b"socialready-sign-in-tag"


def secret_tag(encoded_hash: str) -> str:
    """A short mark of the configured secret's hash, kept with each sign-in: a sign-in made
    under another secret (the secret was changed) is not accepted. For a plain secret, pass
    ``hash_secret(plain, salt=TAG_SALT)``: the mark then costs a guesser a scrypt a try."""
    return hashlib.sha256(encoded_hash.encode("utf-8")).hexdigest()[:16]


def cookie_header(token: str, max_age: int, secure: bool) -> bytes:
    """The ``Set-Cookie`` header value that stores ``token`` for ``max_age`` seconds
    (``Secure`` when the app is reached over HTTPS)."""
    parts = [f"{COOKIE}={token}", "Path=/", f"Max-Age={max(0, int(max_age))}", "HttpOnly",
             "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("ascii")


def clearing_header(secure: bool) -> bytes:
    """The ``Set-Cookie`` header value that removes the sign-in cookie."""
    return cookie_header("", 0, secure)
