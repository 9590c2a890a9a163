"""The action plan: the roadmap's actions with owner, due date and status, what is late, and
whether the areas the actions target moved between the last two snapshots.

An action is late when its due date is before today (the export date in an export) and it is
neither done nor dropped. Owners are shown as saved, as text (never as markup or a formula).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import assessments
import pandas as pd
from assessments.summary import culture_trend, maturity_trend
from outcomes import tables
from outcomes.gather import Readiness
from reports.formats import Column, Kind, Table, counted, table
from workspace.actions import CLOSED, action_key

LATE = "late"
NOT_STARTED = "not started"


def plan_frame(readiness: Readiness, today: str) -> pd.DataFrame:
    """One row per roadmap action, in phase order: key, title, area_name, source, area,
    phase_title, owner (None when none), due (YYYY-MM-DD or None), status, late (bool).
    Empty without a roadmap (nobody answered)."""
    roadmap = tables.roadmap(readiness)
    columns = ["key", "title", "area_name", "source", "area", "phase_title", "owner", "due",
               "status", "late"]
    if roadmap is None:
        return pd.DataFrame(columns=columns)
    saved = readiness.plan
    rows = []
    for phase, actions in roadmap.items():
        for _, action in actions.iterrows():
            key = action_key(str(action["source"]), str(action["area"]), str(action["title"]))
            found = saved.loc[key] if key in saved.index else None
            due = None if found is None or pd.isna(found["due"]) else str(found["due"])
            status = NOT_STARTED if found is None else str(found["status"])
            owner = None if found is None or pd.isna(found["owner"]) else str(found["owner"])
            rows.append({"key": key, "title": action["title"],
                         "area_name": action["area_name"], "source": action["source"],
                         "area": action["area"],
                         "phase_title": assessments.PHASE_TITLES[phase],
                         "owner": owner or None,
                         "due": due, "status": status,
                         "late": bool(due and due < today and status not in CLOSED)})
    return pd.DataFrame(rows, columns=columns).drop_duplicates("key")


def movement(readiness: Readiness, snapshots: Sequence[Any]) -> dict[tuple[str, str], str]:
    """(source, area id) -> how the area moved between the last two snapshots, in words
    ("58 → 64 (+6)" for a culture score, "stage 2 → 3 (+1)" for a competency); only for
    areas both snapshots hold. Empty with fewer than two snapshots."""
    if len(snapshots) < 2:
        return {}
    frozen = [(s.taken_at, s.label, s.payload) for s in snapshots[-2:]]
    moved: dict[tuple[str, str], str] = {}
    names = {d.name: d.id for d in readiness.culture_bank.dimensions}
    trend = culture_trend(readiness.culture_bank, frozen)
    for area, rows in trend[trend["area"] != "Overall"].groupby("area"):
        rows = rows.sort_values("order")
        if len(rows) == 2 and area in names:
            before, after = (Kind.SCORE_100.shown(v) for v in rows["score"])
            moved[("Culture", names[area])] = (f"{before} → {after} "
                                               f"({Kind.CHANGE.text(after - before)})")
    competencies = {c.name: c.id for c in readiness.maturity_bank.competencies}
    stages = maturity_trend(readiness.maturity_bank, frozen)
    for area, rows in stages[stages["area"] != "Overall"].groupby("area"):
        rows = rows.sort_values("order")
        if len(rows) == 2 and area in competencies:
            before, after = (int(v) for v in rows["stage"])
            moved[("Maturity", competencies[area])] = (f"stage {before} → {after} "
                                                       f"({Kind.CHANGE.text(after - before)})")
    return moved


def plan_table(readiness: Readiness, today: str, snapshots: Sequence[Any] = ()) -> Table:
    """The action plan as every place shows it (with "Moved" when two snapshots exist)."""
    frame = plan_frame(readiness, today)
    moved = movement(readiness, snapshots)
    frame["late_text"] = [LATE if late else "" for late in frame["late"]]
    columns = [Column("title", "Action", wide=True), Column("area_name", "Area"),
               Column("phase_title", "Phase"), Column("owner", "Owner"),
               Column("due", "Due"), Column("status", "Status"),
               Column("late_text", "Late", help="Due before today and neither done nor "
                                                "dropped")]
    if moved:
        frame["moved"] = [moved.get((s, a), "not in both snapshots")
                          for s, a in zip(frame["source"], frame["area"])]
        days = [str(s.taken_at)[:10] for s in snapshots[-2:]]
        columns.append(Column("moved", f"Moved ({days[0]} → {days[1]})",
                              help="The targeted area's score (culture) or stage "
                                   "(maturity) in the last two snapshots"))
    late = int(frame["late"].sum())
    note = ("" if frame.empty else
            f"{counted(late, 'action')} late (due before {today}, neither done nor "
            "dropped)." if late
            else f"No action is late on {today}.")
    return table(frame, columns, note)


def late_titles(readiness: Readiness, today: str) -> list[str]:
    """The titles of the late actions, in plan order."""
    frame = plan_frame(readiness, today)
    return [str(t) for t in frame.loc[frame["late"], "title"]]


def today_or(exported_on: str) -> str:
    """The day lateness is judged on: the export date when given, else today."""
    return exported_on[:10] if exported_on else date.today().isoformat()
