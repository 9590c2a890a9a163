"""Question banks through Excel and uploads: a workbook a consultant edits, read back strictly.

:func:`bank_workbook` writes a bank as an .xlsx with one sheet per table of the bank format
(``banks/SCHEMA.md``): a "Read me" sheet first, then "Bank" (one row per header field), and
for a likert bank "Bands", "Dimensions", "Items" and "Recommendations" (then "Outcomes" and
"Gap recommendations", which may be empty and may be missing from a workbook made before
they existed), for a staged bank "Stages", "Competencies" and "Actions". Row 1 of each table
sheet is the header; its labels are the field names of the TOML format. Rows are linked by
ids (an item's ``dimension`` is a dimension id), never by position.

A bank's translations (see ``banks/SCHEMA.md``) are a ``languages`` row and rows such as
``title.de`` on the Bank sheet, and columns such as ``text.de`` after the English ones on the
table sheets. An empty translation cell reads as no translation (the English shows, and
:func:`assessments.translation.missing_translations` lists it); a workbook without these
rows and columns reads as a bank without translations.

:func:`bank_data_from_workbook` reads such a workbook back into the dict that
:func:`assessments.bank.parse_bank` accepts, the same structure ``tomllib`` gives for a bank
file. It checks what only the workbook knows (the file, sheets, columns, formulas, cell types,
rows that point to a dimension or competency that is not there) and raises :class:`BankError`
naming the file, sheet and cell, such as ``culture.xlsx: sheet 'Items', cell D7 (dimension
'open_sharing', item 'c03'): 'reverse' must be TRUE or FALSE, not 'yes'``.

The bank rules themselves (id format, ranges, bands covered, stages in order...) stay in
``parse_bank``; run it on the result, with the same file name. :func:`bank_data_from_upload`
accepts either an .xlsx or a .toml bank file and checks that the content is what the name says.
:func:`bank_to_toml` writes a bank dict as TOML text, e.g. to save an imported bank as a file.

Text is made inert the way :mod:`reports.score_template` does it: text a spreadsheet could run
as a formula is written with a leading apostrophe, and the reader removes exactly that one
apostrophe, so a workbook read back unchanged gives the bank it was made from. A workbook
cannot hold control characters: they are dropped, and carriage returns become newlines.
"""
from __future__ import annotations

import math
import re
import tomllib  # noqa: F401  (read through datafiles.parse_toml; tests patch it here)
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import PurePath
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessments.bank import PHASES, STAGE_COUNT, TRANSLATED, LikertBank, StagedBank
from assessments.languages import Translations, english_name
from assessments.errors import BankError
from datafiles import MAX_NESTING, parse_toml, show, too_deep, workbooks
from datafiles.cells import cell_text as _cell_text
from datafiles.cells import inert as _inert
from datafiles.cells import unquote as _unquote
from datafiles.text import NAME_MAX, PARAGRAPH_MAX, clean_name, too_long

MAX_BYTES = 5_000_000
# An .xlsx is a zip: its unpacked parts may not exceed this (a 5 MB "zip bomb" could unpack
# to gigabytes of XML).
MAX_UNPACKED_BYTES = workbooks.MAX_UNPACKED_BYTES
# A bank sheet spans a few hundred cells; a sheet this large is not one.
MAX_SHEET_CELLS = workbooks.MAX_SHEET_CELLS
# The most characters a spreadsheet cell holds (Excel's limit).
CELL_TEXT_MAX = 32_767
LABEL_SEPARATOR = " | "
# The kinds of cell that hold text, and how long each may be (as in a bank file: see
# assessments.bank); "labels" limits each answer label.
TEXT_LIMITS = {"id": NAME_MAX, "name": NAME_MAX, "text": PARAGRAPH_MAX, "labels": NAME_MAX}
TEXT_KINDS = tuple(TEXT_LIMITS)
ACCEPTED = "a bank file (.toml) or an Excel workbook (.xlsx)"

README_SHEET, BANK_SHEET = "Read me", "Bank"
FIELD, VALUE, ABOUT = "field", "value", "about"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6F8B")
TRANSLATION_FILL = PatternFill("solid", fgColor="5B7F3A")   # columns in another language
TITLE_FONT = Font(size=14, bold=True, color="1F3B4D")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TEXT_FORMAT = "@"
# Data validation reaches this far below the header, so rows a consultant adds get it too.
VALIDATION_ROWS = 1_000

