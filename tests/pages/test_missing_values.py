"""Missing values read as "—" or nothing: never "None", "nan", "NaN", "<NA>" or "NaT".

Every page of the example engagement and of an engagement full of gaps (details left empty,
a vendor nobody scored, a cleared score, "don't know" answers, a level nobody weighed, a
workshop participant who has given nothing yet) is checked: every table and grid shows its
missing cells with a placeholder, no cell holds a missing value turned into text, and no text
on the page (titles, captions, metrics, messages, labels, options) spells one.
"""
import re

import pandas as pd
import pytest

import workspace
from tests.conftest import ROOT
from tests.pages.helpers import no_exceptions

MISSING = re.compile(r"(?<![\w<])(None|nan|NaN|NaT)(?![\w>])|<NA>")
PARTICIPANT_PAGES = ["pages/join.py", "pages/culture.py", "pages/maturity.py",
                     "pages/my_weights.py", "pages/scoring.py", "pages/group_results.py"]
PAGES = ["pages/engagements.py", "pages/culture.py", "pages/maturity.py", "pages/report.py",
         "pages/banks.py", "pages/requirements.py", "pages/weights.py", "pages/vendors.py",
         "pages/scoring.py", "pages/comparison.py", "pages/workshop.py", "pages/exports.py"]
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "text", "code", "error",
              "success", "info", "warning", "exception")


def _strings(at) -> list[str]:
    """Every piece of text a person reads on the page, outside tables."""
    found = [str(e.value) for kind in TEXT_KINDS for e in at.get(kind)]
    for metric in at.metric:
        found += [str(metric.label), str(metric.value), str(metric.proto.body)]
        if metric.proto.delta:
            found.append(str(metric.proto.delta))
    for kind in ("radio", "selectbox", "multiselect", "segmented_control", "select_slider"):
        for widget in at.get(kind):
            found.append(str(widget.label))
            found += [str(option) for option in getattr(widget, "options", [])]
            found += [str(c) for c in getattr(widget.proto, "captions", [])]
    for kind in ("text_input", "text_area", "number_input"):
        for widget in at.get(kind):
            found += [str(widget.label), str(widget.value)]
    found += [str(b.label) for b in at.button] + [str(e.label) for e in at.expander]
    return found


def _table_problems(at) -> list[str]:
    problems = []
    for table in at.dataframe:
        frame = table.value
        name = f"table {list(frame.columns)[:4]}"
        if frame.isna().to_numpy().any() and (
                not table.proto.HasField("placeholder")
                or MISSING.search(table.proto.placeholder)):
            problems.append(f"{name} shows its missing cells as “None”")
        as_text = frame.astype("string").fillna("")     # cells that hold a missing value as text
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                bad = as_text[column][as_text[column].str.fullmatch(MISSING.pattern)]
                if len(bad):
                    problems.append(f"{name}: column {column!r} holds {bad.iloc[0]!r}")
        columns = [str(c) for c in frame.columns] + [str(i) for i in frame.index.names if i]
        problems += [f"{name}: column named {c!r}" for c in columns if MISSING.search(c)]
    return problems


def _check(at) -> None:
    no_exceptions(at)
    problems = _table_problems(at)
    problems += [f"text: {s[:120]!r}" for s in _strings(at) if MISSING.search(s)]
    assert not problems, problems


@pytest.fixture
def gappy(workspace_path):
    """An engagement with every kind of gap; returns (engagement id, scorer's token)."""
    from vendors.catalog import load_taxonomy

    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, "Gaps everywhere")
    taxonomy = load_taxonomy()
    workspace.import_taxonomy(db, engagement.id, taxonomy.categories, taxonomy.criteria)
    scored = workspace.add_vendor(db, engagement.id, "Scored a little")
    workspace.add_vendor(db, engagement.id, "Never scored")
    analyst = workspace.add_participant(db, engagement.id, "Analyst")
    workspace.add_participant(db, engagement.id, "Silent")
    first, second = [c.id for c in workspace.list_criteria(db, engagement.id)][:2]
    workspace.save_scores(db, [workspace.Score(analyst.id, scored.id, first, 3.0, ""),
                               workspace.Score(analyst.id, scored.id, second, None, "")])
    workspace.save_answer(db, analyst.id, "culture", "c01", None, dont_know=True)
    workspace.save_answer(db, analyst.id, "culture", "c02", 4)
    workspace.save_answer(db, analyst.id, "maturity", "strategy", None, dont_know=True)
    session = workspace.open_session(db, engagement.id, ["culture", "maturity", "weights",
                                                         "scores"])
    newcomer = workspace.join_session(db, session.code, "Newcomer")
    workspace.save_answer(db, newcomer.id, "culture", "c01", None, dont_know=True)
    workspace.save_answer(db, newcomer.id, "culture", "c03", 2)
    workspace.save_answer(db, newcomer.id, "maturity", "strategy", None, dont_know=True)
    workspace.save_scores(db, [workspace.Score(newcomer.id, scored.id, first, None, "")])
    categories = [c.id for c in workspace.list_categories(db, engagement.id)]
    workspace.save_participant_weights(db, newcomer.id, "categories", "points",
                                       {categories[0]: 60, categories[1]: 0})
    workspace.update_session(db, session.id, reveal=True)
    return engagement.id, analyst.token, newcomer.token


@pytest.mark.parametrize("page", PAGES)
def test_the_example_shows_no_missing_marker(app, example_db, page):
    [example] = workspace.list_engagements(example_db)
    person = workspace.list_participants(example_db, example.id)[0]
    app.query_params["e"] = str(example.id)
    app.query_params["p"] = person.token
    app.run()
    app.switch_page(page).run()
    _check(app)


@pytest.mark.parametrize("page", PAGES)
def test_an_engagement_full_of_gaps_shows_no_missing_marker(app, gappy, page):
    engagement_id, token, _ = gappy
    app.query_params["e"] = str(engagement_id)
    app.query_params["p"] = token
    app.run()
    app.switch_page(page).run()
    _check(app)


@pytest.mark.parametrize("page", PARTICIPANT_PAGES)
def test_a_workshop_participant_sees_no_missing_marker(app, gappy, page, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", "a secret for the room")
    _, _, token = gappy
    app.query_params["p"] = token
    app.run()
    app.switch_page(page).run()
    assert app.title, "the participant's page is drawn"
    _check(app)


def test_every_table_and_grid_goes_through_the_shared_helper():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        if path.name != "tables.py":
            text = path.read_text()
            assert not re.search(r"\.(dataframe|data_editor|table)\(", text.replace(
                "tables.table(", "")), path
