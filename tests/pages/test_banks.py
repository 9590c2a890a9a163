"""Question banks page and questionnaires that follow the engagement's chosen bank."""
import tomllib

import workspace
from assessments.bank import BANKS_DIR
from tests.pages.helpers import no_exceptions, open_page, plain, texts


def _install_edited_culture(db) -> None:
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"], data["bank"]["title"] = "culture_edited", "Culture (edited)"
    data["dimensions"][0]["items"][0]["text"] = "Edited: people here share drafts freely."
    workspace.install_bank(db, "culture_edited", "likert", "Culture (edited)", "1", data)


def test_the_page_lists_shipped_and_installed_banks(app, example_db):
    _install_edited_culture(example_db)
    open_page(app, "pages/banks.py")
    table = app.dataframe[0].value
    assert set(table["Bank"]) == {"culture", "maturity", "culture_edited"}
    assert set(table["Origin"]) == {"shipped", "installed"}


def test_choosing_a_bank_changes_the_culture_questionnaire(app, example_db):
    _install_edited_culture(example_db)
    open_page(app, "pages/banks.py")
    app.selectbox(key="banks.culture_bank").set_value("culture_edited").run()
    no_exceptions(app)
    [example] = workspace.list_engagements(example_db)
    assert workspace.get_engagement(example_db, example.id).culture_bank == "culture_edited"
    app.switch_page("pages/culture.py").run()
    app.text_input(key="who.new_name").input("Reviewer")
    app.button(key="who.start").click().run()
    assert plain(app.title[0].value) == "Culture (edited)"
    assert "Edited: people here share drafts freely." in plain(app.radio(key="culture.c01").label)


def test_a_broken_installed_bank_is_explained_not_crashed(app, example_db):
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_broken"
    data["dimensions"][0]["items"][0]["reverse"] = "yes"
    workspace.install_bank(example_db, "culture_broken", "likert", "Broken", "1", data)
    [example] = workspace.list_engagements(example_db)
    workspace.set_engagement_banks(example_db, example.id, culture_bank="culture_broken")
    open_page(app, "pages/report.py")
    assert "cannot be used" in texts(app) and "field 'reverse'" in texts(app)


def test_a_bank_installed_with_a_huge_statement_is_explained_on_the_questionnaire(
        app, example_db):
    """A bank installed before text limits existed (a 1 MB statement) no longer reaches the
    participant's page: the page explains instead of trying to show it."""
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_huge"
    data["dimensions"][0]["items"][0]["text"] = "x" * 1_000_000
    workspace.install_bank(example_db, "culture_huge", "likert", "Huge", "1", data)
    [example] = workspace.list_engagements(example_db)
    workspace.set_engagement_banks(example_db, example.id, culture_bank="culture_huge")
    open_page(app, "pages/culture.py")
    assert "cannot be used" in texts(app)
    assert "field 'text' is 1,000,000 characters long; at most 5,000 are allowed" in texts(app)
    assert not app.radio and len(texts(app)) < 2_000
