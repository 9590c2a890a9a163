"""Fuzzing the vendor catalog and the requirements taxonomy, and the taxonomy import.

Parsers and the errors each may raise:

- ``vendors.catalog.parse_catalog`` / ``parse_catalog_info`` / ``parse_taxonomy`` (parsed
  TOML) and ``load_catalog`` / ``load_catalog_info`` / ``load_taxonomy`` (a file):
  :class:`vendors.catalog.CatalogError`, naming the file.
- ``workspace.import_taxonomy(db, engagement_id, categories, criteria)`` (the Requirements
  page's "start from the standard taxonomy", fed a taxonomy ``parse_taxonomy`` accepted, or
  the dicts its docstring allows): :class:`workspace.InvalidInput` or
  :class:`workspace.DuplicateName`; a rejected import leaves the workspace unchanged.
"""
from __future__ import annotations

import tomllib

from hypothesis import example, given, settings
from hypothesis import strategies as st

import workspace
from tests.reliability.fuzz_helpers import (FUZZ, Doc, documents, dump, mutated, mutated_bytes,
                                            outcome, values, workspace_copy)
from vendors.catalog import (CATALOG_PATH, TAXONOMY_PATH, CatalogError, load_catalog,
                             load_catalog_info, load_taxonomy, parse_catalog,
                             parse_catalog_info, parse_taxonomy)

FILES = {"catalog": CATALOG_PATH.read_bytes(), "requirements": TAXONOMY_PATH.read_bytes()}
DATA = {name: tomllib.loads(raw.decode("utf-8")) for name, raw in FILES.items()}
PARSERS = {"catalog": (parse_catalog, parse_catalog_info), "requirements": (parse_taxonomy,)}
LOADERS = {"catalog": (load_catalog, load_catalog_info), "requirements": (load_taxonomy,)}
TOML_VALUES = values(dates=True)


def import_into_new_engagement(categories, criteria) -> None:
    """Import into a new engagement of a workspace copy; unchanged when rejected."""
    with workspace_copy() as db:
        engagement = workspace.create_engagement(db, "Taxonomy import")
        before = dump(db)
        ok, count = outcome(lambda: workspace.import_taxonomy(db, engagement.id, categories,
                                                              criteria),
                            (workspace.InvalidInput, workspace.DuplicateName), "import_taxonomy")
        if not ok:
            assert dump(db) == before, "a rejected taxonomy import changed the workspace"
            return
        assert count == len(workspace.list_criteria(db, engagement.id))


@settings(FUZZ, max_examples=120)
@given(name=st.sampled_from(sorted(DATA)), data=st.data())
def test_mutated_catalog_or_taxonomy_is_rejected_with_a_catalog_error(name, data):
    doc = data.draw(mutated(DATA[name], TOML_VALUES, max_changes=4), label=name)
    for parse in PARSERS[name]:
        ok, error = outcome(lambda: parse(doc.value, f"{name}.toml"), (CatalogError,),
                            parse.__name__)
        if not ok:
            assert f"{name}.toml" in str(error)


@settings(FUZZ, max_examples=60)
@given(doc=documents(st.one_of(TOML_VALUES, st.dictionaries(st.sampled_from(
    ["catalog", "vendors", "taxonomy", "anchors", "categories"]), TOML_VALUES, max_size=5))))
def test_any_document_is_rejected_with_a_catalog_error(doc):
    for parse in (parse_catalog, parse_catalog_info, parse_taxonomy):
        outcome(lambda: parse(doc.value, "random.toml"), (CatalogError,), parse.__name__)


@settings(FUZZ, max_examples=60)
@given(name=st.sampled_from(sorted(FILES)), data=st.data())
@example(name="catalog", data=b"a = " + b"[" * 5_000 + b"]" * 5_000).via("nested 5,000 deep")
@example(name="requirements", data=b"[taxonomy]\nversion = " + b"9" * 5_000).via(
    "an integer of 5,000 digits")
def test_damaged_catalog_or_taxonomy_file_is_rejected_with_a_catalog_error(
        tmp_path_factory, name, data):
    raw = data if isinstance(data, bytes) else data.draw(mutated_bytes(FILES[name]),
                                                         label="bytes")
    path = tmp_path_factory.mktemp("data") / f"{name}.toml"
    path.write_bytes(raw)
    for load in LOADERS[name]:
        ok, error = outcome(lambda: load(path), (CatalogError,), load.__name__)
        if not ok:
            assert path.name in str(error)


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_mutated_taxonomy_is_imported_whole_or_rejected(data):
    doc = data.draw(mutated(DATA["requirements"], TOML_VALUES, max_changes=2),
                    label="requirements")
    ok, taxonomy = outcome(lambda: parse_taxonomy(doc.value, "requirements.toml"),
                           (CatalogError,), "parse_taxonomy")
    if ok:
        import_into_new_engagement(taxonomy.categories, taxonomy.criteria)


def _rows(taxonomy_data: dict) -> dict:
    """The shipped taxonomy as the dict rows ``import_taxonomy`` accepts."""
    categories = [{"id": c["id"], "name": c["name"], "description": c["description"]}
                  for c in taxonomy_data["categories"]]
    criteria = [{**{k: v for k, v in c.items()}, "category": category["id"]}
                for category in taxonomy_data["categories"] for c in category["criteria"]]
    return {"categories": categories, "criteria": criteria}


ROWS = _rows(DATA["requirements"])


@settings(FUZZ, max_examples=50)
@given(data=st.data())
@example(data=Doc({"criteria": [{"id": "x", "category": "security", "name": "X",
                                 "min_score": "high"}]}, ["min_score 'high'"]))
@example(data=Doc({"criteria": [{"id": "x", "category": "security", "name": "X",
                                 "description": 7}]}, ["description 7"]))
@example(data=Doc({"categories": [{"id": ["a"], "name": "A"}]}, ["category id a list"]))
def test_taxonomy_rows_as_dicts_are_imported_whole_or_rejected(data):
    if isinstance(data, Doc):
        rows = {**ROWS, **data.value}
        if "categories" in data.value:
            rows["criteria"] = []
    else:
        rows = data.draw(mutated(ROWS, TOML_VALUES, max_changes=2), label="rows").value
    categories, criteria = rows.get("categories", []), rows.get("criteria", [])
    if not isinstance(categories, list) or not isinstance(criteria, list):
        return            # the signature asks for iterables of rows
    import_into_new_engagement(categories, criteria)
