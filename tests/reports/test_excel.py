"""The engagement workbook: readable sheets, native charts, live formulas, inert user text.

The LibreOffice tests recompute an exported workbook the way a client's spreadsheet would and
compare its totals and ranks with :func:`vendors.scoring.rank_vendors`, before and after a
category weight is changed inside the workbook.
"""
from __future__ import annotations

import dataclasses
import io
from types import SimpleNamespace as Row
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import column_index_from_string

import assessments
import workspace
from reports.excel import (FIRST_ROW, HEADER_ROW, KNOCKED_OUT, SHEETS, EngagementDetails,
                           WorkbookError, WorkbookInput, engagement_workbook)
from datafiles.cells import neutralize
from tests.libreoffice import convert
from vendors import scoring
from outcomes.gather import rank_platforms
from reports.formats import BAND_COLORS, CATEGORY_PALETTE, MISSING
from vendors.decision import CATEGORIES_LEVEL, build_decision
from vendors.scoring import SCORE_MAX, SCORE_MIN, Direction
from vendors.weighting import global_weights

EVIL_VENDOR = '=HYPERLINK("http://x")'
EVIL_COMMENT = "+1+1"
EVIL_EVIDENCE = "@SUM(1)"
EVIL_PARTICIPANT = "=cmd|' /C calc'!A0"
PARTICIPANTS = ["Ana Lopez", "Chris Diaz", EVIL_PARTICIPANT]
SCORERS = ["Ana Lopez", "Ben Okafor"]
CHANGED_CATEGORY = {"small": ("security", 3.0), "example": ("adoption", 1.0)}

# Where the workbook is allowed to hold formulas: (sheet, column letters or None for "any
# column but A", first row). Everything else is data.
FORMULA_AREAS = {"Weights": ({"D", "M"}, FIRST_ROW),
                 "Ranking": (None, FIRST_ROW),
                 "Calculation": (None, FIRST_ROW)}


# --- building inputs -------------------------------------------------------------------------

