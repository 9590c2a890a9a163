"""The workbook and CSV files: what is missing is said, people are named as asked."""
from __future__ import annotations

import csv
import io

import openpyxl

import workspace
from outcomes import exports, gather, tables
from reports.excel import CONSISTENCY_COLUMN, FIRST_ROW, HEADER_ROW, engagement_workbook
from tests.outcomes.test_one_truth import build
from tests.outcomes.test_report import _three_item_level


def _book(db, engagement_id: int, include_names: bool = False) -> openpyxl.Workbook:
    engagement = workspace.get_engagement(db, engagement_id)
    data = engagement_workbook(exports.workbook_input(db, engagement,
                                                      include_names=include_names,
                                                      today="2026-11-30"))
    return openpyxl.load_workbook(io.BytesIO(data))


def _texts(sheet) -> list[str]:
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_an_engagement_nobody_answered_exports_no_gap_verdict(example_db):
    """Issue 10: the workbook Summary said "No gap to close: every dimension and competency
    is at its target" for an engagement nobody had answered."""
    book = _book(example_db, build(example_db, "empty"))
    summary = _texts(book["Summary"])
    assert not any("No gap to close" in t for t in summary)
    assert any("Nobody has answered the questionnaires yet" in t for t in summary)
    assert "no answers yet" in summary
    roadmap = _texts(book["Recommendations"])
    assert "No roadmap: nothing to recommend yet." in roadmap
    assert not any("Roll out" in t for t in roadmap)


def test_unanswered_competencies_have_no_stage_and_no_gap_in_the_workbook(example_db):
    """Stage 0 and gap 0 read as results; a competency nobody placed shows empty cells."""
    maturity = _book(example_db, build(example_db, "culture_only"))["Maturity"]
    header = [c.value for c in maturity[HEADER_ROW]]
    rows = [dict(zip(header, (c.value for c in row)))
            for row in maturity.iter_rows(min_row=FIRST_ROW) if row[0].value]
    assert rows and all(r["Current stage"] is None and r["Gap"] is None for r in rows)
    assert all(r["Current stage name"] == "No answers" for r in rows)


def test_the_workbook_roadmap_is_the_apps_roadmap(example_db):
    [example] = workspace.list_engagements(example_db)
    plan = tables.roadmap(gather.readiness(example_db, example.id))
    roadmap = [v for v in _texts(_book(example_db, example.id)["Recommendations"])]
    for items in plan.values():
        for title in items["title"]:
            assert title in roadmap


def test_the_weights_sheet_flags_an_inconsistent_ahp_level(example_db):
    weights = _book(example_db, _three_item_level(example_db, contradictory=True))["Weights"]
    first = openpyxl.utils.column_index_from_string(CONSISTENCY_COLUMN)
    header = [weights.cell(HEADER_ROW, first + k).value for k in range(5)]
    assert header == ["Level", "Method", "Items", "Consistency ratio", "Consistency"]
    rows = {weights.cell(r, first).value: [weights.cell(r, first + k) for k in range(5)]
            for r in range(FIRST_ROW, FIRST_ROW + 2)}
    all_level = rows["All"]
    assert all_level[1].value == "AHP pairwise comparison"
    assert all_level[3].value > 0.10 and all_level[3].number_format == "0.000"
    assert all_level[4].value.startswith("inconsistent")
    assert all_level[4].font.b                       # flagged in bold warning colour


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_files_name_people_only_when_asked_and_as_the_workbook_does(example_db):
    """Issue 10: the CSV exports carried names with "Include participants' names" off."""
    [example] = workspace.list_engagements(example_db)
    names = {p.name for p in workspace.list_participants(example_db, example.id)}
    answers = _csv(exports.answers_csv(example_db, example.id, False))
    scores = _csv(exports.scores_csv(example_db, example.id, False))
    shown = {r["participant"] for r in answers} | {r["scorer"] for r in scores}
    assert not shown & names
    assert all(name.startswith("Participant ") for name in shown)
    book = _book(example_db, example.id)
    responses = book["Responses"]
    header = [c.value for c in responses[HEADER_ROW]]
    in_book = {dict(zip(header, (c.value for c in row)))["Participant"]
               for row in responses.iter_rows(min_row=FIRST_ROW)}
    assert {r["participant"] for r in answers} == in_book
    named = _csv(exports.answers_csv(example_db, example.id, True))
    assert {r["participant"] for r in named} <= names


