"""Shared fixtures: workspaces on temporary files, the shipped banks, the app under AppTest."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import workspace
from assessments import load_bank

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def workspace_path(tmp_path, monkeypatch) -> Path:
    """A workspace file that does not exist yet; the app is pointed at it too."""
    path = tmp_path / "workspace.db"
    monkeypatch.setenv(workspace.PATH_VARIABLE, str(path))
    return path


@pytest.fixture
def fresh_db(workspace_path):
    """An empty, migrated workspace without the example engagement."""
    return workspace.open_workspace(workspace_path, seed_example_engagement=False)


@pytest.fixture
def example_db(workspace_path):
    """A new workspace as the app opens it: migrated, with the example engagement."""
    return workspace.open_workspace(workspace_path)


@pytest.fixture(scope="session")
def culture_bank():
    return load_bank("culture")


@pytest.fixture(scope="session")
def maturity_bank():
    return load_bank("maturity")


def responses(rows: list[tuple]) -> pd.DataFrame:
    """Build a response frame from (participant_id, item, value) rows; value None = don't know."""
    return pd.DataFrame([{"participant_id": p, "item": i, "value": v,
                          "dont_know": v is None} for p, i, v in rows])


class _WarmPagesManager(PagesManager):
    """A PagesManager for AppTest that behaves like a warm server.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run, so with a ``pages/``
    folder each run would start in Streamlit's legacy mode, in which a button's return value
    is lost. On a real server only a cold start's first run is in that mode (covered by the
    browser tests). AppTest's reset lands on this subclass, leaving the real flag off.
    """


@pytest.fixture
def app(workspace_path, monkeypatch):
    """The app's entry point under AppTest, on a new workspace (with the example)."""
    monkeypatch.setattr(app_test_module, "PagesManager", _WarmPagesManager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def agreed_workshop(db, engagement_id: int) -> None:
    """A workshop of the engagement where Ann and Ben answered c01 (1 and 5) and scored its
    first vendor on its first criterion (1 and 5), then agreed on 4 for c01 ("Open, within
    teams") and on 2.5 for the score ("Half the features"), and closed with its record."""
    from outcomes import workshop_record

    session = workspace.open_session(db, engagement_id, ["culture", "scores"])
    vendor = workspace.list_vendors(db, engagement_id)[0]
    criterion = workspace.list_criteria(db, engagement_id)[0]
    for name, value in (("Ann", 1), ("Ben", 5)):
        person = workspace.join_session(db, session.code, name)
        workspace.save_answer(db, person.id, "culture", "c01", value)
        workspace.save_score_values(db, person.id, {(vendor.id, criterion.id): value})
    statement = workspace.consensus.reopen(db, session.id, "culture", "c01", "culture")
    workspace.consensus.agree(db, statement.id, 4, "Open, within teams")
    score = workspace.consensus.reopen(db, session.id, "score", criterion.id,
                                       vendor_id=vendor.id)
    workspace.consensus.agree(db, score.id, 2.5, "Half the features")
    workshop_record.close(db, engagement_id, session.id)
