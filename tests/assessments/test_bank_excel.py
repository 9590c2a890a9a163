"""Question banks through Excel and uploads: written, edited offline, read back strictly.

Bad uploads are built here with openpyxl or as raw bytes; each must be rejected with a
message that names the file and, where there is one, the sheet and cell. The bank rules
themselves are ``parse_bank``'s, so every accepted workbook is run through it as the app does.
"""
from __future__ import annotations

import dataclasses
import io
import tomllib
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

import assessments
from datafiles import workbooks
from assessments import BankError, load_bank, parse_bank
from assessments.translation import missing_text, missing_translations, translated
from assessments import bank_excel as module
from assessments.bank import BANKS_DIR
from assessments.bank_excel import (MAX_BYTES, bank_data_from_upload, bank_data_from_workbook,
                                    bank_to_toml, bank_workbook)
from datafiles.cells import is_formula_like
from datafiles.text import NAME_MAX, PARAGRAPH_MAX

LIKERT_SHEETS = ["Read me", "Bank", "Bands", "Dimensions", "Items", "Recommendations",
                 "Outcomes", "Gap recommendations"]
STAGED_SHEETS = ["Read me", "Bank", "Stages", "Competencies", "Actions"]
FILE = "culture.xlsx"
HOSTILE = ['say "hi"', "back\\slash \\n not a newline", "two\nlines", "tab\there",
           "emoji 🎉 and 👩‍👩‍👧 and ünïcödé", "=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2",
           "'=already quoted", "'tis", '"""triple"""', "'''single'''", "line\u2028separator",
           "bell\x07 nul\x00 esc\x1b del\x7f", "crlf\r\nend", "   padded   ", ""]


# --- helpers ---------------------------------------------------------------------------------

def shipped(name: str) -> dict:
    """A shipped bank file as tomllib reads it."""
    with open(BANKS_DIR / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edited(change, name: str = "culture") -> bytes:
    """The bank's workbook after ``change(workbook)``, saved as a person's spreadsheet would."""
    book = load(bank_workbook(load_bank(name)))
    change(book)
    return save(book)


def imported(data: bytes, filename: str = FILE):
    """What the app does with an upload: read the workbook, then the full bank rules."""
    return parse_bank(bank_data_from_workbook(data, filename), filename)


def rejected(data: bytes, *parts: str, filename: str = FILE, upload: bool = False) -> str:
    """Read ``data`` (and parse it), expect BankError holding every part; return the message."""
    with pytest.raises(BankError) as caught:
        if upload:
            parse_bank(bank_data_from_upload(data, filename), filename)
        else:
            imported(data, filename)
    message = str(caught.value)
    for part in parts:
        assert part in message, message
    return message


def row_of(ws, column: int, value) -> int:
    """The row whose ``column`` holds ``value`` (below the header)."""
    return next(c.row for c in ws[openpyxl.utils.get_column_letter(column)]
                if c.row > 1 and c.value == value)


def never(*args, **kwargs):
    raise AssertionError("parsed a file that is too large")


# --- the workbook ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, sheets", [("culture", LIKERT_SHEETS),
                                         ("maturity", STAGED_SHEETS)])
def test_workbook_has_a_read_me_first_and_one_sheet_per_table(name, sheets):
    data = bank_workbook(load_bank(name))
    assert data.startswith(b"PK")
    book = load(data)
    assert book.sheetnames == sheets
    readme = "\n".join(str(c.value) for c in book["Read me"]["A"] if c.value)
    assert "lowercase" in readme
    for sheet in sheets[1:]:
        assert sheet in readme


def test_table_sheets_have_the_format_fields_as_headers():
    book = load(bank_workbook(load_bank("culture")))
    headers = {ws.title: [c.value for c in ws[1]] for ws in book.worksheets[1:]}
    assert headers == {"Bank": ["field", "value", "about"],
                       "Bands": ["id", "label", "min", "label.de", "label.fr"],
                       "Dimensions": ["id", "name", "description", "importance", "name.de",
                                      "description.de", "name.fr", "description.fr"],
                       "Items": ["dimension", "id", "text", "reverse", "text.de", "text.fr"],
                       "Recommendations": ["dimension", "band", "phase", "title", "detail",
                                           "title.de", "detail.de", "title.fr", "detail.fr"],
                       "Outcomes": ["id", "text", "text.de", "text.fr"],
                       "Gap recommendations": ["dimension", "min_gap", "phase", "title",
                                               "detail", "title.de", "detail.de", "title.fr",
                                               "detail.fr"]}
    book = load(bank_workbook(load_bank("maturity")))
    assert [c.value for c in book["Stages"][1]] == ["level", "id", "name", "summary"]
    assert [c.value for c in book["Competencies"][1]] == [
        "id", "name", "description", "importance", "stage_1", "stage_2", "stage_3", "stage_4"]
    assert [c.value for c in book["Actions"][1]] == [
        "competency", "from_stage", "phase", "title", "detail"]


@pytest.mark.parametrize("name", ["culture", "maturity"])
def test_headers_are_bold_and_frozen_columns_sized_and_text_wrapped(name):
    book = load(bank_workbook(load_bank(name)))
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in ws[1] if c.value), ws.title
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1]), ws.title
    texts = book["Items"] if name == "culture" else book["Competencies"]
    assert texts.column_dimensions["C"].width >= 50
    assert texts["C2"].alignment.wrap_text


