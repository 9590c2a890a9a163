"""Formula injection: text a person typed never reaches a spreadsheet as a formula."""
import pytest

from datafiles.cells import is_formula_like, neutralize

PAYLOADS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "\r=1", " =HYPERLINK(\"x\")",
            "=cmd|' /C calc'!A0", "|calc", "%0A=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_prefixed_with_a_quote(payload):
    assert is_formula_like(payload)
    assert neutralize(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Slack", "5 = best", "e-mail", "", 42, 3.5, None])
def test_ordinary_values_pass_unchanged(value):
    assert neutralize(value) == value
