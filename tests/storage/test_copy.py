"""``python -m workspace copy``: a workspace file moves onto a server database and back whole,
ids and all, or not at all."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import workspace
from tests.conftest import ROOT, agreed_workshop


def _everything(db) -> dict[str, list]:
    skip = {"_sqlite_migrations", "schema_migrations", "change_counts"}
    return {table: sorted(map(repr, db.rows(f"SELECT * FROM {table}")))
            for table in sorted(set(db.table_names()) - skip)}


def test_a_file_goes_to_postgresql_and_back_with_every_row_and_id(tmp_path, postgres):
    source = workspace.open_workspace(tmp_path / "source.db")
    example = workspace.list_engagements(source)[0]
    agreed_workshop(source, example.id)
    backup = workspace.backup_bytes(source, example.id)
    name = postgres.create()
    try:
        server = workspace.open_workspace(postgres.url_of(name), seed_example_engagement=False)
        copied = workspace.copy_workspace(source, server)
        assert copied["engagements"] == 1 and copied["responses"] > 100
        back = workspace.open_workspace(tmp_path / "back.db", seed_example_engagement=False)
        workspace.copy_workspace(server, back)
        assert _everything(back) == _everything(source)
        # The copy works as a workspace: its ids continue, its backup is the same.
        person = workspace.add_participant(server, example.id, "Joined after the move")
        assert person.id > max(p.id for p in workspace.list_participants(source, example.id))
        assert workspace.backup_bytes(server, example.id) != b""
        assert workspace.export_engagement(server, example.id)["engagement"] == \
            workspace.export_engagement(source, example.id)["engagement"]
        restored = workspace.restore_engagement(server, backup)
        assert restored != example.id
        server.close()
    finally:
        postgres.drop(name)


def test_a_workspace_that_holds_data_is_never_copied_into(tmp_path):
    source = workspace.open_workspace(tmp_path / "source.db")
    target = workspace.open_workspace(tmp_path / "target.db")
    before = _everything(target)
    with pytest.raises(workspace.InvalidInput, match="already holds data"):
        workspace.copy_workspace(source, target)
    assert _everything(target) == before


def test_the_command_copies_and_says_how_much(tmp_path):
    workspace.open_workspace(tmp_path / "source.db").close()
    run = subprocess.run([sys.executable, "-m", "workspace", "copy",
                          str(tmp_path / "source.db"), str(tmp_path / "target.db")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "1 engagements" in run.stdout
    missing = subprocess.run([sys.executable, "-m", "workspace", "copy",
                              str(tmp_path / "nothing.db"), str(tmp_path / "other.db")],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "no workspace file" in missing.stdout
    assert not Path(tmp_path / "other.db").exists()