def test_bank_sheet_holds_the_header_fields_and_labels_in_one_cell(culture_bank):
    ws = load(bank_workbook(culture_bank))["Bank"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert list(values)[:10] == ["id", "kind", "version", "title", "description", "source",
                                 "target", "labels", "dont_know", "languages"]
    assert list(values)[10:] == [f"{field}.{language}" for language in culture_bank.languages
                                 for field in ("title", "description", "labels", "dont_know")]
    assert values["labels"] == " | ".join(culture_bank.labels)
    assert values["kind"] == "likert" and values["target"] == 75
    assert values["version"] == "1.2"           # text, not the number 1.2
    staged = load(bank_workbook(load_bank("maturity")))["Bank"]
    assert [staged.cell(r, 1).value for r in range(2, staged.max_row + 1)] == [
        "id", "kind", "version", "title", "description", "source", "languages"]


def test_reverse_is_written_as_true_or_false(culture_bank):
    ws = load(bank_workbook(culture_bank))["Items"]
    flags = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1)]
    assert flags == [item.reverse for item in culture_bank.items]
    assert all(isinstance(flag, bool) for flag in flags)


def test_phase_and_importance_cells_have_data_validation():
    ws = load(bank_workbook(load_bank("culture")))["Recommendations"]
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["C2:C1001"].formula1 == '"pilot,capability,rollout"'
    ws = load(bank_workbook(load_bank("culture")))["Dimensions"]
    (rule,) = ws.data_validations.dataValidation
    assert (rule.type, rule.formula1, rule.formula2, str(rule.sqref)) == ("whole", "1", "5",
                                                                          "D2:D1001")


def test_a_label_holding_the_separator_cannot_be_written(culture_bank):
    bank = dataclasses.replace(culture_bank, labels=("No | never", *culture_bank.labels[1:]))
    with pytest.raises(BankError, match="contains '\\|'"):
        bank_workbook(bank)


# --- reading it back -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["culture", "maturity"])
def test_shipped_bank_reads_back_as_its_toml_data_and_the_same_bank(name):
    data = bank_data_from_workbook(bank_workbook(load_bank(name)), f"{name}.xlsx")
    assert data == shipped(name)
    assert parse_bank(data, f"{name}.xlsx") == load_bank(name)


def test_editing_a_statement_text_shows_up_in_the_parsed_bank(culture_bank):
    def rewrite(book):
        ws = book["Items"]
        ws.cell(row_of(ws, 2, "c03"), 3).value = "Mistakes shared openly are forgiven."

    bank = imported(edited(rewrite))
    assert bank.item("c03").text == "Mistakes shared openly are forgiven."
    assert bank.item("c03").reverse is True
    assert [i.id for i in bank.items] == [i.id for i in culture_bank.items]
    assert [i for i in bank.items if i.id != "c03"] == [
        i for i in culture_bank.items if i.id != "c03"]


def test_an_added_item_row_joins_its_dimension(culture_bank):
    def add(book):
        book["Items"].append(["open_sharing", "c99", "A new statement.", True])

    bank = imported(edited(add))
    dimension = bank.dimensions[0]
    assert dimension.id == "open_sharing"
    assert dimension.items[-1] == dataclasses.replace(dimension.items[-1], id="c99",
                                                      text="A new statement.", reverse=True)
    assert len(bank.items) == len(culture_bank.items) + 1


def test_editing_a_stage_descriptor_and_an_action_shows_up(maturity_bank):
    def rewrite(book):
        ws = book["Competencies"]
        ws.cell(row_of(ws, 1, "tools"), 6).value = "Tools are chosen with the users."
        actions = book["Actions"]
        actions.cell(row_of(actions, 1, "strategy"), 4).value = "Name an owner"

    bank = imported(edited(rewrite, "maturity"), "maturity.xlsx")
    assert bank.competency("tools").descriptors[1] == "Tools are chosen with the users."
    assert bank.competency("strategy").actions[0].title == "Name an owner"
    assert bank.stages == maturity_bank.stages


def test_empty_rows_and_extra_columns_are_skipped(culture_bank):
    def spread(book):
        for sheet in ("Items", "Dimensions", "Recommendations", "Bands", "Bank"):
            ws = book[sheet]
            ws.insert_rows(3, amount=2)
            ws.cell(1, ws.max_column + 2).value = "notes"
            ws.cell(4, ws.max_column).value = "a consultant's note"   # in an otherwise empty row
        book["Items"].cell(3, 3).value = "   "                         # only blanks: empty

    assert imported(edited(spread)) == culture_bank


def test_headers_in_another_case_or_order_still_match(culture_bank):
    def shuffle(book):
        ws = book["Items"]
        ws.move_range("A1:A200", cols=ws.max_column)      # after the translations
        ws["B1"] = "ID"
        ws["C1"] = " Text "

    assert imported(edited(shuffle)) == culture_bank


def test_values_typed_as_text_or_numbers_read_as_the_field_needs(culture_bank):
    def retype(book):
        book["Dimensions"]["D2"] = " 4 "                    # importance typed as text
        book["Items"]["D2"] = "true"                        # reverse typed as text
        book["Bands"]["C3"] = 50.0                          # a whole number as a float
        bank = book["Bank"]
        bank.cell(row_of(bank, 1, "version"), 2).value = 2  # Excel turns "2" into a number

    bank = imported(edited(retype))
    assert bank.dimensions[0].importance == 4
    assert bank.items[0].reverse is True
    assert bank.bands[1].min == 50
    assert bank.version == "2"


def test_an_empty_optional_cell_is_left_out():
    def clear(book):
        book["Dimensions"]["C2"] = None          # description
        book["Items"]["D2"] = None               # reverse

    data = bank_data_from_workbook(edited(clear), FILE)
    assert "description" not in data["dimensions"][0]
    assert "reverse" not in data["dimensions"][0]["items"][0]
    bank = parse_bank(data, FILE)
    assert bank.dimensions[0].description == "" and bank.items[0].reverse is False


