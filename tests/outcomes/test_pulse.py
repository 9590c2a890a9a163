"""Pulse results through the one gate every page and export uses: scores only once the
campaign closes, only for groups that may be shown; nothing a reader collects from views and
exports gives a hidden group back."""
import io

import pandas as pd
import pytest

import workspace
from assessments.anonymity import ORGANIZATION, SHOWN, Cell
from outcomes import pulse, pulse_tables
from tests.assessments.test_anonymity import derivable_small_groups
from tests.pulse_data import TODAY, answer, closed_campaign, open_campaign, random_campaign
from workspace import respondents


@pytest.fixture
def engagement(fresh_db):
    return workspace.create_engagement(fresh_db, "Acme")


def test_no_score_is_shown_while_the_campaign_runs(fresh_db, engagement):
    campaign = open_campaign(fresh_db, engagement.id)
    for _ in range(12):
        answer(fresh_db, campaign.id, {"role": "Employee"}, 4)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    assert not result.closed and not result.has_scores
    assert "Results appear when the campaign closes" in result.note()
    assert pulse_tables.scores_table(result).empty
    assert pulse_tables.heatmap_table(result).frame["score"].isna().all()


def test_an_organization_under_the_minimum_shows_no_score(fresh_db, engagement):
    campaign = closed_campaign(fresh_db, engagement.id, [(4, {"role": "Employee"}, 4)])
    result = pulse.results(fresh_db, campaign.id, TODAY)
    assert result.closed and not result.has_scores
    assert "Fewer than 5 people answered" in result.note()
    assert pulse_tables.drivers_table(result).note == result.note()


def test_the_heatmap_shows_groups_above_the_minimum_and_says_why_the_others_are_hidden(
        fresh_db, engagement):
    campaign = closed_campaign(fresh_db, engagement.id, [
        (9, {"department": "Sales", "role": "Employee"}, 4),
        (8, {"department": "IT", "role": "Employee"}, 2),
        (6, {"department": "Finance", "role": "Leader"}, 5),
        (2, {"department": "Legal", "role": "Employee"}, 1)])
    result = pulse.results(fresh_db, campaign.id, TODAY)
    shown = pulse_tables.heatmap_table(result)
    rows = shown.frame[shown.frame["area"] == "Open and safe sharing"].set_index("group")
    assert rows.loc["Department: Sales", "score"] == pytest.approx(
        result.culture.mean(Cell.of(("department", "Sales")), "dimension:open_sharing"))
    assert rows.loc["Department: Legal", "note"] == "fewer than 5 responses"
    assert rows.loc["Location: Lyon", "note"] == "no responses"
    hidden = rows[rows["note"] != ""]
    assert hidden["score"].isna().all() and hidden["responses"].isna().all()
    grid = pulse_tables.grid(shown)
    assert grid.loc["Department: Legal", "Open and safe sharing"] == "fewer than 5 responses"


def test_the_organizations_scores_are_the_leaders_scoring_over_every_respondent(fresh_db,
                                                                               engagement):
    campaign = random_campaign(fresh_db, engagement.id, people=60)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    table = pulse_tables.scores_table(result).frame.set_index("dimension")
    for dimension in result.culture_bank.dimensions:
        assert table.loc[dimension.id, "score"] == pytest.approx(result.culture.mean(
            ORGANIZATION, f"dimension:{dimension.id}"))
    assert pulse_tables.statements_table(result).frame["area"].iloc[-1] == "Outcome statement"


def test_leaders_against_employees_and_the_dialogue_gap_finding(fresh_db, engagement):
    leaders = {"role": "Leader", "department": "Sales"}
    staff = {"role": "Employee", "department": "Sales"}
    campaign = closed_campaign(fresh_db, engagement.id, [(6, leaders, 5), (20, staff, 2)])
    result = pulse.results(fresh_db, campaign.id, TODAY)
    gap = pulse_tables.gap_table(result).frame.set_index("name")
    assert gap.loc["Leaders ready for open dialogue", "gap"] == pytest.approx(15)
    findings = pulse_tables.gap_findings_table(result).frame
    assert list(findings["name"]) == ["Leaders ready for open dialogue"]
    recs = pulse.recommendations(result)
    assert recs.iloc[0]["title"] == findings.iloc[0]["title"]
    assert recs.iloc[0]["finding"] == ("Leaders score Leaders ready for open dialogue +15 "
                                       "points above employees")


