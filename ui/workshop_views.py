"""What a workshop's facilitator (and, once revealed, its participants) see of the room.

:func:`room` reads the session's people and answers and computes every aggregate once per
change (keyed by a fingerprint of the session's data), so forty participants refreshing their
results and the facilitator's live view share one computation. The ``show_*`` functions only draw. ``individual=True`` (the
facilitator only) adds each person's answers by display name; without it only aggregates
appear, never a name.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import workspace
from assessments import score_culture, score_maturity
from ui import common, tables
from reports.formats import Kind
from vendors import weighting
from vendors.decision import CATEGORIES_LEVEL
from vendors.errors import VendorsError
from vendors.scoring import aggregate_scorers
from workshops import aggregate

TASK_NAMES = {"culture": "Culture questionnaire", "maturity": "Maturity questionnaire",
              "weights": "Weights", "scores": "Vendor scores"}
WEIGHT_METHODS = {"points": "100 points", "ahp": "AHP pairwise comparison"}


def weight_levels(database: workspace.Database, engagement_id: int
                  ) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """The levels one can weigh: the categories, then each category's criteria.

    Maps level id to (title, [(item id, item name)]); categories without criteria are left out.
    """
    categories = workspace.list_categories(database, engagement_id)
    criteria = workspace.list_criteria(database, engagement_id)
    used = [c for c in categories if any(k.category == c.id for k in criteria)]
    levels = {CATEGORIES_LEVEL: ("Categories", [(c.id, c.name) for c in used])}
    for category in used:
        levels[category.id] = (category.name, [(k.id, k.name) for k in criteria
                                               if k.category == category.id])
    return levels


ROOM_SECONDS = 10.0  # a fingerprint keys the cache; this only bounds a missed change


@dataclass(frozen=True)
class Room:
    """What a session's participants have given so far, and its aggregates.

    Tables are None while nobody has given anything for that task.
    """
    tasks: tuple[str, ...]
    method: str
    level: str
    level_title: str
    level_items: list[tuple[str, str]]
    people: int
    counts: dict[str, int]
    progress: pd.DataFrame
    culture: pd.DataFrame | None
    culture_people: int
    culture_each: pd.DataFrame | None
    maturity: pd.DataFrame | None
    maturity_each: pd.DataFrame | None
    weights: aggregate.GroupWeights | None
    weights_each: dict[str, dict[str, float]]
    pairs: pd.DataFrame | None
    scores: pd.DataFrame | None
    scores_each: pd.DataFrame | None
    answering: int = 0
    names: tuple[str, ...] = ()


def _each(answers: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Item x person table of answers; "don't know" is empty."""
    wide = answers.pivot_table(index="item", columns="participant", values="value",
                               aggfunc="first")
    wide.index = [labels.get(i, i) for i in wide.index]
    return wide


