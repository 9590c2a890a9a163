"""The engagement workbook: one .xlsx a client keeps working in.

:func:`engagement_workbook` turns a :class:`WorkbookInput` (plain data, gathered by a page)
into the bytes of a workbook with these sheets:

- Summary, Readiness, Maturity, Recommendations: the app's results at export time, with native
  charts on Readiness and Maturity.
- Weights and Scores: input cells (yellow, with data validation). Each weight level is divided
  by its sum, so shares and points both work.
- Evidence: every scorer's score and evidence.
- Ranking: weighted totals, ranks, knock-outs and category contributions as live formulas over
  Weights, Scores and Calculation, with native charts of the totals and the contributions.
- Calculation: the scores turned so that more is better (cost criteria count as 5 - score, an
  empty score as 0), which the Ranking formulas sum.
- Responses: every answer, participants pseudonymized unless names are included (continued
  on "Responses (2)", ... past the 1,048,576 rows a sheet holds).
- Workshops: the values workshops agreed on (each replaces the individual answers of its
  item in every result above: the Scores sheet shows agreed scores in green), and each
  closed workshop's record (who or how many took part, second rounds, agreed values).
- Sign-offs: every decision a facilitator signed off (who, when, the note, the winner then,
  how sure, how many values moved since), then what moved since the latest one.
- Audit trail: every change to a score, weight, criterion or vendor, newest first: who,
  when, from what to what, and the note (inert text, like every cell from the input).

The formulas compute what :func:`vendors.scoring.rank_vendors` computes on the same data with
unscored cells counted as the worst score. Every text cell that comes from the input passes
through :func:`datafiles.cells.neutralize`; the only formulas are the ones written here.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from io import BytesIO
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from datafiles.cells import neutralize
from reports.progress import Progress, silent, within
from reports.formats import BAND_COLORS, CATEGORY_PALETTE, MISSING, Kind, Table
from reports.people import pseudonyms
from vendors.scoring import RANK_DECIMALS, SCORE_MAX, SCORE_MIN

CULTURE_COLUMNS = ("name", "score", "band_label", "median", "spread", "agreement", "answered",
                   "dont_know", "coverage")
# The digits of each culture column, as the app shows them (reports.formats).
CULTURE_KINDS = (Kind.TEXT, Kind.SCORE_100, Kind.TEXT, Kind.SCORE_100, Kind.SPREAD_100,
                 Kind.SHARE, Kind.COUNT, Kind.COUNT, Kind.SHARE)
MATURITY_COLUMNS = ("name", "stage", "stage_name", "target", "target_name", "gap", "priority")
RECOMMENDATION_COLUMNS = ("source", "area_name", "finding", "phase", "title", "detail",
                          "priority")
CRITERIA_COLUMNS = ("id", "category", "name", "direction", "must_have", "min_score", "weight")
EVIDENCE_COLUMNS = ("vendor", "criterion", "scorer", "score", "evidence")
RESPONSE_COLUMNS = ("participant", "bank", "item", "question", "value", "dont_know", "comment")

SHEETS = ("Summary", "Readiness", "Maturity", "Recommendations", "Weights", "Scores",
          "Evidence", "Ranking", "Calculation", "Value for money", "Action plan", "Responses",
          "Workshops", "Sign-offs", "Audit trail")
SIGN_OFF_COLUMNS = ("signed_at", "signed_by", "note", "winner", "first_share", "changed")
CHANGED_COLUMNS = ("what", "item", "signed", "now")
AUDIT_COLUMNS = ("at", "actor", "vendor", "item", "field", "old", "new", "note")
AGREED_COLUMNS = ("what", "label", "value_text", "rationale", "agreed_on")
WORKSHOP_COLUMNS = ("opened", "closed", "people", "anonymous", "names", "tasks", "reopened",
                    "agreed")
ROUND_COLUMNS = ("workshop", "what", "item", "round_1_mean", "round_1_spread",
                 "round_1_answers", "round_2_mean", "round_2_spread", "round_2_answers",
                 "agreed", "why")
# The sheets that stay small whatever the engagement's size (drawn, then copied; the others
# are streamed row by row: see "streamed sheets").
DRAWN_SHEETS = ("Summary", "Readiness", "Maturity", "Recommendations", "Weights", "Ranking",
                "Value for money", "Action plan")
# Value for money sheet: the columns of a vendor's row (inputs C-F, live total G and H).
VALUE_KEYS = ("vendor", "benefit", "licence", "users", "implementation", "horizon", "tco",
              "per_1000", "status")
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
#: The rows of a sheet (Excel's and LibreOffice's limit), and the answers one Responses
#: sheet lists under its title and header.
SHEET_ROWS = 1_048_576
RESPONSE_ROWS = SHEET_ROWS - HEADER_ROW
#: Progress: the answers are said every this many rows. Of a workbook of 316,000 answers
#: (10,000 participants) they took 94 % of the writing, compressing the file the rest.
PROGRESS_ROWS = 20_000
RESPONSES_START, RESPONSES_END, SAVE_START = 0.01, 0.93, 0.94
KNOCKED_OUT = "knocked out"
KNOCKED_OUT_BY = "Knocked out by (at export)"
TOP_ACTIONS = 5
CELL_MAX = 32_767         # the most characters a cell holds

# Weights sheet: categories in A-D, criteria in F-M, both with their header on HEADER_ROW.
CATEGORY_WEIGHT_COLUMN, CATEGORY_SHARE_COLUMN = "C", "D"
CRITERION_NUMBER_COLUMN, CRITERION_WEIGHT_COLUMN, GLOBAL_WEIGHT_COLUMN = "F", "L", "M"
DIRECTION_COLUMN, MUST_HAVE_COLUMN, MINIMUM_COLUMN = "I", "J", "K"
# Calculation sheet: one column per criterion from B; these rows, then one row per vendor.
CALC_CATEGORY_ROW, CALC_DIRECTION_ROW, CALC_WEIGHT_ROW = 5, 6, 7
CALC_MUST_HAVE_ROW, CALC_MINIMUM_ROW, CALC_HEADER_ROW = 8, 9, 10
CALC_FIRST_ROW = CALC_HEADER_ROW + 1
# Weights sheet: the consistency of each level, beside the criteria.
CONSISTENCY_COLUMN = "O"

TITLE_FONT = Font(size=14, bold=True, color="1F3B4D")
NOTE_FONT = Font(italic=True, color="555555")
WARNING_FONT = Font(bold=True, color="9C4A00")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6F8B")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
AGREED_FILL = PatternFill("solid", fgColor="D9EAD3")
SECTION_FONT = Font(size=12, bold=True, color="1F3B4D")
PHASE_FILL = PatternFill("solid", fgColor="DCEBF1")
INPUT_TAB = "E5A50A"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT = Alignment(horizontal="left", vertical="top")


class WorkbookError(ValueError):
    """The workbook input is inconsistent; the message names the table and the value."""


@dataclass(frozen=True)
class EngagementDetails:
    """What the Summary sheet says about the engagement (all text as the user typed it)."""
    name: str
    organization: str = ""
    industry: str = ""
    size: str = ""
    purpose: str = ""
    is_example: bool = False
    exported_on: str = ""


@dataclass(frozen=True, eq=False)
class WorkbookInput:
    """Everything one engagement's workbook shows, as plain data (no workspace, no UI).

    Attributes:
        engagement: name and details of the engagement, and the export date.
        culture: one row per dimension (index: dimension id) with ``CULTURE_COLUMNS``.
        culture_target: the culture bank's target score (0-100).
        culture_overall: importance-weighted overall culture score (NaN when unanswered).
        maturity: one row per competency (index: competency id) with ``MATURITY_COLUMNS``;
            stage 0 means nobody answered.
        stage_names: the names of stages 1 to 4.
        maturity_overall: the overall maturity stage (0 when unanswered).
        recommendations: ranked recommendations (index: rank) with ``RECOMMENDATION_COLUMNS``.
        phase_titles: phase id -> title, in roadmap order.
        categories: (id, name, weight) per category; weights are shares or points.
        criteria: one row per criterion with ``CRITERIA_COLUMNS``; ``weight`` is the weight
            within its category, ``direction`` "benefit" or "cost".
        scores: vendor (index) x criterion id of mean scores on 0-5, NaN where not scored.
        evidence: one row per scorer, vendor and criterion with ``EVIDENCE_COLUMNS``.
        responses: one row per answer with ``RESPONSE_COLUMNS``.
        include_names: show participants' names; otherwise "Participant 1", "Participant 2",
            ... in order of first appearance (responses first, then scorers).
        actions_note: what to say about the actions given what was answered (nothing
            answered, one questionnaire only, no gap); "" to say nothing.
        consistency: how each weight level was set, with AHP consistency ratios (a shared
            table, see :func:`outcomes.tables.consistency_table`), or None.
        people: participant name -> how to name them, when the caller names people the same
            way in other exports; None to number them here.
        roadmap: phase id -> the recommendations the app's roadmap shows in that phase
            (index: rank); None to group every recommendation by phase.
        knockouts: vendor -> the must-haves it fails, as the app says it at export (the
            Ranking sheet's live "knocked out" mark follows edits; this reason does not).
        agreed: the values workshops agreed on, with ``AGREED_COLUMNS``; None: none.
        agreed_cells: (vendor, criterion id) of each agreed score in ``scores``.
        workshops: one row per closed workshop's record, with ``WORKSHOP_COLUMNS`` (names
            only when they are to be shown); None: none.
        rounds: one row per reopened item of those records, with ``ROUND_COLUMNS``.
        tables: more sheets, each (sheet name, title, table) as the app shows the table
            (an organization-wide pulse's results), after the others.
        sign_offs: one row per signed-off decision, with ``SIGN_OFF_COLUMNS`` (the share
            0-1); None: none.
        changed: what moved since the latest sign-off, with ``CHANGED_COLUMNS`` (as text).
        audit: the audit trail, newest first, with ``AUDIT_COLUMNS``; None: none.
        audit_total: how many changes the whole trail holds (``audit`` may hold only the
            newest of them; the sheet says so).
        value: value for money as the app shows it (a shared table with ``VALUE_KEYS``,
            see :func:`outcomes.value.value_table`), or None when no cost is recorded.
        currency: the ISO code of the amounts in ``value``.
        action_plan: the roadmap's actions with owner, due date, status and whether each
            is late (a shared table, see :func:`outcomes.actions.plan_table`), or None.
    """
    engagement: EngagementDetails
    culture: pd.DataFrame
    culture_target: float
    culture_overall: float
    maturity: pd.DataFrame
    stage_names: Sequence[str]
    maturity_overall: int
    recommendations: pd.DataFrame
    phase_titles: Mapping[str, str]
    categories: Sequence[tuple[str, str, float]]
    criteria: pd.DataFrame
    scores: pd.DataFrame
    evidence: pd.DataFrame
    responses: pd.DataFrame
    include_names: bool = False
    actions_note: str = ""
    consistency: Table | None = None
    people: Mapping[Any, str] | None = None
    roadmap: Mapping[str, pd.DataFrame] | None = None
    knockouts: Mapping[Any, str] | None = None
    agreed: pd.DataFrame | None = None
    agreed_cells: frozenset[tuple[str, str]] = frozenset()
    workshops: pd.DataFrame | None = None
    rounds: pd.DataFrame | None = None
    tables: Sequence[tuple[str, str, Table]] = ()
    sign_offs: pd.DataFrame | None = None
    changed: pd.DataFrame | None = None
    audit: pd.DataFrame | None = None
    audit_total: int = 0
    value: Table | None = None
    currency: str = "EUR"
    action_plan: Table | None = None


@dataclass(frozen=True, eq=False)
class _Decision:
    """The checked vendor part: categories with criteria, criteria in category order."""
    categories: list[tuple[str, str, float]]
    criteria: pd.DataFrame          # CRITERIA_COLUMNS, ordered by category then given order
    scores: pd.DataFrame            # vendors x criterion ids in ``criteria`` order


# --- checking the input ---------------------------------------------------------------------

def _require_columns(frame: Any, columns: Sequence[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise WorkbookError(f"{what} must be a table (DataFrame), not {type(frame).__name__}")
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise WorkbookError(f"{what} lack the column(s) {', '.join(absent)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def _weight(value: Any, where: str) -> float:
    if not _is_number(value) or not math.isfinite(float(value)) or float(value) < 0:
        raise WorkbookError(f"weight of {where} must be a number of 0 or more, not {value!r}")
    return float(value)


def _direction(value: Any, criterion: str) -> str:
    raw = getattr(value, "value", value)   # a Direction enum or its value
    if raw not in ("benefit", "cost"):
        raise WorkbookError(f"direction of criterion '{criterion}' must be 'benefit' or "
                            f"'cost', not {raw!r}")
    return str(raw)


def _check_decision(export: WorkbookInput) -> _Decision:
    """Categories, criteria and scores checked and aligned.

    Categories without criteria are left out (they weigh nothing, as in the app).

    Raises:
        WorkbookError: a missing column, a duplicate id, a criterion in an unknown category,
            a weight that is negative or no number, a direction other than benefit or cost,
            a minimum or score outside 0 to 5, or scores for an unknown criterion.
    """
    _require_columns(export.criteria, CRITERIA_COLUMNS, "criteria")
    if not isinstance(export.scores, pd.DataFrame):
        raise WorkbookError("scores must be a vendor x criterion table (DataFrame), not "
                            f"{type(export.scores).__name__}")
    categories: list[tuple[str, str, float]] = []
    for entry in export.categories:
        if len(entry) != 3:
            raise WorkbookError(f"a category must be (id, name, weight), not {entry!r}")
        category_id, name, weight = entry
        if any(category_id == c[0] for c in categories):
            raise WorkbookError(f"category '{category_id}' appears twice")
        categories.append((category_id, name, _weight(weight, f"category '{category_id}'")))
    known = {c[0] for c in categories}
    criteria = export.criteria.loc[:, list(CRITERIA_COLUMNS)].reset_index(drop=True)
    duplicated = criteria["id"][criteria["id"].duplicated()]
    if len(duplicated):
        raise WorkbookError(f"criterion '{duplicated.iloc[0]}' appears twice")
    rows = []
    for row in criteria.itertuples(index=False):
        if row.category not in known:
            raise WorkbookError(f"criterion '{row.id}' is in unknown category '{row.category}'")
        minimum = 0.0 if pd.isna(row.min_score) else row.min_score
        if not _is_number(minimum) or not SCORE_MIN <= float(minimum) <= SCORE_MAX:
            raise WorkbookError(f"minimum score of criterion '{row.id}' must be from "
                                f"{SCORE_MIN} to {SCORE_MAX}, not {row.min_score!r}")
        rows.append({"id": row.id, "category": row.category, "name": row.name,
                     "direction": _direction(row.direction, row.id),
                     "must_have": bool(row.must_have), "min_score": float(minimum),
                     "weight": _weight(row.weight, f"criterion '{row.id}'")})
    order = {c[0]: i for i, c in enumerate(categories)}
    rows.sort(key=lambda r: order[r["category"]])    # stable: keeps the order within a category
    checked = pd.DataFrame(rows, columns=list(CRITERIA_COLUMNS))
    used = set(checked["category"])
    categories = [c for c in categories if c[0] in used]

    scores = export.scores
    unknown = [c for c in scores.columns if c not in set(checked["id"])]
    if unknown:
        raise WorkbookError(f"scores given for unknown criterion '{unknown[0]}'")
    vendors = scores.index[scores.index.duplicated()]
    if len(vendors):
        raise WorkbookError(f"vendor '{vendors[0]}' appears twice in the scores")
    aligned = scores.reindex(columns=list(checked["id"]))
    values = aligned.apply(pd.to_numeric, errors="coerce").astype(float)
    not_number = values.isna() & aligned.notna()
    with np.errstate(invalid="ignore"):
        outside = (values < SCORE_MIN) | (values > SCORE_MAX)
    for mask, problem in ((not_number, "is not a number"),
                          (outside, f"lies outside {SCORE_MIN} to {SCORE_MAX}")):
        found = np.argwhere(mask.to_numpy())
        if len(found):
            i, j = found[0]
            raise WorkbookError(f"score for {values.index[i]} on '{values.columns[j]}' "
                                f"{problem}: {aligned.iat[i, j]!r}")
    return _Decision(categories, checked, values)


def _check(export: WorkbookInput) -> _Decision:
    """Check every table of ``export``; returns the aligned vendor part.

    Raises:
        WorkbookError: see :func:`_check_decision`, or a table lacks a column.
    """
    if not isinstance(export, WorkbookInput):
        raise WorkbookError(f"expected a WorkbookInput, not {type(export).__name__}")
    _require_columns(export.culture, CULTURE_COLUMNS, "culture results")
    _require_columns(export.maturity, MATURITY_COLUMNS, "maturity results")
    _require_columns(export.recommendations, RECOMMENDATION_COLUMNS, "recommendations")
    _require_columns(export.evidence, EVIDENCE_COLUMNS, "evidence")
    _require_columns(export.responses, RESPONSE_COLUMNS, "responses")
    return _check_decision(export)


# --- writing cells ---------------------------------------------------------------------------

def _text(value: str) -> str:
    """User text as an inert cell value: characters XML cannot hold dropped, formulas quoted,
    cut to what a cell holds (as openpyxl would cut it; the streamed sheets measure widths
    and heights on the value a cell keeps), line ends as newlines (the file is then the same
    whether openpyxl writes through lxml, which keeps a carriage return, or without it)."""
    cut = neutralize(ILLEGAL_CHARACTERS_RE.sub("", value))[:CELL_MAX]
    return cut.replace("\r\n", "\n").replace("\r", "\n")


def _plain(value: Any) -> Any:
    """A value openpyxl can store and no spreadsheet will execute (None for NaN)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float)):
        return value
    return _text(str(value))


