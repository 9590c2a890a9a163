"""Hostile text in every field a page shows and in every export: shown verbatim, never
executed, never breaking a layout.

The corpus (:mod:`tests.reliability.hostile`) holds formula and DDE prefixes, HTML and script
tags, Markdown and Streamlit directives, SQL and format-string meta-characters, a right-to-left
override, Arabic and Hebrew, zero-width and combining characters, emoji ZWJ sequences, every
kind of line break, a NUL byte, backslashes and a 100,000-character text. It is written into
every user text field at the workspace level, then every page is rendered under AppTest and
every export is built and parsed. What the tests hold the app to:

- **Shown verbatim.** Text inside Markdown (titles, captions, labels, options that render
  Markdown) is escaped by ``ui.common.escape_markdown``: the source holds ``\\*\\*bold\\*\\*``
  and a person reads ``**bold**``; a line break (LF, CRLF or CR) reads as a space there, as it
  must not start a new Markdown block. Tables, plain text, widget values and plain-text options
  (select boxes) hold the text exactly as stored.
- **Never executed.** No Markdown source on any page holds raw markup from the corpus. No
  spreadsheet cell holds user text as a formula: formula-like text gets the leading apostrophe
  of ``datafiles.cells.neutralize`` in the workbook and the CSV files alike. The HTML report has
  no script (or other active) element, no event-handler attribute and no ``javascript:`` URL.
- **Never breaking a layout.** No page raises; a name longer than 200 characters is refused
  with a message that says so, and nothing is saved; workbook rows, columns and cells stay
  within spreadsheet limits; every CSV row is one record.
- **Kept.** The workspace keeps every text as typed (names and details without surrounding
  whitespace, names and snapshot labels also without direction controls such as U+202E, a
  snapshot label on one line; a label over 120 characters is refused), a NUL included, and a
  JSON backup restores it byte for byte. Where a format
  cannot hold a character (a NUL in a workbook cell or in a chart's SVG text) it is dropped
  there, never passed on to crash the writer.

"""
from __future__ import annotations

import csv
import dataclasses
import gzip
import html
import io
import json
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import workspace
from assessments import load_bank
from datafiles.cells import FORMULA_PREFIXES, is_formula_like, neutralize
from ui.common import escape_markdown
from outcomes.exports import workbook_input
from reports import html as html_report
from reports.excel import EngagementDetails, engagement_workbook
from tests.conftest import ROOT, _WarmPagesManager
from tests.pages.helpers import markdown_sources, no_exceptions, plain, texts
from tests.reliability import hostile
from tests.reliability.hostile import CORPUS, FORMULA_KEYS, HUGE, stored, stored_name

CELL_MAX = 32_767           # the most characters a spreadsheet cell holds
ROW_HEIGHT_MAX = 409        # points, Excel's tallest row
COLUMN_WIDTH_MAX = 255      # characters, Excel's widest column
RAW_MARKUP = [re.compile(r"(?<!\\)(?:\\\\)*" + re.escape(fragment)) for fragment in (
    "**bold**", "_x_", "[link](", "](javascript:", "$x^2$", ":red[", "<script", "<img",
    "**y**", "<b>")]
"""Fragments of the corpus that must never reach a Markdown source unescaped (preceded by no
backslash, or by an escaped one)."""
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
                  "background", "srcset"}
ACTIVE_HTML = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "img",
               "a", "form", "input", "button", "base", "link", "audio", "video", "source"}


# --- expectations ------------------------------------------------------------------------------

def one_line(text: str) -> str:
    """``text`` as a person reads it inside Markdown: every line break read as a space."""
    return re.sub(r"\r\n|\r|\n", " ", text)


def in_workbook(text: str) -> str:
    """``text`` as an exported workbook cell reads back: characters XML cannot hold dropped,
    formula-like text behind an apostrophe, cut at the cell's limit, line ends as newlines."""
    value = neutralize(ILLEGAL_CHARACTERS_RE.sub("", text))[:CELL_MAX]
    return value.replace("\r\n", "\n").replace("\r", "\n")


def test_the_corpus_covers_what_the_issue_lists():
    assert all(len(text) <= hostile.NAME_MAX for text in CORPUS.values())
    assert len(HUGE) == workspace.engagements.TEXT_MAX
    assert len(HUGE.encode("utf-8")) > 100_000
    assert all(is_formula_like(CORPUS[key]) for key in FORMULA_KEYS)
    # The rule of datafiles.cells, as README states it: a leading =, +, -, @, tab, carriage
    # return or | (and %) after optional spaces makes text formula-like.
    assert set("=+-@\t\r|") <= set(FORMULA_PREFIXES)
    assert neutralize("=1+1") == "'=1+1" and neutralize(" =1") == "' =1"
    assert neutralize("<script>alert(1)</script>") == "<script>alert(1)</script>"


# --- the workspace, built once per module --------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, hostile.Hostile]:
    path = tmp_path_factory.mktemp("hostile") / "template.db"
    return path, hostile.build_workspace(path)


def _copy(source: Path, target) -> None:
    """The template into the test's workspace (a file, or a PostgreSQL database)."""
    copied = workspace.copy_workspace(
        workspace.open_workspace(source, seed_example_engagement=False),
        workspace.open_workspace(target, seed_example_engagement=False))
    assert copied["engagements"] >= 2


