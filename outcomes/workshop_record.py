"""A live session's record: built when it closes, read back on the Live workshop page and in
every export.

The record keeps who took part (only how many when the session was anonymous), what was
asked, each reopened item with both rounds' answers and the agreed value, and the room's
aggregate at the close (the tables the live view shows, without anyone's own answers). It
is plain JSON (see ``workspace.workshop_records`` for its checked shape), so it can be
reopened, exported and carried in a backup whatever changes later.

No Streamlit here.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

import assessments
import workspace
from outcomes import consensus, gather, room
from reports.formats import Column, Kind, Table, table
from reports.people import pseudonyms

RECORD_COLUMNS = ["workshop", "section", "item", "measure", "value"]


def _plain(value: Any) -> Any:
    """A JSON-safe cell: numbers as floats (None for NaN), text as text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        number = float(value)
        return None if not math.isfinite(number) else number
    return str(value)


def _rows(frame: pd.DataFrame | None, columns: Mapping[str, str]) -> list[dict[str, Any]]:
    """The table's rows with ``columns`` (frame column -> record field)."""
    if frame is None or not len(frame):
        return []
    return [{field: _plain(row[column]) for column, field in columns.items()}
            for _, row in frame.reset_index().iterrows()]


def aggregate(live: room.Room) -> dict[str, list[dict[str, Any]]]:
    """The room's aggregate as the live view shows it, never anyone's own answer."""
    weights = None
    if live.weights is not None:
        names = dict(live.level_items)
        weights = live.weights.table.rename(index=names).reset_index(names="Item")
    return {
        "culture": _rows(live.culture, {"Statement": "statement", "Dimension": "dimension",
                                        "Mean": "mean", "Median": "median",
                                        "Spread": "spread", "Agreement": "agreement",
                                        "Answers": "answers"}),
        "maturity": _rows(live.maturity, {"Competency": "competency", "Stage": "stage",
                                          "Mean stage": "mean_stage", "Spread": "spread",
                                          "Agreement": "agreement", "Answers": "answers"}),
        "weights": _rows(weights, {"Item": "item", "weight": "group", "mean": "mean",
                                   "median": "median", "spread": "spread"}),
        "scores": _rows(live.scores, {"vendor": "vendor", "criterion": "criterion",
                                      "mean": "mean", "spread": "spread",
                                      "scorers": "scorers"}),
    }


def _answers(given: Mapping[int, float | None], names: Mapping[int, str]) -> dict[str, Any]:
    """One round's answers by who gave them (an anonymous session's names are its numbers),
    with their mean, spread and count."""
    mean, spread, count = consensus.round_stats(given)
    return {"answers": [{"who": names.get(pid, "someone who left"), "value": _plain(value)}
                        for pid, value in given.items()],
            "mean": _plain(mean), "spread": _plain(spread), "count": count}


def payload(database: workspace.Database, engagement_id: int, session_id: int,
            banks: tuple[assessments.LikertBank, assessments.StagedBank] | None = None,
            closed_at: str = "") -> dict[str, Any]:
    """The record of a session as it stands (``closed_at``: the moment it closes).

    Raises:
        NotFound: the engagement or the session does not exist.
        BankError: the engagement's banks cannot be used.
    """
    live = room.build(database, engagement_id, session_id, banks)
    session = workspace.get_session(database, session_id)
    people = workspace.session_participants(database, session_id)
    names = {p.id: p.name for p in people}
    culture_bank, maturity_bank = banks or gather.engagement_banks(database, engagement_id)
    words = {("culture", culture_bank.id, i.id): i.text for i in culture_bank.items}
    words |= {("maturity", maturity_bank.id, c.id): c.name for c in maturity_bank.competencies}
    criteria = {k.id: k.name for k in workspace.list_criteria(database, engagement_id)}
    vendors = {v.id: v.name for v in workspace.list_vendors(database, engagement_id)}
    agreed = workspace.consensus.agreed_values(database, engagement_id)
    agreed = agreed[agreed["session_id"] == session_id]
    settled = {(r.kind, r.bank, r.item, None if pd.isna(r.vendor_id) else int(r.vendor_id)):
               {"value": float(r.value), "rationale": r.rationale, "agreed_at": r.agreed_at}
               for r in agreed.itertuples()}
    rounds = []
    for item in workspace.consensus.reopened_items(database, session_id):
        label = (f"{vendors.get(item.vendor_id, '?')} · {criteria.get(item.item, item.item)}"
                 if item.kind == "score" else words.get((item.kind, item.bank, item.item),
                                                        item.item))
        rounds.append({
            "kind": item.kind, "label": label, "reopened_at": item.reopened_at,
            "round_one": _answers(item.round_one, names),
            "round_two": _answers(workspace.consensus.round_two(database, item.id), names),
            "agreed": settled.get((item.kind, item.bank, item.item, item.vendor_id))})
    return {
        "session": {"opened_at": session.created_at, "closed_at": closed_at,
                    "tasks": list(session.tasks), "weights_level": session.weights_level,
                    "weights_level_title": live.level_title,
                    "weights_method": session.weights_method, "anonymous": session.anonymous,
                    "room_size": session.max_participants},
        "people": {"count": len(people),
                   "names": [] if session.anonymous else [p.name for p in people]},
        "rounds": rounds,
        "aggregate": aggregate(live),
    }


