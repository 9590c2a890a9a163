"""The backup file: gzip of compact JSON, written and verified in pieces, read within limits."""
import gzip
import io
import json
import tracemalloc

import pytest

from tests.conftest import ROOT

from workspace import backup_file
from workspace.backup_file import (MAX_JSON_BYTES, RECORDS_PER_PIECE, BackupError, backup_file as
                                   file_of, canonical, canonical_pieces, checksum, read_document)


@pytest.mark.parametrize("records", [0, 1, RECORDS_PER_PIECE, RECORDS_PER_PIECE + 1,
                                     2 * RECORDS_PER_PIECE + 3])
def test_the_pieces_make_exactly_the_canonical_json(records):
    body = {"responses": [{"item": f"c{n}", "value": n, "text": "é ✓"} for n in range(records)],
            "engagement": {"name": "Zoë"}, "version": 3}
    assert "".join(canonical_pieces(body)) == canonical(body) == json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def test_the_file_is_the_canonical_json_with_the_checksum_last():
    body = {"b": [1, 2], "a": "x"}
    text = gzip.decompress(file_of(body)).decode("utf-8")
    assert text == canonical(body)[:-1] + f',"checksum":"{checksum(body)}"}}'


def test_the_same_content_gives_the_same_file():
    body = {"a": list(range(5_000))}
    assert file_of(body) == file_of(dict(body))


def test_a_value_json_cannot_carry_is_refused_when_writing():
    with pytest.raises(BackupError, match="cannot carry"):
        file_of({"a": float("nan")})


def test_a_compressed_and_a_plain_file_read_the_same():
    body = {"a": [1, "é"], "b": {"c": None}}
    plain = json.dumps(body, indent=2).encode()
    assert read_document(file_of(body)) == read_document(plain) | {
        "checksum": checksum(body)}


def _bomb(unpacked_mib: int) -> bytes:
    """A gzip file of ``unpacked_mib`` MiB of spaces (valid JSON whitespace), made of
    one-MiB members so that it is built without ever holding the unpacked text."""
    member = io.BytesIO()
    with gzip.GzipFile(fileobj=member, mode="wb", mtime=0) as packed:
        packed.write(b" " * 2**20)
    return member.getvalue() * unpacked_mib


def test_a_gzip_bomb_is_refused_without_unpacking_it_into_memory():
    bomb = _bomb(4_096)                                  # 4 GiB unpacked, 4 MiB packed
    assert len(bomb) < backup_file.MAX_FILE_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match=f"unpacks to more than {MAX_JSON_BYTES:,} bytes, "
                                              "the limit; it was refused"):
            read_document(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What was unpacked before the limit, with a bytearray's growth margin: never the 4 GiB.
    assert peak < MAX_JSON_BYTES * 1.25 + len(bomb) + 2**24


def test_the_unpacked_limit_can_be_lowered():
    with pytest.raises(BackupError, match="more than 1,000,000 bytes"):
        read_document(_bomb(2), max_json_bytes=1_000_000)


@pytest.mark.parametrize("damage", [lambda raw: raw[:len(raw) // 2],
                                    lambda raw: raw[:-5] + b"\0" * 5,
                                    lambda raw: raw[:10] + b"\xff" * 20 + raw[30:]],
                         ids=["truncated", "wrong length", "scrambled"])
def test_a_damaged_gzip_file_is_refused_as_damaged(damage):
    raw = file_of({"a": list(range(1_000))})
    with pytest.raises(BackupError, match="cannot be unpacked .* it is damaged"):
        read_document(damage(raw))


def test_a_compressed_file_over_the_file_limit_is_refused_before_unpacking():
    with pytest.raises(BackupError, match="the limit is 100"):
        read_document(file_of({"a": list(range(1_000))}), max_bytes=100)


def test_the_readme_states_the_limits_the_restore_enforces():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"up to {backup_file.MAX_FILE_MB} MB per file" in readme
    assert f"passes {MAX_JSON_BYTES // 2**20} MB of JSON" in readme
