"""The backup file: gzip of compact JSON, written and verified in pieces, read within limits.

A backup document is a JSON object whose ``checksum`` field is the SHA-256 of the canonical
JSON (sorted keys, no spaces, UTF-8) of every other field. The file holds exactly that text
with the checksum added as the last field, gzip-compressed. Writing and checking the checksum
go through :func:`canonical_pieces`, so neither ever builds the whole text at once; reading
unpacks the file a megabyte at a time and stops at :data:`MAX_JSON_BYTES`, so a small file
that unpacks to gigabytes (a "gzip bomb") is refused before it fills memory. Files written
before compression (plain JSON, indented) are read too.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from datafiles import too_deep as nested_too_deep
from workspace.errors import WorkspaceError

GZIP_MAGIC = b"\x1f\x8b"
# What the Exports page accepts, compressed or not. A backup of the largest engagement the
# benchmark builds (200 vendors x 200 criteria, 2,000 respondents) is under 1 MB compressed;
# the limit also admits the plain JSON files written before compression (32 MB at that size).
MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * 2**20
# The JSON inside a compressed file: it bounds the memory a restore can be made to use, and a
# backup larger than this is not written (it could not be restored). A pulse campaign of
# 50,000 respondents (the most a campaign takes) is about 29 MB of JSON: the limit holds
# eight of them beside the rest of an engagement.
MAX_JSON_BYTES = 256 * 2**20
READ_CHUNK = 2**20
WRITE_BUFFER = 2**20
# Records serialized per piece: large enough to keep the JSON encoder in C, small enough that
# no piece of a large engagement's text is big.
RECORDS_PER_PIECE = 2_000
COMPRESS_LEVEL = 6
# A backup nests objects and arrays about 6 levels deep (snapshot payloads, AHP inputs); far
# deeper is damage, and Python's JSON reader and writer would run out of recursion on it.
MAX_NESTING = 64


class BackupError(WorkspaceError):
    """A backup cannot be written or restored; the message says what is wrong and where."""


# --- canonical text and checksum -------------------------------------------------------------

def canonical(value: Any) -> str:
    """The canonical JSON of ``value``: sorted keys, no spaces, non-ASCII kept, no NaN.

    Raises:
        ValueError: NaN or infinity; TypeError: a value JSON cannot hold.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def canonical_pieces(body: dict[str, Any]) -> Iterator[str]:
    """``canonical(body)`` in pieces whose concatenation is exactly that text; long arrays
    are cut every :data:`RECORDS_PER_PIECE` elements.

    Raises:
        ValueError, TypeError: as :func:`canonical`.
    """
    yield "{"
    for number, key in enumerate(sorted(body)):
        value = body[key]
        yield ("," if number else "") + canonical(key) + ":"
        if isinstance(value, list) and len(value) > RECORDS_PER_PIECE:
            for start in range(0, len(value), RECORDS_PER_PIECE):
                text = canonical(value[start:start + RECORDS_PER_PIECE])
                yield ("[" if start == 0 else ",") + text[1:-1]
            yield "]"
        else:
            yield canonical(value)
    yield "}"


