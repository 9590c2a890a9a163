"""Fuzzing the JSON backup restore.

Parser: ``workspace.restore_engagement(db, data)`` with ``data`` as the uploaded bytes (what
the Exports page passes: a gzip-compressed file, or the plain JSON of earlier versions), as
text or as a dict.

Allowed error: :class:`workspace.BackupError` only (``WorkspaceBusy`` needs another writer,
which these private workspaces never have), with a message. A rejected backup leaves the
workspace unchanged (every table, compared as an SQL dump); an accepted one is a new
engagement that backs up and restores again.

Inputs: real backups made by ``workspace.backup_bytes`` (the template workspace's small
engagement and the example engagement), with fields replaced by values of any JSON type
(huge, unicode, lone surrogates, NaN, nested 5,000 deep...), deleted, duplicated, emptied,
stretched or case-changed, then resealed with a correct checksum (anyone can recompute it, so
validation must hold without it) or left with the old one; their bytes (compressed or plain)
damaged; random bytes.
"""
from __future__ import annotations

import gzip
import hashlib
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

import workspace
from tests.reliability.fuzz_helpers import (FUZZ, Doc, Nested, dump, example_backup,
                                            materialize, mutated, mutated_bytes, outcome,
                                            small_backup, values, workspace_copy)

BACKUPS = {"small": small_backup, "example": example_backup}
JSON_VALUES = values(dates=False)


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


def restore(data) -> None:
    with workspace_copy() as db:
        before = dump(db)
        ok, result = outcome(lambda: workspace.restore_engagement(db, data),
                             (workspace.BackupError,), "restore_engagement")
        if not ok:
            assert dump(db) == before, "a rejected backup changed the workspace"
            return
        again = workspace.export_engagement(db, result)
        workspace.restore_engagement(db, again)


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
