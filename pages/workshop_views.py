"""What a workshop's facilitator (and, once revealed, its participants) see of the room.

``live_data`` gathers the session's people and their answers from the workspace; the ``show_*``
functions draw one task each. ``individual=True`` (the facilitator only) adds each person's
answers by display name; without it only aggregates appear, never a name.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import workspace
from assessments import score_culture, score_maturity
from pages import common
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


@dataclass(frozen=True)
class LiveData:
    """A session's people and everything they have given so far."""
    session: workspace.WorkshopSession
    people: list[workspace.Participant]
    culture_bank: object
    maturity_bank: object
    culture: pd.DataFrame
    maturity: pd.DataFrame
    weights: dict[str, dict[str, float]]
    level_title: str
    level_items: list[tuple[str, str]]
    scores: pd.DataFrame
    vendors: int
    criteria: int


def live_data(database: workspace.Database, engagement: workspace.Engagement,
              session: workspace.WorkshopSession) -> LiveData:
    """Everything the session's participants have answered, read fresh from the workspace."""
    people = workspace.session_participants(database, session.id)
    ids = {p.id for p in people}
    names = {p.id: p.name for p in people}
    culture_bank, maturity_bank = common.engagement_banks(database, engagement)
    culture = workspace.engagement_responses(database, engagement.id, culture_bank.id)
    maturity = workspace.engagement_responses(database, engagement.id, maturity_bank.id)
    levels = weight_levels(database, engagement.id)
    title, items = levels.get(session.weights_level, ("", []))
    inputs = workspace.session_weights(database, session.id, session.weights_level,
                                       session.weights_method)
    scores = workspace.engagement_scores(database, engagement.id)
    return LiveData(
        session, people, culture_bank, maturity_bank,
        culture[culture["participant_id"].isin(ids)], maturity[maturity["participant_id"].isin(ids)],
        {names[pid]: given for pid, given in inputs.items() if pid in names}, title, items,
        scores[scores["scorer_id"].isin(ids)], len(workspace.list_vendors(database, engagement.id)),
        len(workspace.list_criteria(database, engagement.id)))


def progress(live: LiveData) -> pd.DataFrame:
    """One row per person: when they joined and how far they are in each task."""
    rows = []
    culture_total = len(live.culture_bank.items)
    maturity_total = len(live.maturity_bank.competencies)
    weighed = set(live.weights)
    for person in live.people:
        row = {"Name": person.name, "Joined": person.created_at[11:16] + " UTC"}
        if "culture" in live.session.tasks:
            done = int((live.culture["participant_id"] == person.id).sum())
            row["Culture"] = done / culture_total if culture_total else 0.0
        if "maturity" in live.session.tasks:
            done = int((live.maturity["participant_id"] == person.id).sum())
            row["Maturity"] = done / maturity_total if maturity_total else 0.0
        if "weights" in live.session.tasks:
            row["Weights"] = "given" if person.name in weighed else "not yet"
        if "scores" in live.session.tasks:
            total = live.vendors * live.criteria
            mine = live.scores[live.scores["scorer_id"] == person.id]["score"].notna().sum()
            row["Scores"] = int(mine) / total if total else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def show_progress(live: LiveData) -> None:
    """Who joined and how far each person is (the facilitator's view)."""
    table = progress(live)
    if table.empty:
        st.info("Nobody has joined yet. Put the code or the QR code on the screen.",
                icon=":material/hourglass_empty:")
        return
    share = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Culture": share, "Maturity": share, "Scores": share})


_SHARE = st.column_config.NumberColumn(format="%.0f")


def _each_person(title: str, answers: pd.DataFrame, labels: dict[str, str]) -> None:
    """Item x person table of answers (the facilitator's eyes only); "don't know" is empty."""
    with st.expander(title, icon=":material/person_search:"):
        wide = answers.pivot_table(index="item", columns="participant", values="value",
                                   aggfunc="first")
        wide.index = [labels.get(i, i) for i in wide.index]
        st.dataframe(wide, width="stretch")


def show_culture(live: LiveData, individual: bool) -> None:
    """Each statement's mean, median, spread and agreement, the most disputed first."""
    if live.culture.empty:
        st.caption("No culture answers yet.")
        return
    result = score_culture(live.culture_bank, live.culture)
    items = result.items[result.items["answered"] + result.items["dont_know"] > 0]
    items = aggregate.disagreement_first(items.reset_index())
    dims = {d.id: d.name for d in live.culture_bank.dimensions}
    table = pd.DataFrame({
        "Statement": items["text"], "Dimension": items["dimension"].map(dims),
        "Mean": items["score"], "Median": items["median"], "Spread": items["spread"],
        "Agreement": items["agreement"], "Answers": items["answered"]})
    st.caption(f"{result.participants} people; scores on 0-100 (100 = the healthiest answer). "
               "Statements where people differ most come first: those are worth discussing.")
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Statement": st.column_config.TextColumn(width="large"),
        "Mean": _SHARE, "Median": _SHARE,
        "Spread": st.column_config.NumberColumn(format="%.1f"),
        "Agreement": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0,
                                                     format="percent")})
    if individual:
        _each_person("Each person's answers (1-5, by display name)", live.culture,
                     {i.id: i.text for i in live.culture_bank.items})


