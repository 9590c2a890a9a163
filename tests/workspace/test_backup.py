"""Backup of an engagement: round trip, new ids and tokens, and all-or-nothing rejection."""
import gzip
import hashlib
import json
import re
import tomllib

import pandas as pd
import pytest

import assessments
import workspace
from assessments.bank import BANKS_DIR
from workspace import backup
from workspace.backup import BackupError, backup_bytes, export_engagement, restore_engagement
from workspace.engagements import NAME_MAX, TEXT_MAX


@pytest.fixture
def source(tmp_path):
    """A workspace as the app creates it, with the real example engagement."""
    return workspace.open_workspace(tmp_path / "a.db")


@pytest.fixture
def example_id(source):
    return next(e.id for e in workspace.list_engagements(source) if e.is_example)


@pytest.fixture
def other(tmp_path):
    """A second installation's workspace, with its own example engagement."""
    return workspace.open_workspace(tmp_path / "b.db")


@pytest.fixture
def data(source, example_id):
    return export_engagement(source, example_id)


def dump(db) -> dict[str, list]:
    """Every row of every table: what "nothing changed" is checked against."""
    return {table: sorted((tuple(row) for row in db.execute(f"SELECT * FROM {table}")),
                          key=repr) for table in db.table_names()}


def checksum(body: dict) -> str:
    """The checksum as the format documents it, computed independently of the module."""
    text = json.dumps({k: v for k, v in body.items() if k != "checksum"}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content(export: dict, suffix: str = "") -> dict:
    """An export without what legitimately differs between two exports of equal content."""
    body = {k: v for k, v in export.items() if k not in ("exported_at", "checksum")}
    name = body["engagement"]["name"]
    assert name.endswith(suffix)
    body["engagement"] = {**body["engagement"], "name": name[:len(name) - len(suffix)]}
    return body


def resealed(data: dict, change) -> dict:
    """A copy of ``data`` changed by ``change`` with its checksum fixed up to match."""
    copy = json.loads(json.dumps(data))
    change(copy)
    copy["checksum"] = checksum(copy)
    return copy


def test_backup_restore_backup_into_another_workspace_gives_equal_content(data, other):
    restored = restore_engagement(other, json.dumps(data))
    assert content(export_engagement(other, restored), " (restored)") == content(data)


def test_backup_restore_backup_into_the_same_workspace_gives_equal_content(source, example_id,
                                                                           data):
    restored = restore_engagement(source, backup_bytes(source, example_id))
    assert content(export_engagement(source, restored), " (restored)") == content(data)


def test_export_holds_every_part_of_the_engagement(data):
    assert data["format"] == backup.FORMAT and data["version"] == backup.FORMAT_VERSION
    assert data["schema_version"] == workspace.LATEST_VERSION
    assert data["engagement"]["name"] == workspace.EXAMPLE_NAME
    for section in backup.SECTIONS:
        assert data[section], section
    assert data["checksum"] == checksum(data)


def test_backup_bytes_is_gzip_of_the_compact_json_of_the_export(source, example_id, data):
    raw = backup_bytes(source, example_id)
    assert raw[:2] == b"\x1f\x8b"
    text = gzip.decompress(raw).decode("utf-8")
    assert text.startswith('{"action_plan":[],"agreed_values":[],"audit_trail":[{') and (
        "\n" not in text)
    document = json.loads(text)
    assert content(document) == content(data)
    assert document["checksum"] == checksum(document)


def plain_json(data: dict, **options) -> bytes:
    """A backup as the files written before compression: indented UTF-8 JSON."""
    return (json.dumps(data, indent=2, ensure_ascii=False, **options) + "\n").encode()


def test_a_plain_json_backup_as_written_before_compression_still_restores(data, other):
    restored = restore_engagement(other, plain_json(data))
    assert content(export_engagement(other, restored), " (restored)") == content(data)


def test_backup_carries_no_participant_tokens_or_database_ids(source, example_id, data):
    raw = backup_bytes(source, example_id)
    for person in workspace.list_participants(source, example_id):
        assert person.token.encode() not in raw
    assert {p["key"] for p in data["participants"]} == {
        f"p{n}" for n in range(1, len(data["participants"]) + 1)}
    assert all("id" not in record for record in data["participants"] + data["vendors"])


def test_a_restored_example_still_says_its_data_is_invented_but_is_not_the_example(
        source, example_id, data):
    """A new user's review: a restored example lost its "invented data" notice. It keeps it,
    and resetting the example replaces the seeded one only, never the restored copy."""
    restored = restore_engagement(source, data)
    assert restored != example_id
    assert data["engagement"]["illustrative"] is True
    assert workspace.get_engagement(source, restored).is_example is True
    workspace.reset_example(source)
    ids = [e.id for e in workspace.list_engagements(source)]
    assert restored in ids and example_id not in ids
    assert sum(e.name == workspace.EXAMPLE_NAME for e in workspace.list_engagements(source)) == 1


def test_a_restored_engagement_of_real_data_is_not_illustrative(source, example_id, data):
    data = {**data, "engagement": {**data["engagement"], "illustrative": False}}
    data["checksum"] = checksum(data)
    restored = restore_engagement(source, data)
    assert workspace.get_engagement(source, restored).is_example is False


def test_a_version_3_backup_restores_as_real_data(source, example_id, data):
    restored = restore_engagement(source, older(data, 3))
    assert workspace.get_engagement(source, restored).is_example is False


def test_restored_participants_get_new_tokens(source, example_id, data):
    restored = restore_engagement(source, data)
    old = workspace.list_participants(source, example_id)
    new = workspace.list_participants(source, restored)
    assert [p.name for p in new] == [p.name for p in old]
    assert not {p.token for p in new} & {p.token for p in old}
    assert not {p.id for p in new} & {p.id for p in old}
    for person in new:
        assert workspace.participant_by_token(source, person.token) == person


def test_reset_example_keeps_a_restored_copy_of_the_example(source, data):
    restored = restore_engagement(source, data)
    workspace.reset_example(source)
    assert workspace.get_engagement(source, restored).name.endswith(" (restored)")
    # The restored copy is illustrative too, but only the seeded example is replaced.
    assert sum(e.name == workspace.EXAMPLE_NAME for e in workspace.list_engagements(source)) == 1


def test_restoring_the_example_never_takes_the_example_name(tmp_path, data):
    empty = workspace.open_workspace(tmp_path / "empty.db", seed_example_engagement=False)
    restored = restore_engagement(empty, data)
    assert workspace.get_engagement(empty, restored).name == (
        f"{workspace.EXAMPLE_NAME} (restored)")
    workspace.reset_example(empty)
    assert len(workspace.list_engagements(empty)) == 2


def test_an_engagement_keeps_its_name_where_no_engagement_has_it(fresh_db, tmp_path):
    mine = workspace.create_engagement(fresh_db, "Contoso review", organization="Contoso")
    elsewhere = workspace.open_workspace(tmp_path / "elsewhere.db",
                                         seed_example_engagement=False)
    restored = restore_engagement(elsewhere, backup_bytes(fresh_db, mine.id))
    again = workspace.get_engagement(elsewhere, restored)
    assert (again.name, again.organization) == ("Contoso review", "Contoso")


def test_name_clashes_get_restored_then_restored_2(fresh_db):
    mine = workspace.create_engagement(fresh_db, "Contoso review")
    raw = backup_bytes(fresh_db, mine.id)
    workspace.update_engagement(fresh_db, mine.id, name="CONTOSO REVIEW")
    names = [workspace.get_engagement(fresh_db, restore_engagement(fresh_db, raw)).name
             for _ in range(3)]
    assert names == ["Contoso review (restored)", "Contoso review (restored 2)",
                     "Contoso review (restored 3)"]


def test_a_long_clashing_name_is_shortened_to_fit_the_suffix(fresh_db):
    mine = workspace.create_engagement(fresh_db, "x" * NAME_MAX)
    restored = restore_engagement(fresh_db, export_engagement(fresh_db, mine.id))
    name = workspace.get_engagement(fresh_db, restored).name
    assert len(name) == NAME_MAX and name.endswith("x (restored)")


def test_hostile_text_survives_the_round_trip(fresh_db, tmp_path):
    hostile = "=HYPERLINK(\"x\") <script>1</script> 💥 Robert'); DROP TABLE engagements;--"
    mine = workspace.create_engagement(fresh_db, hostile, purpose=hostile)
    person = workspace.add_participant(fresh_db, mine.id, hostile)
    workspace.save_answers(fresh_db, [workspace.Answer(person.id, "culture", "c01", 4,
                                                       comment=hostile)])
    elsewhere = workspace.open_workspace(tmp_path / "elsewhere.db",
                                         seed_example_engagement=False)
    restored = restore_engagement(elsewhere, backup_bytes(fresh_db, mine.id))
    assert content(export_engagement(elsewhere, restored)) == content(
        export_engagement(fresh_db, mine.id))


def test_tampered_backup_is_rejected_whole(other, data):
    data["scores"][0]["score"] = 5.0 if data["scores"][0]["score"] != 5.0 else 0.0
    before = dump(other)
    with pytest.raises(BackupError, match="the checksum does not match its content; the file "
                                          "was changed after export"):
        restore_engagement(other, json.dumps(data))
    assert dump(other) == before


def test_missing_checksum_is_rejected(other, data):
    del data["checksum"]
    with pytest.raises(BackupError, match="'checksum' is missing"):
        restore_engagement(other, data)


def _set(section, index, field, value):
    def change(d):
        d[section][index][field] = value
    return change


def _delete(section, index, field):
    def change(d):
        del d[section][index][field]
    return change


INVALID = {
    "score 7": (_set("scores", 0, "score", 7), r"scores\[0\]: field 'score' must be a number "
                                                r"from 0 to 5, not 7"),
    "unknown vendor key": (_set("scores", 3, "vendor", "v99"),
                           r"scores\[3\]: field 'vendor' refers to vendor 'v99', which is not"),
    "unknown participant key": (_set("responses", 2, "participant", "p42"),
                                r"responses\[2\]: field 'participant' refers to participant"),
    "unknown criterion": (_set("scores", 1, "criterion", "nope"),
                          r"scores\[1\]: field 'criterion' refers to criterion 'nope'"),
    "criterion in unknown category": (_set("criteria", 4, "category", "nope"),
                                      r"criteria\[4\]: field 'category' refers to category"),
    "weights for unknown level": (_set("weights", 0, "level", "nope"),
                                  r"weights\[0\]: field 'level' refers to category 'nope'"),
    "stage 9": (_set("targets", 1, "stage", 9),
                r"targets\[1\]: field 'stage' must be a stage of question bank 'maturity', "
                r"1 to 4, not 9"),
    "missing field": (_delete("participants", 0, "created_at"),
                      r"participants\[0\]: field 'created_at' is missing"),
    "unknown field": (_set("vendors", 0, "token", "abc"), r"vendors\[0\]: unknown field 'token'"),
    "value not int": (_set("responses", 0, "value", "4"),
                      r"responses\[0\]: field 'value' must be a whole number .* not '4'"),
    "value a float": (_set("responses", 0, "value", 3.5),
                      r"responses\[0\]: field 'value' must be a whole number"),
    "value true": (_set("responses", 0, "value", True),
                   r"responses\[0\]: field 'value' must be a whole number"),
    "value and don't know": (_set("responses", 0, "dont_know", True),
                             r"responses\[0\]: a value and “don't know” cannot both be given"),
    "boolean as number": (_set("vendors", 2, "archived", 1),
                          r"vendors\[2\]: field 'archived' must be true or false"),
    "payload not object": (_set("snapshots", 0, "payload", [1, 2]),
                           r"snapshots\[0\]: field 'payload' must be an object, not array"),
    "comment too long": (_set("responses", 0, "comment", "x" * (TEXT_MAX + 1)),
                         r"responses\[0\]: field 'comment' is 100,001 characters long"),
    "name too long": (_set("participants", 1, "name", "x" * (NAME_MAX + 1)),
                      r"participants\[1\]: field 'name' is 201 characters long"),
    "empty name": (_set("vendors", 0, "name", "   "), r"vendors\[0\]: field 'name' is empty"),
    "duplicate participant name": (_set("participants", 1, "name", "chief executive"),
                                   r"participants\[1\]: name 'chief executive' repeats "
                                   r"participants\[0\]"),
    "duplicate vendor key": (_set("vendors", 1, "key", "v1"),
                             r"vendors\[1\]: key 'v1' repeats vendors\[0\]"),
    "bad direction": (_set("criteria", 0, "direction", "up"),
                      r"criteria\[0\]: field 'direction' must be one of benefit, cost"),
    "negative weight": (lambda d: d["weights"][0]["weights"].update(x=-1),
                        r"weights\[0\]: field 'weights': the weight of 'x' must be "
                        r"a number from 0 to 1, not -1"),
    "bad timestamp": (_set("snapshots", 0, "taken_at", "yesterday"),
                      r"snapshots\[0\]: field 'taken_at' must be an ISO 8601 date"),
    "record not an object": (lambda d: d["targets"].__setitem__(0, "stage 3"),
                             r"targets\[0\] must be an object, not string"),
    "section not a list": (lambda d: d.__setitem__("vendors", {}),
                           r"backup: field 'vendors' must be an array, not object"),
    "engagement field wrong type": (lambda d: d["engagement"].__setitem__("purpose", 3),
                                    r"engagement: field 'purpose' must be text, not number"),
    "unknown top-level field": (lambda d: d.__setitem__("extra", 1),
                                r"backup: unknown field 'extra'"),
}


@pytest.mark.parametrize("change, message", INVALID.values(), ids=INVALID.keys())
def test_an_invalid_record_is_rejected_naming_it_and_nothing_changes(other, data, change,
                                                                     message):
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, json.dumps(resealed(data, change)))
    assert dump(other) == before


