"""Vendor catalog and requirements taxonomy: the shipped data says what RESEARCH.md found, and
every broken file is rejected with a message naming the file, the entry and the field.

Facts about the platforms come from the "Vendors" table of /work/shared/RESEARCH.md (status as
found, checked 2026-11); the taxonomy from its "Evaluation criteria analysts use" section.
"""
import copy
import tomllib

import pytest

from vendors.catalog import (CatalogError, Direction, load_catalog, load_catalog_info,
                             load_taxonomy, parse_catalog, parse_taxonomy)

ORIGINAL_SHORTLIST = {"cisco_quad", "salesforce_chatter", "socialtext", "jive",
                      "successfactors_jam", "yammer"}
CURRENT_SET = {"viva_engage", "slack", "workvivo", "staffbase", "simpplr", "lumapps", "firstup"}


@pytest.fixture(scope="module")
def catalog():
    return {vendor.id: vendor for vendor in load_catalog()}


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


# --- the shipped catalog ----------------------------------------------------------------------

def test_catalog_has_the_original_shortlist(catalog):
    assert {v.id for v in catalog.values() if v.group == "original shortlist"} \
        == ORIGINAL_SHORTLIST


def test_catalog_has_sharepoint_as_the_baseline(catalog):
    assert [v.id for v in catalog.values() if v.group == "baseline"] == ["sharepoint"]


def test_catalog_has_todays_comparison_set(catalog):
    assert CURRENT_SET <= {v.id for v in catalog.values() if v.group == "current"}


def test_discontinued_and_retired_platforms_are_not_candidates(catalog):
    ended = [v for v in catalog.values() if v.status in ("discontinued", "retired")]
    assert {v.id for v in ended} >= {"cisco_quad", "socialtext", "workplace_from_meta"}
    assert not any(v.candidate for v in ended)


def test_workplace_from_meta_is_retired_and_not_a_candidate(catalog):
    """RESEARCH.md: read-only from 2025-09-01, deleted 2026-06-01 (high confidence)."""
    workplace = catalog["workplace_from_meta"]
    assert (workplace.status, workplace.since, workplace.candidate) == ("retired", 2026, False)


def test_cisco_quad_was_renamed_then_discontinued_in_2014(catalog):
    """RESEARCH.md: renamed Cisco WebEx Social (2012); discontinued by Cisco (2014)."""
    quad = catalog["cisco_quad"]
    assert (quad.status, quad.since, quad.confidence) == ("discontinued", 2014, "high")
    assert "WebEx Social" in quad.status_note and "2012" in quad.status_note


def test_yammer_is_renamed_to_viva_engage_which_is_its_own_candidate(catalog):
    """RESEARCH.md: Yammer is now Microsoft Viva Engage (high confidence)."""
    yammer = catalog["yammer"]
    assert (yammer.status, yammer.successor) == ("renamed", "Microsoft Viva Engage")
    assert catalog["viva_engage"].name == yammer.successor
    assert catalog["viva_engage"].candidate


def test_every_successor_of_a_renamed_platform_is_named(catalog):
    for vendor in catalog.values():
        if vendor.status == "renamed":
            assert vendor.successor, vendor.id


def test_every_entry_has_a_source_and_a_confidence(catalog):
    for vendor in catalog.values():
        assert vendor.source.strip(), vendor.id
        assert vendor.confidence in ("high", "medium", "unconfirmed"), vendor.id


def test_unconfirmed_entries_say_so_in_their_note(catalog):
    unconfirmed = [v for v in catalog.values() if v.confidence == "unconfirmed"]
    assert {v.id for v in unconfirmed} == {"staffbase", "simpplr", "lumapps", "firstup"}
    for vendor in unconfirmed:
        assert "unconfirmed" in vendor.status_note.lower(), vendor.id


def test_partly_unconfirmed_facts_are_flagged_in_the_note(catalog):
    """RESEARCH.md: Chatter's present status and Jam's end-of-life date are unconfirmed."""
    for vendor_id in ("salesforce_chatter", "successfactors_jam"):
        assert catalog[vendor_id].confidence == "medium"
        assert "unconfirmed" in catalog[vendor_id].status_note.lower(), vendor_id


def test_catalog_header_asks_to_recheck_statuses():
    info = load_catalog_info()
    assert info.checked == "2026-11"
    assert "recheck" in info.note.lower()


# --- the shipped taxonomy ---------------------------------------------------------------------