def _yes(value: Any) -> bool:
    """True for a set flag; False for False, None and NaN."""
    return not pd.isna(value) and bool(value)


def _put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None,
         alignment: Alignment | None = None, font: Font | None = None) -> None:
    """Write a data value (never a formula): text is neutralized, NaN left empty."""
    cell = ws.cell(row=row, column=column, value=_plain(value))
    if number_format:
        cell.number_format = number_format
    if alignment:
        cell.alignment = alignment
    if font:
        cell.font = font


def _formula(ws: Worksheet, ref: str, formula: str, number_format: str | None = None) -> None:
    """Write one of the workbook's own formulas on a drawn sheet (the only way a formula
    gets in there; the streamed Calculation sheet writes its own, see :func:`_calculation`)."""
    assert formula.startswith("="), formula
    ws[ref] = formula
    if number_format:
        ws[ref].number_format = number_format


def _title(ws: Worksheet, title: str, note: str = "") -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    if note:
        ws["A2"] = note
        ws["A2"].font = NOTE_FONT


def _header(ws: Worksheet, labels: Sequence[str], column: int = 1, row: int = HEADER_ROW
            ) -> None:
    """Header cells; the labels may be user text (criterion or category names)."""
    for offset, label in enumerate(labels):
        cell = ws.cell(row=row, column=column + offset, value=_plain(label))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    height = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(height, 30)


