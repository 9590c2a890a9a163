"""Names cannot disguise what is shown: direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and
its kin) are removed from every name the workspace accepts, from snapshot labels and bank
titles, and from names stored before (migration m010).

``"invoice\\u202egnp.exe"`` shows as ``invoiceexe.png``; an override without its closing
character also reverses the app's own words that follow the name on the same line.
"""
from __future__ import annotations

import tomllib

import pytest

import workspace
from assessments import parse_bank
from assessments.bank import BANKS_DIR
from datafiles.text import DIRECTION_CONTROLS, clean_name
from workspace.db import connect
from workspace.migrations import migrate

CONTROLS = {f"U+{ord(c):04X}": c for c in DIRECTION_CONTROLS}
NAME = "Vendor \u202egnp.exe"       # reads "Vendor exe.png"


def disguised(control: str) -> str:
    return f"{control}Ann{control} Lee\u202c"


NAME_FIELDS = {
    "engagement": lambda db, ids, name: workspace.create_engagement(db, name).name,
    "engagement rename": lambda db, ids, name: workspace.update_engagement(
        db, ids["engagement"], name=name).name,
    "participant": lambda db, ids, name: workspace.add_participant(
        db, ids["engagement"], name).name,
    "workshop display name": lambda db, ids, name: workspace.join_session(
        db, ids["code"], name).name,
    "vendor": lambda db, ids, name: workspace.add_vendor(db, ids["engagement"], name).name,
    "vendor rename": lambda db, ids, name: workspace.update_vendor(
        db, ids["vendor"], name=name).name,
    "category": lambda db, ids, name: workspace.add_category(
        db, ids["engagement"], name).name,
    "category rename": lambda db, ids, name: (
        workspace.rename_category(db, ids["engagement"], ids["category"], name),
        workspace.list_categories(db, ids["engagement"])[0].name)[1],
    "criterion": lambda db, ids, name: workspace.add_criterion(
        db, ids["engagement"], ids["category"], name).name,
    "criterion rename": lambda db, ids, name: workspace.update_criterion(
        db, ids["engagement"], ids["criterion"], name=name).name,
    "snapshot label": lambda db, ids, name: workspace.save_snapshot(
        db, ids["engagement"], {}, name).label,
}


@pytest.fixture
def ids(fresh_db) -> dict:
    engagement = workspace.create_engagement(fresh_db, "Names")
    category = workspace.add_category(fresh_db, engagement.id, "Category")
    return {"engagement": engagement.id, "category": category.id,
            "criterion": workspace.add_criterion(fresh_db, engagement.id, category.id,
                                                 "Criterion").id,
            "vendor": workspace.add_vendor(fresh_db, engagement.id, "Vendor").id,
            "code": workspace.open_session(fresh_db, engagement.id, ["culture"]).code}


@pytest.mark.parametrize("control", list(CONTROLS.values()), ids=list(CONTROLS))
@pytest.mark.parametrize("field", list(NAME_FIELDS))
def test_every_name_is_kept_without_direction_controls(fresh_db, ids, field, control):
    assert NAME_FIELDS[field](fresh_db, ids, disguised(control)) == "Ann Lee"
    for table, column in (("engagements", "name"), ("participants", "name"),
                          ("vendors", "name"), ("categories", "name"), ("criteria", "name"),
                          ("snapshots", "label")):
        for row in fresh_db.query(f"SELECT {column} AS text FROM {table}"):
            assert not set(row["text"]) & set(DIRECTION_CONTROLS), (table, row["text"])


def test_a_name_of_direction_controls_only_is_empty_and_refused(fresh_db):
    with pytest.raises(workspace.InvalidInput, match="empty"):
        workspace.create_engagement(fresh_db, "\u202e\u2066 \u200f")


def test_right_to_left_letters_are_kept():
    assert clean_name("مرحبا שלום") == "مرحبا שלום"


def test_other_text_keeps_its_direction_controls(fresh_db, ids):
    """Comments and details are prose a person writes, in any script: only names are cleaned."""
    engagement = workspace.update_engagement(fresh_db, ids["engagement"],
                                             organization="\u202bשלום\u202c Ltd")
    assert engagement.organization == "\u202bשלום\u202c Ltd"


def test_a_restored_backup_brings_names_without_direction_controls(example_db):
    from workspace.backup_file import checksum
    [example] = workspace.list_engagements(example_db)
    data = workspace.export_engagement(example_db, example.id)
    data["engagement"]["name"] = "Restored \u202eemaN"
    data["participants"][0]["name"] = "\u2067Reader\u2069"
    data["vendors"][0]["name"] = NAME
    data["snapshots"] = [{"taken_at": "2026-01-01T00:00:00+00:00", "label": "\u202dQ1",
                          "payload": {}}]
    data["checksum"] = checksum(data)
    restored = workspace.restore_engagement(example_db, data)
    assert workspace.get_engagement(example_db, restored).name == "Restored emaN"
    assert workspace.list_participants(example_db, restored)[0].name == "Reader"
    assert "Vendor gnp.exe" in [v.name for v in workspace.list_vendors(example_db, restored)]
    assert [s.label for s in workspace.list_snapshots(example_db, restored)] == ["Q1"]


def test_bank_titles_and_names_are_kept_without_direction_controls():
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["title"] = "Culture \u202eerutluc"
    data["dimensions"][0]["name"] = "\u2066Sharing\u2069"
    data["scale"]["labels"][0] = "\u200fNo"
    bank = parse_bank(data, "culture.toml")
    assert (bank.title, bank.dimensions[0].name, bank.labels[0]) == (
        "Culture erutluc", "Sharing", "No")


def test_names_stored_before_lose_their_direction_controls_on_upgrade(tmp_path):
    """m010 cleans what older versions stored; a name that would become another's in the
    same engagement, or empty, gets a number."""
    path = tmp_path / "old.db"
    old = connect(path)
    migrate(old, stop_before="m010_names_without_direction_controls")
    rows = {"engagements": [("Acme \u202eQ1", None)],
            "participants": [("Ann", 1), ("\u202eAnn", 1), ("\u202a\u202c", 1), ("Bob\u200f", 1)],
            "vendors": [(NAME, 1)], "snapshots": [("\u2067Before\u2069", 1)]}
    old.execute("INSERT INTO engagements (name, created_at, updated_at) "
                "VALUES (?, 'now', 'now')", [rows["engagements"][0][0]])
    for n, (name, _) in enumerate(rows["participants"]):
        old.execute("INSERT INTO participants (engagement_id, name, token, created_at) "
                    "VALUES (1, ?, ?, 'now')", [name, f"t{n}"])
    old.execute("INSERT INTO vendors (engagement_id, name, created_at) VALUES (1, ?, 'now')",
                [NAME])
    old.execute("INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                "VALUES (1, 'now', ?, '{}')", [rows["snapshots"][0][0]])
    old.close()

    db = workspace.open_workspace(path)
    assert [e.name for e in workspace.list_engagements(db)] == ["Acme Q1"]
    assert [p.name for p in workspace.list_participants(db, 1)] == [
        "Ann", "Ann (2)", "Unnamed", "Bob"]
    assert [v.name for v in workspace.list_vendors(db, 1)] == ["Vendor gnp.exe"]
    assert [s.label for s in workspace.list_snapshots(db, 1)] == ["Before"]