def test_a_failure_while_inserting_leaves_the_workspace_as_it_was(source, example_id, data,
                                                                   monkeypatch):
    # Every participant gets the same (existing) token: the second insert breaks UNIQUE
    # after the engagement and the first participant were written.
    taken = workspace.list_participants(source, example_id)[0].token
    monkeypatch.setattr(backup, "new_token", lambda: taken)
    before = dump(source)
    with pytest.raises(BackupError, match="could not be restored .*nothing was changed"):
        restore_engagement(source, data)
    assert dump(source) == before


@pytest.mark.parametrize("raw, message", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    (b"[1, 2]", "holds a JSON array, not an object"),
    (b'"backup"', "holds a JSON string, not an object"),
    (b'{"format": "something-else", "version": 1}', "not a SocialReady engagement backup"),
    (b'{"version": 1}', "field 'format' is None"),
    (b'{"format": "socialready-engagement-backup", "version": "1"}', "field 'version'"),
    (b'{"a": NaN}', "not valid JSON"),
    (b'{"a": 1, "a": 2}', "appears twice"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON|not an object"),
], ids=["not json", "not utf-8", "array", "string", "wrong format", "no format",
        "version as text", "NaN", "duplicate key", "deeply nested"])
def test_what_is_not_a_backup_is_rejected(other, raw, message):
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, raw)
    assert dump(other) == before


