"""What the scoring grid saves from the edits the browser sends."""
import math

import pytest

from ui.score_grid import note_changes, parse_score, score_changes

NAMES = {1: "Slack", 2: "Staffbase", "sso": "Single sign-on", "audit": "Audit log"}
COLUMNS = {"v1": 1, "v2": 2}


@pytest.mark.parametrize("raw, value", [(4, 4.0), (2.5, 2.5), ("3,5", 3.5), (" 5 ", 5.0),
                                        (0, 0.0), (None, None), ("", None),
                                        (float("nan"), None)])
def test_a_typed_score_becomes_a_number_or_empty(raw, value):
    assert parse_score(raw) == value


@pytest.mark.parametrize("raw, message", [(7, "7 is outside 0-5"), (-0.5, "-0.5 is outside"),
                                          ("four", "“four” is not a number"),
                                          (True, "not a number"),
                                          (math.inf, "inf is outside")])
def test_a_score_that_is_no_score_is_refused_with_a_reason(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_score(raw)


def test_only_cells_that_differ_from_what_the_grid_showed_are_saved():
    shown = {(1, "sso"): 4.0, (2, "sso"): None, (1, "audit"): 3.0, (2, "audit"): None}
    # The browser repeats the earlier edit of Slack on single sign-on (already saved as 4).
    edits = {0: {"v1": 4, "v2": 2}, 1: {"v1": None, "criterion": "renamed?"}}
    changes, problems = score_changes(edits, ["sso", "audit"], COLUMNS, shown, NAMES)
    assert problems == []
    assert changes == {(2, "sso"): 2.0, (1, "audit"): None}


def test_every_refused_cell_is_named():
    shown = {(1, "sso"): None, (2, "sso"): None}
    changes, problems = score_changes({0: {"v1": 9, "v2": "x"}}, ["sso"], COLUMNS, shown, NAMES)
    assert problems == ["Slack on Single sign-on: 9 is outside 0-5",
                        "Staffbase on Single sign-on: “x” is not a number"]


def test_changed_evidence_notes_are_found_by_row():
    cells = [(1, "sso"), (2, "sso")]
    shown = {(1, "sso"): "SAML", (2, "sso"): ""}
    assert note_changes({0: {"Evidence": "SAML"}, 1: {"Evidence": None}}, cells, shown) == {}
    assert note_changes({1: {"Evidence": "OIDC only"}}, cells, shown) == {(2, "sso"): "OIDC only"}
