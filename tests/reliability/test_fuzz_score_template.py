"""Fuzzing the vendor score template upload: read, preview, apply.

Parser: ``reports.score_template.read_score_template(data, filename, vendors, criteria)``,
then ``preview_changes`` and ``workspace.save_scores`` as the Vendor scoring page runs them
(``fuzz_helpers.import_scores``), on a copy of a workspace whose small engagement has three
vendors (one named like a formula), six criteria and two scorers.

Allowed errors: :class:`reports.score_template.ImportRejected` from reading (its message names
the file); nothing from ``preview_changes`` on what the reader returned; a
:class:`workspace.WorkspaceError` from ``save_scores``. A rejected upload leaves the
workspace unchanged; an applied one leaves exactly the uploaded scores and evidence.

Inputs: the template the page offers, changed with openpyxl (cell values of every type:
formulas, dates, times, NaN-like text, unicode digits, huge text and numbers; rows, columns
and sheets removed, added, renamed; merged cells, array formulas, far cells), with its XML
changed by hand, with damaged bytes, and random bytes.
"""
from __future__ import annotations

import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.reliability.fuzz_helpers import (FUZZ, import_scores, mutated_bytes,
                                            mutated_workbook, mutated_xlsx_parts,
                                            score_template_bytes, workbook_with)


def _vendor_id_cell() -> str:
    """The coordinate of the first vendor id in the hidden key row of the Scores sheet."""
    ws = load_workbook(io.BytesIO(score_template_bytes()))["Scores"]
    for row in ws.iter_rows():
        if row[0].value == "Vendor id":
            return row[3].coordinate
    raise AssertionError("no key row")


def test_the_unchanged_template_is_accepted():
    import_scores(score_template_bytes())


@settings(FUZZ, max_examples=35)
@given(data=st.data())
@example(data=("Scores", "²")).via("a vendor id in superscript digits")
@example(data=("Scores", "9" * 5_000)).via("a vendor id of 5,000 digits")
@example(data=("Evidence", "²")).via("an evidence row's vendor id in superscript digits")
def test_edited_template_is_applied_whole_or_rejected_with_import_rejected(data):
    if isinstance(data, tuple):
        sheet, value = data
        cell = _vendor_id_cell() if sheet == "Scores" else "B5"
        raw = workbook_with(score_template_bytes(), {(sheet, cell): value})
    else:
        raw, notes = data.draw(mutated_workbook(score_template_bytes()), label="template")
    import_scores(raw)


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_template_with_damaged_xml_is_rejected_with_import_rejected(data):
    raw, notes = data.draw(mutated_xlsx_parts(score_template_bytes()), label="parts")
    import_scores(raw)


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_template_with_damaged_bytes_is_rejected_with_import_rejected(data):
    import_scores(data.draw(mutated_bytes(score_template_bytes()), label="bytes"))


@settings(FUZZ, max_examples=30)
@given(raw=st.one_of(st.binary(max_size=200), st.binary(max_size=60).map(
           lambda tail: b"PK\x03\x04" + tail), st.text(max_size=80).map(str.encode)),
       filename=st.sampled_from(["scores.xlsx", "scores.csv", "", "s"]))
def test_random_bytes_are_rejected_with_import_rejected(raw, filename):
    import_scores(raw, filename or "the upload")
