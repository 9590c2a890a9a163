"""The pulse's tables as every place shows them: the results page, the readiness report,
the HTML report, the workbook and the CSV files take them from here, with one format per
kind of number (:mod:`reports.formats`). A hidden group's cell holds no number and says
why ("fewer than 5 responses", "hidden: protects a smaller group"), which is distinct from
"no responses"."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

import assessments
from assessments.anonymity import ORGANIZATION, SHOWN, Cell
from assessments.pulse import COMPETENCY, DIMENSION, STATEMENT, hidden_text, statistic
from outcomes.pulse import PulseResults, Rates, family, view
from outcomes.tables import Metric
from reports.formats import MISSING, Column, Kind, Table, shown_difference, table


def _areas(result: PulseResults, name: str) -> list[tuple[str, str]]:
    """(statistic, area name) of the family: dimensions or competencies."""
    if name == "maturity":
        bank = result.maturity_bank
        return [(statistic(COMPETENCY, c.id), c.name) for c in bank.competencies] if bank else []
    return [(statistic(DIMENSION, d.id), d.name) for d in result.culture_bank.dimensions]


def cell_label(result: PulseResults, cell: Cell) -> str:
    """How a group is named: "Everyone", "Department: Sales", "Sales · Lyon"."""
    if cell == ORGANIZATION:
        return "Everyone"
    names = {s.id: s.name for s in result.segments}
    if cell.depth == 1:
        segment, value = cell.constraints[0]
        return f"{names.get(segment, segment)}: {value}"
    return " · ".join(value for _, value in cell.constraints)


# --- the organization ------------------------------------------------------------------------

def scores_table(result: PulseResults) -> Table:
    """The whole organization's culture score by dimension, scored as the leaders' answers
    are (spread and agreement over respondents)."""
    columns = [
        Column("name", "Dimension"),
        Column("score", "Score", Kind.SCORE_100, "Mean over respondents, 0-100"),
        Column("band_label", "Band"),
        Column("people", "Responses", Kind.COUNT, "People with a score in the dimension"),
        Column("spread", "Spread", Kind.SPREAD_100, "Standard deviation between people"),
        Column("agreement", "Agreement", Kind.SHARE, "1 - spread / 50"),
        Column("dont_know", "Don't know", Kind.COUNT)]
    if not result.has_scores:
        return table(pd.DataFrame(columns=[c.key for c in columns]), columns, result.note())
    frame = result.organization.dimensions.reset_index()
    frame["people"] = [result.culture.counts.at[ORGANIZATION, statistic(DIMENSION, d)]
                       for d in frame["dimension"]]
    return table(frame, columns)


def statements_table(result: PulseResults) -> Table:
    """Every statement's score for the whole organization, outcome statements last."""
    columns = [Column("area", "Dimension"), Column("text", "Statement", wide=True),
               Column("score", "Score", Kind.SCORE_100, "0-100 after reverse scoring"),
               Column("responses", "Responses", Kind.COUNT),
               Column("dont_know", "Don't know", Kind.COUNT)]
    if not result.has_scores:
        return table(pd.DataFrame(columns=[c.key for c in columns]), columns, result.note())
    items = result.organization.items.reset_index()
    names = {d.id: d.name for d in result.culture_bank.dimensions}
    frame = pd.DataFrame({
        "area": items["dimension"].map(names), "text": items["text"], "score": items["score"],
        "responses": [result.culture.counts.at[ORGANIZATION, statistic(STATEMENT, i)]
                      for i in items["item"]],
        "dont_know": items["dont_know"]})
    if result.outcomes is not None and len(result.outcomes):
        frame = pd.concat([frame, result.outcomes.assign(area="Outcome statement")[
            ["area", "text", "score", "responses", "dont_know"]]], ignore_index=True)
    return table(frame, columns)


def metrics(result: PulseResults) -> list[Metric]:
    """Headline numbers: the organization's culture score, respondents, response rate."""
    overall = result.organization.overall if result.has_scores else float("nan")
    band = result.culture_bank.band_for(assessments.scoring.reported_score(overall))
    return [
        Metric("Organization's culture score",
               f"{Kind.SCORE_100.text(overall)}/100" if result.has_scores else MISSING,
               f"Band: {band.label}" if band else result.note()[:80],
               "Importance-weighted mean of the dimension scores of every respondent."),
        Metric("Respondents", str(result.respondents) if result.has_scores else MISSING,
               f"Groups under {result.minimum} responses are hidden"),
    ]


