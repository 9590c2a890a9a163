"""The upload opener: no XML entity is ever expanded, and a workbook is measured whole (sheets,
cells, text across every sheet) before a single cell is loaded.

Every import (score templates, bank workbooks) opens uploads through
``datafiles.workbooks.open_upload``; the readers' own checks are tested with them.
"""
from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl import Workbook

from datafiles import workbooks
from tests.reliability.fuzz_helpers import rewrite_zip

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


class Rejected(ValueError):
    """The caller's own error type, as the readers pass it in ``fail``."""


def open_upload(data: bytes):
    return workbooks.open_upload(data, Rejected, "a test workbook", "upload the right file")


def rejected(data: bytes, *fragments: str) -> str:
    with pytest.raises(Rejected) as caught:
        open_upload(data)
    for fragment in fragments:
        assert fragment in str(caught.value)
    return str(caught.value)


def workbook_bytes(sheets: int = 1, fill=None) -> bytes:
    """A plain workbook with ``sheets`` sheets; ``fill(ws)`` writes into each."""
    book = Workbook()
    for n in range(sheets):
        ws = book.active if n == 0 else book.create_sheet()
        ws.title = f"Sheet {n + 1}"
        if fill:
            fill(ws)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, body: bytes, prolog: bytes = b"",
                   part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """``data`` whose ``part`` is a worksheet with ``body`` as its sheet data."""
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b"<worksheet " + MAIN
           + b"><sheetData>" + body + b"</sheetData></worksheet>")
    return rewrite_zip(data, lambda name, content: xml if name == part else content)


def entities(levels: int, seed: bytes) -> bytes:
    """A DTD whose last entity expands to 10 ** (levels - 1) copies of ``seed``."""
    declared = [b"<!ENTITY e0 '" + seed + b"'>"] + [
        b'<!ENTITY e%d "%s">' % (n, b"&e%d;" % (n - 1) * 10) for n in range(1, levels)]
    return b"<!DOCTYPE worksheet [" + b"".join(declared) + b"]>"


# --- entities ------------------------------------------------------------------------------------

def test_uploads_are_parsed_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    workbooks.check_defused()       # raises when it is not


def test_the_opener_refuses_to_run_when_openpyxl_would_expand_entities(monkeypatch):
    from openpyxl.reader import strings

    monkeypatch.setattr(strings, "iterparse", ElementTree.iterparse)
    with pytest.raises(workbooks.UnsafeParser, match="install the defusedxml package"):
        workbooks.check_defused()
    rejected(workbook_bytes(), "workbook uploads are turned off", "install the defusedxml")


def test_a_billion_laughs_in_a_cell_is_rejected_naming_the_declaration():
    bomb = with_sheet_xml(workbook_bytes(), b'<row r="1"><c r="A1" t="inlineStr"><is><t>&e9;'
                                             b"</t></is></c></row>", entities(10, b"lol"))
    assert len(bomb) < 10_000
    rejected(bomb, "xl/worksheets/sheet1.xml declares a DTD or XML entities",
             "entity bomb")


def test_an_entity_that_expands_to_many_cells_on_every_sheet_is_rejected():
    """The shape that took the server past 2.7 GB: each sheet's entity stays under expat's
    own amplification limit, so only the declaration gives it away."""
    cells = entities(6, b'<c t="inlineStr"><is><t>lol</t></is></c>')
    data = workbook_bytes(sheets=8)
    for n in range(1, 9):
        data = with_sheet_xml(data, b'<row r="1">&e5;</row>', cells,
                              part=f"xl/worksheets/sheet{n}.xml")
    assert len(data) < 40_000
    rejected(data, "declares a DTD or XML entities")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "[Content_Types].xml",
                                  "xl/_rels/workbook.xml.rels", "docProps/core.xml",
                                  "xl/styles.xml"])
def test_a_dtd_in_any_part_is_rejected(part):
    def declare(name: str, content: bytes) -> bytes:
        if name != part:
            return content
        declaration = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        head, mark, rest = content.partition(b"?>")
        return head + mark + declaration + rest if mark else declaration + content

    rejected(rewrite_zip(workbook_bytes(), declare), f"{part} declares a DTD")


def test_a_utf16_part_cannot_hide_its_declaration():
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "b">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData/></worksheet>').encode("utf-16")
    data = rewrite_zip(workbook_bytes(), lambda name, content:
                       xml if name == "xl/worksheets/sheet1.xml" else content)
    rejected(data, "declares a DTD")


# --- measured whole, before loading --------------------------------------------------------------

@pytest.fixture
def never_loaded(monkeypatch):
    """Loading cells is an error: the checks must come first."""
    def load(*args, **kwargs):
        raise AssertionError("the workbook was loaded before it was measured")

    monkeypatch.setattr(workbooks, "load_workbook", load)


def test_more_sheets_than_any_import_needs_are_rejected_before_loading(never_loaded):
    rejected(workbook_bytes(sheets=workbooks.MAX_SHEETS + 1),
             f"{workbooks.MAX_SHEETS + 1} sheets; at most {workbooks.MAX_SHEETS} are accepted")


def test_cells_are_counted_across_every_sheet(monkeypatch, never_loaded):
    """Sheets each within the per-sheet limit, too many together."""
    monkeypatch.setattr(workbooks, "MAX_CELLS", 1_000)
    monkeypatch.setattr(workbooks, "MAX_SHEET_CELLS", 600)

    def fill(ws):
        for row in range(1, 31):
            for column in range(1, 11):
                ws.cell(row, column, row * column)

    rejected(workbook_bytes(sheets=4, fill=fill),
             "holds more than 1,000 cells across its sheets, the most accepted")


def test_a_shared_string_counts_once_for_every_cell_that_shows_it(never_loaded):
    """One 100,000-character text shown in 500 cells is 50 million characters to a reader."""
    text = "x" * 100_000
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN + b' count="1" '
              b'uniqueCount="1"><si><t>' + text.encode() + b"</t></si></sst>")
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r)
                    for r in range(1, 501))
    data = with_sheet_xml(workbook_bytes(), rows)
    data = _add_shared_strings(data, shared)
    assert len(data) < 30_000
    rejected(data, "50,000,000 characters of text across its sheets",
             f"at most {workbooks.MAX_TEXT:,}")


def _add_shared_strings(data: bytes, shared: bytes) -> bytes:
    def change(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                   b'ContentType="application/vnd.openxmlformats-'
                                   b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://'
                                   b"schemas.openxmlformats.org/officeDocument/2006/"
                                   b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                   b"</Relationships>")
        return content

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(rewrite_zip(data, change))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def test_a_workbook_within_the_limits_opens_with_its_shared_strings():
    """The same construction within the limits: the measure is of the workbook, not a guess."""
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN + b'><si><t>hello</t></si>'
              b"<si><r><t>rich </t></r><r><t>text</t></r></si></sst>")
    rows = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            b'<c r="C1"><v>42</v></c><c r="D1" t="inlineStr"><is><t>inline</t></is></c></row>')
    data = _add_shared_strings(with_sheet_xml(workbook_bytes(), rows), shared)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = workbooks.measure(archive)
    assert (size.sheets, size.cells, size.text) == (1, 4, len("hello" "rich text" "42" "inline"))
    book = open_upload(data)
    assert [c.value for c in book.active[1]] == ["hello", "rich text", 42, "inline"]
