"""Bank files: the shipped banks load, and every broken file is rejected with a precise message."""
import copy
import tomllib

import pytest

import workspace
from assessments import BankError, available_banks, bank_data, load_bank, parse_bank
from assessments.bank import AnswerError
from datafiles.text import NAME_MAX, PARAGRAPH_MAX

MINIMAL_LIKERT = """
[bank]
id = "mini"
kind = "likert"
version = "1"
title = "Mini"
source = "tests"
[scale]
labels = ["No", "Meh", "Yes"]
dont_know = "Don't know"
[scoring]
target = 75
[[bands]]
id = "low"
label = "Low"
min = 0
[[bands]]
id = "high"
label = "High"
min = 50
[[dimensions]]
id = "d1"
name = "Dimension one"
importance = 3
[[dimensions.items]]
id = "q1"
text = "A statement."
reverse = true
[[dimensions.recommendations]]
band = "low"
phase = "pilot"
title = "Do a thing"
detail = "How."
[[dimensions.recommendations]]
band = "high"
phase = "rollout"
title = "Keep going"
detail = "How."
"""

MINIMAL_STAGED = """
[bank]
id = "mini_staged"
kind = "staged"
version = "1"
title = "Mini staged"
source = "tests"
""" + "".join(f"""
[[stages]]
level = {n}
id = "s{n}"
name = "Stage {n}"
""" for n in range(1, 5)) + """
[[competencies]]
id = "c1"
name = "Competency"
importance = 4
descriptors = ["one", "two", "three", "four"]
""" + "".join(f"""
[[competencies.actions]]
from_stage = {n}
phase = "pilot"
title = "Act {n}"
detail = "How."
""" for n in range(1, 4))


def likert() -> dict:
    return tomllib.loads(MINIMAL_LIKERT)


def staged() -> dict:
    return tomllib.loads(MINIMAL_STAGED)


def test_shipped_culture_bank_covers_six_dimensions_and_24_statements(culture_bank):
    assert len(culture_bank.dimensions) >= 6
    assert len(culture_bank.items) >= 24
    assert any(item.reverse for item in culture_bank.items)
    assert culture_bank.scale_max == 5
    for dimension in culture_bank.dimensions:
        assert {r.band for r in dimension.recommendations} == {b.id for b in culture_bank.bands}


def test_shipped_maturity_bank_has_eight_competencies_by_four_stages(maturity_bank):
    assert [s.name for s in maturity_bank.stages] == [
        "Hierarchy", "Emergent community", "Community", "Network"]
    assert len(maturity_bank.competencies) == 8
    for competency in maturity_bank.competencies:
        assert len(competency.descriptors) == 4
        assert {a.from_stage for a in competency.actions} >= {1, 2, 3}


def test_every_shipped_bank_loads_by_name():
    assert {"culture", "maturity"} <= set(available_banks())
    for name in available_banks():
        assert load_bank(name).id == name


def test_minimal_banks_parse():
    assert parse_bank(likert(), "mini.toml").items[0].reverse is True
    assert parse_bank(staged(), "mini_staged.toml").competencies[0].descriptors[3] == "four"


def _break(data: dict, path: list, value) -> dict:
    broken = copy.deepcopy(data)
    node = broken
    for step in path[:-1]:
        node = node[step]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return broken


@pytest.mark.parametrize("path, value, expected", [
    (["bank"], KeyError, "[bank] table is missing"),
    (["bank", "kind"], "survey", "field 'kind' must be 'likert' or 'staged'"),
    (["bank", "id"], "Has Spaces", "field 'id' must start with a lowercase letter"),
    (["bank", "source"], "", "field 'source' must be non-empty text"),
    (["scale", "labels"], ["only", "two"], "field 'labels' must list 3 to 11"),
    (["scoring", "target"], 150, "field 'target' must be a number from 1 to 100"),
    (["bands", 1, "min"], 0, "band 'min' values must start at 0 and increase"),
    (["dimensions", 0, "importance"], 9, "dimension 'd1': field 'importance' must be a whole"),
    (["dimensions", 0, "items", 0, "reverse"], "yes",
     "dimension 'd1', item 'q1': field 'reverse' must be true or false, not 'yes'"),
    (["dimensions", 0, "items", 0, "text"], "  ",
     "dimension 'd1', item 'q1': field 'text' must be non-empty text"),
    (["dimensions", 0, "items"], [], "dimension 'd1': field 'items' needs at least 1"),
    (["dimensions", 0, "recommendations", 0, "band"], "medium",
     "recommendation 1: field 'band' must be one of high, low, not 'medium'"),
    (["dimensions", 0, "recommendations", 0, "phase"], "someday",
     "field 'phase' must be one of pilot, capability, rollout"),
    (["dimensions", 0, "recommendations", 1], KeyError, "no recommendation for band(s) high"),
])
def test_broken_likert_bank_names_file_item_and_field(path, value, expected):
    with pytest.raises(BankError) as error:
        parse_bank(_break(likert(), path, value), "mini.toml")
    assert str(error.value).startswith("mini.toml: ")
    assert expected in str(error.value)