def _fit_rows(ws: Worksheet, first_row: int = FIRST_ROW) -> None:
    """Row heights that show wrapped text whole (spreadsheets do not size them on open)."""
    spans = {r.start_cell.coordinate: sum(ws.column_dimensions[_column(c)].width or 8.43
                                          for c in range(r.min_col, r.max_col + 1))
             for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment.wrap_text):
                continue
            width = spans.get(cell.coordinate,
                              ws.column_dimensions[cell.column_letter].width or 8.43)
            chars = max(1, int(width * 1.1) - 1)
            lines = max(lines, sum(max(1, math.ceil(len(part) / chars))
                                   for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * min(lines, 20)


def _widths(ws: Worksheet, fixed: Mapping[str, float] | None = None, first_row: int = 3,
            least: float = 8, most: float = 50) -> None:
    """Column widths from the longest value below the title rows, within least..most."""
    longest: dict[str, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None or (isinstance(cell.value, str)
                                      and cell.value.startswith("=") and cell.data_type == "f"):
                continue
            length = max(len(part) for part in str(cell.value).split("\n"))
            if isinstance(cell.value, float):
                length = min(length, 8)
            longest[cell.column_letter] = max(longest.get(cell.column_letter, 0), length)
    for letter, length in longest.items():
        ws.column_dimensions[letter].width = min(most, max(least, length + 2))
    for letter, width in (fixed or {}).items():
        ws.column_dimensions[letter].width = width


def _bar_chart(title: str, kind: str, axis_title: str, low: float, high: float, step: float,
               rows: int = 5) -> BarChart:
    """A native bar chart with visible axes from ``low`` to ``high``; horizontal bars list
    the first row on top."""
    chart = BarChart()
    chart.type = kind
    chart.title = title
    chart.style = 10
    chart.gapWidth = 60
    chart.y_axis.title = axis_title
    chart.y_axis.scaling.min = low
    chart.y_axis.scaling.max = high
    chart.y_axis.majorUnit = step
    chart.y_axis.number_format = "0" if float(step).is_integer() else "0.0"
    chart.y_axis.majorGridlines = ChartLines()
    # openpyxl 3.1 hides axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if kind == "bar":
        chart.x_axis.scaling.orientation = "maxMin"
    chart.width = 18
    chart.height = max(7.5, 2.5 + 0.75 * rows)
    return chart


def _column(index: int) -> str:
    return get_column_letter(index)


def _rows_for(chart: BarChart) -> int:
    """How many default-height rows a chart covers (a row is about 0.53 cm)."""
    return int(chart.height / 0.53) + 2


# --- streamed sheets -------------------------------------------------------------------------
# The workbook is written in openpyxl's write-only mode: each sheet's rows go to the file as
# they are appended, so a large engagement (about a million cells) never sits in memory as
# cell objects and never pays for them twice. The small sheets are drawn with the ordinary
# worksheet API on a scratch workbook and copied over (_copy_sheet); the four that grow with
# the engagement (Scores, Evidence, Calculation, Responses) are written row by row. A styled
# cell is written through a template cell that carries the style, so a style is looked up
# once per sheet, not once per cell.

def _template(ws: WriteOnlyWorksheet, number_format: str | None = None,
              font: Font | None = None, fill: PatternFill | None = None,
              alignment: Alignment | None = None) -> Cell:
    """A cell that lends its style to every value written through it (see :func:`_row`)."""
    cell = WriteOnlyCell(ws)
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    return cell


def _row(values: Iterable[Any], templates: Iterable[Cell | None]) -> Iterator[Any]:
    """One row for ``WriteOnlyWorksheet.append``: a value with a template takes its style.

    ``append`` writes each cell as soon as it is produced, so the template is filled right
    before it is written and one template serves a whole column. Values must already be
    plain (:func:`_plain`) or one of the workbook's own formulas.
    """
    for value, template in zip(values, templates):
        if template is None:
            yield value
        else:
            template.value = value
            yield template


def _plain_column(values: Any) -> list[Any]:
    """``[_plain(v) for v in values]``, converting each distinct text once."""
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.tolist()
    texts: dict[str, Any] = {}
    out = []
    for value in values:
        if type(value) is str:
            plain = texts.get(value)
            if plain is None:
                plain = texts[value] = _text(value)
            out.append(plain)
        else:
            out.append(_plain(value))
    return out


def _longest(values: Iterable[Any]) -> int | None:
    """The longest line among the non-empty values as :func:`_widths` measures it."""
    longest = None
    for value in values:
        if value is None:
            continue
        length = max(len(part) for part in str(value).split("\n"))
        if isinstance(value, float):
            length = min(length, 8)
        longest = length if longest is None else max(longest, length)
    return longest


def _stream_widths(ws: WriteOnlyWorksheet, columns: Sequence[Sequence[Any]],
                   fixed: Mapping[str, float], least: float = 8, most: float = 50) -> None:
    """:func:`_widths` for a streamed sheet: ``columns`` holds every value from the header
    row down, column by column from A."""
    for index, values in enumerate(columns, start=1):
        letter = _column(index)
        if letter in fixed:
            continue
        length = _longest(values)
        if length is not None:
            ws.column_dimensions[letter].width = min(most, max(least, length + 2))
    for letter, width in fixed.items():
        ws.column_dimensions[letter].width = width


def _stream_heights(ws: WriteOnlyWorksheet, wrapped: Mapping[str, Sequence[Any]],
                    first_row: int = FIRST_ROW) -> None:
    """:func:`_fit_rows` for a streamed sheet whose wrapped cells are the given columns
    (letter -> values from ``first_row`` down); call after the widths are set."""
    lines = None
    for letter, values in wrapped.items():
        chars = max(1, int((ws.column_dimensions[letter].width or 8.43) * 1.1) - 1)
        counted = [sum(max(1, math.ceil(len(part) / chars)) for part in value.split("\n"))
                   if isinstance(value, str) else 1 for value in values]
        lines = counted if lines is None else [max(a, b) for a, b in zip(lines, counted)]
    for offset, count in enumerate(lines or ()):
        if count > 1:
            ws.row_dimensions[first_row + offset].height = 15 * min(count, 20)


def _sized(ws: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """Tell a streamed sheet its used range before its first row: openpyxl writes it as the
    sheet's dimension when the sheet can tell it (an ordinary sheet computes it)."""
    ref = f"A1:{_column(max(1, columns))}{max(1, rows)}"
    ws.calculate_dimension = lambda: ref


def _stream_title(ws: WriteOnlyWorksheet, title: str, note: str = "") -> None:
    """Rows 1 and 2 as :func:`_title` writes them."""
    ws.append(_row([title], [_template(ws, font=TITLE_FONT)]))
    ws.append(_row([note], [_template(ws, font=NOTE_FONT)]) if note else [])


def _header_template(ws: WriteOnlyWorksheet) -> Cell:
    return _template(ws, font=HEADER_FONT, fill=HEADER_FILL,
                     alignment=Alignment(wrap_text=True, vertical="center"))


def _copy_sheet(source: Worksheet, target: WriteOnlyWorksheet) -> None:
    """Write a sheet drawn with the ordinary API into a write-only sheet: the same values,
    styles, column widths, row heights, frozen panes, merged cells, filter, validations,
    charts and tab color."""
    target.sheet_properties.tabColor = source.sheet_properties.tabColor
    target.calculate_dimension = source.calculate_dimension
    target.freeze_panes = source.freeze_panes
    for letter, dimension in source.column_dimensions.items():
        target.column_dimensions[letter].width = dimension.width
    for index, dimension in source.row_dimensions.items():
        if dimension.height is not None:
            target.row_dimensions[index].height = dimension.height
    for merged in source.merged_cells.ranges:
        target.merged_cells.add(merged.coord)
    target.auto_filter.ref = source.auto_filter.ref
    for validation in source.data_validations.dataValidation:
        target.data_validations.append(validation)
    for chart in source._charts:       # charts refer to their sheet by title: same in both
        target.add_chart(chart)
    templates: dict[int, Cell] = {}

    def like(cell: Cell) -> Cell:
        template = templates.get(cell.style_id)
        if template is None:
            template = templates[cell.style_id] = WriteOnlyCell(target)
            template.font = copy(cell.font)
            template.fill = copy(cell.fill)
            template.border = copy(cell.border)
            template.alignment = copy(cell.alignment)
            template.protection = copy(cell.protection)
            template.number_format = cell.number_format
        return template

    for row in source.iter_rows():
        target.append(_row([cell.value for cell in row],
                           [like(cell) if cell.has_style else None for cell in row]))


# --- sheets ----------------------------------------------------------------------------------

def _pseudonyms(export: WorkbookInput) -> Mapping[Any, str]:
    """Participant name -> what the workbook shows for them (see :mod:`reports.people`)."""
    if export.people is not None:
        return export.people
    return pseudonyms(export.responses["participant"].unique(),
                      export.evidence["scorer"].unique(), include_names=export.include_names)


def _top_actions(recommendations: pd.DataFrame) -> pd.DataFrame:
    """The most important actions, at most one per area, as the report page lists them."""
    return recommendations.drop_duplicates(subset=["source", "area_name"]).head(TOP_ACTIONS)


def _summary(ws: Worksheet, export: WorkbookInput, decision: _Decision) -> None:
    details = export.engagement
    _title(ws, "SocialReady engagement workbook")
    _put(ws, 2, 1, details.name, font=Font(size=12, bold=True))
    row = 3
    if details.is_example:
        _put(ws, row, 1, "Illustrative example: the answers, weights and scores in this "
                         "workbook are invented to show the app; they are not analyst facts.",
             font=WARNING_FONT)
    row = 5
    ws.cell(row=row, column=1, value="Engagement").font = SECTION_FONT
    for label, value in (("Name", details.name), ("Organization", details.organization),
                         ("Industry", details.industry), ("Size", details.size),
                         ("Purpose", details.purpose), ("Exported on", details.exported_on)):
        row += 1
        _put(ws, row, 1, label, alignment=TOP, font=Font(bold=True))
        _put(ws, row, 2, value, alignment=WRAP)
        if label == "Purpose":
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)

    row += 2
    ws.cell(row=row, column=1, value="Readiness").font = SECTION_FONT
    row += 1
    ws.cell(row=row, column=1, value="Culture readiness (0-100)").font = Font(bold=True)
    overall = export.culture_overall
    if overall is None or (isinstance(overall, float) and math.isnan(overall)):
        ws.cell(row=row, column=2, value="no answers yet")
    else:
        _put(ws, row, 2, float(overall), "0", LEFT)
        _put(ws, row, 3, f"target {export.culture_target:g}")
    row += 1
    ws.cell(row=row, column=1, value="Maturity (overall stage)").font = Font(bold=True)
    stage = int(export.maturity_overall or 0)
    if stage:
        _put(ws, row, 2, stage, "0", LEFT)
        _put(ws, row, 3, export.stage_names[stage - 1] if stage <= len(export.stage_names)
             else "")
    else:
        ws.cell(row=row, column=2, value="no answers yet")
    row += 1
    ws.cell(row=row, column=1, value="Vendors compared").font = Font(bold=True)
    _put(ws, row, 2, len(decision.scores.index), "0", LEFT)
    _put(ws, row, 3, "see the Ranking sheet for live totals and ranks")

    row += 2
    ws.cell(row=row, column=1, value="What to do first").font = SECTION_FONT
    row += 1
    top = _top_actions(export.recommendations)
    if export.actions_note:
        _put(ws, row, 1, export.actions_note, font=NOTE_FONT)
        row += 1
    if top.empty:
        if not export.actions_note:
            ws.cell(row=row, column=1, value="No recommendation.")
    else:
        _header(ws, ["#", "Action", "Area", "Phase", "Why"], row=row)
        for number, rec in enumerate(top.itertuples(index=False), start=1):
            row += 1
            _put(ws, row, 1, number, "0", LEFT)
            _put(ws, row, 2, rec.title, alignment=WRAP)
            _put(ws, row, 3, rec.area_name, alignment=WRAP)
            _put(ws, row, 4, export.phase_titles.get(rec.phase, rec.phase), alignment=WRAP)
            _put(ws, row, 5, rec.finding, alignment=WRAP)

    row += 2
    ws.cell(row=row, column=1, value="How to use this workbook").font = SECTION_FONT
    names = ("named as they were entered" if export.include_names
             else "pseudonymized as Participant 1, Participant 2, ...")
    for line in (
            "Yellow cells are inputs. Change category and criterion weights on the Weights "
            "sheet, or scores on the Scores sheet: totals, ranks, knock-outs and both charts "
            "on the Ranking sheet recompute.",
            "Weights at each level are divided by their sum, so shares (0.2) and points (20) "
            "both work; the Global weight column shows each criterion's share of the total.",
            f"Scores run from {SCORE_MIN} to {SCORE_MAX}. A cost criterion is scored as how "
            f"costly the vendor is ({SCORE_MAX} = most costly) and counts as {SCORE_MAX} - "
            "score. An empty score counts as the worst (it adds nothing).",
            "A vendor scoring below the minimum of a must-have criterion is marked 'knocked "
            "out' on the Ranking sheet and takes no rank (—); at export they are listed last.",
            "Readiness, Maturity and Recommendations are the app's results on the export date; "
            "they do not recompute.",
            f"{_listing(response_sheets(len(export.responses)))} every answer; "
            f"participants are {names}."):
        row += 1
        ws.cell(row=row, column=1, value="•").alignment = TOP
        cell = ws.cell(row=row, column=2, value=line)
        cell.alignment = WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
    ws.freeze_panes = "A4"    # keeps the title, the name and the example note in view
    for letter, width in (("A", 28), ("B", 40), ("C", 28), ("D", 30), ("E", 60)):
        ws.column_dimensions[letter].width = width
    _fit_rows(ws, 5)


def _readiness(ws: Worksheet, export: WorkbookInput) -> None:
    _title(ws, "Culture readiness by dimension",
           f"Scores 0-100 (mean over people); target {export.culture_target:g}. Spread: "
           "standard deviation between people; agreement: 1 - spread / 50.")
    _header(ws, ["Dimension", "Score", "Band", "Median", "Spread", "Agreement", "Answers",
                 "Don't know", "Coverage"])
    formats = [None, *[k.excel if k.numeric else None for k in CULTURE_KINDS[1:]]]
    culture = export.culture
    for offset, (_, row) in enumerate(culture.iterrows()):
        for column, (field, fmt) in enumerate(zip(CULTURE_COLUMNS, formats), start=1):
            _put(ws, FIRST_ROW + offset, column, row[field], fmt)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2).coordinate
    _widths(ws, first_row=HEADER_ROW, least=9, most=40)
    if len(culture):
        last = FIRST_ROW + len(culture) - 1
        chart = _bar_chart("Culture readiness by dimension (0-100)", "bar",
                           "Readiness score", 0, 100, 20, len(culture))
        chart.width = 22
        chart.add_data(Reference(ws, min_col=2, min_row=HEADER_ROW, max_row=last),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last))
        chart.legend = None
        # Each bar in its band's colour, as in the app's chart.
        for index, band in enumerate(culture["band_label"].tolist()):
            point = DataPoint(idx=index)
            point.graphicalProperties.solidFill = BAND_COLORS.get(
                band, BAND_COLORS["No answers"]).lstrip("#")
            chart.series[0].dPt.append(point)
        ws.add_chart(chart, f"K{HEADER_ROW}")


def _maturity(ws: Worksheet, export: WorkbookInput) -> None:
    names = ", ".join(f"{n} {name}" for n, name in enumerate(export.stage_names, start=1))
    _title(ws, "Community maturity: current and target stage",
           f"Stages: {names}. An empty current stage: nobody answered. Gap: target - "
           "current stage.")
    _header(ws, ["Competency", "Current stage", "Current stage name", "Target stage",
                 "Target stage name", "Gap", "Priority"])
    formats = [None, "0", None, "0", None, "0", Kind.PRIORITY.excel]
    maturity = export.maturity
    for offset, (_, row) in enumerate(maturity.iterrows()):
        answered = bool(row["stage"])
        for column, (field, fmt) in enumerate(zip(MATURITY_COLUMNS, formats), start=1):
            # Nobody placed the competency: no stage, no gap, no priority (said, not 0).
            value = row[field] if answered or field in ("name", "stage_name", "target",
                                                         "target_name") else None
            _put(ws, FIRST_ROW + offset, column, value, fmt)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2).coordinate
    _widths(ws, first_row=HEADER_ROW, least=9, most=40)
    if len(maturity):
        last = FIRST_ROW + len(maturity) - 1
        chart = _bar_chart("Maturity: current vs target stage", "col", "Stage", 0, 4, 1,
                           len(maturity))
        for column in (2, 4):
            chart.add_data(Reference(ws, min_col=column, min_row=HEADER_ROW, max_row=last),
                           titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last))
        chart.width = max(18, 2.2 * len(maturity))
        chart.height = 10
        chart.legend.position = "b"
        ws.add_chart(chart, f"I{HEADER_ROW}")


