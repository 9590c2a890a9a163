"""Company sign-in through the organization's identity provider (OpenID Connect, with
Streamlit's ``st.login``), in addition to the facilitator secret.

Streamlit keeps the person's identity (the ID token's claims) in a signed cookie that every
replica with the same ``[auth] cookie_secret`` reads; this module decides what those claims
mean here: the email address roles are granted to, the groups (from the claim named by
``SOCIALREADY_GROUPS_CLAIM``, "groups" by default), a mark of this one sign-in (so that a
sign-out can end it in every tab and replica) and whether it is older than a sign-in may be.
Kept free of Streamlit: ``ui.identity`` reads the claims.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

GROUPS_CLAIM_VARIABLE = "SOCIALREADY_GROUPS_CLAIM"
GROUPS_CLAIM_DEFAULT = "groups"
#: What ``[auth]`` in secrets.toml must hold (the single provider Streamlit calls "default").
REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret",
            "server_metadata_url")
COOKIE_SECRET_MIN = 32
#: At most this many groups of one person are looked up (a claim can list thousands).
GROUPS_MAX = 500


def configured(auth: Mapping[str, Any] | None) -> bool:
    """Whether secrets.toml has an ``[auth]`` section (company sign-in is wanted)."""
    return bool(auth)


def problems(auth: Mapping[str, Any] | None, secret_configured: bool) -> list[str]:
    """What keeps company sign-in from working, one message each (empty: none, or not
    configured at all)."""
    if not auth:
        return []
    found = []
    missing = [key for key in REQUIRED if not str(auth.get(key, "") or "").strip()]
    if missing:
        found.append("[auth] in .streamlit/secrets.toml lacks " + ", ".join(missing)
                     + " (company sign-in needs all of " + ", ".join(REQUIRED) + ").")
    redirect = str(auth.get("redirect_uri", "") or "").strip()
    if redirect:
        parts = urlsplit(redirect)
        if parts.scheme not in ("http", "https") or not parts.netloc \
                or not parts.path.endswith("/oauth2callback"):
            found.append("[auth] redirect_uri must be the app's own address ending in "
                         "/oauth2callback (e.g. https://socialready.example.com/oauth2callback)"
                         f", not “{redirect[:120]}”.")
    metadata = str(auth.get("server_metadata_url", "") or "").strip()
    if metadata and urlsplit(metadata).scheme not in ("http", "https"):
        found.append("[auth] server_metadata_url must be the identity provider's "
                     "http(s) address of its .well-known/openid-configuration.")
    cookie_secret = str(auth.get("cookie_secret", "") or "")
    if cookie_secret and len(cookie_secret) < COOKIE_SECRET_MIN:
        found.append(f"[auth] cookie_secret is {len(cookie_secret)} characters long: use a "
                     f"random secret of at least {COOKIE_SECRET_MIN} (e.g. python3 -c "
                     "'import secrets; print(secrets.token_urlsafe(48))').")
    if not secret_configured:
        found.append("Company sign-in needs a facilitator secret too "
                     "(SOCIALREADY_FACILITATOR_SECRET): its holder grants the first roles.")
    return found


def groups_claim(environ: Mapping[str, Any], secrets_file: Mapping[str, Any]) -> str:
    """The name of the claim that lists a person's groups (the environment first)."""
    for source in (environ, secrets_file):
        name = str(source.get(GROUPS_CLAIM_VARIABLE, "") or "").strip()
        if name:
            return name
    return GROUPS_CLAIM_DEFAULT


def groups(claims: Mapping[str, Any], claim: str = GROUPS_CLAIM_DEFAULT) -> tuple[str, ...]:
    """The groups a person's claims name: a list of names or ids, or one; anything that is
    not text is left out, as is everything past :data:`GROUPS_MAX`."""
    value = claims.get(claim)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(dict.fromkeys(v.strip() for v in value
                               if isinstance(v, str) and v.strip()))[:GROUPS_MAX]


_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
EMAIL_MAX = 254
LABEL_MAX = 200


def email(claims: Mapping[str, Any]) -> str | None:
    """The person's email address in lower case, when the provider vouches for it
    (``email_verified`` true); None otherwise. A role granted to an address must reach only
    its owner, and some providers let people set their own address without checking it:
    without that claim only roles granted to the person's groups apply."""
    value = claims.get("email")
    verified = claims.get("email_verified")
    if not isinstance(value, str) or not (verified is True or verified == "true"):
        return None
    address = value.strip().lower()
    return address if len(address) <= EMAIL_MAX and _ADDRESS.fullmatch(address) else None


def account(claims: Mapping[str, Any]) -> str | None:
    """What names this company account for good: its verified address, else its provider's
    issuer and subject; None when the claims hold neither."""
    address = email(claims)
    if address:
        return address
    issuer, subject = claims.get("iss"), claims.get("sub")
    if isinstance(subject, str) and subject.strip():
        return f"{issuer or ''}|{subject.strip()}"[:300]
    return None


def label(claims: Mapping[str, Any]) -> str:
    """How the person is named on screen and in the audit trail: the verified address, else
    their name (or subject) marked as a company account's, so that a name such as
    "facilitator" is never taken for the administrator."""
    address = email(claims)
    if address:     # the audit trail keeps a name of at most 200 characters
        return address if len(address) <= LABEL_MAX else address[:LABEL_MAX - 1] + "…"
    for value in (claims.get("name"), claims.get("preferred_username"), claims.get("sub")):
        if isinstance(value, str) and " ".join(value.split()):
            return " ".join(value.split())[:100] + " (company account)"
    return "company account"


def login_mark(claims: Mapping[str, Any]) -> str:
    """A mark of this one sign-in (issuer, subject, when it was issued and its nonce): what
    a sign-out records, so that every tab holding the same sign-in stops."""
    parts = [claims.get(key) for key in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def too_old(claims: Mapping[str, Any], hours: int, now: float) -> bool:
    """Whether the sign-in was made more than ``hours`` ago (its ID token's ``iat``); a
    sign-in without that claim is judged by the cookie alone."""
    issued = claims.get("iat")
    if not isinstance(issued, (int, float)) or isinstance(issued, bool):
        return False
    return now - float(issued) > hours * 3600