def test_duplicate_item_ids_are_rejected():
    data = likert()
    data["dimensions"][0]["items"].append(dict(data["dimensions"][0]["items"][0]))
    with pytest.raises(BankError, match="item 'q1': field 'id' 'q1' is used twice"):
        parse_bank(data, "mini.toml")


@pytest.mark.parametrize("path, value, expected", [
    (["stages", 3], KeyError, "field 'stages' needs at least 4 entries, found 3"),
    (["stages", 1, "level"], 3, "stage 2: field 'level' must be 2 (stages in order), not 3"),
    (["competencies", 0, "descriptors"], ["a", "b", "c"],
     "competency 'c1': field 'descriptors' must list 4"),
    (["competencies", 0, "actions", 0, "from_stage"], 5,
     "competency 'c1', action 1: field 'from_stage' must be a whole number from 1 to 4"),
    (["competencies", 0, "actions", 2], KeyError,
     "competency 'c1': no action to move on from stage(s) 3"),
])
def test_broken_staged_bank_names_competency_and_field(path, value, expected):
    with pytest.raises(BankError) as error:
        parse_bank(_break(staged(), path, value), "mini_staged.toml")
    assert expected in str(error.value)


NAME, PARAGRAPH = "n" * (NAME_MAX + 1), "p" * (PARAGRAPH_MAX + 1)
TOO_LONG_NAME = f"is {NAME_MAX + 1:,} characters long; at most {NAME_MAX:,} are allowed"
TOO_LONG_PARAGRAPH = (f"is {PARAGRAPH_MAX + 1:,} characters long; at most {PARAGRAPH_MAX:,} "
                      "are allowed")


@pytest.mark.parametrize("make, path, value, expected", [
    (likert, ["bank", "title"], NAME, f"bank: field 'title' {TOO_LONG_NAME}"),
    (likert, ["bank", "version"], NAME, f"bank: field 'version' {TOO_LONG_NAME}"),
    (likert, ["bank", "description"], PARAGRAPH, f"bank: field 'description' "
                                                 f"{TOO_LONG_PARAGRAPH}"),
    (likert, ["scale", "labels", 1], NAME, f"scale: field 'labels', answer label 2, "
                                           f"{TOO_LONG_NAME}"),
    (likert, ["scale", "dont_know"], NAME, f"scale: field 'dont_know' {TOO_LONG_NAME}"),
    (likert, ["bands", 0, "label"], NAME, f"band 1: field 'label' {TOO_LONG_NAME}"),
    (likert, ["dimensions", 0, "name"], NAME, f"dimension 'd1': field 'name' {TOO_LONG_NAME}"),
    (likert, ["dimensions", 0, "items", 0, "text"], PARAGRAPH,
     f"dimension 'd1', item 'q1': field 'text' {TOO_LONG_PARAGRAPH}"),
    (likert, ["dimensions", 0, "recommendations", 0, "title"], NAME,
     f"dimension 'd1', recommendation 1: field 'title' {TOO_LONG_NAME}"),
    (likert, ["dimensions", 0, "recommendations", 0, "detail"], PARAGRAPH,
     f"dimension 'd1', recommendation 1: field 'detail' {TOO_LONG_PARAGRAPH}"),
    (staged, ["stages", 0, "name"], NAME, f"stage 1: field 'name' {TOO_LONG_NAME}"),
    (staged, ["stages", 0, "summary"], PARAGRAPH, f"stage 1: field 'summary' "
                                                  f"{TOO_LONG_PARAGRAPH}"),
    (staged, ["competencies", 0, "name"], NAME, f"competency 'c1': field 'name' "
                                                f"{TOO_LONG_NAME}"),
    (staged, ["competencies", 0, "descriptors", 2], PARAGRAPH,
     f"competency 'c1': field 'descriptors', stage 3, {TOO_LONG_PARAGRAPH}"),
    (staged, ["competencies", 0, "actions", 0, "title"], NAME,
     f"competency 'c1', action 1: field 'title' {TOO_LONG_NAME}"),
    (staged, ["competencies", 0, "actions", 0, "detail"], PARAGRAPH,
     f"competency 'c1', action 1: field 'detail' {TOO_LONG_PARAGRAPH}"),
])
def test_text_longer_than_the_app_takes_is_rejected_naming_entry_and_field(make, path, value,
                                                                          expected):
    with pytest.raises(BankError) as error:
        parse_bank(_break(make(), path, value), "mini.toml")
    assert str(error.value) == f"mini.toml: {expected}"


def test_text_at_the_limits_is_kept():
    data = _break(_break(likert(), ["bank", "title"], "t" * NAME_MAX),
                  ["dimensions", 0, "items", 0, "text"], "s" * PARAGRAPH_MAX)
    bank = parse_bank(data, "mini.toml")
    assert (len(bank.title), len(bank.items[0].text)) == (NAME_MAX, PARAGRAPH_MAX)


def test_the_bank_limits_are_the_limits_of_typed_names():
    assert NAME_MAX == workspace.engagements.NAME_MAX


