"""Engagements and participants: create, rename, delete, duplicates, hostile text."""
import pytest

import workspace

HOSTILE = "=HYPERLINK(\"x\") <script>alert('1')</script> 💥 Robert'); DROP TABLE engagements;--"


def test_create_list_and_get(fresh_db):
    created = workspace.create_engagement(fresh_db, "  Contoso review  ", organization="Contoso",
                                          industry="Retail", size="250-1,000 employees",
                                          purpose="Decide on a platform")
    assert created.name == "Contoso review"
    assert workspace.get_engagement(fresh_db, created.id) == created
    assert [e.name for e in workspace.list_engagements(fresh_db)] == ["Contoso review"]


def test_duplicate_name_is_rejected_whatever_the_case(fresh_db):
    workspace.create_engagement(fresh_db, "Contoso")
    with pytest.raises(workspace.DuplicateName, match="“contoso” already exists"):
        workspace.create_engagement(fresh_db, "contoso")
    assert len(workspace.list_engagements(fresh_db)) == 1


@pytest.mark.parametrize("name, message", [("   ", "is empty"),
                                           ("x" * 201, "201 characters long")])
def test_bad_names_are_rejected(fresh_db, name, message):
    with pytest.raises(workspace.InvalidInput, match=message):
        workspace.create_engagement(fresh_db, name)
    assert workspace.list_engagements(fresh_db) == []


def test_hostile_text_is_stored_verbatim(fresh_db):
    created = workspace.create_engagement(fresh_db, HOSTILE, purpose=HOSTILE * 100)
    again = workspace.get_engagement(fresh_db, created.id)
    assert again.name == HOSTILE and again.purpose == HOSTILE * 100
    assert "engagements" in fresh_db.table_names()


def test_rename_and_edit_details(fresh_db):
    created = workspace.create_engagement(fresh_db, "Old")
    updated = workspace.update_engagement(fresh_db, created.id, name="New", industry="Energy")
    assert (updated.name, updated.industry) == ("New", "Energy")


def test_rename_onto_another_name_changes_nothing(fresh_db):
    workspace.create_engagement(fresh_db, "Taken")
    other = workspace.create_engagement(fresh_db, "Mine")
    with pytest.raises(workspace.DuplicateName):
        workspace.update_engagement(fresh_db, other.id, name="TAKEN", industry="Energy")
    assert workspace.get_engagement(fresh_db, other.id) == other


def test_delete_removes_everything_of_the_engagement(fresh_db):
    gone = workspace.create_engagement(fresh_db, "Gone")
    kept = workspace.create_engagement(fresh_db, "Kept")
    for engagement in (gone, kept):
        person = workspace.add_participant(fresh_db, engagement.id, "CIO")
        workspace.save_answer(fresh_db, person.id, "culture", "c01", 4)
        workspace.set_target(fresh_db, engagement.id, "maturity", "tools", 3)
        workspace.save_snapshot(fresh_db, engagement.id, {"culture_overall": 50})
    workspace.delete_engagement(fresh_db, gone.id)
    with pytest.raises(workspace.NotFound):
        workspace.get_engagement(fresh_db, gone.id)
    for table in ("participants", "responses", "targets", "snapshots"):
        assert fresh_db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table


def test_participants_have_private_tokens_and_unique_names(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    cio = workspace.add_participant(fresh_db, engagement.id, "CIO")
    ceo = workspace.add_participant(fresh_db, engagement.id, "CEO")
    assert cio.token != ceo.token and len(cio.token) >= 20
    assert workspace.participant_by_token(fresh_db, cio.token) == cio
    with pytest.raises(workspace.DuplicateName):
        workspace.add_participant(fresh_db, engagement.id, "cio")
    with pytest.raises(workspace.NotFound, match="not valid"):
        workspace.participant_by_token(fresh_db, "guessed-token")
    assert [p.name for p in workspace.list_participants(fresh_db, engagement.id)] == [
        "CIO", "CEO"]
