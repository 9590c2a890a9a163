"""Who signed in with their company account (``st.login``), as pages need it.

Streamlit reads the identity cookie when a tab connects, so a refresh, a new tab and a
replica that takes over after a failover all find the person again without asking them.
A sign-out here records the sign-in as ended in the workspace (every other tab and replica
holding it stops at its next step), then clears the cookie and leaves through the identity
provider's own sign-out (``st.logout``).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

from workshops import company

MEMBER = "access.member"          # this run's Member (or None), settled by app.py


@dataclass(frozen=True)
class Member:
    """A person signed in with their company account."""
    email: str | None             # verified by the provider, or None (groups alone count)
    label: str                    # how screens and the audit trail name them
    groups: tuple[str, ...]
    login: str                    # the mark a sign-out records (workshops.company)
    account: str                  # what names the account for good (its scorer's place)


def auth_section() -> dict:
    """``[auth]`` of secrets.toml as a dict (empty: company sign-in is not configured)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all is the usual, local case
        return {}
    return section.to_dict() if hasattr(section, "to_dict") else dict(section or {})


def configured() -> bool:
    """Whether company sign-in is configured (``[auth]`` in secrets.toml)."""
    return company.configured(auth_section())


def claims() -> dict:
    """The signed-in person's claims as Streamlit read them from the cookie (empty: none)."""
    try:
        found = st.user.to_dict()
    except Exception:  # no run context (a test harness without a user)
        return {}
    return dict(found) if found.get("is_logged_in") else {}


def _groups_claim() -> str:
    try:
        from_file = {company.GROUPS_CLAIM_VARIABLE:
                     st.secrets.get(company.GROUPS_CLAIM_VARIABLE, "")}
    except Exception:
        from_file = {}
    return company.groups_claim(os.environ, from_file)


def signed_in_member(database, hours: int) -> Member | None:
    """The person signed in with their company account in this tab, if the sign-in is still
    good: it names the account, is younger than ``hours`` and was not signed out."""
    import workspace

    if not configured():
        return None
    found = claims()
    account = company.account(found) if found else None
    if account is None or company.too_old(found, hours, time.time()):
        return None
    login = company.login_mark(found)
    if workspace.sign_ins.company_sign_in_ended(database, login):
        return None
    return Member(company.email(found), company.label(found),
                  company.groups(found, _groups_claim()), login, account)


def unusable_sign_in() -> str | None:
    """Why the company account this browser came with does not count (no address, not
    verified), for the sign-in page; None when there is none or it is fine."""
    found = claims() if configured() else {}
    if found and company.account(found) is None:
        return ("Your company account sent neither a verified email address nor a subject, "
                "so no role can be found for it. Ask your administrator to release the "
                "email claim to SocialReady.")
    return None


def sign_in() -> None:
    """Go to the identity provider (the page leaves for its sign-in and comes back)."""
    st.login()


def sign_out(database, member: Member) -> None:
    """End this company sign-in everywhere, then clear the cookie through Streamlit (the tab
    leaves through the identity provider's sign-out when it offers one)."""
    import workspace

    workspace.sign_ins.end_company_sign_in(database, member.login)
    st.session_state.pop(MEMBER, None)
    st.logout()