def test_a_backup_from_a_newer_version_is_rejected(other, data):
    newer = resealed(data, lambda d: d.__setitem__("version", backup.FORMAT_VERSION + 1))
    with pytest.raises(BackupError, match=re.escape(
            f"format version {backup.FORMAT_VERSION + 1}, written by a newer SocialReady")):
        restore_engagement(other, json.dumps(newer))


def test_an_oversized_backup_is_rejected_before_it_is_read(other, data):
    raw = plain_json(data)
    with pytest.raises(BackupError, match=f"the file is {len(raw):,} bytes; the limit is 1,000"):
        restore_engagement(other, raw, max_bytes=1_000)
    with pytest.raises(BackupError, match="the limit is 1,000"):
        restore_engagement(other, raw.decode("utf-8"), max_bytes=1_000)


def test_a_dict_that_is_not_json_is_rejected(other, data):
    data["snapshots"][0]["payload"]["bad"] = float("nan")
    with pytest.raises(BackupError, match="cannot be read as JSON"):
        restore_engagement(other, data)


def test_a_byte_order_mark_is_accepted(other, data):
    restored = restore_engagement(other, b"\xef\xbb\xbf" + plain_json(data))
    assert workspace.get_engagement(other, restored).name.endswith(" (restored)")


def test_backup_error_is_a_workspace_error_and_a_value_error():
    assert issubclass(BackupError, workspace.WorkspaceError)
    assert issubclass(BackupError, ValueError)