def with_texts(bank, texts: list[str]):
    """The likert bank with its statements replaced, in order, by ``texts`` (cycled)."""
    texts = iter(texts * len(bank.items))
    return dataclasses.replace(bank, dimensions=tuple(
        dataclasses.replace(d, items=tuple(dataclasses.replace(i, text=next(texts))
                                           for i in d.items))
        for d in bank.dimensions))


def test_hostile_text_is_inert_in_the_workbook_and_reads_back_unchanged(culture_bank):
    texts = [t.strip() for t in HOSTILE if t.strip() and "\x07" not in t and "\r" not in t]
    bank = with_texts(culture_bank, texts)
    dimension = bank.dimensions[0]
    bank = dataclasses.replace(
        bank, title="@SUM(A1)", description="-2 dimensions", source="'=quoted",
        labels=("=Strongly disagree", *bank.labels[1:]), dont_know="|DDE",
        dimensions=(dataclasses.replace(
            dimension, name="+cmd|' /C calc'!A0", recommendations=(
                dataclasses.replace(dimension.recommendations[0], detail="=HYPERLINK(1)"),
                *dimension.recommendations[1:])), *bank.dimensions[1:]))
    assert {i.text for i in bank.items} == set(texts)
    data = bank_workbook(bank)
    for ws in load(data).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not is_formula_like(cell.value), (ws.title, cell.coordinate)
    assert load(data)["Bank"]["B5"].value == "'@SUM(A1)"
    assert imported(data) == bank


def test_control_characters_are_dropped_and_carriage_returns_become_newlines(culture_bank):
    bank = with_texts(culture_bank, ["bell\x07 end\r\nnext\rlast"])
    assert imported(bank_workbook(bank)).items[0].text == "bell end\nnext\nlast"


def test_a_person_typed_apostrophe_before_a_formula_reads_as_the_text():
    def typed(book):
        book["Items"]["C2"] = "'=1+1 is not run"

    assert imported(edited(typed)).items[0].text == "=1+1 is not run"


# --- rejected: the container -------------------------------------------------------------------

def test_a_workbook_over_the_size_limit_is_rejected_before_parsing(monkeypatch):
    monkeypatch.setattr(workbooks, "load_workbook", never)
    monkeypatch.setattr(workbooks.zipfile, "ZipFile", never)
    data = b"PK\x03\x04" + bytes(6_000_000)
    assert len(data) > MAX_BYTES
    message = rejected(data, f"{FILE}: ", "6.0 MB", "at most 5 MB")
    assert "sheet" not in message


def test_a_png_renamed_to_xlsx_is_not_an_excel_workbook():
    rejected(b"\x89PNG\r\n\x1a\n" + bytes(100), f"{FILE}: this is not an Excel workbook (.xlsx)",
             "PNG image")


def test_a_csv_file_is_not_an_excel_workbook():
    rejected(b"id,text\nc01,hello\n", "not an Excel workbook", "plain text")


def test_an_empty_file_is_not_an_excel_workbook():
    rejected(b"", f"{FILE}: this is not an Excel workbook", "empty")


def test_an_old_xls_is_not_an_xlsx():
    rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "not an Excel workbook", ".xls")


def test_a_zip_that_is_not_a_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    rejected(buffer.getvalue(), f"{FILE}: this is not an Excel workbook (.xlsx) that can be read")


def test_a_truncated_workbook_is_rejected():
    rejected(bank_workbook(load_bank("culture"))[:2000], f"{FILE}: this is not an Excel workbook")


def test_a_workbook_that_unpacks_too_large_is_rejected(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 1_000)
    rejected(bank_workbook(load_bank("culture")), f"{FILE}: the workbook unpacks to")


def test_a_sheet_spanning_far_more_cells_than_a_bank_is_rejected():
    def stretch(book):
        book["Read me"]["A300000"] = "x"

    rejected(edited(stretch), f"{FILE}: sheet 'Read me'", "cells")


# --- rejected: sheets and columns --------------------------------------------------------------

def test_a_missing_table_sheet_is_rejected_naming_it():
    def remove(book):
        del book["Items"]

    rejected(edited(remove), f"{FILE}: there is no sheet 'Items'", "'Recommendations'",
             "Bank, Bands, Dimensions, Items, Recommendations")


def test_a_missing_bank_sheet_is_rejected():
    def rename(book):
        book["Bank"].title = "Sheet1"

    rejected(edited(rename), f"{FILE}: there is no sheet 'Bank'", "'Sheet1'")


def test_a_missing_staged_sheet_is_rejected():
    def remove(book):
        del book["Actions"]

    rejected(edited(remove, "maturity"), "there is no sheet 'Actions'", "a staged bank")


def test_a_missing_column_is_rejected_naming_sheet_and_row():
    def drop(book):
        book["Items"]["D1"] = None

    rejected(edited(drop), f"{FILE}: sheet 'Items', row 1: the header lacks the column(s) "
                           "'reverse'")


def test_a_missing_stage_column_is_rejected():
    def drop(book):
        book["Competencies"].delete_cols(7)

    rejected(edited(drop, "maturity"), "sheet 'Competencies', row 1", "'stage_3'")


def test_a_column_given_twice_is_rejected():
    def twice(book):
        book["Items"]["F1"] = "text"

    rejected(edited(twice), "sheet 'Items', cell F1: the header has two 'text' columns",
             "also C1")


def test_an_emptied_sheet_is_rejected():
    def empty(book):
        book["Bands"].delete_rows(1, 10)

    rejected(edited(empty), "sheet 'Bands': the sheet is empty", "id, label, min")


# --- rejected: formulas ----------------------------------------------------------------------