def close(database: workspace.Database, engagement_id: int, session_id: int,
          banks: tuple[assessments.LikertBank, assessments.StagedBank] | None = None
          ) -> workspace.workshop_records.WorkshopRecord:
    """Close a live session and keep its record (in one transaction).

    Raises:
        NotFound: the session does not exist.
        InvalidInput: the session is closed already.
        BankError: the engagement's banks cannot be used.
    """
    return workspace.workshop_records.close_with_record(
        database, session_id, payload(database, engagement_id, session_id, banks,
                                      closed_at=workspace.db.now()))


def summary(records: list[workspace.workshop_records.WorkshopRecord],
            include_names: bool) -> pd.DataFrame:
    """One row per record: when, how many took part (and who, when asked and not
    anonymous), what was asked, how many items were reopened and agreed on."""
    rows = []
    for record in records:
        data = record.payload
        names = data["people"]["names"] if include_names else []
        rows.append({"opened": data["session"]["opened_at"][:16].replace("T", " "),
                     "closed": data["session"]["closed_at"][:16].replace("T", " "),
                     "people": data["people"]["count"],
                     "anonymous": "Yes" if data["session"]["anonymous"] else "No",
                     "names": ", ".join(names),
                     "tasks": ", ".join(room.TASK_NAMES.get(t, t)
                                        for t in data["session"]["tasks"]),
                     "reopened": len(data["rounds"]),
                     "agreed": sum(1 for r in data["rounds"] if r["agreed"] is not None)})
    return pd.DataFrame(rows, columns=["opened", "closed", "people", "anonymous", "names",
                                       "tasks", "reopened", "agreed"])


def rounds(records: list[workspace.workshop_records.WorkshopRecord]) -> pd.DataFrame:
    """One row per reopened item of every record: both rounds and the agreed value."""
    rows = []
    for record in records:
        for item in record.payload["rounds"]:
            agreed = item["agreed"] or {}
            rows.append({"workshop": record.payload["session"]["opened_at"][:16]
                        .replace("T", " "), "what": consensus.KIND_NAMES[item["kind"]],
                         "item": item["label"],
                         "round_1_mean": item["round_one"]["mean"],
                         "round_1_spread": item["round_one"]["spread"],
                         "round_1_answers": item["round_one"]["count"],
                         "round_2_mean": item["round_two"]["mean"],
                         "round_2_spread": item["round_two"]["spread"],
                         "round_2_answers": item["round_two"]["count"],
                         "agreed": agreed.get("value"), "why": agreed.get("rationale", "")})
    return pd.DataFrame(rows, columns=["workshop", "what", "item", "round_1_mean",
                                       "round_1_spread", "round_1_answers", "round_2_mean",
                                       "round_2_spread", "round_2_answers", "agreed", "why"])


_ON_ITS_SCALE = "On the item's own scale: the answer (1-5), the stage (1-4) or the score (0-5)"


def rounds_table(frame: pd.DataFrame) -> Table:
    """The second rounds of :func:`rounds` as shown: the item, what was agreed and why
    first, then both rounds."""
    return table(frame, [
        Column("item", "Item", wide=True),
        Column("agreed", "Agreed value", Kind.MEAN, _ON_ITS_SCALE),
        Column("why", "Why", wide=True),
        Column("what", "What"),
        Column("round_1_mean", "Round 1 mean", Kind.MEAN, _ON_ITS_SCALE),
        Column("round_2_mean", "Round 2 mean", Kind.MEAN, _ON_ITS_SCALE),
        Column("round_1_spread", "Round 1 spread", Kind.MEAN, "Standard deviation"),
        Column("round_2_spread", "Round 2 spread", Kind.MEAN, "Standard deviation"),
        Column("round_1_answers", "Round 1 answers", Kind.COUNT),
        Column("round_2_answers", "Round 2 answers", Kind.COUNT)])