def test_exporting_a_missing_engagement_raises_not_found(fresh_db):
    with pytest.raises(workspace.NotFound):
        export_engagement(fresh_db, 999)


def test_a_huge_wrong_value_is_cut_short_in_the_message(other, data):
    broken = resealed(data, _set("responses", 0, "value", "9" * 100_000))
    with pytest.raises(BackupError, match=r"responses\[0\]: field 'value'") as error:
        restore_engagement(other, broken)
    assert len(str(error.value)) < 200


def test_a_workshops_own_weights_come_back_with_the_engagement(source, example_id, other):
    session = workspace.open_session(source, example_id, ["weights"], "categories", "ahp")
    person = workspace.join_session(source, session.code, "Workshop guest")
    workspace.save_participant_weights(source, person.id, "categories", "ahp",
                                       {"0,1": 3.0, "0,2": 1 / 5})
    restored = restore_engagement(other, backup_bytes(source, example_id))
    [guest] = [p for p in workspace.list_participants(other, restored)
               if p.name == "Workshop guest"]
    assert workspace.participant_weights(other, guest.id, "categories", "ahp") == {
        "0,1": 3.0, "0,2": 1 / 5}


def older(data: dict, version: int) -> dict:
    """``data`` as a file of an earlier format version would hold it."""
    def change(d):
        d["version"] = version
        del d["engagement"]["illustrative"], d["agreed_values"], d["workshop_records"]
        del d["audit_trail"], d["sign_offs"]
        del d["engagement"]["currency"], d["vendor_costs"], d["action_plan"]
        if version < 3:
            del d["banks"], d["engagement"]["culture_bank"], d["engagement"]["maturity_bank"]
        if version < 2:
            del d["participant_weights"]
    return resealed(data, change)


def test_a_version_1_backup_without_workshop_weights_still_restores(data, other):
    restored = restore_engagement(other, older(data, 1))
    assert len(workspace.list_participants(other, restored)) == len(data["participants"])


def test_a_version_2_backup_without_banks_restores_with_the_shipped_banks(data, other):
    restored = restore_engagement(other, plain_json(older(data, 2)))
    again = content(export_engagement(other, restored), " (restored)")
    # Older files do not say whether their data is illustrative: they restore as real data.
    assert again["engagement"].pop("illustrative") is False
    want = without_costs(content(data)) | {"audit_trail": []}     # older files carry neither
    want["engagement"] = {k: v for k, v in want["engagement"].items() if k != "illustrative"}
    assert again == want


def test_damaged_workshop_weights_are_rejected_and_nothing_changes(data, other):
    before = dump(other)
    bad = resealed(data, lambda d: d["participant_weights"].append(
        {"participant": "p1", "level": "categories", "method": "points",
         "inputs": {"adoption": 250}, "updated_at": "2026-11-26T10:00:00+00:00"}))
    with pytest.raises(BackupError, match=r"participant_weights\[0\]: Points must be whole"):
        restore_engagement(other, bad)
    assert dump(other) == before


# --- every value checked against its question bank, the maturity model and the app's shapes ----

def _first(section, test):
    """The index of the first record of ``section`` that ``test`` accepts."""
    def find(d):
        return next(i for i, record in enumerate(d[section]) if test(record))
    return find


def _set_where(section, test, field, value):
    def change(d):
        d[section][_first(section, test)(d)][field] = value
    return change


def _answered(bank):
    return lambda r: r["bank"] == bank and r["value"] is not None


def _weights(method):
    return lambda w: w["method"] == method


def _set_input(method, name, key_of, value):
    """Set one value of what was entered for the first weight set of ``method``."""
    def change(d):
        inputs = d["weights"][_first("weights", _weights(method))(d)]["inputs"]
        table = inputs.setdefault(name, {})
        table[key_of(table)] = value
    return change