def test_a_formula_is_rejected_naming_the_cell_never_evaluated():
    def formula(book):
        book["Items"]["C3"] = '=CONCAT("a","b")'

    rejected(edited(formula), f"{FILE}: sheet 'Items', cell C3: the cell holds a formula",
             'CONCAT("a","b")')


def test_a_formula_on_any_sheet_is_rejected():
    def formula(book):
        book["Read me"]["C40"] = "=1"

    rejected(edited(formula), "sheet 'Read me', cell C40: the cell holds a formula")


def test_a_formula_for_a_number_is_rejected():
    def formula(book):
        book["Dimensions"]["D2"] = "=2+3"

    rejected(edited(formula), "sheet 'Dimensions', cell D2: the cell holds a formula")


def test_an_array_formula_is_rejected():
    def formula(book):
        book["Bands"]["C2"] = ArrayFormula("C2", "=SUM(1)")

    rejected(edited(formula), "sheet 'Bands', cell C2: the cell holds a formula")


def test_text_stored_with_a_leading_equals_sign_is_rejected():
    def text(book):
        cell = book["Items"]["C2"]
        cell.value = "=1+1"
        cell.data_type = "s"                 # stored as text, not as a formula

    data = edited(text)
    assert load(data)["Items"]["C2"].data_type == "s"
    rejected(data, "sheet 'Items', cell C2: the cell holds a formula")


# --- rejected: cell types --------------------------------------------------------------------

@pytest.mark.parametrize("sheet, ref, value, expected", [
    ("Dimensions", "D2", 4.5, "cell D2 (dimension 'open_sharing'): "
                              "'importance' must be a whole number, not 4.5"),
    ("Dimensions", "D2", "high", "cell D2 (dimension 'open_sharing'): 'importance' must be a "
                                 "whole number, not 'high'"),
    ("Dimensions", "D2", True, "cell D2 (dimension 'open_sharing'): 'importance' must be a "
                               "whole number, not True"),
    ("Dimensions", "D2", datetime(2024, 5, 1), "cell D2 (dimension 'open_sharing'): "
                                               "'importance' holds a date or time"),
    ("Items", "D2", "yes", "cell D2 (dimension 'open_sharing', item 'c01'): "
                           "'reverse' must be TRUE or FALSE, not 'yes'"),
    ("Items", "D2", 1, "cell D2 (dimension 'open_sharing', item 'c01'): 'reverse' must be "
                       "TRUE or FALSE, not 1"),
    ("Items", "C2", True, "cell C2 (dimension 'open_sharing', item 'c01'): 'text' must be "
                          "text, not the true/false value TRUE"),
    ("Items", "C2", date(2024, 5, 1), "cell C2 (dimension 'open_sharing', item 'c01'): 'text' "
                                      "holds a date or time"),
    ("Items", "C2", "#N/A", "cell C2 (dimension 'open_sharing', item 'c01'): the cell holds "
                            "the error value #N/A"),
    ("Items", "C2", None, "cell C2 (dimension 'open_sharing', item 'c01'): 'text' is empty"),
    ("Items", "B2", None, "cell B2: 'id' is empty"),
    ("Bands", "C3", "half", "cell C3 (band 2): 'min' must be a number, "
                            "not 'half'"),
    ("Recommendations", "E2", "  ", "cell E2 (dimension "
                                    "'open_sharing', recommendation 1): 'detail' is empty"),
])
def test_a_cell_of_the_wrong_type_is_rejected_naming_sheet_cell_and_entry(sheet, ref, value,
                                                                          expected):
    def put(book):
        book[sheet][ref] = value

    rejected(edited(put), f"{FILE}: sheet '{sheet}', {expected}")


@pytest.mark.parametrize("sheet, ref, value, expected", [
    ("Actions", "B2", "two", "cell B2 (competency 'strategy', action 1): "
                             "'from_stage' must be a whole number, not 'two'"),
    ("Stages", "A3", 2.5, "cell A3 (stage 2): 'level' must be a whole number"),
    ("Competencies", "H2", None, "cell H2 (competency 'strategy'): "
                                 "'stage_4' is empty"),
])
def test_a_staged_cell_of_the_wrong_type_is_rejected(sheet, ref, value, expected):
    def put(book):
        book[sheet][ref] = value

    rejected(edited(put, "maturity"), f"maturity.xlsx: sheet '{sheet}', {expected}",
             filename="maturity.xlsx")


# --- rejected: rows that point nowhere -------------------------------------------------------

def test_an_item_of_an_unknown_dimension_is_rejected_naming_the_cell():
    def move(book):
        book["Items"]["A4"] = "no_such_dimension"

    rejected(edited(move), f"{FILE}: sheet 'Items', cell A4: dimension 'no_such_dimension' is "
                           "not on the Dimensions sheet", "open_sharing")


def test_an_id_in_the_wrong_case_gets_a_hint():
    def shout(book):
        book["Recommendations"]["A2"] = "Open_Sharing"

    rejected(edited(shout), "cell A2: dimension 'Open_Sharing' is not",
             "did you mean 'open_sharing'")


def test_a_row_without_its_dimension_is_rejected():
    def orphan(book):
        book["Items"]["A2"] = None

    rejected(edited(orphan), "cell A2: 'dimension' is empty")


def test_an_action_of_an_unknown_competency_is_rejected():
    def move(book):
        book["Actions"]["A3"] = "marketing"

    rejected(edited(move, "maturity"), "sheet 'Actions', cell A3: competency 'marketing' is not "
                                       "on the Competencies sheet")


def test_a_dimension_given_twice_is_rejected():
    def twice(book):
        book["Dimensions"]["A3"] = "open_sharing"

    rejected(edited(twice), "cell A3: dimension id 'open_sharing' appears "
                            "twice (also in A2)")


