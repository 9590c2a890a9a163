"""Fuzzing the JSON backup restore.

Parser: ``workspace.restore_engagement(db, data)`` with ``data`` as the uploaded bytes (what
the Exports page passes: a gzip-compressed file, or the plain JSON of earlier versions), as
text or as a dict.

Allowed error: :class:`workspace.BackupError` only (``WorkspaceBusy`` needs another writer,
which these private workspaces never have), with a message. A rejected backup leaves the
workspace unchanged (every table, compared as an SQL dump); an accepted one is a new
engagement that backs up and restores again, and every page shows it without an error: the
readiness report, the vendor comparison, the weights, the exports, and the culture and
maturity questionnaires as the people whose answers were changed (at the section of each
changed answer).

Inputs: real backups made by ``workspace.backup_bytes`` (the template workspace's small
engagement and the example engagement), with fields replaced by values of any JSON type
(huge, unicode, lone surrogates, NaN, nested 5,000 deep...), deleted, duplicated, emptied,
stretched or case-changed, then resealed with a correct checksum (anyone can recompute it, so
validation must hold without it) or left with the old one; their bytes (compressed or plain)
damaged; random bytes. And, to reach the values that pass the field checks, the example's
backup with values changed within their type near and beyond what gives them meaning
(answers around the bank's scale, items and banks of the wrong questionnaire, targets,
snapshot scores and stages, direct values, points, AHP judgments, weights, scores, minimum
scores, bank choices, timestamps), resealed.
"""
from __future__ import annotations

import copy
import gzip
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import workspace
from assessments import load_bank
from tests.conftest import ROOT, _WarmPagesManager
from tests.reliability.fuzz_helpers import (FUZZ, Doc, Nested, dump, example_backup,
                                            materialize, mutated, mutated_bytes, outcome,
                                            short, small_backup, values, workspace_copy)

BACKUPS = {"small": small_backup, "example": example_backup}
JSON_VALUES = values(dates=False)
ENGAGEMENT_PAGES = ("pages/report.py", "pages/comparison.py", "pages/weights.py",
                    "pages/exports.py", "pages/culture.py", "pages/maturity.py",
                    "pages/banks.py")


