"""Shared fixtures: workspaces on temporary files (and, for the storage, workspace and
reliability tests, on a throw-away PostgreSQL server too), the shipped banks, the app under
AppTest."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import workspace
from assessments import load_bank

ROOT = Path(__file__).resolve().parents[1]


# Tests in these folders run on both engines: SQLite, and PostgreSQL (the "postgresql" id).
BOTH_ENGINES = ("tests/workspace/", "tests/reliability/", "tests/storage/")
WORKSPACE_FIXTURES = {"workspace_path", "fresh_db", "example_db", "app"}
REQUIRE_POSTGRES = "SOCIALREADY_REQUIRE_POSTGRES"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a test of the SQLite file itself (its "
                                       "locks, its bytes on disk); not run on PostgreSQL")


def pytest_generate_tests(metafunc):
    path = str(metafunc.definition.path.relative_to(ROOT)).replace(os.sep, "/")
    uses = WORKSPACE_FIXTURES & set(metafunc.fixturenames)
    if (path.startswith(BOTH_ENGINES) and uses
            and not metafunc.definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the tests: ``$SOCIALREADY_TEST_POSTGRES_URL`` (CI starts one),
    else a throw-away cluster of the installed server programs. Missing, the tests that need
    it skip, unless ``SOCIALREADY_REQUIRE_POSTGRES=1`` (as in CI), where they fail."""
    from tests import postgres_server

    given = os.environ.get(postgres_server.URL_VARIABLE, "").strip()
    if given:
        return _Postgres(given)
    try:
        server = postgres_server.start()
    except (FileNotFoundError, RuntimeError) as error:
        if os.environ.get(REQUIRE_POSTGRES) == "1":
            pytest.fail(f"PostgreSQL is required here but could not start: {error}")
        pytest.skip(f"PostgreSQL is not available: {error}")
    return _Postgres(server.url)


class _Postgres:
    """Databases made for tests on one server: new ones, and copies of migrated templates."""

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa

        self.url = sa.make_url(url)
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.templates: set[str] = set()

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def template(self, seeded: bool) -> str:
        """A migrated database to copy (with the example engagement if ``seeded``)."""
        name = f"template_{'example' if seeded else 'empty'}_{os.getpid()}"
        if name not in self.templates:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            url = self.url_of(name)
            workspace.open_workspace(url, seed_example_engagement=seeded).close()
            from workspace.store import forget_engine
            forget_engine(url)
            self.templates.add(name)
        return name

    def drop(self, name: str) -> None:
        from workspace.store import forget_engine

        forget_engine(self.url_of(name))
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(request) -> str:
    """The engine a workspace test runs on: "sqlite" unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def _database(request, engine, tmp_path, monkeypatch):
    """Where the test's workspace is: a file that does not exist yet, or (PostgreSQL) a new
    database, copied from a migrated template when the test asks for ``fresh_db`` or
    ``example_db`` (migrating and seeding each time would cost a second a test)."""
    if engine == "sqlite":
        path = tmp_path / "workspace.db"
        monkeypatch.setenv(workspace.PATH_VARIABLE, str(path))
        monkeypatch.delenv(workspace.DATABASE_URL_VARIABLE, raising=False)
        yield path
        return
    server = request.getfixturevalue("postgres")
    template = None
    if "example_db" in request.fixturenames:
        template = server.template(seeded=True)
    elif "fresh_db" in request.fixturenames:
        template = server.template(seeded=False)
    name = server.create(template)
    url = server.url_of(name)
    monkeypatch.setenv(workspace.PATH_VARIABLE, str(tmp_path / "unused.db"))
    monkeypatch.setenv(workspace.DATABASE_URL_VARIABLE, url)
    yield url
    server.drop(name)


@pytest.fixture
def workspace_path(_database):
    """Where a workspace that does not exist yet is (a file path, or a database URL on
    PostgreSQL); the app is pointed at it too."""
    return _database


@pytest.fixture
def fresh_db(_database):
    """An empty, migrated workspace without the example engagement."""
    return workspace.open_workspace(_database, seed_example_engagement=False)


@pytest.fixture
def example_db(_database):
    """A new workspace as the app opens it: migrated, with the example engagement."""
    return workspace.open_workspace(_database)


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