def test_taxonomy_has_the_eight_categories_of_the_design(taxonomy):
    assert [c.id for c in taxonomy.categories] == [
        "security", "features", "integration", "deployment", "adoption", "governance", "cost",
        "viability"]


def test_taxonomy_has_at_least_30_criteria_with_unique_ids(taxonomy):
    ids = [c.id for c in taxonomy.criteria]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)


def test_every_category_has_three_to_six_criteria(taxonomy):
    for category in taxonomy.categories:
        assert 3 <= len(category.criteria) <= 6, category.id
        assert all(c.category == category.id for c in category.criteria)


def test_taxonomy_has_benefit_and_cost_criteria(taxonomy):
    directions = {c.direction for c in taxonomy.criteria}
    assert directions == {Direction.BENEFIT, Direction.COST}
    assert {c.id for c in taxonomy.criteria if c.direction is Direction.COST} \
        >= {"licence_cost", "implementation_cost", "admin_effort"}


def test_taxonomy_has_must_haves_with_a_minimum_score(taxonomy):
    must_haves = [c for c in taxonomy.criteria if c.must_have]
    assert 1 <= len(must_haves) <= 3
    assert "sso" in {c.id for c in must_haves}
    for criterion in must_haves:
        assert criterion.min_score is not None and 0 <= criterion.min_score <= 5


def test_anchors_describe_every_point_of_the_0_to_5_scale(taxonomy):
    assert sorted(taxonomy.anchors) == [0, 1, 2, 3, 4, 5]
    assert all(text.strip() for text in taxonomy.anchors.values())
    assert "5" in taxonomy.cost_note and "invert" in taxonomy.cost_note


# --- validation -------------------------------------------------------------------------------

MINIMAL_CATALOG = """
[catalog]
version = "1"
checked = "2026-11"
note = "Recheck."
[[vendors]]
id = "cisco_quad"
name = "Cisco Quad"
company = "Cisco"
group = "original shortlist"
status = "discontinued"
status_note = "Discontinued in 2014."
since = 2014
confidence = "high"
source = "tests"
candidate = false
[[vendors]]
id = "staffbase"
name = "Staffbase"
company = "Staffbase"
group = "current"
status = "active"
status_note = "Status unconfirmed."
confidence = "unconfirmed"
source = "tests"
candidate = true
"""

MINIMAL_TAXONOMY = """
[taxonomy]
version = "1"
source = "tests"
[anchors]
0 = "None."
1 = "Weak."
2 = "Partial."
3 = "Meets."
4 = "Strong."
5 = "Best."
cost = "5 = most costly."
[[categories]]
id = "security"
name = "Security"
description = "Safe."
[[categories.criteria]]
id = "sso"
name = "Single sign-on"
description = "5 = SSO, 0 = passwords."
direction = "benefit"
must_have = true
min_score = 3
[[categories]]
id = "cost"
name = "Cost"
description = "Money."
[[categories.criteria]]
id = "licence_cost"
name = "Licence cost"
description = "5 = dearest, 0 = free."
direction = "cost"
"""


def _break(text: str, path: list, value) -> dict:
    """A parsed copy of ``text`` with the field at ``path`` replaced (or removed: KeyError)."""
    broken = copy.deepcopy(tomllib.loads(text))
    node = broken
    for step in path[:-1]:
        node = node[step]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return broken


def test_minimal_files_parse():
    vendors = parse_catalog(tomllib.loads(MINIMAL_CATALOG), "catalog.toml")
    assert [v.id for v in vendors] == ["cisco_quad", "staffbase"]
    taxonomy = parse_taxonomy(tomllib.loads(MINIMAL_TAXONOMY), "requirements.toml")
    assert taxonomy.criterion("licence_cost").direction is Direction.COST
    assert taxonomy.criterion("sso").min_score == 3