OUTSIDE_THE_MODEL = {
    "culture answer 77 on a 1-5 item": (
        _set_where("responses", _answered("culture"), "value", 77),
        r"responses\[\d+\]: field 'value' must be an answer on the scale of question bank "
        r"'culture', 1 to 5, not 77"),
    "culture answer 0": (
        _set_where("responses", _answered("culture"), "value", 0),
        r"responses\[\d+\]: field 'value' .* 1 to 5, not 0"),
    "maturity stage 9": (
        _set_where("responses", _answered("maturity"), "value", 9),
        r"responses\[\d+\]: field 'value' .* question bank 'maturity', 1 to 4, not 9"),
    "unknown item": (
        _set_where("responses", _answered("culture"), "item", "c99"),
        r"responses\[\d+\]: field 'item' refers to 'c99', which the question bank 'culture' "
        r"does not have"),
    "a maturity competency answered in the culture bank": (
        _set_where("responses", _answered("culture"), "item", "strategy"),
        r"field 'item' refers to 'strategy', which the question bank 'culture'"),
    "unknown bank": (
        _set_where("responses", _answered("culture"), "bank", "culture_v9"),
        r"responses\[\d+\]: field 'bank' refers to question bank 'culture_v9', which is "
        r"neither shipped with SocialReady nor in the backup"),
    "target for an unknown competency": (
        _set("targets", 0, "area", "telepathy"),
        r"targets\[0\]: field 'area' refers to 'telepathy', which the question bank "
        r"'maturity' does not have"),
    "target in the culture bank": (
        _set("targets", 0, "bank", "culture"),
        r"targets\[0\]: field 'bank' refers to 'culture', a likert bank"),
    "snapshot score as text": (
        lambda d: d["snapshots"][0]["payload"].update(culture_overall="high"),
        r"snapshots\[0\]: field 'payload': .*field 'culture_overall' must be a score from 0 "
        r"to 100 or null, not 'high'"),
    "snapshot score 250": (
        lambda d: d["snapshots"][0]["payload"]["culture"].update(open_sharing=250),
        r"snapshots\[0\]: field 'payload': .*field 'culture' 'open_sharing' must be a score"),
    "snapshot stage 7": (
        lambda d: d["snapshots"][0]["payload"].update(maturity_overall=7),
        r"snapshots\[0\]: field 'payload': .*'maturity_overall' must be a stage from 0"),
    "snapshot of something else": (
        lambda d: d["snapshots"][0].update(payload={"culture": [1, 2]}),
        r"snapshots\[0\]: field 'payload': .*field 'culture' must be a table"),
    "snapshot with an unknown field": (
        lambda d: d["snapshots"][0]["payload"].update(html="<b>"),
        r"snapshots\[0\]: field 'payload': .*no field 'html'"),
    "direct value beyond the Weights page's boxes": (
        _set_input("direct", "values", lambda t: next(iter(t)), 1e300),
        r"weights\[\d+\]: The value entered for .* must be a number from 0 to 1,000,000"),
    "points over 100": (
        _set_input("points", "points", lambda t: next(iter(t)), 250),
        r"weights\[\d+\]: The points for .* must be a whole number from 0 to 100, not 250"),
    "AHP judgment of 0": (
        lambda d: d["weights"][0].update(method="ahp", inputs={
            "judgments": {"0,1": 0}, "method": "eigenvector", "order": ["a", "b"]}),
        r"weights\[0\]: The judgment 0,1 must lie between 1/9 and 9, not 0"),
    "AHP judgment keyed backwards": (
        lambda d: d["weights"][0].update(method="ahp", inputs={"judgments": {"1,0": 3}}),
        r"weights\[0\]: A judgment must be keyed by two positions, the first smaller"),
    "AHP priority method unknown": (
        lambda d: d["weights"][0].update(method="ahp", inputs={"method": "vibes"}),
        r"weights\[0\]: The AHP method must be one of eigenvector, geometric"),
    "input of another method": (
        lambda d: d["weights"][0]["inputs"].update(judgments={}),
        r"weights\[0\]: \w+ weights have no input 'judgments'"),
    "weight above 1": (
        lambda d: d["weights"][0]["weights"].update({next(iter(d["weights"][0]["weights"])): 1.5}),
        r"weights\[0\]: field 'weights': the weight of .* must be a number from 0 to 1"),
    "culture questionnaire on the maturity bank": (
        lambda d: d["engagement"].update(culture_bank="maturity"),
        r"engagement: field 'culture_bank' refers to 'maturity', a staged bank; the culture "
        r"questionnaire needs a likert bank"),
    "a bank choice nobody has": (
        lambda d: d["engagement"].update(maturity_bank="maturity_v2"),
        r"engagement: field 'maturity_bank' refers to question bank 'maturity_v2', which is "
        r"neither shipped"),
}


@pytest.mark.parametrize("change, message", OUTSIDE_THE_MODEL.values(),
                         ids=OUTSIDE_THE_MODEL.keys())
def test_a_value_outside_its_bank_or_model_is_rejected_naming_it_and_nothing_changes(
        other, data, change, message):
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, resealed(data, change))
    assert dump(other) == before


# --- the banks an engagement uses travel with it ------------------------------------------------

