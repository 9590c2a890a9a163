"""Large size end to end: 2,000 respondents aggregate and the report renders; the backup of the
large engagement restores whole; the Excel export of the large engagement opens in LibreOffice.

The engagement has DESIGN.md's large size ("Quality"): 200 vendors x 200 criteria scored by
two scorers, and 2,000 people who answered the culture (30 statements, about 4 % "don't
know") and maturity (8 competencies) questionnaires. It is built once for the module through
the workspace's bulk writes (``save_answers``, ``save_scores``), from answers drawn with numpy
and kept as arrays, so the aggregates can be checked against a direct numpy computation.

No test here asserts on speed (that is ``bench/run.py``'s job); the timeouts are generous so
that a loaded machine slows the tests down instead of failing them. Most of the run time is
writing the workbook's million cells and LibreOffice reading them back.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import math
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import workspace
import assessments
from assessments import load_bank
from datafiles.cells import neutralize
from tests.libreoffice import convert
from tests.pages.helpers import open_page
from vendors import scoring

VENDORS, CRITERIA, PEOPLE, SCORERS = 200, 200, 2_000, 2
CATEGORIES = 10
DONT_KNOW = 0.04
UNSCORED = 25                   # vendor x criterion cells nobody scored (count as the worst)
RANKING_SHEET = 8               # Ranking is the 8th sheet (reports.excel.SHEETS)
FIRST_ROW = 5                   # reports.excel.FIRST_ROW: the first vendor row
LIBREOFFICE_TIMEOUT = 900       # seconds; LibreOffice reads a million cells


@dataclass(frozen=True)
class Large:
    path: Path                  # the workspace file (closed: copy it or open it again)
    engagement_id: int
    culture: np.ndarray         # people x culture items: 1-5, NaN = don't know
    maturity: np.ndarray        # people x competencies: stage 1-4


def _build(path: Path) -> Large:
    """The large engagement in a new workspace file, its answers kept as arrays."""
    rng = np.random.default_rng(20_261_126)
    culture_bank, maturity_bank = load_bank("culture"), load_bank("maturity")
    bias = rng.normal(0, 0.4, size=(PEOPLE, 1))
    culture = np.clip(np.rint(rng.normal(3.2, 0.8, (PEOPLE, len(culture_bank.items))) + bias),
                      1, culture_bank.scale_max)
    culture[rng.random(culture.shape) < DONT_KNOW] = np.nan
    maturity = np.clip(np.rint(rng.normal(2.2, 0.7, (PEOPLE, len(maturity_bank.competencies)))
                               + bias), 1, 4)
    categories = [{"id": f"cat{k:02d}", "name": f"Category {k + 1}",
                   "description": f"Category {k + 1} of the large engagement"}
                  for k in range(CATEGORIES)]
    criteria = [{"id": f"k{i:03d}", "category": f"cat{i % CATEGORIES:02d}",
                 "name": f"Criterion {i + 1:03d}", "description": "A criterion",
                 "direction": "cost" if i % 7 == 3 else "benefit",
                 "must_have": i % 15 == 0, "min_score": 1.0 if i % 15 == 0 else 0.0}
                for i in range(CRITERIA)]
    quality = rng.normal(3.0, 0.5, size=(VENDORS, 1))
    base = quality + rng.normal(0, 0.8, size=(VENDORS, CRITERIA))
    given = np.clip(np.rint((base[None] + rng.normal(0, 0.4, (SCORERS, VENDORS, CRITERIA)))
                            * 2) / 2, 0, 5)
    unscored = set(zip(rng.integers(0, VENDORS, UNSCORED).tolist(),
                       rng.integers(0, CRITERIA, UNSCORED).tolist()))

    db = workspace.open_workspace(path, seed_example_engagement=False)
    with workspace.write(db):
        engagement = workspace.create_engagement(db, "Large engagement")
        people = [workspace.add_participant(db, engagement.id, f"Respondent {i + 1:04d}")
                  for i in range(PEOPLE)]
        answers = []
        for person, culture_row, maturity_row in zip(people, culture.tolist(),
                                                     maturity.tolist()):
            for item, value in zip(culture_bank.items, culture_row):
                answers.append(workspace.Answer(person.id, culture_bank.id, item.id, None,
                                                dont_know=True) if math.isnan(value) else
                               workspace.Answer(person.id, culture_bank.id, item.id,
                                                int(value)))
            answers.extend(workspace.Answer(person.id, maturity_bank.id, competency.id,
                                            int(stage))
                           for competency, stage in zip(maturity_bank.competencies,
                                                        maturity_row))
        workspace.save_answers(db, answers)
        workspace.import_taxonomy(db, engagement.id, categories, criteria)
        stored = workspace.list_criteria(db, engagement.id)
        vendors = [workspace.add_vendor(db, engagement.id, f"Vendor {v + 1:03d}")
                   for v in range(VENDORS)]
        workspace.save_scores(db, [
            workspace.Score(scorer.id, vendor.id, criterion.id, value, "Read the documentation.")
            for s, scorer in enumerate(people[:SCORERS])
            for v, (vendor, row) in enumerate(zip(vendors, given[s].tolist()))
            for c, (criterion, value) in enumerate(zip(stored, row))
            if (v, c) not in unscored])
    db.close()
    return Large(path, engagement.id, culture, maturity)


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Large:
    return _build(tmp_path_factory.mktemp("large") / "workspace.db")


@pytest.fixture
def large_db(large, monkeypatch):
    """The large workspace, open, and the app's results pointed at it."""
    monkeypatch.setenv(workspace.PATH_VARIABLE, str(large.path))
    db = workspace.open_workspace(large.path, seed_example_engagement=False)
    yield db
    db.close()