@pytest.fixture
def made(template, workspace_path) -> hostile.Hostile:
    """A copy of the hostile workspace at the path the app opens."""
    _copy(template[0], workspace_path)
    return template[1]


@pytest.fixture
def db(made, workspace_path):
    return workspace.open_workspace(workspace_path)


def dump(database) -> dict[str, list]:
    """Every row of every table, to compare before and after a refused change (sorted:
    a table without row ids, such as the pulse's answers, has no insertion order)."""
    return {table: sorted(database.query(f"SELECT * FROM {table}"), key=repr)
            for table in database.table_names()}


# --- the workspace keeps every text, refuses names that are too long --------------------------

def test_the_workspace_keeps_every_entry_as_typed(db, made):
    for key, text in CORPUS.items():
        engagement = workspace.get_engagement(db, made.engagements[key])
        assert (engagement.name, engagement.organization, engagement.industry, engagement.size,
                engagement.purpose) == (stored_name(text), *(stored(text),) * 4), key
    huge = workspace.get_engagement(db, made.huge_engagement)
    assert huge.organization == huge.purpose == HUGE

    main = made.main
    assert [p.name for p in workspace.list_participants(db, main)] == [
        stored_name(t) for t in CORPUS.values()]
    comments = workspace.engagement_comments(db, main, "culture")
    assert dict(zip(comments["item"], comments["comment"])) == made.culture_comments
    assert {c.name for c in workspace.list_categories(db, main)} == {
        stored_name(t) for t in CORPUS.values()}
    criteria = {c.id: c for c in workspace.list_criteria(db, main)}
    for key, criterion_id in made.criteria.items():
        assert criteria[criterion_id].name == stored_name(CORPUS[key])
        assert criteria[criterion_id].description == hostile.kept(CORPUS[key])
    assert criteria[made.huge_criterion].description == HUGE
    vendors = {v.id: v for v in workspace.list_vendors(db, main)}
    for key, vendor_id in made.vendors.items():
        assert (vendors[vendor_id].name, vendors[vendor_id].company,
                vendors[vendor_id].status_note) == (stored_name(CORPUS[key]),
                                                    *(stored(CORPUS[key]),) * 2)
    assert vendors[made.huge_vendor].status_note == HUGE
    evidence = set(workspace.engagement_scores(db, main)["evidence"])
    assert evidence == {*map(hostile.kept, CORPUS.values()), HUGE}
    labels = [s.label for s in workspace.list_snapshots(db, main)]
    assert labels == [hostile.one_line_label(t) for t in CORPUS.values()]
    with pytest.raises(workspace.InvalidInput, match="keep it to"):
        workspace.save_snapshot(db, main, {}, HUGE)
    people = workspace.session_participants(
        db, workspace.live_session(db, made.workshop).id)
    assert [p.name for p in people] == [stored_name(t) for t in CORPUS.values()]
    # The SQL entry was data, not a statement: the participants table is still there.
    assert "participants" in db.table_names()


NAME_FIELDS = {
    "engagement name": lambda db, ids: workspace.create_engagement(db, ids["name"]),
    "engagement rename": lambda db, ids: workspace.update_engagement(
        db, ids["engagement"], name=ids["name"]),
    "participant name": lambda db, ids: workspace.add_participant(
        db, ids["engagement"], ids["name"]),
    "workshop display name": lambda db, ids: workspace.join_session(
        db, ids["code"], ids["name"]),
    "vendor name": lambda db, ids: workspace.add_vendor(db, ids["engagement"], ids["name"]),
    "vendor rename": lambda db, ids: workspace.update_vendor(db, ids["vendor"],
                                                             name=ids["name"]),
    "category name": lambda db, ids: workspace.add_category(db, ids["engagement"],
                                                            ids["name"]),
    "category rename": lambda db, ids: workspace.rename_category(
        db, ids["engagement"], ids["category"], ids["name"]),
    "criterion name": lambda db, ids: workspace.add_criterion(
        db, ids["engagement"], ids["category"], ids["name"]),
    "criterion rename": lambda db, ids: workspace.update_criterion(
        db, ids["engagement"], ids["criterion"], name=ids["name"]),
}


@pytest.mark.parametrize("too_long", [HUGE, "👩" + "x" * hostile.NAME_MAX],
                         ids=["100k characters", "201 characters"])
@pytest.mark.parametrize("field", list(NAME_FIELDS))
def test_a_name_longer_than_200_characters_is_refused_clearly_and_nothing_is_saved(
        fresh_db, field, too_long):
    engagement = workspace.create_engagement(fresh_db, "Names")
    category = workspace.add_category(fresh_db, engagement.id, "Category")
    ids = {"engagement": engagement.id, "name": too_long, "category": category.id,
           "criterion": workspace.add_criterion(fresh_db, engagement.id, category.id,
                                                "Criterion").id,
           "vendor": workspace.add_vendor(fresh_db, engagement.id, "Vendor").id,
           "code": workspace.open_session(fresh_db, engagement.id, ["culture"]).code}
    before = dump(fresh_db)
    with pytest.raises(workspace.InvalidInput) as refused:
        NAME_FIELDS[field](fresh_db, ids)
    assert f"{len(too_long):,} characters" in str(refused.value)
    assert "200 or fewer" in str(refused.value)
    assert dump(fresh_db) == before


