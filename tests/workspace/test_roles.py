"""Roles in an engagement (company sign-in): granted to an address or a group, one per
address or group, the strongest together, kept in the audit trail, never leaving an
engagement without an owner; and company sign-outs that every replica sees."""
import pytest

import workspace
from workspace import roles
from workspace.audit import audit_trail


@pytest.fixture
def two(fresh_db):
    first = workspace.create_engagement(fresh_db, "Contoso 2027")
    second = workspace.create_engagement(fresh_db, "Fabrikam pulse")
    return first.id, second.id


def test_a_person_holds_the_roles_of_their_address_and_of_each_of_their_groups(fresh_db, two):
    contoso, fabrikam = two
    roles.grant(fresh_db, contoso, "email", "  Ann.Lee@Example.COM ", "scorer", "facilitator")
    roles.grant(fresh_db, contoso, "group", "hr-leads", "viewer", "facilitator")
    roles.grant(fresh_db, fabrikam, "group", "IT-Leads", "owner", "facilitator")
    held = roles.roles_of(fresh_db, "ann.lee@example.com", ["hr-leads", "it-leads"])
    # Addresses compare in lower case; group ids as the provider sends them ("IT-Leads" is
    # not "it-leads").
    assert held == {contoso: frozenset({"scorer", "viewer"})}
    assert roles.capabilities(held[contoso]) == {"score", "compare", "read"}
    assert roles.roles_of(fresh_db, "bob@example.com", ["IT-Leads"]) == {
        fabrikam: frozenset({"owner"})}
    assert roles.roles_of(fresh_db, None, []) == {}


def test_granting_again_replaces_the_role_and_the_trail_keeps_each_step(fresh_db, two):
    contoso, _ = two
    roles.grant(fresh_db, contoso, "email", "owner@example.com", "owner", "facilitator")
    roles.grant(fresh_db, contoso, "email", "ann@example.com", "viewer", "owner@example.com")
    roles.grant(fresh_db, contoso, "email", "ANN@example.com", "facilitator",
                "owner@example.com")
    roles.revoke(fresh_db, contoso, "email", "ann@example.com", "owner@example.com")
    assert [(g.principal, g.role) for g in roles.grants(fresh_db, contoso)] == [
        ("owner@example.com", "owner")]
    trail = audit_trail(fresh_db, contoso)
    assert [(r.actor, r.kind, r.item_name, r.field, r.old_value, r.new_value)
            for r in trail.itertuples()] == [
        ("facilitator", "access", "owner@example.com", "role", None, "owner"),
        ("owner@example.com", "access", "ann@example.com", "role", None, "viewer"),
        ("owner@example.com", "access", "ann@example.com", "role", "viewer", "facilitator"),
        ("owner@example.com", "access", "ann@example.com", "role", "facilitator", None)]


def test_an_engagement_with_an_owner_keeps_one(fresh_db, two):
    contoso, _ = two
    roles.grant(fresh_db, contoso, "email", "owner@example.com", "owner", "facilitator")
    with pytest.raises(workspace.InvalidInput, match="only owner"):
        roles.revoke(fresh_db, contoso, "email", "owner@example.com", "owner@example.com")
    with pytest.raises(workspace.InvalidInput, match="only owner"):
        roles.grant(fresh_db, contoso, "email", "owner@example.com", "viewer",
                    "owner@example.com")
    roles.grant(fresh_db, contoso, "group", "it-leads", "owner", "owner@example.com")
    roles.revoke(fresh_db, contoso, "email", "owner@example.com", "it-leads member")
    assert roles.roles_of(fresh_db, "owner@example.com") == {}
    assert len(audit_trail(fresh_db, contoso)) == 3      # the refusals wrote nothing


