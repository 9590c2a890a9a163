"""Closing a live session with its record, and the records of past sessions on screen.

What a record holds is :mod:`outcomes.workshop_record`; it is stored by
``workspace.workshop_records``.
"""
from __future__ import annotations

import streamlit as st

import workspace
from outcomes import workshop_record
from ui import common, results, tables, workshop_views


def close(engagement_id: int, session_id: int) -> None:
    """Callback: close the session and keep its record; say so (or why not) next run."""
    database = common.db()
    try:
        workshop_record.close(database, engagement_id, session_id,
                              results.engagement_banks(database, engagement_id))
    except (workspace.WorkspaceError, ValueError) as error:
        common.flash("error", f"Not closed: {error}")
    else:
        common.flash("success", "The workshop is closed; its answers are in the engagement's "
                                "results and its record is kept below.")


def _label(record: workspace.workshop_records.WorkshopRecord) -> str:
    data = record.payload
    people = data["people"]["count"]
    return (f"{data['session']['opened_at'][:16].replace('T', ' ')} UTC · {people} "
            f"{'person' if people == 1 else 'people'}"
            + (" · anonymous" if data["session"]["anonymous"] else ""))


def show_record(record: workspace.workshop_records.WorkshopRecord) -> None:
    """A closed session as it was: who took part (or how many), what was asked, the second
    rounds and agreed values, and the room's aggregate at the close."""
    data = record.payload
    session = data["session"]
    st.markdown(common.escape_markdown(
        f"Opened {session['opened_at'][:16].replace('T', ' ')} UTC, closed "
        f"{session['closed_at'][:16].replace('T', ' ')} UTC. Asked: "
        + ", ".join(workshop_views.TASK_NAMES.get(t, t) for t in session["tasks"])
        + (f" (weights: {session['weights_level_title']} by "
           f"{workshop_views.WEIGHT_METHODS.get(session['weights_method'], '')})"
           if "weights" in session["tasks"] else "") + "."))
    people = data["people"]
    if session["anonymous"]:
        st.markdown(f"**{people['count']}** took part (anonymous: no names were kept).")
    else:
        st.markdown(f"**{people['count']}** took part: "
                    + common.escape_markdown(", ".join(people["names"]) or "nobody"))
    rounds = workshop_record.rounds([record])
    if len(rounds):
        st.markdown("**Second rounds and agreed values**")
        tables.show(workshop_record.rounds_table(rounds), key=f"record.{record.id}.rounds")
    for part, (title, _) in workshop_record.AGGREGATE_COLUMNS.items():
        rows = data["aggregate"].get(part)
        if rows:
            st.markdown(f"**{title}: the room at the close**")
            tables.show(workshop_record.aggregate_table(part, rows),
                        key=f"record.{record.id}.{part}")


def past_sessions(database: workspace.Database, engagement: workspace.Engagement) -> None:
    """The records of the engagement's closed sessions, to reopen and read (and export from
    the Exports page)."""
    records = workspace.workshop_records.list_records(database, engagement.id)
    if not records:
        return
    st.header("Past sessions")
    by_id = {r.id: r for r in records}
    chosen = st.selectbox("Workshop record", list(by_id), key="workshop.record",
                          format_func=lambda record_id: _label(by_id[record_id]),
                          help="Each closed session's record: the workbook, the CSV files and "
                               "the backup carry them too (Exports).")
    with st.container(border=True):
        show_record(by_id[chosen])