def test_file_that_is_not_toml_is_rejected_with_its_name(tmp_path):
    path = tmp_path / "notes.toml"
    path.write_text("[bank\nid = ", encoding="utf-8")
    with pytest.raises(BankError, match=r"^notes\.toml: not valid TOML"):
        load_bank(path)


def test_binary_file_is_rejected(tmp_path):
    path = tmp_path / "picture.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(BankError, match=r"^picture\.toml: not a text file"):
        load_bank(path)


def test_unknown_bank_name_lists_the_available_banks():
    with pytest.raises(BankError, match="no such bank file .*culture"):
        load_bank("leadership_360")


def test_bank_error_is_a_value_error():
    assert issubclass(BankError, ValueError)


@pytest.mark.parametrize("value", [0, 6, 2.5, True, "4"])
def test_culture_answer_outside_the_scale_is_rejected(culture_bank, value):
    with pytest.raises(AnswerError, match="whole number from 1 to 5"):
        culture_bank.check_answer(culture_bank.items[0].id, value)


def test_answer_to_unknown_item_is_rejected(culture_bank, maturity_bank):
    with pytest.raises(AnswerError, match="no item “zz99”"):
        culture_bank.check_answer("zz99", 3)
    with pytest.raises(AnswerError, match="must be 1 to 4"):
        maturity_bank.check_answer("strategy", 5)


@pytest.mark.parametrize("name", available_banks())
def test_bank_data_is_what_parse_bank_reads_back(name):
    bank = load_bank(name)
    assert parse_bank(bank_data(bank)) == bank


def test_bank_data_leaves_out_what_the_format_does_not_read():
    data = tomllib.loads(MINIMAL_LIKERT)
    data["notes"] = {"anything": [1, 2]}
    data["bank"]["extra"] = "ignored"
    clean = bank_data(parse_bank(data))
    assert "notes" not in clean and "extra" not in clean["bank"]
    assert parse_bank(clean) == parse_bank(data)


# --- outcome statements and gap advice (for the organization-wide pulse) ---------------------

WITH_OUTCOME = MINIMAL_LIKERT + """
[[dimensions.gap_recommendations]]
min_gap = 20
phase = "pilot"
title = "Talk about the gap"
detail = "How."
[[outcomes]]
id = "o1"
text = "I would use it."
"""


def test_the_shipped_culture_bank_marks_an_outcome_and_advice_for_a_dialogue_gap(culture_bank):
    assert [o.text for o in culture_bank.outcomes] == [
        "I would use an internal social network to ask colleagues for help."]
    dialogue = next(d for d in culture_bank.dimensions if d.id == "leadership_dialogue")
    assert [g.min_gap for g in dialogue.gap_recommendations] == [15]
    assert len(culture_bank.items) == 30            # the leaders' questionnaire is unchanged
    assert culture_bank.statements[-1].id == "o01"


def test_outcome_statements_are_part_of_no_dimension():
    bank = parse_bank(tomllib.loads(WITH_OUTCOME))
    assert [o.id for o in bank.outcomes] == ["o1"]
    assert [i.id for i in bank.items] == ["q1"]
    assert [s.id for s in bank.statements] == ["q1", "o1"]
    assert bank.dimensions[0].gap_recommendations[0].title == "Talk about the gap"
    assert parse_bank(bank_data(bank)) == bank


def test_an_outcome_reusing_an_items_id_is_rejected():
    data = tomllib.loads(WITH_OUTCOME.replace('id = "o1"', 'id = "q1"'))
    with pytest.raises(BankError, match=r"item 'q1'.*'id' 'q1' is used twice"):
        parse_bank(data, "mini.toml")


@pytest.mark.parametrize("value", [0, 101, "15", True])
def test_a_gap_recommendation_needs_a_gap_from_1_to_100_points(value):
    data = tomllib.loads(WITH_OUTCOME)
    data["dimensions"][0]["gap_recommendations"][0]["min_gap"] = value
    with pytest.raises(BankError, match=r"dimension 'd1', gap recommendation 1: field "
                                        r"'min_gap' must be a number from 1 to 100"):
        parse_bank(data, "mini.toml")


def test_an_outcome_without_text_is_rejected_naming_it():
    data = tomllib.loads(WITH_OUTCOME.replace('text = "I would use it."', 'text = " "'))
    with pytest.raises(BankError, match=r"outcome 'o1': field 'text' must be non-empty"):
        parse_bank(data, "mini.toml")


def test_a_bank_without_outcomes_writes_no_outcome_fields():
    """Banks installed before outcomes existed keep exactly the data they had."""
    data = tomllib.loads(MINIMAL_LIKERT)
    bank = parse_bank(data)
    assert bank.outcomes == () and bank.dimensions[0].gap_recommendations == ()
    assert bank_data(bank) == {**data, "scoring": {"target": 75.0},
                               "bands": [{**b, "min": float(b["min"])} for b in data["bands"]],
                               "bank": {**data["bank"], "description": ""},
                               "dimensions": [{**data["dimensions"][0], "description": ""}]}
