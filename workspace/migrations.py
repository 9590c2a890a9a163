"""Schema versions of the workspace, one list for both engines, applied in order.

A SQLite file records the versions it has in ``_sqlite_migrations`` (the table sqlite-utils
kept before, so older files upgrade in place), a PostgreSQL database in ``schema_migrations``.
The history m001-m023 was written for SQLite alone: a new PostgreSQL database starts from
the schema it left (:mod:`workspace.schema_postgres`) and is recorded as having those
versions. Every later migration runs on both engines. Add a new function at the end for
every schema change and never edit one that has shipped.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from datafiles.text import DIRECTION_CONTROLS, NAME_MAX, clean_name
from workspace import schema_postgres
from workspace.db import now
from workspace.errors import Conflict
from workspace.store import Store

MIGRATION_SET = "socialready"
# The last migration of the SQLite-only history; PostgreSQL starts after it.
HISTORY_END = "m023_action_plan"
# Held while migrating, so that replicas starting together migrate once (PostgreSQL).
_MIGRATION_LOCK = 7_277_100_014


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Store], None]


class _Migrations:
    """The ordered list of migrations; ``@migrations()`` adds a function to its end."""

    def __init__(self) -> None:
        self._migrations: list[Migration] = []

    def __call__(self) -> Callable[[Callable[[Store], None]], Callable[[Store], None]]:
        def add(function: Callable[[Store], None]) -> Callable[[Store], None]:
            self._migrations.append(Migration(function.__name__, function))
            return function
        return add

    @property
    def names(self) -> list[str]:
        return [m.name for m in self._migrations]

    def __iter__(self):
        return iter(self._migrations)


migrations = _Migrations()


@migrations()
def m001_engagements_participants_responses(db: Store) -> None:
    """Engagements, their participants and one response row per participant x item."""
    db.execute("""
        CREATE TABLE engagements (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            organization TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            size TEXT NOT NULL DEFAULT '',
            purpose TEXT NOT NULL DEFAULT '',
            is_example INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            name TEXT NOT NULL COLLATE NOCASE,
            token TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            UNIQUE (engagement_id, name)
        )""")
    db.execute("""
        CREATE TABLE responses (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            bank TEXT NOT NULL,
            item TEXT NOT NULL,
            value INTEGER,
            dont_know INTEGER NOT NULL DEFAULT 0,
            comment TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, bank, item)
        )""")


@migrations()
def m002_targets_and_snapshots(db: Store) -> None:
    """Target stages a leader sets per competency, and frozen results (snapshots)."""
    db.execute("""
        CREATE TABLE targets (
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            bank TEXT NOT NULL,
            area TEXT NOT NULL,
            stage INTEGER NOT NULL,
            PRIMARY KEY (engagement_id, bank, area)
        )""")
    db.execute("""
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            taken_at TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX snapshots_by_engagement ON snapshots (engagement_id, taken_at)")


@migrations()
def m003_requirements_vendors_scores(db: Store) -> None:
    """The CIO's exercise: requirement categories and criteria, weights, vendors and scores."""
    db.execute("""
        CREATE TABLE categories (
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            PRIMARY KEY (engagement_id, id),
            UNIQUE (engagement_id, name)
        )""")
    db.execute("""
        CREATE TABLE criteria (
            engagement_id INTEGER NOT NULL,
            id TEXT NOT NULL,
            category TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            direction TEXT NOT NULL CHECK (direction IN ('benefit', 'cost')),
            must_have INTEGER NOT NULL DEFAULT 0,
            min_score REAL NOT NULL DEFAULT 0 CHECK (min_score BETWEEN 0 AND 5),
            position INTEGER NOT NULL,
            PRIMARY KEY (engagement_id, id),
            UNIQUE (engagement_id, name),
            FOREIGN KEY (engagement_id, category) REFERENCES categories (engagement_id, id)
                ON DELETE CASCADE
        )""")
    db.execute("""
        CREATE TABLE weights (
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('direct', 'points', 'ahp')),
            inputs TEXT NOT NULL,
            weights TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (engagement_id, level)
        )""")
    db.execute("""
        CREATE TABLE vendors (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            catalog_id TEXT,
            name TEXT NOT NULL COLLATE NOCASE,
            company TEXT NOT NULL DEFAULT '',
            status_note TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (engagement_id, name)
        )""")
    db.execute("""
        CREATE TABLE scores (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
            criterion TEXT NOT NULL,
            score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 5),
            evidence TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, vendor_id, criterion)
        )""")