_WHOLE_TEXT = re.compile(r"^[+-]?\d+(\.0*)?$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


# --- the sheets --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    """One column of a table sheet; ``name`` is the header label and the TOML field."""
    name: str
    kind: str               # "id" (stripped text), "name", "text", "int", "number", "flag"
    width: int
    required: bool = True


@dataclass(frozen=True)
class _Table:
    sheet: str
    columns: tuple[_Column, ...]
    about: str              # one line for the Read me sheet
    entry: str = ""         # the kind of entry a row is (assessments.bank.TRANSLATED)

    def column(self, name: str) -> _Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def translated(self) -> tuple[_Column, ...]:
        """The columns whose text a bank may give in other languages (``<column>.<code>``
        columns after the English ones: ``text.de``)."""
        fields = TRANSLATED.get(self.entry, {})
        return tuple(c for c in self.columns if c.name in fields or (
            "descriptors" in fields and c.name.startswith("stage_")))


BANDS = _Table("Bands", (_Column("id", "id", 16), _Column("label", "name", 28),
                         _Column("min", "number", 8)),
               "the score bands, low to high; 'min' is the lowest 0-100 score in the band and "
               "the first band starts at 0.", entry="band")
DIMENSIONS = _Table("Dimensions", (_Column("id", "id", 20), _Column("name", "name", 30),
                                   _Column("description", "text", 80, required=False),
                                   _Column("importance", "int", 12)),
                    "one row per dimension; 'importance' is a whole number from 1 to 5.",
                    entry="dimension")
ITEMS = _Table("Items", (_Column("dimension", "id", 20), _Column("id", "id", 10),
                         _Column("text", "text", 90), _Column("reverse", "flag", 10,
                                                              required=False)),
               "the statements, in questionnaire order; 'dimension' is a dimension id, "
               "'reverse' is TRUE when agreeing means less readiness, otherwise FALSE.",
               entry="item")
RECOMMENDATIONS = _Table("Recommendations", (_Column("dimension", "id", 20),
                                             _Column("band", "id", 14),
                                             _Column("phase", "id", 12),
                                             _Column("title", "name", 40),
                                             _Column("detail", "text", 90)),
                         "advice per dimension and band (a band id); 'phase' is "
                         f"{', '.join(PHASES)}. Every dimension needs one for each band.",
                         entry="recommendation")
STAGES = _Table("Stages", (_Column("level", "int", 8), _Column("id", "id", 16),
                           _Column("name", "name", 24),
                           _Column("summary", "text", 90, required=False)),
                f"exactly {STAGE_COUNT} stages, levels 1 to {STAGE_COUNT} in order.",
                entry="stage")
COMPETENCIES = _Table("Competencies", (_Column("id", "id", 20), _Column("name", "name", 24),
                                       _Column("description", "text", 60, required=False),
                                       _Column("importance", "int", 12),
                                       *(_Column(f"stage_{n}", "text", 60)
                                         for n in range(1, STAGE_COUNT + 1))),
                      "one row per competency; 'importance' is 1 to 5 and stage_1 to "
                      f"stage_{STAGE_COUNT} describe the competency at each stage.",
                      entry="competency")
ACTIONS = _Table("Actions", (_Column("competency", "id", 20), _Column("from_stage", "int", 12),
                             _Column("phase", "id", 12), _Column("title", "name", 40),
                             _Column("detail", "text", 90)),
                 "the actions that move a competency on from 'from_stage' (1 to 3; 4 sustains "
                 "the last stage); every competency needs one for each of stages 1, 2 and 3.",
                 entry="action")
OUTCOMES = _Table("Outcomes", (_Column("id", "id", 10), _Column("text", "text", 90)),
                  "statements a pulse asks after the dimensions, of what they should lead to "
                  "(e.g. using the platform to ask for help); part of no dimension and no "
                  "score. The pulse shows which dimensions go with each. May be empty.",
                  entry="outcome")
GAP_RECOMMENDATIONS = _Table(
    "Gap recommendations", (_Column("dimension", "id", 20), _Column("min_gap", "number", 10),
                            _Column("phase", "id", 12), _Column("title", "name", 40),
                            _Column("detail", "text", 90)),
    "advice for when leaders see a dimension at least 'min_gap' points (1 to 100, on the "
    "0-100 score) more favourably than employees do in a pulse. May be empty.",
    entry="gap_recommendation")
LIKERT_TABLES = (BANDS, DIMENSIONS, ITEMS, RECOMMENDATIONS, OUTCOMES, GAP_RECOMMENDATIONS)
# Sheets a workbook made before they existed does not have: read as empty.
OPTIONAL_TABLES = (OUTCOMES, GAP_RECOMMENDATIONS)
STAGED_TABLES = (STAGES, COMPETENCIES, ACTIONS)
TABLES = {"likert": LIKERT_TABLES, "staged": STAGED_TABLES}

# The rows of the Bank sheet: field -> (kind, required, explanation).
_COMMON_FIELDS = {
    "id": ("id", True, "The bank's id: lowercase letters, digits and underscores."),
    "kind": ("id", True, "likert (agreement statements) or staged (stage descriptions). "
                         "Do not change it."),
    "version": ("name", True, "Raise it when the content changes."),
    "title": ("name", True, "Shown as the questionnaire's title."),
    "description": ("text", False, "Shown above the questionnaire."),
    "source": ("text", True, "Where the content comes from."),
    "languages": ("labels", False, "Other languages than English the bank's text is given "
                                   f"in, as codes separated by '{LABEL_SEPARATOR.strip()}' "
                                   "(de | fr). Each has its own rows here (title.de...) and "
                                   "columns on the other sheets (text.de...); an empty one "
                                   "shows the English text and is reported on import."),
}
_LIKERT_FIELDS = {
    "target": ("number", True, "The 0-100 score a dimension should reach before roll-out."),
    "labels": ("labels", True, f"The answer scale, low to high, separated by "
                               f"'{LABEL_SEPARATOR.strip()}' (3 to 11 labels)."),
    "dont_know": ("name", True, "The label of the don't-know answer."),
}
BANK_FIELDS = {"likert": {**_COMMON_FIELDS, **_LIKERT_FIELDS}, "staged": dict(_COMMON_FIELDS)}


# --- text ------------------------------------------------------------------------------------

def _plain_number(value: float) -> int | float:
    """A whole number as an int (TOML writes ``min = 50``, not ``50.0``)."""
    return int(value) if float(value).is_integer() else float(value)


# --- writing the workbook --------------------------------------------------------------------

def _table_rows(bank: LikertBank | StagedBank
                ) -> list[tuple[_Table, list[tuple], list[Translations]]]:
    """Each table sheet's rows, with the translations of the entry each row is."""
    if isinstance(bank, LikertBank):
        recommendations = [(d, r) for d in bank.dimensions for r in d.recommendations]
        gaps = [(d, g) for d in bank.dimensions for g in d.gap_recommendations]
        items = [(d, i) for d in bank.dimensions for i in d.items]
        return [
            (BANDS, [(b.id, b.label, _plain_number(b.min)) for b in bank.bands],
             [b.translations for b in bank.bands]),
            (DIMENSIONS, [(d.id, d.name, d.description, d.importance) for d in bank.dimensions],
             [d.translations for d in bank.dimensions]),
            (ITEMS, [(d.id, i.id, i.text, i.reverse) for d, i in items],
             [i.translations for _, i in items]),
            (RECOMMENDATIONS, [(d.id, r.band, r.phase, r.title, r.detail)
                               for d, r in recommendations],
             [r.translations for _, r in recommendations]),
            (OUTCOMES, [(o.id, o.text) for o in bank.outcomes],
             [o.translations for o in bank.outcomes]),
            (GAP_RECOMMENDATIONS, [(d.id, _plain_number(g.min_gap), g.phase, g.title, g.detail)
                                   for d, g in gaps], [g.translations for _, g in gaps]),
        ]
    actions = [(c, a) for c in bank.competencies for a in c.actions]
    return [
        (STAGES, [(s.level, s.id, s.name, s.summary) for s in bank.stages],
         [s.translations for s in bank.stages]),
        (COMPETENCIES, [(c.id, c.name, c.description, c.importance, *c.descriptors)
                        for c in bank.competencies],
         [c.translations for c in bank.competencies]),
        (ACTIONS, [(c.id, a.from_stage, a.phase, a.title, a.detail) for c, a in actions],
         [a.translations for _, a in actions]),
    ]


def _translation(texts: Translations, language: str, column: str) -> str | None:
    """The text of one translation column (``stage_2`` is the second stage descriptor)."""
    if column.startswith("stage_"):
        descriptors = texts.get(language, "descriptors")
        return descriptors[int(column.removeprefix("stage_")) - 1] if descriptors else None
    return texts.get(language, column)


def _bank_values(bank: LikertBank | StagedBank) -> dict[str, Any]:
    values: dict[str, Any] = {"id": bank.id, "kind": bank.kind, "version": bank.version,
                              "title": bank.title, "description": bank.description,
                              "source": bank.source}
    if isinstance(bank, LikertBank):
        for label in (*bank.labels, *(label for language in bank.languages
                                       for label in bank.translations.get(language, "labels", ()))):
            if LABEL_SEPARATOR.strip() in label:
                raise BankError(f"bank '{bank.id}': the answer label {label!r} contains "
                                f"'{LABEL_SEPARATOR.strip()}', which the workbook uses to "
                                "separate labels")
        values.update(target=_plain_number(bank.target),
                      labels=LABEL_SEPARATOR.join(bank.labels), dont_know=bank.dont_know)
    values["languages"] = LABEL_SEPARATOR.join(bank.languages)
    for language in bank.languages:
        for field in _translated_fields(bank.kind):
            text = bank.translations.get(language, field)
            values[f"{field}.{language}"] = (LABEL_SEPARATOR.join(text) if isinstance(
                text, tuple) else text)
    return values


def _bank_field(kind: str, name: str) -> tuple[str, bool, str] | None:
    """(kind, required, explanation) of a row of the Bank sheet: a field, or a field in
    another language (``title.de``); None for a row that is neither."""
    if name in BANK_FIELDS[kind]:
        return BANK_FIELDS[kind][name]
    field, _, language = name.partition(".")
    if field in _translated_fields(kind) and language:
        return (BANK_FIELDS[kind][field][0], False,
                f"The {field} in {english_name(language)}; empty shows the English one.")
    return None


def _translated_fields(kind: str) -> tuple[str, ...]:
    """The Bank sheet's fields a bank may give in other languages (``title.de`` rows)."""
    return tuple(field for field in (*TRANSLATED["bank"], *TRANSLATED["scale"])
                 if field in BANK_FIELDS[kind])


def _put(ws: Worksheet, row: int, column: int, value: Any, kind: str, where: str) -> None:
    """Write one value; text is made inert and kept as text (Excel would read 1.0 as a number)."""
    cell = ws.cell(row=row, column=column)
    if kind in TEXT_KINDS:
        text = _inert(str(value)) if value is not None else ""
        if len(text) > CELL_TEXT_MAX:
            raise BankError(f"{where}: the text is {len(text):,} characters long; a spreadsheet "
                            f"cell holds at most {CELL_TEXT_MAX:,}")
        cell.value = text or None
        cell.number_format = TEXT_FORMAT
        cell.alignment = WRAP if kind != "id" else TOP
    elif kind == "flag":
        cell.value = bool(value)
        cell.alignment = Alignment(horizontal="center", vertical="top")
    else:
        cell.value = value
        cell.alignment = Alignment(horizontal="center", vertical="top")


def _header(ws: Worksheet, labels: list[str], widths: list[int]) -> None:
    for column, (label, width) in enumerate(zip(labels, widths), start=1):
        cell = ws.cell(row=1, column=column, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _fit_rows(ws: Worksheet, first_row: int = 2) -> None:
    """Row heights for wrapped text (spreadsheets do not grow rows written by a program)."""
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[cell.column_letter].width or 10
                per_line = max(10, int(width * 1.1) - 2)
                lines = max(lines, sum(max(1, math.ceil(len(part) / per_line))
                                       for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * min(lines, 20)


def _validations(ws: Worksheet, table: _Table) -> None:
    """Drop-downs and whole-number checks a consultant sees while typing (the reader and
    ``parse_bank`` check the same again)."""
    last = VALIDATION_ROWS + 1
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if column.name == "phase":
            rule = DataValidation(type="list", formula1=f'"{",".join(PHASES)}"',
                                  allow_blank=True, showErrorMessage=True, errorTitle="Phase",
                                  error=f"The phase is one of {', '.join(PHASES)}.")
        elif column.name in ("importance", "level", "from_stage"):
            high = 5 if column.name == "importance" else STAGE_COUNT
            rule = DataValidation(type="whole", operator="between", formula1="1",
                                  formula2=str(high), allow_blank=True, showErrorMessage=True,
                                  errorTitle=column.name,
                                  error=f"Type a whole number from 1 to {high}.")
        else:
            continue
        rule.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(rule)


def _table_sheet(ws: Worksheet, table: _Table, rows: list[tuple], texts: list[Translations],
                 bank: LikertBank | StagedBank) -> None:
    extra = [(language, column) for language in bank.languages for column in table.translated]
    _header(ws, [c.name for c in table.columns] + [f"{c.name}.{lang}" for lang, c in extra],
            [c.width for c in table.columns] + [c.width for _, c in extra])
    for offset, (language, column) in enumerate(extra, start=len(table.columns) + 1):
        ws.cell(row=1, column=offset).fill = TRANSLATION_FILL
        ws.cell(row=1, column=offset).comment = Comment(
            f"{column.name} in {english_name(language)}: empty shows the English text "
            "(reported on import).", "SocialReady")
    if table is COMPETENCIES:
        for n, stage in enumerate(bank.stages, start=1):
            column = 4 + n
            ws.cell(row=1, column=column).comment = Comment(f"Stage {n}: {_cell_text(stage.name)}",
                                                            "SocialReady")
    for r, (values, translations) in enumerate(zip(rows, texts), start=2):
        for c, (column, value) in enumerate(zip(table.columns, values), start=1):
            _put(ws, r, c, value, column.kind,
                 f"bank '{bank.id}', sheet '{table.sheet}', row {r}, {column.name}")
        for c, (language, column) in enumerate(extra, start=len(table.columns) + 1):
            _put(ws, r, c, _translation(translations, language, column.name), column.kind,
                 f"bank '{bank.id}', sheet '{table.sheet}', row {r}, {column.name}.{language}")
    if rows:
        ws.auto_filter.ref = (f"A1:{get_column_letter(len(table.columns) + len(extra))}"
                              f"{len(rows) + 1}")
    _validations(ws, table)
    _fit_rows(ws)


def _bank_sheet(ws: Worksheet, bank: LikertBank | StagedBank) -> None:
    _header(ws, [FIELD, VALUE, ABOUT], [14, 90, 50])
    for r, (name, value) in enumerate(_bank_values(bank).items(), start=2):
        kind, required, explanation = _bank_field(bank.kind, name)
        ws.cell(row=r, column=1, value=name).alignment = TOP
        _put(ws, r, 2, value, kind, f"bank '{bank.id}', sheet '{BANK_SHEET}', {name}")
        note = ws.cell(row=r, column=3, value=explanation + ("" if required else " Optional."))
        note.alignment = WRAP
        note.font = Font(italic=True, color="555555")
    _fit_rows(ws)


def _readme_sheet(ws: Worksheet, bank: LikertBank | StagedBank, tables: tuple[_Table, ...]
                  ) -> None:
    ws.column_dimensions["A"].width = 110
    ws["A1"] = _inert(f"Question bank: {bank.title}")
    ws["A1"].font = TITLE_FONT
    lines = [
        f"This workbook holds the {bank.kind} question bank '{bank.id}' (version "
        f"{_cell_text(bank.version)}) of SocialReady. Edit it here, then upload it in the app; "
        "the whole bank is checked and nothing changes unless every sheet is valid.",
        "",
        "The sheets:",
        f"• {BANK_SHEET}: one row per field of the bank (id, kind, title...); the 'about' column "
        "says what each field is for.",
        *(f"• {table.sheet}: {table.about}" for table in tables),
        "",
        "Rules:",
        "• Ids (the id column, and the columns that point to another sheet: "
        + ("dimension and band" if isinstance(bank, LikertBank) else "competency")
        + ") are lowercase letters, digits and underscores, starting with a letter. They link "
        "the rows of one sheet to another: keep them lowercase, and when you change an id, "
        "change it on every sheet.",
        "• Row 1 of each sheet is the header: keep its labels. Empty rows are skipped; add rows "
        "below the others in the order they should appear.",
        "• Type values, not formulas: a workbook with a formula anywhere is rejected.",
        "• TRUE and FALSE are typed as such (reverse column).",
        f"• Other languages: the {BANK_SHEET} sheet's 'languages' row lists them as codes (de "
        "| fr); each has its own rows there (title.de...) and its own columns after the "
        "English ones on the other sheets (text.de...). Ids, numbers and flags are never "
        "translated. An empty translation shows the English text and is reported on import; "
        "to add a language, add its code and its columns.",
        "• Text that starts with =, +, -, @ or | is written with a leading apostrophe so that "
        "no spreadsheet runs it; that one apostrophe is removed when the bank is read back.",
    ]
    for r, line in enumerate(lines, start=2):
        cell = ws.cell(row=r, column=1, value=_inert(line) if line else None)
        cell.alignment = WRAP
        if line.endswith(":") and not line.startswith("•"):
            cell.font = Font(bold=True)
    _fit_rows(ws)


def bank_workbook(bank: LikertBank | StagedBank) -> bytes:
    """The bank as an .xlsx a consultant can edit and upload again (see the module docstring).

    Raises:
        BankError: an answer label contains the label separator, or a text is longer than a
            spreadsheet cell holds.
    """
    if not isinstance(bank, (LikertBank, StagedBank)):
        raise BankError(f"expected a LikertBank or StagedBank, not {type(bank).__name__}")
    tables = TABLES[bank.kind]
    workbook = Workbook()
    readme = workbook.active
    readme.title = README_SHEET
    _readme_sheet(readme, bank, tables)
    _bank_sheet(workbook.create_sheet(BANK_SHEET), bank)
    for table, rows, texts in _table_rows(bank):
        _table_sheet(workbook.create_sheet(table.sheet), table, rows, texts, bank)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading a workbook ----------------------------------------------------------------------

def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: int | float) -> str:
    return str(_plain_number(value)) if math.isfinite(value) else str(value)


class _Reader:
    """Reads one workbook; every failure is ``BankError("<file>: sheet '<s>', <cell>: ...")``."""

    def __init__(self, filename: str):
        self.filename = filename or "the upload"
        self.languages: tuple[str, ...] = ()     # from the Bank sheet's 'languages' row

    def fail(self, message: str, sheet: str | None = None, cell: str | None = None,
             about: str | None = None) -> BankError:
        where = [self.filename]
        if sheet is not None:
            where.append(f"sheet '{sheet}'" + (f", {cell}" if cell else "")
                         + (f" ({about})" if about else ""))
        return BankError(": ".join([*where, message]))

    # The container ---------------------------------------------------------------------------

    def open(self, data: bytes) -> Workbook:
        return workbooks.open_upload(
            _checked_bytes(data, self.filename), self.fail, "a bank workbook",
            "upload a bank workbook downloaded from the app, or a .toml bank file")

    def check_sheets(self, workbook: Workbook) -> None:
        """Every sheet is of a sensible size and holds no formula: nothing is ever evaluated."""
        for ws in workbook.worksheets:
            cells = workbooks.too_large(ws)
            if cells:
                raise self.fail(f"the sheet spans {ws.dimensions} ({cells:,} cells); a bank "
                                "sheet is far smaller", ws.title)
            found = workbooks.formula_in(ws)
            if found:
                raise self.fail(f"the cell holds a formula ({found[1]}); formulas are "
                                "not accepted, type the value instead", ws.title,
                                f"cell {found[0]}")

    def sheet(self, workbook: Workbook, name: str, kind: str) -> Worksheet:
        found = [s for s in workbook.sheetnames if s == name] or [
            s for s in workbook.sheetnames if s.strip().casefold() == name.casefold()]
        if not found:
            needed = ", ".join([BANK_SHEET, *(t.sheet for t in TABLES.get(kind, ())
                                              if t not in OPTIONAL_TABLES)])
            raise self.fail(f"there is no sheet '{name}' (the workbook has "
                            f"{', '.join(repr(s) for s in workbook.sheetnames)}); a {kind} bank "
                            f"workbook has the sheets {needed}")
        ws = workbook[found[0]]
        if not isinstance(ws, Worksheet):
            raise self.fail(f"'{name}' is a chart, not a sheet of cells")
        return ws

    def optional_sheet(self, workbook: Workbook, name: str) -> Worksheet | None:
        """A sheet that workbooks made before it existed do not have (None then); an empty
        one reads as no rows."""
        if not any(s.strip().casefold() == name.casefold() for s in workbook.sheetnames):
            return None
        ws = self.sheet(workbook, name, "likert")
        return ws if any(not _is_empty(c.value) for row in ws.iter_rows() for c in row) else None

    def header(self, ws: Worksheet, labels: list[str]) -> tuple[int, dict[str, int]]:
        """The header row (the first row with anything in it) and each label's column."""
        for row in ws.iter_rows():
            if all(_is_empty(c.value) for c in row):
                continue
            found: dict[str, int] = {}
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                label = cell.value.strip().casefold()
                if label in labels:
                    if label in found:
                        raise self.fail(f"the header has two '{label}' columns (also "
                                        f"{get_column_letter(found[label])}{cell.row})",
                                        ws.title, f"cell {cell.coordinate}")
                    found[label] = cell.column
            absent = [label for label in labels if label not in found]
            if absent:
                raise self.fail(f"the header lacks the column(s) "
                                f"{', '.join(repr(a) for a in absent)}; the sheet needs the "
                                f"columns {', '.join(labels)}", ws.title, f"row {row[0].row}")
            return row[0].row, found
        raise self.fail(f"the sheet is empty; it needs a header row with the columns "
                        f"{', '.join(labels)}", ws.title)

    def rows(self, ws: Worksheet, labels: list[str], table: _Table | None = None
             ) -> list[dict[str, Any]]:
        """The non-empty rows under the header, as label -> cell; with ``table``, its
        columns in other languages (``text.de``) too."""
        header_row, columns = self.header(ws, labels)
        if table is not None:
            columns |= self.translation_columns(ws, header_row, table)
        rows = []
        for row in ws.iter_rows(min_row=header_row + 1):
            cells = {label: row[column - 1] for label, column in columns.items()}
            if not all(_is_empty(c.value) for c in cells.values()):
                rows.append(cells)
        return rows

    def translation_columns(self, ws: Worksheet, header_row: int, table: _Table
                            ) -> dict[str, int]:
        """The header's ``<column>.<code>`` labels of the table's translated columns, each
        in a language the Bank sheet lists."""
        bases = {c.name for c in table.translated}
        found: dict[str, int] = {}
        for cell in next(ws.iter_rows(min_row=header_row, max_row=header_row)):
            if not isinstance(cell.value, str):
                continue
            label = cell.value.strip().casefold()
            base, dot, language = label.partition(".")
            if not dot or base not in bases:
                continue
            if language not in self.languages:
                listed = ", ".join(self.languages) or "none"
                raise self.fail(f"the column {show(label)} holds a translation into "
                                f"{show(language)}, which the {BANK_SHEET} sheet's 'languages' "
                                f"row does not list (it lists {listed}); add it there",
                                ws.title, f"cell {cell.coordinate}")
            if label in found:
                raise self.fail(f"the header has two {show(label)} columns (also "
                                f"{get_column_letter(found[label])}{cell.row})",
                                ws.title, f"cell {cell.coordinate}")
            found[label] = cell.column
        return found

    def translations(self, ws: Worksheet, row: dict[str, Any], table: _Table, about: str
                     ) -> dict[str, Any]:
        """``{"translations": {code: {field: text}}}`` of a row's filled translation cells
        (nothing when none is filled: an empty cell shows the English text). Stage
        descriptors translate as a whole: all four cells of a language, or none."""
        found: dict[str, dict[str, Any]] = {}
        for language in self.languages:
            texts: dict[str, Any] = {}
            for column in table.translated:
                label = f"{column.name}.{language}"
                if label in row:
                    value = self.value(ws, row[label], label, column.kind, False, about)
                    if value is not None:
                        texts[column.name] = value
            stages = [texts.pop(f"stage_{n}") for n in range(1, STAGE_COUNT + 1)
                      if f"stage_{n}" in texts]
            if len(stages) == STAGE_COUNT:
                texts["descriptors"] = stages
            if texts:
                found[language] = texts
        return {"translations": found} if found else {}

    # The cells -------------------------------------------------------------------------------

    def value(self, ws: Worksheet, cell: Any, name: str, kind: str, required: bool,
              about: str | None = None) -> Any:
        """The cell's value as the TOML field holds it; None for an empty optional cell."""
        value = cell.value
        fail = (lambda message: self.fail(message, ws.title, f"cell {cell.coordinate}", about))
        if cell.data_type == "e":
            raise fail(f"the cell holds the error value {value}; type the {name} instead")
        if _is_empty(value):
            if required:
                raise fail(f"'{name}' is empty; fill it in, or clear the whole row")
            return None
        if isinstance(value, (datetime, date, time, timedelta)):
            raise fail(f"'{name}' holds a date or time ({value}); "
                       + ("type the text (format the cell as Text first)"
                          if kind in TEXT_KINDS else "type a number"))
        if kind in TEXT_KINDS:
            if isinstance(value, bool):
                raise fail(f"'{name}' must be text, not the true/false value "
                           f"{str(value).upper()}")
            text = _number_text(value) if isinstance(value, (int, float)) else _unquote(str(value))
            parts = ([part.strip() for part in text.split(LABEL_SEPARATOR.strip())]
                     if kind == "labels" else [text])
            for number, part in enumerate(parts, start=1):
                problem = too_long(clean_name(part) if kind != "text" else part.strip(),
                                   TEXT_LIMITS[kind])
                if problem:
                    raise fail(f"'{name}'" + (f", label {number}," if kind == "labels" else "")
                               + f" {problem}")
            if kind == "labels":
                return parts
            return text.strip() if kind == "id" else text
        shown = repr(value)[:60]
        if kind == "flag":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
                return value.strip().casefold() == "true"
            raise fail(f"'{name}' must be TRUE or FALSE, not {shown}")
        if isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            value = float(value.strip())
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
                value):
            raise fail(f"'{name}' must be a {'whole ' if kind == 'int' else ''}number, "
                       f"not {shown}")
        if kind == "int":
            if not float(value).is_integer():
                raise fail(f"'{name}' must be a whole number, not {value:g}")
            return int(value)
        return _plain_number(value)

    def column(self, ws: Worksheet, row: dict[str, Any], column: _Column,
               about: str | None = None) -> Any:
        return self.value(ws, row[column.name], column.name, column.kind, column.required, about)

    def fields(self, ws: Worksheet, row: dict[str, Any], table: _Table, names: list[str],
               about: str) -> dict[str, Any]:
        """The named columns of a row as TOML fields; empty optional cells are left out."""
        fields = {}
        for name in names:
            value = self.column(ws, row, table.column(name), about)
            if value is not None:
                fields[name] = value
        return fields

    def owner(self, ws: Worksheet, row: dict[str, Any], name: str, owners: dict[str, dict],
              owner_sheet: str) -> dict:
        """The dimension or competency a row belongs to, by the id in its ``name`` column."""
        cell = row[name]
        key = self.value(ws, cell, name, "id", True)
        if key not in owners:
            near = [k for k in owners if k.casefold() == key.casefold()]
            known = ", ".join(k if len(k) <= 40 else k[:39] + "…" for k in list(owners)[:20])
            hint = (f" (ids are lowercase and must match exactly: did you mean {show(near[0])}?)"
                    if near else f"; the {name}s are {known or 'none'}"
                    + (", ..." if len(owners) > 20 else ""))
            raise self.fail(f"{name} {show(key)} is not on the {owner_sheet} sheet{hint}", ws.title,
                            f"cell {cell.coordinate}")
        return owners[key]

    def keyed(self, ws: Worksheet, rows: list[dict[str, Any]], table: _Table, what: str,
              names: list[str], children: tuple[str, ...]) -> dict[str, dict]:
        """Dimensions or competencies by id, each with empty lists for its child tables."""
        found: dict[str, dict] = {}
        cells: dict[str, str] = {}
        for row in rows:
            key = self.column(ws, row, table.column("id"))
            if key in found:
                raise self.fail(f"{what} id {show(key)} appears twice (also in "
                                f"{cells[key]})", ws.title, f"cell {row['id'].coordinate}")
            cells[key] = row["id"].coordinate
            about = f"{what} {show(key)}"
            found[key] = {"id": key, **self.fields(ws, row, table, names, about),
                          **{child: [] for child in children},
                          **self.translations(ws, row, table, about)}
        return found

    # The sheets ------------------------------------------------------------------------------

    def bank_sheet(self, workbook: Workbook) -> tuple[str, dict[str, Any]]:
        """The kind and the Bank sheet's fields."""
        ws = self.sheet(workbook, BANK_SHEET, "likert or staged")
        rows = self.rows(ws, [FIELD, VALUE])
        kind_row = next((row for row in rows if isinstance(row[FIELD].value, str)
                         and row[FIELD].value.strip().casefold() == "kind"), None)
        if kind_row is None:
            raise self.fail("there is no row for the field 'kind' (likert or staged)", ws.title)
        kind = self.value(ws, kind_row[VALUE], "kind", "id", True)
        if kind not in BANK_FIELDS:
            raise self.fail(f"'kind' must be likert or staged, not {show(kind)}", ws.title,
                            f"cell {kind_row[VALUE].coordinate}")
        known = BANK_FIELDS[kind]
        values: dict[str, Any] = {}
        seen: dict[str, str] = {}
        translated: dict[str, str] = {}       # language -> a cell of a row in it
        for row in rows:
            key_cell = row[FIELD]
            key = str(key_cell.value).strip().casefold() if not _is_empty(key_cell.value) else ""
            if not key:
                raise self.fail("a value without a field name; the field column names what "
                                "each value is", ws.title, f"cell {key_cell.coordinate}")
            if _bank_field(kind, key) is None:
                other = " (it belongs to likert banks)" if key in _LIKERT_FIELDS else ""
                raise self.fail(f"{show(key)} is not a field of a {kind} bank{other}; the fields "
                                f"are {', '.join(known)}", ws.title,
                                f"cell {key_cell.coordinate}")
            if key in seen:
                raise self.fail(f"the field {show(key)} appears twice (also in {seen[key]})",
                                ws.title, f"cell {key_cell.coordinate}")
            seen[key] = key_cell.coordinate
            field_kind, required, _ = _bank_field(kind, key)
            value = self.value(ws, row[VALUE], key, field_kind, required)
            if value is None:
                continue
            field, dot, language = key.partition(".")
            if dot:
                values.setdefault("translations", {}).setdefault(language, {})[field] = value
                translated[language] = key_cell.coordinate
            else:
                values[key] = value
        self.languages = tuple(code.strip().casefold() for code in values.get("languages", []))
        for language, coordinate in translated.items():
            if language not in self.languages:
                listed = ", ".join(self.languages) or "none"
                raise self.fail(f"a row in {show(language)}, which the 'languages' row does "
                                f"not list (it lists {listed}); add it there", ws.title,
                                f"cell {coordinate}")
        missing = [k for k, (_, required, _) in known.items() if required and k not in seen]
        if missing:
            raise self.fail(f"there is no row for the field(s) {', '.join(missing)}", ws.title)
        return kind, values

    def entry(self, ws: Worksheet, row: dict[str, Any], table: _Table, names: list[str],
              about: str) -> dict[str, Any]:
        """A row's fields and its translations (:meth:`fields`, :meth:`translations`)."""
        return {**self.fields(ws, row, table, names, about),
                **self.translations(ws, row, table, about)}

    def table_rows(self, ws: Worksheet, table: _Table) -> list[dict[str, Any]]:
        return self.rows(ws, [c.name for c in table.columns], table)

    def likert(self, workbook: Workbook, header: dict[str, Any]) -> dict[str, Any]:
        ws = self.sheet(workbook, BANDS.sheet, "likert")
        bands = [self.entry(ws, row, BANDS, ["id", "label", "min"], f"band {n}")
                 for n, row in enumerate(self.table_rows(ws, BANDS), start=1)]

        ws = self.sheet(workbook, DIMENSIONS.sheet, "likert")
        dimensions = self.keyed(ws, self.table_rows(ws, DIMENSIONS),
                                DIMENSIONS, "dimension", ["name", "description", "importance"],
                                ("items", "recommendations"))

        ws = self.sheet(workbook, ITEMS.sheet, "likert")
        for row in self.table_rows(ws, ITEMS):
            dimension = self.owner(ws, row, "dimension", dimensions, DIMENSIONS.sheet)
            item_id = self.column(ws, row, ITEMS.column("id"))
            dimension["items"].append({"id": item_id, **self.entry(
                ws, row, ITEMS, ["text", "reverse"],
                f"dimension {show(dimension['id'])}, item {show(item_id)}")})

        ws = self.sheet(workbook, RECOMMENDATIONS.sheet, "likert")
        for row in self.table_rows(ws, RECOMMENDATIONS):
            dimension = self.owner(ws, row, "dimension", dimensions, DIMENSIONS.sheet)
            number = len(dimension["recommendations"]) + 1
            dimension["recommendations"].append(self.entry(
                ws, row, RECOMMENDATIONS, ["band", "phase", "title", "detail"],
                f"dimension {show(dimension['id'])}, recommendation {number}"))

        outcomes = []
        ws = self.optional_sheet(workbook, OUTCOMES.sheet)
        for row in self.table_rows(ws, OUTCOMES) if ws else []:
            outcome_id = self.column(ws, row, OUTCOMES.column("id"))
            outcomes.append({"id": outcome_id, **self.entry(ws, row, OUTCOMES, ["text"],
                                                            f"outcome {show(outcome_id)}")})
        ws = self.optional_sheet(workbook, GAP_RECOMMENDATIONS.sheet)
        for row in self.table_rows(ws, GAP_RECOMMENDATIONS) if ws else []:
            dimension = self.owner(ws, row, "dimension", dimensions, DIMENSIONS.sheet)
            gaps = dimension.setdefault("gap_recommendations", [])
            gaps.append(self.entry(ws, row, GAP_RECOMMENDATIONS,
                                   ["min_gap", "phase", "title", "detail"],
                                   f"dimension {show(dimension['id'])}, gap recommendation "
                                   f"{len(gaps) + 1}"))

        scale = {k: header.pop(k) for k in ("labels", "dont_know") if k in header}
        # The Bank sheet holds the scale's translations (labels.de) beside the title's.
        scale_texts = {}
        for language, texts in header.get("translations", {}).items():
            moved = {k: texts.pop(k) for k in ("labels", "dont_know") if k in texts}
            if moved:
                scale_texts[language] = moved
        if scale_texts:
            scale["translations"] = scale_texts
        if "translations" in header:
            header["translations"] = {k: v for k, v in header["translations"].items() if v}
            if not header["translations"]:
                del header["translations"]
        scoring = {k: header.pop(k) for k in ("target",) if k in header}
        data = {"bank": header, "scale": scale, "scoring": scoring, "bands": bands,
                "dimensions": list(dimensions.values())}
        if outcomes:
            data["outcomes"] = outcomes
        return data

    def staged(self, workbook: Workbook, header: dict[str, Any]) -> dict[str, Any]:
        ws = self.sheet(workbook, STAGES.sheet, "staged")
        stages = [self.entry(ws, row, STAGES, ["level", "id", "name", "summary"], f"stage {n}")
                  for n, row in enumerate(self.table_rows(ws, STAGES), start=1)]

        ws = self.sheet(workbook, COMPETENCIES.sheet, "staged")
        stage_columns = [f"stage_{n}" for n in range(1, STAGE_COUNT + 1)]
        competencies = self.keyed(ws, self.table_rows(ws, COMPETENCIES),
                                  COMPETENCIES, "competency",
                                  ["name", "description", "importance", *stage_columns],
                                  ("actions",))
        for competency in competencies.values():
            actions = competency.pop("actions")
            texts = competency.pop("translations", None)
            competency["descriptors"] = [competency.pop(name) for name in stage_columns]
            competency["actions"] = actions
            if texts:
                competency["translations"] = texts

        ws = self.sheet(workbook, ACTIONS.sheet, "staged")
        for row in self.table_rows(ws, ACTIONS):
            competency = self.owner(ws, row, "competency", competencies, COMPETENCIES.sheet)
            number = len(competency["actions"]) + 1
            competency["actions"].append(self.entry(
                ws, row, ACTIONS, ["from_stage", "phase", "title", "detail"],
                f"competency {show(competency['id'])}, action {number}"))
        return {"bank": header, "stages": stages, "competencies": list(competencies.values())}


def _checked_bytes(data: bytes, filename: str) -> bytes:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise BankError(f"{filename or 'the upload'}: expected the file's bytes, not "
                        f"{type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise BankError(f"{filename or 'the upload'}: the file is {len(data) / 1e6:.1f} MB; a "
                        f"question bank may be at most {MAX_BYTES / 1e6:g} MB")
    return data


def bank_data_from_workbook(data: bytes, filename: str) -> dict:
    """The bank in an uploaded workbook, as the dict ``parse_bank`` accepts.

    Args:
        data: the uploaded file's bytes.
        filename: the file's name, used in messages only (the content decides).

    Returns:
        The structure ``tomllib`` gives for a bank file; run
        ``parse_bank(result, filename)`` on it for the bank rules.

    Raises:
        BankError: the file is larger than ``MAX_BYTES``; is not an .xlsx (magic bytes, or
            openpyxl cannot open it); lacks a sheet or a header column; holds a formula
            anywhere; has a cell of the wrong type (a whole number, TRUE/FALSE, text) or an
            empty required cell; repeats a field, dimension or competency; or has a row that
            names a dimension or competency that is not on its sheet. Each message names the
            file, the sheet and the cell.
    """
    reader = _Reader(filename)
    workbook = reader.open(data)
    reader.check_sheets(workbook)
    kind, header = reader.bank_sheet(workbook)
    return reader.likert(workbook, header) if kind == "likert" else reader.staged(workbook,
                                                                                  header)


# --- uploads ---------------------------------------------------------------------------------

def _toml_data(data: bytes, name: str) -> dict:
    if not data:
        raise BankError(f"{name}: the file is empty; a bank file is TOML text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BankError(f"{name}: the file is UTF-16 text; save the bank file as UTF-8")
    looks = workbooks.looks_like(data)
    if looks and looks != ": it is plain text":
        raise BankError(f"{name}: this is not a TOML bank file (text){looks}"
                        + ("; upload a workbook with the .xlsx extension"
                           if data.startswith(b"PK\x03\x04") else ""))
    if b"\x00" in data:
        raise BankError(f"{name}: this is not a TOML bank file: it is a binary file, not text")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise BankError(f"{name}: this is not a TOML bank file: it is not UTF-8 text (byte "
                        f"0x{data[error.start]:02x} at position {error.start}); save it as "
                        "UTF-8") from None
    return parse_toml(text, name, BankError)


def bank_data_from_upload(data: bytes, filename: str) -> dict:
    """The bank in an uploaded .toml file or .xlsx workbook, as the dict ``parse_bank`` accepts.

    The name says what the file claims to be and the content must be that: a .toml file must
    be UTF-8 TOML text, an .xlsx file an Excel workbook (:func:`bank_data_from_workbook`).

    Raises:
        BankError: the file is larger than ``MAX_BYTES``; its name is not .toml or .xlsx; its
            content is not what its name says (a PNG named .toml); the TOML does not parse; or
            the workbook is rejected. The message names the file.
    """
    name = filename or "the upload"
    data = _checked_bytes(data, name)
    suffix = PurePath(filename or "").suffix.casefold()
    if suffix == ".xlsx":
        return bank_data_from_workbook(data, name)
    if suffix == ".toml":
        return _toml_data(data, name)
    if suffix == ".xls":
        what = ": it is an old-style .xls workbook; save it as an Excel workbook (.xlsx)"
    else:
        what = f": it is a {suffix} file" if suffix else ": the name has no extension"
    raise BankError(f"{name}: a question bank must be {ACCEPTED}{what}")


# --- TOML ------------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def _string(text: str, path: str) -> str:
    """A TOML basic string; control characters and line separators are escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xD800 <= code <= 0xDFFF:
            raise BankError(f"{path}: the text holds a lone surrogate (U+{code:04X}), which "
                            "TOML cannot store")
        elif unicodedata.category(char) == "Cc" or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _key(key: Any, path: str) -> str:
    if not isinstance(key, str):
        raise BankError(f"{path}: a TOML key must be text, not {type(key).__name__}")
    return key if _BARE_KEY.match(key) else _string(key, path)


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)          # always has a "." or an exponent, so it stays a float


def _value(value: Any, path: str, top: bool = True) -> str:
    """A TOML inline value; a long array at the top of a ``key = value`` spans lines."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:      # more than 4,300 digits; no TOML reader would take it either
            raise BankError(f"{path}: the number has too many digits for TOML") from None
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value, path)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise BankError(f"{path}: TOML has no time of day with a time zone")
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        parts = [_value(v, f"{path}[{i}]", top=False) for i, v in enumerate(value)]
        inline = "[" + ", ".join(parts) + "]"
        if top and len(inline) > 80 and len(parts) > 1:
            return "[\n" + "".join(f"  {part},\n" for part in parts) + "]"
        return inline
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k, path)} = {_value(v, f'{path}.{k}', top=False)}"
                                for k, v in value.items()) + " }"
    raise BankError(f"{path}: TOML cannot hold a {type(value).__name__} value")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


