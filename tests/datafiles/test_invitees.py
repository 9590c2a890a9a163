"""Invitee lists: CSV or Excel, checked like every upload; a malformed list is refused with
its row and column named, and nothing is imported."""
import io

import openpyxl
import pytest

from datafiles import workbooks
from datafiles.invitees import MAX_BYTES, InviteeError, read_invitees
from workspace.pulse import Segment

SEGMENTS = (Segment("department", "Department", ("Sales", "IT")),
            Segment("role", "Role", ("Leader", "Manager", "Employee")))


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, *parts: str, filename: str = "staff.csv") -> str:
    with pytest.raises(InviteeError) as caught:
        read_invitees(data, filename, SEGMENTS)
    for part in parts:
        assert part in str(caught.value), str(caught.value)
    return str(caught.value)


def test_a_csv_list_gives_identifiers_and_segment_values_by_name_or_id():
    listed = read_invitees(csv_bytes("email,Department,role,First name\n"
                                     "a@x.org,sales,Leader,Ann\nb@x.org,IT,,Bo\n"),
                           "staff.csv", SEGMENTS)
    assert [(i.identifier, i.segments) for i in listed.invitees] == [
        ("a@x.org", {"department": "Sales", "role": "Leader"}), ("b@x.org", {"department": "IT"})]
    assert listed.ignored == ("First name",) and listed.missing == ()


def test_semicolons_a_byte_order_mark_and_empty_rows_are_fine():
    listed = read_invitees("\ufeffidentifier;Role\n\n1001;Employee\n;\n1002;manager\n"
                           .encode("utf-8"), "staff.csv", SEGMENTS)
    assert [i.identifier for i in listed.invitees] == ["1001", "1002"]
    assert listed.missing == ("Department",)


def test_an_excel_list_reads_the_same():
    listed = read_invitees(workbook([["Identifier", "Department"], [1001, "IT"]]),
                           "staff.xlsx", SEGMENTS)
    assert [(i.identifier, i.segments) for i in listed.invitees] == [
        ("1001", {"department": "IT"})]


def test_a_value_that_is_not_the_segments_names_row_and_column():
    refused(csv_bytes("email,Department\na@x.org,Sales\nb@x.org,Fnance\n"),
            "row 3, column B (Department)", "“Fnance” is not a value of Department",
            "Sales, IT")


def test_an_identifier_given_twice_names_both_rows():
    refused(csv_bytes("email\na@x.org\nA@X.org\n"), "row 3, column A (email)",
            "listed twice (also row 2)")


def test_an_empty_identifier_names_the_cell():
    refused(csv_bytes("Department,email\nIT,\n"), "row 2, column B (email)",
            "identifier is empty")


def test_a_cell_beyond_the_header_names_row_and_column_and_nothing_is_read():
    refused(csv_bytes("email,Department\na@x.org,Sales\nb@x.org,IT,Leader\n"),
            "row 3, column C holds “Leader” but the header has no column there")
    refused(workbook([["email"], ["a@x.org"], ["b@x.org", None, "Sales"]]),
            "row 3, column C holds “Sales”", filename="staff.xlsx")
    refused(csv_bytes("email,,Department\na@x.org,IT,Sales\n"),
            "row 2, column B holds “IT” but the header has no column there")


def test_empty_cells_beyond_the_header_are_fine():
    listed = read_invitees(csv_bytes("email,Department\na@x.org,Sales,,\n"), "staff.csv",
                           SEGMENTS)
    assert [i.identifier for i in listed.invitees] == ["a@x.org"]


def test_a_list_without_an_identifier_column_says_so():
    refused(csv_bytes("name,Department\nAnn,IT\n"), "row 1", "no 'identifier' column")


def test_a_formula_in_a_workbook_is_refused_naming_the_cell():
    refused(workbook([["email", "Department"], ["a@x.org", "=HYPERLINK(\"x\")"]]),
            "cell B2 holds a formula", filename="staff.xlsx")


def test_an_entity_bomb_is_refused_before_parsing(monkeypatch):
    from tests.datafiles.test_workbooks import entities, with_sheet_xml

    def never(*args, **kwargs):
        raise AssertionError("parsed")

    bomb = with_sheet_xml(workbook([["email"], ["a@x.org"]]),
                          b"<row><c t='inlineStr'><is><t>&e7;</t></is></c></row>",
                          prolog=entities(8, b"lol"))
    monkeypatch.setattr(workbooks, "load_workbook", never)
    refused(bomb, "declares a DTD or XML entities", filename="staff.xlsx")


@pytest.mark.parametrize("data, part", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
    ("email\né".encode("latin-1"), "not UTF-8 text"),
    (b"", "the list is empty"),
    (b"email\n", "nobody under it"),
])
def test_files_that_are_not_lists_are_refused(data, part):
    refused(data, part)


def test_a_file_over_the_size_limit_is_refused_without_reading():
    refused(b"email\n" + b"a" * MAX_BYTES, "may be at most 5 MB")


def test_an_identifier_over_the_name_limit_is_refused():
    refused(csv_bytes("email\n" + "a" * 201 + "\n"), "row 2, column A",
            "201 characters long; at most 200")
