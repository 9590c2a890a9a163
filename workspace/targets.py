"""Target stages: where a leader wants each maturity competency to be."""
from __future__ import annotations


from workspace.db import write
from workspace.engagements import get_engagement
from workspace.errors import InvalidInput
from workspace.store import Store


def set_target(db: Store, engagement_id: int, bank: str, area: str,
               stage: int) -> None:
    """Set the target stage (1-4) for one competency of an engagement.

    Raises:
        NotFound: the engagement does not exist.
        InvalidInput: the stage is not a whole number from 1 to 4.
    """
    if isinstance(stage, bool) or not isinstance(stage, int) or not 1 <= stage <= 4:
        raise InvalidInput(f"The target stage for {area} must be 1 to 4, not {stage!r}.")
    get_engagement(db, engagement_id)
    with write(db):
        db.execute("INSERT INTO targets (engagement_id, bank, area, stage) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (engagement_id, bank, area) DO UPDATE SET stage = excluded.stage",
                   [engagement_id, bank, area, stage])


def get_targets(db: Store, engagement_id: int, bank: str) -> dict[str, int]:
    """Target stages set for an engagement, by competency id."""
    return {row["area"]: row["stage"] for row in db.query(
        "SELECT area, stage FROM targets WHERE engagement_id = ? AND bank = ?",
        [engagement_id, bank])}
