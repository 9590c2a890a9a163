"""CSV of raw data: BOM for Excel, stable columns, and no cell a spreadsheet would execute."""
import csv
import io

import pandas as pd
import pytest

import workspace
from reports.csv_export import (RESPONSE_COLUMNS, SCORE_COLUMNS, frame_csv, responses_csv,
                                scores_csv)

PAYLOADS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0",
            "|calc", " =HYPERLINK(\"http://x\")", "\x00=1+1", "\ufeff\u200b+1+1",
            "\u00a0\u3000-1+1", "\x1b@SUM(1)", "\uff1d1+1"]


def rows(data: bytes) -> list[list[str]]:
    """The cells of a CSV file as a spreadsheet would read them (BOM removed)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def response_frame(**overrides) -> pd.DataFrame:
    """A frame shaped like workspace.engagement_responses."""
    row = {"participant_id": 1, "participant": "Chief Executive", "item": "c01", "value": 4.0,
           "dont_know": False, "comment": "", "answered_at": "2025-01-02T03:04:05+00:00"}
    return pd.DataFrame([row | overrides])


@pytest.fixture
def example(example_db):
    engagement = next(e for e in workspace.list_engagements(example_db) if e.is_example)
    return example_db, engagement.id


def test_csv_starts_with_a_utf8_byte_order_mark():
    data = responses_csv(response_frame(participant="Zoë"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows(data)[1][1] == "Zoë"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_in_text_cells_are_neutralized(payload):
    data = responses_csv(response_frame(comment=payload, participant=payload))
    header, cells = rows(data)
    assert cells[header.index("comment")] == "'" + payload
    assert cells[header.index("participant")] == "'" + payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_in_score_evidence_and_names_are_neutralized(payload):
    frame = pd.DataFrame([{"scorer_id": 2, "scorer": payload, "vendor_id": 1, "vendor": payload,
                           "criterion": "sso", "score": 3.5, "evidence": payload,
                           "updated_at": "2025-01-02T03:04:05+00:00"}])
    header, cells = rows(scores_csv(frame))
    for column in ("scorer", "vendor", "evidence"):
        assert cells[header.index(column)] == "'" + payload, column


def test_numbers_are_written_untouched():
    frame = response_frame(value=-2.0).assign(delta=[-1], ratio=[-0.25])
    header, cells = rows(responses_csv(frame))
    assert [cells[header.index(c)] for c in ("participant_id", "value", "delta", "ratio")] == [
        "1", "-2.0", "-1", "-0.25"]


def test_ordinary_text_is_written_untouched():
    frame = response_frame(comment="5 = best; e-mail works, \"quoted\"\nsecond line")
    header, cells = rows(responses_csv(frame))
    assert cells[header.index("comment")] == "5 = best; e-mail works, \"quoted\"\nsecond line"


def test_dont_know_leaves_the_value_cell_empty():
    header, cells = rows(responses_csv(response_frame(value=float("nan"), dont_know=True)))
    assert (cells[header.index("value")], cells[header.index("dont_know")]) == ("", "True")


def test_responses_csv_has_the_columns_of_engagement_responses_in_order(example):
    db, engagement_id = example
    frame = workspace.engagement_responses(db, engagement_id, "culture")
    data = rows(responses_csv(frame))
    assert data[0] == list(frame.columns) == [c for c in RESPONSE_COLUMNS if c != "bank"]
    assert len(data) == len(frame) + 1


def test_scores_csv_has_the_columns_of_engagement_scores_in_order(example):
    db, engagement_id = example
    frame = workspace.engagement_scores(db, engagement_id)
    data = rows(scores_csv(frame))
    assert data[0] == list(frame.columns) == list(SCORE_COLUMNS)
    assert len(data) == len(frame) + 1


def test_known_columns_come_first_in_a_stable_order_and_extras_follow():
    frame = response_frame()
    shuffled = frame[list(reversed(frame.columns))].assign(note="x", bank="culture")
    header = rows(responses_csv(shuffled))[0]
    assert header == list(RESPONSE_COLUMNS) + ["note"]


def test_missing_known_columns_are_left_out():
    frame = response_frame().drop(columns=["participant", "participant_id"])
    assert rows(responses_csv(frame))[0] == ["item", "value", "dont_know", "comment",
                                             "answered_at"]


def test_formula_like_headers_are_neutralized():
    assert rows(frame_csv(pd.DataFrame({"=1+1": ["a"]})))[0] == ["'=1+1"]


def test_a_named_index_becomes_the_first_column():
    frame = pd.DataFrame({"score": [4.2, 3.9]}, index=pd.Index(["=Jive", "Slack"], name="vendor"))
    assert rows(frame_csv(frame)) == [["vendor", "score"], ["'=Jive", "4.2"], ["Slack", "3.9"]]


def test_an_empty_frame_gives_the_header_only(example):
    db, engagement_id = example
    empty = workspace.engagement_responses(db, engagement_id, "no-such-bank")
    assert rows(responses_csv(empty)) == [[c for c in RESPONSE_COLUMNS if c != "bank"]]


def test_the_input_frame_is_not_modified():
    frame = response_frame(comment="=1+1")
    responses_csv(frame)
    assert frame.loc[0, "comment"] == "=1+1"