def test_a_name_of_exactly_200_characters_is_kept():
    # (the limit counts characters, not bytes: 200 emoji are a valid name)
    assert workspace.engagements.clean_name("👩" * 200) == "👩" * 200


# --- pages ---------------------------------------------------------------------------------------

def check_page(at) -> None:
    """No exception, and no Markdown source holds raw markup from the corpus."""
    no_exceptions(at)
    raw = [(where, source[:150]) for where, source in markdown_sources(at)
           if any(fragment.search(source) for fragment in RAW_MARKUP)]
    assert not raw, raw


def shown_in_markdown(at, text: str, kinds: set[str] | None = None) -> bool:
    """``text`` is escaped in some Markdown source (of the given kinds) and reads verbatim."""
    escaped = escape_markdown(text)
    for where, source in markdown_sources(at):
        if kinds is not None and where not in kinds:
            continue
        if escaped in source and one_line(text).replace("\u2060", "") in plain(source):
            return True
    return False


def frame(at, *columns: str) -> pd.DataFrame:
    """The one table (or editor) on the page with these columns."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, ([list(d.value.columns) for d in at.dataframe], columns)
    return found[0]


def chart_data(at) -> list[pd.DataFrame]:
    return [pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            for chart in at.get("vega_lite_chart") for dataset in chart.proto.datasets]


def open_as(app, page: str, engagement: int, participant: str | None = None):
    app.query_params["e"] = str(engagement)
    if participant:
        app.query_params["p"] = participant
    app.run()
    app.switch_page(page).run()
    check_page(app)
    return app


NAMES = [stored_name(t) for t in CORPUS.values()]


def test_engagements_page_shows_every_engagement_and_its_details_verbatim(app, made):
    open_as(app, "pages/engagements.py", made.main)
    overview = frame(app, "Engagement", "Organization", "Industry", "Size")
    by_name = overview.set_index("Engagement")
    for text in CORPUS.values():
        assert tuple(by_name.loc[stored_name(text), ["Organization", "Industry", "Size"]]) == (
            stored(text),) * 3
    assert set(NAMES) <= set(app.selectbox(key="engagement.picker").options)

    wrong = {}
    for key, text in {**CORPUS, "huge": hostile.HUGE_ENGAGEMENT}.items():
        engagement_id = made.huge_engagement if key == "huge" else made.engagements[key]
        details = HUGE if key == "huge" else stored(text)
        app.session_state["engagement_id"] = engagement_id
        app.run()
        check_page(app)
        checks = {
            "heading": shown_in_markdown(app, stored_name(text), {"subheader"}),
            "purpose as plain text": details in [t.value for t in app.text],
            "edit form": [app.text_input(key=f"edit.{f}").value
                          for f in ("name", "organization", "industry")]
            == [stored_name(text), details, details]
            and app.text_area(key="edit.purpose").value == details
            and app.selectbox(key="edit.size").options[0] == details,
        }
        if not all(checks.values()):
            wrong[key] = [check for check, ok in checks.items() if not ok]
    assert not wrong


def test_a_line_break_in_user_text_never_starts_a_new_markdown_block(app, made):
    """LF, CRLF and a lone CR all end a Markdown line; inside a heading or a caption the rest
    of the text would become a paragraph (or a code block) of its own."""
    open_as(app, "pages/engagements.py", made.engagements["newlines"])
    heading = app.subheader[0].value
    assert "\r" not in heading and "\n" not in heading
    assert plain(heading) == "Current: " + one_line(stored_name(CORPUS["newlines"]))


def test_culture_page_shows_every_comment_verbatim(app, made):
    reader = made.participants[hostile.MAIN]
    open_as(app, "pages/culture.py", made.main, reader.token)
    assert shown_in_markdown(app, reader.name, {"caption"})
    assert shown_in_markdown(app, stored_name(CORPUS[hostile.MAIN]), {"caption"})
    seen = {}
    for dimension in load_bank("culture").dimensions:
        app.radio(key="culture.section").set_value(dimension.id).run()
        check_page(app)
        for item in dimension.items:
            seen[item.id] = app.text_input(key=f"culture.{item.id}.comment").value
    assert seen == made.culture_comments


def test_maturity_page_shows_the_comment_verbatim(app, made):
    person = made.participants["newlines"]
    open_as(app, "pages/maturity.py", made.main, person.token)
    first = load_bank("maturity").competencies[0].id
    assert app.text_input(key=f"maturity.{first}.comment").value == CORPUS["newlines"]
    assert shown_in_markdown(app, person.name, {"caption"})


def test_report_shows_comments_names_and_snapshot_labels_verbatim(app, made):
    open_as(app, "pages/report.py", made.main)
    comments = frame(app, "about", "participant", "comment")
    pairs = set(zip(comments["participant"], comments["comment"]))
    reader = stored_name(CORPUS[hostile.MAIN])
    assert {(reader, c) for c in made.culture_comments.values()} <= pairs
    assert {(stored_name(CORPUS[k]), c) for k, c in made.maturity_comments.items()} <= pairs
    trend = next(d for d in chart_data(app) if "label" in d.columns)
    assert set(trend["label"]) == {hostile.one_line_label(t) for t in CORPUS.values()}


def test_requirements_page_shows_categories_and_criteria_verbatim(app, made):
    open_as(app, "pages/requirements.py", made.main)
    expanders = [e.label for e in app.expander]
    for key, category_id in made.categories.items():
        name = stored_name(CORPUS[key])
        count = 2 if key == hostile.MAIN else 1
        assert any(escape_markdown(name) in label and plain(label) == f"{one_line(name)} "
                   f"({count})" for label in expanders), key
        assert app.text_input(key=f"requirements.{category_id}.name").value == name
    editors = [d.value for d in app.dataframe if "description" in d.value.columns]
    shown = {row["name"]: row["description"] for editor in editors
             for row in editor.to_dict("records")}
    expected = {stored_name(CORPUS[k]): hostile.kept(CORPUS[k]) for k in made.criteria}
    assert shown == expected | {"Huge description": HUGE}


def test_weights_page_shows_category_and_criterion_names_verbatim(app, made):
    open_as(app, "pages/weights.py", made.main)
    levels = app.radio(key="weights.level")
    assert plain(levels.options[0]) == "Categories"
    assert [plain(o) for o in levels.options[1:]] == [one_line(n) for n in NAMES]
    for name in NAMES:
        assert shown_in_markdown(app, name, {"number_input label"}), name
    weights = frame(app, "category", "criterion", "weight")
    assert set(weights["category"]) == set(NAMES)
    assert set(weights["criterion"]) == set(NAMES) | {"Huge description"}


def test_vendors_page_shows_names_companies_and_notes_verbatim(app, made):
    open_as(app, "pages/vendors.py", made.main)
    table = frame(app, "Vendor", "Company", "Status").set_index("Vendor")
    for text in CORPUS.values():
        assert tuple(table.loc[stored_name(text), ["Company", "Status"]]) == (stored(text),) * 2
    assert tuple(table.loc["Huge vendor", ["Company", "Status"]]) == (HUGE, HUGE)
    assert app.selectbox(key="vendors.edit_pick").options == [*NAMES, "Huge vendor"]
    for vendor_id, expected in ((made.vendors["newlines"], stored(CORPUS["newlines"])),
                                (made.huge_vendor, HUGE)):
        app.selectbox(key="vendors.edit_pick").set_value(vendor_id).run()
        check_page(app)
        assert app.text_input(key="vendors.edit_company").value == expected
        assert app.text_area(key="vendors.edit_note").value == expected


def test_scoring_page_shows_criteria_vendors_and_evidence_verbatim(app, made, db):
    scorer = made.participants[hostile.SCORERS[0]]
    open_as(app, "pages/scoring.py", made.main, scorer.token)
    assert shown_in_markdown(app, scorer.name, {"caption"})
    categories = app.radio(key="scoring.category")
    assert [plain(o).removeprefix("✓ ") for o in categories.options] == [
        one_line(n) for n in NAMES]
    must = stored_name(CORPUS[hostile.MUST_HAVE])
    assert list(frame(app, "criterion", f"v{made.huge_vendor}")["criterion"]) == [
        f"{must} · must ≥ {hostile.MINIMUM:g}"]
    notes = frame(app, "Criterion", "Vendor", "Evidence")
    assert set(notes["Criterion"]) == {must}
    assert list(notes["Vendor"]) == [*NAMES, "Huge vendor"]
    scores = workspace.engagement_scores(db, made.main)
    mine = scores[(scores["scorer_id"] == scorer.id)
                  & (scores["criterion"] == made.criteria[hostile.MUST_HAVE])]
    given = dict(zip(mine["vendor_id"], mine["evidence"]))
    assert list(notes["Evidence"]) == [given.get(v, "") for v in
                                       [*made.vendors.values(), made.huge_vendor]]
    assert set(given.values()) == ({*map(hostile.kept, CORPUS.values()), HUGE}
                                   - {hostile.kept(CORPUS[made.unscored_vendor])})
    flagged = frame(app, "vendor", "criterion", "mean", "spread", "scorers")
    assert set(flagged["vendor"]) == {stored_name(CORPUS["formula"])}
    assert set(flagged["criterion"]) == set(NAMES) | {"Huge description"}


def test_comparison_page_shows_vendor_and_category_names_verbatim(app, made):
    open_as(app, "pages/comparison.py", made.main)
    winner = stored_name(CORPUS[hostile.WINNER])
    leading = next(m for m in app.metric if m.label == "Leading vendor")
    assert escape_markdown(winner) in leading.proto.body
    assert plain(leading.proto.body) == one_line(winner)
    ranking = frame(app, "vendor", "score", "rank", "closeness", "knocked_out_by")
    assert set(ranking["vendor"]) == set(NAMES) | {"Huge vendor"}
    assert ranking.sort_values("rank")["vendor"].iloc[0] == winner
    must = stored_name(CORPUS[hostile.MUST_HAVE])
    knocked = ranking[ranking["knocked_out_by"] != ""]["knocked_out_by"]
    assert len(knocked) and all(value.startswith(f"{must} ") for value in knocked)
    pending = f"{stored_name(CORPUS[made.unscored_vendor])} on {must}"
    assert shown_in_markdown(app, pending, {"caption"})
    # Select boxes show options as plain text: names as typed, no Markdown escapes.
    assert app.multiselect(key="compare.x").options == NAMES
    assert app.multiselect(key="compare.y").options == NAMES
    for category_id, key in zip(made.categories.values(), made.categories):
        label = app.slider(key=f"whatif.{category_id}").label
        assert escape_markdown(stored_name(CORPUS[key])) == label
    robustness = frame(app, "category", "current", "low", "high", "what_happens")
    assert set(robustness["category"]) == set(NAMES)
    contributions = next(d for d in chart_data(app) if "contribution" in d.columns)
    shown = {v.removesuffix(" (knocked out)") for v in contributions["vendor"]}
    assert shown == set(NAMES) | {"Huge vendor"}
    assert set(contributions["category"]) == set(NAMES)


def test_live_workshop_shows_hostile_display_names_verbatim(app, made):
    open_as(app, "pages/workshop.py", made.workshop)
    people = frame(app, "Name", "Joined")
    assert list(people["Name"]) == NAMES
    app.toggle(key="workshop.individual").set_value(True).run()
    check_page(app)
    # Each person's culture, maturity and vendor scores (a column per display name) and
    # each person's weights (a row per display name, a column per category).
    by_name = [d.value for d in app.dataframe if set(NAMES) <= set(map(str, d.value.columns))]
    assert len(by_name) >= 3, [list(d.value.columns)[:3] for d in app.dataframe]
    each = [d.value for d in app.dataframe if set(NAMES) <= set(map(str, d.value.index))]
    assert len(each) == 1 and set(each[0].columns) <= set(NAMES)
    weights = frame(app, "Item", "weight")
    assert set(weights["Item"]) == set(NAMES)
    scores = frame(app, "vendor", "criterion", "mean", "spread", "scorers")
    assert set(scores["vendor"]) == {stored_name(CORPUS["markdown"])}
    group = next(d for d in chart_data(app) if "item" in d.columns)
    assert set(group["item"]) <= set(NAMES)


def test_a_participant_sees_their_hostile_name_escaped_and_the_group_results(
        app, made, db, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", "correct horse battery staple")
    session = workspace.live_session(db, made.workshop)
    workspace.update_session(db, session.id, reveal=True)
    person = made.workshop_people["markdown"]
    open_as(app, "pages/join.py", made.workshop, person.token)
    assert shown_in_markdown(app, person.name, {"markdown"})
    assert shown_in_markdown(app, stored_name(CORPUS[hostile.WORKSHOP]), {"caption"})
    app.switch_page("pages/group_results.py").run()
    check_page(app)
    assert set(frame(app, "Item", "weight")["Item"]) == set(NAMES)
    assert set(frame(app, "vendor", "criterion", "mean")["vendor"]) == {
        stored_name(CORPUS["markdown"])}


def test_the_live_view_names_the_criteria_as_typed(app, made):
    open_as(app, "pages/workshop.py", made.workshop)
    scores = frame(app, "vendor", "criterion", "mean", "spread", "scorers")
    assert set(scores["criterion"]) == {stored_name(CORPUS["formula"])}


def test_the_adopt_weights_button_names_a_hostile_level_escaped(app, made, db):
    session = workspace.live_session(db, made.workshop)
    level = next(c.id for c in workspace.list_categories(db, made.workshop)
                 if c.name == stored_name(CORPUS["markdown"]))
    criterion = next(c.id for c in workspace.list_criteria(db, made.workshop)
                     if c.category == level)
    workspace.update_session(db, session.id, weights_level=level)
    person = made.workshop_people["formula"]
    workspace.save_participant_weights(db, person.id, level, "points", {criterion: 100})
    open_as(app, "pages/workshop.py", made.workshop)


def test_the_workshop_level_picker_shows_category_names_as_typed(app, made):
    """Select boxes show their options as plain text: escaping them would show backslashes."""
    open_as(app, "pages/workshop.py", made.main)
    assert app.selectbox(key="workshop.new.level").options[1:] == NAMES


# --- exports -------------------------------------------------------------------------------------

EXPORTS = ("-answers.csv", "-scores.csv", "-backup.json.gz", ".xlsx", ".html",
           "-value-for-money.csv", "-action-plan.csv")


@pytest.fixture(scope="module")
def exported(template, tmp_path_factory) -> dict[str, bytes]:
    """Every file the Exports page offers for the main engagement (the workbook with names),
    fetched as a browser would: the page registers each file's builder with Streamlit and
    builds it only when its button is clicked (the workbook: prepared, then handed over). Built once for the module, from a copy of the
    hostile workspace (the tests compare with their own copy: same content, same ids)."""
    path = tmp_path_factory.mktemp("exports") / "workspace.db"
    _copy(template[0], path)
    ids = template[1]
    builders: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        builders.update({ending: data_callable for ending in EXPORTS
                         if file_name and file_name.endswith(ending)})
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(workspace.PATH_VARIABLE, str(path))
        patch.setattr(app_test_module, "PagesManager", _WarmPagesManager)
        patch.setattr(PagesManager, "uses_pages_directory", False)
        patch.setattr(MediaFileManager, "add_deferred", add_deferred)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        open_as(at, "pages/exports.py", ids.main)
        assert shown_in_markdown(at, stored_name(CORPUS[hostile.MAIN]), {"caption"})
        at.checkbox(key="exports.include_names").check().run()
        check_page(at)
        assert set(builders) == set(EXPORTS) - {".xlsx"}
        files = {ending: make() for ending, make in builders.items()}
        # The workbook is prepared beside the page, then handed over.
        at.button(key="exports.xlsx.prepare").click().run()
        job = at.session_state[f"exports.xlsx.job.{ids.main}"]
        assert job.wait(300) and job.error == ""
        at.run()
        check_page(at)
        files[".xlsx"] = job.result
    return {ending: data if isinstance(data, bytes) else data.encode()
            for ending, data in files.items()}


def workbook_cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return book, [(ws.title, cell) for ws in book.worksheets for row in ws.iter_rows()
                  for cell in row if cell.value is not None]


def check_workbook(data: bytes, user_texts: set[str]) -> None:
    """No user text as a formula, no text cell a spreadsheet would run, and a sane layout."""
    book, cells = workbook_cells(data)
    formula_chars = re.compile(r'^=[A-Za-z0-9$!:(),.<>=*/+\-" —]+$')  # — : a knocked-out rank
    for sheet, cell in cells:
        if cell.data_type == "f":
            assert formula_chars.match(cell.value), (sheet, cell.coordinate, cell.value)
            assert not any(text in cell.value for text in user_texts if len(text) > 3)
        elif cell.data_type == "s":
            assert not is_formula_like(cell.value), (sheet, cell.coordinate, cell.value[:80])
            assert len(cell.value) <= CELL_MAX
    for ws in book.worksheets:
        assert all((d.height or 0) <= ROW_HEIGHT_MAX for d in ws.row_dimensions.values())
        assert all((d.width or 0) <= COLUMN_WIDTH_MAX for d in ws.column_dimensions.values())


def summary_details(book) -> dict[str, object]:
    """The Summary sheet's engagement details: the value right of each label in column A."""
    ws = book["Summary"]
    return {row[0].value: row[1].value for row in ws.iter_rows(min_row=5, max_row=12)
            if isinstance(row[0].value, str)}


