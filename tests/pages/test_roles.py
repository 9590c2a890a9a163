"""Company sign-in and roles in the pages: each role opens its pages and no other, the
controls it may not use are not drawn, owners grant roles, and a sign-out or an old sign-in
ends the member's access.

The identity provider's answer (what Streamlit reads from its cookie: ``st.user``) is given
by replacing ``ui.identity.claims``; tests/browser/test_company_sign_in_journey.py signs in
through a real OpenID Connect provider.
"""
import time

import pytest

import workspace
from tests.pages.helpers import errors, no_exceptions, texts
from ui import identity
from workshops import company

SECRET = "correct horse battery staple"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 48,
        "client_id": "socialready", "client_secret": "s" * 24,
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration"}
EVERY_PAGE = {"pages/engagements.py", "pages/culture.py", "pages/maturity.py",
              "pages/report.py", "pages/banks.py", "pages/requirements.py", "pages/weights.py",
              "pages/vendors.py", "pages/scoring.py", "pages/comparison.py",
              "pages/workshop.py", "pages/presenter.py", "pages/join.py", "pages/exports.py",
              "pages/pulse.py", "pages/pulse_results.py", "pages/pulse_answer.py"}
PAGES_OF = {
    "owner": EVERY_PAGE,
    "facilitator": EVERY_PAGE,
    "scorer": {"pages/engagements.py", "pages/scoring.py", "pages/comparison.py"},
    "viewer": {"pages/engagements.py", "pages/report.py", "pages/comparison.py",
               "pages/exports.py", "pages/pulse_results.py"},
}


def claims_of(email: str, groups=(), issued: float | None = None, nonce: str = "n1") -> dict:
    return {"is_logged_in": True, "email": email, "email_verified": True,
            "name": email.split("@")[0].title(),
            "iss": "http://localhost:9400", "sub": email, "nonce": nonce,
            "iat": time.time() if issued is None else issued, "groups": list(groups)}


@pytest.fixture
def signed_in(app, workspace_path, monkeypatch):
    """The app with company sign-in configured; call it with claims to be that person."""
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    app.secrets["auth"] = AUTH
    db = workspace.open_workspace(workspace_path)
    example = workspace.list_engagements(db)[0]

    def as_person(claims: dict):
        monkeypatch.setattr(identity, "claims", lambda: dict(claims))
        return app
    return as_person, db, example


def _menu(at) -> set[str]:
    return set(at.session_state["access.pages"])


@pytest.mark.parametrize("role", ["owner", "facilitator", "scorer", "viewer"])
def test_each_role_opens_its_pages_and_every_one_of_them_renders(signed_in, role):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "ann@example.com", role, "facilitator")
    at = as_person(claims_of("ann@example.com")).run()
    no_exceptions(at)
    assert _menu(at) == PAGES_OF[role]
    assert f"ann@example.com** · {role}" in texts(at)
    for page in sorted(PAGES_OF[role] - {"pages/engagements.py"}):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert "Not open to your role" not in texts(at), page


def test_a_role_given_to_a_group_opens_the_engagement_to_its_members(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "group", "hr-readers", "viewer", "facilitator")
    at = as_person(claims_of("zoe@example.com", groups=["hr-readers"])).run()
    assert _menu(at) == PAGES_OF["viewer"]
    at = as_person(claims_of("zoe@example.com", groups=["sales"])).run()
    assert _menu(at) == {"pages/engagements.py"}
    assert "You hold no role in any engagement yet" in texts(at)
    assert example.name not in texts(at)


def test_a_member_sees_only_the_engagements_they_hold_a_role_in(signed_in):
    as_person, db, example = signed_in
    other = workspace.create_engagement(db, "Fabrikam 2027 (confidential)")
    workspace.roles.grant(db, other.id, "email", "ann@example.com", "viewer", "facilitator")
    at = as_person(claims_of("ann@example.com")).run()
    assert "Fabrikam 2027 (confidential)" in texts(at)
    assert example.name not in texts(at)
    picker = at.sidebar.selectbox(key="engagement.picker")
    assert picker.options == ["Fabrikam 2027 (confidential)"]