@pytest.mark.parametrize("kind, principal, message", [
    ("email", "not an address", "not an email address"),
    ("email", "a@b.c" + "x" * 260, "at most 254"),
    ("email", 42, "must be text"),
    ("group", "   ", "Name the group"),
    ("group", "x" * 201, "keep it to 200"),
    ("group", "hr\x00leads", "control characters"),
    ("team", "hr", "email address or a group"),
])
def test_a_malformed_grant_is_refused_and_changes_nothing(fresh_db, two, kind, principal,
                                                          message):
    contoso, _ = two
    with pytest.raises(workspace.InvalidInput, match=message):
        roles.grant(fresh_db, contoso, kind, principal, "viewer", "facilitator")
    with pytest.raises(workspace.InvalidInput, match="role must be one of"):
        roles.grant(fresh_db, contoso, "email", "ann@example.com", "admin", "facilitator")
    assert roles.grants(fresh_db, contoso) == []
    assert audit_trail(fresh_db, contoso).empty


def test_taking_away_a_role_nobody_holds_says_so(fresh_db, two):
    contoso, _ = two
    with pytest.raises(workspace.NotFound, match="holds no role"):
        roles.revoke(fresh_db, contoso, "email", "ann@example.com", "facilitator")


def test_deleting_an_engagement_takes_its_roles_with_it(fresh_db, two):
    contoso, fabrikam = two
    roles.grant(fresh_db, contoso, "email", "ann@example.com", "viewer", "facilitator")
    roles.grant(fresh_db, fabrikam, "email", "ann@example.com", "scorer", "facilitator")
    workspace.delete_engagement(fresh_db, contoso)
    assert roles.roles_of(fresh_db, "ann@example.com") == {fabrikam: frozenset({"scorer"})}


def test_a_backup_carries_the_history_of_roles_but_grants_nothing(fresh_db, two):
    """Who may open an engagement belongs to the installation, not to the engagement's
    content: a restored copy starts with no roles (its restorer's owner role is added by the
    page), while its audit trail still tells who held which."""
    contoso, _ = two
    roles.grant(fresh_db, contoso, "email", "ann@example.com", "owner", "facilitator")
    restored = workspace.restore_engagement(fresh_db, workspace.backup_bytes(fresh_db, contoso))
    assert roles.grants(fresh_db, restored) == []
    trail = audit_trail(fresh_db, restored)
    assert list(trail["kind"]) == ["access"] and list(trail["new_value"]) == ["owner"]


def test_a_company_sign_out_is_seen_by_every_reader_of_the_workspace(fresh_db, workspace_path):
    mark = "a" * 64
    assert not workspace.sign_ins.company_sign_in_ended(fresh_db, mark)
    workspace.sign_ins.end_company_sign_in(fresh_db, mark)
    workspace.sign_ins.end_company_sign_in(fresh_db, mark)         # twice is harmless
    other = workspace.open_workspace(workspace_path, seed_example_engagement=False)
    assert workspace.sign_ins.company_sign_in_ended(other, mark)
    assert not workspace.sign_ins.company_sign_in_ended(other, "b" * 64)


def test_a_company_account_scores_in_a_place_of_its_own_found_by_account_never_by_name(
        fresh_db, two):
    contoso, fabrikam = two
    typed = workspace.add_participant(fresh_db, contoso, "ANN@example.com")
    place = roles.scorer_for(fresh_db, contoso, "ann@example.com", "ann@example.com")
    assert place.id != typed.id and place.name == "ann@example.com (2)"
    assert roles.scorer_for(fresh_db, contoso, "ann@example.com", "renamed") == place
    elsewhere = roles.scorer_for(fresh_db, fabrikam, "ann@example.com", "ann@example.com")
    assert elsewhere.name == "ann@example.com" and elsewhere.engagement_id == fabrikam
    other = roles.scorer_for(fresh_db, contoso, "https://idp|u-17", "Ann Lee")
    assert other.name == "Ann Lee"
    with pytest.raises(workspace.InvalidInput):
        roles.scorer_for(fresh_db, contoso, "", "x")