# --- rejected: the Bank sheet ----------------------------------------------------------------

def bank_cell(book, field: str, column: int = 2):
    ws = book["Bank"]
    return ws.cell(row_of(ws, 1, field), column)


def test_an_unknown_bank_field_is_rejected():
    def typo(book):
        bank_cell(book, "title", 1).value = "titel"

    rejected(edited(typo), "sheet 'Bank', cell A5: 'titel' is not a field of a likert bank")


def test_a_missing_bank_field_is_rejected():
    def drop(book):
        book["Bank"].delete_rows(row_of(book["Bank"], 1, "source"))

    rejected(edited(drop), "sheet 'Bank': there is no row for the field(s) source")


def test_a_bank_field_given_twice_is_rejected():
    def twice(book):
        book["Bank"].append(["title", "Another title"])

    last = load(bank_workbook(load_bank("culture")))["Bank"].max_row
    rejected(edited(twice), f"sheet 'Bank', cell A{last + 1}: the field 'title' appears twice "
                            "(also in A5)")


def test_a_bank_without_a_kind_is_rejected():
    def drop(book):
        book["Bank"].delete_rows(row_of(book["Bank"], 1, "kind"))

    rejected(edited(drop), "sheet 'Bank': there is no row for the field 'kind'")


def test_an_unknown_kind_is_rejected_naming_the_cell():
    def survey(book):
        bank_cell(book, "kind").value = "survey"

    rejected(edited(survey), "sheet 'Bank', cell B3: 'kind' must be likert or staged, not "
                             "'survey'")


def test_a_likert_field_in_a_staged_bank_is_rejected():
    def extra(book):
        book["Bank"].append(["target", 75])

    last = load(bank_workbook(load_bank("maturity")))["Bank"].max_row
    rejected(edited(extra, "maturity"), f"sheet 'Bank', cell A{last + 1}: 'target' is not a "
                                        "field of a staged bank (it belongs to likert banks)",
             filename="maturity.xlsx")


def test_an_empty_title_is_rejected_naming_the_cell():
    def clear(book):
        bank_cell(book, "title").value = None

    rejected(edited(clear), "sheet 'Bank', cell B5: 'title' is empty")


# --- rejected: text longer than a bank file may hold ------------------------------------------

def with_huge_text(sheet: str, column: int, row_value: str, length: int, name="culture") -> bytes:
    """The bank's workbook with ``length`` characters in ``column`` of the row whose first
    column is ``row_value`` (openpyxl writes at most 32,767 characters, so the XML is edited,
    as the tester's 57 kB workbook with a 30 MB statement was made)."""
    placeholder = "PLACEHOLDER-HUGE-TEXT"

    def mark(book):
        ws = book[sheet]
        ws.cell(row_of(ws, 1, row_value), column).value = placeholder

    def grow(part_name, content):
        return content.replace(placeholder.encode(), b"x" * length)

    from tests.reliability.fuzz_helpers import rewrite_zip
    return rewrite_zip(edited(mark, name), grow)


def test_a_statement_of_thirty_million_characters_is_rejected_naming_sheet_cell_and_field():
    data = with_huge_text("Items", 3, "open_sharing", 30_000_000)
    assert len(data) < 100_000
    message = rejected(data, f"{FILE}: sheet 'Items', cell C2 (dimension 'open_sharing', "
                             f"item 'c01'): 'text' is 30,000,000 characters long; at most "
                             f"{PARAGRAPH_MAX:,} are allowed")
    assert len(message) < 300


def test_a_title_of_eight_million_characters_is_rejected():
    data = with_huge_text("Bank", 2, "title", 8_000_000)
    rejected(data, "sheet 'Bank', cell B5: 'title' is 8,000,000 characters long; at most "
                   f"{NAME_MAX} are allowed")


@pytest.mark.parametrize("sheet, column, row_value, field, limit", [
    ("Dimensions", 2, "open_sharing", "name", NAME_MAX),
    ("Dimensions", 3, "open_sharing", "description", PARAGRAPH_MAX),
    ("Bands", 2, "barrier", "label", NAME_MAX),
    ("Recommendations", 4, "open_sharing", "title", NAME_MAX),
    ("Recommendations", 5, "open_sharing", "detail", PARAGRAPH_MAX),
    ("Bank", 2, "source", "source", PARAGRAPH_MAX),
    ("Bank", 2, "dont_know", "dont_know", NAME_MAX),
])
def test_each_text_field_has_the_limit_of_the_bank_file(sheet, column, row_value, field, limit):
    def put(text):
        def change(book):
            ws = book[sheet]
            ws.cell(row_of(ws, 1, row_value), column).value = text
        return edited(change)

    assert imported(put("x" * limit))           # at the limit: accepted
    rejected(put("x" * (limit + 1)), f"sheet '{sheet}'", f"'{field}' is {limit + 1:,} "
                                                         f"characters long")


def test_an_answer_label_longer_than_a_name_is_rejected_naming_the_label():
    def change(book):
        cell = bank_cell(book, "labels")
        labels = cell.value.split(" | ")
        labels[2] = "x" * (NAME_MAX + 1)
        cell.value = " | ".join(labels)

    rejected(edited(change), "sheet 'Bank'", f"'labels', label 3, is {NAME_MAX + 1} "
                                             "characters long")


def test_staged_texts_have_the_same_limits():
    def change(book):
        ws = book["Competencies"]
        ws.cell(row_of(ws, 1, "strategy"), 5).value = "x" * (PARAGRAPH_MAX + 1)

    rejected(edited(change, "maturity"), "sheet 'Competencies'", "'stage_1' is "
                                         f"{PARAGRAPH_MAX + 1:,} characters long")