def test_drivers_wait_for_25_responses_and_say_so(fresh_db, engagement):
    small = closed_campaign(fresh_db, engagement.id, [(24, {"role": "Employee"}, 3)])
    table = pulse_tables.drivers_table(pulse.results(fresh_db, small.id, TODAY))
    assert table.frame["r"].isna().all()
    assert "drivers need 25 or more in scope" in table.note


def test_comments_wait_for_the_comments_minimum_with_names_masked(fresh_db, engagement):
    campaign = open_campaign(fresh_db, engagement.id, min_comments=10)
    for n in range(9):
        answer(fresh_db, campaign.id, {"role": "Employee"}, 3,
               comment=f"Ask Anna Berg about point {n}")
    workspace.pulse.close_campaign(fresh_db, campaign.id, TODAY)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    shown = pulse_tables.comments_table(result)
    assert shown.empty and "once 10 or more people have answered" in shown.note
    campaign = open_campaign(fresh_db, engagement.id, name="Second", min_comments=5)
    for n in range(9):
        answer(fresh_db, campaign.id, {"role": "Employee"}, 3,
               comment=f"Ask Anna Berg about point {n}")
    workspace.pulse.close_campaign(fresh_db, campaign.id, TODAY)
    comments = pulse_tables.comments_table(pulse.results(fresh_db, campaign.id, TODAY)).frame
    assert len(comments) == 9 and not comments["comment"].str.contains("Anna").any()


def test_response_rates_against_invitees_flag_groups_under_60_percent(fresh_db, engagement):
    campaign = open_campaign(fresh_db, engagement.id)
    tokens = respondents.add_invitees(
        fresh_db, campaign.id, [{"department": "Sales"}] * 10 + [{"department": "IT"}] * 10
        + [{"department": "Legal"}] * 3)
    for token in tokens[:8] + tokens[10:15] + tokens[20:22]:
        answer(fresh_db, campaign.id, {}, 3, token=token)
    found = pulse.rates(fresh_db, campaign.id)
    assert found.overall["responses"] == 15 and found.overall["headcount"] == 23
    rows = found.by_segment.set_index("value")
    assert rows.loc["Sales", "rate"] == pytest.approx(0.8) and not rows.loc["Sales", "low"]
    assert rows.loc["IT", "rate"] == pytest.approx(0.5) and rows.loc["IT", "low"]
    assert pd.isna(rows.loc["Legal", "responses"])                  # 2 < 5: not counted
    assert rows.loc["Legal", "note"] == "fewer than 5 responses"
    assert rows.loc["Finance", "responses"] == 0


# --- a reader collecting everything ----------------------------------------------------------

def every_view(result):
    """Every filter x breakdown the results page offers."""
    segments = result.segments
    for breakdown in segments:
        yield breakdown.id, None
        for within in segments:
            if within.id != breakdown.id:
                for value in within.values:
                    yield breakdown.id, (within.id, value)


def test_no_view_or_export_gives_back_a_group_under_the_minimum(fresh_db, engagement):
    """The reader opens every view, reads the heatmap and the leaders-employees table, and
    downloads the CSV: every group whose number they saw is in the one publication, and
    no combination of those numbers is a group under the minimum."""
    campaign = random_campaign(fresh_db, engagement.id, people=45, seed=4)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    publication = result.culture.publication
    label_to_cell = {}
    seen = set()
    for breakdown, within in every_view(result):
        cells = pulse.view(result, breakdown, within)
        shown = pulse_tables.view_table(result, breakdown, within).frame
        for cell in cells:
            label_to_cell[pulse_tables.cell_label(result, cell)] = cell
        seen |= {label_to_cell[g] for g in shown.loc[shown["score"].notna(), "group"]}
    heatmap = pulse_tables.heatmap_table(result).csv_frame()
    labels = {pulse_tables.cell_label(result, c): c for c in pulse_tables.heatmap_cells(result)}
    seen |= {labels[g] for g in heatmap.loc[heatmap["Score (0-100)"].notna(), "Group"]}
    assert seen <= publication.shown
    hidden = [c for c in publication.cells if c not in publication.shown]
    assert hidden, "the population should need some suppression"
    given = workspace.respondents.campaign_answers(fresh_db, result.campaign)
    contributions = pd.DataFrame({"answers": 1}, index=given.profiles.index)
    assert derivable_small_groups(given.profiles, contributions, sorted(seen),
                                  result.minimum) == []