def checksum(document: dict[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of ``document`` without its ``checksum`` field.

    Raises:
        ValueError: NaN, infinity or text that is not valid Unicode; TypeError: a value JSON
            cannot hold.
    """
    digest = hashlib.sha256()
    for piece in canonical_pieces({k: v for k, v in document.items() if k != "checksum"}):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()


# --- writing -----------------------------------------------------------------------------------

def _amount(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 10 * 2**20 else f"{size:,} bytes"


def _too_large(what: str, limit: int) -> BackupError:
    return BackupError(
        f"backup: this engagement would be a file of more than {_amount(limit)} {what}, more "
        "than a restore accepts, so no backup file was written. Back up the whole "
        "workspace instead (python -m workspace copy), or move finished pulse campaigns to "
        "an engagement of their own")


class _Counted:
    """``out`` for the compressed bytes, refusing more than ``limit`` of them."""

    def __init__(self, out: IO[bytes], limit: int) -> None:
        self.out, self.limit, self.written = out, limit, 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.written > self.limit:
            raise _too_large("compressed", self.limit)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def write_backup(body: dict[str, Any], out: IO[bytes], max_json_bytes: int | None = None,
                 max_file_bytes: int | None = None) -> str:
    """Write ``body`` (a document without checksum) to ``out`` as a compressed backup file
    with its checksum; return the checksum.

    A file that a restore would refuse, its JSON more than ``max_json_bytes``
    (:data:`MAX_JSON_BYTES`) or the file more than ``max_file_bytes`` (:data:`MAX_FILE_BYTES`),
    is not written whole: a backup that cannot be restored is worse than none.

    Raises:
        BackupError: the body holds a value JSON cannot carry (NaN, infinity), or the file
            would be larger than a restore accepts (``out`` then holds a part: throw it away).
    """
    limit = MAX_JSON_BYTES if max_json_bytes is None else max_json_bytes
    counted = _Counted(out, MAX_FILE_BYTES if max_file_bytes is None else max_file_bytes)
    digest = hashlib.sha256()
    buffered: list[bytes] = []
    size = total = 0
    with gzip.GzipFile(fileobj=counted, mode="wb", compresslevel=COMPRESS_LEVEL,
                       mtime=0) as packed:
        try:
            pieces = _with_last(canonical_pieces(body))
            for piece, last in pieces:
                data = piece.encode("utf-8")
                digest.update(data)
                if last:       # the closing brace: the checksum goes in before it
                    data = b',"checksum":"' + digest.hexdigest().encode("ascii") + b'"}'
                buffered.append(data)
                size += len(data)
                total += len(data)
                if total > limit:
                    raise _too_large("of text", limit)
                if size >= WRITE_BUFFER or last:
                    packed.write(b"".join(buffered))
                    buffered, size = [], 0
        except BackupError:
            raise
        except (TypeError, ValueError) as error:
            raise BackupError(f"backup: the engagement holds a value that JSON cannot carry "
                              f"(NaN, infinity or broken text): {error}") from error
    return digest.hexdigest()


def _with_last(pieces: Iterator[str]) -> Iterator[tuple[str, bool]]:
    """Each piece with True for the last one."""
    previous = next(pieces)
    for piece in pieces:
        yield previous, False
        previous = piece
    yield previous, True


def backup_file(body: dict[str, Any], max_json_bytes: int | None = None,
                max_file_bytes: int | None = None) -> bytes:
    """``body`` as the bytes of a compressed backup file (see :func:`write_backup`).

    Raises:
        BackupError: the body holds a value JSON cannot carry, or is larger than a restore
            accepts.
    """
    out = io.BytesIO()
    write_backup(body, out, max_json_bytes, max_file_bytes)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------------

def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


SHARED_TEXT_MAX = 64


def _object_reader() -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A JSON object hook that refuses a key given twice, and keeps one copy of each short
    text: in a large backup the same participant keys, bank and item ids and timestamps
    repeat hundreds of thousands of times (a third of the memory a restore needs)."""
    shared: dict[str, str] = {}

    def read(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {show(key)} appears twice in one object")
            if type(value) is str and len(value) <= SHARED_TEXT_MAX:
                value = shared.setdefault(value, value)
            result[key] = value
        return result
    return read


def unpack(raw: bytes, max_json_bytes: int = MAX_JSON_BYTES) -> bytearray:
    """The JSON bytes inside a compressed backup, read a megabyte at a time.

    Raises:
        BackupError: the file is not valid gzip, or unpacks to more than ``max_json_bytes``
            (then no more than that and one chunk were ever held in memory).
    """
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw), mode="rb") as packed:
            while chunk := packed.read(READ_CHUNK):
                if len(out) + len(chunk) > max_json_bytes:
                    raise BackupError(
                        f"backup: the compressed file unpacks to more than "
                        f"{max_json_bytes:,} bytes, the limit; it was refused without "
                        "unpacking the rest (it is damaged, or not a SocialReady backup)")
                out += chunk
    except (OSError, EOFError, zlib.error) as error:
        raise BackupError(f"backup: the file starts like a gzip file but cannot be unpacked "
                          f"({error}); it is damaged") from None
    return out


def read_document(data: bytes | bytearray | memoryview | str | dict[str, Any], *,
                  max_bytes: int = MAX_FILE_BYTES,
                  max_json_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """The JSON object of a backup: compressed or plain file bytes, text, or a parsed dict.

    ``max_bytes`` bounds the file as given (compressed or not), ``max_json_bytes`` the JSON
    a compressed file unpacks to.

    Raises:
        BackupError: too large, not gzip or JSON, not an object, or nested too deeply.
    """
    if isinstance(data, dict):
        # Round trip through JSON so that what is checked and stored is plain JSON data.
        if too_deep(data):
            raise BackupError(f"backup: the data is nested more than {MAX_NESTING} levels "
                              "deep; it is not a SocialReady engagement backup")
        try:
            text = canonical(data)
        except (TypeError, ValueError) as error:
            raise BackupError(f"backup: the data cannot be read as JSON: {error}") from error
        size = len(text.encode("utf-8", "surrogatepass"))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data) if isinstance(data, memoryview) else data
        size = len(raw)
        if size > max_bytes:
            raise BackupError(f"backup: the file is {size:,} bytes; the limit is {max_bytes:,}")
        if raw[:2] == GZIP_MAGIC:
            raw = unpack(raw, max_json_bytes)
            size = 0                    # the unpacked size is bounded by max_json_bytes
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BackupError(f"backup: the file is not UTF-8 text (byte {error.start} cannot "
                              "be read); it is not a SocialReady backup") from error
        del raw
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
        size = len(text.encode("utf-8", "surrogatepass"))
    else:
        raise BackupError(f"backup: expected the file's bytes, text or a dict, not "
                          f"{type(data).__name__}")
    if size > max_bytes:
        raise BackupError(f"backup: the file is {size:,} bytes; the limit is {max_bytes:,}")
    try:
        parsed = json.loads(text, object_pairs_hook=_object_reader(),
                            parse_constant=_reject_constant)
    except RecursionError as error:
        raise BackupError("backup: the file is not valid JSON (nested too deeply)") from error
    except ValueError as error:
        raise BackupError(f"backup: the file is not valid JSON ({error})") from error
    if not isinstance(parsed, dict):
        raise BackupError(f"backup: the file holds a JSON {kind(parsed)}, not an object; "
                          "it is not a SocialReady engagement backup")
    if too_deep(parsed):
        raise BackupError(f"backup: the file nests values more than {MAX_NESTING} levels "
                          "deep; it is not a SocialReady engagement backup")
    return parsed


def too_deep(value: Any) -> bool:
    """True when objects and arrays nest more than :data:`MAX_NESTING` levels."""
    return nested_too_deep(value, MAX_NESTING)


def show(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut short: a message must stay readable whatever the file holds."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):      # an int of over 4,300 digits, deep nesting
        text = f"a {kind(value)} too large to show"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null", dict: "object"}.get(type(value), type(value).__name__)