@pytest.mark.parametrize("path, value, expected", [
    (["vendors", 0, "status"], "gone",
     "vendor 'cisco_quad': field 'status' must be one of active, renamed, acquired, "
     "discontinued, retired, not 'gone'"),
    (["vendors", 0, "group"], "favourites", "vendor 'cisco_quad': field 'group' must be one of"),
    (["vendors", 1, "confidence"], "low", "vendor 'staffbase': field 'confidence' must be one of"),
    (["vendors", 0, "source"], KeyError, "vendor 'cisco_quad': field 'source' must be non-empty"),
    (["vendors", 0, "company"], "  ", "vendor 'cisco_quad': field 'company' must be non-empty"),
    (["vendors", 1, "candidate"], KeyError,
     "vendor 'staffbase': field 'candidate' must be true or false"),
    (["vendors", 0, "candidate"], True,
     "vendor 'cisco_quad': field 'candidate' must be false for a discontinued platform"),
    (["vendors", 0, "since"], "2014", "vendor 'cisco_quad': field 'since' must be a whole number"),
    (["vendors", 1, "status_note"], "All fine.",
     "vendor 'staffbase': field 'status_note' must say the status is unconfirmed"),
    (["vendors", 1, "id"], "Staff Base", "vendor 2: field 'id' must start with a lowercase"),
    (["vendors", 1, "id"], "cisco_quad",
     "vendor 'cisco_quad': field 'id' 'cisco_quad' is used twice"),
    (["vendors", 1, "name"], "CISCO QUAD",
     "vendor 'staffbase': field 'name' 'CISCO QUAD' is used twice (ignoring case)"),
    (["vendors", 0, "sucessor"], "WebEx", "vendor 'cisco_quad': field 'sucessor' is not a known"),
    (["catalog", "checked"], KeyError, "catalog: field 'checked' must be non-empty"),
])
def test_broken_catalog_names_file_vendor_and_field(path, value, expected):
    with pytest.raises(CatalogError) as error:
        parse_catalog(_break(MINIMAL_CATALOG, path, value), "catalog.toml")
    assert str(error.value).startswith("catalog.toml: ")
    assert expected in str(error.value)


def test_retired_platform_cannot_be_a_candidate():
    data = _break(MINIMAL_CATALOG, ["vendors", 0, "status"], "retired")
    data["vendors"][0]["candidate"] = True
    with pytest.raises(CatalogError, match="field 'candidate' must be false for a retired"):
        parse_catalog(data, "catalog.toml")


@pytest.mark.parametrize("path, value, expected", [
    (["categories", 0, "criteria", 0, "direction"], "up",
     "criterion 'sso': field 'direction' must be one of benefit, cost, not 'up'"),
    (["categories", 0, "criteria", 0, "min_score"], 6,
     "criterion 'sso': field 'min_score' must be a whole number from 0 to 5, not 6"),
    (["categories", 0, "criteria", 0, "min_score"], -1,
     "criterion 'sso': field 'min_score' must be a whole number from 0 to 5, not -1"),
    (["categories", 0, "criteria", 0, "min_score"], KeyError,
     "criterion 'sso': field 'min_score' is required when must_have is true"),
    (["categories", 0, "criteria", 0, "must_have"], "yes",
     "criterion 'sso': field 'must_have' must be true or false, not 'yes'"),
    (["categories", 0, "criteria", 0, "name"], KeyError,
     "criterion 'sso': field 'name' must be non-empty text"),
    (["categories", 1, "criteria", 0, "id"], "sso",
     "criterion 'sso': field 'id' 'sso' is used twice"),
    (["categories", 1, "criteria", 0, "name"], "single SIGN-ON",
     "criterion 'licence_cost': field 'name' 'single SIGN-ON' is used twice (ignoring case)"),
    (["categories", 1, "id"], "security", "category 'security': field 'id' 'security' is used"),
    (["categories", 1, "criteria"], [], "category 'cost': field 'criteria' needs at least 1"),
    (["categories", 1], KeyError, "taxonomy: field 'categories' needs at least 2 entries, found 1"),
    (["anchors", "4"], KeyError, "anchors: field '4' must be non-empty text"),
    (["anchors", "cost"], KeyError, "anchors: field 'cost' must be non-empty text"),
    (["taxonomy", "source"], "", "taxonomy: field 'source' must be non-empty text"),
])
def test_broken_taxonomy_names_file_criterion_and_field(path, value, expected):
    with pytest.raises(CatalogError) as error:
        parse_taxonomy(_break(MINIMAL_TAXONOMY, path, value), "requirements.toml")
    assert str(error.value).startswith("requirements.toml: ")
    assert expected in str(error.value)


def test_file_that_is_not_toml_is_rejected_with_its_name(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text("[[vendors]\nid = ", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^catalog\.toml: not valid TOML"):
        load_catalog(path)


def test_missing_file_is_rejected_with_its_name(tmp_path):
    with pytest.raises(CatalogError, match=r"^requirements\.toml: no such file"):
        load_taxonomy(tmp_path / "requirements.toml")


def test_catalog_error_is_a_value_error():
    assert issubclass(CatalogError, ValueError)