# --- the pulse in the readiness report and every export --------------------------------------

def dialogue_gap(db, engagement):
    leaders = {"role": "Leader", "department": "Sales", "location": "Lyon"}
    staff = {"role": "Employee", "department": "Sales", "location": "Lyon"}
    tiny = {"role": "Employee", "department": "Legal", "location": "Paris"}
    return closed_campaign(db, engagement.id, [(6, leaders, 5), (20, staff, 2), (2, tiny, 1)])


def test_the_readiness_report_sets_the_latest_closed_pulse_beside_the_leaders(fresh_db,
                                                                            engagement):
    from outcomes import gather

    assert gather.readiness(fresh_db, engagement.id).pulse is None
    campaign = dialogue_gap(fresh_db, engagement)
    still_open = open_campaign(fresh_db, engagement.id, name="Running")
    answer(fresh_db, still_open.id, {"role": "Leader"}, 1)
    readiness = gather.readiness(fresh_db, engagement.id)
    assert readiness.pulse.campaign.id == campaign.id
    pulse_recs = readiness.recommendations[readiness.recommendations["source"] == "Pulse"]
    gap = pulse_recs[pulse_recs["finding"].str.contains("points above employees")]
    assert list(gap["area"]) == ["leadership_dialogue"]
    assert gap.iloc[0]["priority"] == pytest.approx(5 * 15.45 / 75, abs=0.01)
    beside = pulse_tables.beside_leaders(readiness.pulse, None).frame
    assert beside["leadership"].isna().all() and beside["organization"].notna().all()


def test_the_workbook_html_and_csv_carry_the_pulse_within_its_rules(fresh_db, engagement):
    import openpyxl

    from outcomes import exports, gather, pulse_exports, report
    from reports.excel import engagement_workbook

    dialogue_gap(fresh_db, engagement)
    readiness = gather.readiness(fresh_db, engagement.id)
    book = openpyxl.load_workbook(io.BytesIO(engagement_workbook(exports.workbook_input(
        fresh_db, engagement, today="2026-11-30"))))
    segments = book["Pulse segments"]
    rows = {(r[0], r[1]): r for r in segments.iter_rows(min_row=5, values_only=True)}
    legal = rows[("Department: Legal", "Open and safe sharing")]
    assert legal[2] is None and legal[5] == "fewer than 5 responses"
    assert rows[("Department: Sales", "Open and safe sharing")][5] == (
        "hidden: protects a smaller group")             # Sales = everyone - Legal
    leaders = rows[("Role: Leader", "Open and safe sharing")]
    assert leaders[2] == pytest.approx(readiness.pulse.culture.mean(
        Cell.of(("role", "Leader")), "dimension:open_sharing"))
    assert segments.cell(5, 3).number_format == "0"
    html = report.report_html({"name": engagement.name}, readiness, None, "2026-11-30").decode()
    assert "Organization-wide pulse: Autumn pulse" in html and "fewer than 5 responses" in html
    csv = pd.read_csv(io.BytesIO(pulse_exports.results_csv(readiness.pulse)),
                      encoding="utf-8-sig")
    hidden = csv[csv["Not shown because"].notna()]
    assert len(hidden) and hidden["Score (0-100)"].isna().all()


def test_the_answers_export_carries_no_segment_combination_under_the_minimum(fresh_db,
                                                                          engagement):
    from outcomes import pulse_exports

    campaign = dialogue_gap(fresh_db, engagement)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    frame = pd.read_csv(io.BytesIO(pulse_exports.answers_csv(fresh_db, result)),
                        encoding="utf-8-sig")
    assert len(frame) == 28 and list(frame["Respondent"]) == list(range(1, 29))
    segments = [c for c in frame.columns if c in ("Department", "Location", "Role")]
    assert segments == ["Role"]       # Department and Location would single out the two in Legal
    assert frame[segments].value_counts().min() >= 5
    assert not any("link" in c.lower() or "name" in c.lower() or "comment" in c.lower()
                   for c in frame.columns)


