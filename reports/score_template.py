"""Vendor scores through Excel: a template to fill offline, and a strict reader for uploads.

:func:`score_template` writes an .xlsx pre-filled with one scorer's current scores for an
engagement's vendors and criteria:

- Scores: a short instruction block (with the 0-5 anchors when given), then a hidden row of
  vendor ids, a header row ("Criterion id", "Category", "Criterion", one column per vendor)
  and one row per criterion. The yellow cells hold the scores (data validation: a decimal
  from 0 to 5, or empty). Cells are matched by the ids, never by the visible names, so a
  renamed vendor heading or criterion text changes nothing.
- Evidence: one row per criterion and vendor ("Criterion id", "Vendor id", "Criterion",
  "Vendor", "Evidence"), pre-filled with the scorer's evidence.

:func:`read_score_template` reads an upload back, all or nothing. It never evaluates anything
(openpyxl loads formulas as text and the reader rejects them) and raises
:class:`ImportRejected` with a message that says what is wrong and where, such as
``scores.xlsx: sheet 'Scores', cell D7 (Slack, Single sign-on): 7 is outside 0-5``.
:func:`preview_changes` then lists the cells whose score or evidence would change.

What the file holds: the Scores sheet decides which vendor x criterion cells are in the file
(its criterion rows times its vendor columns; a deleted row or column leaves those cells out,
so they stay as they are in the app). Each cell's evidence comes from its Evidence row (an
absent row reads as empty evidence); Evidence rows of cells that are not on the Scores sheet
are ignored.

Text written by people is made inert with :func:`datafiles.cells.neutralize` (a leading
apostrophe). Evidence is read as the cell's text, except that the reader removes exactly the
apostrophe the template added: text that starts with an apostrophe followed by formula-like
text (``'=1+1``, ``'- bullet``) loses that one apostrophe, so an untouched template reads back
unchanged. To keep this reversible the template also quotes text that already starts with
apostrophes before formula-like text. A workbook cannot hold carriage returns or control
characters: they are written as newlines or dropped, and :func:`preview_changes` does not
count that as a change.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from io import BytesIO
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from datafiles import show, workbooks
from datafiles.cells import cell_text as _cell_text
from datafiles.cells import inert
from datafiles.cells import unquote as _unquote
from datafiles.text import TEXT_MAX
from vendors.scoring import SCORE_MAX, SCORE_MIN

MAX_BYTES = 5_000_000
# An .xlsx is a zip: its unpacked parts may not exceed this (a 5 MB "zip bomb" could unpack
# to gigabytes of XML).
MAX_UNPACKED_BYTES = workbooks.MAX_UNPACKED_BYTES
# A template sheet spans a few hundred cells; a sheet this large is not one.
MAX_SHEET_CELLS = workbooks.MAX_SHEET_CELLS
# The longest evidence note the workspace stores.
EVIDENCE_MAX = TEXT_MAX
# The most characters a spreadsheet cell holds (Excel's limit; openpyxl cuts longer text).
CELL_TEXT_MAX = 32_767
# The most digits of a vendor id (SQLite's integers are 64-bit).
VENDOR_ID_DIGITS = 19

SCORES_SHEET, EVIDENCE_SHEET = "Scores", "Evidence"
CRITERION_ID, CATEGORY, CRITERION, VENDOR_ID, VENDOR, EVIDENCE = (
    "Criterion id", "Category", "Criterion", "Vendor id", "Vendor", "Evidence")
SCORES_HEADER = (CRITERION_ID, CATEGORY, CRITERION)
# Beside each criterion: which end of the scale is good, and a must-have's minimum. Read back
# as a column to skip (templates made before it existed have no such column).
GUIDE = "How to score"
TEMPLATE_HEADER = (*SCORES_HEADER, GUIDE)
EVIDENCE_HEADER = (CRITERION_ID, VENDOR_ID, CRITERION, VENDOR, EVIDENCE)
PARSED_COLUMNS = ("vendor_id", "criterion", "score", "evidence")
PREVIEW_COLUMNS = ("vendor_id", "criterion", "old_score", "new_score", "old_evidence",
                   "new_evidence")
FIRST_VENDOR_COLUMN = len(TEMPLATE_HEADER) + 1    # E
EVIDENCE_HEADER_ROW = 4

TITLE_FONT = Font(size=14, bold=True, color="1F3B4D")
NOTE_FONT = Font(italic=True, color="555555")
KEY_FONT = Font(size=9, color="7F7F7F")
GUIDE_FONT = Font(bold=True, color="9C4A00")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6F8B")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
class ImportRejected(ValueError):
    """An upload that is not a usable score template; the message says what and where."""


# --- text ------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """User text as an inert cell value, reversible by :func:`unquote`."""
    return inert(str(value))


def _plain_text(value: Any) -> str:
    """Stored evidence or a name as text ("" for None and NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


# --- writing the template ----------------------------------------------------------------------

def _header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=column, value=_text(label))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _note(ws: Worksheet, row: int, text: str, last_column: int, font: Font = NOTE_FONT,
          width: float = 100) -> None:
    """A wrapped line of the instruction block, merged across the table's width."""
    cell = ws.cell(row=row, column=1, value=_text(text))
    cell.font = font
    cell.alignment = WRAP
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    lines = sum(max(1, math.ceil(len(part) / max(20, width - 4))) for part in text.split("\n"))
    if lines > 1:
        ws.row_dimensions[row].height = 15 * min(lines, 12)


