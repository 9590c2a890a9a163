"""A cheap fingerprint of everything an engagement's results depend on.

Pages key their caches by it instead of hashing whole answer tables on every run. Triggers
(schema version 6) count every change to an engagement's participants, answers, targets,
requirements, weights, vendors and scores in ``engagements.data_version``; with the banks'
versions that is the whole key, read in one indexed query however large the engagement.
"""
from __future__ import annotations

import sqlite_utils

_QUERY = """
SELECT
  (SELECT data_version || '/' || updated_at || '/' || culture_bank || '/' || maturity_bank
     FROM engagements WHERE id = :e) AS engagement,
  (SELECT count(*) || '/' || group_concat(id || version || installed_at, '|') FROM banks)
     AS banks
"""


def engagement_fingerprint(db: sqlite_utils.Database, engagement_id: int) -> tuple:
    """A value that changes whenever anything the engagement's results depend on changes."""
    row = next(db.query(_QUERY, {"e": engagement_id}))
    return tuple(row.values())