def shipped_data(name: str, new_id: str, title: str) -> dict:
    data = tomllib.loads((BANKS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    data["bank"]["id"], data["bank"]["title"] = new_id, title
    return data


def install(db, data: dict) -> None:
    header = data["bank"]
    workspace.install_bank(db, header["id"], header["kind"], header["title"], header["version"],
                           data)


def seven_point_culture(title: str = "Culture, 7 points") -> dict:
    """A culture bank on a 7-point scale with one statement reworded and one more."""
    data = shipped_data("culture", "culture_seven", title)
    data["scale"]["labels"] = [f"Level {n}" for n in range(1, 8)]
    data["scale"]["translations"] = {"de": {"labels": [f"Stufe {n}" for n in range(1, 8)]}}
    data["dimensions"][0]["items"][0]["text"] = "We share drafts with anyone who asks."
    data["dimensions"][1]["items"].append({"id": "c31", "text": "A new statement.",
                                           "reverse": True})
    return data


def five_stage_names_maturity() -> dict:
    data = shipped_data("maturity", "maturity_plain", "Maturity in plain words")
    data["stages"][3]["name"] = "Networked"
    return data


def readiness(db, engagement_id: int) -> dict:
    """What the readiness report shows, computed from the engagement's own banks."""
    engagement = workspace.get_engagement(db, engagement_id)
    culture_bank = workspace.read_bank(db, engagement.culture_bank)
    maturity_bank = workspace.read_bank(db, engagement.maturity_bank)
    culture = assessments.score(culture_bank, workspace.engagement_responses(
        db, engagement_id, culture_bank.id))
    maturity = assessments.score(maturity_bank, workspace.engagement_responses(
        db, engagement_id, maturity_bank.id), workspace.get_targets(
        db, engagement_id, maturity_bank.id))
    return {"culture bank": (culture_bank.title, culture_bank.labels),
            "maturity bank": (maturity_bank.title, [s.name for s in maturity_bank.stages]),
            "overall": culture.overall, "dimensions": culture.dimensions,
            "items": culture.items, "stage": maturity.overall_stage,
            "competencies": maturity.competencies, "distribution": maturity.distribution}


def assert_same_readiness(got: dict, expected: dict) -> None:
    """Equal to the last bit: the same banks, scores, bands, stages and distributions."""
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(got[key], value, check_exact=True, obj=key)
        elif isinstance(value, float) and value != value:
            assert got[key] != got[key], key
        else:
            assert got[key] == value, key


@pytest.fixture
def custom(fresh_db):
    """An engagement answering installed banks (a 7-point culture bank, a renamed maturity
    bank), with targets, and earlier answers to the shipped culture bank."""
    install(fresh_db, seven_point_culture())
    install(fresh_db, five_stage_names_maturity())
    engagement = workspace.create_engagement(fresh_db, "Contoso pulse")
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank="culture_seven",
                                   maturity_bank="maturity_plain")
    answers = []
    for n in range(6):
        person = workspace.add_participant(fresh_db, engagement.id, f"Leader {n}")
        answers += [workspace.Answer(person.id, "culture_seven", item.id, 1 + (n + k) % 7)
                    for k, item in enumerate(assessments.parse_bank(
                        seven_point_culture()).items)]
        answers += [workspace.Answer(person.id, "maturity_plain", c.id, 1 + (n * k) % 4)
                    for k, c in enumerate(assessments.load_bank("maturity").competencies)]
        answers.append(workspace.Answer(person.id, "culture", "c01", 1 + n % 5))
    workspace.save_answers(fresh_db, answers)
    workspace.set_target(fresh_db, engagement.id, "maturity_plain", "strategy", 4)
    return fresh_db, engagement.id


def test_a_backup_carries_the_bank_choice_and_the_installed_banks_it_uses(custom):
    db, engagement_id = custom
    document = json.loads(gzip.decompress(backup_bytes(db, engagement_id)))
    assert document["version"] == backup.FORMAT_VERSION
    assert (document["engagement"]["culture_bank"],
            document["engagement"]["maturity_bank"]) == ("culture_seven", "maturity_plain")
    carried = {entry["id"]: entry for entry in document["banks"]}
    assert set(carried) == {"culture_seven", "maturity_plain"}
    assert assessments.parse_bank(carried["culture_seven"]["data"]) == workspace.read_bank(
        db, "culture_seven")


def test_a_restored_engagement_shows_exactly_what_the_original_showed(custom, tmp_path):
    db, engagement_id = custom
    fresh = workspace.open_workspace(tmp_path / "fresh.db", seed_example_engagement=False)
    restored = restore_engagement(fresh, backup_bytes(db, engagement_id))
    again = workspace.get_engagement(fresh, restored)
    assert (again.culture_bank, again.maturity_bank) == ("culture_seven", "maturity_plain")
    assert_same_readiness(readiness(fresh, restored), readiness(db, engagement_id))
    assert content(export_engagement(fresh, restored)) == content(
        export_engagement(db, engagement_id))


def test_a_different_bank_of_the_same_id_is_kept_and_the_carried_one_installed_beside_it(
        custom, tmp_path):
    db, engagement_id = custom
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    theirs = seven_point_culture("Their own 7-point culture")
    theirs["dimensions"][0]["importance"] = 1
    install(other, theirs)
    their_engagement = workspace.create_engagement(other, "Theirs")
    workspace.set_engagement_banks(other, their_engagement.id, culture_bank="culture_seven")
    person = workspace.add_participant(other, their_engagement.id, "Their leader")
    workspace.save_answers(other, [workspace.Answer(person.id, "culture_seven", "c31", 7)])
    theirs_before = readiness(other, their_engagement.id)

    restored = restore_engagement(other, backup_bytes(db, engagement_id))
    again = workspace.get_engagement(other, restored)
    assert (again.culture_bank, again.maturity_bank) == ("culture_seven_restored",
                                                         "maturity_plain")
    assert_same_readiness(readiness(other, restored), readiness(db, engagement_id))
    assert_same_readiness(readiness(other, their_engagement.id), theirs_before)
    assert workspace.read_bank(other, "culture_seven").title == "Their own 7-point culture"
    # The restored answers went with the restored bank's id.
    assert set(workspace.engagement_responses(other, restored, "culture_seven_restored")
               ["participant"]) == {f"Leader {n}" for n in range(6)}
    assert workspace.engagement_responses(other, restored, "culture_seven").empty


def test_a_restore_that_may_not_install_banks_refuses_one_that_needs_them(custom, tmp_path):
    """Someone who is not the administrator restores (install_banks=False): a backup whose
    banks are installed here as carried restores; one that would install a bank for every
    engagement is refused whole."""
    db, engagement_id = custom
    raw = backup_bytes(db, engagement_id)
    restore_engagement(db, raw, install_banks=False)          # its banks are here already
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    with pytest.raises(BackupError, match="installing a bank .* is for the administrator"):
        restore_engagement(other, raw, install_banks=False)
    assert workspace.list_engagements(other) == []
    assert workspace.list_installed_banks(other) == []


def test_restoring_again_reuses_the_banks_it_installed(custom, tmp_path):
    db, engagement_id = custom
    raw = backup_bytes(db, engagement_id)
    restore_engagement(db, raw)                          # same installation: same banks
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    install(other, seven_point_culture("Another"))
    for _ in range(2):
        restore_engagement(other, raw)
    assert [b.id for b in workspace.list_installed_banks(db)] == ["culture_seven",
                                                                  "maturity_plain"]
    assert [b.id for b in workspace.list_installed_banks(other)] == [
        "culture_seven", "culture_seven_restored", "maturity_plain"]


def test_a_long_bank_id_is_shortened_to_take_the_suffix(fresh_db, tmp_path):
    long_id = "c" * 40
    install(fresh_db, shipped_data("culture", long_id, "Long"))
    engagement = workspace.create_engagement(fresh_db, "Long ids")
    workspace.set_engagement_banks(fresh_db, engagement.id, culture_bank=long_id)
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    install(other, shipped_data("culture", long_id, "Different"))
    restored = restore_engagement(other, backup_bytes(fresh_db, engagement.id))
    assert workspace.get_engagement(other, restored).culture_bank == "c" * 31 + "_restored"


def _carried(change):
    def alter(d):
        change(d["banks"][0])
    return alter


CARRIED_BANKS_CHECKED = {
    "a broken bank": (_carried(lambda b: b["data"]["scale"].update(labels=["Yes"])),
                      r"backup: banks\[0\]: field 'data': scale: field 'labels' must list 3 to "
                      r"11"),
    "a shipped id": (_carried(lambda b: (b.update(id="culture"),
                                         b["data"]["bank"].update(id="culture"))),
                     r"backup: banks\[0\]: field 'id' 'culture' is a bank shipped"),
    "an id that is not the data's": (_carried(lambda b: b.update(id="culture_eight")),
                                     r"backup: banks\[0\]: field 'id' is 'culture_eight', but "
                                     r"the bank's data says 'culture_seven'"),
    "another kind": (_carried(lambda b: b.update(kind="staged")),
                     r"backup: banks\[0\]: field 'kind' is 'staged', but the bank's data says "
                     r"'likert'"),
    "a bank the engagement does not use": (
        lambda d: d["banks"].append({**d["banks"][0], "id": "culture_spare", "data": {
            **d["banks"][0]["data"], "bank": {**d["banks"][0]["data"]["bank"],
                                             "id": "culture_spare"}}}),
        r"backup: banks\[2\]: the engagement does not use the question bank 'culture_spare'"),
    "an answer above the carried bank's scale": (
        _set_where("responses", _answered("culture_seven"), "value", 8),
        r"responses\[\d+\]: field 'value' must be an answer on the scale of question bank "
        r"'culture_seven', 1 to 7, not 8"),
}


@pytest.mark.parametrize("change, message", CARRIED_BANKS_CHECKED.values(),
                         ids=CARRIED_BANKS_CHECKED.keys())
def test_a_carried_bank_is_checked_like_an_uploaded_one_and_nothing_changes(
        custom, tmp_path, change, message):
    db, engagement_id = custom
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, resealed(export_engagement(db, engagement_id), change))
    assert dump(other) == before


