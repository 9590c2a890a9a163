"""A live workshop session's room: who joined, what they gave, and every aggregate of it.

:func:`build` reads the session's people and answers from the workspace and computes the
group's tables once (the pages cache it by the session's fingerprint; the workshop record
keeps it at close). While blind scoring is on, vendors are named by their labels ("Vendor
A"). Aggregates never name anyone; the ``*_each`` tables (each person's
answers, by display name) are for the facilitator alone. ``items`` measures every answered
item on its own answer scale, for the consensus step (see :mod:`outcomes.consensus`).

No Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import assessments
import workspace
from assessments import score_culture, score_maturity
from outcomes import gather
from vendors.decision import CATEGORIES_LEVEL
from vendors.errors import VendorsError
from vendors.scoring import aggregate_scorers
from workshops import aggregate

TASK_NAMES = {"culture": "Culture questionnaire", "maturity": "Maturity questionnaire",
              "weights": "Weights", "scores": "Vendor scores"}
WEIGHT_METHODS = {"points": "100 points", "ahp": "AHP pairwise comparison"}
ITEM_COLUMNS = ["kind", "bank", "item", "vendor_id", "label", "mean", "spread", "answers",
                "low", "high"]


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
    items: pd.DataFrame | None = None


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


def build(database: workspace.Database, engagement_id: int, session_id: int,
          banks: tuple[assessments.LikertBank, assessments.StagedBank] | None = None) -> Room:
    """Read a session's answers and compute every aggregate (``banks``: the engagement's
    culture and maturity banks, when the caller has them).

    Raises:
        NotFound: the engagement or the session does not exist.
        BankError: the engagement's banks cannot be used.
    """
    engagement = workspace.get_engagement(database, engagement_id)
    session = workspace.get_session(database, session_id)
    people = workspace.session_participants(database, session.id)
    names = {p.id: p.name for p in people}
    culture_bank, maturity_bank = banks or gather.engagement_banks(database, engagement.id)
    # Only the session's people are read (an indexed read, however large the engagement).
    culture = workspace.engagement_responses(database, engagement.id, culture_bank.id,
                                             session_id=session.id)
    maturity = workspace.engagement_responses(database, engagement.id, maturity_bank.id,
                                              session_id=session.id)
    title, items = weight_levels(database, engagement.id).get(session.weights_level, ("", []))
    inputs = workspace.session_weights(database, session.id, session.weights_level,
                                       session.weights_method)
    given = {names[pid]: values for pid, values in inputs.items() if pid in names}
    scores = workspace.engagement_scores(database, engagement.id, session_id=session.id)
    scores = scores.dropna(subset=["score"])
    if workspace.blind.is_blind(database, engagement.id):
        # Blind scoring: the room (and everything drawn from it) names vendors by label.
        shown = workspace.blind.labels(database, engagement.id)
        scores = scores.assign(vendor=scores["vendor_id"].map(shown))
    offered = {v.id for v in workspace.offered_vendors(database, session)}
    slots = len(offered) * len(workspace.list_criteria(database, engagement.id))

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
        done = scores[scores["vendor_id"].isin(offered)]["scorer_id"].value_counts()
        progress["Scores"] = person_ids.map(done).fillna(0).to_numpy() / slots if slots else 0.0

    culture_table, culture_people = (_culture_table(culture_bank, culture) if len(culture)
                                     else (None, 0))
    ids_in_order = [item for item, _ in items]
    group = _group(session.weights_method, given, ids_in_order)
    pairs = (aggregate.pair_disagreement(given, [n for _, n in items])
             if group is not None and session.weights_method == "ahp" else None)
    criterion_names = {k.id: k.name for k in workspace.list_criteria(database, engagement_id)}
    item_stats = _items(culture_bank, culture, maturity_bank, maturity, scores,
                        criterion_names)
    if len(scores):
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
        scores_each=scores_each, items=item_stats)


def _stats(frame: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Mean, spread (population standard deviation), count, lowest and highest of ``value``
    per ``keys``, over the rows that have one."""
    given = frame.dropna(subset=[value])
    grouped = given.groupby(keys, sort=False)[value]
    return pd.DataFrame({"mean": grouped.mean(), "spread": grouped.std(ddof=0),
                         "answers": grouped.size(), "low": grouped.min(),
                         "high": grouped.max()}).reset_index()


def _items(culture_bank, culture: pd.DataFrame, maturity_bank, maturity: pd.DataFrame,
           scores: pd.DataFrame, criterion_names: dict[str, str]) -> pd.DataFrame:
    """Every answered item on its own answer scale (``ITEM_COLUMNS``): culture statements
    (1 to the bank's scale), maturity competencies (stages) and vendor scores (0-5)."""
    parts = []
    if len(culture):
        stats = _stats(culture, ["item"], "value")
        text = {i.id: i.text for i in culture_bank.items}
        parts.append(stats.assign(kind="culture", bank=culture_bank.id, vendor_id=None,
                                  label=stats["item"].map(text)))
    if len(maturity):
        stats = _stats(maturity, ["item"], "value")
        text = {c.id: c.name for c in maturity_bank.competencies}
        parts.append(stats.assign(kind="maturity", bank=maturity_bank.id, vendor_id=None,
                                  label=stats["item"].map(text)))
    if len(scores):
        stats = _stats(scores, ["vendor_id", "vendor", "criterion"], "score")
        parts.append(stats.assign(
            kind="score", bank="", item=stats["criterion"],
            label=stats["vendor"] + " · " + stats["criterion"].map(criterion_names).fillna(
                stats["criterion"])))
    if not parts:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    frame = pd.concat([part[ITEM_COLUMNS] for part in parts], ignore_index=True)
    frame["vendor_id"] = frame["vendor_id"].astype(object).where(frame["vendor_id"].notna(),
                                                                  None)
    return frame