@pytest.fixture
def small_export() -> WorkbookInput:
    """A small engagement: 3 categories, 5 criteria (one cost, one must-have), 4 vendors.

    Convo fails the single sign-on must-have and has no mobile score; Beacon and Delta tie
    (their totals are equal only up to float noise, since the weights are thirds); one vendor
    is named like a formula.
    """
    categories = [("security", "Security and compliance", 0.5),
                  ("features", "Core social features", 0.3),
                  ("cost", "Cost", 0.2)]
    criteria = pd.DataFrame([
        ("sso", "security", "Single sign-on", "benefit", True, 3.0, 2 / 3),
        ("retention", "security", "Data retention controls", "benefit", False, 0.0, 1 / 3),
        ("communities", "features", "Communities", "benefit", False, 0.0, 0.5),
        ("mobile", "features", "Mobile app", "benefit", False, 0.0, 0.5),
        ("licence", "cost", "Licence cost per user", "cost", False, 0.0, 1.0),
    ], columns=["id", "category", "name", "direction", "must_have", "min_score", "weight"])
    scores = pd.DataFrame(
        [[4.5, 4.0, 2.5, 3.0, 4.0],
         [2.5, 3.5, 4.5, np.nan, 2.0],
         [3.5, 3.0, 4.0, 4.5, 1.5],
         [4.0, 5.0, 2.5, 3.0, 4.0]],
        index=pd.Index(["Beacon", "Convo", EVIL_VENDOR, "Delta"], name="vendor"),
        columns=list(criteria["id"]))
    evidence = pd.DataFrame(
        [(vendor, criterion, scorer, value, f"Read the {criterion} documentation.")
         for vendor, row in scores.iterrows() for criterion, value in row.items()
         if not np.isnan(value) for scorer in SCORERS],
        columns=["vendor", "criterion", "scorer", "score", "evidence"])
    evidence.loc[0, "evidence"] = EVIL_EVIDENCE
    responses = pd.DataFrame([
        ("Ana Lopez", "culture", "c01", "People share what they know openly.", 4.0, False, ""),
        ("Ana Lopez", "culture", "c02", "Leaders answer questions in public.", np.nan, True,
         ""),
        ("Ana Lopez", "maturity", "strategy", "Strategy", 2.0, False, ""),
        ("Chris Diaz", "culture", "c01", "People share what they know openly.", 2.0, False,
         EVIL_COMMENT),
        ("Chris Diaz", "maturity", "strategy", "Strategy", 3.0, False, "Depends on the unit."),
        (EVIL_PARTICIPANT, "culture", "c01", "People share what they know openly.", 5.0,
         False, ""),
    ], columns=["participant", "bank", "item", "question", "value", "dont_know", "comment"])
    culture = pd.DataFrame([
        ("open_sharing", "Open sharing", 58.3, "Developing", 50.0, 20.4, 0.59, 3, 0, 1.0),
        ("leadership_dialogue", "Leadership dialogue", 25.0, "Barrier", 25.0, 0.0, np.nan, 1,
         1, 0.5),
        ("change_readiness", "Change readiness", np.nan, "No answers", np.nan, np.nan, np.nan,
         0, 0, 0.0),
    ], columns=["dimension", "name", "score", "band_label", "median", "spread", "agreement",
                "answered", "dont_know", "coverage"]).set_index("dimension")
    maturity = pd.DataFrame([
        ("strategy", "Strategy", 2, "Network", 3, "Community", 1, 1.33),
        ("metrics", "Metrics", 1, "Hierarchy", 2, "Network", 1, 1.0),
        ("tools", "Tools", 0, "No answers", 3, "Community", 0, 0.0),
    ], columns=["competency", "name", "stage", "stage_name", "target", "target_name", "gap",
                "priority"]).set_index("competency")
    recommendations = pd.DataFrame([
        ("Culture", "Leadership dialogue", "Leadership dialogue scores 25/100", "pilot",
         "Hold a monthly open Q&A", "Leaders answer questions in a public channel.", 3.0),
        ("Culture", "Leadership dialogue", "Leadership dialogue scores 25/100", "capability",
         "Coach leaders to post weekly", "Short, personal posts.", 3.0),
        ("Maturity", "Strategy", "Strategy is at stage 2", "pilot", "Write a one-page purpose",
         "Why the network exists and for whom.", 1.33),
        ("Maturity", "Metrics", "Metrics is at stage 1", "rollout", "Track active members",
         "Monthly active members per unit.", 1.0),
    ], columns=["source", "area_name", "finding", "phase", "title", "detail", "priority"])
    recommendations.index = pd.RangeIndex(1, len(recommendations) + 1, name="rank")
    return WorkbookInput(
        engagement=EngagementDetails(
            name="Contoso internal network", organization="Contoso Ltd", industry="Retail",
            size="500-1,000 employees", purpose="Decide whether and how to launch.",
            is_example=False, exported_on="2025-03-01"),
        culture=culture, culture_target=60.0, culture_overall=41.7,
        maturity=maturity, stage_names=["Hierarchy", "Network", "Community", "Ecosystem"],
        maturity_overall=1, recommendations=recommendations,
        phase_titles=dict(assessments.PHASE_TITLES), categories=categories,
        criteria=criteria, scores=scores, evidence=evidence, responses=responses)


