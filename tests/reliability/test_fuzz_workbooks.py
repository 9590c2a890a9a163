"""Fuzzing the defensive opener every workbook import goes through.

Parser: ``datafiles.workbooks.open_upload(data, fail, document, advice)`` and the checks
run on what it opens (``formula_in``, ``too_large``). The only error it may raise is the
caller's own, ``fail(message)`` (here :class:`Rejected`); the readers built on it
(``bank_excel``, ``score_template``) are fuzzed in their own files.

Inputs: random bytes; a real workbook with bytes damaged anywhere or in the zip's central
directory; hand-made zips (unknown compression methods, encrypted and duplicate members,
members that claim a size they do not have, XML entity bombs, members missing).
"""
from __future__ import annotations

import io
import struct
import warnings
import zipfile

from hypothesis import example, given, settings
from hypothesis import strategies as st

from datafiles import workbooks
from tests.reliability.fuzz_helpers import (FUZZ, mutated_bytes, outcome, rewrite_zip,
                                            score_template_bytes)


class Rejected(ValueError):
    """The caller's error type, as a reader passes it in ``fail``."""


def open_and_check(data: bytes) -> None:
    ok, workbook = outcome(lambda: workbooks.open_upload(
        data, Rejected, "a test workbook", "upload the right file"), (Rejected,), "open_upload")
    if ok:
        for ws in workbook.worksheets:
            if not workbooks.too_large(ws):
                workbooks.formula_in(ws)
                text = "".join(str(c.value) for row in ws.iter_rows() for c in row)
                assert "root:" not in text, "an external entity was read into a cell"
                assert "lol" * 1_000 not in text, "an entity bomb was expanded"


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;")
                                                 * 10) for n in range(1, 10))
          + b"]>" + SHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;'
            b"</t></is></c></row></sheetData></worksheet>")
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + SHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is>'
            b"</c></row></sheetData></worksheet>")


@settings(FUZZ, max_examples=60)
@given(data=st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(
    lambda tail: b"PK\x03\x04" + tail), st.sampled_from([
        b"", b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18, b"\xd0\xcf\x11\xe0" + b"\x00" * 60,
        "Criterion id;Vendor id\n".encode(), b"\xef\xbb\xbfa,b\n", b"\x89PNG\r\n\x1a\n"])))
def test_random_bytes_are_rejected_with_the_callers_error(data):
    open_and_check(data)


@settings(FUZZ, max_examples=40)
@given(data=st.data(), tail=st.booleans())
def test_damaged_workbook_is_opened_or_rejected_with_the_callers_error(data, tail):
    raw = score_template_bytes()
    if tail:      # the central directory and end record: what zipfile reads first
        cut = len(raw) - 400
        raw = raw[:cut] + data.draw(mutated_bytes(raw[cut:]), label="tail")
    else:
        raw = data.draw(mutated_bytes(raw), label="bytes")
    open_and_check(raw)


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")          # the duplicate member is the point
        for name, content, method in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            archive.writestr(info, content)
    return out.getvalue()


def _lying_sizes(data: bytes, size: int) -> bytes:
    """``data`` whose central directory claims every member unpacks to ``size`` bytes."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + 24:at + 28] = struct.pack("<I", size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@settings(FUZZ, max_examples=40)
@given(how=st.sampled_from(["laughs", "external", "drop", "duplicate", "lzma", "bzip2",
                            "claims huge", "claims small", "encrypted"]),
       part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                             "xl/workbook.xml", "[Content_Types].xml", "docProps/core.xml",
                             "xl/_rels/workbook.xml.rels", "xl/styles.xml"]))
@example(how="laughs", part="xl/worksheets/sheet1.xml")
@example(how="external", part="xl/worksheets/sheet2.xml")
def test_hostile_zip_is_opened_or_rejected_with_the_callers_error(how, part):
    raw = score_template_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = [(name, archive.read(name), zipfile.ZIP_DEFLATED)
                   for name in archive.namelist()]
    if how in ("laughs", "external"):
        raw = rewrite_zip(raw, lambda name, content: (LAUGHS if how == "laughs" else EXTERNAL)
                          if name == part else content)
    elif how == "drop":
        raw = rewrite_zip(raw, lambda name, content: None if name == part else content)
    elif how == "duplicate":
        raw = _zip(members + [(part, b"<x/>", zipfile.ZIP_STORED)])
    elif how in ("lzma", "bzip2"):
        method = zipfile.ZIP_LZMA if how == "lzma" else zipfile.ZIP_BZIP2
        raw = _zip([(n, c, method if n == part else m) for n, c, m in members])
    elif how == "claims huge":
        raw = _lying_sizes(raw, 0xFFFFFFF0)
    elif how == "claims small":
        raw = _lying_sizes(raw, 1)
    else:       # the "encrypted" flag bit set on every member
        out = bytearray(raw)
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = out.find(signature)
            while at != -1:
                out[at + offset] |= 1
                at = out.find(signature, at + 4)
        raw = bytes(out)
    open_and_check(raw)
