"""What a workshop's facilitator (and, once revealed, its participants) see of the room.

:func:`room` reads the session's people and answers and computes every aggregate (in
:mod:`outcomes.room`) once per change, keyed by a fingerprint of the session's data, so
forty participants refreshing their results and the facilitator's live view share one
computation. The ``show_*`` functions only draw. ``individual=True`` (the facilitator only)
adds each person's answers by display name; without it only aggregates appear, never a name.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

import outcomes.room
import workspace
from outcomes.room import Room, weight_levels
from ui import common, polls, tables
from reports.formats import Kind
from vendors import weighting

__all__ = ["Room", "TASK_NAMES", "WEIGHT_METHODS", "build_room", "room", "show_results",
           "weight_levels"]

TASK_NAMES = outcomes.room.TASK_NAMES
WEIGHT_METHODS = outcomes.room.WEIGHT_METHODS


ROOM_SECONDS = 10.0  # a fingerprint keys the cache; this only bounds a missed change


def build_room(database: workspace.Database, engagement_id: int, session_id: int) -> Room:
    """Read a session's answers and compute every aggregate (uncached; see :func:`room`);
    a broken question bank is said on the page, which stops."""
    banks = common.engagement_banks(database, workspace.get_engagement(database, engagement_id))
    return outcomes.room.build(database, engagement_id, session_id, banks)


@st.cache_data(ttl=ROOM_SECONDS, max_entries=32, show_spinner=False)
def _cached_room(path: str, engagement_id: int, session_id: int, fingerprint: tuple) -> Room:
    return build_room(common.db(), engagement_id, session_id)


def room(engagement_id: int, session_id: int, fingerprint=None) -> Room:
    """The session's room, recomputed only when something in it changed (shared by all);
    ``fingerprint`` reads the session's (by default now, see :func:`ui.polls.following`)."""
    database = common.db()
    key = (fingerprint or (lambda: workspace.session_fingerprint(database, session_id)))()
    return _cached_room(str(workspace.location()), engagement_id, session_id, key)


def room_poll(session_id: int):
    """The session fingerprint as a self-refreshing page polls it (one read a second for
    everyone on this server, after the page's own run)."""
    return polls.following(("session fingerprint", str(workspace.location()), session_id),
                           lambda: workspace.session_fingerprint(common.db(), session_id))


def show_progress(live: Room) -> None:
    """Who joined and how far each person is (the facilitator's view)."""
    if live.progress.empty:
        st.info("Nobody has joined yet. Put the code or the QR code on the screen.",
                icon=":material/hourglass_empty:")
        return
    share = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
    tables.table(live.progress, hide_index=True, width="stretch",
                 column_config={"Culture": share, "Maturity": share, "Scores": share})


_SHARE = st.column_config.NumberColumn(format="%.0f")
_AGREEMENT = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")


def _each_person(title: str, table: pd.DataFrame | None) -> None:
    """Each person's answers by display name (the facilitator's eyes only)."""
    if table is not None:
        with st.expander(title, icon=":material/person_search:"):
            tables.table(table, width="stretch")


def show_culture(live: Room, individual: bool) -> None:
    """Each statement's mean, median, spread and agreement, the most disputed first."""
    if live.culture is None:
        st.caption("No culture answers yet.")
        return
    st.caption(f"{live.culture_people} {'person' if live.culture_people == 1 else 'people'}; "
               "scores on 0-100 (100 = the healthiest answer). "
               "Statements where people differ most come first: those are worth discussing.")
    tables.table(live.culture, hide_index=True, width="stretch", column_order=[
        "Statement", "Mean", "Agreement", "Spread", "Median", "Answers", "Dimension"],
        column_config={
        "Statement": st.column_config.TextColumn(width="medium"),
        "Mean": _SHARE, "Median": _SHARE,
        "Spread": st.column_config.NumberColumn(format="%.1f"), "Agreement": _AGREEMENT})
    if individual:
        _each_person("Each person's answers (1-5, by display name)", live.culture_each)


def show_maturity(live: Room, individual: bool) -> None:
    """Each competency's stage (lower median), mean, spread and agreement, disputed first."""
    if live.maturity is None:
        st.caption("No maturity answers yet.")
        return
    tables.table(live.maturity, hide_index=True, width="stretch", column_order=[
        "Competency", "Stage", "Agreement", "Spread", "Mean stage", "Answers"], column_config={
        "Mean stage": st.column_config.NumberColumn(format="%.1f"),
        "Spread": st.column_config.NumberColumn(format="%.2f"), "Agreement": _AGREEMENT})
    if individual:
        _each_person("Each person's stage (by display name)", live.maturity_each)