def _check_ids(vendors: Sequence[tuple[int, str]], criteria: Sequence[tuple[str, str, str]]
               ) -> tuple[list[tuple[int, str]], list[tuple[str, str, str]]]:
    vendors = [(int(v), _plain_text(name)) for v, name in vendors]
    criteria = [(str(c), _plain_text(category), _plain_text(name))
                for c, category, name in criteria]
    for what, ids in (("vendor", [v for v, _ in vendors]), ("criterion", [c[0] for c in criteria])):
        seen = set()
        for key in ids:
            if key in seen:
                raise ValueError(f"{what} id {key!r} appears twice")
            seen.add(key)
    return vendors, criteria


def _current_score(current: pd.DataFrame | None, vendor_id: int, criterion: str) -> float | None:
    if current is None or vendor_id not in current.index or criterion not in current.columns:
        return None
    value = current.at[vendor_id, criterion]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise ValueError(f"current score of vendor {vendor_id} on {criterion!r} is not a "
                         f"number: {value!r}")
    value = float(value)
    if math.isnan(value):
        return None
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"current score of vendor {vendor_id} on {criterion!r} is {value:g}, "
                         f"outside {SCORE_MIN}-{SCORE_MAX}")
    return value


def _evidence_lookup(evidence: pd.DataFrame | None) -> dict[tuple[int, str], str]:
    if evidence is None or evidence.empty:
        return {}
    absent = [c for c in ("vendor_id", "criterion", "evidence") if c not in evidence.columns]
    if absent:
        raise ValueError(f"evidence lacks the column(s) {', '.join(absent)}")
    notes: dict[tuple[int, str], str] = {}
    for vendor_id, criterion, text in evidence[["vendor_id", "criterion", "evidence"]].itertuples(
            index=False):
        key = (int(vendor_id), str(criterion))
        if key in notes:
            raise ValueError(f"evidence has two rows for vendor {key[0]} on {key[1]!r}")
        notes[key] = _plain_text(text)
        if len(_text(notes[key])) > CELL_TEXT_MAX:
            raise ValueError(f"the evidence of vendor {key[0]} on {key[1]!r} is "
                             f"{len(notes[key]):,} characters long; a spreadsheet cell holds at "
                             f"most {CELL_TEXT_MAX:,}, so the template cannot carry it whole")
    return notes


