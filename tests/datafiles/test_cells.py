"""Formula injection: text a person typed never reaches a spreadsheet as a formula, whatever
invisible characters come first."""
import pytest

from datafiles.cells import inert, is_formula_like, neutralize, unquote, visible_start
from tests.reliability.hostile import formula_texts

PAYLOADS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "\r=1", " =HYPERLINK(\"x\")",
            "=cmd|' /C calc'!A0", "|calc", "%0A=1"]
HIDDEN = formula_texts()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_prefixed_with_a_quote(payload):
    assert is_formula_like(payload)
    assert neutralize(payload) == "'" + payload


@pytest.mark.parametrize("payload", list(HIDDEN.values()), ids=list(HIDDEN))
def test_formula_behind_characters_a_spreadsheet_drops_is_prefixed_with_a_quote(payload):
    assert is_formula_like(payload)
    assert neutralize(payload) == "'" + payload


@pytest.mark.parametrize("payload", list(HIDDEN.values()), ids=list(HIDDEN))
def test_a_workbook_cell_reads_back_as_the_text_a_workbook_can_hold(payload):
    written = inert(payload)
    assert written.startswith("'")
    assert unquote(written) == inert(payload)[1:]


@pytest.mark.parametrize("value", ["Slack", "5 = best", "e-mail", "", 42, 3.5, None,
                                   "\u200bhello", "\u00a05 = best", "\ufeffSlack",
                                   "a\u200b=b", "Zoë – 100%"])
def test_ordinary_values_pass_unchanged(value):
    assert neutralize(value) == value


def test_the_visible_start_skips_only_what_is_not_shown():
    assert visible_start("\x00 \u200b\ufeff\u00a0\t\u202e\u3000=x") == "=x"
    assert visible_start("\u0301=x") == "\u0301=x"      # a combining accent is shown
    assert visible_start("plain") == "plain"