# --- rejected by the bank rules after reading ------------------------------------------------

@pytest.mark.parametrize("sheet, ref, value, expected", [
    ("Recommendations", "B2", "medium", "dimension 'open_sharing', recommendation 1: field "
                                        "'band' must be one of barrier, developing, ready, not "
                                        "'medium'"),
    ("Dimensions", "D2", 9, "dimension 'open_sharing': field 'importance' must be a whole "
                            "number from 1 to 5, not 9"),
    ("Items", "B2", "C01", "dimension 'open_sharing', an item: field 'id' must start with a "
                           "lowercase letter"),
    ("Items", "B3", "c01", "item 'c01': field 'id' 'c01' is used twice"),
    ("Recommendations", "C2", "later", "dimension 'open_sharing', recommendation 1: field "
                                       "'phase' must be one of pilot, capability, rollout"),
    ("Bands", "C2", 10, "bands: band 'min' values must start at 0"),
])
def test_a_broken_bank_in_excel_is_rejected_by_parse_bank_naming_file_and_entry(sheet, ref,
                                                                                 value,
                                                                                 expected):
    def put(book):
        book[sheet][ref] = value

    data = edited(put)
    bank_data_from_workbook(data, FILE)          # the workbook itself is well formed
    rejected(data, f"{FILE}: {expected}")


def test_a_bank_with_reverse_yes_is_rejected_naming_file_and_item():
    def yes(book):
        ws = book["Items"]
        ws.cell(row_of(ws, 2, "c07"), 4).value = "yes"

    rejected(edited(yes), f"{FILE}: sheet 'Items'", "item 'c07'", "'reverse' must be TRUE or "
                                                                  "FALSE, not 'yes'")


def test_a_dimension_losing_its_last_recommendation_for_a_band_is_rejected():
    def drop(book):
        ws = book["Recommendations"]
        for row in reversed(range(2, ws.max_row + 1)):
            if ws.cell(row, 1).value == "critical_mass" and ws.cell(row, 2).value == "ready":
                ws.delete_rows(row)

    rejected(edited(drop), f"{FILE}: dimension 'critical_mass': no recommendation for band(s) "
                           "ready")


def test_stages_out_of_order_are_rejected_by_parse_bank():
    def swap(book):
        book["Stages"]["A2"], book["Stages"]["A3"] = 2, 1

    rejected(edited(swap, "maturity"), "maturity.xlsx: stage 1: field 'level' must be 1",
             filename="maturity.xlsx")


def test_too_few_labels_are_rejected_by_parse_bank():
    def short(book):
        bank_cell(book, "labels").value = "No | Yes"

    rejected(edited(short), f"{FILE}: scale: field 'labels' must list 3 to 11")


# --- TOML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["culture", "maturity"])
def test_bank_to_toml_round_trips_the_shipped_banks(name):
    text = bank_to_toml(shipped(name))
    assert tomllib.loads(text) == shipped(name)
    assert parse_bank(tomllib.loads(text), f"{name}.toml") == load_bank(name)
    assert text.startswith("[bank]\nid = ")


@pytest.mark.parametrize("name", ["culture", "maturity"])
def test_a_workbook_saved_as_a_bank_file_loads_as_the_bank(name, tmp_path):
    data = bank_data_from_workbook(bank_workbook(load_bank(name)), f"{name}.xlsx")
    path = tmp_path / f"{name}.toml"
    path.write_text(bank_to_toml(data), encoding="utf-8")
    assert load_bank(path) == load_bank(name)


@pytest.mark.parametrize("text", HOSTILE)
def test_bank_to_toml_escapes_hostile_strings(text):
    data = {"bank": {"title": text, "labels": [text, "x"]},
            "dimensions": [{"id": "d1", "items": [{"text": text, "reverse": False}]}]}
    assert tomllib.loads(bank_to_toml(data)) == data


def test_bank_to_toml_keeps_every_control_character_and_unicode():
    text = "".join(chr(c) for c in range(0x00, 0x250)) + "🎉\U0010fffd"
    assert tomllib.loads(bank_to_toml({"t": text}))["t"] == text


def test_bank_to_toml_quotes_keys_that_are_not_bare():
    data = {"a b": 1, "a.b": 2, 'q"': 3, "": 4, "ключ": 5, "=1+1": {"x y": [{"z.z": True}]}}
    assert tomllib.loads(bank_to_toml(data)) == data


def test_bank_to_toml_writes_numbers_lists_and_nested_tables():
    data = {"n": 3, "big": 2 ** 62, "neg": -7, "f": 0.1, "whole": 75.0, "tiny": 1e-300,
            "huge": 1e300, "neg_zero": -0.0, "inf": float("inf"), "ninf": float("-inf"),
            "flags": [True, False], "empty": [], "nested": [[1, 2], ["a"]],
            "inline": [{"a": 1}, 2], "day": date(2024, 5, 1),
            "table": {"inner": {"deep": "x"}, "rows": [{"a": 1, "sub": {"b": 2}},
                                                         {"a": 2, "more": [{"c": 3}]}]},
            "empty_table": {}, "long": ["a long descriptor " * 3, "another " * 5]}
    text = bank_to_toml(data)
    assert tomllib.loads(text) == data
    assert isinstance(tomllib.loads(text)["whole"], float)
    assert '[\n  "a long descriptor' in text          # long arrays span lines


def test_bank_to_toml_writes_nan():
    value = tomllib.loads(bank_to_toml({"x": float("nan")}))["x"]
    assert value != value