# --- groups ----------------------------------------------------------------------------------

def _group_rows(result: PulseResults, cells: list[Cell], name: str) -> pd.DataFrame:
    scores, _ = family(result, name)
    score_kind = _kinds(name)[0]
    rows = []
    for cell in cells:
        for key, area in _areas(result, name):
            status = scores.statuses.at[cell, key] if scores is not None else "no data"
            shown = status == SHOWN
            base = scores.mean(ORGANIZATION, key) if scores is not None else float("nan")
            value = scores.mean(cell, key) if shown else float("nan")
            rows.append({"group": cell_label(result, cell), "area": area, "score": value,
                         "difference": shown_difference(value, base, score_kind)
                         if shown and cell != ORGANIZATION else float("nan"),
                         "responses": scores.counts.at[cell, key] if shown else float("nan"),
                         "note": hidden_text(status, result.minimum)})
    return pd.DataFrame(rows, columns=["group", "area", "score", "difference", "responses",
                                       "note"])


def _kinds(name: str) -> tuple[Kind, Kind, str]:
    if name == "maturity":
        return Kind.MEAN, Kind.MEAN, "Mean stage (1-4)"
    return Kind.SCORE_100, Kind.CHANGE, "Score (0-100)"


def groups_table(result: PulseResults, cells: list[Cell], name: str = "culture") -> Table:
    """Scores of ``cells`` per dimension (or competency), with the difference from the
    organization; a hidden group's row says why."""
    score_kind, difference_kind, label = _kinds(name)
    return table(_group_rows(result, cells, name), [
        Column("group", "Group"), Column("area", "Competency" if name == "maturity"
                                         else "Dimension"),
        Column("score", label, score_kind),
        Column("difference", "Difference from everyone", difference_kind),
        Column("responses", "Responses", Kind.COUNT),
        Column("note", "Not shown because", wide=True)], note=_groups_note(result, name))


def _groups_note(result: PulseResults, name: str) -> str:
    scores, _ = family(result, name)
    if scores is None:
        return result.note() if name == "culture" or result.maturity_bank else (
            "This campaign did not ask the maturity questionnaire.")
    return ""


def heatmap_cells(result: PulseResults) -> list[Cell]:
    """Every segment value, segment by segment: the heatmap's rows."""
    return [Cell.of((s.id, v)) for s in result.segments for v in s.values]


def heatmap_table(result: PulseResults, name: str = "culture") -> Table:
    """Segments x dimensions (or competencies), each with the difference from everyone."""
    return groups_table(result, heatmap_cells(result), name)


def view_table(result: PulseResults, breakdown: str, within: tuple[str, str] | None = None,
               name: str = "culture") -> Table:
    """A filter (one segment value, or none) broken down by a segment.

    Raises:
        NotFound, InvalidInput: the segment or value is not the campaign's.
    """
    return groups_table(result, view(result, breakdown, within, name), name)


def grid(shown: Table) -> pd.DataFrame:
    """A groups table as a grid of text for the page: a row per group, a column per area;
    each cell the score and its difference ("62 (+4)") or why it is hidden."""
    frame = shown.frame
    if frame.empty:
        return pd.DataFrame()
    kinds = {c.key: c.kind for c in shown.columns}
    texts = []
    for row in frame.itertuples(index=False):
        if isinstance(row.note, str) and row.note:
            text = row.note
        else:
            text = kinds["score"].text(row.score)
            if not (isinstance(row.difference, float) and math.isnan(row.difference)):
                text += f" ({_signed(kinds['difference'], row.difference)})"
        texts.append(text)
    long = frame.assign(text=texts)
    wide = long.pivot(index="group", columns="area", values="text")
    wide = wide.reindex(index=list(dict.fromkeys(frame["group"])),
                        columns=list(dict.fromkeys(frame["area"])))
    wide.index.name = "Group"
    wide.columns.name = None
    return wide