def _recommendations(ws: Worksheet, export: WorkbookInput) -> None:
    _title(ws, "Recommendations and roadmap",
           "Ranked by priority (importance x shortfall); the roadmap on the right groups them "
           "by phase.")
    _header(ws, ["Rank", "Source", "Area", "Finding", "Phase", "Action", "Detail", "Priority"])
    recs = export.recommendations
    for offset, (rank, rec) in enumerate(recs.iterrows()):
        row = FIRST_ROW + offset
        values = [rank, rec["source"], rec["area_name"], rec["finding"],
                  export.phase_titles.get(rec["phase"], rec["phase"]), rec["title"],
                  rec["detail"], rec["priority"]]
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value, "0.00" if column == 8 else None, WRAP)
    if len(recs):
        ws.auto_filter.ref = f"A{HEADER_ROW}:H{FIRST_ROW + len(recs) - 1}"
    else:
        _put(ws, FIRST_ROW, 1, export.actions_note or "No recommendation: no gap to close.",
             font=NOTE_FONT)

    _header(ws, ["Roadmap phase", "Rank", "Action", "Area"], column=10)
    if export.roadmap is not None:
        plan = dict(export.roadmap)
    else:
        plan = {phase: recs[recs["phase"] == phase] for phase in
                [*export.phase_titles, *[p for p in dict.fromkeys(recs["phase"])
                                         if p not in export.phase_titles]]}
    row = HEADER_ROW
    if not any(len(items) for items in plan.values()):
        _put(ws, row + 1, 10, "No roadmap: nothing to recommend yet.", font=NOTE_FONT)
    for phase, chosen in plan.items():
        if chosen.empty:
            continue
        row += 1
        _put(ws, row, 10, export.phase_titles.get(phase, phase), font=Font(bold=True))
        for column in range(10, 14):
            ws.cell(row=row, column=column).fill = PHASE_FILL
        for rank, rec in chosen.iterrows():
            row += 1
            # A roll-out step that closes no gap (how to scale once ready) has no rank.
            ranked = rank in recs.index and recs.loc[rank, "title"] == rec["title"]
            _put(ws, row, 11, rank if ranked else None, alignment=TOP)
            _put(ws, row, 12, rec["title"], alignment=WRAP)
            _put(ws, row, 13, rec["area_name"], alignment=WRAP)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1).coordinate
    _widths(ws, {"A": 7, "B": 10, "C": 24, "D": 40, "E": 24, "F": 40, "G": 70, "H": 9,
                 "I": 3, "J": 28, "K": 7, "L": 40, "M": 24})
    _fit_rows(ws)