TRANSLATIONS = "translations"


def _dotted(value: Any) -> bool:
    """Whether ``value`` is ``{language: {field: text or list}}``, written as dotted keys."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(texts, dict) and bool(texts)
        and all(not isinstance(t, dict) and not _is_table_array(t) for t in texts.values())
        for texts in value.values())


def _table(lines: list[str], table: dict, path: tuple[str, ...]) -> None:
    """Write a table's own values, then its sub-tables and arrays of tables (TOML needs the
    plain values before the first ``[header]``)."""
    where = ".".join(path) or "the top level"
    keys = {key: _key(key, where) for key in table}
    for key, value in table.items():
        if not isinstance(value, dict) and not _is_table_array(value):
            lines.append(f"{keys[key]} = {_value(value, '.'.join((*path, keys[key])))}")
        elif key == TRANSLATIONS and _dotted(value):
            # An entry's translations as dotted keys beside its English text
            # (translations.de.text = "..."), as a translator reads them best.
            for language, texts in value.items():
                for field, text in texts.items():
                    name = f"{keys[key]}.{_key(language, where)}.{_key(field, where)}"
                    lines.append(f"{name} = {_value(text, '.'.join((*path, name)))}")
    for key, value in table.items():
        inner = (*path, keys[key])
        if key == TRANSLATIONS and _dotted(value):
            continue
        if isinstance(value, dict):
            lines += ["", f"[{'.'.join(inner)}]"]
            _table(lines, value, inner)
        elif _is_table_array(value):
            for element in value:
                lines += ["", f"[[{'.'.join(inner)}]]"]
                _table(lines, element, inner)


def bank_to_toml(data: dict) -> str:
    """A bank dict (as ``tomllib`` gives it) as TOML text; ``tomllib.loads`` gives it back.

    Raises:
        BankError: a value TOML cannot hold (a set, a non-text key, a lone surrogate, an
            integer of thousands of digits, values nested more than ``MAX_NESTING``
            levels).
    """
    if not isinstance(data, dict):
        raise BankError(f"a bank is a table (dict), not {type(data).__name__}")
    if too_deep(data):
        raise BankError(f"the bank's values are nested more than {MAX_NESTING} levels deep, "
                        "too deep to write as TOML")
    lines: list[str] = []
    _table(lines, data, ())
    return "\n".join(lines).lstrip("\n") + "\n"
