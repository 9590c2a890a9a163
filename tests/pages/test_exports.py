"""Exports page: every export offered, on the example and on an empty engagement; restore."""
import csv
import gzip
import io
import threading
import tomllib

import openpyxl

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

import workspace
from assessments.bank import BANKS_DIR
from tests.pages.helpers import errors, no_exceptions, open_page, plain, texts

EXPORTS = ["exports.pptx", "exports.pdf", "exports.html", "exports.responses_csv",
           "exports.scores_csv", "exports.backup"]


def _download_keys(app) -> set[str]:
    return {element.proto.id.split("-", 2)[-1] for element in app.get("download_button")}


def test_every_export_is_offered_for_the_example(app, example_db):
    open_page(app, "pages/exports.py")
    assert set(EXPORTS) <= _download_keys(app)
    assert app.button(key="exports.xlsx.prepare").label == "Prepare the workbook"
    assert "Backup and restore" in texts(app)


@pytest.mark.parametrize("name", ["Empty engagement"])
def test_exports_are_offered_for_an_empty_engagement_too(app, workspace_path, name):
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, name)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/exports.py")
    assert set(EXPORTS) <= _download_keys(app)
    book = openpyxl.load_workbook(io.BytesIO(_prepare_workbook(app, engagement.id).result))
    assert book["Responses"]["A5"].value is None                 # nobody has answered


def _job(app, engagement_id):
    """The workbook being built (or built) for the engagement."""
    return app.session_state[f"exports.xlsx.job.{engagement_id}"]


def _prepare_workbook(app, engagement_id):
    """Click "Prepare the workbook", wait for it to be built, and show the page again."""
    app.button(key="exports.xlsx.prepare").click().run()
    no_exceptions(app)
    job = _job(app, engagement_id)
    assert job.wait(120)
    app.run()
    no_exceptions(app)
    return job


def test_the_workbook_is_built_beside_the_page_then_handed_over(app, example_db):
    # The workbook of a large engagement takes minutes: it is built beside the page, which
    # goes on working, and then offered at once. The file is the engagement's workbook.
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/exports.py")
    assert "exports.xlsx" not in _download_keys(app)
    job = _prepare_workbook(app, example.id)
    assert "exports.xlsx" in _download_keys(app)
    assert _job(app, example.id) is job and job.error == ""
    book = openpyxl.load_workbook(io.BytesIO(job.result))
    answered = workspace.engagement_responses_every_bank(example_db, example.id)
    assert book.sheetnames[:2] == ["Summary", "Readiness"]
    assert book["Responses"].max_row - 4 == len(answered)
    assert "Participant 1" in {c.value for c in book["Responses"]["A"]}   # no names
    assert "Prepared in" in texts(app)


def test_a_prepared_workbook_is_not_offered_once_the_engagement_or_the_options_change(
        app, example_db):
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/exports.py")
    _prepare_workbook(app, example.id)
    app.checkbox(key="exports.include_names").check().run()
    assert "out of date" in texts(app) and "exports.xlsx" not in _download_keys(app)
    job = _prepare_workbook(app, example.id)
    person = workspace.list_participants(example_db, example.id)[0]
    assert person.name in {c.value for c in openpyxl.load_workbook(
        io.BytesIO(job.result))["Responses"]["A"]}
    workspace.save_answer(example_db, person.id, "culture", "c01", 1)
    app.run()
    assert "out of date" in texts(app) and "exports.xlsx" not in _download_keys(app)


def test_a_workbook_prepared_for_one_engagement_is_never_offered_on_another(app, example_db):
    [example] = workspace.list_engagements(example_db)
    other = workspace.create_engagement(example_db, "Other client")
    open_page(app, "pages/exports.py")
    _prepare_workbook(app, example.id)
    assert "exports.xlsx" in _download_keys(app)
    app.selectbox(key="engagement.picker").set_value(other.id).run()      # the sidebar
    no_exceptions(app)
    assert "Engagement: Other client" in texts(app) and "out of date" not in texts(app)
    assert "exports.xlsx" not in _download_keys(app)
    assert app.button(key="exports.xlsx.prepare").label == "Prepare the workbook"
    app.selectbox(key="engagement.picker").set_value(example.id).run()
    assert "exports.xlsx" in _download_keys(app)         # the example's is still there


def test_a_workbook_being_built_shows_how_far_it_has_got(app, example_db, monkeypatch):
    import reports.excel

    halfway, finish = threading.Event(), threading.Event()
    real = reports.excel.engagement_workbook

    def slow(export, progress):
        progress(0.5, "Writing the answers: 10 of 20")
        halfway.set()
        finish.wait(60)
        return real(export, progress)

    monkeypatch.setattr(reports.excel, "engagement_workbook", slow)
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/exports.py")
    app.button(key="exports.xlsx.prepare").click().run()
    assert halfway.wait(60)
    app.run()
    no_exceptions(app)
    [bar] = app.get("progress")
    assert "Writing the answers: 10 of 20 (55%" in plain(bar.proto.text)
    assert bar.proto.value > 0
    assert "being built beside this page" in texts(app)
    assert "exports.xlsx" not in _download_keys(app)
    finish.set()
    assert _job(app, example.id).wait(60)
    app.run()
    assert "exports.xlsx" in _download_keys(app)