def column(book, sheet: str, letter: str) -> list:
    ws = book[sheet]
    return [c.value for c in ws[letter][4:]]       # below the title, note and header rows


def test_workbook_keeps_every_user_text_as_inert_text(exported, made, db):
    data = exported[".xlsx"]
    texts = {*CORPUS.values(), *NAMES, HUGE}
    check_workbook(data, texts)
    book, _ = workbook_cells(data)
    assert summary_details(book)["Name"] == in_workbook(stored_name(CORPUS[hostile.MAIN]))
    xlsx = {in_workbook(t) for t in [*NAMES, "Huge vendor"]}
    for sheet, letter in (("Scores", "A"), ("Ranking", "A"), ("Evidence", "A")):
        assert {v for v in column(book, sheet, letter) if v} == xlsx, sheet
    assert {v for v in column(book, "Weights", "B") if v} == {in_workbook(n) for n in NAMES}
    assert {v for v in column(book, "Weights", "H") if v} == {
        in_workbook(n) for n in [*NAMES, "Huge description"]}
    evidence = Counter(v for v in column(book, "Evidence", "E") if v)
    scores = workspace.engagement_scores(db, made.main)
    assert evidence == Counter(in_workbook(e) for e in scores["evidence"])
    people = {v for v in column(book, "Responses", "A") if v}
    assert people == {in_workbook(n) for n in NAMES}
    comments = Counter(v for v in column(book, "Responses", "G") if v)
    assert comments == Counter(in_workbook(c) for c in [
        *made.culture_comments.values(), *made.maturity_comments.values()])
    # The formula-like entries are there, behind the apostrophe, never as formulas.
    for key in FORMULA_KEYS:
        shown = in_workbook(stored_name(CORPUS[key]))
        assert shown.startswith("'") and shown in people, key
    # The 100,000-character text is cut at the cell's limit, still inert.
    huge = [v for v in evidence if v.startswith("'=HUGE")]
    assert huge and all(len(v) == CELL_MAX and HUGE.startswith(v[1:]) for v in huge)