def _weights(ws: Worksheet, decision: _Decision, consistency: Table | None = None
             ) -> dict[str, int]:
    """The Weights sheet; returns the row of each criterion."""
    _title(ws, "Requirements and weights",
           "Yellow cells are inputs (any number of 0 or more). Each level is divided by its "
           "sum: global weight = category weight / sum of category weights x criterion weight "
           "/ sum of the criterion weights in its category.")
    _header(ws, ["#", "Category", "Category weight", "Share of total"], column=1)
    _header(ws, ["Category #", "In category", "Criterion", "Direction", "Must-have",
                 "Minimum score", "Criterion weight", "Global weight"], column=6)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1).coordinate
    categories, criteria = decision.categories, decision.criteria
    if not categories:
        ws.cell(row=FIRST_ROW, column=1, value="No requirements yet: add categories and "
                                               "criteria in the app.")
        _widths(ws)
        return {}
    last_category = FIRST_ROW + len(categories) - 1
    last_criterion = FIRST_ROW + len(criteria) - 1
    category_range = (f"${CATEGORY_WEIGHT_COLUMN}${FIRST_ROW}:"
                      f"${CATEGORY_WEIGHT_COLUMN}${last_category}")
    number_range = (f"${CRITERION_NUMBER_COLUMN}${FIRST_ROW}:"
                    f"${CRITERION_NUMBER_COLUMN}${last_criterion}")
    weight_range = (f"${CRITERION_WEIGHT_COLUMN}${FIRST_ROW}:"
                    f"${CRITERION_WEIGHT_COLUMN}${last_criterion}")
    category_row = {}
    for offset, (category_id, name, weight) in enumerate(categories):
        row = FIRST_ROW + offset
        category_row[category_id] = row
        _put(ws, row, 1, offset + 1, "0")
        _put(ws, row, 2, name)
        _put(ws, row, 3, weight, "0.000")
        ws[f"{CATEGORY_WEIGHT_COLUMN}{row}"].fill = INPUT_FILL
        _formula(ws, f"{CATEGORY_SHARE_COLUMN}{row}",
                 f"=IF(SUM({category_range})=0,0,"
                 f"{CATEGORY_WEIGHT_COLUMN}{row}/SUM({category_range}))", "0.0%")
    ws.cell(row=last_category + 1, column=3, value="Total").font = Font(bold=True)
    _formula(ws, f"{CATEGORY_SHARE_COLUMN}{last_category + 1}",
             f"=SUM({CATEGORY_SHARE_COLUMN}{FIRST_ROW}:{CATEGORY_SHARE_COLUMN}{last_category})",
             "0.0%")

    names = {c[0]: c[1] for c in categories}
    number = {c[0]: i for i, c in enumerate(categories, start=1)}
    rows = {}
    for offset, criterion in enumerate(criteria.itertuples(index=False)):
        row = FIRST_ROW + offset
        rows[criterion.id] = row
        _put(ws, row, 6, number[criterion.category], "0")
        _put(ws, row, 7, names[criterion.category])
        _put(ws, row, 8, criterion.name)
        _put(ws, row, 9, criterion.direction)
        _put(ws, row, 10, "yes" if criterion.must_have else "no")
        if criterion.must_have:
            _put(ws, row, 11, criterion.min_score, "0.0")
        _put(ws, row, 12, criterion.weight, "0.000")
        ws[f"{CRITERION_WEIGHT_COLUMN}{row}"].fill = INPUT_FILL
        within = f"SUMIF({number_range},{CRITERION_NUMBER_COLUMN}{row},{weight_range})"
        _formula(ws, f"{GLOBAL_WEIGHT_COLUMN}{row}",
                 f"=IF(OR(SUM({category_range})=0,{within}=0),0,"
                 f"${CATEGORY_WEIGHT_COLUMN}${category_row[criterion.category]}"
                 f"/SUM({category_range})*{CRITERION_WEIGHT_COLUMN}{row}/{within})", "0.0%")
    ws.cell(row=last_criterion + 1, column=12, value="Total").font = Font(bold=True)
    _formula(ws, f"{GLOBAL_WEIGHT_COLUMN}{last_criterion + 1}",
             f"=SUM({GLOBAL_WEIGHT_COLUMN}{FIRST_ROW}:{GLOBAL_WEIGHT_COLUMN}{last_criterion})",
             "0.0%")

    for ref in (f"{CATEGORY_WEIGHT_COLUMN}{FIRST_ROW}:{CATEGORY_WEIGHT_COLUMN}{last_category}",
                f"{CRITERION_WEIGHT_COLUMN}{FIRST_ROW}:{CRITERION_WEIGHT_COLUMN}{last_criterion}"):
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                    allow_blank=False, showErrorMessage=True,
                                    errorTitle="Weight", error="Type a number of 0 or more.",
                                    showInputMessage=True, promptTitle="Weight",
                                    prompt="A number of 0 or more; each level is divided by "
                                           "its sum.")
        validation.add(ref)
        ws.add_data_validation(validation)
    _widths(ws, {"A": 5, "C": 11, "D": 10, "E": 3, "F": 10, "J": 10, "K": 10, "L": 11,
                 "M": 10}, least=8, most=45)
    if consistency is not None:
        _consistency(ws, consistency)
    return rows


def _consistency(ws: Worksheet, consistency: Table) -> None:
    """How each level was weighed, with its AHP consistency ratio; inconsistent levels
    flagged (columns O to S, beside the criteria)."""
    first = column_index_from_string(CONSISTENCY_COLUMN)
    _put(ws, HEADER_ROW - 1, first, "How each level was weighed in the app (the consistency "
                                    "ratio does not follow weights changed here)",
         font=NOTE_FONT)
    _header(ws, consistency.labels, column=first)
    frame = consistency.frame
    flags = frame["inconsistent"] if "inconsistent" in frame else [False] * len(frame)
    for offset, (texts, flagged) in enumerate(zip(consistency.texts(), flags)):
        for column, (text, spec) in enumerate(zip(texts, consistency.columns), start=first):
            # Numbers as numbers (empty when missing), in the app's digits; text as shown.
            value = frame[spec.key].iloc[offset] if spec.kind.numeric else text
            _put(ws, FIRST_ROW + offset, column, value,
                 spec.kind.excel if spec.kind.numeric else None,
                 font=WARNING_FONT if flagged else None)
    for offset, width in enumerate((26, 24, 7, 12, 44)):
        ws.column_dimensions[_column(first + offset)].width = width