def _scores_sheet(ws: Worksheet, engagement_name: str, scorer: str,
                  vendors: list[tuple[int, str]], criteria: list[tuple[str, str, str]],
                  current: pd.DataFrame | None, anchors: Mapping[int, str] | None,
                  guides: Mapping[str, str] | None = None) -> None:
    last_column = max(len(TEMPLATE_HEADER), len(TEMPLATE_HEADER) + len(vendors))
    category_width = min(30, max([len(c[1]) for c in criteria] + [10]) + 2)
    criterion_width = min(50, max([len(c[2]) for c in criteria] + [20]) + 2)
    vendor_widths = [min(30, max(12, len(name) + 2)) for _, name in vendors]
    guide_width = 30
    total_width = 12 + category_width + criterion_width + guide_width + sum(vendor_widths)

    ws["A1"] = "Vendor score template"
    ws["A1"].font = TITLE_FONT
    _note(ws, 2, f"Engagement: {engagement_name}    Scorer: {scorer}", last_column,
          Font(bold=True), total_width)
    _note(ws, 3, f"Type a score from {SCORE_MIN} to {SCORE_MAX} in each yellow cell, or leave "
                 "it empty where you cannot judge yet. Write the evidence behind each score on "
                 "the Evidence sheet. Keep the Criterion id column and the ids as they are: "
                 "they match every cell to the app (renaming a heading is fine). Formulas are "
                 "not accepted: type values. Then upload this file in the app, check the "
                 "preview and apply. The How to score column says which end of the scale "
                 "is good for each criterion: on a COST criterion 5 means most costly.",
          last_column, width=total_width)
    row = 3
    for n, (score, meaning) in enumerate(sorted((anchors or {}).items())):
        row += 1
        if n == 0:
            ws.cell(row=row, column=1, value="The scale").font = Font(bold=True)
        ws.cell(row=row, column=2, value=int(score)).alignment = Alignment(
            horizontal="center", vertical="top")
        ws.cell(row=row, column=3, value=_text(meaning)).alignment = WRAP
        if last_column > 3:
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=last_column)
        lines = math.ceil(len(str(meaning)) / max(20, total_width - 12 - category_width - 4))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * min(lines, 6)
    if anchors:
        row += 1
        ws.cell(row=row, column=1, value="Cost criteria").font = GUIDE_FONT
        ws.cell(row=row, column=3, value=f"are scored the other way round: by how costly the "
                                         f"vendor is ({SCORE_MIN} = negligible, {SCORE_MAX} = "
                                         "most costly); the app turns them around before "
                                         "weighting.").alignment = WRAP
        if last_column > 3:
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=last_column)
    key_row, header_row = row + 1, row + 2
    first, last = header_row + 1, header_row + len(criteria)

    # The hidden key row: vendor ids above their columns; the reader matches by these.
    ws.cell(row=key_row, column=1, value=VENDOR_ID).font = KEY_FONT
    for j, (vendor_id, _) in enumerate(vendors, start=FIRST_VENDOR_COLUMN):
        ws.cell(row=key_row, column=j, value=vendor_id).font = KEY_FONT
    ws.row_dimensions[key_row].hidden = True

    _header(ws, header_row, [*TEMPLATE_HEADER, *[name for _, name in vendors]])
    ws.row_dimensions[header_row].height = 45
    for i, (criterion_id, category, name) in enumerate(criteria):
        r = first + i
        ws.cell(row=r, column=1, value=_text(criterion_id)).font = KEY_FONT
        ws.cell(row=r, column=2, value=_text(category)).alignment = TOP
        ws.cell(row=r, column=3, value=_text(name)).alignment = WRAP
        guide = (guides or {}).get(criterion_id, "")
        marked = ws.cell(row=r, column=4, value=_text(guide) if guide else None)
        marked.alignment = WRAP
        if "COST" in guide or "MUST-HAVE" in guide:
            marked.font = GUIDE_FONT
            lines = math.ceil(len(guide) / (guide_width - 2))
            ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 15,
                                              15 * min(lines, 4))
        for j, (vendor_id, _) in enumerate(vendors, start=FIRST_VENDOR_COLUMN):
            cell = ws.cell(row=r, column=j, value=_current_score(current, vendor_id,
                                                                 criterion_id))
            cell.number_format = "0.0#"
            cell.fill = INPUT_FILL
            cell.alignment = Alignment(horizontal="center", vertical="top")
    if vendors and criteria:
        validation = DataValidation(
            type="decimal", operator="between", formula1=str(SCORE_MIN),
            formula2=str(SCORE_MAX), allow_blank=True, showErrorMessage=True,
            errorTitle="Score", error=f"Type a score from {SCORE_MIN} to {SCORE_MAX}, or leave "
                                      "the cell empty (not scored).",
            showInputMessage=True, promptTitle="Score",
            prompt=f"{SCORE_MIN} to {SCORE_MAX}; empty = not scored")
        validation.add(f"{get_column_letter(FIRST_VENDOR_COLUMN)}{first}:"
                       f"{get_column_letter(last_column)}{last}")
        ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(row=first, column=FIRST_VENDOR_COLUMN).coordinate
    for letter, width in (("A", 12), ("B", category_width), ("C", criterion_width),
                          ("D", guide_width)):
        ws.column_dimensions[letter].width = width
    for j, width in enumerate(vendor_widths, start=FIRST_VENDOR_COLUMN):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.sheet_properties.tabColor = "E5A50A"