def test_workbook_summary_keeps_each_engagements_details_inert(db, made):
    today = date.today().isoformat()
    # The details are all that differs between these (empty) engagements: one input, the
    # details swapped in.
    empty = workbook_input(db, workspace.get_engagement(db, made.engagements["sql"]),
                           today=today)
    for key, engagement_id in [*made.engagements.items(), ("huge", made.huge_engagement)]:
        engagement = workspace.get_engagement(db, engagement_id)
        details = EngagementDetails(engagement.name, engagement.organization,
                                    engagement.industry, engagement.size, engagement.purpose,
                                    engagement.is_example, today)
        data = engagement_workbook(dataclasses.replace(empty, engagement=details))
        check_workbook(data, {engagement.name, engagement.organization})
        shown = summary_details(load_workbook(io.BytesIO(data)))
        expected = {"Name": engagement.name, "Organization": engagement.organization,
                    "Industry": engagement.industry, "Size": engagement.size,
                    "Purpose": engagement.purpose}
        assert {label: shown[label] for label in expected} == {
            label: in_workbook(text) for label, text in expected.items()}, key


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_files_keep_every_user_text_inert_one_record_per_row(exported, made, db):
    responses = pd.concat([workspace.engagement_responses(db, made.main, bank)
                           for bank in ("culture", "maturity")])
    rows = read_csv(exported["-answers.csv"])
    assert len(rows) == len(responses)
    assert [r["participant"] for r in rows] == [neutralize(n) for n in responses["participant"]]
    assert [r["comment"] for r in rows] == [neutralize(c) if isinstance(c, str) else ""
                                            for c in responses["comment"]]
    scores = workspace.engagement_scores(db, made.main, include_archived=True)
    rows = read_csv(exported["-scores.csv"])
    assert len(rows) == len(scores)
    for field in ("scorer", "vendor", "evidence"):
        assert [r[field] for r in rows] == [neutralize(v) for v in scores[field]], field
    vendors = {r["vendor"] for r in rows}
    for key in FORMULA_KEYS:
        assert "'" + stored_name(CORPUS[key]) in vendors, key
    for key in ("script", "markdown", "sql", "arabic_hebrew", "emoji_zwj", "newlines", "nul"):
        assert stored_name(CORPUS[key]) in vendors, key