@pytest.mark.parametrize("data, expected", [
    ({"s": {1, 2}}, "s: TOML cannot hold a set"),
    ({1: "x"}, "a TOML key must be text"),
    ({"t": "bad \ud800"}, "lone surrogate"),
    (["not", "a", "table"], "a bank is a table"),
])
def test_bank_to_toml_rejects_what_toml_cannot_hold(data, expected):
    with pytest.raises(BankError, match=expected):
        bank_to_toml(data)


# --- uploads ---------------------------------------------------------------------------------

def upload(data: bytes, filename: str):
    return parse_bank(bank_data_from_upload(data, filename), filename)


def test_a_toml_bank_file_upload_is_accepted():
    data = (BANKS_DIR / "culture.toml").read_bytes()
    assert upload(data, "culture.toml") == load_bank("culture")
    assert upload(data, "Culture.TOML") == load_bank("culture")


def test_a_toml_file_with_a_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + (BANKS_DIR / "maturity.toml").read_bytes()
    assert upload(data, "maturity.toml") == load_bank("maturity")


def test_an_xlsx_upload_is_read_as_a_workbook():
    assert upload(bank_workbook(load_bank("maturity")), "maturity.xlsx") == load_bank("maturity")


def test_a_png_renamed_to_toml_is_rejected():
    rejected(b"\x89PNG\r\n\x1a\n" + bytes(100), "bank.toml: this is not a TOML bank file",
             "PNG image", filename="bank.toml", upload=True)


def test_binary_content_named_toml_is_rejected():
    rejected(b"id = 1\x00\x01\x02", "bank.toml: this is not a TOML bank file", "binary",
             filename="bank.toml", upload=True)


def test_a_workbook_renamed_to_toml_is_rejected_with_a_hint():
    rejected(bank_workbook(load_bank("culture")), "bank.toml: this is not a TOML bank file",
             "zip archive", ".xlsx extension", filename="bank.toml", upload=True)


def test_a_toml_file_named_xlsx_is_not_an_excel_workbook():
    rejected((BANKS_DIR / "culture.toml").read_bytes(), "bank.xlsx: this is not an Excel "
             "workbook", "plain text", filename="bank.xlsx", upload=True)


def test_a_csv_upload_is_rejected_naming_the_accepted_types():
    rejected(b"id,text\nc01,hello\n", "bank.csv: a question bank must be a bank file (.toml) "
             "or an Excel workbook (.xlsx)", ".csv", filename="bank.csv", upload=True)


@pytest.mark.parametrize("filename, expected", [("bank", "no extension"),
                                                ("bank.xls", "old-style .xls"),
                                                ("bank.xlsm", ".xlsm file")])
def test_other_names_are_rejected(filename, expected):
    rejected(bank_workbook(load_bank("culture")), f"{filename}: a question bank must be",
             expected, filename=filename, upload=True)


def test_invalid_toml_is_rejected_naming_the_file_and_line():
    rejected(b'[bank]\nid = "x"\ntitle = unquoted\n', "bank.toml: not valid TOML", "line 3",
             filename="bank.toml", upload=True)


def test_toml_that_is_not_utf8_is_rejected():
    rejected('[bank]\ntitle = "Culture à la française"\n'.encode("latin-1"),
             "bank.toml: this is not a TOML bank file: it is not UTF-8 text",
             filename="bank.toml", upload=True)


def test_utf16_toml_is_rejected():
    rejected('[bank]\nid = "x"\n'.encode("utf-16"), "bank.toml: the file is UTF-16 text",
             filename="bank.toml", upload=True)


def test_an_empty_toml_file_is_rejected():
    rejected(b"", "bank.toml: the file is empty", filename="bank.toml", upload=True)


def test_deeply_nested_toml_is_rejected():
    rejected(b"a = " + b"[" * 50_000 + b"]" * 50_000, "bank.toml: not valid TOML",
             filename="bank.toml", upload=True)


def test_valid_toml_that_is_not_a_bank_is_rejected_by_parse_bank():
    rejected(b'title = "not a bank"\n', "bank.toml: bank: the [bank] table is missing",
             filename="bank.toml", upload=True)


@pytest.mark.parametrize("filename", ["bank.toml", "bank.xlsx", "bank.csv"])
def test_an_oversized_upload_is_rejected_before_parsing(filename, monkeypatch):
    monkeypatch.setattr(workbooks, "load_workbook", never)
    monkeypatch.setattr(workbooks.zipfile, "ZipFile", never)
    monkeypatch.setattr(module.tomllib, "loads", never)
    data = b"PK\x03\x04" + bytes(MAX_BYTES)
    rejected(data, f"{filename}: the file is 5.0 MB; a question bank may be at most 5 MB",
             filename=filename, upload=True)


# --- outcome statements and gap advice -------------------------------------------------------

def test_outcomes_and_gap_advice_travel_through_the_workbook(culture_bank):
    def change(book):
        book["Outcomes"].append(["o02", "I would post a question to people I do not know."])
        book["Gap recommendations"].append(["open_sharing", 25, "capability",
                                            "Compare views of safety", "Side by side."])

    bank = imported(edited(change))
    assert [o.id for o in bank.outcomes] == ["o01", "o02"]
    sharing = next(d for d in bank.dimensions if d.id == "open_sharing")
    assert [(g.min_gap, g.phase, g.title) for g in sharing.gap_recommendations] == [
        (25, "capability", "Compare views of safety")]
    assert bank.items == culture_bank.items


def test_a_workbook_made_before_outcomes_existed_still_reads(culture_bank):
    def drop(book):
        del book["Outcomes"]
        del book["Gap recommendations"]

    bank = imported(edited(drop))
    assert bank.outcomes == ()
    assert all(d.gap_recommendations == () for d in bank.dimensions)
    assert bank.items == culture_bank.items


