"""Installed question banks and the banks each engagement uses."""
import re
import tomllib

import pytest

import workspace
from assessments.bank import BANKS_DIR


def _culture_data(new_id: str) -> dict:
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = new_id
    return data


def _install(db, data: dict) -> workspace.InstalledBank:
    header = data["bank"]
    return workspace.install_bank(db, header["id"], header["kind"], header["title"],
                                  header["version"], data)


def test_install_list_and_read_back_a_bank(fresh_db):
    data = _culture_data("culture_short")
    data["bank"]["title"], data["bank"]["version"] = "Short culture", "2"
    _install(fresh_db, data)
    assert [(b.id, b.kind, b.title, b.version)
            for b in workspace.list_installed_banks(fresh_db)] == [
        ("culture_short", "likert", "Short culture", "2")]
    assert workspace.installed_bank_data(fresh_db, "culture_short") == data


def test_shipped_ids_are_reserved(fresh_db):
    with pytest.raises(workspace.InvalidInput, match="shipped with SocialReady"):
        workspace.install_bank(fresh_db, "culture", "likert", "X", "1", _culture_data("culture"),
                               reserved=("culture", "maturity"))
    assert workspace.list_installed_banks(fresh_db) == []


def test_engagements_use_the_shipped_banks_until_told_otherwise(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    assert (engagement.culture_bank, engagement.maturity_bank) == ("culture", "maturity")
    _install(fresh_db, _culture_data("culture_short"))
    updated = workspace.set_engagement_banks(fresh_db, engagement.id,
                                             culture_bank="culture_short")
    assert (updated.culture_bank, updated.maturity_bank) == ("culture_short", "maturity")


def test_a_bank_in_use_cannot_be_removed(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "In use")
    _install(fresh_db, _culture_data("culture_short"))
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture_short")
    with pytest.raises(workspace.InvalidInput, match="still used by: In use"):
        workspace.remove_bank(fresh_db, "culture_short")
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture")
    workspace.remove_bank(fresh_db, "culture_short")
    assert workspace.list_installed_banks(fresh_db) == []


# --- a bank replaced under stored answers ---------------------------------------------------

@pytest.fixture
def answered(fresh_db):
    """“culture_short” installed and answered in two engagements: Alpha has five answers of 5
    (on c01..c05) and a 4, Beta two answers of 5; Beta also answered c30."""
    _install(fresh_db, _culture_data("culture_short"))
    people = {}
    for name in ("Alpha", "Beta"):
        engagement = workspace.create_engagement(fresh_db, name)
        workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture_short")
        people[name] = workspace.add_participant(fresh_db, engagement.id, "Leader")
    workspace.save_answers(fresh_db, [
        *(workspace.Answer(people["Alpha"].id, "culture_short", f"c0{n}", 5) for n in range(1, 6)),
        workspace.Answer(people["Alpha"].id, "culture_short", "c06", 4),
        workspace.Answer(people["Beta"].id, "culture_short", "c01", 5),
        workspace.Answer(people["Beta"].id, "culture_short", "c02", 5),
        workspace.Answer(people["Beta"].id, "culture_short", "c30", 2)])
    return fresh_db


def test_a_shorter_scale_under_stored_answers_is_refused_naming_how_many_and_where(answered):
    before = workspace.installed_bank_data(answered, "culture_short")
    shorter = _culture_data("culture_short")
    shorter["scale"]["labels"] = shorter["scale"]["labels"][:4]
    del shorter["scale"]["translations"]           # (a 5-point translation would not fit)
    with pytest.raises(workspace.BankInUse, match=re.escape(
            "“culture_short” was not replaced: 7 stored answer(s) would fall outside the new "
            "version (7 above its 4-point scale) in 2 engagement(s): “Alpha” (5), “Beta” (2). "
            "Import it under another id")):
        _install(answered, shorter)
    assert workspace.installed_bank_data(answered, "culture_short") == before


def test_removed_items_under_stored_answers_are_refused(answered):
    fewer = _culture_data("culture_short")
    fewer["dimensions"][-1]["items"] = fewer["dimensions"][-1]["items"][:-1]     # no c30
    with pytest.raises(workspace.BankInUse, match=re.escape(
            "1 stored answer(s) would fall outside the new version (1 to items it no longer "
            "has: c30) in 1 engagement(s): “Beta” (1)")):
        _install(answered, fewer)


def test_a_removed_competency_under_a_target_is_refused(fresh_db):
    data = tomllib.loads((BANKS_DIR / "maturity.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = "maturity_short"
    _install(fresh_db, data)
    engagement = workspace.create_engagement(fresh_db, "Gamma")
    workspace.set_target(fresh_db, engagement.id, "maturity_short", "tools", 4)
    data["competencies"] = [c for c in data["competencies"] if c["id"] != "tools"]
    with pytest.raises(workspace.BankInUse, match=re.escape(
            "1 target(s) for competencies it no longer has: tools) in 1 engagement(s): "
            "“Gamma” (1)")):
        _install(fresh_db, data)


def test_a_change_every_stored_answer_fits_replaces_the_bank(answered):
    reworded = _culture_data("culture_short")
    reworded["dimensions"][0]["items"][0]["text"] = "Reworded."
    reworded["scale"]["labels"].append("Completely agree")                 # 6 points
    for language, texts in reworded["scale"]["translations"].items():
        texts["labels"].append({"de": "Stimme völlig zu", "fr": "Entièrement d’accord"}[language])
    reworded["bank"]["version"] = "2"
    _install(answered, reworded)
    assert workspace.read_bank(answered, "culture_short").scale_max == 6
    assert workspace.read_bank(answered, "culture_short").items[0].text == "Reworded."


def test_a_bank_in_use_cannot_become_the_other_kind(answered):
    staged = tomllib.loads((BANKS_DIR / "maturity.toml").read_text(encoding="utf-8"))
    staged["bank"]["id"] = "culture_short"
    with pytest.raises(workspace.BankInUse, match="it is a likert bank used by “Alpha”, "
                                                  "“Beta” with 9 stored answer"):
        _install(answered, staged)


def test_a_bank_holding_answers_cannot_be_removed(answered):
    for engagement in workspace.list_engagements(answered):
        workspace.set_engagement_banks(answered, engagement.id, culture_bank="culture")
    with pytest.raises(workspace.BankInUse, match=re.escape(
            "still holds 9 answer(s) and target(s) in “Alpha” (6), “Beta” (3)")):
        workspace.remove_bank(answered, "culture_short")
    assert [b.id for b in workspace.list_installed_banks(answered)] == ["culture_short"]


def test_an_engagement_can_only_choose_a_bank_that_exists_and_fits(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "Delta")
    with pytest.raises(workspace.NotFound, match="No question bank “nope” is installed"):
        workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="nope")
    with pytest.raises(workspace.InvalidInput, match="“maturity” is not a likert bank"):
        workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="maturity")
    assert workspace.get_engagement(fresh_db, engagement.id).culture_bank == "culture"


def test_installing_checks_the_bank_itself(fresh_db):
    broken = _culture_data("culture_broken")
    broken["scale"]["labels"] = ["Yes"]
    with pytest.raises(workspace.InvalidInput, match="field 'labels' must list 3 to 11"):
        _install(fresh_db, broken)
    with pytest.raises(workspace.InvalidInput, match="own title is 'Culture readiness', not "
                                                     "'Other'"):
        workspace.install_bank(fresh_db, "culture_x", "likert", "Other", "1.0",
                               _culture_data("culture_x"))
    assert workspace.list_installed_banks(fresh_db) == []