def _evidence_sheet(ws: Worksheet, vendors: list[tuple[int, str]],
                    criteria: list[tuple[str, str, str]],
                    notes: Mapping[tuple[int, str], str]) -> None:
    ws["A1"] = "Evidence behind the scores"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = ("One row per criterion and vendor: write in the yellow Evidence column. Keep the "
                "two id columns as they are: they match each row to the app.")
    ws["A2"].font = NOTE_FONT
    _header(ws, EVIDENCE_HEADER_ROW, EVIDENCE_HEADER)
    row = EVIDENCE_HEADER_ROW
    for criterion_id, _, criterion_name in criteria:
        for vendor_id, vendor_name in vendors:
            row += 1
            ws.cell(row=row, column=1, value=_text(criterion_id)).font = KEY_FONT
            ws.cell(row=row, column=2, value=vendor_id).font = KEY_FONT
            ws.cell(row=row, column=3, value=_text(criterion_name)).alignment = WRAP
            ws.cell(row=row, column=4, value=_text(vendor_name)).alignment = TOP
            text = notes.get((vendor_id, criterion_id), "")
            cell = ws.cell(row=row, column=5, value=_text(text) if text else None)
            cell.alignment = WRAP
            cell.fill = INPUT_FILL
            lines = sum(max(1, math.ceil(len(part) / 76)) for part in (text or "").split("\n"))
            if lines > 1:
                ws.row_dimensions[row].height = 15 * min(lines, 20)
    if row > EVIDENCE_HEADER_ROW:
        ws.auto_filter.ref = f"A{EVIDENCE_HEADER_ROW}:E{row}"
    ws.freeze_panes = f"C{EVIDENCE_HEADER_ROW + 1}"
    for letter, width in (("A", 12), ("B", 9), ("C", 40), ("D", 24), ("E", 80)):
        ws.column_dimensions[letter].width = width


def score_template(engagement_name: str, scorer: str, vendors: Sequence[tuple[int, str]],
                   criteria: Sequence[tuple[str, str, str]], current: pd.DataFrame | None,
                   *, evidence: pd.DataFrame | None = None,
                   anchors: Mapping[int, str] | None = None,
                   guides: Mapping[str, str] | None = None) -> bytes:
    """An .xlsx score template for one scorer (see the module docstring for its sheets).

    Args:
        engagement_name, scorer: shown at the top of the Scores sheet.
        vendors: (vendor id, name) in the order of the columns.
        criteria: (criterion id, category name, criterion name) in the order of the rows.
        current: the scorer's scores, vendor ids (index) x criterion ids (columns), NaN where
            not scored; vendors or criteria it lacks are left empty, others are ignored.
        evidence: the scorer's evidence, one row per cell with the columns ``vendor_id``,
            ``criterion`` and ``evidence`` (others ignored), e.g. the scorer's rows of
            ``workspace.engagement_scores``.
        anchors: what each score of the scale means, listed above the table.
        guides: criterion id -> how to score it (``vendors.scoring.scoring_guide``: which
            end of the scale is good, a must-have's minimum), in the How to score column.

    Raises:
        ValueError: a vendor or criterion id appears twice, evidence has two rows for one
            cell or is longer than a spreadsheet cell holds (``CELL_TEXT_MAX``; the app
            allows longer notes, which a template would cut), or a current score is not a
            number from 0 to 5.
    """
    vendors, criteria = _check_ids(vendors, criteria)
    notes = _evidence_lookup(evidence)
    workbook = Workbook()
    scores = workbook.active
    scores.title = SCORES_SHEET
    _scores_sheet(scores, _plain_text(engagement_name), _plain_text(scorer), vendors, criteria,
                  current, anchors, guides)
    _evidence_sheet(workbook.create_sheet(EVIDENCE_SHEET), vendors, criteria, notes)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading an upload -------------------------------------------------------------------------

