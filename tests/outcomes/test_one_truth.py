"""One truth: every number that appears in more than one place reads the same in each.

For the example engagement and for edge cases (nothing answered, one questionnaire only,
scores without weights, every vendor knocked out, a tie, one vendor, one criterion, a
trend over snapshots, names in other scripts), the headline numbers, the ranking (vendor by
vendor: rank, weighted score, TOPSIS, knock-out) and the culture scores are read back from

- the app's pages (AppTest: the Vendor comparison and the Readiness report),
- the HTML report (parsed),
- the workbook (openpyxl; the live Ranking formulas after LibreOffice recomputes them),
- the CSV files,
- a backup restored into another workspace,
- the board pack: the PowerPoint deck (python-pptx: slide text, tables and the data of the
  native charts) and the PDF (pypdf's text),

and compared as a reader sees them (the digits shown, "—" where a value is missing).
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from html import unescape
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest

import workspace
from outcomes import actions, exports, gather, report, tables, value
from reports.charts import VALUE_GROUPS
from reports.excel import FIRST_ROW, HEADER_ROW, engagement_workbook
from reports.formats import MISSING, Kind
from tests.pages.helpers import no_exceptions, plain
from vendors.decision import CATEGORIES_LEVEL

TODAY = date.today().isoformat()
SCENARIOS = ("example", "empty", "culture_only", "scores_without_weights", "all_knocked_out",
             "tie", "one_vendor", "one_criterion")
# The board pack's own cases besides: a trend over two snapshots, names in other scripts.
PACK_SCENARIOS = (*SCENARIOS, "trend", "unicode")
UNICODE_VENDORS = ("Café Zürich", "שלום Platform", "Rocket 🚀 Chat")


# --- building the engagements -----------------------------------------------------------------

def _requirements(db, engagement_id: int, criteria: list[tuple], categories=None) -> None:
    """criteria: (id, category, name, direction, must_have, min_score)."""
    categories = categories or sorted({c[1] for c in criteria})
    workspace.import_taxonomy(
        db, engagement_id, [{"id": c, "name": c.title()} for c in categories],
        [{"id": i, "category": cat, "name": name, "direction": d, "must_have": m,
          "min_score": s} for i, cat, name, d, m, s in criteria])


def _scores(db, engagement_id: int, scorer: str, table: dict[str, dict[str, float]]) -> None:
    person = workspace.add_participant(db, engagement_id, scorer)
    vendors = {name: workspace.add_vendor(db, engagement_id, name).id for name in table}
    workspace.save_scores(db, [workspace.Score(person.id, vendors[v], c, s)
                               for v, row in table.items() for c, s in row.items()])


def _answers(db, engagement_id: int, people: int, value: int, bank: str, items) -> None:
    for n in range(people):
        person = workspace.add_participant(db, engagement_id, f"Leader {n + 1}")
        for k, item in enumerate(items):
            workspace.save_answer(db, person.id, bank, item, (value + n + k) % 5 + 1)


CRITERIA = [("sso", "security", "Single sign-on", "benefit", True, 3.0),
            ("audit", "security", "Audit trail", "benefit", False, 0.0),
            ("licence", "cost", "Licence cost", "cost", False, 0.0)]


def build(db, which: str) -> int:
    """The engagement of scenario ``which``; returns its id."""
    if which == "example":
        return next(e.id for e in workspace.list_engagements(db) if e.is_example)
    name = "Zürich · مرحبا 🚀 <b>&</b>" if which == "unicode" else f"Scenario {which}"
    engagement = workspace.create_engagement(db, name)
    eid = engagement.id
    if which == "culture_only":
        from assessments import load_bank
        items = [i.id for i in load_bank("culture").items]
        _answers(db, eid, 3, 2, "culture", items)
    elif which == "scores_without_weights":
        _requirements(db, eid, CRITERIA)
        _scores(db, eid, "CIO", {"Alpha": {"sso": 4, "audit": 3, "licence": 2},
                                 "Beta": {"sso": 3.5, "audit": 5, "licence": 4},
                                 "Gamma": {"sso": 5, "audit": 1}})
    elif which == "all_knocked_out":
        _requirements(db, eid, CRITERIA)
        _scores(db, eid, "CIO", {"Alpha": {"sso": 2, "audit": 3, "licence": 2},
                                 "Beta": {"sso": 1, "audit": 5, "licence": 1}})
    elif which == "tie":
        _requirements(db, eid, CRITERIA)
        _scores(db, eid, "CIO", {"Alpha": {"sso": 4, "audit": 2, "licence": 2},
                                 "Beta": {"sso": 2, "audit": 4, "licence": 2},
                                 "Gamma": {"sso": 3, "audit": 3, "licence": 1},
                                 "Delta": {"sso": 2.5, "audit": 5, "licence": 0}})
        workspace.save_weights(db, eid, CATEGORIES_LEVEL, "points", {},
                               {"security": 0.75, "cost": 0.25})
    elif which == "one_vendor":
        _requirements(db, eid, CRITERIA)
        _scores(db, eid, "CIO", {"Solo": {"sso": 4, "audit": 3, "licence": 3}})
    elif which == "trend":
        from assessments import load_bank
        from assessments.summary import readiness_summary
        items = [i.id for i in load_bank("culture").items]
        _answers(db, eid, 3, 2, "culture", items)
        for label, value in (("Before the pilot", 2), ("After the pilot", 4)):
            for person in workspace.list_participants(db, eid):
                for item in items[:12]:
                    workspace.save_answer(db, person.id, "culture", item, value)
            result = gather.readiness(db, eid)
            workspace.save_snapshot(db, eid, readiness_summary(
                result.culture_bank, result.culture, result.maturity_bank, result.maturity),
                label)
    elif which == "unicode":
        _requirements(db, eid, CRITERIA)
        _scores(db, eid, "CIO", {UNICODE_VENDORS[0]: {"sso": 4, "audit": 3, "licence": 2},
                                 UNICODE_VENDORS[1]: {"sso": 3.5, "audit": 4.5, "licence": 3},
                                 UNICODE_VENDORS[2]: {"sso": 2, "audit": 5, "licence": 1}})
    elif which == "one_criterion":
        _requirements(db, eid, [("sso", "security", "Single sign-on", "benefit", True, 3.0)])
        _scores(db, eid, "CIO", {"Alpha": {"sso": 4.25}, "Beta": {"sso": 2},
                                 "Gamma": {"sso": 3}})
    return eid


# --- reading each place -----------------------------------------------------------------------

@dataclass
class Place:
    """What one place shows: headline numbers by label, ranking rows by vendor, culture
    scores by dimension (all as text a reader sees)."""
    metrics: dict[str, str]
    ranking: dict[str, dict[str, str]]
    culture: dict[str, str]


RANKING_FIELDS = {"rank": Kind.COUNT, "score": Kind.SCORE_5, "closeness": Kind.CLOSENESS,
                  "topsis_rank": Kind.COUNT}


def expected(db, eid: int) -> Place:
    """The numbers as gathered once (outcomes), shown with the shared formats."""
    readiness = gather.readiness(db, eid)
    platforms = gather.platforms(db, eid)
    metrics = {m.label: m.value for m in tables.readiness_metrics(readiness)}
    ranking = {}
    if platforms is not None:
        metrics |= {m.label: m.value for m in tables.platform_metrics(platforms)}
        for vendor, row in platforms.ranking.iterrows():
            ranking[str(vendor)] = {k: kind.text(row[k]) for k, kind in RANKING_FIELDS.items()}
            ranking[str(vendor)]["knocked_out"] = "yes" if row["knocked_out_by"] else "no"
    culture = {}
    if readiness.has_culture:
        culture = {row["name"]: Kind.SCORE_100.text(row["score"])
                   for _, row in readiness.culture.dimensions.iterrows()}
    return Place(metrics, ranking, culture)


def from_pages(app, eid: int) -> Place:
    app.query_params["e"] = str(eid)
    app.run()
    metrics, ranking, culture = {}, {}, {}
    app.switch_page("pages/report.py").run()
    no_exceptions(app)
    metrics |= {m.label: plain(m.value) for m in app.metric}
    for frame in (d.value for d in app.dataframe):
        if {"name", "score", "band_label"} <= set(frame.columns):
            culture = {n: Kind.SCORE_100.text(s) for n, s in zip(frame["name"], frame["score"])}
    app.switch_page("pages/comparison.py").run()
    no_exceptions(app)
    metrics |= {m.label: plain(m.value) for m in app.metric}
    for frame in (d.value for d in app.dataframe):
        if {"rank", "closeness", "knocked_out_by"} <= set(frame.columns):
            for _, row in frame.iterrows():
                ranking[row["vendor"]] = {k: kind.text(row[k])
                                          for k, kind in RANKING_FIELDS.items()}
                ranking[row["vendor"]]["knocked_out"] = ("yes" if row["knocked_out_by"]
                                                         else "no")
    return Place(metrics, ranking, culture)


class _Tables(HTMLParser):
    """The cells of every table of the HTML report, with the heading above each."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._heading = ""
        self._text = ""
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "td", "th"):
            self._text = ""
        elif tag == "table":
            self.tables.append((self._heading, []))
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self._heading = self._text.strip()
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(self._text.strip())
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data):
        self._text += data