def _scores(ws: WriteOnlyWorksheet, decision: _Decision,
            agreed: frozenset[tuple[str, str]] = frozenset()) -> None:
    criteria, scores = decision.criteria, decision.scores
    names = {c[0]: c[1] for c in decision.categories}
    vendors = _plain_column(scores.index)
    longest = max([len(str(v)) for v in vendors] + [12])
    rows = scores.to_numpy(dtype=float).tolist()
    if not len(criteria):      # nothing to score: the note takes the first vendor's row
        vendors = ["No criteria to score yet.", *vendors[1:]]
        rows = [[]] * len(vendors)
    ws.sheet_properties.tabColor = INPUT_TAB
    ws.freeze_panes = f"B{FIRST_ROW}"
    _sized(ws, len(criteria) + 1, HEADER_ROW + len(rows))
    for j in range(2, len(criteria) + 2):
        ws.column_dimensions[_column(j)].width = 14
    ws.column_dimensions["A"].width = min(40, longest + 2)
    ws.row_dimensions[HEADER_ROW - 1].height = 30
    ws.row_dimensions[HEADER_ROW].height = 60
    _stream_title(ws, "Vendor scores",
                  f"Yellow cells are inputs: the mean of the scorers' scores, {SCORE_MIN} to "
                  f"{SCORE_MAX}; for cost criteria how costly ({SCORE_MAX} = most costly). An "
                  "empty cell is not scored and counts as the worst. Evidence is on the "
                  "Evidence sheet." + (" Green cells hold the score a workshop agreed on "
                                       "(see the Workshops sheet)." if agreed else ""))
    category = _template(ws, font=NOTE_FONT,
                         alignment=Alignment(wrap_text=True, vertical="bottom"))
    ws.append(_row(["Category", *_plain_column([names[c] for c in criteria["category"]])],
                   [_template(ws, font=NOTE_FONT), *[category] * len(criteria)]))
    header = _header_template(ws)
    ws.append(_row(["Vendor", *_plain_column(criteria["name"])], [header] * (len(criteria) + 1)))
    score = [None, *[_template(ws, "0.00", fill=INPUT_FILL)] * len(criteria)]
    settled = _template(ws, "0.00", fill=AGREED_FILL)
    ids = list(criteria["id"]) if len(criteria) else []
    for vendor, name, values in zip(vendors, scores.index, rows):
        marks = score if not agreed else [None, *[
            settled if (name, criterion) in agreed else score[1] for criterion in ids]]
        ws.append(_row([vendor, *[v if math.isfinite(v) else None for v in values]], marks))
    if len(scores) and len(criteria):
        validation = DataValidation(type="decimal", operator="between",
                                    formula1=str(SCORE_MIN), formula2=str(SCORE_MAX),
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="Score",
                                    error=f"Type a score from {SCORE_MIN} to {SCORE_MAX}, or "
                                          "leave the cell empty (not scored).",
                                    showInputMessage=True, promptTitle="Score",
                                    prompt=f"{SCORE_MIN} to {SCORE_MAX}; empty = not scored")
        validation.add(f"B{FIRST_ROW}:{_column(len(criteria) + 1)}{FIRST_ROW + len(scores) - 1}")
        ws.data_validations.append(validation)


def _evidence(ws: WriteOnlyWorksheet, export: WorkbookInput, decision: _Decision,
              people: Mapping[Any, str]) -> None:
    evidence = export.evidence
    names = dict(zip(decision.criteria["id"], decision.criteria["name"]))
    labels = ["Vendor", "Criterion", "Scorer", "Score", "Evidence"]
    columns = [_plain_column(evidence["vendor"]),
               _plain_column([names.get(c, c) for c in evidence["criterion"].tolist()]),
               _plain_column([people.get(s, s) for s in evidence["scorer"].tolist()]),
               _plain_column(evidence["score"]),
               _plain_column(evidence["evidence"])]
    if len(evidence):
        ws.auto_filter.ref = f"A{HEADER_ROW}:E{FIRST_ROW + len(evidence) - 1}"
    ws.freeze_panes = f"A{FIRST_ROW}"
    _sized(ws, len(labels), HEADER_ROW + len(evidence))
    _stream_widths(ws, [[label, *values] for label, values in zip(labels, columns)],
                   {"D": 8, "E": 80}, most=40)
    ws.row_dimensions[HEADER_ROW].height = 30
    _stream_heights(ws, {"E": columns[4]})
    _stream_title(ws, "Evidence behind the scores", "One row per scorer, vendor and criterion.")
    ws.append([])
    ws.append(_row(labels, [_header_template(ws)] * len(labels)))
    top = _template(ws, alignment=TOP)
    templates = [top, top, top, _template(ws, "0.0", alignment=TOP),
                 _template(ws, alignment=WRAP)]
    for values in zip(*columns):
        ws.append(_row(values, templates))


def _calculation(ws: WriteOnlyWorksheet, decision: _Decision, weight_rows: Mapping[str, int]
                 ) -> None:
    """The adjusted-score block the Ranking sums (criteria in columns B to the last one
    :func:`_ranking` is given)."""
    assert (CALC_CATEGORY_ROW, CALC_DIRECTION_ROW, CALC_WEIGHT_ROW, CALC_MUST_HAVE_ROW,
            CALC_MINIMUM_ROW, CALC_HEADER_ROW) == tuple(range(HEADER_ROW + 1, HEADER_ROW + 7))
    criteria, scores = decision.criteria, decision.scores
    letters = [_column(j) for j in range(2, len(criteria) + 2)]
    vendors = _plain_column(scores.index)
    ws.freeze_panes = f"B{CALC_FIRST_ROW}"
    _sized(ws, len(criteria) + 1, CALC_HEADER_ROW + len(vendors))
    for letter in letters:
        ws.column_dimensions[letter].width = 14
    longest = max([len(str(v)) for v in vendors] + [24])
    ws.column_dimensions["A"].width = min(40, longest + 2)
    ws.row_dimensions[HEADER_ROW].height = 60
    ws.row_dimensions[CALC_HEADER_ROW].height = 30
    _stream_title(ws, "How the totals are computed",
                  f"Each score turned so that more is better: cost criteria count as "
                  f"{SCORE_MAX} - score, an empty score as 0 (it adds nothing). Weighted total "
                  "= SUMPRODUCT of the global weights and a vendor's row.")
    ws.append([])
    header, bold = _header_template(ws), _template(ws, font=Font(bold=True))
    ws.append(_row(["Criterion", *_plain_column(criteria["name"])],
                   [header] * (len(criteria) + 1)))
    numbers = {c[0]: i for i, c in enumerate(decision.categories, start=1)}
    sources = [weight_rows[c] for c in criteria["id"]]
    n = len(criteria)
    ws.append(_row(["Category #", *[numbers[c] for c in criteria["category"]]],
                   [bold, *[_template(ws, "0")] * n]))
    for label, column, number_format in (("Direction", DIRECTION_COLUMN, None),
                                         ("Global weight", GLOBAL_WEIGHT_COLUMN, "0.0%"),
                                         ("Must-have", MUST_HAVE_COLUMN, None),
                                         ("Minimum score", MINIMUM_COLUMN, "0.0")):
        style = _template(ws, number_format) if number_format else None
        ws.append(_row([label, *[f"=Weights!${column}${source}" for source in sources]],
                       [bold, *[style] * n]))
    ws.append(_row(["Vendor (adjusted scores)"], [header]))
    adjusted = [None, *[_template(ws, "0.00")] * n]
    for i, vendor in enumerate(vendors):
        scored = FIRST_ROW + i            # the vendor's row on the Scores sheet
        ws.append(_row([vendor, *[f"=IF(ISNUMBER(Scores!{letter}{scored}),IF({letter}$"
                                  f"{CALC_DIRECTION_ROW}=\"cost\",{SCORE_MAX}-Scores!{letter}"
                                  f"{scored},Scores!{letter}{scored}),0)" for letter in letters]],
                       adjusted))


def _ranking(ws: Worksheet, decision: _Decision, last: str,
             reasons: Mapping[Any, str] | None = None) -> None:
    """Totals, ranks, knock-outs and contributions as formulas, and their charts; beside
    them, the failing must-haves as the app gave them at export (``reasons`` by vendor)."""
    _title(ws, "Vendor ranking",
           f"Weighted total: the weighted mean on the {SCORE_MIN}-{SCORE_MAX} scale (live "
           "formulas over the Weights and Scores sheets). Rank 1 is best; equal totals share "
           "the best rank. A vendor below a must-have's minimum is knocked out: it takes no "
           "rank (—). Category columns show what each category adds to the total.")
    categories, scores = decision.categories, decision.scores
    _header(ws, ["Vendor", f"Weighted total ({SCORE_MIN}-{SCORE_MAX})", "Rank", "Must-haves",
                 *[c[1] for c in categories], KNOCKED_OUT_BY])
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2).coordinate
    if not len(scores) or not len(decision.criteria):
        ws.cell(row=FIRST_ROW, column=1, value="Nothing to rank yet: add vendors and criteria "
                                               "in the app.")
        _widths(ws)
        return
    first_total, last_total = FIRST_ROW, FIRST_ROW + len(scores) - 1
    totals = f"$B${first_total}:$B${last_total}"
    knocked = f"$D${first_total}:$D${last_total}"

    def calc(row: int | str) -> str:
        return f"Calculation!$B${row}:${last}${row}"

    for i, vendor in enumerate(scores.index):
        row, calc_row = FIRST_ROW + i, CALC_FIRST_ROW + i
        scored = f"Scores!$B${row}:${last}${row}"
        _put(ws, row, 1, vendor)
        _formula(ws, f"B{row}", f"=SUMPRODUCT({calc(CALC_WEIGHT_ROW)},{calc(calc_row)})",
                 Kind.SCORE_5.excel)
        # Knocked-out vendors take no rank; the others are ranked among themselves.
        _formula(ws, f"C{row}",
                 f"=IF(D{row}=\"{KNOCKED_OUT}\",\"{MISSING}\",SUMPRODUCT((ROUND({totals},"
                 f"{RANK_DECIMALS})>ROUND(B{row},{RANK_DECIMALS}))*({knocked}<>"
                 f"\"{KNOCKED_OUT}\"))+1)", "0")
        _formula(ws, f"D{row}",
                 f"=IF(SUMPRODUCT(({calc(CALC_MUST_HAVE_ROW)}=\"yes\")*ISNUMBER({scored})"
                 f"*({scored}<{calc(CALC_MINIMUM_ROW)}))>0,\"{KNOCKED_OUT}\",\"\")")
        for k in range(1, len(categories) + 1):
            _formula(ws, f"{_column(4 + k)}{row}",
                     f"=SUMPRODUCT(({calc(CALC_CATEGORY_ROW)}={k})*{calc(CALC_WEIGHT_ROW)}"
                     f"*{calc(calc_row)})", Kind.SCORE_5.excel)
        why = (reasons or {}).get(vendor, "")
        _put(ws, row, 5 + len(categories), why or None, alignment=WRAP)
    longest = max([len(str(_plain(v))) for v in scores.index] + [12])
    ws.column_dimensions["A"].width = min(40, longest + 2)
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 7
    ws.column_dimensions["D"].width = 13
    for k in range(1, len(categories) + 1):
        ws.column_dimensions[_column(4 + k)].width = 14
    ws.column_dimensions[_column(5 + len(categories))].width = 40
    ws.row_dimensions[HEADER_ROW].height = 45

    anchor = last_total + 3
    totals_chart = _bar_chart("Weighted total by vendor", "bar",
                              f"Weighted total ({SCORE_MIN}-{SCORE_MAX})", SCORE_MIN,
                              SCORE_MAX, 1, len(scores))
    totals_chart.add_data(Reference(ws, min_col=2, min_row=HEADER_ROW, max_row=last_total),
                          titles_from_data=True)
    totals_chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last_total))
    totals_chart.legend = None
    ws.add_chart(totals_chart, f"A{anchor}")

    stacked = _bar_chart("What each category adds to the total", "bar",
                         f"Weighted total ({SCORE_MIN}-{SCORE_MAX})", SCORE_MIN, SCORE_MAX, 1,
                         len(scores))
    stacked.grouping = "stacked"
    stacked.overlap = 100
    stacked.add_data(Reference(ws, min_col=5, max_col=4 + len(categories), min_row=HEADER_ROW,
                               max_row=last_total), titles_from_data=True)
    for number, series in enumerate(stacked.series):   # the app's colour for each category
        color = CATEGORY_PALETTE[number % len(CATEGORY_PALETTE)]
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    stacked.set_categories(Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last_total))
    stacked.legend.position = "b"
    stacked.height += 2
    ws.add_chart(stacked, f"A{anchor + _rows_for(totals_chart)}")