def test_the_workbook_shows_the_agreed_values_the_results_use(example_db, culture_bank):
    from tests.conftest import agreed_workshop

    [example] = workspace.list_engagements(example_db)
    agreed_workshop(example_db, example.id)
    book = _book(example_db, example.id)
    sheet = book["Workshops"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Culture statement", culture_bank.items[0].text, f"4 · {culture_bank.labels[3]}",
            "Open, within teams"] in [row[:4] for row in rows]
    assert any(row[3] == "Half the features" and row[2] == "2.5" for row in rows)
    vendor = workspace.list_vendors(example_db, example.id)[0]
    criterion = workspace.list_criteria(example_db, example.id)[0]
    scores = book["Scores"]
    names = [c.value for c in scores[HEADER_ROW]]
    row = next(r for r in scores.iter_rows(min_row=FIRST_ROW) if r[0].value == vendor.name)
    cell = row[names.index(criterion.name)]
    assert cell.value == 2.5 and cell.fill.fgColor.rgb.endswith("D9EAD3")
    assert not any("Ann" in text or "Ben" in text for text in _texts(sheet))
    assert "Ann, Ben" in _texts(_book(example_db, example.id, include_names=True)["Workshops"])


def test_the_workshop_records_csv_names_people_only_when_asked(example_db):
    from tests.conftest import agreed_workshop

    [example] = workspace.list_engagements(example_db)
    agreed_workshop(example_db, example.id)
    rows = _csv(exports.workshop_records_csv(example_db, example.id, include_names=False))
    answers = [r for r in rows if r["section"] == "round 1" and r["measure"].startswith(
        "answer of")]
    assert sorted(r["value"] for r in answers) == ["1.0", "1.0", "5.0", "5.0"]
    assert {r["measure"] for r in answers} == {"answer of Participant 1",
                                               "answer of Participant 2"}
    assert not any("Ann" in value for r in rows for value in r.values())
    named = _csv(exports.workshop_records_csv(example_db, example.id, include_names=True))
    assert any(r["measure"] == "answer of Ann" for r in named)
    agreed = _csv(exports.agreed_csv(gather.readiness(example_db, example.id),
                                     gather.platforms(example_db, example.id)))
    assert [r["Why"] for r in agreed] == ["Open, within teams", "Half the features"]


def test_the_workbook_carries_the_sign_offs_and_the_audit_trail_as_inert_text(example_db):
    from outcomes import decision_record

    [example] = workspace.list_engagements(example_db)
    decision_record.sign_off(example_db, example.id, "=HYPERLINK(\"http://x\")", "@SUM(A1)")
    workspace.update_criterion(example_db, example.id, "permissions", must_have=True,
                               min_score=3, actor="Bo", note="=cmd|' /C calc'!A0")
    book = _book(example_db, example.id)
    signed = _texts(book["Sign-offs"])
    assert "'=HYPERLINK(\"http://x\")" in signed and "'@SUM(A1)" in signed
    assert "must-have minimum" in signed        # the change since the sign-off is listed
    trail = [[c.value for c in row] for row in book["Audit trail"].iter_rows()]
    header = trail.index(["When (UTC)", "Who", "Vendor", "Criterion or category", "Changed",
                          "From", "To", "Note"])
    newest = trail[header + 1]
    assert newest[1:] == ["Bo", None, "Permissions and access control", "minimum score", "0", "3",
                          "'=cmd|' /C calc'!A0"]
    assert not any(cell.data_type == "f" for row in book["Audit trail"].iter_rows()
                   for cell in row)


def test_the_audit_trail_names_scorers_only_when_asked(example_db):
    [example] = workspace.list_engagements(example_db)
    names = {p.name for p in workspace.list_participants(example_db, example.id)}
    hidden = {r["Who"] for r in _csv(exports.audit_csv(example_db, example.id, False))}
    assert hidden and not hidden & names
    shown = {r["Who"] for r in _csv(exports.audit_csv(example_db, example.id, True))}
    assert shown & names
    assert not set(_texts(_book(example_db, example.id)["Audit trail"])) & names


def test_the_sign_offs_csv_lists_each_decision(example_db):
    from outcomes import decision_record

    [example] = workspace.list_engagements(example_db)
    decision_record.sign_off(example_db, example.id, "Ana", "Approved")
    [row] = _csv(exports.sign_offs_csv(example_db, example.id))
    assert (row["Signed by"], row["Note"], row["Values changed since"]) == ("Ana", "Approved",
                                                                           "0")


def test_a_long_audit_trail_keeps_the_newest_changes_in_the_workbook_and_says_so(
        example_db, monkeypatch):
    [example] = workspace.list_engagements(example_db)
    total = workspace.audit.trail_length(example_db, example.id)
    monkeypatch.setattr(exports, "AUDIT_SHEET_MAX", 100)
    workspace.update_criterion(example_db, example.id, "permissions", min_score=2,
                               note="the newest")
    sheet = _book(example_db, example.id)["Audit trail"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert f"The newest 100 of {total + 1:,} changes" in rows[1][0]
    header = next(i for i, row in enumerate(rows) if row[0] == "When (UTC)")
    listed = [row for row in rows[header + 1:] if row[0]]
    assert len(listed) == 100 and listed[0][-1] == "the newest"
    assert len(_csv(exports.audit_csv(example_db, example.id, False))) == total + 1