def from_html(document: str) -> Place:
    parsed = _Tables()
    parsed.feed(document)
    metrics = {unescape(label): unescape(value) for label, value in
               re.findall(r"<div class='metric'>(.*?)<b>(.*?)</b>", document)}
    ranking, culture = {}, {}
    for heading, rows in parsed.tables:
        header, body = rows[0], rows[1:]
        if heading == "Vendor ranking":
            for row in body:
                cells = dict(zip(header, row))
                ranking[cells["Vendor"]] = {
                    "rank": cells["Rank"], "score": cells["Weighted score (0-5)"],
                    "closeness": cells["TOPSIS closeness"], "topsis_rank": cells["TOPSIS rank"],
                    "knocked_out": "no" if cells["Knocked out by"] in ("", MISSING) else "yes"}
        if heading == "Culture readiness":
            culture = {dict(zip(header, r))["Dimension"]: dict(zip(header, r))["Score"]
                       for r in body}
    return Place(metrics, ranking, culture)


def _shown(value, number_format: str) -> str:
    """A workbook value as the spreadsheet shows it with its number format."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        return value
    return {k.excel: k for k in Kind if k.numeric}[number_format].text(value)


def from_workbook(book: openpyxl.Workbook, recomputed: openpyxl.Workbook | None) -> Place:
    ranking, culture = {}, {}
    readiness = book["Readiness"]
    header = [c.value for c in readiness[HEADER_ROW]]
    for row in readiness.iter_rows(min_row=FIRST_ROW):
        cells = dict(zip(header, row))
        if cells.get("Dimension") is not None and cells["Dimension"].value:
            culture[cells["Dimension"].value] = _shown(cells["Score"].value,
                                                       cells["Score"].number_format)
    if recomputed is not None:
        sheet = recomputed["Ranking"]
        header = [c.value for c in sheet[HEADER_ROW]]
        for row in sheet.iter_rows(min_row=FIRST_ROW):
            cells = dict(zip(header, row))
            vendor = cells["Vendor"].value
            if not vendor or cells["Rank"].value is None:
                continue
            ranking[vendor] = {
                "rank": _shown(cells["Rank"].value, "0"),
                "score": _shown(cells["Weighted total (0-5)"].value,
                                cells["Weighted total (0-5)"].number_format),
                "knocked_out": "yes" if cells["Must-haves"].value == "knocked out" else "no"}
    return Place({}, ranking, culture)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def from_csv(readiness, platforms) -> Place:
    ranking, culture = {}, {}
    if platforms is not None:
        for row in csv_rows(exports.ranking_csv(platforms)):
            ranking[row["Vendor"]] = {
                "rank": row["Rank"] or MISSING, "score": row["Weighted score (0-5)"],
                "closeness": row["TOPSIS closeness"] or MISSING,
                "topsis_rank": row["TOPSIS rank"] or MISSING,
                "knocked_out": "yes" if row["Knocked out by"] else "no"}
    if readiness.has_culture:
        culture = {row["Dimension"]: row["Score"] or MISSING
                   for row in csv_rows(exports.culture_csv(readiness))}
    return Place({}, ranking, culture)


# --- LibreOffice -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def office():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("SOCIALREADY_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required (SOCIALREADY_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    return found


def recompute(office: str, data: bytes, folder) -> openpyxl.Workbook:
    source = folder / "in" / "workbook.xlsx"
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    out = folder / "out"
    command = [office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
               "--norestore", "--calc", "--convert-to", "xlsx", "--outdir", str(out),
               str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HOME": str(folder)})
    assert (out / "workbook.xlsx").exists(), done.stdout + done.stderr
    return openpyxl.load_workbook(out / "workbook.xlsx", data_only=True)


# --- the checks ----------------------------------------------------------------------------------

def _same_ranking(got: dict, want: dict, where: str, fields=None) -> None:
    assert list(got) == list(want), f"{where}: vendors or their order differ"
    for vendor, row in want.items():
        for field in fields or row:
            assert got[vendor][field] == row[field], (where, vendor, field, got[vendor], row)


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", SCENARIOS)
def test_every_place_shows_the_same_numbers(which, app, example_db, office, tmp_path):
    eid = build(example_db, which)
    want = expected(example_db, eid)
    readiness = gather.readiness(example_db, eid)
    platforms = gather.platforms(example_db, eid)
    engagement = workspace.get_engagement(example_db, eid)

    pages = from_pages(app, eid)
    for label, value in pages.metrics.items():
        assert want.metrics[label] == value, ("page", label)
    # A page without data shows no headline numbers at all (it says what to do instead).
    shown = {m.label for m in tables.readiness_metrics(readiness)} if readiness.has_any else set()
    if platforms is not None:
        shown |= {m.label for m in tables.platform_metrics(platforms)}
    assert set(pages.metrics) == shown
    _same_ranking(pages.ranking, want.ranking, "comparison page")
    assert pages.culture == want.culture

    details = {"name": engagement.name, "is_example": engagement.is_example}
    document = report.report_html(details, readiness, platforms, TODAY).decode("utf-8")
    html = from_html(document)
    for label, value in want.metrics.items():
        assert html.metrics.get(label) == value, ("html", label)
    _same_ranking(html.ranking, want.ranking, "HTML report")
    assert html.culture == want.culture

    data = engagement_workbook(exports.workbook_input(example_db, engagement, today=TODAY))
    book = openpyxl.load_workbook(io.BytesIO(data))
    workbook = from_workbook(book, recompute(office, data, tmp_path) if want.ranking else None)
    _same_ranking(workbook.ranking, want.ranking, "workbook after LibreOffice",
                  fields=["rank", "score", "knocked_out"])
    if want.culture:
        assert workbook.culture == want.culture

    _same_ranking(from_csv(readiness, platforms).ranking, want.ranking, "ranking CSV")
    assert from_csv(readiness, platforms).culture == want.culture

    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    restored = workspace.restore_engagement(other, workspace.backup_bytes(example_db, eid))
    again = expected(other, restored)
    assert again.metrics == want.metrics
    _same_ranking(again.ranking, want.ranking, "restored backup")
    assert again.culture == want.culture


# --- the board pack -------------------------------------------------------------------------------

# The numbers a reader compares: decimals, percentages and scores out of 100 (counts and
# ranks are checked cell by cell in the tables).
CHECKED_NUMBER = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?%|\d[\d,]*\.\d+|\d+/100)")
ANY_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


@dataclass
class PackSlide:
    """What one slide of the deck holds, read back with python-pptx."""
    title: str
    texts: list[str]
    cards: dict[str, str]
    tables: list[list[list[str]]]
    charts: list[dict]
    notes: str


def pptx_slides(data: bytes) -> list[PackSlide]:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.oxml.ns import qn

    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts, cards, grids, charts = [], {}, [], []
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                entry = {"type": chart.chart_type, "categories": list(plot.categories),
                         "series": {s.name: list(s.values) for s in plot.series},
                         "format": plot.series[0]._element.find(
                             ".//" + qn("c:formatCode")).text}
                entry["x"] = {s.name: [float(v.text) for v in s._element.findall(
                    qn("c:xVal") + "//" + qn("c:v"))] for s in plot.series}
                entry["labels"] = [p.text for p in chart._chartSpace.findall(
                    ".//" + qn("c:dLbl") + "//" + qn("a:t"))]
                charts.append(entry)
            elif shape.has_table:
                grids.append([[cell.text for cell in row.cells] for row in shape.table.rows])
            elif shape.has_text_frame:
                paragraphs = [p.text for p in shape.text_frame.paragraphs]
                texts.append("\n".join(paragraphs))
                if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and len(paragraphs) >= 2:
                    cards[paragraphs[0]] = paragraphs[1]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append(PackSlide(title, texts, cards, grids, charts, notes))
    return slides


def _slide(slides: list[PackSlide], title: str) -> PackSlide | None:
    found = [s for s in slides if s.title == title]
    return found[0] if found else None


def from_pptx(slides: list[PackSlide]) -> Place:
    metrics, ranking, culture = {}, {}, {}
    for slide in slides:
        metrics |= slide.cards
    ranked = _slide(slides, "Vendor ranking")
    if ranked is not None:
        [grid] = ranked.tables
        header = grid[0]
        for row in grid[1:]:
            cells = dict(zip(header, row))
            ranking[cells["Vendor"]] = {
                "rank": cells["Rank"], "score": cells["Weighted score (0-5)"],
                "closeness": cells["TOPSIS closeness"],
                "knocked_out": "no" if cells.get("Knocked out by", "") in ("", MISSING)
                else "yes"}
    readiness = _slide(slides, "Culture readiness")
    if readiness is not None and readiness.tables:
        [grid] = readiness.tables
        culture = {dict(zip(grid[0], r))["Dimension"]: dict(zip(grid[0], r))["Score"]
                   for r in grid[1:]}
    return Place(metrics, ranking, culture)


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, white space runs as one space."""
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _checked(texts) -> set[str]:
    return {token.removesuffix("/100") for text in texts for token in
            CHECKED_NUMBER.findall(str(text))}