class _Reader:
    """Reads one upload; every failure is ``ImportRejected("<file>: <where>: <what>")``."""

    def __init__(self, filename: str, vendors: Sequence[tuple[int, str]],
                 criteria: Sequence[tuple[str, str, str]]):
        self.filename = filename or "the upload"
        self.vendors = {int(v): _plain_text(name) for v, name in vendors}
        self.criteria = {str(c): _plain_text(name) for c, _, name in criteria}
        self.vendor_order = list(self.vendors)
        self.criterion_order = list(self.criteria)

    def fail(self, message: str, sheet: str | None = None, cell: str | None = None,
             about: str | None = None) -> ImportRejected:
        where = [self.filename]
        if sheet is not None:
            where.append(f"sheet '{sheet}'" + (f", {cell}" if cell else "")
                         + (f" ({about})" if about else ""))
        return ImportRejected(": ".join([*where, message]))

    # The container ---------------------------------------------------------------------------

    def open(self, data: bytes) -> Workbook:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise self.fail(f"expected the file's bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) > MAX_BYTES:
            raise self.fail(f"the file is {len(data) / 1e6:.1f} MB; a score template may be at "
                            f"most {MAX_BYTES / 1e6:g} MB")
        return workbooks.open_upload(data, self.fail, "a score template",
                                     "upload the score template you downloaded from the app",
                                     text="plain text (such as CSV)")

    def sheet(self, workbook: Workbook, name: str) -> Worksheet:
        if name not in workbook.sheetnames:
            raise self.fail(f"there is no sheet '{name}' (the workbook has "
                            f"{', '.join(repr(s) for s in workbook.sheetnames)}); upload the "
                            "score template you downloaded from the app")
        ws = workbook[name]
        if not isinstance(ws, Worksheet):
            raise self.fail(f"'{name}' is a chart, not a sheet of cells")
        cells = workbooks.too_large(ws)
        if cells:
            raise self.fail(f"the sheet spans {ws.dimensions} ({cells:,} cells); a score "
                            "template is far smaller", name)
        return ws

    def no_formulas(self, ws: Worksheet) -> None:
        """A formula is rejected wherever it is: nothing in an upload is ever evaluated."""
        found = workbooks.formula_in(ws)
        if found:
            raise self.fail(f"the cell holds a formula ({found[1]}); formulas are not "
                            "accepted, type the value instead", ws.title, f"cell {found[0]}")

    # The cells -------------------------------------------------------------------------------

    @staticmethod
    def _empty(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def find_header(self, ws: Worksheet, labels: Sequence[str],
                    optional: Sequence[str] = ()) -> tuple[int, dict[str, int]]:
        """The header row (the first with a "Criterion id" cell) and each label's column
        (``optional`` labels too, where the sheet has them)."""
        wanted = {label.casefold(): label for label in (*labels, *optional)}
        for row in ws.iter_rows():
            found = {wanted[c.value.strip().casefold()]: c.column for c in row
                     if isinstance(c.value, str) and c.value.strip().casefold() in wanted}
            if CRITERION_ID in found:
                absent = [label for label in labels if label not in found]
                if absent:
                    raise self.fail(f"the header lacks the column(s) "
                                    f"{', '.join(repr(a) for a in absent)}", ws.title,
                                    f"row {row[0].row}")
                return row[0].row, found
        raise self.fail(f"there is no header row with the columns "
                        f"{', '.join(repr(label) for label in labels)}; upload the score "
                        "template you downloaded from the app", ws.title)

    def vendor_id(self, ws: Worksheet, cell: Any, heading: str) -> int:
        value = cell.value
        # Plain ASCII digits only: "²".isdigit() is true but int("²") fails, and int() refuses
        # text of thousands of digits (no vendor id is longer than 19).
        if (isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()
                and len(value.strip()) <= VENDOR_ID_DIGITS):
            value = int(value.strip())
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        where = f"cell {cell.coordinate}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"the vendor id {show(value)} is not a whole number; vendor columns "
                            "must come from the template (add vendors in the app and download "
                            "a new template)", ws.title, where, heading or None)
        if value not in self.vendors:
            raise self.fail(f"vendor id {value} is not a vendor of this engagement; the "
                            "template may be from another engagement", ws.title, where,
                            heading or None)
        return value

    def criterion_id(self, ws: Worksheet, cell: Any) -> str:
        value = cell.value
        text = value.strip() if isinstance(value, str) else str(value)
        if text not in self.criteria:
            raise self.fail(f"criterion id {show(text)} is not a criterion of this engagement; "
                            "the template may be from another engagement", ws.title,
                            f"cell {cell.coordinate}")
        return text

    def score(self, ws: Worksheet, cell: Any, about: str) -> float:
        value = cell.value
        where = f"cell {cell.coordinate}"
        if self._empty(value):
            return math.nan
        if isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            value = float(value.strip())
        if isinstance(value, (datetime, date, time, timedelta)):
            raise self.fail(f"{value} is a date or time, not a score from {SCORE_MIN} to "
                            f"{SCORE_MAX}", ws.title, where, about)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise self.fail(f"{str(value)[:60]!r} is not a number; type a score from "
                            f"{SCORE_MIN} to {SCORE_MAX} or leave the cell empty", ws.title,
                            where, about)
        number = float(value)
        if not math.isfinite(number) or not SCORE_MIN <= number <= SCORE_MAX:
            raise self.fail(f"{number:g} is outside {SCORE_MIN}-{SCORE_MAX}", ws.title, where,
                            about)
        return number

    def evidence_text(self, ws: Worksheet, cell: Any, about: str) -> str:
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = _unquote(value) if isinstance(value, str) else str(value)
        if len(text) > EVIDENCE_MAX:
            raise self.fail(f"the evidence is {len(text):,} characters long; at most "
                            f"{EVIDENCE_MAX:,} are allowed", ws.title,
                            f"cell {cell.coordinate}", about)
        return text

    def about(self, vendor_id: int, criterion: str) -> str:
        return f"{self.vendors[vendor_id]}, {self.criteria[criterion]}"

    # The sheets ------------------------------------------------------------------------------

    def scores(self, ws: Worksheet) -> dict[tuple[int, str], float]:
        header_row, columns = self.find_header(ws, SCORES_HEADER, optional=(GUIDE,))
        id_column = columns[CRITERION_ID]
        key_row = header_row - 1
        key_label = ws.cell(row=key_row, column=id_column).value if key_row >= 1 else None
        if not (isinstance(key_label, str) and key_label.strip().casefold()
                == VENDOR_ID.casefold()):
            raise self.fail(f"the hidden row of vendor ids ('{VENDOR_ID}') above the header is "
                            "missing; download a new template", ws.title, f"row {max(key_row, 1)}")
        last_row = ws.max_row

        vendor_columns: dict[int, int] = {}        # column -> vendor id
        seen_vendors: dict[int, str] = {}
        for column in range(1, ws.max_column + 1):
            if column in columns.values():
                continue
            key, head = ws.cell(row=key_row, column=column), ws.cell(row=header_row, column=column)
            heading = "" if head.value is None else str(head.value).strip()
            if self._empty(key.value) and not heading:
                filled = next((ws.cell(row=r, column=column) for r in range(header_row + 1,
                                                                               last_row + 1)
                               if not self._empty(ws.cell(row=r, column=column).value)), None)
                if filled is not None:
                    raise self.fail("a value in a column without a vendor; vendor columns must "
                                    "come from the template", ws.title,
                                    f"cell {filled.coordinate}")
                continue
            if self._empty(key.value):
                raise self.fail("the vendor column has no vendor id in the hidden row above "
                                "the header; vendor columns must come from the template (add "
                                "vendors in the app and download a new template)", ws.title,
                                f"cell {key.coordinate}", heading or None)
            vendor_id = self.vendor_id(ws, key, heading)
            if vendor_id in seen_vendors:
                raise self.fail(f"vendor id {vendor_id} ({self.vendors[vendor_id]}) appears "
                                f"twice (also in {seen_vendors[vendor_id]})", ws.title,
                                f"cell {key.coordinate}")
            seen_vendors[vendor_id] = key.coordinate
            vendor_columns[column] = vendor_id

        scores: dict[tuple[int, str], float] = {}
        seen_criteria: dict[str, str] = {}
        for r in range(header_row + 1, last_row + 1):
            id_cell = ws.cell(row=r, column=id_column)
            if self._empty(id_cell.value):
                filled = next((ws.cell(row=r, column=c) for c in vendor_columns
                               if not self._empty(ws.cell(row=r, column=c).value)), None)
                if filled is not None:
                    raise self.fail(f"a score in a row without a criterion id (cell "
                                    f"{id_cell.coordinate} is empty); criterion rows must come "
                                    "from the template", ws.title, f"cell {filled.coordinate}")
                continue
            criterion = self.criterion_id(ws, id_cell)
            if criterion in seen_criteria:
                raise self.fail(f"criterion id {criterion!r} ({self.criteria[criterion]}) "
                                f"appears twice (also in {seen_criteria[criterion]})", ws.title,
                                f"cell {id_cell.coordinate}")
            seen_criteria[criterion] = id_cell.coordinate
            for column, vendor_id in vendor_columns.items():
                scores[vendor_id, criterion] = self.score(
                    ws, ws.cell(row=r, column=column), self.about(vendor_id, criterion))
        return scores

    def evidence(self, ws: Worksheet) -> dict[tuple[int, str], str]:
        header_row, columns = self.find_header(ws, (CRITERION_ID, VENDOR_ID, EVIDENCE))
        notes: dict[tuple[int, str], str] = {}
        rows: dict[tuple[int, str], int] = {}
        for r in range(header_row + 1, ws.max_row + 1):
            criterion_cell = ws.cell(row=r, column=columns[CRITERION_ID])
            vendor_cell = ws.cell(row=r, column=columns[VENDOR_ID])
            text_cell = ws.cell(row=r, column=columns[EVIDENCE])
            no_criterion, no_vendor = (self._empty(criterion_cell.value),
                                       self._empty(vendor_cell.value))
            if no_criterion and no_vendor:
                if not self._empty(text_cell.value):
                    raise self.fail("evidence in a row without ids; rows must come from the "
                                    "template", ws.title, f"cell {text_cell.coordinate}")
                continue
            if no_criterion or no_vendor:
                empty = criterion_cell if no_criterion else vendor_cell
                raise self.fail(f"the {'criterion' if no_criterion else 'vendor'} id is "
                                "missing; rows must come from the template", ws.title,
                                f"cell {empty.coordinate}")
            criterion = self.criterion_id(ws, criterion_cell)
            vendor_id = self.vendor_id(ws, vendor_cell, "")
            key = (vendor_id, criterion)
            if key in rows:
                raise self.fail(f"{self.about(vendor_id, criterion)} appears twice (also in "
                                f"row {rows[key]})", ws.title, f"row {r}")
            rows[key] = r
            notes[key] = self.evidence_text(ws, text_cell, self.about(vendor_id, criterion))
        return notes


def read_score_template(data: bytes, filename: str, vendors: Sequence[tuple[int, str]],
                        criteria: Sequence[tuple[str, str, str]]) -> pd.DataFrame:
    """The scores and evidence of an uploaded score template, checked whole.

    Args:
        data: the uploaded file's bytes.
        filename: the uploaded file's name, used in messages only (the content decides).
        vendors: the engagement's (vendor id, name); names are used in messages only.
        criteria: the engagement's (criterion id, category, name).

    Returns:
        One row per vendor x criterion on the Scores sheet with ``PARSED_COLUMNS``:
        ``vendor_id`` (int), ``criterion`` (id), ``score`` (float, NaN for an empty cell) and
        ``evidence`` (str, "" when none), in the engagement's criterion then vendor order.

    Raises:
        ImportRejected: the file is larger than ``MAX_BYTES``; is not an .xlsx (magic bytes,
            or openpyxl cannot open it); lacks the Scores or Evidence sheet or a header
            column; names a vendor or criterion id the engagement does not have; repeats a
            vendor, criterion or evidence row; holds a formula anywhere on those sheets; has a
            score that is not a number or lies outside 0-5; or evidence longer than
            ``EVIDENCE_MAX`` characters. Nothing is returned in part.
    """
    reader = _Reader(filename, vendors, criteria)
    workbook = reader.open(data)
    sheets = [reader.sheet(workbook, SCORES_SHEET), reader.sheet(workbook, EVIDENCE_SHEET)]
    for ws in sheets:
        reader.no_formulas(ws)
    scores = reader.scores(sheets[0])
    notes = reader.evidence(sheets[1])
    rows = [(vendor_id, criterion, scores[vendor_id, criterion],
             notes.get((vendor_id, criterion), ""))
            for criterion in reader.criterion_order for vendor_id in reader.vendor_order
            if (vendor_id, criterion) in scores]
    return _parsed_frame(rows)


def _parsed_frame(rows: list[tuple[int, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(PARSED_COLUMNS))
    return frame.astype({"vendor_id": "int64", "criterion": "str", "score": "float64",
                         "evidence": "str"})


# --- preview ---------------------------------------------------------------------------------

def _long(frame: pd.DataFrame, what: str) -> dict[tuple[int, str], tuple[float, str]]:
    absent = [c for c in PARSED_COLUMNS if c not in frame.columns]
    if absent:
        raise ValueError(f"{what} lacks the column(s) {', '.join(absent)}")
    cells: dict[tuple[int, str], tuple[float, str]] = {}
    for vendor_id, criterion, score, text in frame[list(PARSED_COLUMNS)].itertuples(index=False):
        key = (int(vendor_id), str(criterion))
        if key in cells:
            raise ValueError(f"{what} has two rows for vendor {key[0]} on {key[1]!r} (pass one "
                             "scorer's scores)")
        value = math.nan if score is None or score is pd.NA else float(score)
        cells[key] = (value, _plain_text(text))
    return cells


def _same_score(old: float, new: float) -> bool:
    return (math.isnan(old) and math.isnan(new)) or old == new


def preview_changes(parsed: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The cells an import would change, in ``parsed`` order.

    Args:
        parsed: :func:`read_score_template`'s result.
        current: the same scorer's scores now, with the columns ``vendor_id``, ``criterion``,
            ``score`` and ``evidence`` (others ignored); a cell it lacks is not scored and has
            no evidence.

    Returns:
        One row per cell whose score or evidence differs, with ``PREVIEW_COLUMNS``
        (``old_score``/``new_score`` NaN when not scored). Evidence that differs only in what a
        workbook cannot hold (carriage returns, control characters) counts as unchanged.

    Raises:
        ValueError: a frame lacks a column or has two rows for one cell.
    """
    new, old = _long(parsed, "parsed"), _long(current, "current")
    rows = []
    for key, (score, text) in new.items():
        old_score, old_text = old.get(key, (math.nan, ""))
        if not _same_score(old_score, score) or _cell_text(old_text) != _cell_text(text):
            rows.append((*key, old_score, score, old_text, text))
    frame = pd.DataFrame(rows, columns=list(PREVIEW_COLUMNS))
    return frame.astype({"vendor_id": "int64", "criterion": "str", "old_score": "float64",
                         "new_score": "float64", "old_evidence": "str", "new_evidence": "str"})
