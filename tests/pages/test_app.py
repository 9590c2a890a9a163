"""The entry point: every page renders, the picker follows the URL, bad links get a message."""
import pytest

import workspace
from tests.pages.helpers import errors, no_exceptions, open_page, texts

PAGES = ["pages/engagements.py", "pages/culture.py", "pages/maturity.py", "pages/report.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_a_new_workspace(app, page):
    open_page(app, page)
    assert app.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_any_engagement(app, workspace_path, page):
    db = workspace.open_workspace(workspace_path)
    for engagement in workspace.list_engagements(db):
        workspace.delete_engagement(db, engagement.id)
    open_page(app, page)
    if page != "pages/engagements.py":
        assert "no engagement yet" in texts(app).lower()


def test_picker_lists_engagements_and_the_url_carries_the_choice(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    other = workspace.create_engagement(db, "Fabrikam")
    app.run()
    picker = app.sidebar.selectbox(key="engagement.picker")
    assert len(picker.options) == 2
    picker.set_value(other.id).run()
    no_exceptions(app)
    assert app.query_params["e"] == str(other.id)
    assert "Current: Fabrikam" in texts(app)


def test_engagement_in_the_url_is_opened(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    other = workspace.create_engagement(db, "Fabrikam")
    app.query_params["e"] = str(other.id)
    app.run()
    assert app.sidebar.selectbox(key="engagement.picker").value == other.id


@pytest.mark.parametrize("raw", ["999", "abc", "1; DROP TABLE engagements"])
def test_unknown_engagement_in_the_url_gets_a_clear_message(app, raw):
    app.query_params["e"] = raw
    app.run()
    no_exceptions(app)
    assert any("not in this workspace" in e for e in errors(app))
    assert app.query_params["e"] == "1"       # falls back to the example


def test_unknown_participant_in_the_url_gets_a_clear_message(app):
    app.query_params["p"] = "not-a-real-token"
    app.run()
    assert any("participant link is not valid" in e for e in errors(app))
    app.switch_page("pages/culture.py").run()
    no_exceptions(app)
    assert "Who is answering?" in texts(app)
    assert "p" not in app.query_params
