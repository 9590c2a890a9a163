"""Freezing a readiness result into plain data (for snapshots) and reading a trend back."""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from assessments.bank import LikertBank, StagedBank
from assessments.maturity import MaturityResult
from assessments.scoring import CultureResult


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 2)


def readiness_summary(culture_bank: LikertBank, culture: CultureResult,
                      maturity_bank: StagedBank, maturity: MaturityResult) -> dict[str, Any]:
    """The headline numbers of a readiness result as JSON-safe data (no NaN)."""
    return {
        "culture_overall": _number(culture.overall),
        "culture": {d.id: _number(culture.dimensions.loc[d.id, "score"])
                    for d in culture_bank.dimensions},
        "maturity_overall": int(maturity.overall_stage),
        "maturity": {c.id: int(maturity.competencies.loc[c.id, "stage"])
                     for c in maturity_bank.competencies},
        "participants": max(culture.participants, maturity.participants),
    }


def culture_trend(culture_bank: LikertBank,
                  snapshots: Iterable[tuple[str, str, dict[str, Any]]]) -> pd.DataFrame:
    """Culture scores over time from ``(taken_at, label, payload)`` snapshots.

    One row per snapshot x area (each dimension and "Overall"): taken_at (datetime), label,
    area, score. Dimensions the bank no longer has, and missing scores, are left out.
    """
    names = {d.id: d.name for d in culture_bank.dimensions}
    rows = []
    for taken_at, label, payload in snapshots:
        when = pd.Timestamp(taken_at)
        overall = payload.get("culture_overall")
        if overall is not None:
            rows.append({"taken_at": when, "label": label, "area": "Overall", "score": overall})
        for dim_id, value in (payload.get("culture") or {}).items():
            if dim_id in names and value is not None:
                rows.append({"taken_at": when, "label": label, "area": names[dim_id],
                             "score": value})
    return pd.DataFrame(rows, columns=["taken_at", "label", "area", "score"])