def _points(bank, answers: np.ndarray) -> np.ndarray:
    """Answers on 0-100, reverse-scored items turned round (NaN stays NaN)."""
    reverse = np.array([item.reverse for item in bank.items])
    adjusted = np.where(reverse, bank.scale_max + 1 - answers, answers)
    return (adjusted - 1) / (bank.scale_max - 1) * 100


def test_two_thousand_respondents_aggregate_as_numpy_computes_them(large, large_db):
    from outcomes import gather
    readiness = gather.readiness(large_db, large.engagement_id)
    culture_bank, culture = readiness.culture_bank, readiness.culture
    maturity_bank, maturity = readiness.maturity_bank, readiness.maturity
    assert culture.participants == maturity.participants == PEOPLE

    points = _points(culture_bank, large.culture)
    ids = [item.id for item in culture_bank.items]
    reversed_item = next(i for i, item in enumerate(culture_bank.items) if item.reverse)
    for j in sorted({0, 7, reversed_item, len(ids) - 1}):
        got = culture.items.loc[ids[j]]
        column = points[:, j]
        assert got["answered"] == np.count_nonzero(~np.isnan(column))
        assert got["dont_know"] == np.count_nonzero(np.isnan(column))
        np.testing.assert_allclose(
            [got["score"], got["median"], got["spread"]],
            [np.nanmean(column), np.nanmedian(column), np.nanstd(column)], rtol=1e-12)

    scores = {}
    for dimension in culture_bank.dimensions:
        columns = [ids.index(item.id) for item in dimension.items]
        answered = ~np.isnan(points[:, columns]).all(axis=1)
        per_person = np.nanmean(points[answered][:, columns], axis=1)
        scores[dimension.id] = per_person.mean()
        got = culture.dimensions.loc[dimension.id]
        np.testing.assert_allclose([got["score"], got["spread"]],
                                   [per_person.mean(), per_person.std()], rtol=1e-12)
    importance = [d.importance for d in culture_bank.dimensions]
    np.testing.assert_allclose(culture.overall, np.average(list(scores.values()),
                                                           weights=importance), rtol=1e-12)

    for k, competency in enumerate(maturity_bank.competencies):
        stages = np.sort(large.maturity[:, k])
        got = maturity.competencies.loc[competency.id]
        assert got["stage"] == int(stages[(len(stages) - 1) // 2])     # the lower median
        assert got["answered"] == PEOPLE
        np.testing.assert_allclose(got["mean"], stages.mean(), rtol=1e-12)
        np.testing.assert_allclose(
            maturity.distribution.loc[competency.id].to_numpy(),
            [np.count_nonzero(stages == s) / PEOPLE for s in range(1, 5)], rtol=1e-12)


def test_the_report_renders_for_two_thousand_respondents(app, large, workspace_path):
    workspace.copy_workspace(workspace.open_workspace(large.path),
                             workspace.open_workspace(workspace_path,
                                                      seed_example_engagement=False))
    app.query_params["e"] = str(large.engagement_id)
    app.default_timeout = 300
    open_page(app, "pages/report.py")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["People answering"].replace(",", "") == str(PEOPLE)
    assert metrics["Culture readiness"].endswith("/100")
    assert len(app.get("vega_lite_chart")) >= 2


# --- a scorer's template of the large engagement, uploaded back --------------------------------

def test_a_scorers_template_of_the_large_engagement_passes_the_upload_limits(large, large_db):
    """The upload limits (sheets, cells and text across the workbook) leave room for the
    largest documented engagement, with 750 characters of evidence behind every score."""
    from datafiles import workbooks
    from reports.score_template import read_score_template, score_template
    engagement_id = large.engagement_id
    scorer = workspace.list_participants(large_db, engagement_id)[0]
    mine = workspace.engagement_scores(large_db, engagement_id)
    mine = mine[mine["scorer_id"] == scorer.id]
    note = ("Seen in the vendor's documentation, the demo and two reference calls. " * 11)[:750]
    vendors = [(v.id, v.name) for v in workspace.list_vendors(large_db, engagement_id)]
    criteria = [(k.id, k.category, k.name) for k in workspace.list_criteria(large_db,
                                                                            engagement_id)]
    wide = mine.pivot_table(index="vendor_id", columns="criterion", values="score")
    data = score_template("Large engagement", scorer.name, vendors, criteria, wide,
                          evidence=mine.assign(evidence=note))

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = workbooks.measure(archive)
    assert size.cells > VENDORS * CRITERIA * 6 and size.text > VENDORS * CRITERIA * 750
    parsed = read_score_template(data, "large.xlsx", vendors, criteria)
    assert len(parsed) == VENDORS * CRITERIA
    assert parsed["score"].notna().sum() == len(mine)
    assert set(parsed.loc[parsed["score"].notna(), "evidence"]) == {note}


# --- backup and restore --------------------------------------------------------------------------

PULSE = 10_000                  # respondents of the organization-wide pulse to come


def _content(db, engagement_id: int) -> dict:
    body = workspace.export_engagement(db, engagement_id)
    return {k: v for k, v in body.items() if k not in ("exported_at", "checksum")}


def _readiness(db, engagement_id: int) -> tuple:
    """Scores per dimension and item, stages per competency, as the report computes them."""
    culture_bank, maturity_bank = load_bank("culture"), load_bank("maturity")
    culture = assessments.score(culture_bank, workspace.engagement_responses(
        db, engagement_id, culture_bank.id))
    maturity = assessments.score(maturity_bank, workspace.engagement_responses(
        db, engagement_id, maturity_bank.id), workspace.get_targets(
        db, engagement_id, maturity_bank.id))
    return (culture.overall, culture.dimensions.to_dict(), culture.items.to_dict(),
            maturity.overall_stage, maturity.competencies.to_dict(),
            maturity.distribution.to_dict())


def test_the_large_backup_is_small_and_restores_whole(large, large_db, tmp_path):
    raw = workspace.backup_bytes(large_db, large.engagement_id)
    # The Exports page says "under 2 MB" for this size (every first score is also a row of
    # the audit trail); its limit is 50 MB.
    assert len(raw) < 2 * 2**20 < workspace.MAX_BACKUP_MB * 2**20
    # A pulse five times as many respondents still unpacks within the limit, with a quarter
    # to spare (the audit trail grows with the scores, not with the respondents).
    document = json.loads(gzip.decompress(raw))
    trail = len(json.dumps(document["audit_trail"]))
    answers = len(json.dumps(document)) - trail
    assert answers * PULSE / PEOPLE + trail < workspace.backup_file.MAX_JSON_BYTES * 3 / 4
    fresh = workspace.open_workspace(tmp_path / "fresh.db", seed_example_engagement=False)
    restored = workspace.restore_engagement(fresh, raw)
    assert _content(fresh, restored) == _content(large_db, large.engagement_id)
    assert _readiness(fresh, restored) == _readiness(large_db, large.engagement_id)


def test_a_large_plain_json_backup_of_earlier_versions_restores(large, large_db, tmp_path):
    """Before compression, this size made a 32 MB indented JSON file, over the upload limit
    of the time (20 MB); such files restore now."""
    document = workspace.export_engagement(large_db, large.engagement_id)
    del document["audit_trail"], document["sign_offs"]      # earlier versions kept no trail
    document["checksum"] = workspace.backup_file.checksum(document)
    plain = json.dumps(document, indent=2, ensure_ascii=False).encode()
    assert 20_000_000 < len(plain) < workspace.MAX_BACKUP_MB * 2**20
    fresh = workspace.open_workspace(tmp_path / "fresh.db", seed_example_engagement=False)
    restored = workspace.restore_engagement(fresh, plain)
    assert len(workspace.list_participants(fresh, restored)) == PEOPLE


# --- the workbook, recomputed by LibreOffice --------------------------------------------------

def _recomputed_ranking(data: bytes, folder: Path) -> list[list[str]]:
    """The Ranking sheet as LibreOffice computes it on opening the workbook: the rows of a
    CSV export of that sheet alone, with full-precision values (not as formatted)."""
    source = folder / "in" / "workbook.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    # Comma, double quote, UTF-8, from line 1, default cell formats and language; quoted
    # fields as text, detect numbers, values not as shown, no formulas, keep spaces; sheet 8.
    options = f"44,34,76,1,,0,false,true,false,false,false,{RANKING_SHEET}"
    [result] = convert([source], folder / "out", f"csv:Text - txt - csv (StarCalc):{options}",
                       timeout=LIBREOFFICE_TIMEOUT).values()
    with result.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.libreoffice
def test_the_large_workbook_opens_in_libreoffice_and_ranks_as_the_app(large, large_db,
                                                                      tmp_path):
    from outcomes import gather
    from outcomes.exports import workbook_input
    from reports.excel import engagement_workbook
    engagement = workspace.get_engagement(large_db, large.engagement_id)
    export = workbook_input(large_db, engagement, today=date.today().isoformat())
    answers = large.culture.shape[1] + large.maturity.shape[1]       # each person answered all
    assert len(export.responses) == PEOPLE * answers
    assert export.scores.shape == (VENDORS, CRITERIA)
    data = engagement_workbook(export)

    rows = _recomputed_ranking(data, tmp_path)
    header = rows[FIRST_ROW - 2]
    assert header[:3] == ["Vendor", "Weighted total (0-5)", "Rank"], (
        "not the Ranking sheet: LibreOffice 7.2 or newer exports one chosen sheet as CSV")
    got = {row[0]: (float(row[1]), None if row[2] == "—" else int(float(row[2])))
           for row in rows[FIRST_ROW - 1:FIRST_ROW - 1 + VENDORS]}

    platforms = gather.platforms(large_db, large.engagement_id)
    expected = platforms.ranking
    assert 0 < platforms.missing <= UNSCORED        # unscored cells count as the worst
    assert set(got) == {neutralize(v) for v in expected.index}
    totals = [got[neutralize(v)][0] for v in expected.index]
    np.testing.assert_allclose(totals, expected["score"], rtol=0, atol=1e-9)
    # The same knock-out rule: knocked-out vendors take no rank, the others the app's rank.
    assert [got[neutralize(v)][1] for v in expected.index] == [
        None if pd.isna(rank) else int(rank) for rank in expected["rank"]]