def test_a_gap_row_for_an_unknown_dimension_is_rejected_naming_the_cell():
    def change(book):
        book["Gap recommendations"].append(["no_such", 20, "pilot", "T", "D"])

    rejected(edited(change), "sheet 'Gap recommendations'", "cell A3",
             "dimension 'no_such' is not on the Dimensions sheet")


def test_a_gap_below_one_point_is_rejected_naming_the_dimension():
    def change(book):
        ws = book["Gap recommendations"]
        ws.cell(2, 2).value = 0

    rejected(edited(change), "dimension 'leadership_dialogue', gap recommendation 1",
             "'min_gap' must be a number from 1 to 100")


# --- translations ----------------------------------------------------------------------------

def column_of(ws, label: str) -> int:
    return next(c.column for c in ws[1] if c.value == label)


def test_translations_travel_through_the_workbook_in_their_own_columns(culture_bank):
    book = load(bank_workbook(culture_bank))
    items = book["Items"]
    c03 = row_of(items, 2, "c03")
    assert items.cell(c03, column_of(items, "text.de")).value == (
        "Offen eingestandene Fehler werden der betreffenden Person später vorgehalten.")
    assert bank_cell(book, "languages").value == "de | fr"
    assert bank_cell(book, "labels.fr").value.startswith("Pas du tout d’accord | ")
    assert imported(bank_workbook(culture_bank)) == culture_bank


def test_a_staged_banks_translations_travel_through_the_workbook_too():
    data = assessments.bank_data(load_bank("maturity"))
    data["bank"]["languages"] = ["de", "fr"]
    data["bank"]["translations"] = {"fr": {"title": "Maturité"}}
    data["stages"][1]["translations"] = {"de": {"name": "Entstehende Community"}}
    data["competencies"][2]["translations"] = {"de": {"descriptors": ["a", "b", "c", "d"]},
                                               "fr": {"name": "Culture"}}
    data["competencies"][0]["actions"][1]["translations"] = {"fr": {"detail": "Détail"}}
    bank = parse_bank(data)
    book = load(bank_workbook(bank))
    assert [c.value for c in book["Competencies"][1]][8:] == [
        "name.de", "description.de", "stage_1.de", "stage_2.de", "stage_3.de", "stage_4.de",
        "name.fr", "description.fr", "stage_1.fr", "stage_2.fr", "stage_3.fr", "stage_4.fr"]
    assert imported(bank_workbook(bank), "maturity.xlsx") == bank


def test_an_empty_translation_cell_reads_as_english_and_the_import_lists_it(culture_bank):
    def forget(book):
        items = book["Items"]
        items.cell(row_of(items, 2, "c03"), column_of(items, "text.fr")).value = None
        bank_cell(book, "dont_know.de").value = None
        advice = book["Recommendations"]
        advice.cell(2, column_of(advice, "detail.de")).value = "  "

    bank = imported(edited(forget))
    assert translated(bank, "fr").item("c03").text == culture_bank.item("c03").text
    assert translated(bank, "de").dont_know == "Don't know"
    assert missing_text(missing_translations(bank)) == [
        "German (de): 2 entries shown in English: the answer scale (dont_know); dimension "
        "'open_sharing', recommendation 1 (detail)",
        "French (fr): 1 entry shown in English: item 'c03' (text)"]


def test_a_workbook_made_before_translations_reads_as_a_bank_without_them(culture_bank):
    def older(book):
        for ws in book.worksheets[2:]:
            for column in sorted((c.column for c in ws[1] if "." in str(c.value)),
                                 reverse=True):
                ws.delete_cols(column)
        ws = book["Bank"]
        for row in sorted((r for r in range(2, ws.max_row + 1)
                           if "." in ws.cell(r, 1).value or ws.cell(r, 1).value == "languages"),
                          reverse=True):
            ws.delete_rows(row)

    bank = imported(edited(older))
    assert bank.languages == () and missing_translations(bank) == []
    assert [i.text for i in bank.items] == [i.text for i in culture_bank.items]


def test_a_translation_column_in_a_language_the_bank_does_not_list_is_rejected():
    def spanish(book):
        items = book["Items"]
        items.cell(1, items.max_column + 1).value = "text.es"

    rejected(edited(spanish), "sheet 'Items', cell G1: the column 'text.es' holds a translation "
                              "into 'es', which the Bank sheet's 'languages' row does not list "
                              "(it lists de, fr)")


def test_a_bank_row_in_a_language_the_bank_does_not_list_is_rejected():
    def spanish(book):
        book["Bank"].append(["title.es", "Preparación cultural"])

    last = load(bank_workbook(load_bank("culture")))["Bank"].max_row
    rejected(edited(spanish), f"sheet 'Bank', cell A{last + 1}: a row in 'es', which the "
                              "'languages' row does not list")


def test_a_translation_breaking_a_rule_is_rejected_naming_the_cell():
    def long(book):
        dimensions = book["Dimensions"]
        dimensions.cell(2, column_of(dimensions, "name.de")).value = "N" * (NAME_MAX + 1)

    rejected(edited(long), "sheet 'Dimensions', cell E2 (dimension 'open_sharing'): 'name.de'")


def test_formula_like_text_in_a_translation_is_written_inert_and_read_back_as_typed():
    data = assessments.bank_data(load_bank("culture"))
    data["dimensions"][0]["items"][0]["translations"]["de"]["text"] = "=HYPERLINK(\"x\")"
    bank = parse_bank(data)
    items = load(bank_workbook(bank))["Items"]
    assert items.cell(2, column_of(items, "text.de")).value == "'=HYPERLINK(\"x\")"
    assert imported(bank_workbook(bank)) == bank