def show_weights(live: Room, individual: bool, engagement: workspace.Engagement,
                 downloads: bool = True) -> None:
    """The group's weights (geometric-mean AHP or mean points) and where people differ."""
    group = live.weights
    if group is None:
        st.caption("No weights given yet.")
        return
    names = dict(live.level_items)
    how = ("the geometric mean of everyone's pairwise judgments" if live.method == "ahp"
           else "the mean of everyone's points")
    st.caption(f"{len(group.individual)} people weighed {common.escape_markdown(live.level_title)}"
               f" ({WEIGHT_METHODS[live.method]}); the group's weights are {how}.")
    chart_table = pd.DataFrame({"item": [names[i] for i in group.weights.index],
                                "weight": group.weights.values})
    common.chart("weights_chart", (chart_table, f"{live.level_title} (group)", "", True),
                 f"group-weights-{live.level}", engagement, width="stretch",
                 downloads=downloads)
    table = group.table.rename(index=names).reset_index(names="Item")
    if not individual:
        # The lowest and highest weights are one person's each: the facilitator's to see.
        table = table.drop(columns=["low", "high"])
    percent = st.column_config.NumberColumn(format="percent")
    tables.table(table, hide_index=True, width="stretch", column_config={
        "weight": st.column_config.NumberColumn("Group", format="percent"),
        "mean": st.column_config.NumberColumn("Mean", format="percent"),
        "median": st.column_config.NumberColumn("Median", format="percent"),
        "spread": st.column_config.NumberColumn("Spread", format="percent"),
        "low": st.column_config.NumberColumn("Lowest", format="percent"),
        "high": st.column_config.NumberColumn("Highest", format="percent")})
    if live.pairs is not None:
        cr = group.consistency["group"]
        st.caption(f"Consistency ratio of the group's judgments: {Kind.RATIO.text(cr)} "
                   + ("(0.10 or less: consistent)." if weighting.is_consistent(cr) else
                      "(above 0.10: inconsistent, worth discussing the pairs below)."))
        st.markdown("**The pairs people judge most differently**")
        top = live.pairs.head(5)
        # One column for the pair, so that the spread and the group's judgment come next
        # (on a phone, what lies past the first columns is out of sight).
        top = top.assign(pair=top["first"] + " vs " + top["second"])[
            ["pair", "spread", "group", "people"]]
        tables.table(top, hide_index=True, width="stretch", column_config={
            "pair": st.column_config.TextColumn("Pair", width="medium"),
            "group": st.column_config.NumberColumn("Group judgment", format="%.2f×"),
            "spread": st.column_config.NumberColumn("Spread (Saaty steps)", format="%.2f"),
            "people": "People"})
    if individual:
        with st.expander("Each person's weights (by display name)",
                         icon=":material/person_search:"):
            tables.table(group.individual.rename(columns=names), width="stretch",
                         column_config={names[i]: percent for i in group.individual.columns})
            if live.method == "ahp":
                st.caption("Consistency ratio per person: " + common.escape_markdown(", ".join(
                    f"{person} {Kind.RATIO.text(cr)}" for person, cr in group.consistency.items()
                    if person != "group")))
            if group.skipped:
                st.caption(common.escape_markdown("Not counted: " + "; ".join(
                    f"{person} ({why})" for person, why in group.skipped.items())))


def show_scores(live: Room, individual: bool) -> None:
    """Mean vendor scores and the scores the group disagrees on most."""
    if live.scores is None:
        st.caption("No vendor scores yet.")
        return
    st.caption("Mean score of everyone who scored (0-5); where scorers differ most comes first.")
    tables.table(live.scores, hide_index=True, width="stretch", column_config={
        "vendor": "Vendor", "criterion": "Criterion",
        "mean": st.column_config.NumberColumn("Mean", format="%.2f"),
        "spread": st.column_config.NumberColumn("Spread", format="%.2f"),
        "scorers": "Scorers"})
    if individual:
        _each_person("Each person's scores (by display name)", live.scores_each)


def show_results(live: Room, individual: bool, engagement: workspace.Engagement,
                 stacked: bool = False) -> None:
    """One tab per task of the session; ``stacked``: one section after another, with no
    tab, button or download (the presenter view)."""
    tasks = list(live.tasks)
    places = ([st.container() for _ in tasks] if stacked
              else st.tabs([TASK_NAMES[t] for t in tasks]))
    for task, place in zip(tasks, places):
        with place:
            if stacked:
                st.subheader(TASK_NAMES[task], anchor=False)
            if task == "culture":
                show_culture(live, individual)
            elif task == "maturity":
                show_maturity(live, individual)
            elif task == "weights":
                show_weights(live, individual, engagement, downloads=not stacked)
            else:
                show_scores(live, individual)