def test_an_older_backup_is_checked_against_the_banks_installed_here(custom, tmp_path):
    db, engagement_id = custom
    old = older(export_engagement(db, engagement_id), 2)
    other = workspace.open_workspace(tmp_path / "other.db", seed_example_engagement=False)
    with pytest.raises(BackupError, match=r"responses\[\d+\]: field 'bank' refers to question "
                                          r"bank 'culture_seven', which is not installed here, "
                                          r"and backups before format version 3 do not carry"):
        restore_engagement(other, old)
    install(other, seven_point_culture())
    install(other, five_stage_names_maturity())
    restored = restore_engagement(other, old)
    assert len(workspace.engagement_responses(other, restored, "culture_seven")) == 6 * 31


@pytest.fixture
def agreed_source(source, example_id):
    """The example after a workshop that agreed on a culture statement and a vendor score,
    closed with its record."""
    from tests.conftest import agreed_workshop

    agreed_workshop(source, example_id)
    return source


def test_agreed_values_and_workshop_records_travel_in_the_backup(agreed_source, example_id,
                                                                 other):
    from outcomes import gather

    data = export_engagement(agreed_source, example_id)
    assert [a["value"] for a in data["agreed_values"]] == [4.0, 2.5]
    assert data["agreed_values"][1]["vendor"] == "v1"
    [record] = data["workshop_records"]
    restored = restore_engagement(other, backup_bytes(agreed_source, example_id))
    again = export_engagement(other, restored)
    assert again["agreed_values"] == data["agreed_values"]
    assert again["workshop_records"] == [record]
    mine, theirs = gather.readiness(agreed_source, example_id), gather.readiness(other, restored)
    assert theirs.agreed.equals(mine.agreed)
    assert theirs.culture.items.loc["c01", "score"] == mine.culture.items.loc["c01", "score"]
    assert gather.platforms(other, restored).agreed.equals(
        gather.platforms(agreed_source, example_id).agreed)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["agreed_values"][0].__setitem__("value", 9), r"agreed_values\[0\]: field "
                                                               r"'value'.*1 to 5"),
    (lambda d: d["agreed_values"][0].__setitem__("item", "c99"), "does not have"),
    (lambda d: d["agreed_values"][0].__setitem__("bank", "maturity"), "culture bank"),
    (lambda d: d["agreed_values"][1].__setitem__("vendor", "v999"), "a vendor and a criterion"),
    (lambda d: d["agreed_values"][1].__setitem__("value", 7.5), r"0 to 5"),
    (lambda d: d["agreed_values"].append(dict(d["agreed_values"][0])), "repeats"),
    (lambda d: d["workshop_records"][0]["payload"].pop("aggregate"), "'aggregate' is missing"),
    (lambda d: d["workshop_records"][0]["payload"]["people"].__setitem__("count", "3"),
     "people.count"),
])
def test_a_bad_agreed_value_or_record_is_refused_and_nothing_changes(agreed_source, example_id,
                                                                     other, change, message):
    data = export_engagement(agreed_source, example_id)
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, resealed(data, change))
    assert dump(other) == before


def without_costs(body: dict) -> dict:
    """``body`` as a file before cost data (format 4 without it) restores: no costs, the
    default currency."""
    return {**body, "vendor_costs": [], "engagement": {**body["engagement"],
                                                       "currency": "EUR"}}


