"""Company sign-in end to end: a local OpenID Connect provider (the oidc-provider-mock package,
started by the test; never an outside service), two replicas behind HAProxy on one PostgreSQL
database (deploy/replicas.py), and people in Chromium.

An owner signs in through the provider and stays signed in after a refresh, in a new tab
and after their replica dies (the other replica reads the same identity cookie: no trip to
the provider). They grant a role in the page. A viewer, signed in through a group claim,
finds only the reading pages, and a typed address of another page says it is not open to
their role. A sign-out in one tab ends the sign-in in the other tab too, and a new tab is
signed out.

HAProxy comes from Debian's package; without it this test skips, except with
``SOCIALREADY_REQUIRE_HAPROXY=1`` (as in CI), where it fails.
"""
from __future__ import annotations

import json
import os
import re
import urllib.request
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

import workspace
from deploy.replicas import start
from tests.browser.conftest import (WORKSHOP_SECRET, _free_port, require_haproxy, settle,
                                    shoot)

REPLICA_COOKIE = "SOCIALREADY_REPLICA"


@pytest.fixture
def provider():
    """A local OpenID Connect provider on a free port; yields its address."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def _person(provider: str, email: str, name: str, groups: list[str]) -> None:
    """Tell the provider who ``email`` is: the claims its ID token will carry."""
    request = urllib.request.Request(
        f"{provider}/users/{quote(email)}", method="PUT",
        data=json.dumps({"email": email, "email_verified": True, "name": name,
                         "groups": groups}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 204


@pytest.fixture
def deployed(tmp_path, postgres, provider):
    """Two replicas behind HAProxy with company sign-in configured; Olivia owns the example
    engagement and the group hr-readers may read it. Yields (deployment, db, example)."""
    require_haproxy()
    name = postgres.create()
    url = postgres.url_of(name)
    db = workspace.open_workspace(url)
    [example] = workspace.list_engagements(db)
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    workspace.roles.grant(db, example.id, "group", "hr-readers", "viewer", "facilitator")
    _person(provider, "olivia@example.com", "Olivia Owner", ["it"])
    _person(provider, "victor@example.com", "Victor Viewer", ["hr-readers"])
    port = _free_port()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{"k" * 48}"\n'
        'client_id = "socialready"\n'
        'client_secret = "socialready-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    environ = dict(os.environ, HOME=str(tmp_path), SOCIALREADY_FACILITATOR_SECRET=WORKSHOP_SECRET,
                   SOCIALREADY_WORKSPACE=str(tmp_path / "unused.db"))
    deployment = start(port, 2, url, environ=environ, log_folder=tmp_path)
    try:
        yield deployment, db, example
    finally:
        deployment.stop()
        db.close()
        postgres.drop(name)


def _browser_person(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(45_000)
    return page


def _sign_in(page, base: str, provider: str, email: str) -> None:
    """Sign in as ``email`` through the provider's own page."""
    page.goto(f"{base}/sign_in")
    settle(page)
    shoot(page, "company-sign-in")
    page.get_by_role("button", name="Sign in with your company account").click()
    page.wait_for_url(re.compile(re.escape(provider)))
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(base)))
    settle(page)


def _signed_in_as(page, email: str, role: str):
    user, domain = email.split("@")
    # The address is drawn with a word joiner before "@" (no autolink): any such mark passes.
    return expect(page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(
        f"Signed in as {re.escape(user)}\\W?@{re.escape(domain)} · {role}")))


def _nav(page):
    return page.locator('[data-testid="stSidebarNav"]')