@migrations()
def m004_installed_banks(db: Store) -> None:
    """Question banks installed from files, and which banks each engagement uses."""
    db.execute("""
        CREATE TABLE banks (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('likert', 'staged')),
            title TEXT NOT NULL,
            version TEXT NOT NULL,
            data TEXT NOT NULL,
            installed_at TEXT NOT NULL
        )""")
    db.execute("ALTER TABLE engagements ADD COLUMN culture_bank TEXT NOT NULL "
               "DEFAULT 'culture'")
    db.execute("ALTER TABLE engagements ADD COLUMN maturity_bank TEXT NOT NULL "
               "DEFAULT 'maturity'")


@migrations()
def m005_workshop_sessions(db: Store) -> None:
    """Live workshop sessions, who joined through them, and each person's own weights."""
    db.execute("""
        CREATE TABLE workshop_sessions (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            code TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
            tasks TEXT NOT NULL,
            weights_level TEXT NOT NULL DEFAULT 'categories',
            weights_method TEXT NOT NULL DEFAULT 'points'
                CHECK (weights_method IN ('points', 'ahp')),
            reveal INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX workshop_sessions_by_engagement "
               "ON workshop_sessions (engagement_id, status)")
    db.execute("ALTER TABLE participants ADD COLUMN session_id INTEGER "
               "REFERENCES workshop_sessions(id) ON DELETE SET NULL")
    db.execute("""
        CREATE TABLE participant_weights (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('points', 'ahp')),
            inputs TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, level, method)
        )""")


# Tables whose rows hang off an engagement directly, and those that reach it through a
# participant or a vendor: a change in any of them bumps the engagement's data version.
_DIRECT = ("participants", "targets", "categories", "criteria", "weights", "vendors")
_VIA = {"responses": "participants", "participant_weights": "participants",
        "scores": "vendors"}


@migrations()
def m006_engagement_data_version(db: Store) -> None:
    """A counter per engagement that every change to its data increments (by triggers), so
    that pages can tell in one indexed read whether their cached results still hold."""
    db.execute("ALTER TABLE engagements ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0")
    for table in (*_DIRECT, *_VIA):
        if table in _VIA:
            key = "participant_id" if _VIA[table] == "participants" else "vendor_id"
            owner = f"(SELECT engagement_id FROM {_VIA[table]} WHERE id = {{row}}.{key})"
        else:
            owner = "{row}.engagement_id"
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(f"""
                CREATE TRIGGER {table}_{event.lower()}_bumps_version
                AFTER {event} ON {table} BEGIN
                    UPDATE engagements SET data_version = data_version + 1
                    WHERE id = {owner.format(row=row)};
                END""")


@migrations()
def m007_attempt_limits_and_room_size(db: Store) -> None:
    """Counted attempts (wrong join codes and secrets, joins) per key, kept in the workspace
    so that limits hold across connections and processes; and each workshop session's room
    size (the most people who may join it)."""
    db.execute("""
        CREATE TABLE attempt_limits (
            key TEXT PRIMARY KEY,
            events INTEGER NOT NULL,
            window_start REAL NOT NULL,
            next_allowed REAL NOT NULL,
            expires_at REAL NOT NULL
        )""")
    db.execute("CREATE INDEX attempt_limits_by_expiry ON attempt_limits (expires_at)")
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN max_participants INTEGER NOT NULL "
               "DEFAULT 100 CHECK (max_participants BETWEEN 1 AND 2000)")


# The columns m010 cleans: (table, column, unique: a name no other row of its scope may have).
_NAMED = (("engagements", "name", True), ("participants", "name", True),
          ("categories", "name", True), ("criteria", "name", True), ("vendors", "name", True),
          ("snapshots", "label", False), ("banks", "title", False))


@migrations()
def m010_names_without_direction_controls(db: Store) -> None:
    """Names, snapshot labels and bank titles stored before the workspace removed direction
    controls from names (U+202E could make a name read as another) lose them now. A name
    that would become empty, or another's name in the same engagement, gets a number."""
    for table, column, unique in _NAMED:
        rows = [row for row in db.query(f"SELECT rowid AS k, {column} AS text FROM {table}")
                if any(char in row["text"] for char in DIRECTION_CONTROLS)]
        for row in rows:
            cleaned = clean_name(row["text"])
            base = cleaned or "Unnamed" if unique else cleaned
            for number in range(1, 10_000):
                suffix = f" ({number})" if unique and number > 1 else ""
                candidate = base[:NAME_MAX - len(suffix)] + suffix
                try:
                    db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                               [candidate, row["k"]])
                    break
                except Conflict:      # taken by another in its engagement
                    continue


