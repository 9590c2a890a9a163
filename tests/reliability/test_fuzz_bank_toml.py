"""Fuzzing question banks as TOML: the dict parser, uploads, bank files, install and download.

Parsers and the errors each may raise (nothing else may come out):

- ``assessments.parse_bank(data, origin)``: :class:`assessments.BankError`.
- ``assessments.bank_excel.bank_data_from_upload(data, "<name>.toml")`` (and any other file
  name): :class:`BankError`.
- ``assessments.load_bank(path)``: :class:`BankError`.
- ``assessments.bank_excel.bank_to_toml(data)`` (the TOML download of an installed bank):
  :class:`BankError`.
- ``workspace.install_bank(...)`` of a bank ``parse_bank`` accepted:
  :class:`workspace.InvalidInput`; a rejected install leaves the workspace unchanged.

An accepted bank survives install, reading back and the TOML download unchanged.
"""
from __future__ import annotations

import tomllib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessments import BankError, available_banks, load_bank, parse_bank
from assessments.bank import BANKS_DIR
from assessments.bank_excel import bank_to_toml
from tests.reliability.fuzz_helpers import (FUZZ, Doc, Nested, documents, materialize, mutated,
                                            mutated_bytes, outcome, upload_and_install_bank,
                                            values)

SHIPPED = {name: (BANKS_DIR / f"{name}.toml").read_bytes() for name in available_banks()}
# The shipped banks under an id that is not reserved, so that install is reached.
RENAMED = {name: text.replace(f'id = "{name}"'.encode(), f'id = "fuzz_{name}"'.encode(), 1)
           for name, text in SHIPPED.items()}
DATA = {name: tomllib.loads(text.decode()) for name, text in RENAMED.items()}
TOML_VALUES = values(dates=True)
DEEP_TOML = b"a = " + b"[" * 5_000 + b"]" * 5_000
LONG_INTEGER_TOML = b"[bank]\nid = " + b"9" * 5_000 + b"\n"


@settings(FUZZ, max_examples=150)
@given(name=st.sampled_from(sorted(DATA)), data=st.data())
def test_parse_bank_rejects_any_mutated_bank_with_a_bank_error(name, data):
    doc = data.draw(mutated(DATA[name], TOML_VALUES, max_changes=4))
    ok, result = outcome(lambda: parse_bank(doc.value, f"{name}.toml"), (BankError,))
    if not ok:
        assert f"{name}.toml" in str(result)


@settings(FUZZ, max_examples=100)
@given(doc=st.one_of(documents(TOML_VALUES), documents(st.dictionaries(st.sampled_from(
    ["bank", "scale", "scoring", "bands", "dimensions", "stages", "competencies"]),
    TOML_VALUES, max_size=7))))
@example(doc=Doc({"bank": {"id": "x", "version": "1", "title": "t", "source": "s",
                           "kind": materialize(Nested(5_000))}}, ["kind nested 5,000 deep"]))
@example(doc=Doc({"bank": {"id": "x", "version": "1", "title": "t", "source": "s",
                           "kind": 10 ** 5_000}}, ["kind an integer of 5,001 digits"]))
def test_parse_bank_rejects_any_document_with_a_bank_error(doc):
    outcome(lambda: parse_bank(doc.value, "random.toml"), (BankError,))


@settings(FUZZ, max_examples=40)
@given(name=st.sampled_from(sorted(DATA)), data=st.data())
def test_mutated_bank_uploaded_as_toml_is_installed_whole_or_rejected(name, data):
    doc = data.draw(mutated(DATA[name], TOML_VALUES, max_changes=2))
    ok, text = outcome(lambda: bank_to_toml(doc.value), (BankError,))
    if ok:
        upload_and_install_bank(text.encode("utf-8"), f"{name}.toml")


@settings(FUZZ, max_examples=80)
@given(name=st.sampled_from(sorted(RENAMED)), data=st.data())
@example(name="culture", data=DEEP_TOML).via("a TOML array nested 5,000 deep")
@example(name="culture", data=LONG_INTEGER_TOML).via("an integer of 5,000 digits")
def test_damaged_toml_upload_is_rejected_with_a_bank_error(name, data):
    raw = data if isinstance(data, bytes) else data.draw(mutated_bytes(RENAMED[name]))
    upload_and_install_bank(raw, f"{name}.toml")


@settings(FUZZ, max_examples=100)
@given(raw=st.one_of(st.binary(max_size=300), st.sampled_from([
           b"", b"\xff\xfe[\x00", b"PK\x03\x04junk", b"%PDF-1.4", b"\x89PNG\r\n",
           b"\xd0\xcf\x11\xe0", b"[bank]\nid = 1\n", b"\xef\xbb\xbf[bank]",
           "é".encode("latin-1")])),
       filename=st.sampled_from(["bank.toml", "bank.TOML", "bank.xlsx", "bank.xls", "bank",
                                 "bank.csv", "", ".toml", "a.b.toml", "bank.toml.xlsx"]))
def test_any_bytes_under_any_name_are_rejected_with_a_bank_error(raw, filename):
    upload_and_install_bank(raw, filename)


@settings(FUZZ, max_examples=60)
@given(name=st.sampled_from(sorted(RENAMED)), data=st.data())
@example(name="culture", data=DEEP_TOML).via("a bank file with arrays nested 5,000 deep")
@example(name="culture", data=LONG_INTEGER_TOML).via("a bank file with a 5,000-digit id")
def test_load_bank_rejects_a_damaged_bank_file_with_a_bank_error(tmp_path_factory, name, data):
    raw = data if isinstance(data, bytes) else data.draw(mutated_bytes(RENAMED[name]))
    path = tmp_path_factory.mktemp("banks") / f"{name}.toml"
    path.write_bytes(raw)
    ok, bank = outcome(lambda: load_bank(path), (BankError,))
    if ok:
        assert bank == parse_bank(tomllib.loads(raw.decode("utf-8")), path.name)
    else:
        assert path.name in str(bank)


@settings(FUZZ, max_examples=100)
@given(doc=documents(TOML_VALUES))
@example(doc=Doc(materialize(Nested(5_000)), ["a list nested 5,000 deep"]))
@example(doc=Doc({"big": 10 ** 5_000}, ["an integer of 5,001 digits"]))
@example(doc=Doc({"bank": {"title": "\ud800"}}, ["a lone surrogate"]))
def test_bank_to_toml_writes_toml_or_raises_a_bank_error(doc):
    value = doc.value if isinstance(doc.value, dict) else {"value": doc.value}
    ok, text = outcome(lambda: bank_to_toml(value), (BankError,))
    if ok:
        assert tomllib.loads(text) == value or _has_nan(value)


def _has_nan(value) -> bool:
    if isinstance(value, float):
        return value != value
    if isinstance(value, dict):
        return any(_has_nan(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nan(v) for v in value)
    return False