def test_no_answer_leaves_an_export_while_the_campaign_runs(fresh_db, engagement):
    from outcomes import pulse_exports

    campaign = open_campaign(fresh_db, engagement.id)
    for _ in range(6):
        answer(fresh_db, campaign.id, {"role": "Employee"}, 4)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    assert pulse_exports.answers_csv(fresh_db, result).decode("utf-8-sig").count("\n") == 1


def test_a_campaign_name_that_looks_like_a_formula_stays_text_in_the_workbook(fresh_db,
                                                                             engagement):
    import openpyxl

    from outcomes import exports
    from reports.excel import engagement_workbook

    random_campaign(fresh_db, engagement.id, people=12, name="=HYPERLINK(\"http://x\")")
    book = openpyxl.load_workbook(io.BytesIO(engagement_workbook(exports.workbook_input(
        fresh_db, engagement, today="2026-11-30"))))
    for sheet in ("Pulse", "Pulse segments"):
        title = book[sheet]["A1"]
        assert title.data_type != "f" and not str(title.value).startswith("="), title.value


def test_the_board_pack_carries_the_pulse_within_its_rules(fresh_db, engagement):
    """The deck, the PDF and the HTML report (one set of slides) set the pulse beside the
    leaders, show its segments with hidden groups saying why, and leaders against
    employees; the numbers are the page's."""
    from outcomes import gather, pack
    from reports.formats import Kind
    from reports.pdf_pack import deck_pdf
    from tests.outcomes.test_one_truth import pdf_pages

    assert not [s for s in pack.gather_pack(fresh_db, engagement.id, "2026-11-30").slides
                if s.key.startswith("pulse")]
    dialogue_gap(fresh_db, engagement)
    readiness = gather.readiness(fresh_db, engagement.id)
    deck = pack.gather_pack(fresh_db, engagement.id, "2026-11-30")
    slides = {s.key: s for s in deck.slides}
    assert {"pulse", "pulse_segments", "pulse_gap"} <= set(slides)
    beside = next(b for b in slides["pulse"].blocks if hasattr(b, "table")).table.frame
    expected = pulse_tables.beside_leaders(readiness.pulse, None).frame
    assert beside["organization"].tolist() == pytest.approx(expected["organization"].tolist())
    segments = slides["pulse_segments"].blocks[0].table
    cells = [cell for row in segments.texts() for cell in row[1:]]
    assert "hidden: protects a smaller group" in cells, "a hidden cell says why"
    heatmap = pulse_tables.heatmap_table(readiness.pulse).frame
    shown = heatmap[heatmap["note"] == ""].iloc[0]
    row = segments.frame.set_index("group").loc[shown["group"]]
    assert Kind.SCORE_100.text(shown["score"]) in row.tolist()[
        segments.labels[1:].index(shown["area"])]
    assert any(readiness.pulse.campaign.name in page for page in pdf_pages(deck_pdf(deck)))


def test_every_difference_is_the_subtraction_of_the_numbers_shown_beside_it(fresh_db,
                                                                             engagement):
    """A consultant's review: "Organization - leadership" read +6 beside 53 and 46, computed
    from 52.5 - 46.1; a reader must be able to check each difference by subtracting."""
    from types import SimpleNamespace

    from reports.formats import Kind

    campaign = random_campaign(fresh_db, engagement.id, people=60)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    organization = result.organization.dimensions["score"]
    # The leadership team at 52.1 everywhere: beside 52.5 the difference shows 53 - 52 = +1.
    leaders = SimpleNamespace(dimensions=pd.DataFrame({"score": 52.1},
                                                      index=organization.index))
    pairs = []
    beside = pulse_tables.beside_leaders(result, leaders)
    pairs += [(beside, "organization", "leadership", "difference")]
    pairs += [(pulse_tables.gap_table(result), "leaders", "employees", "gap"),
              (pulse_tables.gap_statements_table(result), "leaders", "employees", "gap")]
    checked = 0
    for shown, high, low, difference in pairs:
        for row in shown.frame.itertuples(index=False):
            a, b, d = getattr(row, high), getattr(row, low), getattr(row, difference)
            if Kind.SCORE_100.shown(a) is None or Kind.SCORE_100.shown(b) is None:
                continue
            assert Kind.CHANGE.shown(d) == Kind.SCORE_100.shown(a) - Kind.SCORE_100.shown(b)
            checked += 1
    heatmap = pulse_tables.heatmap_table(result).frame
    scores = pulse_tables.scores_table(result).frame
    everyone = dict(zip(scores["name"], scores["score"]))
    for row in heatmap.itertuples(index=False):
        if row.note or row.area not in everyone:
            continue
        assert Kind.CHANGE.shown(row.difference) == (
            Kind.SCORE_100.shown(row.score) - Kind.SCORE_100.shown(everyone[row.area]))
        checked += 1
    assert checked > 20


