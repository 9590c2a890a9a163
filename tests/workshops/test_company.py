"""What an identity provider's claims mean here (workshops/company.py): the address roles are
granted to, the groups, one sign-in's mark, its age, and the settings it needs."""
import pytest

from workshops import company

AUTH = {"redirect_uri": "https://socialready.example.com/oauth2callback",
        "cookie_secret": "k" * 40, "client_id": "app", "client_secret": "s" * 20,
        "server_metadata_url": "https://login.example.com/.well-known/openid-configuration"}


@pytest.mark.parametrize("claims, expected", [
    ({"email": " Ann.Lee@Example.com ", "email_verified": True}, "ann.lee@example.com"),
    ({"email": "ann@example.com", "email_verified": "true"}, "ann@example.com"),
    ({"email": "ann@example.com", "email_verified": False}, None),
    ({"email": "ann@example.com", "email_verified": "false"}, None),
    ({"email": "ann@example.com"}, None),               # a provider that does not vouch
    ({"email": "ann@localhost", "email_verified": True}, None),
    ({"email": ["ann@example.com"], "email_verified": True}, None),
])
def test_only_an_address_the_provider_vouches_for_counts(claims, expected):
    assert company.email(claims) == expected


def test_an_account_without_a_verified_address_is_named_by_issuer_and_subject():
    assert company.account({"iss": "https://idp", "sub": "u-17", "email": "x@y.z"}) == \
        "https://idp|u-17"
    assert company.account({"email": "a@b.co", "email_verified": True}) == "a@b.co"
    assert company.account({"name": "Nobody"}) is None
    assert company.label({"iss": "https://idp", "sub": "u-17", "name": " Ann   Lee "}) == \
        "Ann Lee (company account)"
    assert company.label({"sub": "u-17", "name": "facilitator"}) == \
        "facilitator (company account)"


def test_groups_come_from_the_configured_claim_as_text_only():
    claims = {"groups": ["hr", " hr ", "", 7, None, "it"], "roles": "admins"}
    assert company.groups(claims) == ("hr", "it")
    assert company.groups(claims, "roles") == ("admins",)
    assert company.groups({"groups": {"hr": 1}}) == ()
    assert len(company.groups({"groups": [f"g{n}" for n in range(5000)]})) == \
        company.GROUPS_MAX
    assert company.groups_claim({"SOCIALREADY_GROUPS_CLAIM": "roles"}, {}) == "roles"
    assert company.groups_claim({}, {}) == "groups"


def test_each_sign_in_has_its_own_mark_and_an_age():
    first = {"iss": "i", "sub": "ann", "iat": 1000, "nonce": "a"}
    assert company.login_mark(first) == company.login_mark(dict(first))
    assert company.login_mark(first) != company.login_mark(dict(first, nonce="b"))
    assert company.login_mark(first) != company.login_mark(dict(first, iat=1001))
    assert not company.too_old(first, hours=1, now=1000 + 3599)
    assert company.too_old(first, hours=1, now=1000 + 3601)
    assert not company.too_old({"iat": True}, hours=1, now=10 ** 9)


@pytest.mark.parametrize("auth, secret, message", [
    ({k: v for k, v in AUTH.items() if k not in ("client_id", "cookie_secret")}, True,
     "lacks cookie_secret, client_id"),
    (dict(AUTH, redirect_uri="https://socialready.example.com/"), True, "/oauth2callback"),
    (dict(AUTH, redirect_uri="javascript:alert(1)//oauth2callback"), True, "/oauth2callback"),
    (dict(AUTH, server_metadata_url="file:///etc/passwd"), True, "http(s) address"),
    (dict(AUTH, cookie_secret="x" * 31), True, "at least 32"),
    (AUTH, False, "needs a facilitator secret too"),
])
def test_company_sign_in_settings_that_cannot_work_are_named(auth, secret, message):
    found = company.problems(auth, secret)
    assert len(found) == 1 and message in found[0]


def test_good_settings_and_no_settings_have_no_problem():
    assert company.problems(AUTH, True) == []
    assert company.problems({}, False) == [] and company.problems(None, False) == []
