"""A cheap fingerprint of everything an engagement's results depend on.

Pages key their caches by it instead of hashing whole answer tables on every run: one query,
and it changes whenever an answer, score, weight, target, criterion, vendor or bank choice does.
Timestamps have one-second resolution, so row counts and sums are part of it too.
"""
from __future__ import annotations

import sqlite_utils

_QUERY = """
SELECT
  (SELECT updated_at || '/' || culture_bank || '/' || maturity_bank FROM engagements
     WHERE id = :e) AS engagement,
  (SELECT count(*) || '/' || ifnull(max(id), 0) || '/' || group_concat(name, '|')
     FROM participants WHERE engagement_id = :e) AS people,
  (SELECT count(*) || '/' || ifnull(max(r.answered_at), '') || '/' || total(r.value) || '/'
     || total(r.dont_know) || '/' || total(length(r.comment)) FROM responses r
     JOIN participants p ON p.id = r.participant_id WHERE p.engagement_id = :e) AS answers,
  (SELECT count(*) || '/' || total(stage) || '/' || group_concat(area || stage, '|')
     FROM targets WHERE engagement_id = :e) AS targets,
  (SELECT count(*) || '/' || ifnull(max(s.updated_at), '') || '/' || total(s.score) || '/'
     || total(length(s.evidence)) FROM scores s JOIN vendors v ON v.id = s.vendor_id
     WHERE v.engagement_id = :e) AS scores,
  (SELECT count(*) || '/' || ifnull(max(updated_at), '') || '/' || total(length(weights))
     || '/' || group_concat(weights, '|') FROM weights WHERE engagement_id = :e) AS weights,
  (SELECT count(*) || '/' || group_concat(id || name || category || direction || must_have
     || min_score || position || description, '|') FROM criteria WHERE engagement_id = :e)
     AS criteria,
  (SELECT count(*) || '/' || group_concat(id || name || position, '|') FROM categories
     WHERE engagement_id = :e) AS categories,
  (SELECT count(*) || '/' || group_concat(id || name || archived || company || status_note,
     '|') FROM vendors WHERE engagement_id = :e) AS vendors,
  (SELECT count(*) || '/' || group_concat(id || version || installed_at, '|') FROM banks)
     AS banks
"""


def engagement_fingerprint(db: sqlite_utils.Database, engagement_id: int) -> tuple:
    """A value that changes whenever anything the engagement's results depend on changes."""
    row = next(db.query(_QUERY, {"e": engagement_id}))
    return tuple(row.values())