class Parsed(HTMLParser):
    """Tags, attributes and text of an HTML document, and the cells in each table's rows."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.tables: list[list[int]] = []
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def check_html(document: str) -> Parsed:
    parsed = Parsed(document)
    assert not ACTIVE_HTML & set(parsed.tags), ACTIVE_HTML & set(parsed.tags)
    assert not [a for a in parsed.attributes if a[1].lower().startswith("on")]
    assert not [a for a in parsed.attributes if a[1].lower() in URL_ATTRIBUTES
                and "javascript:" in re.sub(r"\s", "", (a[2] or "").lower())]
    # Layout: every row of a table has as many cells as its header.
    assert all(len(set(rows)) == 1 for rows in parsed.tables if rows), parsed.tables
    return parsed


def test_html_report_shows_user_text_escaped_and_runs_nothing(exported, made):
    document = exported[".html"].decode("utf-8")
    parsed = check_html(document)
    name = stored_name(CORPUS[hostile.MAIN])
    assert f"<h1>{html.escape(name)}</h1>" in document
    cells = set(parsed.text)
    for vendor in [*NAMES, "Huge vendor"]:
        assert vendor in cells, vendor
        assert f"<td>{html.escape(vendor)}</td>" in document, vendor
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&lt;img src=x onerror=alert(1)&gt;" in document


def test_html_report_escapes_each_engagements_details(db, made):
    for key, engagement_id in [*made.engagements.items(), ("huge", made.huge_engagement)]:
        engagement = workspace.get_engagement(db, engagement_id)
        details = {f: getattr(engagement, f)
                   for f in ("name", "organization", "industry", "size", "purpose")}
        document = html_report.engagement_report(html_report.ReportInput(
            engagement=details | {"is_example": False}, metrics=[]))
        parsed = check_html(document)
        assert f"<h1>{html.escape(engagement.name)}</h1>" in document, key
        assert f"<p>{html.escape(engagement.purpose)}</p>" in document, key
        assert engagement.purpose in parsed.text, key


def test_backup_restores_every_text_byte_for_byte(exported, made, db, tmp_path):
    data = exported["-backup.json.gz"]
    document = json.loads(gzip.decompress(data))
    assert document["engagement"]["name"] == stored_name(CORPUS[hostile.MAIN])
    fresh = workspace.open_workspace(tmp_path / "fresh.db", seed_example_engagement=False)
    restored = workspace.restore_engagement(fresh, data)

    def content(database, engagement_id):
        body = workspace.export_engagement(database, engagement_id)
        return {k: v for k, v in body.items() if k not in ("exported_at", "checksum")}

    assert content(fresh, restored) == content(db, made.main)
    back = {p.name for p in workspace.list_participants(fresh, restored)}
    assert back == set(NAMES)
    evidence = set(workspace.engagement_scores(fresh, restored)["evidence"])
    assert evidence == {*map(hostile.kept, CORPUS.values()), HUGE}


def test_backup_of_the_huge_details_restores_byte_for_byte(db, made, tmp_path):
    fresh = workspace.open_workspace(tmp_path / "fresh.db", seed_example_engagement=False)
    restored = workspace.get_engagement(fresh, workspace.restore_engagement(
        fresh, workspace.backup_bytes(db, made.huge_engagement)))
    assert (restored.organization, restored.industry, restored.size, restored.purpose) == (
        HUGE,) * 4


CHART_WITH_CONTROL_CHARACTERS = """
import altair as alt, pandas as pd
from reports import images
characters = ["\\x00", "\\x01", "\\x0b", "\\x1f", "\\ufffe", "\\uffff"]
names = [f"vendor{c}{n}" for n, c in enumerate(characters)]
chart = alt.Chart(pd.DataFrame({"vendor": names, "score": range(len(names))})).mark_bar() \\
    .encode(x="score:Q", y="vendor:N")
