"""Formula injection through invisible prefixes: every export opened in LibreOffice holds no
formula the app did not write.

The corpus is every invisible prefix of :mod:`tests.reliability.hostile` (controls, spaces,
zero-width and direction characters, the byte order mark...) before every formula trigger
(``=``, ``+``, ``-``, ``@``, DDE, full-width forms): 612 texts. A workshop participant plants
them through their name and comments, a scorer through evidence, a consultant through vendor
and criterion names and a bank's statements. Every export a person can download is then
opened by LibreOffice headless, the CSV files with its default import options and with
"trim spaces" and "evaluate formulas" on, and saved again as .xlsx: a cell LibreOffice
evaluated is a formula there. The CSV files may hold none; the workbooks exactly the
formulas the app wrote.
"""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import workspace
from assessments import load_bank, parse_bank
from assessments.bank import BANKS_DIR
from assessments.bank_excel import bank_workbook
from outcomes import exports as outcome_exports
from outcomes import gather
from outcomes.exports import workbook_input
from reports import csv_export
from reports.excel import engagement_workbook
from reports.score_template import score_template
from tests.libreoffice import CSV_TRIMMED, convert, formula_cells
from tests.reliability.hostile import FORMULA_TRIGGERS, INVISIBLE_PREFIXES, formula_texts

TEXTS = list(formula_texts().values())
CATEGORIES = 3


def _name(text: str, n: int) -> str:
    """A participant's name: the text, except that only the first text holding a NUL names a
    person (SQLite compares names only up to a NUL, so the others would clash with it)."""
    return f"{text} ({n})" if "\x00" not in text or n == TEXTS.index("\x00=1+1") else f"P{n}"


def _plant(db) -> tuple[workspace.Engagement, workspace.Participant]:
    """An engagement in which every corpus text is a participant's name and comment, a
    scorer's evidence; vendors and criteria are named by them too. Returns the engagement and
    the first scorer."""
    engagement = workspace.create_engagement(db, "Formula injection")
    culture = load_bank("culture")
    items = [item.id for item in culture.items]
    people = [workspace.add_participant(db, engagement.id, _name(text, n))
              for n, text in enumerate(TEXTS)]
    workspace.save_answers(db, [
        workspace.Answer(person.id, culture.id, items[n % len(items)], 1 + n % 5, comment=text)
        for n, (person, text) in enumerate(zip(people, TEXTS))])
    categories = [workspace.add_category(db, engagement.id, f"{TEXTS[n * 7]} [category {n}]")
                  for n in range(CATEGORIES)]
    prefixes, triggers = list(INVISIBLE_PREFIXES.values()), list(FORMULA_TRIGGERS.values())
    criteria = [workspace.add_criterion(db, engagement.id, categories[n % CATEGORIES].id,
                                        f"{prefixes[(n * 5) % len(prefixes)]}{trigger} <{n}>")
                for n, trigger in enumerate(triggers)]
    vendors = [workspace.add_vendor(db, engagement.id, f"{prefix}{triggers[n % len(triggers)]}"
                                                       f" <{n}>")
               for n, prefix in enumerate(prefixes)]
    cells = [(v, c) for v in vendors for c in criteria]
    assert len(cells) == len(TEXTS)
    workspace.save_scores(db, [
        workspace.Score(scorer.id, vendor.id, criterion.id, float(n % 6), text)
        for scorer in people[:2]
        for n, ((vendor, criterion), text) in enumerate(zip(cells, TEXTS))])
    return engagement, people[0]


