"""Exports page: every export offered, on the example and on an empty engagement."""
import pytest

import workspace
from tests.pages.helpers import open_page, texts

EXPORTS = ["exports.xlsx", "exports.html", "exports.responses_csv", "exports.scores_csv",
           "exports.backup"]


def _download_keys(app) -> set[str]:
    return {element.proto.id.split("-", 2)[-1] for element in app.get("download_button")}


def test_every_export_is_offered_for_the_example(app, example_db):
    open_page(app, "pages/exports.py")
    assert set(EXPORTS) <= _download_keys(app)
    assert "Backup and restore" in texts(app)


@pytest.mark.parametrize("name", ["Empty engagement"])
def test_exports_are_offered_for_an_empty_engagement_too(app, workspace_path, name):
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, name)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/exports.py")
    assert set(EXPORTS) <= _download_keys(app)