labeled = images.labeled(chart, "engagement" + "".join(characters), "2026-11-26")
assert "<svg" in images.chart_svg(labeled) and images.chart_png(labeled)
print("rendered")
"""


def test_a_chart_whose_text_holds_control_characters_renders_and_never_aborts():
    """vl-convert aborts the whole process (a Rust panic, not an exception) on characters SVG
    cannot hold; a vendor or engagement name with a NUL must not take the server down with
    the HTML report or a chart's PNG/SVG download. Run apart: a regression would abort it."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    run = subprocess.run([sys.executable, "-c", CHART_WITH_CONTROL_CHARACTERS], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "rendered" in run.stdout, run.stderr[-2000:]


# --- the decision record ----------------------------------------------------------------------

def _actor(text: str) -> str:
    """Who made a change or signed, as kept: a name on one line."""
    return " ".join(stored_name(text).split())


def test_the_decision_record_keeps_every_actor_signer_and_note_as_typed(db, made):
    trail = workspace.audit.audit_trail(db, made.main)
    noted = trail[(trail["field"] == "archived") & (trail["new_value"] == "yes")]
    assert list(noted["actor"])[-len(CORPUS):] == [_actor(t) for t in CORPUS.values()]
    assert list(noted["note"])[-len(CORPUS):] == [stored_name(t) for t in CORPUS.values()]
    signed = workspace.sign_offs.list_sign_offs(db, made.main)
    assert [(s.signed_by, s.note) for s in signed] == [
        (_actor(t), stored_name(t)) for t in CORPUS.values()]
    with pytest.raises(workspace.Conflict):
        db.execute("UPDATE sign_offs SET note = 'x'")


