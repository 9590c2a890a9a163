"""Freezing a readiness result into plain data (for snapshots) and reading a trend back."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from assessments.bank import LikertBank, StagedBank
from assessments.maturity import MaturityResult
from assessments.scoring import CultureResult


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 2)


def readiness_summary(culture_bank: LikertBank, culture: CultureResult,
                      maturity_bank: StagedBank, maturity: MaturityResult,
                      pulse: tuple[str, float, int] | None = None) -> dict[str, Any]:
    """The headline numbers of a readiness result as JSON-safe data (no NaN); with
    ``pulse`` (campaign name, the organization's overall score, respondents) the
    organization-wide pulse set beside it too."""
    extra = {} if pulse is None else {"pulse_campaign": pulse[0],
                                      "pulse_overall": _number(pulse[1]),
                                      "pulse_respondents": int(pulse[2])}
    return extra | {
        "culture_overall": _number(culture.overall),
        "culture": {d.id: _number(culture.dimensions.loc[d.id, "score"])
                    for d in culture_bank.dimensions},
        "maturity_overall": int(maturity.overall_stage),
        "maturity": {c.id: int(maturity.competencies.loc[c.id, "stage"])
                     for c in maturity_bank.competencies},
        "participants": max(culture.participants, maturity.participants),
    }


Snapshots = Sequence[tuple[str, str, Any]]
"""Snapshots as ``(taken_at, label, payload)``, oldest first (as ``list_snapshots`` gives)."""


def _utc(taken_at: Any) -> datetime | None:
    """An ISO 8601 time in UTC (a time without zone is taken as UTC), or None if it is not one."""
    try:
        when = datetime.fromisoformat(str(taken_at))
    except ValueError:
        return None
    return when.astimezone(timezone.utc) if when.tzinfo is not None else when


def _day(taken_at: Any) -> str:
    when = _utc(taken_at)
    return when.date().isoformat() if when else (str(taken_at)[:10] or "undated")


def snapshot_days(taken_ats: Iterable[Any]) -> list[str]:
    """Each snapshot's day, "2026-11-30"; where a day has several, they are numbered in the
    order given: "2026-11-30 (1)", "2026-11-30 (2)". Every snapshot gets a different name."""
    days = [_day(taken_at) for taken_at in taken_ats]
    counts = Counter(days)
    seen: Counter[str] = Counter()
    names = []
    for day in days:
        seen[day] += 1
        names.append(day if counts[day] == 1 else f"{day} ({seen[day]})")
    return names


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _score(value: Any) -> float | None:
    """A stored score, or None for anything that is not a finite number (older or odd data)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _stage(value: Any, stages: int) -> int | None:
    """A stored stage 1..``stages``, or None (0 is "no answers"; anything else is odd data)."""
    if _score(value) is None or value != int(value):
        return None
    return int(value) if 1 <= value <= stages else None


def _points(snapshots: Snapshots) -> Iterator[tuple[dict[str, Any], Any, dict[str, Any]]]:
    """Each snapshot as (its order, day and label; taken_at; payload, {} if not an object)."""
    snapshots = list(snapshots)
    days = snapshot_days(taken_at for taken_at, _, _ in snapshots)
    for order, ((taken_at, label, payload), day) in enumerate(zip(snapshots, days)):
        yield ({"order": order, "day": day, "label": " ".join(str(label or "").split())},
               taken_at, payload if isinstance(payload, dict) else {})


PULSE_AREA = "Organization (pulse)"
"""The trend's line of the organization-wide pulse's overall score, where snapshots hold one."""


def culture_trend(culture_bank: LikertBank, snapshots: Snapshots) -> pd.DataFrame:
    """Culture scores over time, one row per snapshot x area (each dimension, "Overall",
    and the pulse's overall score where a snapshot holds one).

    Columns: order (0 for the first snapshot given), day (see :func:`snapshot_days`), label,
    area, score. Dimensions the bank no longer has, missing scores and payloads without
    culture scores (older snapshots) are left out.
    """
    names = {d.id: d.name for d in culture_bank.dimensions}
    rows = []
    for point, _, payload in _points(snapshots):
        overall = _score(payload.get("culture_overall"))
        if overall is not None:
            rows.append({**point, "area": "Overall", "score": overall})
        organization = _score(payload.get("pulse_overall"))
        if organization is not None:
            rows.append({**point, "area": PULSE_AREA, "score": organization})
        for dim_id, value in _mapping(payload.get("culture")).items():
            if dim_id in names and _score(value) is not None:
                rows.append({**point, "area": names[dim_id], "score": _score(value)})
    return pd.DataFrame(rows, columns=["order", "day", "label", "area", "score"])


def maturity_trend(maturity_bank: StagedBank, snapshots: Snapshots) -> pd.DataFrame:
    """Maturity stages over time, one row per snapshot x area ("Overall", then each
    competency in the bank's order).

    Columns: order, day, label (as in :func:`culture_trend`), area, stage (1..4) and
    stage_name. Competencies the bank no longer has, stages without answers (0) and payloads
    without stages (older snapshots) are left out.
    """
    count = len(maturity_bank.stages)
    rows = []
    for point, _, payload in _points(snapshots):
        stages = _mapping(payload.get("maturity"))
        areas = [("Overall", payload.get("maturity_overall"))]
        areas += [(c.name, stages.get(c.id)) for c in maturity_bank.competencies]
        for area, value in areas:
            stage = _stage(value, count)
            if stage is not None:
                rows.append({**point, "area": area, "stage": stage,
                             "stage_name": maturity_bank.stage_name(stage)})
    return pd.DataFrame(rows, columns=["order", "day", "label", "area", "stage", "stage_name"])


def snapshot_overview(maturity_bank: StagedBank, snapshots: Snapshots) -> pd.DataFrame:
    """One row per snapshot: order, day, time (UTC, "14:05"), label, culture (overall score
    or None), maturity (overall stage name or None), participants (or None), and pulse (the
    organization's overall score in the pulse set beside it, or None)."""
    rows = []
    for point, taken_at, payload in _points(snapshots):
        stage = _stage(payload.get("maturity_overall"), len(maturity_bank.stages))
        people = _score(payload.get("participants"))
        when = _utc(taken_at)
        rows.append({**point, "time": when.strftime("%H:%M") if when else "",
                     "culture": _score(payload.get("culture_overall")),
                     "maturity": None if stage is None
                     else f"{stage}. {maturity_bank.stage_name(stage)}",
                     "participants": None if people is None else int(people),
                     "pulse": _score(payload.get("pulse_overall"))})
    return pd.DataFrame(rows, columns=["order", "day", "time", "label", "culture", "maturity",
                                       "participants", "pulse"])