_AGREEMENT = Column("agreement", "Agreement", Kind.SHARE,
                    "100% means everyone gave the same answer")
#: The room at the close, by part of the record: its title and its columns as shown.
AGGREGATE_COLUMNS: dict[str, tuple[str, list[Column]]] = {
    "culture": ("Culture questionnaire", [
        Column("statement", "Statement", wide=True),
        Column("mean", "Mean", Kind.SCORE_100, "0-100: 100 is the healthiest answer"),
        _AGREEMENT,
        Column("spread", "Spread", Kind.SPREAD_100, "Standard deviation between people"),
        Column("median", "Median", Kind.SCORE_100),
        Column("answers", "Answers", Kind.COUNT),
        Column("dimension", "Dimension")]),
    "maturity": ("Maturity questionnaire", [
        Column("competency", "Competency", wide=True),
        Column("stage", "Stage"),
        _AGREEMENT,
        Column("spread", "Spread", Kind.MEAN, "Standard deviation in stages"),
        Column("mean_stage", "Mean stage", Kind.MEAN),
        Column("answers", "Answers", Kind.COUNT)]),
    "weights": ("Weights", [
        Column("item", "Item", wide=True),
        Column("group", "Group", Kind.WEIGHT),
        Column("mean", "Mean", Kind.WEIGHT),
        Column("median", "Median", Kind.WEIGHT),
        Column("spread", "Spread", Kind.WEIGHT)]),
    "scores": ("Vendor scores", [
        Column("vendor", "Vendor"),
        Column("criterion", "Criterion", wide=True),
        Column("mean", "Mean", Kind.SCORE_5, "0-5"),
        Column("spread", "Spread", Kind.SCORE_5),
        Column("scorers", "Scorers", Kind.COUNT)]),
}


def aggregate_table(part: str, rows: list[dict[str, Any]]) -> Table:
    """One part of a record's room at the close (``AGGREGATE_COLUMNS``) as shown.

    Raises:
        KeyError: ``part`` is not a part of the record's aggregate.
    """
    columns = AGGREGATE_COLUMNS[part][1]
    return table(pd.DataFrame(rows, columns=[c.key for c in columns]), columns)


def long_rows(records: list[workspace.workshop_records.WorkshopRecord], include_names: bool
              ) -> pd.DataFrame:
    """Every record whole, one fact per row (``RECORD_COLUMNS``), for a CSV file: the
    session, who took part (names only when asked and not anonymous; otherwise numbered in
    the order they joined), each round's answers, the agreed values and the aggregate at
    close."""
    rows = []
    for record in records:
        data = record.payload
        when = data["session"]["opened_at"][:16].replace("T", " ")
        for measure, value in data["session"].items():
            rows.append((when, "session", "", measure, ", ".join(value)
                         if isinstance(value, list) else value))
        rows.append((when, "people", "", "count", data["people"]["count"]))
        shown = pseudonyms(data["people"]["names"], include_names=include_names)
        for name in data["people"]["names"]:
            rows.append((when, "people", "", "participant", shown[name]))
        for item in data["rounds"]:
            for number, key in ((1, "round_one"), (2, "round_two")):
                given = item[key]
                for measure in ("mean", "spread", "count"):
                    rows.append((when, f"round {number}", item["label"], measure,
                                 given[measure]))
                for answer in given["answers"]:
                    rows.append((when, f"round {number}", item["label"],
                                 f"answer of {shown.get(answer['who'], answer['who'])}",
                                 answer["value"]))
            if item["agreed"] is not None:
                rows.append((when, "agreed", item["label"], "value", item["agreed"]["value"]))
                rows.append((when, "agreed", item["label"], "why",
                             item["agreed"]["rationale"]))
        for part, table in data["aggregate"].items():
            for row in table:
                label = " · ".join(v for v in row.values() if isinstance(v, str))
                for measure, value in row.items():
                    if not isinstance(value, str):
                        rows.append((when, f"aggregate {part}", label, measure, value))
    return pd.DataFrame(rows, columns=RECORD_COLUMNS)