def response_sheets(answers: int) -> list[str]:
    """The names of the sheets that list ``answers`` answers: "Responses", then "Responses
    (2)", ... when they need more rows than a sheet has."""
    count = max(1, math.ceil(answers / RESPONSE_ROWS))
    return ["Responses", *(f"Responses ({n})" for n in range(2, count + 1))]


def _listing(sheets: Sequence[str]) -> str:
    """"Responses lists", or "Responses and Responses (2) list" when the answers continue."""
    if len(sheets) == 1:
        return f"{sheets[0]} lists"
    return f"{', '.join(sheets[:-1])} and {sheets[-1]} list"


def _responses(sheets: Sequence[WriteOnlyWorksheet], export: WorkbookInput,
               people: Mapping[Any, str], progress: Progress = silent) -> None:
    """Every answer, one per row, continued on the next sheet where a sheet ends."""
    responses = export.responses
    labels = ["Participant", "Questionnaire", "Item", "Question", "Answer", "Don't know",
              "Comment"]
    columns = [_plain_column([people.get(p, p) for p in responses["participant"].tolist()]),
               _plain_column(responses["bank"]),
               _plain_column(responses["item"]),
               _plain_column(responses["question"]),
               _plain_column(responses["value"]),
               ["yes" if _yes(v) else "" for v in responses["dont_know"].tolist()],
               _plain_column([c if isinstance(c, str) else None
                              for c in responses["comment"].tolist()])]
    who = "named" if export.include_names else "pseudonymized"
    names = [ws.title for ws in sheets]
    for number, ws in enumerate(sheets):
        start = number * RESPONSE_ROWS
        part = (columns if len(sheets) == 1 else
                [values[start:start + RESPONSE_ROWS] for values in columns])
        rows = len(part[0])
        if rows:
            ws.auto_filter.ref = f"A{HEADER_ROW}:G{FIRST_ROW + rows - 1}"
        ws.freeze_panes = f"B{FIRST_ROW}"
        _sized(ws, len(labels), HEADER_ROW + rows)
        _stream_widths(ws, [[label, *values] for label, values in zip(labels, part)],
                       {"D": 70, "E": 8, "F": 10, "G": 50}, most=30)
        ws.row_dimensions[HEADER_ROW].height = 30
        _stream_heights(ws, {"D": part[3], "G": part[6]})
        note = (f"One row per answer; participants {who}. Don't know: the person chose "
                "\"don't know\" (no value).")
        if len(sheets) > 1:
            # A sheet holds 1,048,576 rows: Excel and LibreOffice drop the rows past it.
            note += (f" Answers {start + 1:,} to {start + rows:,} of {len(responses):,}"
                     + (f"; continued on {names[number + 1]}." if number + 1 < len(sheets)
                        else "."))
        _stream_title(ws, "Raw responses" if number == 0 else "Raw responses (continued)",
                      note)
        ws.append([])
        ws.append(_row(labels, [_header_template(ws)] * len(labels)))
        wrap = _template(ws, alignment=WRAP)
        templates = [None, None, None, wrap, _template(ws, "0"), None, wrap]
        for offset in range(0, rows, PROGRESS_ROWS):
            for values in zip(*(column[offset:offset + PROGRESS_ROWS] for column in part)):
                ws.append(_row(values, templates))
            written = start + min(rows, offset + PROGRESS_ROWS)
            progress(written / len(responses), f"Writing the answers: {written:,} of "
                                                f"{len(responses):,}")


def _table_rows(ws: WriteOnlyWorksheet, title: str, labels: Sequence[str],
                frame: pd.DataFrame | None, columns: Sequence[str], empty: str,
                numbers: Mapping[str, str]) -> None:
    """A titled table of a streamed sheet: a section title, the header, one row per row of
    ``frame`` (``numbers``: column -> number format); ``empty`` when there is none."""
    ws.append(_row([title], [_template(ws, font=SECTION_FONT)]))
    if frame is None or not len(frame):
        ws.append(_row([empty], [_template(ws, font=NOTE_FONT)]))
        ws.append([])
        return
    ws.append(_row(labels, [_header_template(ws)] * len(labels)))
    templates = [_template(ws, numbers[c]) if c in numbers else _template(ws, alignment=WRAP)
                 for c in columns]
    values = [_plain_column(frame[c]) for c in columns]
    for row in zip(*values):
        ws.append(_row(row, templates))
    ws.append([])


def _workshops(ws: WriteOnlyWorksheet, export: WorkbookInput) -> None:
    agreed, workshops, rounds = export.agreed, export.workshops, export.rounds
    rows = 12 + sum(len(f) for f in (agreed, workshops, rounds) if f is not None)
    ws.freeze_panes = "A3"        # the title and its note; three tables follow
    _sized(ws, len(ROUND_COLUMNS), rows)
    for letter, width in zip("ABCDEFGHIJK", (18, 22, 50, 12, 12, 12, 12, 12, 12, 10, 50)):
        ws.column_dimensions[letter].width = width
    _stream_title(ws, "Workshops", "Values a workshop agreed on replace the individual "
                                   "answers of their item in every result of this workbook "
                                   "(the Responses and Evidence sheets keep the answers as "
                                   "given).")
    ws.append([])
    _table_rows(ws, "Agreed values", ["What", "Item", "Agreed value", "Why", "Agreed on"],
                agreed, AGREED_COLUMNS, "No value has been agreed in a workshop.", {})
    who = "names" if export.include_names else "names (not included: see the export option)"
    _table_rows(ws, "Workshop records", ["Opened (UTC)", "Closed (UTC)", "People",
                                         "Anonymous", who.capitalize(), "Asked", "Reopened",
                                         "Agreed"], workshops, WORKSHOP_COLUMNS,
                "No workshop has been closed yet.",
                {"people": "0", "reopened": "0", "agreed": "0"})
    _table_rows(ws, "Second rounds", ["Workshop (UTC)", "What", "Item", "Round 1 mean",
                                      "Round 1 spread", "Round 1 answers", "Round 2 mean",
                                      "Round 2 spread", "Round 2 answers", "Agreed", "Why"],
                rounds, ROUND_COLUMNS, "No item was reopened for a second round.",
                {"round_1_mean": "0.00", "round_1_spread": "0.00", "round_1_answers": "0",
                 "round_2_mean": "0.00", "round_2_spread": "0.00", "round_2_answers": "0",
                 "agreed": "0.0"})


def _table_sheet(ws: Worksheet, title: str, shown: Table) -> None:
    """A table as the app shows it: numbers with their kind's digits (missing cells empty,
    the table's own columns saying why), text made inert."""
    _title(ws, _text(title), _text(shown.note) if shown.note else "")  # may quote user text
    _header(ws, shown.labels)
    for offset, row in enumerate(shown.frame.itertuples(index=False)):
        values = dict(zip(shown.frame.columns, row))
        for column, spec in enumerate(shown.columns, start=1):
            value = values.get(spec.key)
            _put(ws, FIRST_ROW + offset, column, value,
                 spec.kind.excel if spec.kind.numeric else None, WRAP if spec.wide else TOP)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1).coordinate
    _widths(ws, {_column(n): 60 for n, spec in enumerate(shown.columns, start=1) if spec.wide},
            first_row=HEADER_ROW, least=9, most=40)
    _fit_rows(ws)


