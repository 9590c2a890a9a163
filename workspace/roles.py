"""Roles in an engagement for people who sign in with their company account.

A role is granted to one email address or to a group the identity provider names in its
groups claim, per engagement; a person holds every role granted to their address or to a
group of theirs. What each role may do is :data:`CAPABILITIES`:

- owner: everything, including who holds which role, the backup and deleting the engagement;
- facilitator: run workshops and pulse campaigns, edit questionnaires, requirements,
  weights and vendors, and read every report;
- scorer: score vendors and see the comparison;
- viewer: read the reports (readiness report, comparison, pulse results, exports).

Every grant, change and removal is written to the engagement's audit trail (kind
``access``) in the same transaction. An engagement keeps at least one owner once it has
one. Participants are not here: they come by a join code or a private link.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datafiles.text import NAME_MAX, clean_name
from workspace import audit
from workspace.db import now, write
from workspace.engagements import get_engagement
from workspace.errors import Conflict, InvalidInput, NotFound
from workspace.participants import Participant, new_token
from workspace.participants import _get as _get_participant
from workspace.store import Store

OWNER, FACILITATOR, SCORER, VIEWER = "owner", "facilitator", "scorer", "viewer"
ROLES = (OWNER, FACILITATOR, SCORER, VIEWER)
EMAIL, GROUP = "email", "group"
KINDS = (EMAIL, GROUP)
#: What a role lets its holder do (pages and exports ask for one of these).
OWN, RUN, SCORE, COMPARE, READ = "own", "run", "score", "compare", "read"
CAPABILITIES: dict[str, frozenset[str]] = {
    OWNER: frozenset({OWN, RUN, SCORE, COMPARE, READ}),
    FACILITATOR: frozenset({RUN, SCORE, COMPARE, READ}),
    SCORER: frozenset({SCORE, COMPARE}),
    VIEWER: frozenset({COMPARE, READ}),
}
EVERYTHING = CAPABILITIES[OWNER]
DESCRIPTIONS = {
    OWNER: "everything, including roles, the backup and deleting the engagement",
    FACILITATOR: "run workshops and pulse campaigns, edit the engagement, read the reports",
    SCORER: "score vendors and see the comparison",
    VIEWER: "read the reports and download the exports",
}
EMAIL_MAX = 254
GROUP_MAX = 200
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Grant:
    """One role held in an engagement by an email address or a group."""
    engagement_id: int
    kind: str
    principal: str
    role: str
    granted_by: str
    granted_at: str


def clean_email(text: object) -> str:
    """An email address as roles are kept under it: trimmed and in lower case.

    Raises:
        InvalidInput: not text, not shaped like an address, or longer than EMAIL_MAX.
    """
    if not isinstance(text, str):
        raise InvalidInput("An email address must be text.")
    address = text.strip().lower()
    if len(address) > EMAIL_MAX:
        raise InvalidInput(f"The email address is {len(address):,} characters long; an "
                           f"address has at most {EMAIL_MAX}.")
    if not _EMAIL.fullmatch(address) or any(ord(ch) < 32 or ch == "\x7f" for ch in address):
        raise InvalidInput(f"“{address[:80]}” is not an email address (name@company.com).")
    return address


def clean_group(text: object) -> str:
    """A group name or id as the identity provider sends it (kept as given, trimmed: group
    claims are often ids whose case matters).

    Raises:
        InvalidInput: not text, empty, with control characters, or longer than GROUP_MAX.
    """
    if not isinstance(text, str):
        raise InvalidInput("A group must be named by text.")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text.strip()):
        raise InvalidInput("The group holds control characters; type its name or id.")
    group = clean_name(text)
    if not group:
        raise InvalidInput("Name the group as the identity provider sends it.")
    if len(group) > GROUP_MAX:
        raise InvalidInput(f"The group is {len(group):,} characters long; keep it to "
                           f"{GROUP_MAX} or fewer.")
    return group


def clean_principal(kind: object, principal: object) -> tuple[str, str]:
    """(kind, principal) as kept.

    Raises:
        InvalidInput: an unknown kind, or see :func:`clean_email` and :func:`clean_group`.
    """
    if kind == EMAIL:
        return EMAIL, clean_email(principal)
    if kind == GROUP:
        return GROUP, clean_group(principal)
    raise InvalidInput(f"A role is granted to an email address or a group, not "
                       f"“{str(kind)[:30]}”.")


def _check_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInput(f"The role must be one of {', '.join(ROLES)}, not "
                           f"“{str(role)[:30]}”.")
    return str(role)


def _grant(row: dict) -> Grant:
    return Grant(int(row["engagement_id"]), row["kind"], row["principal"], row["role"],
                 row["granted_by"], row["granted_at"])


def grants(db: Store, engagement_id: int) -> list[Grant]:
    """Every role held in the engagement: owners first, then by kind and name."""
    rows = db.query("SELECT engagement_id, kind, principal, role, granted_by, granted_at "
                    "FROM engagement_roles WHERE engagement_id = ?", [engagement_id])
    return sorted((_grant(r) for r in rows),
                  key=lambda g: (ROLES.index(g.role), KINDS.index(g.kind), g.principal))


def _owners(db: Store, engagement_id: int) -> list[tuple[str, str]]:
    return [(k, p) for k, p in db.rows("SELECT kind, principal FROM engagement_roles WHERE "
                                       "engagement_id = ? AND role = ?",
                                       [engagement_id, OWNER])]


def _record(db: Store, engagement_id: int, kind: str, principal: str, old: str | None,
            new: str | None, actor: str, at: str) -> None:
    audit.record(db, engagement_id, [audit.Change(
        "access", "role", old, new, item=f"{kind}:{principal}",
        item_name=f"{'group ' if kind == GROUP else ''}{principal}")], actor, "", at)


def grant(db: Store, engagement_id: int, kind: str, principal: str, role: str,
          by: str) -> Grant:
    """Give ``principal`` (an email address or a group) ``role`` in the engagement, in place
    of any role it held there; recorded in the audit trail as done by ``by``.

    Raises:
        NotFound: no such engagement. InvalidInput: an unknown kind or role, a malformed
            address or group, or the change would leave the engagement without an owner.
    """
    get_engagement(db, engagement_id)
    kind, principal = clean_principal(kind, principal)
    role, actor, at = _check_role(role), audit.clean_actor(by), now()
    with write(db):
        old = db.value("SELECT role FROM engagement_roles WHERE engagement_id = ? AND "
                       "kind = ? AND principal = ?", [engagement_id, kind, principal])
        if old == OWNER and role != OWNER and _owners(db, engagement_id) == [(kind, principal)]:
            raise InvalidInput("This is the engagement's only owner: make someone else owner "
                               "first, so that someone can still grant roles.")
        db.execute("INSERT INTO engagement_roles (engagement_id, kind, principal, role, "
                   "granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                   "(engagement_id, kind, principal) DO UPDATE SET role = excluded.role, "
                   "granted_by = excluded.granted_by, granted_at = excluded.granted_at",
                   [engagement_id, kind, principal, role, actor, at])
        _record(db, engagement_id, kind, principal, old, role, actor, at)
    return Grant(engagement_id, kind, principal, role, actor, at)


def revoke(db: Store, engagement_id: int, kind: str, principal: str, by: str) -> None:
    """Take away the role ``principal`` holds in the engagement; recorded in the audit trail.

    Raises:
        NotFound: no such engagement, or the principal holds no role there.
        InvalidInput: it is the engagement's only owner, or a malformed kind or principal.
    """
    get_engagement(db, engagement_id)
    kind, principal = clean_principal(kind, principal)
    actor, at = audit.clean_actor(by), now()
    with write(db):
        old = db.value("SELECT role FROM engagement_roles WHERE engagement_id = ? AND "
                       "kind = ? AND principal = ?", [engagement_id, kind, principal])
        if old is None:
            raise NotFound(f"{principal} holds no role in this engagement.")
        if old == OWNER and _owners(db, engagement_id) == [(kind, principal)]:
            raise InvalidInput("This is the engagement's only owner: make someone else owner "
                               "first, so that someone can still grant roles.")
        db.execute("DELETE FROM engagement_roles WHERE engagement_id = ? AND kind = ? AND "
                   "principal = ?", [engagement_id, kind, principal])
        _record(db, engagement_id, kind, principal, old, None, actor, at)


def roles_of(db: Store, email: str | None, groups: Iterable[str] = ()
             ) -> dict[int, frozenset[str]]:
    """The roles a person holds, by engagement: those of their address (compared in lower
    case) and of each of their groups (compared as given)."""
    wanted: list[tuple[str, str]] = []
    if email:
        wanted.append((EMAIL, email.strip().lower()))
    wanted += [(GROUP, g.strip()) for g in groups if isinstance(g, str) and g.strip()]
    if not wanted:
        return {}
    held: dict[int, set[str]] = {}
    for start in range(0, len(wanted), 400):   # bound the statement's parameters
        part = wanted[start:start + 400]
        where = " OR ".join("(kind = ? AND principal = ?)" for _ in part)
        for engagement_id, role in db.rows(f"SELECT engagement_id, role FROM engagement_roles "
                                           f"WHERE {where}",
                                           [value for pair in part for value in pair]):
            held.setdefault(int(engagement_id), set()).add(role)
    return {engagement: frozenset(roles) for engagement, roles in held.items()}


def capabilities(roles: Iterable[str]) -> frozenset[str]:
    """Everything the given roles together allow."""
    allowed: set[str] = set()
    for role in roles:
        allowed |= CAPABILITIES.get(role, frozenset())
    return frozenset(allowed)


MEMBER_KEY_MAX = 300


def scorer_for(db: Store, engagement_id: int, member: str, name: str) -> Participant:
    """The participant a company account ``member`` (its address, or its provider's issuer
    and subject) scores as in the engagement: made on its first visit under ``name``, or
    ``name (2)``... when a workshop participant already goes by that name. Never matched by
    name: a participant who typed someone's address as their name does not become them.

    Raises:
        NotFound: no such engagement. InvalidInput: an empty or over-long member key.
    """
    get_engagement(db, engagement_id)
    if not isinstance(member, str) or not member or len(member) > MEMBER_KEY_MAX:
        raise InvalidInput("A company account needs a key of at most "
                           f"{MEMBER_KEY_MAX} characters.")
    name = clean_name(name)[:NAME_MAX] or "Scorer"
    for attempt in range(2):
        try:
            return _get_participant(db, "id", _scorer_place(db, engagement_id, member, name))
        except Conflict:        # another tab of theirs made the place at the same moment
            if attempt:
                raise
    raise AssertionError("unreachable")


def _scorer_place(db: Store, engagement_id: int, member: str, name: str) -> int:
    with write(db):
        found = db.value("SELECT participant_id FROM member_scorers WHERE engagement_id = ? "
                         "AND member = ?", [engagement_id, member])
        if found is not None:
            return int(found)
        # Names are unique in an engagement whatever their case (SQLite NOCASE, PostgreSQL
        # lower()): compare folded.
        taken = {str(row[0]).lower() for row in db.rows(
            "SELECT name FROM participants WHERE engagement_id = ?", [engagement_id])}
        chosen = next(candidate for candidate in
                      (name if n == 1 else f"{name[:NAME_MAX - 8]} ({n})"
                       for n in range(1, 100_000)) if candidate.lower() not in taken)
        participant_id = db.insert(
            "INSERT INTO participants (engagement_id, name, token, created_at) "
            "VALUES (?, ?, ?, ?)", [engagement_id, chosen, new_token(), now()])
        db.execute("INSERT INTO member_scorers (engagement_id, member, participant_id) "
                   "VALUES (?, ?, ?)", [engagement_id, member, participant_id])
    return int(participant_id)