def test_a_workbook_that_cannot_be_built_says_why_and_can_be_tried_again(app, example_db,
                                                                        monkeypatch):
    import reports.excel

    def broken(export, progress):
        raise reports.excel.WorkbookError("a score of 7 for Convo, outside 0 to 5")

    monkeypatch.setattr(reports.excel, "engagement_workbook", broken)
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/exports.py")
    _prepare_workbook(app, example.id)
    assert any("could not be built: a score of 7 for Convo" in e for e in errors(app))
    assert app.button(key="exports.xlsx.prepare").label == "Prepare the workbook"


def _upload(app, name: str, data: bytes):
    app.file_uploader(key="exports.restore_file").set_value(
        (name, data, "application/gzip" if name.endswith(".gz") else "application/json")).run()
    app.button(key="exports.restore").click().run()
    no_exceptions(app)
    return app


def test_the_restore_limit_is_stated_and_admits_the_backups_the_app_writes(app, example_db):
    open_page(app, "pages/exports.py")
    uploader = app.file_uploader(key="exports.restore_file")
    assert uploader.proto.max_upload_size_mb == workspace.MAX_BACKUP_MB == 50
    assert set(uploader.allowed_type) == {".gz", ".json"}
    assert "Restores backups up to 50 MB" in texts(app)


def test_a_backup_uploaded_on_the_page_restores_as_a_new_engagement(app, example_db):
    [example] = workspace.list_engagements(example_db)
    data = workspace.backup_bytes(example_db, example.id)
    _upload(open_page(app, "pages/exports.py"), "northwind-backup.json.gz", data)
    names = [e.name for e in workspace.list_engagements(example_db)]
    assert f"{workspace.EXAMPLE_NAME} (restored)" in names
    assert f"Restored as “{workspace.EXAMPLE_NAME} (restored)”" in texts(app)


def test_a_gzip_bomb_uploaded_on_the_page_is_refused_with_a_message(app, example_db):
    member = io.BytesIO()
    with gzip.GzipFile(fileobj=member, mode="wb", mtime=0) as packed:
        packed.write(b" " * 2**20)
    bomb = member.getvalue() * 1_024                       # 1 GiB unpacked, 1 MiB packed
    before = workspace.list_engagements(example_db)
    _upload(open_page(app, "pages/exports.py"), "backup.json.gz", bomb)
    assert any("Nothing was restored" in e and "unpacks to more than" in e
               for e in errors(app))
    assert workspace.list_engagements(example_db) == before


def test_the_answers_csv_carries_every_bank_the_engagement_has_answers_for(
        app, example_db, monkeypatch):
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "culture_imported"
    workspace.install_bank(example_db, "culture_imported", "likert", data["bank"]["title"],
                           data["bank"]["version"], data)
    [example] = workspace.list_engagements(example_db)
    person = workspace.list_participants(example_db, example.id)[0]
    workspace.save_answer(example_db, person.id, "culture_imported", "c07", 2)
    builders = _builders(app, monkeypatch)
    open_page(app, "pages/exports.py")
    [answers] = [make for name, make in builders.items() if name.endswith("-answers.csv")]
    rows = list(csv.DictReader(io.StringIO(answers().decode("utf-8-sig"))))
    assert {row["bank"] for row in rows} == {"culture", "maturity", "culture_imported"}
    # Names only when asked (the default is "Participant n", as in the workbook).
    assert [(r["item"], r["value"]) for r in rows if r["bank"] == "culture_imported"] == [
        ("c07", "2.0")]
    assert person.name not in {r["participant"] for r in rows}


def _builders(app, monkeypatch) -> dict:
    """File name -> the callable the page registered to build that download."""
    builders = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        builders[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return builders


@pytest.mark.parametrize("empty", [False, True])
def test_the_board_pack_buttons_build_a_deck_and_a_pdf(app, workspace_path, monkeypatch,
                                                        empty):
    from pptx import Presentation

    db = workspace.open_workspace(workspace_path)
    if empty:
        app.query_params["e"] = str(workspace.create_engagement(db, "Nothing yet").id)
    builders = _builders(app, monkeypatch)
    open_page(app, "pages/exports.py")
    [deck] = [make for name, make in builders.items() if name.endswith("board-pack.pptx")]
    [pdf] = [make for name, make in builders.items() if name.endswith("board-pack.pdf")]
    slides = Presentation(io.BytesIO(deck())).slides
    titles = [s.shapes.title.text_frame.text for s in slides]
    assert titles[1] == "The answer in one slide" and titles[-1] == "Data coverage"
    assert ("Platform decision" in titles) == empty
    assert pdf().startswith(b"%PDF")