def app_numbers(db, eid: int) -> set[str]:
    """Every number the app's tables, headline numbers and sentences show for the
    engagement, as text (built from outcomes directly, not from the pack)."""
    from assessments.summary import culture_trend, snapshot_overview
    from outcomes import robustness

    readiness = gather.readiness(db, eid)
    platforms = gather.platforms(db, eid)
    robust = robustness.robustness(platforms)
    snapshots = workspace.list_snapshots(db, eid)
    frozen = [(s.taken_at, s.label, s.payload) for s in snapshots]
    shown = [tables.culture_table(readiness), tables.competencies_table(readiness),
             tables.barrier_table(readiness), tables.disputed_table(readiness),
             tables.recommendations_table(readiness),
             tables.coverage_table(readiness, platforms, len(snapshots)),
             tables.snapshot_table(snapshot_overview(readiness.maturity_bank, frozen))]
    metrics = [*tables.readiness_metrics(readiness), tables.margin_metric(platforms)]
    sentences = [tables.readiness_verdict(readiness), tables.actions_note(readiness),
                 *tables.top_actions(readiness)["finding"]]
    sentences += [Kind.SCORE_100.text(v) for v in
                  culture_trend(readiness.culture_bank, frozen)["score"]]
    if platforms is not None:
        shown += [tables.ranking_table(platforms), tables.consistency_table(platforms.decision),
                  tables.category_weights_table(platforms.decision),
                  tables.criteria_table(platforms.decision), tables.must_have_table(platforms)]
        metrics += tables.platform_metrics(platforms)
        sentences += tables.knockout_lines(platforms)
        worth = value.value_for_money(platforms)
        if worth is not None:
            shown.append(value.value_table(worth))
            sentences.append(value.headline(worth))
    if not readiness.plan.empty:
        shown.append(actions.plan_table(readiness, TODAY, snapshots))
    if robust is not None:
        shown += [tables.robustness_table(robust.thresholds, platforms.decision.category_names),
                  tables.acceptability_table(robust.acceptability)]
        metrics.append(tables.first_place_metric(platforms, robust.acceptability, robust.draws,
                                                 robust.spread))
        sentences.append(tables.acceptability_summary(robust.acceptability, robust.draws))
    texts = [cell for t in shown for row in t.texts() for cell in row]
    texts += [t.note for t in shown] + [m.value for m in metrics] + [m.caption for m in metrics]
    return {token for text in [*texts, *sentences]
            for token in ANY_NUMBER.findall(str(text).replace("/100", ""))}