def test_a_version_3_backup_without_workshop_records_still_restores(data, other):
    restored = restore_engagement(other, older(data, 3))
    again = content(export_engagement(other, restored), " (restored)")
    assert again["engagement"].pop("illustrative") is False     # as real data, see above
    want = without_costs(content(data)) | {"audit_trail": []}
    want["engagement"] = {k: v for k, v in want["engagement"].items() if k != "illustrative"}
    assert again == want


@pytest.fixture
def signed_source(source, example_id):
    """The example with a weight changed (with a note) and its decision signed off."""
    from outcomes import decision_record

    workspace.update_criterion(source, example_id, "sso", min_score=2, actor="Bo",
                               note="=cmd|' /C calc'!A0 <b>bold</b>")
    decision_record.sign_off(source, example_id, "Ana Board", "Approved at the 3 May board")
    return source


def test_the_audit_trail_and_sign_offs_travel_in_the_backup(signed_source, example_id, other):
    data = export_engagement(signed_source, example_id)
    assert data["audit_trail"][-1]["note"] == "=cmd|' /C calc'!A0 <b>bold</b>"
    assert data["audit_trail"][-1]["actor"] == "Bo"
    assert any(r["vendor"] == "v1" for r in data["audit_trail"])
    [signed] = data["sign_offs"]
    assert signed["signed_by"] == "Ana Board"
    restored = restore_engagement(other, backup_bytes(signed_source, example_id))
    again = export_engagement(other, restored)
    assert again["audit_trail"] == data["audit_trail"]
    assert again["sign_offs"] == data["sign_offs"]
    assert len(workspace.audit.audit_trail(other, restored)) == len(data["audit_trail"])


@pytest.mark.parametrize("change, message", [
    (lambda d: d["audit_trail"][0].__setitem__("kind", "password"), r"audit_trail\[0\]"),
    (lambda d: d["audit_trail"][-1].__setitem__("vendor", "v999"), "vendor 'v999'"),
    (lambda d: d["sign_offs"][0]["payload"].pop("ranking"), r"sign_offs\[0\].*ranking"),
    (lambda d: d["sign_offs"][0]["payload"]["weights"].__setitem__("sso", "heavy"),
     r"sign_offs\[0\].*number"),
    (lambda d: d["sign_offs"][0].__setitem__("signed_by", ""), r"sign_offs\[0\]"),
])
def test_a_bad_trail_row_or_sign_off_is_refused_and_nothing_changes(signed_source, example_id,
                                                                    other, change, message):
    data = export_engagement(signed_source, example_id)
    data["audit_trail"][-1]["vendor"] = "v1"
    data["checksum"] = checksum(data)
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, resealed(data, change))
    assert dump(other) == before


@pytest.fixture
def planned_source(source, example_id):
    """The example with a currency, and an action plan entry whose owner is hostile text."""
    from outcomes import actions, gather

    workspace.costs.set_currency(source, example_id, "CHF")
    first = actions.plan_frame(gather.readiness(source, example_id), "2026-11-30").iloc[0]
    workspace.actions.save_plan(source, example_id, first["key"], '=cmd|"/c calc"!A1 <b>',
                                "2026-10-01", "under way")
    return source


def test_costs_currency_and_action_plan_travel_in_the_backup(planned_source, example_id,
                                                              other):
    from outcomes import gather, value

    data = export_engagement(planned_source, example_id)
    assert data["engagement"]["currency"] == "CHF"
    assert len(data["vendor_costs"]) == 6 and len(data["action_plan"]) == 1
    restored = restore_engagement(other, backup_bytes(planned_source, example_id))
    assert content(export_engagement(other, restored), " (restored)") == content(data)
    mine = value.value_for_money(gather.platforms(planned_source, example_id))
    theirs = value.value_for_money(gather.platforms(other, restored))
    assert theirs.currency == "CHF"
    assert value.value_table(theirs).texts() == value.value_table(mine).texts()
    assert workspace.actions.action_plan(other, restored)["owner"].tolist() == [
        '=cmd|"/c calc"!A1 <b>']


@pytest.mark.parametrize("change, message", [
    (lambda d: d["vendor_costs"][0].__setitem__("users", -3), r"vendor_costs\[0\]: The "
                                                               r"number of users cannot be "
                                                               r"negative"),
    (lambda d: d["vendor_costs"][0].__setitem__("licence", "cheap"), "must be a number"),
    (lambda d: d["vendor_costs"][1].__setitem__("horizon", 99), "most this app accepts"),
    (lambda d: d["vendor_costs"][0].__setitem__("vendor", "v999"), "refers to vendor"),
    (lambda d: d["vendor_costs"].append(dict(d["vendor_costs"][0])), "repeats"),
    (lambda d: d["engagement"].__setitem__("currency", "euro"), "three-letter ISO code"),
    (lambda d: d["action_plan"][0].__setitem__("status", "finished"), "status must be one of"),
    (lambda d: d["action_plan"][0].__setitem__("due", "31/12/2026"), "YYYY-MM-DD"),
    (lambda d: d["action_plan"][0].__setitem__("owner", 7), "owner must be text"),
    (lambda d: d["action_plan"][0].__setitem__("owner", "x" * 300), "keep it to 200"),
    (lambda d: d["action_plan"].append(dict(d["action_plan"][0])), "repeats"),
])
def test_bad_costs_or_plan_entries_are_refused_and_nothing_changes(planned_source, example_id,
                                                                    other, change, message):
    data = export_engagement(planned_source, example_id)
    before = dump(other)
    with pytest.raises(BackupError, match=message):
        restore_engagement(other, resealed(data, change))
    assert dump(other) == before
