"""Opening an uploaded Excel workbook defensively, for every import of the app.

An upload is checked for what it really is before openpyxl sees it (magic bytes, a zip that
does not unpack to something huge), opened with formulas kept as formulas (``data_only=False``)
so none is ever evaluated, and sheets are checked for size and for formulas, which no import
accepts. Callers pass their own ``fail`` so messages name their file, sheet and cell.
"""
from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

MAX_UNPACKED_BYTES = 50_000_000
MAX_SHEET_CELLS = 250_000
SIGNATURES = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
              (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"),
              (b"\xd0\xcf\x11\xe0", "an old-style .xls or a password-protected workbook"),
              (b"PK\x03\x04", "a zip archive such as an Excel workbook"))


def looks_like(data: bytes, text: str = "plain text") -> str:
    """What the bytes are, as a phrase to append to a rejection ("" when unknown)."""
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            return f": it is {what}"
    if not data:
        return ": the file is empty"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 4090:     # not just a character cut in half at the end
            return ""
    return f": it is {text}"


def open_upload(data: bytes, fail: Callable[[str], Exception], document: str, advice: str,
                text: str = "plain text") -> Workbook:
    """Open ``data`` as an .xlsx or raise ``fail(message)``.

    ``document`` names what the upload should be ("a score template") and ``advice`` says
    what to upload instead; ``text`` is how plain-text uploads are described.
    """
    if not data.startswith(b"PK\x03\x04"):
        raise fail(f"this is not an Excel workbook (.xlsx){looks_like(data, text)}; {advice}")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise fail(f"this is not an Excel workbook (.xlsx): the file is damaged "
                   f"({error})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise fail(f"the workbook unpacks to {unpacked / 1e6:.0f} MB; {document} "
                   f"unpacks to far less than {MAX_UNPACKED_BYTES / 1e6:g} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(BytesIO(data), data_only=False, keep_links=False)
    except Exception as error:   # openpyxl raises many types for files it cannot read
        raise fail("this is not an Excel workbook (.xlsx) that can be read "
                   f"({type(error).__name__}: {error}); save it as an Excel workbook "
                   "(.xlsx) and upload it again") from None


def formula_in(ws: Worksheet) -> tuple[str, str] | None:
    """The first cell of ``ws`` holding a formula, as (coordinate, formula text shortened)."""
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if (cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula))
                    or (isinstance(value, str) and value.startswith("="))):
                text = str(getattr(value, "text", value))
                return cell.coordinate, text if len(text) <= 60 else f"{text[:57]}..."
    return None


def too_large(ws: Worksheet) -> int | None:
    """The sheet's cell count when it is far larger than any template (else None)."""
    cells = ws.max_row * ws.max_column
    return cells if cells > MAX_SHEET_CELLS else None