@migrations()
def m011_session_shortlist(db: Store) -> None:
    """The vendors a workshop session offers its participants to score: a JSON list of vendor
    ids, or NULL for every vendor of the engagement."""
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN shortlist TEXT")


@migrations()
def m012_signed_in_sessions(db: Store) -> None:
    """Facilitator sign-ins that outlive a browser tab (see workspace.sign_ins): only the
    SHA-256 of each token and of each one-time hand-over code is kept."""
    db.execute("""
        CREATE TABLE facilitator_sign_ins (
            id INTEGER PRIMARY KEY,
            token_hash TEXT UNIQUE,
            handoff_hash TEXT UNIQUE,
            handoff_expires REAL NOT NULL,
            secret_tag TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            ended_at REAL
        )""")


@migrations()
def m012b_session_countdown_anonymity_presenter_names(db: Store) -> None:
    """A workshop session's countdown (when answers lock, in wall-clock seconds; NULL: none),
    whether it is anonymous (names neither asked nor shown), and whether the presenter view
    shows who joined by name (off unless the facilitator asks)."""
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN ends_at REAL")
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN anonymous INTEGER NOT NULL "
               "DEFAULT 0 CHECK (anonymous IN (0, 1))")
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN presenter_names INTEGER NOT NULL "
               "DEFAULT 0 CHECK (presenter_names IN (0, 1))")


@migrations()
def m012c_consensus(db: Store) -> None:
    """The consensus step: how far apart answers must be for an item to count as disputed
    (a standard deviation on a 1-5 scale, scaled to each item's own scale), the items reopened
    for a second round with everyone's round-1 answer, the round-2 answers, and the values
    the group agreed on (the engagement's: its results use them, so they bump its data
    version like its other data)."""
    db.execute("ALTER TABLE workshop_sessions ADD COLUMN dispute_threshold REAL NOT NULL "
               "DEFAULT 0.65 CHECK (dispute_threshold > 0 AND dispute_threshold <= 2)")
    db.execute("""
        CREATE TABLE consensus_items (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('culture', 'maturity', 'score')),
            bank TEXT NOT NULL DEFAULT '',
            item TEXT NOT NULL,
            vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE,
            reopened_at TEXT NOT NULL,
            round_one TEXT NOT NULL
        )""")
    db.execute("CREATE UNIQUE INDEX consensus_items_once ON consensus_items "
               "(session_id, kind, bank, item, ifnull(vendor_id, 0))")
    db.execute("""
        CREATE TABLE consensus_round_two (
            consensus_id INTEGER NOT NULL REFERENCES consensus_items(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            value REAL,
            dont_know INTEGER NOT NULL DEFAULT 0,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (consensus_id, participant_id)
        )""")
    db.execute("""
        CREATE TABLE agreed_values (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('culture', 'maturity', 'score')),
            bank TEXT NOT NULL DEFAULT '',
            item TEXT NOT NULL,
            vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE,
            value REAL NOT NULL,
            rationale TEXT NOT NULL,
            agreed_at TEXT NOT NULL,
            session_id INTEGER REFERENCES workshop_sessions(id) ON DELETE SET NULL
        )""")
    db.execute("CREATE UNIQUE INDEX agreed_values_once ON agreed_values "
               "(engagement_id, kind, bank, item, ifnull(vendor_id, 0))")
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(f"""
            CREATE TRIGGER agreed_values_{event.lower()}_bumps_version
            AFTER {event} ON agreed_values BEGIN
                UPDATE engagements SET data_version = data_version + 1
                WHERE id = {row}.engagement_id;
            END""")