def show_maturity(live: LiveData, individual: bool) -> None:
    """Each competency's stage (lower median), mean, spread and agreement, disputed first."""
    if live.maturity.empty:
        st.caption("No maturity answers yet.")
        return
    result = score_maturity(live.maturity_bank, live.maturity)
    comps = result.competencies[result.competencies["answered"]
                                + result.competencies["dont_know"] > 0]
    comps = aggregate.disagreement_first(comps.reset_index())
    table = pd.DataFrame({
        "Competency": comps["name"], "Stage": comps["stage_name"], "Mean stage": comps["mean"],
        "Spread": comps["spread"], "Agreement": comps["agreement"],
        "Answers": comps["answered"]})
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Mean stage": st.column_config.NumberColumn(format="%.1f"),
        "Spread": st.column_config.NumberColumn(format="%.2f"),
        "Agreement": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0,
                                                     format="percent")})
    if individual:
        _each_person("Each person's stage (by display name)", live.maturity,
                     {c.id: c.name for c in live.maturity_bank.competencies})


def group_weights(live: LiveData) -> aggregate.GroupWeights | None:
    """The group's weights for the session's level, or None while nobody has given any."""
    ids = [item for item, _ in live.level_items]
    if not live.weights or not ids:
        return None
    try:
        if live.session.weights_method == "ahp":
            return aggregate.group_ahp(live.weights, ids)
        return aggregate.group_points(live.weights, ids)
    except VendorsError:
        return None


def show_weights(live: LiveData, individual: bool, engagement: workspace.Engagement) -> None:
    """The group's weights (geometric-mean AHP or mean points) and where people differ."""
    method = live.session.weights_method
    group = group_weights(live)
    if group is None:
        st.caption("No weights given yet.")
        return
    names = dict(live.level_items)
    how = ("the geometric mean of everyone's pairwise judgments" if method == "ahp"
           else "the mean of everyone's points")
    st.caption(f"{len(group.individual)} people weighed {common.escape_markdown(live.level_title)}"
               f" ({WEIGHT_METHODS[method]}); the group's weights are {how}.")
    chart_table = pd.DataFrame({"item": [names[i] for i in group.weights.index],
                                "weight": group.weights.values})
    common.chart("weights_chart", (chart_table, f"{live.level_title} (group)"),
                 f"group-weights-{live.session.weights_level}", engagement)
    table = group.table.rename(index=names).reset_index(names="Item")
    percent = st.column_config.NumberColumn(format="percent")
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "weight": st.column_config.NumberColumn("Group", format="percent"),
        "mean": st.column_config.NumberColumn("Mean", format="percent"),
        "median": st.column_config.NumberColumn("Median", format="percent"),
        "spread": st.column_config.NumberColumn("Spread", format="percent"),
        "low": st.column_config.NumberColumn("Lowest", format="percent"),
        "high": st.column_config.NumberColumn("Highest", format="percent")})
    if method == "ahp":
        st.caption(f"Consistency ratio of the group's judgments: "
                   f"{group.consistency['group']:.3f} (below 0.10 is acceptable).")
        pairs = aggregate.pair_disagreement(live.weights, [n for _, n in live.level_items])
        st.markdown("**The pairs people judge most differently**")
        st.dataframe(pairs.head(5), hide_index=True, width="stretch", column_config={
            "first": "First", "second": "Second",
            "group": st.column_config.NumberColumn("Group judgment", format="%.2f×"),
            "spread": st.column_config.NumberColumn("Spread (Saaty steps)", format="%.2f"),
            "people": "People"})
    if individual:
        with st.expander("Each person's weights (by display name)", icon=":material/person_search:"):
            st.dataframe(group.individual.rename(columns=names), width="stretch",
                         column_config={names[i]: percent for i in group.individual.columns})
            if method == "ahp":
                st.caption("Consistency ratio per person: " + common.escape_markdown(", ".join(
                    f"{person} {cr:.2f}" for person, cr in group.consistency.items()
                    if person != "group")))
            if group.skipped:
                st.caption(common.escape_markdown("Not counted: " + "; ".join(
                    f"{person} ({why})" for person, why in group.skipped.items())))


def show_scores(live: LiveData, individual: bool) -> None:
    """Mean vendor scores and the scores the group disagrees on most."""
    given = live.scores.dropna(subset=["score"])
    if given.empty:
        st.caption("No vendor scores yet.")
        return
    aggregated = aggregate_scorers(given[["scorer", "vendor", "criterion", "score"]])
    ranked = aggregate.disagreement_first(aggregated, answered="scorers")
    st.caption("Mean score of everyone who scored (0-5); where scorers differ most comes first.")
    st.dataframe(ranked[["vendor", "criterion", "mean", "spread", "scorers"]], hide_index=True,
                 width="stretch", column_config={
                     "vendor": "Vendor", "criterion": "Criterion",
                     "mean": st.column_config.NumberColumn("Mean", format="%.2f"),
                     "spread": st.column_config.NumberColumn("Spread", format="%.2f"),
                     "scorers": "Scorers"})
    if individual:
        with st.expander("Each person's scores (by display name)", icon=":material/person_search:"):
            st.dataframe(given.pivot_table(index=["vendor", "criterion"], columns="scorer",
                                           values="score", aggfunc="first"), width="stretch")


def show_results(live: LiveData, individual: bool, engagement: workspace.Engagement) -> None:
    """One tab per task of the session."""
    tasks = list(live.session.tasks)
    for task, tab in zip(tasks, st.tabs([TASK_NAMES[t] for t in tasks])):
        with tab:
            if task == "culture":
                show_culture(live, individual)
            elif task == "maturity":
                show_maturity(live, individual)
            elif task == "weights":
                show_weights(live, individual, engagement)
            else:
                show_scores(live, individual)