def test_comparison_page_shows_the_decision_record_verbatim(app, made):
    open_as(app, "pages/comparison.py", made.main)
    latest = _actor(list(CORPUS.values())[-1])
    assert shown_in_markdown(app, latest, {"success"})
    signed = frame(app, "signed_at", "signed_by", "note", "winner")
    assert list(signed["signed_by"]) == [_actor(t) for t in CORPUS.values()]
    assert list(signed["note"]) == [stored_name(t) for t in CORPUS.values()]
    app.selectbox(key="compare.history").set_value(
        f"v{made.vendors[hostile.MAIN]}").run()
    check_page(app)
    history = frame(app, "at", "actor", "vendor", "item", "field", "old", "new", "note")
    assert history["note"].iloc[0] == stored_name(CORPUS[hostile.MAIN])


def test_the_audit_trail_and_sign_offs_export_as_inert_text(db, made, exported):
    from outcomes import exports

    rows = read_csv(exports.audit_csv(db, made.main, True))
    assert all(not is_formula_like(value) for row in rows for value in row.values())
    notes = {row["Note"] for row in rows}
    assert {neutralize(stored_name(t)) for t in CORPUS.values()} <= notes
    signed = read_csv(exports.sign_offs_csv(db, made.main))
    assert [r["Signed by"] for r in signed] == [neutralize(_actor(t)) for t in CORPUS.values()]
    book, _ = workbook_cells(exported[".xlsx"])
    trail_notes = set(column(book, "Audit trail", "H"))
    assert {in_workbook(stored_name(t)) for t in CORPUS.values()} <= trail_notes
    signers = set(column(book, "Sign-offs", "B"))
    assert {in_workbook(_actor(t)) for t in CORPUS.values()} <= signers


def test_action_plan_owners_and_value_for_money_stay_inert_in_every_export(exported, made, db):
    owners = list(made.plan_owners.values())
    assert len(set(owners)) > 10 and any(o.startswith("=") for o in owners)
    book, _ = workbook_cells(exported[".xlsx"])
    assert column(book, "Action plan", "D") == [in_workbook(o) for o in owners]
    assert {v for v in column(book, "Value for money", "A") if v} == {
        in_workbook(n) for n in [*NAMES, "Huge vendor"]}
    rows = read_csv(exported["-action-plan.csv"])
    assert [r["Owner"] for r in rows] == [neutralize(o) for o in owners]
    assert all(r["Late"] == "late" for r in rows)
    vendors = {r["Vendor"] for r in read_csv(exported["-value-for-money.csv"])}
    assert vendors == {neutralize(n) for n in [*NAMES, "Huge vendor"]}
    document = exported[".html"].decode("utf-8")
    check_html(document)
    for owner in owners:
        assert f"<td>{html.escape(owner)}</td>" in document, owner


def test_report_page_shows_action_plan_owners_verbatim(app, made):
    open_as(app, "pages/report.py", made.main)
    check_page(app)
    shown = next(df.value for df in app.dataframe if "late_text" in df.value.columns)
    assert shown["owner"].tolist() == list(made.plan_owners.values())
    assert re.search(r"\b\d+ actions? late: ", texts(app))