def grid_table(shown: Table) -> Table:
    """:func:`grid` as a table of text, a row per group and a column per area, so every
    group fits one slide; the note says how to read a cell."""
    wide = grid(shown)
    if wide.empty:
        return table(pd.DataFrame(columns=["group"]), [Column("group", "Group")], shown.note)
    areas = list(wide.columns)
    frame = pd.DataFrame({"group": list(wide.index),
                          **{f"area_{n}": wide[area].tolist() for n, area in enumerate(areas)}})
    return table(frame, [Column("group", "Group"),
                         *[Column(f"area_{n}", area) for n, area in enumerate(areas)]],
                 note="Each cell: the group's score (its difference from everyone), or why "
                      "it is not shown.")


def _signed(kind: Kind, value: float) -> str:
    """A difference with its sign ("+4", "-0.3"); none on a difference shown as zero."""
    text = kind.text(value)
    if text.startswith(("-", "+", MISSING)) or not kind.shown(value):
        return text.lstrip("-") if not kind.shown(value) else text
    return f"+{text}"


# --- leaders against employees ---------------------------------------------------------------

def gap_table(result: PulseResults) -> Table:
    """Per dimension, how leaders and employees score it, and the gap between them."""
    gap = result.gap
    columns = [Column("name", "Dimension"),
               Column("leaders", "Leaders", Kind.SCORE_100),
               Column("employees", "Employees", Kind.SCORE_100),
               Column("gap", "Gap (leaders - employees)", Kind.CHANGE,
                      "Positive: leaders see the organization more favourably"),
               Column("note", "Not shown because", wide=True)]
    if gap is None:
        return table(pd.DataFrame(columns=[c.key for c in columns]), columns,
                     result.note() or "The campaign did not ask a role segment.")
    return table(_shown_gaps(gap.dimensions), columns,
                 note=f"Leaders: {gap.leaders}; employees: {gap.employees}.")


def _shown_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each gap the difference of the leaders' and employees' scores as shown."""
    gaps = [shown_difference(lead, staff, Kind.SCORE_100)
            for lead, staff in zip(frame["leaders"], frame["employees"])]
    return frame.assign(gap=gaps)


def gap_statements_table(result: PulseResults) -> Table:
    """The statements leaders and employees answer most differently."""
    columns = [Column("text", "Statement", wide=True), Column("dimension", "Dimension"),
               Column("leaders", "Leaders", Kind.SCORE_100),
               Column("employees", "Employees", Kind.SCORE_100),
               Column("gap", "Gap", Kind.CHANGE)]
    frame = (_shown_gaps(result.gap.statements) if result.gap is not None
             else pd.DataFrame(columns=[c.key for c in columns]))
    return table(frame, columns,
                 note="" if len(frame) else "No statement is shown for both groups.")


def gap_findings_table(result: PulseResults) -> Table:
    """The bank's advice for the gaps that reach its threshold."""
    columns = [Column("name", "Dimension"), Column("gap", "Gap", Kind.CHANGE),
               Column("min_gap", "Advice from a gap of", Kind.COUNT),
               Column("title", "Action"), Column("detail", "Detail", wide=True)]
    if result.gap is None:
        return table(pd.DataFrame(columns=[c.key for c in columns]), columns)
    shown = _shown_gaps(result.gap.dimensions).set_index("dimension")["gap"]
    findings = result.gap.findings
    return table(findings.assign(gap=findings["dimension"].map(shown)), columns)


# --- drivers, comments, maturity -------------------------------------------------------------

def drivers_table(result: PulseResults) -> Table:
    """Each outcome statement's correlation with each dimension (95% interval)."""
    frame = result.drivers if result.drivers is not None else pd.DataFrame(
        columns=["outcome_text", "name", "n", "r", "low", "high", "note"])
    note = ""
    if not result.culture_bank.outcomes:
        note = "The questionnaire marks no outcome statement, so there are no drivers."
    elif not result.has_scores:
        note = result.note()
    elif frame["r"].isna().all():
        note = frame["note"].iloc[0] if len(frame) else ""
    return table(frame, [
        Column("outcome_text", "Outcome statement", wide=True), Column("name", "Dimension"),
        Column("r", "Correlation (r)", Kind.CORRELATION,
               "Pearson's r between the dimension score and the outcome statement"),
        Column("low", "95% interval from", Kind.CORRELATION),
        Column("high", "to", Kind.CORRELATION),
        Column("n", "People", Kind.COUNT), Column("note", "Note", wide=True)], note=note)