def _close(got, want, kind: Kind) -> bool:
    return kind.text(got) == kind.text(want)


def check_charts(slides: list[PackSlide], db, eid: int) -> int:
    """The native charts' data are the app's numbers; returns how many charts were read."""
    from assessments.summary import culture_trend
    from outcomes import robustness

    readiness = gather.readiness(db, eid)
    platforms = gather.platforms(db, eid)
    checked = 0
    culture = _slide(slides, "Culture readiness")
    if culture is not None and culture.charts:
        [chart] = culture.charts
        dims = readiness.culture.dimensions
        assert chart["categories"] == list(dims["name"])
        assert all(_close(g, w, Kind.SCORE_100) for g, w in
                   zip(chart["series"]["Score"], dims["score"]))
        checked += 1
    maturity = _slide(slides, "Community maturity")
    if maturity is not None and maturity.charts:
        [chart] = maturity.charts
        frame = readiness.maturity.competencies
        assert chart["categories"] == list(frame["name"])
        assert [None if s == 0 else int(s) for s in frame["stage"]] == [
            None if v is None else int(v) for v in chart["series"]["Stage today"]]
        assert [int(t) for t in frame["target"]] == [int(v) for v in
                                                      chart["series"]["Target stage"]]
        checked += 1
    trend = _slide(slides, "Progress over time")
    if trend is not None and trend.charts:
        [chart] = trend.charts
        frozen = [(s.taken_at, s.label, s.payload) for s in workspace.list_snapshots(db, eid)]
        data = culture_trend(readiness.culture_bank, frozen)
        for area, rows in data.groupby("area"):
            assert [Kind.SCORE_100.text(v) for v in rows.sort_values("order")["score"]] == [
                Kind.SCORE_100.text(v) for v in chart["series"][area]], area
        checked += 1
    if platforms is None:
        return checked
    weights = _slide(slides, "Criteria and weights")
    [chart] = weights.charts
    decision = platforms.decision
    assert chart["categories"] == [decision.category_names[c]
                                   for c in decision.category_weights.index]
    assert all(_close(g, w, Kind.WEIGHT) for g, w in
               zip(chart["series"]["Weight"], decision.category_weights))
    ranking = _slide(slides, "Vendor ranking")
    [chart] = ranking.charts
    shown = platforms.contributions.head(10)
    knocked = set(platforms.knocked_out)
    assert chart["categories"] == [f"{v} (knocked out)" if v in knocked else v
                                   for v in shown.index]
    for category in shown.columns:
        assert all(_close(g, w, Kind.SCORE_5) for g, w in
                   zip(chart["series"][category], shown[category])), category
    positioning = _slide(slides, "Positioning")
    points = tables.positioning_points(platforms, *tables.positioning_axes(decision))
    # Only ranked vendors are placed (knocked-out and unscored ones are left out, as on the
    # comparison page); with none, the slide says so and draws nothing.
    assert list(points["vendor"]) == platforms.eligible
    if points.empty:
        assert not positioning.charts
    else:
        [chart] = positioning.charts
        assert chart["labels"] == list(points["vendor"].head(15))
        assert all(_close(g, w, Kind.SCORE_5) for g, w in
                   zip(chart["x"]["Vendors"], points["x"]))
        assert all(_close(g, w, Kind.SCORE_5) for g, w in
                   zip(chart["series"]["Vendors"], points["y"]))
    checked += 3
    worth = value.value_for_money(platforms)
    on_slide = _slide(slides, "Value for money")
    assert (on_slide is None) == (worth is None)
    if worth is not None and len(worth.plotted):
        [chart] = on_slide.charts
        points = value.chart_points(worth, knocked).head(15)
        for group, (label, _) in VALUE_GROUPS.items():
            want = points[points["group"] == group]
            if want.empty:
                assert label not in chart["series"], label
                continue
            got = [(x, y) for x, y in zip(chart["x"][label], chart["series"][label])
                   if y is not None]
            assert [Kind.MONEY.text(x) for x, _ in got] == [Kind.MONEY.text(v)
                                                             for v in want["tco"]], label
            assert [Kind.SCORE_5.text(y) for _, y in got] == [Kind.SCORE_5.text(v)
                                                               for v in want["benefit"]], label
        checked += 1
    robust = robustness.robustness(platforms)
    accepted = _slide(slides, "Rank acceptability")
    assert (accepted is None) == (robust is None)
    if robust is not None:
        [chart] = accepted.charts
        table = robust.acceptability.head(10)
        assert chart["categories"] == list(table.index)
        for rank in table.columns[:10]:
            assert all(_close(g, w, Kind.SHARE) for g, w in
                       zip(chart["series"][f"Rank {rank}"], table[rank]))
        assert chart["format"] == "0%"
        checked += 1
    return checked