def reseal(doc: dict) -> None:
    """Give ``doc`` the checksum of its content, as the format documents it (computed here
    independently of the module); leave it when the content cannot be serialized."""
    try:
        text = json.dumps({k: v for k, v in doc.items() if k != "checksum"}, sort_keys=True,
                          separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        doc["checksum"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except (TypeError, ValueError, RecursionError, AttributeError):
        pass


def encode(doc, how: str):
    """``doc`` as the restore receives it: compressed or plain bytes, text or the dict."""
    if how == "dict":
        return doc
    try:
        text = json.dumps(doc, ensure_ascii=(how == "ascii bytes"), indent=1)
    except (ValueError, RecursionError):
        return doc
    if how == "text":
        return text
    data = text.encode("utf-8", "surrogatepass")
    return gzip.compress(data, mtime=0) if how == "gzip" else data


def document(which: str) -> dict:
    """The JSON document inside a backup file."""
    return json.loads(gzip.decompress(BACKUPS[which]()))


def plain(which: str) -> bytes:
    """A backup as the plain JSON files of earlier versions."""
    return json.dumps(document(which), indent=2, ensure_ascii=False).encode()


def _path(db) -> Path:
    return Path(db.location)


def _check(at: AppTest, what: str) -> None:
    assert not at.exception, (what, [e.stack_trace[-3:] for e in at.exception])


def render_pages(db, engagement_id: int, touched: list[tuple[str, ...]]) -> None:
    """Every page of the engagement; the Weights page at each level in ``touched``
    (``("weights", level)``); each questionnaire as each person in ``touched``
    (``("answer", participant name, bank, item)``) at that item's section."""
    engagement = workspace.get_engagement(db, engagement_id)
    people = {p.name: p for p in workspace.list_participants(db, engagement_id)}
    sections = {}
    for bank_id, prefix in ((engagement.culture_bank, "culture"),
                            (engagement.maturity_bank, "maturity")):
        bank = workspace.read_bank(db, bank_id)
        sections[bank_id] = (prefix, {item.id: getattr(item, "dimension", item.id)
                                      for item in bank.items})
    visits = []
    for what, *about in touched:
        if what == "weights":
            visits.append((None, "pages/weights.py", {"weights.level": about[0]}))
            continue
        name, bank_id, item = about
        prefix, items = sections.get(bank_id, (None, {}))
        if name in people and item in items:
            visits.append((people[name], f"pages/{prefix}.py",
                           {f"{prefix}.section": items[item]}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(workspace.PATH_VARIABLE, str(_path(db)))
        patch.setattr(app_test_module, "PagesManager", _WarmPagesManager)
        patch.setattr(PagesManager, "uses_pages_directory", False)
        at = _app(engagement_id)
        for page in ENGAGEMENT_PAGES:
            at.switch_page(page).run()
            _check(at, page)
        for person, page, state in visits:
            at = _app(engagement_id, person, state)
            at.switch_page(page).run()
            _check(at, (page, person and person.name, state))


def _app(engagement_id: int, person=None, state: dict | None = None) -> AppTest:
    """The app run once on the engagement (as ``person``, with ``state`` in the session)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["e"] = str(engagement_id)
    if person is not None:
        at.query_params["p"] = person.token
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    _check(at, "app.py")
    return at


def restore(data, touched: list[tuple[str, ...]] | None = None) -> None:
    """Restore ``data`` into a copy of the template: rejected with a BackupError and nothing
    changed, or accepted, restorable again, and shown by every page (when ``touched`` is
    given: the changed records to look at, see :func:`render_pages`)."""
    with workspace_copy() as db:
        before = dump(db)
        ok, result = outcome(lambda: workspace.restore_engagement(db, data),
                             (workspace.BackupError,), "restore_engagement")
        if not ok:
            assert dump(db) == before, "a rejected backup changed the workspace"
            return
        again = workspace.export_engagement(db, result)
        workspace.restore_engagement(db, again)
        render_pages(db, result, touched or [])


@settings(FUZZ, max_examples=80)
@given(which=st.sampled_from(["small"] * 5 + ["example"]), data=st.data(),
       sealed=st.booleans().map(lambda b: b or None), how=st.sampled_from(
           ["gzip", "gzip", "utf-8 bytes", "ascii bytes", "text", "dict"]))
@example(which="small", data=Doc({"snapshots": materialize(Nested(992))}, ["depth 992"]),
         sealed=True, how="utf-8 bytes").via("arrays 992 deep: json.loads took them, the "
                                             "checksum's json.dumps ran out of recursion")
@example(which="small", data=Doc({"snapshots": materialize(Nested(5_000))}, ["depth 5,000"]),
         sealed=True, how="dict").via("a dict nested 5,000 deep")
def test_mutated_backup_is_restored_whole_or_rejected_with_a_backup_error(which, data, sealed,
                                                                          how):
    base = document(which)
    if isinstance(data, Doc):          # an explicit example: these fields replaced
        doc = {**base, **data.value}
    else:
        doc = data.draw(mutated(base, JSON_VALUES, max_changes=3,
                                protect=lambda path: path == ("checksum",)), label="backup").value
    if sealed and isinstance(doc, dict):
        reseal(doc)
    restore(encode(doc, how))


@settings(FUZZ, max_examples=40)
@given(which=st.sampled_from(sorted(BACKUPS)), compressed=st.booleans(), data=st.data())
def test_damaged_backup_file_is_rejected_with_a_backup_error(which, compressed, data):
    original = BACKUPS[which]() if compressed else plain(which)
    restore(data.draw(mutated_bytes(original), label="bytes"))


@settings(FUZZ, max_examples=40)
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=100),
                      st.sampled_from([b"", b"{}", b"[]", b"null", b"\xef\xbb\xbf{}", b"NaN",
                                       b'{"a": 1, "a": 2}', b"\xff\xfe{\x00}\x00",
                                       b"[" * 100_000, b'{"format": Infinity}',
                                       b"1" * 5_000]),
                      st.builds(list), st.integers()))
def test_random_input_is_rejected_with_a_backup_error(data):
    restore(data)


def test_backup_nested_near_the_recursion_limit_is_rejected_with_a_backup_error():
    """Found by the fuzzer: arrays nested 992 deep (at that call depth) passed ``json.loads``
    but made the checksum's ``json.dumps`` raise RecursionError. Where the window lies depends
    on the caller's stack depth, so every depth around the limit is tried, as bytes and as a
    dict."""
    head = {"format": "socialready-engagement-backup", "version": 1, "checksum": "0"}
    with workspace_copy() as db:
        before = dump(db)
        for depth in range(100, 1_200):
            for data in (json.dumps(head)[:-1].encode() + b', "snapshots": '
                         + b"[" * depth + b"]" * depth + b"}",
                         {**head, "snapshots": materialize(Nested(depth))}):
                outcome(lambda: workspace.restore_engagement(db, data),
                        (workspace.BackupError,), "restore_engagement")
        assert dump(db) == before


# --- values within their type, around what gives them meaning ---------------------------------

CULTURE, MATURITY = load_bank("culture"), load_bank("maturity")
ITEMS = [i.id for i in CULTURE.items] + [c.id for c in MATURITY.competencies] + ["c99", ""]
BANK_IDS = ["culture", "maturity", "culture_v2"]
TIMESTAMPS = ["2026-11-30T10:00:00+00:00", "2026-11-30", "2026-11-30T10:00:00",
              "0001-01-01T00:00:00", "9999-12-31T23:59:59+14:00", "1970-01-01T00:00:00Z",
              "2026-02-30T10:00:00", "20261130T100000"]
SCORES = st.one_of(st.none(), st.floats(-10, 120), st.sampled_from([0, 100, 100.5, -0.0]),
                   st.sampled_from(["50", True, [50]]))
SMALL_NUMBERS = st.one_of(st.integers(-3, 130), st.floats(-1, 12),
                          st.sampled_from([1e300, 2e6, 1 / 9, 1 / 9 - 1e-6, 9.000001, 0]))


def _response(draw, doc, touched):
    index = draw(st.integers(0, len(doc["responses"]) - 1))
    record = doc["responses"][index]
    field = draw(st.sampled_from(["value", "value", "value", "item", "bank"]))
    if field == "value":
        value = draw(st.one_of(st.none(), st.integers(-2, 12)))
        record.update(value=value, dont_know=value is None and draw(st.booleans()))
    elif field == "item":
        record["item"] = draw(st.sampled_from(ITEMS))
    else:
        record["bank"] = draw(st.sampled_from(BANK_IDS))
    name = next(p["name"] for p in doc["participants"] if p["key"] == record["participant"])
    touched.append(("answer", name, record["bank"], record["item"]))
    return f"responses[{index}].{field} = {short(record[field])}"


def _target(draw, doc, touched):
    index = draw(st.integers(0, len(doc["targets"]) - 1))
    record = doc["targets"][index]
    field = draw(st.sampled_from(["stage", "stage", "area", "bank"]))
    record[field] = draw({"stage": st.integers(-1, 6), "area": st.sampled_from(ITEMS),
                          "bank": st.sampled_from(BANK_IDS)}[field])
    touched.append(("answer", doc["participants"][0]["name"], record["bank"], record["area"]))
    return f"targets[{index}].{field} = {short(record[field])}"


def _snapshot(draw, doc, touched):
    index = draw(st.integers(0, len(doc["snapshots"]) - 1))
    payload = doc["snapshots"][index]["payload"]
    field = draw(st.sampled_from(["culture_overall", "culture", "maturity_overall", "maturity",
                                  "participants", "extra"]))
    if field == "culture":
        payload["culture"][draw(st.sampled_from([*payload["culture"], "gone"]))] = draw(SCORES)
    elif field == "maturity":
        payload["maturity"][draw(st.sampled_from(list(payload["maturity"])))] = draw(
            st.integers(-1, 6))
    elif field == "extra":
        payload[draw(st.sampled_from(["html", "Culture_overall"]))] = 1
    else:
        payload[field] = draw(SCORES if field == "culture_overall" else st.integers(-1, 6)
                              if field == "maturity_overall" else st.integers(-1, 10**10))
    return f"snapshots[{index}].payload.{field}"


def _weights(draw, doc, touched):
    index = draw(st.integers(0, len(doc["weights"]) - 1))
    record = doc["weights"][index]
    touched.append(("weights", record["level"]))
    how = draw(st.sampled_from(["input", "weight", "ahp"]))
    if how == "input":
        table = next(iter(record["inputs"].values()))
        table[draw(st.sampled_from(list(table)))] = draw(SMALL_NUMBERS)
    elif how == "weight":
        record["weights"][draw(st.sampled_from(list(record["weights"])))] = draw(
            st.floats(-0.5, 1.5))
    else:
        items = list(record["weights"])
        record["method"] = "ahp"
        record["inputs"] = {"judgments": {f"{i},{j}": draw(SMALL_NUMBERS)
                                          for i in range(len(items))
                                          for j in range(i + 1, len(items))},
                            "method": draw(st.sampled_from(["eigenvector", "geometric"])),
                            "order": items}
    return f"weights[{index}] {how}"


def _score(draw, doc, touched):
    index = draw(st.integers(0, len(doc["scores"]) - 1))
    doc["scores"][index]["score"] = draw(st.one_of(st.none(), st.floats(-1, 6)))
    return f"scores[{index}].score"


def _criterion(draw, doc, touched):
    index = draw(st.integers(0, len(doc["criteria"]) - 1))
    record = doc["criteria"][index]
    field = draw(st.sampled_from(["min_score", "must_have", "direction"]))
    record[field] = draw({"min_score": st.floats(-1, 6), "must_have": st.booleans(),
                          "direction": st.sampled_from(["benefit", "cost", "up"])}[field])
    return f"criteria[{index}].{field}"


def _participant_weights(draw, doc, touched):
    method = draw(st.sampled_from(["points", "ahp"]))
    levels = ["categories", *(c["id"] for c in doc["categories"][:2]), "gone"]
    inputs = ({c["id"]: draw(st.integers(-5, 120)) for c in doc["categories"][:3]}
              if method == "points" else
              {f"{i},{j}": draw(SMALL_NUMBERS) for i in range(3) for j in range(i + 1, 4)})
    doc["participant_weights"].append({
        "participant": draw(st.sampled_from([p["key"] for p in doc["participants"]])),
        "level": draw(st.sampled_from(levels)), "method": method, "inputs": inputs,
        "updated_at": "2026-11-30T10:00:00+00:00"})
    return f"participant_weights += {method}"


def _bank_choice(draw, doc, touched):
    field = draw(st.sampled_from(["culture_bank", "maturity_bank"]))
    doc["engagement"][field] = draw(st.sampled_from(BANK_IDS))
    return f"engagement.{field} = {doc['engagement'][field]}"


def _timestamp(draw, doc, touched):
    section, field = draw(st.sampled_from([("responses", "answered_at"),
                                           ("snapshots", "taken_at"),
                                           ("participants", "created_at"),
                                           ("weights", "updated_at"),
                                           ("scores", "updated_at")]))
    index = draw(st.integers(0, len(doc[section]) - 1))
    doc[section][index][field] = draw(st.sampled_from(TIMESTAMPS))
    return f"{section}[{index}].{field} = {doc[section][index][field]}"


NEAR_VALID = (_response, _response, _response, _target, _snapshot, _snapshot, _weights,
              _weights, _score, _criterion, _participant_weights, _bank_choice, _timestamp)


@st.composite
def near_valid(draw, base: dict) -> tuple[Doc, list[tuple[str, ...]]]:
    """``base`` with 1 to 3 values changed within their type (see the module), resealed."""
    doc = copy.deepcopy(base)
    touched: list[tuple[str, ...]] = []
    notes = [draw(st.sampled_from(NEAR_VALID))(draw, doc, touched)
             for _ in range(draw(st.integers(1, 3)))]
    reseal(doc)
    return Doc(doc, notes), touched


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_every_backup_accepted_with_values_near_their_limits_shows_on_every_page(data):
    changed, touched = data.draw(near_valid(document("example")), label="backup")
    restore(gzip.compress(json.dumps(changed.value).encode("utf-8")), touched)