def comments_table(result: PulseResults, area: str | None = None) -> Table:
    """The comments by dimension and statement (only one dimension's with ``area``), names
    masked."""
    from outcomes.pulse import comments_note

    frame = result.comments if result.comments is not None else pd.DataFrame(
        columns=["area", "theme", "comment"])
    if area is not None:
        frame = frame[frame["area"] == area]
    return table(frame, [Column("area", "Dimension"), Column("theme", "Statement", wide=True),
                         Column("comment", "Comment", wide=True)],
                 note=comments_note(result))


def maturity_table(result: PulseResults) -> Table:
    """The organization's maturity: the stage per competency (the lower median, as for the
    leaders) and the mean stage."""
    columns = [Column("name", "Competency"), Column("stage_shown", "Stage", Kind.COUNT),
               Column("stage_name", "Stage name"),
               Column("mean", "Mean stage", Kind.MEAN),
               Column("people", "Responses", Kind.COUNT)]
    if result.maturity_organization is None:
        note = ("This campaign did not ask the maturity questionnaire."
                if result.maturity_bank is None else result.note()
                or f"Fewer than {result.minimum} people answered it.")
        return table(pd.DataFrame(columns=[c.key for c in columns]), columns, note)
    frame = result.maturity_organization.competencies.reset_index()
    frame["stage_shown"] = frame["stage"].where(frame["stage"] > 0)
    keys = [statistic(COMPETENCY, c) for c in frame["competency"]]
    frame["mean"] = [result.maturity.mean(ORGANIZATION, k) for k in keys]
    frame["people"] = [result.maturity.counts.at[ORGANIZATION, k] for k in keys]
    return table(frame, columns)


# --- response rates --------------------------------------------------------------------------

def rates_table(found: Rates) -> Table:
    """Responses per segment value against its headcount; under 60% is flagged."""
    return table(found.by_segment, [
        Column("segment_name", "Segment"), Column("value", "Group"),
        Column("responses", "Responses", Kind.COUNT),
        Column("headcount", "Headcount", Kind.COUNT,
               "Invitees in the group, or the headcount entered for it"),
        Column("rate", "Response rate", Kind.SHARE),
        Column("note", "Note", wide=True)])


def rates_metrics(found: Rates) -> list[Metric]:
    overall = found.overall
    return [Metric("Responses", str(overall["responses"]), ""),
            Metric("Headcount", Kind.COUNT.text(overall["headcount"]),
                   "" if overall["headcount"] == overall["headcount"] else
                   "Import invitees or enter the headcount to see rates"),
            Metric("Response rate", Kind.SHARE.text(overall["rate"]),
                   "Aim for 75-80%; under 60% is flagged")]


def beside_leaders(result: PulseResults, leaders: assessments.CultureResult | None) -> Table:
    """The organization's score per dimension beside the leadership team's (the engagement's
    own culture answers) and the difference."""
    bank = result.culture_bank
    leader_scores = (leaders.dimensions["score"] if leaders is not None
                     else pd.Series(dtype=float))
    organization = result.organization.dimensions["score"] if result.has_scores else pd.Series(
        dtype=float)
    frame = pd.DataFrame({"name": [d.name for d in bank.dimensions],
                          "organization": [organization.get(d.id, np.nan) for d in bank.dimensions],
                          "leadership": [leader_scores.get(d.id, np.nan) for d in bank.dimensions]})
    frame["difference"] = [shown_difference(o, le, Kind.SCORE_100)
                           for o, le in zip(frame["organization"], frame["leadership"])]
    return table(frame, [
        Column("name", "Dimension"),
        Column("organization", f"Organization ({result.campaign.name})", Kind.SCORE_100,
               "The pulse: every respondent's answers"),
        Column("leadership", "Leadership team", Kind.SCORE_100,
               "This engagement's own culture answers"),
        Column("difference", "Organization - leadership", Kind.CHANGE)],
        note="" if result.has_scores else result.note())


__all__ = ["beside_leaders", "cell_label", "comments_table", "drivers_table",
           "gap_findings_table", "gap_statements_table", "gap_table", "grid", "grid_table",
           "groups_table", "heatmap_cells", "heatmap_table", "maturity_table", "metrics",
           "rates_metrics", "rates_table", "scores_table",
           "statements_table", "view_table"]