@migrations()
def m012d_workshop_records(db: Store) -> None:
    """What a live session was, kept when it closes (see workspace.workshop_records)."""
    db.execute("""
        CREATE TABLE workshop_records (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            session_id INTEGER REFERENCES workshop_sessions(id) ON DELETE SET NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            payload TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX workshop_records_by_engagement ON workshop_records "
               "(engagement_id, closed_at)")


@migrations()
def m020_seeded_example(db: Store) -> None:
    """Which engagement is the example the app seeded (and "Reset the example" replaces),
    apart from whether an engagement's data is illustrative: a restored copy of the example
    keeps saying its data is invented, and resetting the example never deletes it."""
    db.execute("ALTER TABLE engagements ADD COLUMN seeded INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE engagements SET seeded = is_example")


@migrations()
def m013_pulse_campaigns(db: Store) -> None:
    """Organization-wide pulse campaigns: their settings and the questionnaire as answered,
    invitee links (only a hash of each), respondents (a hash of their link, their segment
    values, no time and no name) and their answers (no time: a pulse keeps none finer than
    a campaign's dates). Respondents get random ids, and answers are kept in key order, so
    the order of rows says nothing about who answered when."""
    db.execute("""
        CREATE TABLE pulse_campaigns (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            name TEXT NOT NULL COLLATE NOCASE,
            status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
            opens_on TEXT NOT NULL,
            closes_on TEXT NOT NULL,
            min_group INTEGER NOT NULL DEFAULT 5 CHECK (min_group BETWEEN 3 AND 10),
            min_comments INTEGER NOT NULL DEFAULT 10 CHECK (min_comments BETWEEN 3 AND 100),
            segments TEXT NOT NULL,
            culture_bank TEXT NOT NULL,
            culture_data TEXT NOT NULL,
            maturity_bank TEXT,
            maturity_data TEXT,
            open_link TEXT NOT NULL UNIQUE,
            max_respondents INTEGER NOT NULL DEFAULT 10000
                CHECK (max_respondents BETWEEN 1 AND 50000),
            headcounts TEXT NOT NULL DEFAULT '{}',
            data_version INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (engagement_id, name)
        )""")
    db.execute("""
        CREATE TABLE pulse_invitees (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES pulse_campaigns(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            segments TEXT NOT NULL,
            answered INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("CREATE INDEX pulse_invitees_by_campaign ON pulse_invitees (campaign_id)")
    db.execute("""
        CREATE TABLE pulse_respondents (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES pulse_campaigns(id) ON DELETE CASCADE,
            key_hash TEXT NOT NULL UNIQUE,
            segments TEXT NOT NULL,
            answered INTEGER NOT NULL DEFAULT 0,
            comment_chars INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("CREATE INDEX pulse_respondents_by_campaign ON pulse_respondents "
               "(campaign_id, answered)")
    db.execute("""
        CREATE TABLE pulse_answers (
            respondent_id INTEGER NOT NULL REFERENCES pulse_respondents(id) ON DELETE CASCADE,
            part TEXT NOT NULL CHECK (part IN ('culture', 'maturity')),
            item TEXT NOT NULL,
            value INTEGER,
            dont_know INTEGER NOT NULL DEFAULT 0,
            comment TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (respondent_id, part, item)
        ) WITHOUT ROWID""")
    # Every change to a campaign's respondents or answers bumps its data version, so that
    # pages can tell in one read whether their cached results still hold.
    for table, owner in (("pulse_respondents", "{row}.campaign_id"),
                         ("pulse_invitees", "{row}.campaign_id"),
                         ("pulse_answers", "(SELECT campaign_id FROM pulse_respondents "
                                           "WHERE id = {row}.respondent_id)")):
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(f"""
                CREATE TRIGGER {table}_{event.lower()}_bumps_campaign
                AFTER {event} ON {table} BEGIN
                    UPDATE pulse_campaigns SET data_version = data_version + 1
                    WHERE id = {owner.format(row=row)};
                END""")


def _append_only(db: Store, table: str, refusal: str) -> None:
    """Triggers that refuse to change or delete a row of ``table`` while its engagement
    exists (deleting the engagement still takes its rows with it, by cascade)."""
    db.execute(f"""
        CREATE TRIGGER {table}_refuses_update BEFORE UPDATE ON {table} BEGIN
            SELECT RAISE(ABORT, '{refusal}');
        END""")
    db.execute(f"""
        CREATE TRIGGER {table}_refuses_delete BEFORE DELETE ON {table}
        WHEN EXISTS (SELECT 1 FROM engagements WHERE id = OLD.engagement_id) BEGIN
            SELECT RAISE(ABORT, '{refusal}');
        END""")


@migrations()
def m021_audit_trail_and_sign_offs(db: Store) -> None:
    """The decision record: every change to a score, weight, criterion or vendor with who,
    when, the old and new value and a note (written by the workspace function that makes
    the change, in its transaction: see workspace.audit), and the decisions a facilitator
    signed off (frozen results: see workspace.sign_offs). Both are append-only: triggers
    refuse to change or delete a row while its engagement exists. A vendor is named by
    id and by its name at the time (vendors are archived, never deleted, but for their
    engagement)."""
    db.execute("""
        CREATE TABLE audit_trail (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('score', 'weight', 'criterion', 'vendor')),
            vendor_id INTEGER,
            vendor TEXT NOT NULL DEFAULT '',
            item TEXT NOT NULL DEFAULT '',
            item_name TEXT NOT NULL DEFAULT '',
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            note TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("CREATE INDEX audit_trail_by_engagement ON audit_trail (engagement_id, id)")
    db.execute("""
        CREATE TABLE sign_offs (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            signed_at TEXT NOT NULL,
            signed_by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX sign_offs_by_engagement ON sign_offs (engagement_id, id)")
    _append_only(db, "audit_trail", "The audit trail cannot be changed.")
    _append_only(db, "sign_offs", "A signed-off decision cannot be changed.")


@migrations()
def m021_blind_scoring(db: Store) -> None:
    """Whether an engagement's scorers see its vendors as "Vendor A", "Vendor B", ...
    (see workspace.blind)."""
    db.execute("ALTER TABLE engagements ADD COLUMN blind_scoring INTEGER NOT NULL DEFAULT 0 "
               "CHECK (blind_scoring IN (0, 1))")


def _bumps_version(db: Store, table: str, owner: str) -> None:
    """Triggers that count every change to ``table`` in its engagement's data_version
    (``owner``: SQL naming the engagement, with ``{row}`` for NEW or OLD)."""
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(f"""
            CREATE TRIGGER {table}_{event.lower()}_bumps_version
            AFTER {event} ON {table} BEGIN
                UPDATE engagements SET data_version = data_version + 1
                WHERE id = {owner.format(row=row)};
            END""")


@migrations()
def m022_vendor_costs(db: Store) -> None:
    """Cost as data (see workspace.costs): per vendor the licence per user per year, the
    users, the one-off implementation and the horizon in years, each NULL until given; and
    the currency an engagement states its costs in."""
    db.execute("""
        CREATE TABLE vendor_costs (
            vendor_id INTEGER PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
            licence_per_user_year REAL,
            users INTEGER,
            implementation REAL,
            horizon_years INTEGER,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE engagement_currency (
            engagement_id INTEGER PRIMARY KEY REFERENCES engagements(id) ON DELETE CASCADE,
            currency TEXT NOT NULL
        )""")
    _bumps_version(db, "vendor_costs",
                   "(SELECT engagement_id FROM vendors WHERE id = {row}.vendor_id)")
    _bumps_version(db, "engagement_currency", "{row}.engagement_id")


@migrations()
def m023_action_plan(db: Store) -> None:
    """The action plan (see workspace.actions): an owner, a due date and a status for a
    roadmap action, keyed by where the action comes from (bank, area, action id)."""
    db.execute("""
        CREATE TABLE action_plan (
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            due TEXT,
            status TEXT NOT NULL DEFAULT 'not started'
                CHECK (status IN ('not started', 'under way', 'done', 'dropped')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (engagement_id, action)
        )""")
    _bumps_version(db, "action_plan", "{row}.engagement_id")


# What each change counter counts: for each table, the scopes (an engagement, a pulse campaign,
# a workshop session) whose counter a change to one of its rows moves, with SQL naming the
# owner from the changed row ({row}). Pages key their caches by these counters.
_PARTICIPANT = "(SELECT {column} FROM participants WHERE id = {{row}}.participant_id)"
_COUNTED: dict[str, dict[str, str]] = {
    "engagements": {"engagement": "{row}.id"},
    "participants": {"engagement": "{row}.engagement_id", "session": "{row}.session_id"},
    "targets": {"engagement": "{row}.engagement_id"},
    "categories": {"engagement": "{row}.engagement_id"},
    "criteria": {"engagement": "{row}.engagement_id"},
    "weights": {"engagement": "{row}.engagement_id"},
    "vendors": {"engagement": "{row}.engagement_id"},
    "responses": {"engagement": _PARTICIPANT.format(column="engagement_id"),
                  "session": _PARTICIPANT.format(column="session_id")},
    "participant_weights": {"engagement": _PARTICIPANT.format(column="engagement_id"),
                            "session": _PARTICIPANT.format(column="session_id")},
    "scores": {"engagement": "(SELECT engagement_id FROM vendors WHERE id = {row}.vendor_id)",
               "session": _PARTICIPANT.format(column="session_id")},
    "agreed_values": {"engagement": "{row}.engagement_id"},
    "vendor_costs": {"engagement": "(SELECT engagement_id FROM vendors "
                                   "WHERE id = {row}.vendor_id)"},
    "engagement_currency": {"engagement": "{row}.engagement_id"},
    "action_plan": {"engagement": "{row}.engagement_id"},
    "workshop_sessions": {"session": "{row}.id"},
    "consensus_items": {"session": "{row}.session_id"},
    "consensus_round_two": {"session": "(SELECT session_id FROM consensus_items "
                                       "WHERE id = {row}.consensus_id)"},
    "pulse_respondents": {"campaign": "{row}.campaign_id"},
    "pulse_invitees": {"campaign": "{row}.campaign_id"},
    "pulse_answers": {"campaign": "(SELECT campaign_id FROM pulse_respondents "
                                  "WHERE id = {row}.respondent_id)"},
}
# PostgreSQL: concurrent writers add to one of this many rows per owner (by server process),
# so that they do not all queue for one row's lock; a counter's value is their sum.
COUNTER_SHARDS = 16


def _count_statement(scope: str, owner: str, shard: str, xact: str = "0") -> str:
    # PostgreSQL: once per transaction and owner (``xact``: the transaction's id). Updating
    # one row again and again in one transaction leaves a version per update behind, and each
    # update walks them all: a restore or a copy of 300,000 rows took minutes.
    again = "" if xact == "0" else f" WHERE change_counts.xact <> {xact}"
    return (f"INSERT INTO change_counts (scope, owner, shard, n, xact) "
            f"SELECT '{scope}', owner, {shard}, 1, {xact} FROM (SELECT {owner} AS owner) "
            f"AS changed WHERE owner IS NOT NULL "
            f"ON CONFLICT (scope, owner, shard) DO UPDATE SET n = change_counts.n + 1, "
            f"xact = excluded.xact{again}")


def _count_changes(db: Store, table: str, scopes: dict[str, str]) -> None:
    if db.dialect == "sqlite":
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            body = ";\n".join(_count_statement(scope, owner.format(row=row), "0")
                              for scope, owner in scopes.items())
            db.execute(f"CREATE TRIGGER {table}_{event.lower()}_counts AFTER {event} ON "
                       f"{table} BEGIN {body}; END")
        return
    body = ";\n".join(_count_statement(scope, owner.format(row="changed_row"),
                                       f"pg_backend_pid() % {COUNTER_SHARDS}",
                                       "txid_current()")
                      for scope, owner in scopes.items())
    db.execute(f"""
        CREATE FUNCTION {table}_counts() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE changed_row {table}%ROWTYPE;
        BEGIN
            IF TG_OP = 'DELETE' THEN changed_row := OLD; ELSE changed_row := NEW; END IF;
            {body};
            RETURN NULL;
        END
        $body$""")
    db.execute(f"CREATE TRIGGER {table}_counts AFTER INSERT OR UPDATE OR DELETE ON {table} "
               f"FOR EACH ROW EXECUTE FUNCTION {table}_counts()")


@migrations()
def m024_server_database(db: Store) -> None:
    """What a server database with many concurrent writers needs, on both engines:
    - change counters (``change_counts``) in place of ``data_version`` columns: each change
      adds 1 to its engagement's, campaign's or session's counter (on PostgreSQL once per
      transaction, in a row per server process, so that writers do not queue for one row);
      a poll is one indexed read;
    - an index on participants' session (the live view reads only its session's people);
    - at most one live (open or paused) workshop session per engagement, as a constraint."""
    db.execute("""CREATE TABLE change_counts (
        scope TEXT NOT NULL, owner BIGINT NOT NULL, shard INTEGER NOT NULL,
        n BIGINT NOT NULL, xact BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, owner, shard))""")
    if db.dialect == "sqlite":
        for (name,) in db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                               "(name LIKE '%_bumps_version' OR name LIKE '%_bumps_campaign')"):
            db.execute(f"DROP TRIGGER {name}")
        db.execute("INSERT INTO change_counts (scope, owner, shard, n) "
                   "SELECT 'engagement', id, 0, data_version FROM engagements")
        db.execute("INSERT INTO change_counts (scope, owner, shard, n) "
                   "SELECT 'campaign', id, 0, data_version FROM pulse_campaigns")
    for table, scopes in _COUNTED.items():
        _count_changes(db, table, scopes)
    db.execute("CREATE INDEX participants_by_session ON participants (session_id)")
    # Should an older file hold two live sessions of one engagement, the newer stays live.
    db.execute("""UPDATE workshop_sessions SET status = 'closed' WHERE status <> 'closed'
        AND EXISTS (SELECT 1 FROM workshop_sessions later WHERE later.status <> 'closed'
                    AND later.engagement_id = workshop_sessions.engagement_id
                    AND later.id > workshop_sessions.id)""")
    db.execute("CREATE UNIQUE INDEX workshop_sessions_one_live ON workshop_sessions "
               "(engagement_id) WHERE status <> 'closed'")


_AUDIT_KINDS_BEFORE_ACCESS = "'score', 'weight', 'criterion', 'vendor'"


@migrations()
def m025_company_sign_in_and_roles(db: Store) -> None:
    """Company sign-in (see workspace.roles): who holds which role in an engagement, granted
    to one email address or to a group the identity provider names (one role per address or
    group and engagement), the participant each company account scores as (``member_scorers``,
    never matched by a typed name), company sign-ins ended by a sign-out (the SHA-256 of each, so
    that every tab and replica holding it stops), and role changes in the audit trail
    (kind ``access``)."""
    big = "INTEGER" if db.dialect == "sqlite" else "BIGINT"
    real = "REAL" if db.dialect == "sqlite" else "DOUBLE PRECISION"
    db.execute(f"""
        CREATE TABLE engagement_roles (
            engagement_id {big} NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('email', 'group')),
            principal TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'facilitator', 'scorer', 'viewer')),
            granted_by TEXT NOT NULL,
            granted_at TEXT NOT NULL,
            PRIMARY KEY (engagement_id, kind, principal)
        )""")
    db.execute("CREATE INDEX engagement_roles_by_principal ON engagement_roles "
               "(kind, principal)")
    db.execute(f"CREATE TABLE company_sign_outs (login TEXT PRIMARY KEY, ended_at {real} "
               "NOT NULL)")
    db.execute(f"""
        CREATE TABLE member_scorers (
            engagement_id {big} NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            member TEXT NOT NULL,
            participant_id {big} NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
            PRIMARY KEY (engagement_id, member)
        )""")
    kinds = _AUDIT_KINDS_BEFORE_ACCESS + ", 'access'"
    if db.dialect == "postgresql":
        db.execute("ALTER TABLE audit_trail DROP CONSTRAINT audit_trail_kind_check")
        db.execute(f"ALTER TABLE audit_trail ADD CONSTRAINT audit_trail_kind_check "
                   f"CHECK (kind IN ({kinds}))")
        return
    # SQLite cannot change a CHECK: the table is made again (its triggers go with the old).
    db.execute(f"""
        CREATE TABLE audit_trail_next (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            vendor_id INTEGER,
            vendor TEXT NOT NULL DEFAULT '',
            item TEXT NOT NULL DEFAULT '',
            item_name TEXT NOT NULL DEFAULT '',
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            note TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("INSERT INTO audit_trail_next SELECT id, engagement_id, at, actor, kind, "
               "vendor_id, vendor, item, item_name, field, old_value, new_value, note "
               "FROM audit_trail")
    db.execute("DROP TABLE audit_trail")
    db.execute("ALTER TABLE audit_trail_next RENAME TO audit_trail")
    db.execute("CREATE INDEX audit_trail_by_engagement ON audit_trail (engagement_id, id)")
    _append_only(db, "audit_trail", "The audit trail cannot be changed.")


def _table(db: Store) -> str:
    return "_sqlite_migrations" if db.dialect == "sqlite" else "schema_migrations"


def _applied(db: Store) -> list[str]:
    # Asked on every page run: two cheap queries, not a reflection of the whole schema.
    if db.dialect == "sqlite":
        exists = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                          "AND name = ?", [_table(db)])
    else:
        exists = db.value("SELECT to_regclass(?) IS NOT NULL", [_table(db)])
    if not exists:
        return []
    return [row[0] for row in db.rows(f"SELECT name FROM {_table(db)} WHERE migration_set = ? "
                                      "ORDER BY id", [MIGRATION_SET])]


def _record(db: Store, name: str) -> None:
    db.execute(f"INSERT INTO {_table(db)} (migration_set, name, applied_at) VALUES (?, ?, ?)",
               [MIGRATION_SET, name, now()])


def _pending(db: Store, applied: list[str], stop_before: str | None) -> list[Migration]:
    pending = []
    for migration in migrations:
        if migration.name == stop_before:
            break
        if migration.name not in applied:
            pending.append(migration)
    return pending


def migrations_pending(db: Store) -> bool:
    """Whether the workspace lacks a migration (a read: two small queries)."""
    return bool(_pending(db, _applied(db), None))


def migrate(db: Store, stop_before: str | None = None) -> list[str]:
    """Apply every pending migration in one write transaction; return the names applied.

    ``stop_before`` leaves that migration and later ones pending (used to build older files).
    On PostgreSQL a lock makes replicas that start together migrate one after the other (the
    later ones find nothing left to do).

    Raises:
        ValueError: ``stop_before`` asks PostgreSQL for a version inside the SQLite history.
    """
    if not _pending(db, _applied(db), stop_before):
        # The usual case on every page run: a read, so that opening the workspace never
        # waits for (or holds up) the write lock that answers need.
        return []
    with db.write():
        if db.dialect == "postgresql":
            # Another process may be migrating: wait for it longer than for an answer's lock.
            db.execute("SET LOCAL lock_timeout = '120s'")
            db.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        db.execute(f"""CREATE TABLE IF NOT EXISTS {_table(db)} (
            id INTEGER PRIMARY KEY{' GENERATED BY DEFAULT AS IDENTITY'
                                   if db.dialect == 'postgresql' else ''},
            migration_set TEXT, name TEXT, applied_at TEXT)""")
        applied = _applied(db)
        pending = _pending(db, applied, stop_before)
        done = []
        if db.dialect == "postgresql" and not applied and pending:
            history = migrations.names[:migrations.names.index(HISTORY_END) + 1]
            if stop_before in history:
                raise ValueError("PostgreSQL starts from the schema of " + HISTORY_END)
            schema_postgres.create_baseline(db)
            for name in history:
                _record(db, name)
            done = history
            pending = [m for m in pending if m.name not in history]
        for migration in pending:
            migration.apply(db)
            _record(db, migration.name)
            done.append(migration.name)
    return done


def schema_version(db: Store) -> int:
    """How many schema versions this workspace has (0 for a new, empty one)."""
    return len(_applied(db))


LATEST_VERSION = len(migrations.names)
