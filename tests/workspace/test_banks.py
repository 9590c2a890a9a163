"""Installed question banks and the banks each engagement uses."""
import tomllib

import pytest

import workspace
from assessments.bank import BANKS_DIR


def _culture_data(new_id: str) -> dict:
    data = tomllib.loads((BANKS_DIR / "culture.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = new_id
    return data


def test_install_list_and_read_back_a_bank(fresh_db):
    data = _culture_data("culture_short")
    workspace.install_bank(fresh_db, "culture_short", "likert", "Short culture", "2", data)
    assert [(b.id, b.kind, b.version) for b in workspace.list_installed_banks(fresh_db)] == [
        ("culture_short", "likert", "2")]
    assert workspace.installed_bank_data(fresh_db, "culture_short") == data


def test_shipped_ids_are_reserved(fresh_db):
    with pytest.raises(workspace.InvalidInput, match="shipped with SocialReady"):
        workspace.install_bank(fresh_db, "culture", "likert", "X", "1", _culture_data("culture"),
                               reserved=("culture", "maturity"))
    assert workspace.list_installed_banks(fresh_db) == []


def test_engagements_use_the_shipped_banks_until_told_otherwise(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "E")
    assert (engagement.culture_bank, engagement.maturity_bank) == ("culture", "maturity")
    workspace.install_bank(fresh_db, "culture_short", "likert", "Short", "1",
                           _culture_data("culture_short"))
    updated = workspace.set_engagement_banks(fresh_db, engagement.id,
                                             culture_bank="culture_short")
    assert (updated.culture_bank, updated.maturity_bank) == ("culture_short", "maturity")


def test_a_bank_in_use_cannot_be_removed(fresh_db):
    engagement = workspace.create_engagement(fresh_db, "In use")
    workspace.install_bank(fresh_db, "culture_short", "likert", "Short", "1",
                           _culture_data("culture_short"))
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture_short")
    with pytest.raises(workspace.InvalidInput, match="still used by: In use"):
        workspace.remove_bank(fresh_db, "culture_short")
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture")
    workspace.remove_bank(fresh_db, "culture_short")
    assert workspace.list_installed_banks(fresh_db) == []