def _hostile_bank() -> bytes:
    """The culture bank with the corpus as its first dimension's statements, in English and
    in the German translation column."""
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_hostile"
    data["dimensions"][0]["items"] = [{"id": f"h{n:03d}", "text": text,
                                       "translations": {"de": {"text": text}}}
                                      for n, text in enumerate(TEXTS)]
    return bank_workbook(parse_bank(data, "culture_hostile.toml"))


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """Every export of the planted engagement, as files named by what they are."""
    folder = tmp_path_factory.mktemp("exports")
    with pytest.MonkeyPatch.context() as patch:     # the results' caches key on the file
        patch.setenv(workspace.PATH_VARIABLE, str(folder / "workspace.db"))
        files = _export(workspace.open_workspace(seed_example_engagement=False))
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def _export(db) -> dict[str, bytes]:
    engagement, scorer = _plant(db)
    responses = pd.concat([workspace.engagement_responses(db, engagement.id, bank)
                           .assign(bank=bank) for bank in ("culture", "maturity")])
    scores = workspace.engagement_scores(db, engagement.id)
    mine = scores[scores["scorer_id"] == scorer.id]
    categories = {c.id: c.name for c in workspace.list_categories(db, engagement.id)}
    files = {
        "answers.csv": csv_export.responses_csv(responses),
        "scores.csv": csv_export.scores_csv(scores),
        "engagement.xlsx": engagement_workbook(workbook_input(
            db, engagement, include_names=True, today=date.today().isoformat())),
        "ranking.csv": outcome_exports.ranking_csv(gather.platforms(db, engagement.id)),
        "score-template.xlsx": score_template(
            engagement.name, scorer.name,
            [(v.id, v.name) for v in workspace.list_vendors(db, engagement.id)],
            [(k.id, categories[k.category], k.name)
             for k in workspace.list_criteria(db, engagement.id)],
            mine.pivot_table(index="vendor_id", columns="criterion", values="score"),
            evidence=mine),
        "bank.xlsx": _hostile_bank(),
    }
    db.close()
    return files


def test_the_corpus_holds_every_prefix_before_every_trigger():
    assert len(TEXTS) == len(INVISIBLE_PREFIXES) * len(FORMULA_TRIGGERS) == 612
    assert "\x00=1+1" in TEXTS and "\ufeff+1+1" in TEXTS and "\u200b@SUM(1;1)" in TEXTS


@pytest.mark.libreoffice
@pytest.mark.parametrize("options", [None, CSV_TRIMMED], ids=["default import", "trim spaces"])
def test_csv_exports_opened_in_libreoffice_hold_no_formula(exports, tmp_path, options):
    sources = [exports["answers.csv"], exports["scores.csv"], exports["ranking.csv"]]
    converted = convert(sources, tmp_path / "csv", infilter=options)
    for source, result in converted.items():
        assert formula_cells(result) == {}, source.name
    # Not vacuous: every answer and every score arrived, one record per row.
    answers = pd.read_excel(converted[exports["answers.csv"]], dtype=str)
    assert len(answers) == len(TEXTS)
    assert len(pd.read_excel(converted[exports["scores.csv"]], dtype=str)) == 2 * len(TEXTS)
    assert len(pd.read_excel(converted[exports["ranking.csv"]], dtype=str)) == len(
        INVISIBLE_PREFIXES)            # one row per (hostile) vendor


@pytest.mark.libreoffice
def test_workbooks_opened_in_libreoffice_hold_only_the_apps_own_formulas(exports, tmp_path):
    sources = [exports["engagement.xlsx"], exports["score-template.xlsx"], exports["bank.xlsx"]]
    converted = convert(sources, tmp_path / "xlsx")
    for source, result in converted.items():
        written = formula_cells(source)
        book = openpyxl.load_workbook(source)
        # LibreOffice saves a TRUE or FALSE cell as the formula =TRUE() or =FALSE().
        made = {(sheet, ref) for (sheet, ref), formula in formula_cells(result).items()
                if not (isinstance(book[sheet][ref].value, bool)
                        and formula == f"={str(book[sheet][ref].value).upper()}()")}
        assert made == set(written), (source.name, sorted(made - set(written))[:5])
    assert formula_cells(exports["score-template.xlsx"]) == {}
    assert formula_cells(exports["bank.xlsx"]) == {}
    assert formula_cells(exports["engagement.xlsx"])          # its own live formulas