@pytest.mark.parametrize("which", PACK_SCENARIOS)
def test_the_board_pack_shows_the_app_numbers(which, example_db):
    """The deck (slide text, cards, tables, native chart data), the PDF and the HTML report
    show the numbers the app shows, and only those."""
    from outcomes import pack
    from reports.pdf_pack import deck_pdf
    from reports.pptx_pack import deck_pptx

    eid = build(example_db, which)
    want = expected(example_db, eid)
    deck = pack.gather_pack(example_db, eid, TODAY)
    slides = pptx_slides(deck_pptx(deck))
    assert [s.title for s in slides] == [s.title for s in deck.slides]
    got = from_pptx(slides)
    for label, value in want.metrics.items():
        assert got.metrics.get(label) == value, ("deck", label)
    first = dict(list(want.ranking.items())[:10])
    shown_knock_outs = any(row["knocked_out"] == "yes" for row in first.values())
    _same_ranking(got.ranking, first, "deck ranking",
                  fields=["rank", "score", "closeness"]
                  + (["knocked_out"] if shown_knock_outs else []))
    assert got.culture == want.culture
    numbers = app_numbers(example_db, eid)
    for slide in slides:
        if slide.title == "Method notes":
            continue          # the method's constants (0-100, 0.10, ...)
        cells = [cell for grid in slide.tables for row in grid for cell in row]
        assert _checked([slide.title, *slide.texts, *cells]) <= numbers, slide.title
    check_charts(slides, example_db, eid)
    assert all(slide.notes for slide in slides)

    pages = pdf_pages(deck_pdf(deck))
    assert len(pages) == len(deck.slides)
    text = " ".join(pages)
    for label, value in want.metrics.items():
        assert f"{label} {value}" in text, ("pdf", label, value)
    for vendor, row in first.items():
        cells = f"{row['score']} {row['closeness']}"
        line = f"{row['rank']} {vendor} {cells}"
        assert line in text or (which == "unicode" and cells in text), ("pdf", vendor)
    for name, score in want.culture.items():
        assert f"{name} {score}" in text, ("pdf", name)

    engagement = workspace.get_engagement(example_db, eid)
    document = report.report_html(pack.details(engagement), gather.readiness(example_db, eid),
                                  gather.platforms(example_db, eid), TODAY,
                                  workspace.list_snapshots(example_db, eid)).decode()
    html = from_html(document)
    for label, value in want.metrics.items():
        assert html.metrics.get(label) == value, ("html", label)
    _same_ranking(html.ranking, want.ranking, "HTML report")
    body = re.sub(r"<svg.*?</svg>", "", document.split("</head>", 1)[1], flags=re.S)
    body = body.split("<h2>Method notes</h2>")[0]
    assert _checked([unescape(re.sub(r"<[^>]+>", " ", body))]) <= numbers
