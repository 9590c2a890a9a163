"""Opening an uploaded Excel workbook defensively, for every import of the app.

An upload is checked for what it really is before openpyxl sees it: magic bytes, a zip that
does not unpack to something huge, and one streaming pass over its XML parts (expat, no tree
built) that rejects any DTD or entity declaration (entity expansion: "billion laughs") and
measures the workbook: sheets, cells and the text in them across all sheets, a shared string
counted once per cell that shows it. Only a workbook within :data:`MAX_SHEETS`,
:data:`MAX_CELLS` and :data:`MAX_TEXT` is loaded, with formulas kept as formulas
(``data_only=False``) so none is ever evaluated; sheets are then checked for size and for
formulas, which no import accepts. openpyxl must parse through defusedxml (it does when the
package is installed): without it nothing is opened. Callers pass their own ``fail`` so
messages name their file, sheet and cell.
"""
from __future__ import annotations

import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

MAX_UNPACKED_BYTES = 50_000_000
MAX_SHEET_CELLS = 250_000
# Across the whole workbook. The largest documented engagement (200 vendors x 200 criteria)
# makes a score template of 2 sheets and 241,014 cells, holding 31 million characters when
# each of its 40,000 scores has 750 characters of evidence; a bank workbook has 6 to 8 sheets
# of a few thousand cells.
MAX_SHEETS = 32
MAX_CELLS = 300_000
MAX_TEXT = 40_000_000
SIGNATURES = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
              (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"),
              (b"\xd0\xcf\x11\xe0", "an old-style .xls or a password-protected workbook"),
              (b"PK\x03\x04", "a zip archive such as an Excel workbook"))
_CHUNK = 1 << 16
_SHEET_ROOTS = ("worksheet", "chartsheet", "dialogsheet")


class UnsafeParser(RuntimeError):
    """openpyxl would parse uploads without defusedxml (entity expansion possible)."""


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


def check_defused() -> None:
    """Make sure openpyxl parses workbooks through defusedxml.

    Raises:
        UnsafeParser: the ``defusedxml`` package is missing, or openpyxl was told not to use
            it (``OPENPYXL_DEFUSEDXML`` set to anything but ``True``).
    """
    import openpyxl.xml
    from openpyxl.reader import excel, strings
    from openpyxl.worksheet import _reader

    parsers = [strings.iterparse, _reader.iterparse]
    if not openpyxl.xml.LXML:          # with lxml, fromstring never resolves entities
        parsers.append(excel.fromstring)
    if not openpyxl.xml.DEFUSEDXML or not all(
            getattr(p, "__module__", "").startswith("defusedxml") for p in parsers):
        raise UnsafeParser(
            "workbook uploads are turned off: openpyxl is not parsing through defusedxml, so "
            "a workbook could expand XML entities without limit; install the defusedxml "
            "package (and leave OPENPYXL_DEFUSEDXML unset) where SocialReady runs")


@dataclass
class WorkbookSize:
    """What a streaming pass over a workbook's XML found."""
    sheets: int = 0
    cells: int = 0
    text: int = 0                                  # characters, shared strings per use
    declaration: str | None = None                 # the part that declares a DTD or entity


class _Declared(Exception):
    """Raised from an expat handler to stop at a DTD or entity declaration."""


class _Enough(Exception):
    """Raised from an expat handler once the workbook has more cells than accepted."""


class _Part:
    """Counts one XML part as expat streams it (handlers keep no tree)."""

    def __init__(self, shared_uses: Counter, shared_lengths: list[int], cells_left: int):
        self.root: str | None = None
        self.cells_left = cells_left
        self.sheets = self.cells = self.text = 0
        self.shared_uses, self.shared_lengths = shared_uses, shared_lengths
        self._depth = 0
        self._cell_type: str | None = None
        self._in_value = self._in_text = False
        self._value: list[str] = []
        self._shared: int | None = None           # length of the <si> being read

    def start(self, name: str, attributes: dict) -> None:
        local = name.rpartition("}")[2].rpartition(":")[2]
        self._depth += 1
        if self._depth == 1:
            self.root = local
        if self.root in _SHEET_ROOTS:
            if local == "c":
                self.cells += 1
                if self.cells > self.cells_left:
                    raise _Enough
                self._cell_type = attributes.get("t", "n")
            elif local == "v":
                self._in_value, self._value = True, []
            elif local == "t":
                self._in_text = True
        elif self.root == "workbook" and local == "sheet":
            self.sheets += 1
        elif self.root == "sst":
            if local == "si":
                self._shared = 0
            elif local == "t":
                self._in_text = True

    def end(self, name: str) -> None:
        local = name.rpartition("}")[2].rpartition(":")[2]
        self._depth -= 1
        if local == "t":
            self._in_text = False
        elif local == "v" and self._in_value:
            self._in_value = False
            value = "".join(self._value)
            if self._cell_type == "s":
                index = value.strip()
                if index.isascii() and index.isdigit() and len(index) < 10:
                    self.shared_uses[int(index)] += 1
            else:
                self.text += len(value)
        elif local == "si" and self._shared is not None:
            self.shared_lengths.append(self._shared)
            self._shared = None

    def data(self, text: str) -> None:
        if self._in_value:
            self._value.append(text)
        elif self._in_text:
            if self._shared is not None:
                self._shared += len(text)
            else:
                self.text += len(text)