def example_export(db, include_names: bool = False
                   ) -> tuple[WorkbookInput, dict[str, dict[str, float]]]:
    """The example engagement's workbook input, gathered as a page would; and its saved
    weights by level (to recompute the ranking the app's way)."""
    [engagement] = [e for e in workspace.list_engagements(db) if e.is_example]
    culture_bank, maturity_bank = assessments.load_bank("culture"), assessments.load_bank(
        "maturity")
    culture_answers = workspace.engagement_responses(db, engagement.id, "culture")
    maturity_answers = workspace.engagement_responses(db, engagement.id, "maturity")
    culture = assessments.score(culture_bank, culture_answers)
    maturity = assessments.score(maturity_bank, maturity_answers,
                                 workspace.get_targets(db, engagement.id, "maturity"))
    recommendations = assessments.recommend(culture_bank, culture, maturity_bank, maturity)

    criteria = workspace.list_criteria(db, engagement.id)
    saved = {level: dict(w.weights) for level, w in
             workspace.get_weights(db, engagement.id).items()}
    decision = build_decision(workspace.list_categories(db, engagement.id), criteria, saved)
    long = workspace.engagement_scores(db, engagement.id)
    aggregated = scoring.aggregate_scorers(
        long.dropna(subset=["score"])[["scorer", "vendor", "criterion", "score"]])
    names = [v.name for v in workspace.list_vendors(db, engagement.id)]
    matrix = scoring.to_matrix(aggregated).reindex(index=names,
                                                   columns=list(decision.weights.index))

    questions = {"culture": {i.id: i.text for i in culture_bank.items},
                 "maturity": {c.id: c.name for c in maturity_bank.competencies}}
    answers = pd.concat([frame.assign(bank=bank) for bank, frame in
                         (("culture", culture_answers), ("maturity", maturity_answers))])
    answers["question"] = [questions[b].get(i, i) for b, i in zip(answers["bank"],
                                                                   answers["item"])]
    export = WorkbookInput(
        engagement=EngagementDetails(
            name=engagement.name, organization=engagement.organization,
            industry=engagement.industry, size=engagement.size, purpose=engagement.purpose,
            is_example=engagement.is_example, exported_on=date.today().isoformat()),
        culture=culture.dimensions, culture_target=culture_bank.target,
        culture_overall=culture.overall, maturity=maturity.competencies,
        stage_names=[s.name for s in maturity_bank.stages],
        maturity_overall=maturity.overall_stage, recommendations=recommendations,
        phase_titles=dict(assessments.PHASE_TITLES),
        categories=[(c, decision.category_names[c], float(w))
                    for c, w in decision.category_weights.items()],
        criteria=pd.DataFrame([
            {"id": k.id, "category": k.category, "name": k.name, "direction": k.direction,
             "must_have": k.must_have, "min_score": k.min_score,
             "weight": float(decision.criterion_weights[k.category][k.id])}
            for k in criteria if k.category in decision.criterion_weights]),
        scores=matrix,
        evidence=long[["vendor", "criterion", "scorer", "score", "evidence"]],
        responses=answers[["participant", "bank", "item", "question", "value", "dont_know",
                           "comment"]],
        include_names=include_names)
    return export, saved


@pytest.fixture
def example(tmp_path):
    db = workspace.open_workspace(tmp_path / "w.db")
    return db, *example_export(db)


@pytest.fixture(params=["small", "example"])
def scenario(request, small_export):
    """(which, export, how the app ranks it): the small engagement, then the example's
    workspace and saved weights."""
    if request.param == "small":
        return "small", small_export, None
    db, export, saved = request.getfixturevalue("example")
    return "example", export, (db, saved)


# --- reading workbooks -----------------------------------------------------------------------

def load(data: bytes, **options) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **options)


def table(ws, first_column: str = "A", header_row: int = HEADER_ROW) -> list[dict]:
    """The rows of the table whose header starts at ``first_column`` on ``header_row``."""
    start = column_index_from_string(first_column)
    headers = []
    while ws.cell(header_row, start + len(headers)).value is not None:
        headers.append(ws.cell(header_row, start + len(headers)).value)
    rows, row = [], header_row + 1
    while ws.cell(row, start).value is not None:
        rows.append({h: ws.cell(row, start + k).value for k, h in enumerate(headers)})
        row += 1
    return rows