def test_company_sign_in_survives_refresh_tabs_and_failover_and_roles_hold(deployed, browser,
                                                                           provider):
    deployment, db, example = deployed
    base = deployment.url
    owner = _browser_person(browser)
    _sign_in(owner, base, provider, "olivia@example.com")
    _signed_in_as(owner, "olivia@example.com", "owner").to_be_visible()
    expect(_nav(owner).get_by_text("Vendor scoring")).to_be_visible()

    # From here on nothing goes back to the provider: the identity cookie does the work.
    asked_provider = []
    owner.context.on("request", lambda request: asked_provider.append(request.url)
                     if request.url.startswith(provider) else None)
    owner.reload()
    settle(owner)
    _signed_in_as(owner, "olivia@example.com", "owner").to_be_visible()
    second_tab = owner.context.new_page()
    second_tab.set_default_timeout(45_000)
    second_tab.goto(f"{base}/report")
    settle(second_tab)
    _signed_in_as(second_tab, "olivia@example.com", "owner").to_be_visible()
    expect(second_tab.get_by_role("heading", name="Readiness report")).to_be_visible()

    # Failover: the owner's replica dies; a reload lands on the other one, still signed in.
    replica = {c["name"]: c["value"] for c in owner.context.cookies()}[REPLICA_COOKIE]
    deployment.kill(deployment.ports[int(replica[1:]) - 1])
    owner.reload()
    settle(owner)
    _signed_in_as(owner, "olivia@example.com", "owner").to_be_visible(timeout=60_000)
    assert {c["name"]: c["value"] for c in owner.context.cookies()}[REPLICA_COOKIE] != replica
    assert asked_provider == []

    # The owner grants a role in the page; the trail says who did.
    owner.get_by_role("textbox", name="Email address").fill("bob@example.com")
    owner.get_by_role("button", name="Grant the role").click()
    settle(owner)
    expect(owner.get_by_text(re.compile(r"bob\W?@example\.com is now viewer of this "
                                        "engagement"))).to_be_visible()
    shoot(owner, "company-owner-roles")
    assert workspace.roles.roles_of(db, "bob@example.com") == {example.id: frozenset({"viewer"})}
    trail = workspace.audit.audit_trail(db, example.id)
    assert trail.iloc[-1][["actor", "kind", "item_name", "new_value"]].tolist() == [
        "olivia@example.com", "access", "bob@example.com", "viewer"]

    # A viewer by group: only the reading pages; another page's address says so.
    viewer = _browser_person(browser)
    _sign_in(viewer, base, provider, "victor@example.com")
    _signed_in_as(viewer, "victor@example.com", "viewer").to_be_visible()
    expect(_nav(viewer).get_by_text("Readiness report")).to_be_visible()
    expect(_nav(viewer).get_by_text("Vendor scoring")).to_have_count(0)
    expect(_nav(viewer).get_by_text("Live workshop")).to_have_count(0)
    viewer.goto(f"{base}/scoring")
    settle(viewer)
    expect(viewer.get_by_role("heading", name="Not open to your role")).to_be_visible()
    shoot(viewer, "company-viewer-not-open")
    viewer.goto(f"{base}/exports")
    settle(viewer)
    expect(viewer.get_by_role("heading", name="Exports")).to_be_visible()
    expect(viewer.get_by_text("Download backup (.json.gz)")).to_have_count(0)

    # Signing out in one tab signs out the other tab too, and a new tab, but not Victor.
    owner.get_by_role("button", name="Sign out").click()
    owner.wait_for_url(re.compile(re.escape(provider)))
    owner.get_by_role("button", name="End session").click()
    owner.wait_for_url(re.compile(re.escape(base)))
    settle(owner)
    expect(_nav(owner).get_by_text("Sign in")).to_be_visible()
    expect(second_tab.get_by_text(re.compile("Your company sign-in has ended"))
           ).to_be_visible(timeout=30_000)
    expect(_nav(second_tab).get_by_text("Readiness report")).to_have_count(0)
    third_tab = owner.context.new_page()
    third_tab.goto(f"{base}/report")
    settle(third_tab)
    expect(third_tab.get_by_role("heading", name="Sign in or join first")).to_be_visible()
    viewer.reload()
    settle(viewer)
    _signed_in_as(viewer, "victor@example.com", "viewer").to_be_visible()
