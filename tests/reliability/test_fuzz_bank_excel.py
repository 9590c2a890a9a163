"""Fuzzing question banks as Excel workbooks: upload, read, validate, install.

Parser: ``assessments.bank_excel.bank_data_from_upload(data, "<name>.xlsx")`` (which calls
``bank_data_from_workbook``), then ``assessments.parse_bank`` and ``workspace.install_bank``
as the Question banks page runs them.

Allowed errors: :class:`assessments.BankError` from reading and validating (its message names
the file, and the sheet and cell where there is one); :class:`workspace.InvalidInput` from
install. A rejected install leaves the workspace unchanged; an installed bank reads back and
downloads as TOML unchanged (see ``fuzz_helpers.upload_and_install_bank``).

Inputs: workbooks made by ``bank_workbook`` from the shipped banks (under ids that are not
reserved), changed with openpyxl (cell values of every type including formulas, dates, huge
and unicode text; rows, columns and sheets removed, added or renamed; merged cells; array
formulas; cells far away), with their XML changed by hand (cell type attributes openpyxl does
not write, damaged or missing parts), and random bytes.
"""
from __future__ import annotations

import tomllib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessments import BankError, available_banks, parse_bank
from assessments.bank import BANKS_DIR
from assessments.bank_excel import bank_data_from_workbook, bank_workbook
from tests.reliability.fuzz_helpers import (FUZZ, mutated_bytes, mutated_workbook,
                                            mutated_xlsx_parts, outcome,
                                            upload_and_install_bank, workbook_with)

WORKBOOKS = {}
for _name in available_banks():
    _text = (BANKS_DIR / f"{_name}.toml").read_text(encoding="utf-8")
    _text = _text.replace(f'id = "{_name}"', f'id = "fuzz_{_name}"', 1)
    WORKBOOKS[_name] = bank_workbook(parse_bank(tomllib.loads(_text), f"{_name}.toml"))
NAMES = sorted(WORKBOOKS)


def test_the_unchanged_workbooks_are_accepted():
    for name in NAMES:
        bank = parse_bank(bank_data_from_workbook(WORKBOOKS[name], f"{name}.xlsx"))
        assert bank.id == f"fuzz_{name}"


@settings(FUZZ, max_examples=35)
@given(name=st.sampled_from(NAMES), data=st.data())
@example(name="culture", data=("Bank", "A2", "9" * 5_000)).via(
    "a 5,000-character field name: the whole name was in the message")
@example(name="culture", data=("Bank", "B2", "0" * 5_000)).via(
    "a 5,000-character bank id: the whole id was in the message")
@example(name="culture", data=("Items", "A2", "x" * 5_000)).via(
    "an item row naming a 5,000-character dimension id")
def test_edited_bank_workbook_is_installed_whole_or_rejected_with_a_bank_error(name, data):
    if isinstance(data, tuple):
        sheet, cell, value = data
        raw = workbook_with(WORKBOOKS[name], {(sheet, cell): value})
    else:
        raw, notes = data.draw(mutated_workbook(WORKBOOKS[name]), label="workbook")
    upload_and_install_bank(raw, f"{name}.xlsx")


@settings(FUZZ, max_examples=40)
@given(name=st.sampled_from(NAMES), data=st.data())
def test_bank_workbook_with_damaged_xml_is_rejected_with_a_bank_error(name, data):
    raw, notes = data.draw(mutated_xlsx_parts(WORKBOOKS[name]), label="parts")
    upload_and_install_bank(raw, f"{name}.xlsx")


@settings(FUZZ, max_examples=40)
@given(name=st.sampled_from(NAMES), data=st.data())
def test_bank_workbook_with_damaged_bytes_is_rejected_with_a_bank_error(name, data):
    raw = data.draw(mutated_bytes(WORKBOOKS[name]), label="bytes")
    upload_and_install_bank(raw, f"{name}.xlsx")


@settings(FUZZ, max_examples=40)
@given(raw=st.one_of(st.binary(max_size=200), st.binary(max_size=60).map(
    lambda tail: b"PK\x03\x04" + tail)))
def test_random_bytes_named_xlsx_are_rejected_with_a_bank_error(raw):
    ok, error = outcome(lambda: bank_data_from_workbook(raw, "bank.xlsx"), (BankError,))
    assert not ok and "bank.xlsx" in str(error)
