"""What counts as disputed (and its equivalent on each scale), and what an agreed value
changes in the results."""
import pandas as pd
import pytest

import workspace
from outcomes import consensus, gather
from outcomes.room import ITEM_COLUMNS

TOPS = {"culture": 5, "maturity": 4}


def test_the_threshold_on_other_scales_is_the_same_share_of_their_range():
    assert consensus.equivalent(0.65, "culture", 5) == pytest.approx(0.65)
    assert consensus.equivalent(0.65, "score", 5) == pytest.approx(0.8125)
    assert consensus.equivalent(0.65, "maturity", 4) == pytest.approx(0.4875)


def _items(rows):
    return pd.DataFrame([{"kind": kind, "bank": "", "item": item, "vendor_id": None,
                          "label": item, "mean": 0.0, "spread": spread, "answers": answers,
                          "low": 0, "high": 0} for kind, item, spread, answers in rows],
                        columns=ITEM_COLUMNS)


def test_items_above_the_threshold_on_their_own_scale_are_disputed_most_first():
    items = _items([("culture", "two-four", 1.0, 2), ("culture", "three-four", 0.5, 2),
                    ("score", "two-four", 1.0, 2), ("score", "three-and-a-half", 0.75, 2),
                    ("maturity", "one-two", 0.5, 2), ("culture", "alone", 2.0, 1)])
    found = consensus.disputed(items, 0.65, TOPS)
    # shares of the range: culture 1.0/4, maturity 0.5/3, score 1.0/5
    assert list(zip(found["kind"], found["item"])) == [
        ("culture", "two-four"), ("score", "two-four"), ("maturity", "one-two")]
    assert found["limit"].tolist() == pytest.approx([0.65, 0.8125, 0.4875])


def test_a_higher_threshold_disputes_fewer_items():
    items = _items([("culture", "two-four", 1.0, 2), ("score", "far", 2.5, 3)])
    assert consensus.disputed(items, 1.2, TOPS)["item"].tolist() == ["far"]
    assert consensus.disputed(None, 0.65, TOPS).empty


def test_an_agreed_value_replaces_each_answer_of_its_item_but_not_dont_know():
    answers = pd.DataFrame({"participant_id": [1, 2, 3, 1], "item": ["c01"] * 3 + ["c02"],
                            "value": [1.0, 5.0, float("nan"), 2.0],
                            "dont_know": [False, False, True, False]})
    agreed = pd.DataFrame({"kind": ["culture"], "bank": ["culture"], "item": ["c01"],
                           "value": [4.0]})
    out = consensus.with_agreed(answers, agreed, "culture", "culture")
    assert out["value"].tolist()[:2] == [4.0, 4.0] and pd.isna(out["value"].iloc[2])
    assert out["value"].iloc[3] == 2.0
    assert consensus.with_agreed(answers, agreed, "culture", "other")["value"].tolist()[:2] \
        == [1.0, 5.0]


@pytest.fixture
def agreed_room(example_db):
    engagement = workspace.list_engagements(example_db)[0]
    session = workspace.open_session(example_db, engagement.id, ["maturity", "scores"])
    return example_db, engagement, session


def test_an_agreed_stage_is_the_competencys_stage(agreed_room, maturity_bank):
    db, engagement, session = agreed_room
    competency = maturity_bank.competencies[0].id
    before = gather.readiness(db, engagement.id).maturity.competencies.loc[competency, "stage"]
    item = workspace.consensus.reopen(db, session.id, "maturity", competency, "maturity")
    agreed_stage = 4 if before != 4 else 1
    workspace.consensus.agree(db, item.id, agreed_stage, "The network already works here")
    readiness = gather.readiness(db, engagement.id)
    assert readiness.maturity.competencies.loc[competency, "stage"] == agreed_stage
    assert readiness.agreed[["what", "label", "value"]].values.tolist() == [
        ["Maturity competency", maturity_bank.competencies[0].name, float(agreed_stage)]]


def test_an_agreed_score_is_the_vendors_score_in_the_comparison(agreed_room):
    db, engagement, session = agreed_room
    vendor = workspace.list_vendors(db, engagement.id)[0]
    criterion = workspace.list_criteria(db, engagement.id)[0]
    before = gather.platforms(db, engagement.id)
    item = workspace.consensus.reopen(db, session.id, "score", criterion.id,
                                      vendor_id=vendor.id)
    workspace.consensus.agree(db, item.id, 0.0, "No single sign-on today")
    after = gather.platforms(db, engagement.id)
    assert after.raw.loc[vendor.name, criterion.id] == 0.0
    assert before.raw.loc[vendor.name, criterion.id] != 0.0
    assert after.ranking.loc[vendor.name, "score"] < before.ranking.loc[vendor.name, "score"]
    assert after.agreed["label"].tolist() == [f"{vendor.name} · {criterion.name}"]
