"""Persistence of engagements: one SQLite file by default, or a PostgreSQL database
(``SOCIALREADY_DATABASE_URL``). The only package that knows the schema or a driver.

Open a workspace per script run (it is cheap) with :func:`open_workspace`; the functions
re-exported here take that ``Database`` as their first argument.
"""
from __future__ import annotations

from pathlib import Path


from workspace import (actions, attempts, audit, blind, consensus, costs, participation, pulse,
                       respondents, roles, sign_ins, sign_offs, workshop_records)
from workspace.backup import (BackupError, backup_bytes, export_engagement,
                              restore_engagement)
from workspace.backup_file import MAX_FILE_MB as MAX_BACKUP_MB
from workspace.banks import (BankInUse, InstalledBank, check_bank_replacement, install_bank,
                             installed_bank_data, list_installed_banks, read_bank, remove_bank,
                             set_engagement_banks)
from workspace.copy import copy_workspace
from workspace.db import PATH_VARIABLE, connect, default_path, location, write
from workspace.engagements import (Engagement, create_engagement, delete_engagement,
                                   get_engagement, list_engagements, update_engagement)
from workspace.errors import (Conflict, DuplicateName, InvalidInput, NotFound, RoomFull, SessionClosed,
                              TimeUp, WorkspaceBusy, WorkspaceError)
from workspace.fingerprint import engagement_fingerprint
from workspace.example import EXAMPLE_NAME, reset_example, seed_example
from workspace.migrations import LATEST_VERSION, migrate, migrations_pending, schema_version
from workspace.participants import (Participant, add_participant, list_participants,
                                    participant_by_token)
from workspace.responses import (Answer, clear_answer, engagement_comments,
                                 engagement_responses, engagement_responses_every_bank,
                                 participant_answers, save_answer, save_answers, save_comment)
from workspace.requirements import (CategoryRow, CriterionRow, add_category, add_criterion,
                                    import_taxonomy, list_categories, list_criteria,
                                    move_criterion, remove_category, remove_criterion,
                                    rename_category, replace_category_criteria,
                                    update_criterion)
from workspace.sessions import (TASKS, SessionPaused, SessionUnavailable, WorkshopSession,
                                get_session, join_session, live_session, open_session,
                                participant_weights, rotate_code, save_participant_weights,
                                offered_vendors, session_by_code, session_counts,
                                session_fingerprint,
                                session_participants, session_weights, start_countdown,
                                stop_countdown,
                                update_session)
from workspace.scores import (Score, engagement_scores, save_evidence, save_score_values,
                              save_scores, scores_given)
from workspace.snapshots import (LABEL_MAX as SNAPSHOT_LABEL_MAX, Snapshot,
                                 delete_snapshot, get_snapshot, list_snapshots,
                                 rename_snapshot, save_snapshot)
from workspace.vendors import (VendorRow, add_vendor, check_vendor_in, get_vendor,
                               list_vendors, update_vendor)
from workspace.weights import CATEGORIES_LEVEL, WeightSet, get_weights, save_weights
from workspace.targets import get_targets, set_target
from workspace.store import URL_VARIABLE, Store

Database = Store
"""The handle every workspace function takes (pages need only the name, never its SQL)."""
DATABASE_URL_VARIABLE = URL_VARIABLE

__all__ = [
    "Answer", "Database", "DuplicateName", "EXAMPLE_NAME", "Engagement", "InvalidInput", "LATEST_VERSION",
    "NotFound", "PATH_VARIABLE", "Participant", "Snapshot", "WorkspaceBusy", "WorkspaceError",
    "add_participant", "clear_answer", "connect", "create_engagement", "default_path",
    "delete_engagement", "engagement_comments", "engagement_responses", "get_engagement",
    "get_targets", "list_engagements", "list_participants", "list_snapshots", "migrate",
    "open_workspace", "participant_answers", "participant_by_token", "reset_example",
    "save_answer", "save_answers", "save_comment", "save_snapshot", "schema_version",
    "seed_example", "set_target", "update_engagement", "write",
    "CATEGORIES_LEVEL", "CategoryRow", "CriterionRow", "Score", "VendorRow", "WeightSet",
    "add_category", "add_criterion", "add_vendor", "check_vendor_in", "engagement_scores",
    "get_vendor", "get_weights", "import_taxonomy", "list_categories", "list_criteria",
    "list_vendors", "move_criterion", "remove_category", "remove_criterion", "rename_category",
    "replace_category_criteria", "save_evidence", "save_score_values", "save_scores",
    "save_weights", "update_criterion",
    "update_vendor", "InstalledBank", "install_bank", "installed_bank_data",
    "list_installed_banks", "remove_bank", "set_engagement_banks", "BackupError", "backup_bytes",
    "MAX_BACKUP_MB", "BankInUse", "check_bank_replacement", "read_bank",
    "engagement_responses_every_bank",
    "export_engagement", "restore_engagement",
    "TASKS", "SessionPaused", "SessionUnavailable", "WorkshopSession", "get_session",
    "join_session", "live_session", "open_session", "participant_weights", "rotate_code",
    "save_participant_weights", "session_by_code", "session_counts", "session_fingerprint",
    "session_participants",
    "session_weights", "offered_vendors", "update_session", "start_countdown",
    "stop_countdown", "TimeUp", "engagement_fingerprint", "scores_given", "SessionClosed",
    "RoomFull", "attempts", "consensus", "participation", "sign_ins", "workshop_records",
    "pulse", "respondents",
    "actions", "costs",
    "SNAPSHOT_LABEL_MAX", "delete_snapshot", "get_snapshot", "rename_snapshot",
    "audit", "blind", "sign_offs", "Conflict", "DATABASE_URL_VARIABLE", "location", "copy_workspace",
]


def open_workspace(path: str | Path | None = None, *,
                   seed_example_engagement: bool = True) -> Store:
    """Open the workspace (a file, or a database URL; by default :func:`location`), upgrading
    its schema in place if it is older.

    A workspace that is new gets the example engagement (unless ``seed_example_engagement``
    is False, as tests that need an empty workspace ask).

    Raises:
        ValueError: the URL names an engine other than PostgreSQL or SQLite.
    """
    db = connect(path if path is not None else location())
    if not migrations_pending(db):
        return db                         # the usual case on every page run: one read
    # Migrating and seeding the example are one transaction: another process (or a page's
    # thread) that opens a new workspace at the same moment waits, then finds both done,
    # never an empty workspace in between.
    with write(db):
        applied = migrate(db)
        if seed_example_engagement and applied and applied[0].startswith("m001"):
            seed_example(db)
    return db