def _declared(*_args) -> None:
    raise _Declared


def _looks_like_xml(head: bytes) -> bool:
    head = head.lstrip(b" \t\r\n")
    return head.startswith((b"<", b"\x00<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def measure(archive: zipfile.ZipFile) -> WorkbookSize:
    """Stream every XML part of ``archive`` once and measure the workbook.

    Stops at the first part that declares a DTD or an entity (``declaration`` names it), and
    as soon as the cells exceed :data:`MAX_CELLS`. A part expat cannot parse is counted up to
    the error: openpyxl will reject it in turn.
    """
    size = WorkbookSize()
    shared_uses: Counter = Counter()
    shared_lengths: list[int] = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as member:
            chunk = member.read(_CHUNK)
            if not _looks_like_xml(chunk):
                continue
            part = _Part(shared_uses, shared_lengths, MAX_CELLS - size.cells)
            parser = expat.ParserCreate(namespace_separator="}")
            parser.buffer_text = True
            parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
            parser.StartDoctypeDeclHandler = _declared
            parser.EntityDeclHandler = _declared
            parser.StartElementHandler = part.start
            parser.EndElementHandler = part.end
            parser.CharacterDataHandler = part.data
            try:
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = member.read(_CHUNK)
                parser.Parse(b"", True)
            except _Declared:
                size.declaration = info.filename
                return size
            except _Enough:
                size.cells += part.cells
                return size
            except expat.ExpatError:
                pass
        size.sheets += part.sheets
        size.cells += part.cells
        size.text += part.text
    size.text += sum(shared_lengths[i] * uses for i, uses in shared_uses.items()
                     if i < len(shared_lengths))
    return size


def open_upload(data: bytes, fail: Callable[[str], Exception], document: str, advice: str,
                text: str = "plain text") -> Workbook:
    """Open ``data`` as an .xlsx or raise ``fail(message)``.

    ``document`` names what the upload should be ("a score template") and ``advice`` says
    what to upload instead; ``text`` is how plain-text uploads are described. The message
    names the limit a rejected workbook breaks (unpacked size, DTD or entity declarations,
    sheets, cells or characters across the workbook).

    Without defusedxml behind openpyxl nothing is opened: every upload is refused with
    :func:`check_defused`'s message, which says what to install.
    """
    try:
        check_defused()
    except UnsafeParser as error:
        raise fail(str(error)) from None
    if not data.startswith(b"PK\x03\x04"):
        raise fail(f"this is not an Excel workbook (.xlsx){looks_like(data, text)}; {advice}")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            size = measure(archive) if unpacked <= MAX_UNPACKED_BYTES else None
    except Exception as error:   # zipfile, zlib, bz2 and lzma raise many types for damage
        raise fail(f"this is not an Excel workbook (.xlsx): the file is damaged "
                   f"({type(error).__name__}: {str(error)[:120]})") from None
    if size is None:
        raise fail(f"the workbook unpacks to {unpacked / 1e6:.0f} MB; {document} "
                   f"unpacks to far less than {MAX_UNPACKED_BYTES / 1e6:g} MB")
    _check_size(size, fail, document)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(BytesIO(data), data_only=False, keep_links=False)
    except Exception as error:   # openpyxl raises many types for files it cannot read
        raise fail("this is not an Excel workbook (.xlsx) that can be read "
                   f"({type(error).__name__}: {str(error)[:200]}); save it as an Excel "
                   "workbook (.xlsx) and upload it again") from None


def _check_size(size: WorkbookSize, fail: Callable[[str], Exception], document: str) -> None:
    if size.declaration is not None:
        raise fail(f"the part {size.declaration} declares a DTD or XML entities, which Excel "
                   "never writes and which can expand to gigabytes (an entity bomb); save "
                   "the workbook again in Excel or LibreOffice and upload that")
    if size.sheets > MAX_SHEETS:
        raise fail(f"the workbook has {size.sheets:,} sheets; at most {MAX_SHEETS} are "
                   f"accepted ({document} has far fewer)")
    if size.cells > MAX_CELLS:
        raise fail(f"the workbook holds more than {MAX_CELLS:,} cells across its sheets, the "
                   f"most accepted ({document} has far fewer)")
    if size.text > MAX_TEXT:
        raise fail(f"the workbook's cells hold {size.text:,} characters of text across its "
                   f"sheets; at most {MAX_TEXT:,} are accepted")


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