def _sign_offs(ws: WriteOnlyWorksheet, export: WorkbookInput) -> None:
    signed, changed = export.sign_offs, export.changed
    _sized(ws, len(SIGN_OFF_COLUMNS), 10 + sum(len(f) for f in (signed, changed)
                                               if f is not None))
    ws.freeze_panes = "A3"
    for letter, width in zip("ABCDEF", (22, 24, 50, 24, 14, 14)):
        ws.column_dimensions[letter].width = width
    _stream_title(ws, "Signed-off decisions", "A signed-off decision is frozen: the weights, "
                                              "scores, ranking and robustness of that moment "
                                              "cannot be changed afterwards.")
    ws.append([])
    _table_rows(ws, "Sign-offs", ["Signed at (UTC)", "Signed by", "Note", "Winner then",
                                  "First in the draws then", "Values changed since"],
                signed, SIGN_OFF_COLUMNS, "No decision has been signed off.",
                {"first_share": "0%", "changed": "0"})
    if signed is not None and len(signed):
        _table_rows(ws, "Changed since the latest sign-off", ["What", "Item", "At sign-off",
                                                              "Now"],
                    changed, CHANGED_COLUMNS, "Nothing has changed since.", {})


def _audit(ws: WriteOnlyWorksheet, export: WorkbookInput) -> None:
    trail = export.audit
    _sized(ws, len(AUDIT_COLUMNS), 6 + (len(trail) if trail is not None else 0))
    ws.freeze_panes = "A5"
    for letter, width in zip("ABCDEFGH", (22, 20, 22, 28, 16, 18, 18, 50)):
        ws.column_dimensions[letter].width = width
    who = ("" if export.include_names else " Participants are pseudonymized as in the other "
                                           "sheets.")
    shown = 0 if trail is None else len(trail)
    part = (f" The newest {shown:,} of {export.audit_total:,} changes; the audit trail CSV "
            "and the backup hold every one." if export.audit_total > shown else "")
    _stream_title(ws, "Audit trail", "Every change to a score, weight, criterion or vendor, "
                                     "newest first." + who + part)
    ws.append([])
    _table_rows(ws, "Changes", ["When (UTC)", "Who", "Vendor", "Criterion or category",
                                "Changed", "From", "To", "Note"],
                trail, AUDIT_COLUMNS, "Nothing has been changed yet.", {})


def _value_for_money(ws: Worksheet, export: WorkbookInput) -> None:
    """Benefit against total cost: the cost inputs (yellow) and live formulas for the total
    cost of ownership and the benefit per 1,000; the benefit and the frontier as the app
    gave them at export."""
    currency = export.currency
    found = export.value
    _title(ws, "Value for money", (
        "Total cost of ownership = licence per user per year x users x years + one-off "
        f"implementation, in {currency} (not converted); change a yellow input and the total "
        "and the benefit per 1,000 recompute. Benefit is the weighted score over the benefit "
        "criteria only (cost criteria left out, the other weights renormalized), as the app "
        "gave it at export, as is the frontier column."))
    if found is None:
        ws.cell(row=HEADER_ROW, column=1, value="No cost is recorded yet: cost counts only as "
                                                 "its 0-5 criteria.").font = NOTE_FONT
        ws.freeze_panes = "A3"
        return
    labels = {c.key: c.label for c in found.columns}
    _header(ws, [labels[k] for k in VALUE_KEYS])
    frame = found.frame
    formats = {"benefit": Kind.SCORE_5.excel, "licence": Kind.PRICE.excel,
               "users": Kind.COUNT.excel, "implementation": Kind.MONEY.excel,
               "horizon": Kind.COUNT.excel}
    for i, row in enumerate(frame[list(VALUE_KEYS)].itertuples(index=False)):
        line = FIRST_ROW + i
        values = dict(zip(VALUE_KEYS, row))
        for column, key in enumerate(("vendor", "benefit", "licence", "users",
                                      "implementation", "horizon"), start=1):
            _put(ws, line, column, values[key], formats.get(key))
            if key in ("licence", "users", "implementation", "horizon"):
                ws.cell(row=line, column=column).fill = INPUT_FILL
        _formula(ws, f"G{line}", f'=IF(COUNT(C{line}:F{line})=4,'
                                 f'C{line}*D{line}*F{line}+E{line},"")', Kind.MONEY.excel)
        _formula(ws, f"H{line}", f'=IF(AND(ISNUMBER(B{line}),ISNUMBER(G{line})),'
                                 f'IF(G{line}>0,B{line}/(G{line}/1000),""),"")',
                 Kind.PER_COST.excel)
        _put(ws, line, 9, values["status"], alignment=WRAP)
    last = FIRST_ROW + len(frame) - 1
    if len(frame):
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                    formula1="0", allow_blank=True, showErrorMessage=True,
                                    errorTitle="Cost", error="Type an amount of 0 or more.")
        validation.add(f"C{FIRST_ROW}:F{last}")
        ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2).coordinate
    _widths(ws, {"A": 26, "I": 45}, first_row=FIRST_ROW, least=12, most=45)
    _fit_rows(ws)


def _action_plan(ws: Worksheet, export: WorkbookInput) -> None:
    """The roadmap's actions with owner, due date, status and whether each is late."""
    plan = export.action_plan
    _title(ws, "Action plan", "Each roadmap action with its owner, due date and status as "
                              "saved in the app; late = due before the export date and "
                              "neither done nor dropped.")
    if plan is None or plan.empty:
        ws.cell(row=HEADER_ROW, column=1,
                value=plan.note if plan is not None and plan.note else
                "No roadmap yet: nobody has answered the questionnaires.").font = NOTE_FONT
        ws.freeze_panes = "A3"
        return
    _header(ws, plan.labels)
    for i, row in enumerate(plan.texts()):
        for column, (text, spec) in enumerate(zip(row, plan.columns), start=1):
            value = plan.frame[spec.key].iloc[i]
            _put(ws, FIRST_ROW + i, column, value if spec.kind.numeric else
                 (None if text == MISSING else text),
                 spec.kind.excel if spec.kind.numeric else None,
                 alignment=WRAP if spec.wide else None)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2).coordinate
    _widths(ws, {"B": 45}, first_row=FIRST_ROW, least=10, most=45)
    _fit_rows(ws)


def engagement_workbook(export: WorkbookInput, progress: Progress = silent) -> bytes:
    """The engagement as an .xlsx workbook (see the module docstring for its sheets);
    ``progress`` hears how far it has got (the answers take most of a large one's time).

    Raises:
        WorkbookError: the input is inconsistent (a missing column, an unknown criterion, a
            negative weight, a score outside 0 to 5, ...); the message says what and where.
    """
    progress(0.0, "Checking the data")
    decision = _check(export)
    people = _pseudonyms(export)
    # The small sheets, drawn with the ordinary API and copied below.
    scratch = Workbook()
    drawn = {name: (scratch.active if n == 0 else scratch.create_sheet())
             for n, name in enumerate(DRAWN_SHEETS)}
    for name, ws in drawn.items():
        ws.title = name
    _summary(drawn["Summary"], export, decision)
    _readiness(drawn["Readiness"], export)
    _maturity(drawn["Maturity"], export)
    _recommendations(drawn["Recommendations"], export)
    weight_rows = _weights(drawn["Weights"], decision, export.consistency)
    last = _column(len(decision.criteria) + 1) if len(decision.criteria) else "B"
    _ranking(drawn["Ranking"], decision, last, export.knockouts)
    _value_for_money(drawn["Value for money"], export)
    _action_plan(drawn["Action plan"], export)
    drawn["Weights"].sheet_properties.tabColor = INPUT_TAB
    drawn["Ranking"].sheet_properties.tabColor = "1F6F8B"

    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS[
        :SHEETS.index("Responses") + 1]}
    responses = [sheets["Responses"], *(workbook.create_sheet(name) for name in
                                        response_sheets(len(export.responses))[1:])]
    sheets |= {name: workbook.create_sheet(name) for name in SHEETS[
        SHEETS.index("Responses") + 1:]}
    for name, ws in drawn.items():
        _copy_sheet(ws, sheets[name])
    _scores(sheets["Scores"], decision, export.agreed_cells)
    _evidence(sheets["Evidence"], export, decision, people)
    if len(decision.criteria):
        _calculation(sheets["Calculation"], decision, weight_rows)
    else:
        sheets["Calculation"].freeze_panes = f"A{FIRST_ROW}"
        _sized(sheets["Calculation"], 1, 2)
        _stream_title(sheets["Calculation"], "How the totals are computed", "No criteria yet.")
    progress(RESPONSES_START, "Writing the answers")
    _responses(responses, export, people, within(progress, RESPONSES_START, RESPONSES_END))
    progress(RESPONSES_END, "Writing the workshops, sign-offs and audit trail")
    _workshops(sheets["Workshops"], export)
    _sign_offs(sheets["Sign-offs"], export)
    _audit(sheets["Audit trail"], export)
    for name, title, shown in export.tables:
        extra = scratch.create_sheet(name)
        _table_sheet(extra, title, shown)
        _copy_sheet(extra, workbook.create_sheet(name))
    progress(SAVE_START, "Compressing the workbook")
    buffer = BytesIO()
    workbook.save(buffer)
    progress(1.0, "Ready")
    return buffer.getvalue()
