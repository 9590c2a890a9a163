"""python -m outcomes: list the engagements, export any format, clear errors that write
nothing."""
from __future__ import annotations

import csv
import io

import pytest

import workspace
from outcomes import cli
from tests.outcomes.test_one_truth import build


@pytest.fixture
def example_file(example_db, workspace_path):
    return workspace_path


def _run(*argv) -> tuple[int, list[str]]:
    said: list[str] = []
    return cli.main(list(argv), stderr=said.append), said


def test_list_names_every_engagement_with_its_id(example_file, capsys):
    code, _ = _run("list", "--workspace", str(example_file))
    assert code == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("1\tExample: Northwind Health") and line.endswith("example")


@pytest.mark.parametrize("kind, magic", [("pptx", b"PK"), ("pdf", b"%PDF"),
                                         ("html", b"<!doctype html>"), ("xlsx", b"PK")])
def test_export_writes_each_format(example_file, tmp_path, kind, magic):
    out = tmp_path / "out" / f"pack.{kind}"
    code, said = _run("export", "--workspace", str(example_file), "--engagement", "1",
                      "--format", kind, "--out", str(out))
    assert (code, said) == (0, [])
    assert out.read_bytes().startswith(magic)


def test_the_deck_from_the_command_line_is_the_board_pack(example_file, tmp_path):
    from pptx import Presentation

    out = tmp_path / "pack.pptx"
    _run("export", "--workspace", str(example_file), "--engagement", "1", "--format", "pptx",
         "--out", str(out))
    titles = [s.shapes.title.text_frame.text for s in Presentation(out).slides]
    assert titles[:2] == ["Example: Northwind Health (illustrative)", "The answer in one slide"]
    assert "Vendor ranking" in titles and "Data coverage" in titles


def test_csv_tables_are_the_app_tables(example_file, tmp_path):
    out = tmp_path / "ranking.csv"
    code, _ = _run("export", "--workspace", str(example_file), "--engagement", "1",
                   "--format", "csv", "--table", "ranking", "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert code == 0 and rows[0]["Vendor"] == "Microsoft Viva Engage"
    assert rows[0]["Weighted score (0-5)"] == "4.02"


@pytest.mark.parametrize("argv, message", [
    (["--engagement", "99", "--format", "pptx"], "no engagement with id 99"),
    (["--engagement", "1", "--format", "docx"], "unknown format “docx”"),
    (["--engagement", "1", "--format", "csv"], "--format csv needs --table"),
    (["--engagement", "1", "--format", "csv", "--table", "people"], "unknown table “people”"),
])
def test_bad_requests_say_why_and_write_nothing(example_file, tmp_path, argv, message):
    out = tmp_path / "out.file"
    code, said = _run("export", "--workspace", str(example_file), *argv, "--out", str(out))
    assert code == 1 and len(said) == 1 and message in said[0]
    assert not out.exists()


def test_nothing_to_export_is_said(example_db, example_file, tmp_path):
    empty = build(example_db, "empty")
    code, said = _run("export", "--workspace", str(example_file), "--engagement", str(empty),
                      "--format", "csv", "--table", "ranking", "--out", str(tmp_path / "r.csv"))
    assert code == 1 and "no vendor has been scored yet" in said[0]


def test_an_empty_engagement_still_exports_a_true_deck(example_db, example_file, tmp_path):
    from pptx import Presentation

    empty = build(example_db, "empty")
    out = tmp_path / "empty.pptx"
    code, _ = _run("export", "--workspace", str(example_file), "--engagement", str(empty),
                   "--format", "pptx", "--out", str(out))
    text = " ".join(shape.text_frame.text for slide in Presentation(out).slides
                    for shape in slide.shapes if shape.has_text_frame)
    assert code == 0
    assert "Nobody has answered the questionnaires yet" in text
    assert "No vendor has been scored yet" in text


def test_a_missing_workspace_is_an_error_not_a_new_file(tmp_path):
    missing = tmp_path / "nowhere.db"
    code, said = _run("list", "--workspace", str(missing))
    assert code == 1 and "no workspace file at" in said[0]
    assert not missing.exists()


def test_python_dash_m_outcomes_runs_the_command_line(example_file):
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "outcomes", "list", "--workspace",
                           str(example_file)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0 and "Example: Northwind Health" in done.stdout
    assert workspace.list_engagements(workspace.open_workspace(example_file))