def test_an_engagement_named_in_the_link_without_a_role_is_not_opened(signed_in):
    as_person, db, example = signed_in
    mine = workspace.create_engagement(db, "Mine")
    workspace.roles.grant(db, mine.id, "email", "ann@example.com", "owner", "facilitator")
    at = as_person(claims_of("ann@example.com"))
    at.query_params["e"] = str(example.id)
    at.run()
    assert at.session_state["engagement_id"] == mine.id
    assert "You hold no role in the engagement" in texts(at)


def test_a_viewer_cannot_change_what_they_read(signed_in):
    """Reading pages draw no control that writes: no action plan, snapshot, sign-off or
    suggestion to accept; exports give no backup and no names."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "vic@example.com", "viewer", "facilitator")
    at = as_person(claims_of("vic@example.com")).run()
    at.switch_page("pages/report.py").run()
    no_exceptions(at)
    labels = {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}
    assert not labels & {"Save", "Save a snapshot of today's result", "Rename"}
    at.switch_page("pages/comparison.py").run()
    no_exceptions(at)
    labels = {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}
    assert not labels & {"Sign off this decision", "Accept the suggestion"}
    at.switch_page("pages/exports.py").run()
    no_exceptions(at)
    assert "The backup and restoring one are for the engagement's owners." in texts(at)
    assert not [c for c in at.checkbox if c.key == "exports.include_names"]
    assert "Backup and restore" not in texts(at)
    at.switch_page("pages/engagements.py").run()
    assert "Rename or edit details" not in texts(at) and "People and roles" not in texts(at)


def test_a_scorer_scores_as_themselves_and_nobody_can_take_their_place(signed_in):
    """A workshop participant who typed the scorer's address as their name does not become
    the scorer: the scorer gets a place of their own."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "sam@example.com", "scorer", "facilitator")
    impostor = workspace.add_participant(db, example.id, "Sam@example.com")
    at = as_person(claims_of("sam@example.com")).run()
    at.switch_page("pages/scoring.py").run()
    no_exceptions(at)
    assert "Scoring as **sam@example.com (2)** (your company account)" in texts(at)
    assert "Who is answering?" not in texts(at) and "All scorers" not in texts(at)
    names = [p.name for p in workspace.list_participants(db, example.id)]
    at.run()      # the next visit finds the same place
    assert [p.name for p in workspace.list_participants(db, example.id)] == names
    place = workspace.roles.scorer_for(db, example.id, "sam@example.com", "sam@example.com")
    assert place.id != impostor.id and place.name == "sam@example.com (2)"