def _culture_table(bank, answers: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    result = score_culture(bank, answers)
    items = result.items[result.items["answered"] + result.items["dont_know"] > 0]
    items = aggregate.disagreement_first(items.reset_index())
    dims = {d.id: d.name for d in bank.dimensions}
    return pd.DataFrame({
        "Statement": items["text"], "Dimension": items["dimension"].map(dims),
        "Mean": items["score"], "Median": items["median"], "Spread": items["spread"],
        "Agreement": items["agreement"], "Answers": items["answered"]}), result.participants


def _maturity_table(bank, answers: pd.DataFrame) -> pd.DataFrame:
    result = score_maturity(bank, answers)
    comps = result.competencies[result.competencies["answered"]
                                + result.competencies["dont_know"] > 0]
    comps = aggregate.disagreement_first(comps.reset_index())
    return pd.DataFrame({
        "Competency": comps["name"], "Stage": comps["stage_name"], "Mean stage": comps["mean"],
        "Spread": comps["spread"], "Agreement": comps["agreement"],
        "Answers": comps["answered"]})


def _group(method: str, given: dict[str, dict[str, float]], ids: list[str]
           ) -> aggregate.GroupWeights | None:
    if not given or not ids:
        return None
    try:
        if method == "ahp":
            return aggregate.group_ahp(given, ids)
        return aggregate.group_points(given, ids)
    except VendorsError:
        return None


def build_room(database: workspace.Database, engagement_id: int, session_id: int) -> Room:
    """Read a session's answers and compute every aggregate (uncached; see :func:`room`)."""
    engagement = workspace.get_engagement(database, engagement_id)
    session = workspace.get_session(database, session_id)
    people = workspace.session_participants(database, session.id)
    ids = {p.id for p in people}
    names = {p.id: p.name for p in people}
    culture_bank, maturity_bank = common.engagement_banks(database, engagement)
    culture = workspace.engagement_responses(database, engagement.id, culture_bank.id)
    culture = culture[culture["participant_id"].isin(ids)]
    maturity = workspace.engagement_responses(database, engagement.id, maturity_bank.id)
    maturity = maturity[maturity["participant_id"].isin(ids)]
    title, items = weight_levels(database, engagement.id).get(session.weights_level, ("", []))
    inputs = workspace.session_weights(database, session.id, session.weights_level,
                                       session.weights_method)
    given = {names[pid]: values for pid, values in inputs.items() if pid in names}
    scores = workspace.engagement_scores(database, engagement.id)
    scores = scores[scores["scorer_id"].isin(ids)].dropna(subset=["score"])
    slots = (len(workspace.list_vendors(database, engagement.id))
             * len(workspace.list_criteria(database, engagement.id)))

    progress = pd.DataFrame({"Name": [p.name for p in people],
                             "Joined": [p.created_at[11:16] + " UTC" for p in people]})
    person_ids = pd.Series([p.id for p in people], dtype="int64")
    if "culture" in session.tasks:
        done = culture["participant_id"].value_counts()
        progress["Culture"] = person_ids.map(done).fillna(0).to_numpy() / len(culture_bank.items)
    if "maturity" in session.tasks:
        done = maturity["participant_id"].value_counts()
        progress["Maturity"] = (person_ids.map(done).fillna(0).to_numpy()
                                / len(maturity_bank.competencies))
    if "weights" in session.tasks:
        progress["Weights"] = ["given" if p.name in given else "not yet" for p in people]
    if "scores" in session.tasks:
        done = scores["scorer_id"].value_counts()
        progress["Scores"] = person_ids.map(done).fillna(0).to_numpy() / slots if slots else 0.0

    culture_table, culture_people = (_culture_table(culture_bank, culture) if len(culture)
                                     else (None, 0))
    ids_in_order = [item for item, _ in items]
    group = _group(session.weights_method, given, ids_in_order)
    pairs = (aggregate.pair_disagreement(given, [n for _, n in items])
             if group is not None and session.weights_method == "ahp" else None)
    if len(scores):
        criterion_names = {k.id: k.name for k in workspace.list_criteria(database, engagement_id)}
        scores = scores.assign(criterion=scores["criterion"].map(criterion_names)
                               .fillna(scores["criterion"]))
        ranked = aggregate.disagreement_first(
            aggregate_scorers(scores[["scorer", "vendor", "criterion", "score"]]),
            answered="scorers")
        scores_table = ranked[["vendor", "criterion", "mean", "spread", "scorers"]]
        scores_each = scores.pivot_table(index=["vendor", "criterion"], columns="scorer",
                                         values="score", aggfunc="first")
    else:
        scores_table = scores_each = None
    gave = (set(culture["participant_id"]) | set(maturity["participant_id"])
            | {pid for pid in inputs if pid in names} | set(scores["scorer_id"]))
    return Room(
        answering=len(gave), names=tuple(p.name for p in people),
        tasks=session.tasks, method=session.weights_method, level=session.weights_level,
        level_title=title, level_items=items, people=len(people),
        counts={"culture": len(culture), "maturity": len(maturity), "weights": len(given),
                "scores": len(scores)},
        progress=progress, culture=culture_table, culture_people=culture_people,
        culture_each=_each(culture, {i.id: i.text for i in culture_bank.items})
        if len(culture) else None,
        maturity=_maturity_table(maturity_bank, maturity) if len(maturity) else None,
        maturity_each=_each(maturity, {c.id: c.name for c in maturity_bank.competencies})
        if len(maturity) else None,
        weights=group, weights_each=given, pairs=pairs, scores=scores_table,
        scores_each=scores_each)


@st.cache_data(ttl=ROOM_SECONDS, max_entries=32, show_spinner=False)
def _cached_room(path: str, engagement_id: int, session_id: int, fingerprint: tuple) -> Room:
    return build_room(common.db(), engagement_id, session_id)


def room(engagement_id: int, session_id: int) -> Room:
    """The session's room, recomputed only when something in it changed (shared by all)."""
    database = common.db()
    return _cached_room(str(workspace.default_path()), engagement_id, session_id,
                        workspace.session_fingerprint(database, session_id))


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
    tables.table(live.culture, hide_index=True, width="stretch", column_config={
        "Statement": st.column_config.TextColumn(width="large"),
        "Mean": _SHARE, "Median": _SHARE,
        "Spread": st.column_config.NumberColumn(format="%.1f"), "Agreement": _AGREEMENT})
    if individual:
        _each_person("Each person's answers (1-5, by display name)", live.culture_each)


def show_maturity(live: Room, individual: bool) -> None:
    """Each competency's stage (lower median), mean, spread and agreement, disputed first."""
    if live.maturity is None:
        st.caption("No maturity answers yet.")
        return
    tables.table(live.maturity, hide_index=True, width="stretch", column_config={
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
    common.chart("weights_chart", (chart_table, f"{live.level_title} (group)"),
                 f"group-weights-{live.level}", engagement, downloads=downloads)
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
        tables.table(live.pairs.head(5), hide_index=True, width="stretch", column_config={
            "first": "First", "second": "Second",
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
                st.subheader(TASK_NAMES[task])
            if task == "culture":
                show_culture(live, individual)
            elif task == "maturity":
                show_maturity(live, individual)
            elif task == "weights":
                show_weights(live, individual, engagement, downloads=not stacked)
            else:
                show_scores(live, individual)
