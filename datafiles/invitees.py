"""Reading an invitee list (CSV or Excel) for a pulse campaign, strictly.

The list has a header row: a column ``identifier`` (or ``email``) naming each person (an
e-mail address, an employee number: whatever the mail merge needs; the app does not keep it),
and one column per segment, headed by the segment's name or id. Every value must be one of
the segment's values (case does not count) or empty (not known). Other columns are ignored
and named in the result, so the person importing sees what was left out; a filled cell under
no header (beyond the header's last column, or under an empty one) is refused.

An upload is checked like every other: at most 5 MB; a workbook goes through the defused
opener (:mod:`datafiles.workbooks`: no XML entities, size limits, no formula anywhere); a CSV
file must be UTF-8 text (a byte order mark is fine) separated by commas, semicolons or tabs.
Text follows the app's limits (:mod:`datafiles.text`). The first problem found is raised as
:class:`InviteeError` naming the row and the column (``row 7, column C (Department)``), and
nothing is imported.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from openpyxl.utils import get_column_letter

from datafiles import workbooks
from datafiles.text import NAME_MAX, clean_name, too_long

MAX_MB = 5
MAX_BYTES = MAX_MB * 1_000_000
MAX_ROWS = 50_000
IDENTIFIER_HEADERS = ("identifier", "email", "e-mail")
ACCEPTED = "an invitee list as CSV (.csv) or an Excel workbook (.xlsx)"


class InviteeError(ValueError):
    """An invitee list that cannot be imported; the message names the row and column."""


class SegmentLike(Protocol):
    id: str
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Invitee:
    """One person of the list: their identifier and segment values (segment id -> value)."""
    identifier: str
    segments: dict[str, str]


@dataclass(frozen=True)
class InviteeList:
    invitees: tuple[Invitee, ...]
    ignored: tuple[str, ...]          # headers of the columns that were left out
    missing: tuple[str, ...]          # names of segments the list has no column for


def _rows_from_csv(data: bytes, filename: str) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InviteeError(f"{filename}: not UTF-8 text (byte {error.start:,})"
                           f"{workbooks.looks_like(data)}; save the list as CSV UTF-8, or as "
                           "an Excel workbook") from None
    if "\x00" in text:
        raise InviteeError(f"{filename}: the file holds NUL characters, which no CSV list "
                           f"has{workbooks.looks_like(data)}")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise InviteeError(f"{filename}: not a readable CSV file ({error})") from None


def _rows_from_workbook(data: bytes, filename: str) -> list[list[Any]]:
    def fail(message: str) -> InviteeError:
        return InviteeError(f"{filename}: {message}")

    book = workbooks.open_upload(data, fail, "an invitee list",
                                 "upload the list as an Excel workbook (.xlsx) or CSV")
    sheet = book.worksheets[0]
    found = workbooks.formula_in(sheet)
    if found:
        raise fail(f"sheet '{sheet.title}', cell {found[0]} holds a formula ({found[1]}); "
                   "formulas are not accepted, type the value instead")
    if workbooks.too_large(sheet):
        raise fail(f"sheet '{sheet.title}' spans {sheet.dimensions}; an invitee list has at "
                   f"most {MAX_ROWS:,} rows")
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_name(str(value))


def read_invitees(data: bytes, filename: str, segments: Sequence[SegmentLike]) -> InviteeList:
    """The invitees of an uploaded list, checked against the campaign's segments.

    Raises:
        InviteeError: the file is too large or not CSV or Excel, has no identifier column,
            more than MAX_ROWS people, an identifier empty, too long or given twice, a cell
            beyond the header's columns, or a value that is not one of its segment's (the
            message names row and column).
    """
    if len(data) > MAX_BYTES:
        raise InviteeError(f"{filename}: the file is {len(data) / 1e6:.1f} MB; an invitee list "
                           f"may be at most {MAX_BYTES / 1e6:g} MB")
    if data.startswith(b"PK\x03\x04"):
        rows = _rows_from_workbook(data, filename)
    else:
        rows = _rows_from_csv(data, filename)
    numbered = [(n, row) for n, row in enumerate(rows, start=1)
                if any(_text(v) for v in row)]
    if not numbered:
        raise InviteeError(f"{filename}: the list is empty; it needs a header row with an "
                           "'identifier' column")
    header_row, header = numbered[0]
    labels = [_text(v) for v in header]
    by_label = {s.name.casefold(): s for s in segments} | {s.id.casefold(): s for s in segments}
    identifier_column = None
    columns: dict[int, SegmentLike] = {}
    ignored = []
    for index, label in enumerate(labels):
        key = label.casefold()
        if key in IDENTIFIER_HEADERS and identifier_column is None:
            identifier_column = index
        elif key in by_label and by_label[key] not in columns.values():
            columns[index] = by_label[key]
        elif label:
            ignored.append(label)
    if identifier_column is None:
        raise InviteeError(f"{filename}: row {header_row}: the header has no 'identifier' "
                           "column (an e-mail address or employee number for each person; "
                           "'email' works too)")
    people = numbered[1:]
    if len(people) > MAX_ROWS:
        raise InviteeError(f"{filename}: the list has {len(people):,} people; at most "
                           f"{MAX_ROWS:,} can be invited to one campaign")
    seen: dict[str, int] = {}
    invitees = []
    for row_number, row in people:
        def where(index: int) -> str:
            return (f"{filename}: row {row_number}, column {get_column_letter(index + 1)} "
                    f"({labels[index] or 'no header'})")

        beyond = next((index for index in range(len(row))
                       if (index >= len(labels) or not labels[index]) and _text(row[index])),
                      None)
        if beyond is not None:
            raise InviteeError(f"{filename}: row {row_number}, column "
                               f"{get_column_letter(beyond + 1)} holds “{_text(row[beyond])[:60]}"
                               "” but the header has no column there; give the column a "
                               "header or delete the cell")
        cell = row[identifier_column] if identifier_column < len(row) else None
        identifier = _text(cell)
        if not identifier:
            raise InviteeError(f"{where(identifier_column)}: the identifier is empty; give "
                               "every person one, or delete the row")
        problem = too_long(identifier, NAME_MAX)
        if problem:
            raise InviteeError(f"{where(identifier_column)}: the identifier {problem}")
        if identifier.casefold() in seen:
            raise InviteeError(f"{where(identifier_column)}: “{identifier}” is listed twice "
                               f"(also row {seen[identifier.casefold()]}); each person once")
        seen[identifier.casefold()] = row_number
        profile = {}
        for index, segment in columns.items():
            value = _text(row[index]) if index < len(row) else ""
            if not value:
                continue
            match = next((v for v in segment.values if v.casefold() == value.casefold()), None)
            if match is None:
                shown = value if len(value) <= 60 else value[:57] + "..."
                raise InviteeError(f"{where(index)}: “{shown}” is not a value of "
                                   f"{segment.name} (its values: "
                                   f"{', '.join(segment.values) or 'none yet'})")
            profile[segment.id] = match
        invitees.append(Invitee(identifier, profile))
    if not invitees:
        raise InviteeError(f"{filename}: the list has a header but nobody under it")
    missing = tuple(s.name for s in segments if s not in columns.values())
    return InviteeList(tuple(invitees), tuple(ignored), missing)