def cells(workbook: openpyxl.Workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def worst_filled(export: WorkbookInput, columns: list[str]) -> pd.DataFrame:
    """The scores with every unscored cell at the worst score, as the comparison page does."""
    directions = dict(zip(export.criteria["id"], export.criteria["direction"]))
    worst = pd.Series({c: SCORE_MAX if directions[c] == "cost" else SCORE_MIN for c in columns},
                      dtype=float)
    return export.scores.reindex(columns=columns).fillna(worst)


def decision_of(export: WorkbookInput, changed: dict[str, float] | None = None):
    """The export's own categories, criteria and weights as the app's Decision."""
    categories = [Row(id=c, name=n) for c, n, _ in export.categories]
    criteria = [Row(id=r.id, category=r.category, name=r.name, direction=r.direction,
                    must_have=r.must_have, min_score=r.min_score)
                for r in export.criteria.itertuples(index=False)]
    saved = {CATEGORIES_LEVEL: {c: w for c, _, w in export.categories} | (changed or {})}
    for category, _, _ in export.categories:
        rows = export.criteria[export.criteria["category"] == category]
        saved[category] = dict(zip(rows["id"], rows["weight"]))
    return build_decision(categories, criteria, saved)


def expected_ranking(export: WorkbookInput, changed: dict[str, float] | None = None
                     ) -> tuple[pd.DataFrame, pd.Series]:
    """The app's ranking of the export's own data (optionally with changed category
    weights), knock-out rule included, and the global weights used."""
    decision = decision_of(export, changed)
    ranking = rank_platforms(decision, export.scores.reindex(
        columns=list(decision.weights.index))).ranking
    return ranking, decision.weights


# --- structure -------------------------------------------------------------------------------

def test_workbook_is_an_xlsx_file(small_export):
    data = engagement_workbook(small_export)
    assert data[:2] == b"PK"
    assert load(data).sheetnames == list(SHEETS)


def test_workbook_has_readable_sheets_in_a_fixed_order(small_export):
    assert load(engagement_workbook(small_export)).sheetnames == [
        "Summary", "Readiness", "Maturity", "Recommendations", "Weights", "Scores", "Evidence",
        "Ranking", "Calculation", "Value for money", "Action plan", "Responses", "Workshops",
        "Sign-offs", "Audit trail"]


def test_readiness_maturity_and_ranking_have_native_charts(small_export):
    book = load(engagement_workbook(small_export))
    assert len(book["Readiness"]._charts) == 1
    assert len(book["Maturity"]._charts) == 1
    totals, contributions = book["Ranking"]._charts
    assert totals.type == "bar" and len(totals.series) == 1
    assert contributions.grouping == "stacked"
    assert len(contributions.series) == len(small_export.categories)


def test_every_sheet_freezes_its_header_rows(small_export):
    book = load(engagement_workbook(small_export))
    for ws in book.worksheets:
        assert ws.freeze_panes is not None, ws.title
    for name in ("Readiness", "Maturity", "Recommendations", "Weights", "Scores", "Evidence",
                 "Ranking", "Responses"):
        ws = book[name]
        assert ws.freeze_panes.endswith(str(FIRST_ROW)), name
        assert ws.cell(HEADER_ROW, 1).value, name        # the header row is the last frozen one


def test_weight_and_score_inputs_carry_data_validation(small_export):
    book = load(engagement_workbook(small_export))

    def rule(ws, ref: str):
        found = [v for v in ws.data_validations.dataValidation if ref in v.sqref]
        assert len(found) == 1, (ws.title, ref)
        return found[0]

    weights = book["Weights"]
    for ref in ["C5", "C7", "L5", "L9"]:           # category weights; criterion weights
        v = rule(weights, ref)
        assert (v.type, v.operator, v.formula1) == ("decimal", "greaterThanOrEqual", "0")
    for ref in ["B5", "F8", "D6"]:                  # the whole vendor x criterion block
        v = rule(book["Scores"], ref)
        assert (v.type, v.operator, v.formula1, v.formula2) == ("decimal", "between", "0",
                                                                "5")
    assert not any("G5" in v.sqref for v in book["Scores"].data_validations.dataValidation)


def test_global_weights_totals_ranks_and_knockouts_are_formulas(small_export):
    book = load(engagement_workbook(small_export))
    weights = book["Weights"]
    criteria = table(weights, "F")
    assert [r["Criterion"] for r in criteria] == list(small_export.criteria["name"])
    for row in range(FIRST_ROW, FIRST_ROW + len(criteria)):
        formula = weights[f"M{row}"].value
        assert formula.startswith("=IF(") and "SUMIF(" in formula and "SUM($C$5:$C$7)" in formula
    for row in table(book["Ranking"]):
        assert row["Weighted total (0-5)"].startswith("=SUMPRODUCT(")
        assert row["Rank"].startswith(f'=IF(D') and "SUMPRODUCT((ROUND(" in row["Rank"]
        assert row["Must-haves"].startswith("=IF(SUMPRODUCT(")
        for _, name, _ in small_export.categories:
            assert row[name].startswith("=SUMPRODUCT(")


def test_weights_sheet_shows_must_haves_minimums_and_inputs(small_export):
    weights = load(engagement_workbook(small_export))["Weights"]
    assert [(r["Category"], r["Category weight"]) for r in table(weights, "A")] == [
        (name, weight) for _, name, weight in small_export.categories]
    sso = table(weights, "F")[0]
    assert (sso["Must-have"], sso["Minimum score"], sso["Direction"]) == ("yes", 3, "benefit")
    assert weights["C5"].fill.fgColor.rgb.endswith("FFF2CC")      # inputs are highlighted


def test_summary_names_the_engagement_and_the_top_actions(small_export):
    ws = load(engagement_workbook(small_export))["Summary"]
    text = [c.value for row in ws.iter_rows() for c in row]
    assert "Contoso internal network" in text and "Contoso Ltd" in text
    # At most one action per area: the second leadership action is left out.
    assert "Hold a monthly open Q&A" in text and "Coach leaders to post weekly" not in text
    assert any(isinstance(t, str) and "Weights sheet" in t for t in text)
    assert not any(isinstance(t, str) and t.startswith("Illustrative example") for t in text)


def test_summary_says_example_data_is_illustrative(small_export):
    example = dataclasses.replace(
        small_export, engagement=dataclasses.replace(small_export.engagement, is_example=True))
    ws = load(engagement_workbook(example))["Summary"]
    assert ws["A3"].value.startswith("Illustrative example")


def test_roadmap_groups_recommendations_by_phase(small_export):
    ws = load(engagement_workbook(small_export))["Recommendations"]
    assert [r["Action"] for r in table(ws)] == list(small_export.recommendations["title"])
    roadmap = [ws.cell(row, 10).value or ws.cell(row, 12).value
               for row in range(FIRST_ROW, ws.max_row + 1) if ws.cell(row, 10).value
               or ws.cell(row, 12).value]
    assert roadmap == ["Pilot (first 3 months)", "Hold a monthly open Q&A",
                       "Write a one-page purpose", "Build capability (months 3-9)",
                       "Coach leaders to post weekly", "Roll out (months 9-18)",
                       "Track active members"]


def test_an_engagement_without_vendors_still_exports(small_export):
    empty = dataclasses.replace(
        small_export, categories=[], criteria=small_export.criteria.iloc[0:0],
        scores=pd.DataFrame(), evidence=small_export.evidence.iloc[0:0])
    book = load(engagement_workbook(empty))
    assert book["Ranking"]._charts == []
    assert "Nothing to rank" in book["Ranking"]["A5"].value
    assert len(book["Readiness"]._charts) == 1


def test_categories_without_criteria_are_left_out(small_export):
    extra = dataclasses.replace(small_export, categories=[*small_export.categories,
                                                          ("empty", "Nothing here", 0.4)])
    weights = load(engagement_workbook(extra))["Weights"]
    assert "Nothing here" not in [r["Category"] for r in table(weights, "A")]


@pytest.mark.parametrize("change, message", [
    (lambda e: {"scores": e.scores.assign(unknown=1.0)}, "unknown criterion 'unknown'"),
    (lambda e: {"scores": e.scores.replace(4.5, 7.0)}, "outside 0 to 5"),
    (lambda e: {"categories": [("security", "Security", -1.0), *e.categories[1:]]},
     "category 'security'"),
    (lambda e: {"criteria": e.criteria.assign(direction="sideways")}, "'benefit' or 'cost'"),
    (lambda e: {"responses": e.responses.drop(columns="comment")}, "responses lack"),
])
def test_inconsistent_input_is_rejected_with_a_message(small_export, change, message):
    with pytest.raises(WorkbookError, match=message):
        engagement_workbook(dataclasses.replace(small_export, **change(small_export)))


# --- user text stays text --------------------------------------------------------------------

def test_user_text_that_looks_like_a_formula_is_kept_as_text(small_export):
    named = dataclasses.replace(small_export, include_names=True)
    book = load(engagement_workbook(named))
    ranking = [r["Vendor"] for r in table(book["Ranking"])]
    assert "'" + EVIL_VENDOR in ranking
    assert "'" + EVIL_VENDOR in [r["Vendor"] for r in table(book["Scores"])]
    responses = table(book["Responses"])
    assert "'" + EVIL_COMMENT in [r["Comment"] for r in responses]
    assert "'" + EVIL_PARTICIPANT in [r["Participant"] for r in responses]
    assert "'" + EVIL_EVIDENCE in [r["Evidence"] for r in table(book["Evidence"])]
    for _, cell in cells(book):
        if isinstance(cell.value, str) and cell.value.startswith("'"):
            assert cell.data_type == "s"


def test_user_text_in_every_field_is_neutralized(small_export):
    hostile = dataclasses.replace(
        small_export, include_names=True,
        engagement=dataclasses.replace(small_export.engagement, organization="=1+2",
                                       purpose="-2+3"),
        categories=[("security", "@Security", 0.5), *small_export.categories[1:]],
        criteria=small_export.criteria.assign(name=lambda f: "+" + f["name"]),
        recommendations=small_export.recommendations.assign(detail="=A1"))
    book = load(engagement_workbook(hostile))
    texts = {c.value for _, c in cells(book) if isinstance(c.value, str)}
    assert {"'=1+2", "'-2+3", "'@Security", "'+Single sign-on", "'=A1"} <= texts


def test_control_characters_are_dropped_from_user_text(small_export):
    odd = dataclasses.replace(small_export, engagement=dataclasses.replace(
        small_export.engagement, organization="Contoso\x00\x07 Ltd", purpose="\x01=1"))
    book = load(engagement_workbook(odd))
    texts = {c.value for _, c in cells(book) if isinstance(c.value, str)}
    assert "Contoso Ltd" in texts and "'=1" in texts


def test_only_the_workbooks_own_cells_hold_formulas(scenario):
    _, export, _ = scenario
    book = load(engagement_workbook(dataclasses.replace(export, include_names=True)))
    formulas = 0
    for sheet, cell in cells(book):
        if not (isinstance(cell.value, str) and cell.value.lstrip().startswith("=")):
            continue
        formulas += 1
        assert sheet in FORMULA_AREAS, (sheet, cell.coordinate, cell.value)
        columns, first_row = FORMULA_AREAS[sheet]
        assert cell.row >= first_row, (sheet, cell.coordinate)
        assert cell.column_letter in columns if columns else cell.column_letter != "A"
        assert not any(p in cell.value for p in ("HYPERLINK", "SUM(1)", "cmd|", "http"))
    vendors, criteria = export.scores.shape
    categories = len(export.categories)
    # Weights: share + total per level, global weight per criterion; Calculation: 4 rows per
    # criterion + an adjusted score per cell; Ranking: total, rank, knock-out, contributions.
    assert formulas == (categories + 1 + criteria + 1 + 4 * criteria + vendors * criteria
                        + vendors * (3 + categories))


# --- pseudonymization ------------------------------------------------------------------------

def test_participants_are_pseudonymized_unless_names_are_included(small_export):
    book = load(engagement_workbook(small_export))
    texts = [c.value for _, c in cells(book) if isinstance(c.value, str)]
    for name in [*PARTICIPANTS, *SCORERS]:
        assert not any(name in text for text in texts), name
    assert [r["Participant"] for r in table(book["Responses"])] == [
        "Participant 1", "Participant 1", "Participant 1", "Participant 2", "Participant 2",
        "Participant 3"]
    # A scorer who also answered keeps the same pseudonym; the other comes next.
    assert {r["Scorer"] for r in table(book["Evidence"])} == {"Participant 1",
                                                               "Participant 4"}


def test_names_appear_when_the_facilitator_includes_them(small_export):
    book = load(engagement_workbook(dataclasses.replace(small_export, include_names=True)))
    assert [r["Participant"] for r in table(book["Responses"])][-3:] == [
        "Chris Diaz", "Chris Diaz", "'" + EVIL_PARTICIPANT]
    assert {r["Scorer"] for r in table(book["Evidence"])} == set(SCORERS)


def test_example_engagement_exports_without_names(example):
    _, export, _ = example
    book = load(engagement_workbook(export))
    people = set(export.responses["participant"]) | set(export.evidence["scorer"])
    assert not people & {c.value for _, c in cells(book)}
    assert len(table(book["Responses"])) == len(export.responses)
    assert [r["Vendor"] for r in table(book["Ranking"])] == list(export.scores.index)
    assert book["Summary"]["A3"].value.startswith("Illustrative example")
    assert len(table(book["Weights"], "F")) == export.scores.shape[1]


def test_answers_past_a_sheets_last_row_continue_on_the_next_sheet(example, monkeypatch):
    # A sheet holds 1,048,576 rows: Excel and LibreOffice drop every row past it. The answers
    # of a very large engagement go on "Responses (2)", ... each with its title and header,
    # every answer once and in order; the Summary and each sheet's note say where they go on.
    # (Shown here with sheets of 7 rows of answers.)
    import reports.excel as excel
    assert excel.SHEET_ROWS == 1_048_576 and excel.RESPONSE_ROWS == 1_048_572
    _, export, _ = example
    monkeypatch.setattr(excel, "RESPONSE_ROWS", 7)
    book = load(engagement_workbook(export))
    count = len(export.responses)
    names = ["Responses", *(f"Responses ({n})" for n in range(2, -(-count // 7) + 1))]
    assert len(names) >= 3
    at = book.sheetnames.index("Responses")
    assert book.sheetnames[at:at + len(names)] == names
    assert book.sheetnames[at + len(names)] == "Workshops"
    rows = [row for name in names for row in table(book[name])]
    assert [len(table(book[name])) for name in names[:-1]] == [7] * (len(names) - 1)
    assert [(r["Item"], r["Answer"]) for r in rows] == [
        (item, None if value != value else value) for item, value in
        zip(export.responses["item"], export.responses["value"])]
    assert book[names[1]]["A1"].value == "Raw responses (continued)"
    assert f"continued on {names[1]}" in book["Responses"]["A2"].value
    assert f"Answers 8 to 14 of {count}" in book[names[1]]["A2"].value
    assert any(f"{names[-2]} and {names[-1]} list every answer" in str(c.value)
               for c in book["Summary"]["B"])


# --- recomputed by LibreOffice ---------------------------------------------------------------

@pytest.fixture
def recalculate(tmp_path):
    """Open a workbook in LibreOffice headless, recompute it, and read back the values."""
    runs = iter(range(1000))

    def run(data: bytes) -> openpyxl.Workbook:
        n = next(runs)
        source = tmp_path / f"in{n}" / "workbook.xlsx"
        source.parent.mkdir()
        source.write_bytes(data)
        [result] = convert([source], tmp_path / f"out{n}").values()
        return openpyxl.load_workbook(result, data_only=True)

    return run


def ranking_values(book: openpyxl.Workbook, export: WorkbookInput) -> pd.DataFrame:
    rows = table(book["Ranking"])
    vendors = {neutralize(v): v for v in export.scores.index}
    frame = pd.DataFrame(rows).set_index("Vendor").rename(index=vendors)
    frame.index.name = "vendor"
    return frame


def expected_for(which: str, export: WorkbookInput, saved, changed=None) -> pd.DataFrame:
    """The app's ranking: the comparison page's path for the example, else rank_vendors on
    the export's own weights."""
    if which == "small":
        return expected_ranking(export, changed)[0]
    db = saved[0]
    levels = {lv: dict(w) for lv, w in saved[1].items()}
    levels[CATEGORIES_LEVEL] = {**levels[CATEGORIES_LEVEL], **(changed or {})}
    [engagement] = [e for e in workspace.list_engagements(db) if e.is_example]
    decision = build_decision(workspace.list_categories(db, engagement.id),
                              workspace.list_criteria(db, engagement.id), levels)
    return rank_platforms(decision, export.scores.reindex(
        columns=list(decision.weights.index))).ranking


def assert_matches(book, export, expected: pd.DataFrame) -> None:
    """Totals and ranks as the app has them: a knocked-out vendor's rank reads "—"."""
    got = ranking_values(book, export).loc[expected.index]
    np.testing.assert_allclose(got["Weighted total (0-5)"].astype(float), expected["score"],
                               rtol=0, atol=1e-6)
    assert [None if r == MISSING else int(r) for r in got["Rank"]] == [
        None if pd.isna(r) else int(r) for r in expected["rank"]]


@pytest.mark.libreoffice
def test_recomputed_totals_and_ranks_equal_rank_vendors(scenario, recalculate):
    which, export, saved = scenario
    book = recalculate(engagement_workbook(export))
    expected = expected_for(which, export, saved)
    assert_matches(book, export, expected)

    # The global weights, the contributions and the knock-outs agree with the app too.
    ranking, weights = expected_ranking(export)
    got_weights = [r["Global weight"] for r in table(book["Weights"], "F")]
    np.testing.assert_allclose(got_weights, weights.to_numpy(), atol=1e-9)
    categories = dict(zip(export.criteria["id"], export.criteria["category"]))
    directions = {c: Direction(d) for c, d in zip(export.criteria["id"],
                                                  export.criteria["direction"])}
    contributions = scoring.contributions(worst_filled(export, list(weights.index)), weights,
                                          categories, directions)
    got = ranking_values(book, export)
    for category, name, _ in export.categories:
        np.testing.assert_allclose(got.loc[contributions.index, name].astype(float),
                                   contributions[category], atol=1e-9)
    minimums = dict(zip(export.criteria.loc[export.criteria["must_have"], "id"],
                        export.criteria.loc[export.criteria["must_have"], "min_score"]))
    knocked = scoring.knockouts(export.scores, minimums).dropna(subset=["score"])
    assert set(got.index[got["Must-haves"] == KNOCKED_OUT]) == set(knocked["vendor"])
    if which == "small":
        assert set(knocked["vendor"]) == {"Convo"}
        assert expected.loc["Beacon", "rank"] == expected.loc["Delta", "rank"]   # a tie


@pytest.mark.libreoffice
def test_changing_a_category_weight_in_the_workbook_recomputes_totals_and_ranks(
        scenario, recalculate):
    which, export, saved = scenario
    category, new_weight = CHANGED_CATEGORY[which]
    book = load(engagement_workbook(export))
    ws = book["Weights"]
    [row] = [r for r in range(FIRST_ROW, FIRST_ROW + len(export.categories))
             if ws.cell(r, 2).value == dict((c, n) for c, n, _ in export.categories)[category]]
    ws.cell(row, 3).value = new_weight
    edited = io.BytesIO()
    book.save(edited)

    recomputed = recalculate(edited.getvalue())
    before = expected_for(which, export, saved)
    after = expected_for(which, export, saved, {category: new_weight})
    assert list(after.index) != list(before.index)        # the change reorders vendors
    assert_matches(recomputed, export, after)


def test_native_charts_use_the_apps_colours(small_export):
    """One palette: the readiness bars in their band's colour and each category in the
    colour the app's ranking chart gives it (issue 10: colours differed between app and
    exports)."""
    book = load(engagement_workbook(small_export))
    [readiness_chart] = book["Readiness"]._charts
    points = readiness_chart.series[0].dPt
    bands = list(small_export.culture["band_label"])
    assert [str(p.graphicalProperties.solidFill.srgbClr) for p in points] == [
        BAND_COLORS[b].lstrip("#") for b in bands]
    stacked = book["Ranking"]._charts[1]
    assert [str(s.graphicalProperties.solidFill.srgbClr) for s in stacked.series] == list(
        CATEGORY_PALETTE[:len(small_export.categories)])