def test_the_segments_slide_shows_every_group_a_row_and_every_dimension_a_column(
        fresh_db, engagement):
    """A consultant's review: the slide showed "First 12 of 54 rows" (Sales and IT only);
    groups x dimensions fits every group on the slide."""
    from outcomes import pack
    from reports import pack_layout

    campaign = random_campaign(fresh_db, engagement.id, people=120)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    deck = pack.gather_pack(fresh_db, engagement.id, "2026-11-30")
    slide = next(s for s in deck.slides if s.key == "pulse_segments")
    [(block, box)] = pack_layout.body(slide, pack_layout.heading(slide).body_y)
    placed = pack_layout.table(block, box)
    groups = [row[0] for row in block.table.texts()]
    assert {"Department: Sales", "Department: Legal", "Location: Lyon", "Role: Leader"} <= set(
        groups)
    assert placed.omitted == 0 and len(placed.rows) == len(groups)
    assert block.table.labels == ["Group", *[d.name for d in result.culture_bank.dimensions]]


def test_the_pulse_slides_say_each_thing_once(fresh_db, engagement):
    """A consultant's review: the drivers slide repeated the outcome statement in every row;
    the gap slide said "Leaders: Leader; employees: Employee." twice."""
    from outcomes import pack

    random_campaign(fresh_db, engagement.id, people=120)
    deck = pack.gather_pack(fresh_db, engagement.id, "2026-11-30")
    slides = {s.key: s for s in deck.slides}
    drivers = slides["pulse_drivers"]
    [block] = drivers.blocks
    outcomes = set(block.table.frame["outcome_text"])
    if len(outcomes) == 1:
        assert "outcome_text" not in block.keys
        assert f"“{outcomes.pop()}”" in drivers.message
    gap = slides["pulse_gap"]
    said = [gap.message] + [b.table.note for b in gap.blocks]
    assert sum("Leaders: Leader; employees: Employee." in text for text in said) == 1


def test_the_maturity_answers_of_a_pulse_are_in_the_workbook_and_the_pack(fresh_db,
                                                                          engagement):
    """A consultant's review: a campaign's maturity answers were on the Pulse results page
    and in no export; they go to the workbook and the pack (and so the PDF and the HTML
    report) as the page shows them, small groups hidden."""
    import openpyxl

    from outcomes import exports, pack
    from reports.excel import engagement_workbook
    from reports.pdf_pack import deck_pdf
    from tests.outcomes.test_one_truth import pdf_pages

    campaign = random_campaign(fresh_db, engagement.id, people=60, maturity=True)
    result = pulse.results(fresh_db, campaign.id, TODAY)
    shown = pulse_tables.maturity_table(result)
    assert not shown.empty
    book = openpyxl.load_workbook(io.BytesIO(engagement_workbook(exports.workbook_input(
        fresh_db, engagement, today="2026-11-30"))))
    cells = [[c.value for c in row] for row in book["Pulse maturity"].iter_rows()]
    first = shown.texts()[0]
    assert any(row[:3] == [first[0], int(first[1]), first[2]] for row in cells)
    segments = [[c.value for c in row] for row in book["Pulse maturity segments"].iter_rows()]
    hidden = [row for row in segments if "fewer than 5 responses" in row]
    assert hidden and all(value is None for value in hidden[0][2:4]), "no stage of a small group"

    deck = pack.gather_pack(fresh_db, engagement.id, "2026-11-30")
    slides = [s for s in deck.slides if s.key.startswith("pulse_maturity")]
    said = [cell for slide in slides for block in slide.blocks for row in block.table.texts()
            for cell in row]
    assert first[0] in said and "fewer than 5 responses" in said
    from reports import pack_layout
    segments = slides[-1]
    [(block, box)] = pack_layout.body(segments, pack_layout.heading(segments).body_y)
    assert pack_layout.table(block, box).omitted == 0, "every group on the slide"
    assert any(first[0] in page for page in pdf_pages(deck_pdf(deck)))