def test_an_owner_grants_and_takes_away_roles_and_the_trail_says_who(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    at = as_person(claims_of("olivia@example.com")).run()
    assert "People and roles" in texts(at)
    at.text_input(key="roles.principal").input("Bob@Example.com")
    at.selectbox(key="roles.role").select("scorer")
    at.button(key="roles.grant").click().run()
    no_exceptions(at)
    assert "bob@example.com is now scorer of this engagement." in texts(at)
    at.radio(key="roles.kind").set_value("group").run()
    at.text_input(key="roles.principal").input("steering-committee")
    at.selectbox(key="roles.role").select("viewer")
    at.button(key="roles.grant").click().run()
    assert workspace.roles.roles_of(db, "bob@example.com", ["steering-committee"]) == {
        example.id: frozenset({"scorer", "viewer"})}
    # The only owner cannot be taken away: a clear message, nothing changed.
    at.selectbox(key="roles.remove").select("email:olivia@example.com")
    at.button(key="roles.revoke").click().run()
    assert "only owner" in " ".join(errors(at)) + texts(at)
    at.selectbox(key="roles.remove").select("email:bob@example.com")
    at.button(key="roles.revoke").click().run()
    assert workspace.roles.roles_of(db, "bob@example.com") == {}
    trail = workspace.audit.audit_trail(db, example.id)
    access = trail[trail["kind"] == "access"]
    assert list(zip(access["actor"], access["item_name"], access["old_value"],
                    access["new_value"])) == [
        ("facilitator", "olivia@example.com", None, "owner"),
        ("olivia@example.com", "bob@example.com", None, "scorer"),
        ("olivia@example.com", "group steering-committee", None, "viewer"),
        ("olivia@example.com", "bob@example.com", "scorer", None)]


def test_a_hostile_grant_is_refused_in_the_page_and_stored_as_nothing(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    at = as_person(claims_of("olivia@example.com")).run()
    at.text_input(key="roles.principal").input("=HYPERLINK(\"http://evil\")")
    at.button(key="roles.grant").click().run()
    no_exceptions(at)
    assert "is not an email address" in " ".join(errors(at)) + texts(at)
    assert len(workspace.roles.grants(db, example.id)) == 1


def test_a_member_who_creates_an_engagement_owns_it(signed_in):
    as_person, db, _ = signed_in
    at = as_person(claims_of("new@example.com")).run()
    at.text_input(key="new.name").input("Tailspin intranet review")
    at.button(key="new.create").click().run()
    no_exceptions(at)
    created = next(e for e in workspace.list_engagements(db)
                   if e.name == "Tailspin intranet review")
    assert workspace.roles.roles_of(db, "new@example.com") == {created.id: frozenset({"owner"})}
    assert _menu(at) == PAGES_OF["owner"]


def test_a_sign_out_elsewhere_ends_the_member_in_this_tab(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "ann@example.com", "viewer", "facilitator")
    claims = claims_of("ann@example.com")
    at = as_person(claims).run()
    assert _menu(at) == PAGES_OF["viewer"]
    workspace.sign_ins.end_company_sign_in(db, company.login_mark(claims))
    at.run()
    assert _menu(at) == {"pages/join.py", "pages/sign_in.py"}
    assert "Your company sign-in has ended" in texts(at)
    # A new sign-in (a new nonce and time from the provider) opens the pages again.
    at = as_person(claims_of("ann@example.com", nonce="n2")).run()
    assert _menu(at) == PAGES_OF["viewer"]


def test_a_sign_in_older_than_the_sign_in_hours_asks_again(signed_in, monkeypatch):
    as_person, db, example = signed_in
    monkeypatch.setenv("SOCIALREADY_SIGN_IN_HOURS", "8")
    workspace.roles.grant(db, example.id, "email", "ann@example.com", "viewer", "facilitator")
    at = as_person(claims_of("ann@example.com", issued=time.time() - 9 * 3600)).run()
    assert _menu(at) == {"pages/join.py", "pages/sign_in.py"}
    at = as_person(claims_of("ann@example.com", issued=time.time() - 7 * 3600)).run()
    assert _menu(at) == PAGES_OF["viewer"]


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_address_the_provider_does_not_vouch_for_opens_nothing_but_groups_still_count(
        signed_in, verified):
    """Some providers let people set their own address: without ``email_verified`` a role
    granted to an address is not theirs; their groups' roles are."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "boss@example.com", "owner", "facilitator")
    workspace.roles.grant(db, example.id, "group", "hr", "viewer", "facilitator")
    claims = dict(claims_of("boss@example.com", groups=["hr"]), email_verified=verified)
    if verified is None:
        del claims["email_verified"]
    at = as_person(claims).run()
    assert _menu(at) == PAGES_OF["viewer"]
    assert "Signed in as **Boss (company account)** · viewer" in texts(at)
    assert "your company account sent none that it vouches for" in texts(at)
    assert not [b for b in at.button if b.key == "new.create"]
    at = as_person(dict(claims, groups=[])).run()
    assert _menu(at) == {"pages/engagements.py"}


def test_an_account_without_address_or_subject_is_told_why(signed_in):
    as_person, _, _ = signed_in
    at = as_person({"is_logged_in": True, "name": "Nobody"}).run()
    assert _menu(at) == {"pages/join.py", "pages/sign_in.py"}
    at.switch_page("pages/sign_in.py").run()
    assert "sent neither a verified email address nor a subject" in texts(at)


def test_a_role_taken_away_stops_the_open_tab_before_its_next_change(signed_in):
    """The page was drawn while Olivia was owner; her role is taken away meanwhile. Her
    next click (a callback, which runs before the run's own check) is refused, and the run
    gives her the menu she has now."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    at = as_person(claims_of("olivia@example.com")).run()
    workspace.roles.grant(db, example.id, "email", "other@example.com", "owner", "facilitator")
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "viewer",
                          "other@example.com")
    at.text_input(key="roles.principal").input("mallory@example.com")
    at.selectbox(key="roles.role").select("owner")
    at.button(key="roles.grant").click().run()
    assert workspace.roles.roles_of(db, "mallory@example.com") == {}
    assert _menu(at) == PAGES_OF["viewer"]
    assert "People and roles" not in texts(at)


def test_only_the_administrator_installs_banks(signed_in):
    """An installed bank serves every engagement: an owner of one may choose banks for it,
    not replace them for everyone."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    at = as_person(claims_of("olivia@example.com")).run()
    at.switch_page("pages/banks.py").run()
    no_exceptions(at)
    assert "the administrator (the holder of the facilitator secret) installs" in texts(at)
    assert not at.get("file_uploader")


def test_a_scorer_does_not_see_the_comparison_while_scoring_is_blind(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "sam@example.com", "scorer", "facilitator")
    workspace.blind.set_blind(db, example.id, True)
    at = as_person(claims_of("sam@example.com")).run()
    at.switch_page("pages/comparison.py").run()
    no_exceptions(at)
    assert "the comparison opens to scorers once the facilitator turns it off" in texts(at)
    vendors = [v.name for v in workspace.list_vendors(db, example.id)]
    assert vendors and not any(name in texts(at) for name in vendors)


def test_exports_without_names_leave_out_who_was_given_a_role(signed_in):
    from outcomes import exports

    _, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "ann@example.com", "viewer", "facilitator")
    assert b"ann@example.com" not in exports.audit_csv(db, example.id, False)
    assert b"ann@example.com" in exports.audit_csv(db, example.id, True)


def test_the_sign_in_page_offers_the_company_account_and_the_secret(signed_in):
    as_person, _, _ = signed_in
    at = as_person({}).run()
    at.switch_page("pages/sign_in.py").run()
    no_exceptions(at)
    assert [b.label for b in at.button] == ["Sign in with your company account",
                                           "Sign in with the secret"]


def test_the_secret_holder_sees_every_engagement_and_grants_roles(signed_in):
    as_person, db, example = signed_in
    other = workspace.create_engagement(db, "Fabrikam")
    at = as_person({}).run()
    at.switch_page("pages/sign_in.py").run()
    at.text_input(key="sign_in.secret").input(SECRET)
    at.button(key="sign_in.submit").click().run()
    at.switch_page("pages/engagements.py").run()
    assert _menu(at) >= EVERY_PAGE
    assert {example.name, "Fabrikam"} <= set(at.sidebar.selectbox(key="engagement.picker")
                                             .options)
    assert "People and roles" in texts(at)
    assert other.id


@pytest.mark.parametrize("auth, message", [
    ({k: v for k, v in AUTH.items() if k != "client_secret"}, "lacks client_secret"),
    (dict(AUTH, redirect_uri="http://localhost:8501/"), "ending in /oauth2callback"),
    (dict(AUTH, cookie_secret="short"), "cookie_secret is 5 characters long"),
])
def test_a_broken_company_sign_in_setting_stops_the_app_with_what_to_fix(app, monkeypatch,
                                                                       auth, message):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    app.secrets["auth"] = auth
    at = app.run()
    assert "cannot serve anyone until its settings are fixed" in " ".join(errors(at))
    assert message in " ".join(errors(at))


def test_company_sign_in_without_a_facilitator_secret_is_refused(app, monkeypatch):
    monkeypatch.delenv("SOCIALREADY_FACILITATOR_SECRET", raising=False)
    app.secrets["auth"] = AUTH
    at = app.run()
    assert "Company sign-in needs a facilitator secret too" in " ".join(errors(at))


def test_a_click_after_the_role_was_lowered_changes_nothing(signed_in):
    """Streamlit runs a callback before app.py's checks: the click of a facilitator made a
    viewer while the report was open saves no snapshot, and says why."""
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "fay@example.com", "facilitator",
                          "facilitator")
    at = as_person(claims_of("fay@example.com")).run()
    at.switch_page("pages/report.py").run()
    before = len(workspace.list_snapshots(db, example.id))
    workspace.roles.grant(db, example.id, "email", "fay@example.com", "viewer", "facilitator")
    at.get("form_submit_button")[[b.label for b in at.get("form_submit_button")].index(
        "Save a snapshot of today's result")].click().run()
    no_exceptions(at)
    assert len(workspace.list_snapshots(db, example.id)) == before
    assert "no longer allows this: nothing was changed" in texts(at) + " ".join(errors(at))
    assert _menu(at) == PAGES_OF["viewer"]


def test_a_click_after_a_sign_out_elsewhere_changes_nothing(signed_in):
    as_person, db, example = signed_in
    claims = claims_of("olivia@example.com")
    workspace.roles.grant(db, example.id, "email", "olivia@example.com", "owner", "facilitator")
    at = as_person(claims).run()
    workspace.sign_ins.end_company_sign_in(db, company.login_mark(claims))
    at.text_input(key="new.name").input("Made after signing out")
    at.button(key="new.create").click().run()
    no_exceptions(at)
    assert "Made after signing out" not in [e.name for e in workspace.list_engagements(db)]
    assert _menu(at) == {"pages/join.py", "pages/sign_in.py"}


def test_blind_scoring_keeps_the_exports_from_a_scorer_who_also_reads(signed_in):
    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "sam@example.com", "scorer", "facilitator")
    workspace.roles.grant(db, example.id, "group", "readers", "viewer", "facilitator")
    workspace.blind.set_blind(db, example.id, True)
    at = as_person(claims_of("sam@example.com", groups=["readers"])).run()
    at.switch_page("pages/exports.py").run()
    no_exceptions(at)
    assert "the exports name the vendors" in texts(at)
    assert not [b for b in at.button if "Prepare" in (b.label or "")]


def test_a_member_answers_a_pulse_survey_by_its_link_like_anyone(signed_in):
    """Signed in with a company account, a pulse survey link still makes the tab a
    respondent's, whose controls the member's checks leave alone."""
    from datetime import date, timedelta

    as_person, db, example = signed_in
    workspace.roles.grant(db, example.id, "email", "vic@example.com", "viewer", "facilitator")
    campaign = workspace.pulse.create_campaign(
        db, example.id, "Autumn pulse", date.today() - timedelta(days=1),
        date.today() + timedelta(days=10))
    campaign = workspace.pulse.open_campaign(db, campaign.id)
    at = as_person(claims_of("vic@example.com"))
    at.query_params["pulse"] = campaign.open_link
    at.run()
    no_exceptions(at)
    assert _menu(at) == {"pages/pulse_answer.py"}
    at.button(key="pulse.start").click().run()
    no_exceptions(at)
    assert "no longer allows this" not in texts(at)
    assert db.value("SELECT count(*) FROM pulse_respondents WHERE campaign_id = ?",
                    [campaign.id]) == 1
