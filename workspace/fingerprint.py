"""A cheap fingerprint of everything an engagement's results depend on.

Pages key their caches by it instead of hashing whole answer tables on every run. Triggers
count every change to an engagement's participants, answers, targets, requirements, weights,
vendors and scores in its change counter (``change_counts``, see migration m024); with the
banks' versions that is the whole key, read in one indexed query however large the
engagement.
"""
from __future__ import annotations

from workspace.store import Store


_QUERY = """
SELECT
  (SELECT coalesce(sum(n), 0) FROM change_counts WHERE scope = 'engagement' AND owner = :e)
     AS changes,
  (SELECT updated_at || '/' || culture_bank || '/' || maturity_bank
     FROM engagements WHERE id = :e) AS engagement,
  (SELECT count(*) || '/' || {banks} FROM banks) AS banks
"""


def engagement_fingerprint(db: Store, engagement_id: int) -> tuple:
    """A value that changes whenever anything the engagement's results depend on changes."""
    query = _QUERY.format(banks=db.concat_agg("id || version || installed_at", "'|'", "id"))
    row = next(db.query(query, {"e": engagement_id}))
    return tuple(row.values())
