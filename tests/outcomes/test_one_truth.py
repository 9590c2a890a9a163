"""One truth: every number that appears in more than one place reads the same in each.

For the example engagement and for edge cases (nothing answered, one questionnaire only,
scores without weights, every vendor knocked out, a tie, one vendor, one criterion), the
headline numbers, the ranking (vendor by vendor: rank, weighted score, TOPSIS, knock-out)
and the culture scores are read back from

- the app's pages (AppTest: the Vendor comparison and the Readiness report),
- the HTML report (parsed),
- the workbook (openpyxl; the live Ranking formulas after LibreOffice recomputes them),
- the CSV files,
- a backup restored into another workspace,

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
from outcomes import exports, gather, report, tables
from reports.excel import FIRST_ROW, HEADER_ROW, engagement_workbook
from reports.formats import MISSING, Kind
from tests.pages.helpers import no_exceptions, plain
from vendors.decision import CATEGORIES_LEVEL

TODAY = date.today().isoformat()
SCENARIOS = ("example", "empty", "culture_only", "scores_without_weights", "all_knocked_out",
             "tie", "one_vendor", "one_criterion")


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
    engagement = workspace.create_engagement(db, f"Scenario {which}")
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
                "score": _shown(cells["Weighted total (0-5)"].value, "0.00"),
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
