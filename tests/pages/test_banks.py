"""Question banks page and questionnaires that follow the engagement's chosen bank."""
import json
import tomllib

import workspace
from assessments.bank import BANKS_DIR
from assessments.bank_excel import bank_to_toml
from tests.pages.helpers import errors, no_exceptions, open_page, plain, texts


def _install_culture_copy(db, bank_id: str, title: str | None = None) -> dict:
    """The shipped culture bank installed as ``bank_id``; returns its data."""
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = bank_id
    data["bank"]["title"] = title or data["bank"]["title"]
    if title:
        data["dimensions"][0]["items"][0]["text"] = "Edited: people here share drafts freely."
    workspace.install_bank(db, bank_id, "likert", data["bank"]["title"],
                           data["bank"]["version"], data)
    return data


def _install_edited_culture(db) -> None:
    _install_culture_copy(db, "culture_edited", "Culture (edited)")


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
    data = _install_culture_copy(example_db, "culture_broken")
    [example] = workspace.list_engagements(example_db)
    workspace.set_engagement_banks(example_db, example.id, culture_bank="culture_broken")
    # A bank that stopped validating (the rules may grow stricter than when it was installed):
    # installing checks every bank, so the stored data is damaged directly.
    data["dimensions"][0]["items"][0]["reverse"] = "yes"
    example_db.execute("UPDATE banks SET data = ? WHERE id = 'culture_broken'",
                       [json.dumps(data)])
    open_page(app, "pages/report.py")
    assert "cannot be used" in texts(app) and "field 'reverse'" in texts(app)


def test_a_bank_installed_with_a_huge_statement_is_explained_on_the_questionnaire(
        app, example_db):
    """A bank installed before text limits existed (a 1 MB statement) no longer reaches the
    participant's page: the page explains instead of trying to show it."""
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_huge"
    data["dimensions"][0]["items"][0]["text"] = "x" * 1_000_000
    # Installing and choosing check the bank now, so the old state is written as it was.
    example_db.execute("INSERT INTO banks (id, kind, title, version, data, installed_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", ["culture_huge", "likert", "Huge", "1",
                                                     json.dumps(data), "2026-01-01T00:00:00"])
    [example] = workspace.list_engagements(example_db)
    example_db.execute("UPDATE engagements SET culture_bank = ? WHERE id = ?",
                       ["culture_huge", example.id])
    open_page(app, "pages/culture.py")
    assert "cannot be used" in texts(app)
    assert "field 'text' is 1,000,000 characters long; at most 5,000 are allowed" in texts(app)
    assert not app.radio and len(texts(app)) < 2_000


def _upload(app, name: str, data: bytes):
    app.file_uploader(key="banks.upload").set_value((name, data, "application/toml")).run()
    no_exceptions(app)
    return app


def _answered_culture_x(db):
    """“culture_x” (the shipped culture bank under another id) chosen for the example, and
    the example's first participant's answer to c01 raised to 5."""
    data = _install_culture_copy(db, "culture_x")
    [example] = workspace.list_engagements(db)
    workspace.set_engagement_banks(db, example.id, culture_bank="culture_x")
    person = workspace.list_participants(db, example.id)[0]
    workspace.save_answer(db, person.id, "culture_x", "c01", 5)
    return data, example, person


def test_a_shorter_scale_under_stored_answers_is_refused_on_the_page(app, example_db):
    data, example, person = _answered_culture_x(example_db)
    shorter = {**data, "scale": {**data["scale"], "labels": data["scale"]["labels"][:4],
                                 "translations": {
                                     language: {**texts, "labels": texts["labels"][:4]}
                                     for language, texts in data["scale"]["translations"].items()}}}
    open_page(app, "pages/banks.py")
    _upload(app, "culture_x.toml", bank_to_toml(shorter).encode("utf-8"))
    assert any("It cannot be installed: “culture_x” was not replaced: 1 stored answer(s) would "
               "fall outside the new version (1 above its 4-point scale) in 1 engagement(s): "
               f"“{example.name}” (1)" in e for e in errors(app))
    installs = [b for b in app.button if b.key == "banks.install"]
    if installs:                       # (before the fix the page offered to install it)
        installs[0].click().run()
    assert workspace.read_bank(example_db, "culture_x").scale_max == 5
    app.switch_page("pages/report.py").run()
    no_exceptions(app)
    app.switch_page("pages/culture.py").run()
    app.selectbox(key="who.existing").set_value(person.token)
    app.button(key="who.continue").click().run()
    no_exceptions(app)
    assert app.radio(key="culture.c01").value == 5


def test_a_compatible_new_version_installs_from_the_page(app, example_db):
    data, _, _ = _answered_culture_x(example_db)
    data["dimensions"][0]["items"][0]["text"] = "Reworded on the page."
    open_page(app, "pages/banks.py")
    _upload(app, "culture_x.toml", bank_to_toml(data).encode("utf-8"))
    assert "every stored answer still fits it" in texts(app)
    app.button(key="banks.install").click().run()
    no_exceptions(app)
    assert workspace.read_bank(example_db, "culture_x").items[0].text == "Reworded on the page."


def test_an_import_lacking_translations_says_which_texts_show_in_english(app, example_db):
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_partial"
    del data["dimensions"][1]["items"][2]["translations"]["fr"]
    del data["outcomes"][0]["translations"]["de"]
    open_page(app, "pages/banks.py")
    assert set(app.dataframe[0].value["Languages"]) == {"English, German, French", "English"}
    _upload(app, "culture_partial.toml", bank_to_toml(data).encode("utf-8"))
    [warning] = [plain(w.value) for w in app.warning]
    assert "Some texts have no translation and will show in English" in warning
    assert "German (de): 1 entry shown in English: outcome 'o01' (text)" in warning
    assert "French (fr): 1 entry shown in English: item 'c08' (text)" in warning
    assert "in English, German, French. It is valid" in texts(app)
    app.button(key="banks.install").click().run()     # flagged, not refused
    no_exceptions(app)
    assert workspace.read_bank(example_db, "culture_partial").languages == ("de", "fr")


def test_a_complete_translation_imports_without_a_warning(app, example_db):
    text = (BANKS_DIR / "culture.toml").read_text(encoding="utf-8").replace(
        'id = "culture"', 'id = "culture_copy"', 1)
    open_page(app, "pages/banks.py")
    _upload(app, "culture_copy.toml", text.encode("utf-8"))
    assert not app.warning and "It is valid" in texts(app)
