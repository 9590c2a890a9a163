"""Where everything goes on a board-pack slide, shared by the PowerPoint deck and the PDF.

Distances are points on a 16:9 page of 960 x 540 points (13.333 x 7.5 inches). Text is
measured with :mod:`reports.textfit`, so what is placed here fits when drawn: long text
wraps, a table keeps the rows that fit and says how many it leaves out, and font sizes
shrink only down to a floor that reads on a projector.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reports.formats import Column, Table
from reports.pack import Block, Bullets, Chart, Columns, Headline, Metrics, Slide, TableBlock
from reports.textfit import LINE_HEIGHT, clip, text_width, wrap

WIDTH, HEIGHT = 960.0, 540.0
MARGIN = 40.0
GAP = 18.0
FONT = "Arial"                   # the deck's font; the PDF draws Liberation Sans (same metrics)
# The app's colours: its accent (headings, rules), text and muted text.
ACCENT = "1F6F8B"
INK = "222222"
MUTED = "555555"
LIGHT = "F4F6F8"
RULE = "D0D7DE"

SECTION_SIZE, TITLE_SIZE, MESSAGE_SIZE, FOOTER_SIZE = 11.0, 26.0, 15.0, 9.0
SECTION_Y = 26.0
TITLE_Y = 40.0
BODY_BOTTOM = HEIGHT - 40.0
FOOTER_Y = HEIGHT - 22.0
TABLE_SIZES = (14.0, 12.0, 11.0)
BULLET_SIZES = (16.0, 14.0, 12.0, 11.0)
CELL_PAD_X, CELL_PAD_Y = 5.0, 3.0
MAX_CELL_LINES = 3
METRIC_HEIGHT = 72.0


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Lines:
    """Text placed in a box: its lines, size and whether bold."""
    lines: list[str]
    size: float
    bold: bool = False

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LINE_HEIGHT


@dataclass(frozen=True)
class Heading:
    """The slide's section label, title and message, with the y where the body starts."""
    section: Lines
    title: Lines
    message: Lines
    title_y: float
    message_y: float
    body_y: float


def heading(slide: Slide) -> Heading:
    """The title on at most two lines (shrinking to 20 pt first), the message on at most
    three, and where the body starts below them."""
    width = WIDTH - 2 * MARGIN
    size = TITLE_SIZE
    title = wrap(slide.title, width, size, bold=True)
    while len(title) > 1 and size > 20:
        size -= 2
        title = wrap(slide.title, width, size, bold=True)
    title = clip(title, 2, width, size, bold=True)
    message_size = MESSAGE_SIZE
    message = wrap(slide.message, width, message_size)
    if len(message) > 2:
        message_size = 13.0
        message = wrap(slide.message, width, message_size)
    message = clip(message, 3, width, message_size)
    title_lines = Lines(title, size, bold=True)
    message_y = TITLE_Y + title_lines.height + 6
    message_lines = Lines(message, message_size)
    body_y = message_y + (message_lines.height if slide.message else 0) + 14
    return Heading(Lines([slide.section.upper()], SECTION_SIZE, bold=True), title_lines,
                   message_lines, TITLE_Y, message_y, body_y)


def _weight(block: Block) -> float:
    if isinstance(block, Chart):
        return 1.25
    if isinstance(block, TableBlock):
        return max(1.0, min(1.6, sum(_natural(c, block)[0] for c in block.columns()) / 420))
    if isinstance(block, Bullets):
        return 0.75
    return 1.0


def body(slide: Slide, top: float) -> list[tuple[Block, Box]]:
    """Each block with its box: rows of headline numbers across the top, then the other
    blocks side by side (a chart a little wider than a table), a list of columns alone."""
    placed: list[tuple[Block, Box]] = []
    y = top
    width = WIDTH - 2 * MARGIN
    for block in slide.blocks:
        if isinstance(block, Metrics):
            height = metrics_height(block, width)
            placed.append((block, Box(MARGIN, y, width, height)))
            y += height + GAP
    panels = [b for b in slide.blocks if not isinstance(b, Metrics)]
    if not panels:
        return placed
    height = BODY_BOTTOM - y
    weights = [_weight(b) for b in panels]
    free = width - GAP * (len(panels) - 1)
    x = MARGIN
    for block, weight in zip(panels, weights):
        w = free * weight / sum(weights)
        placed.append((block, Box(x, y, w, height)))
        x += w + GAP
    return placed


# --- headline numbers -----------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    box: Box
    label: Lines
    value: Lines
    caption: Lines


def cards(block: Metrics, box: Box) -> list[Card]:
    """Headline numbers as cards: up to four in a row, else rows of three; a value too
    wide for its card shrinks (to 14 pt) and wraps, a caption wraps in full (the box from
    :func:`metrics_height` has room for it)."""
    per_row, rows = _card_grid(block)
    height = (box.h - (rows - 1) * 10) / rows
    width = (box.w - (per_row - 1) * 12) / per_row
    out = []
    for index, item in enumerate(block.items):
        row, column = divmod(index, per_row)
        label, value, caption = _card_text(item, width - 20)
        out.append(Card(Box(box.x + column * (width + 12), box.y + row * (height + 10), width,
                            height), label, value, caption))
    return out


def metrics_height(block: Metrics, width: float) -> float:
    """The height of ``block``'s cards across ``width``: each row as tall as its longest
    card (at least :data:`METRIC_HEIGHT`), so no caption is cut."""
    per_row, rows = _card_grid(block)
    inner = (width - (per_row - 1) * 12) / per_row - 20
    heights = [max([METRIC_HEIGHT] + [
        12 + sum(lines.height for lines in _card_text(item, inner))
        for item in list(block.items)[row * per_row:(row + 1) * per_row]]) for row in range(rows)]
    return max(heights) * rows + (rows - 1) * 10


def _card_grid(block: Metrics) -> tuple[int, int]:
    """Cards per row and rows: up to four in one row, else rows of three."""
    count = len(block.items)
    per_row = count if count <= 4 else 3
    return per_row, (count + per_row - 1) // per_row


def _card_text(item: Headline, inner: float) -> tuple[Lines, Lines, Lines]:
    """A card's label, value and caption laid out in ``inner`` points."""
    size = 24.0
    value = wrap(item.value, inner, size, bold=True)
    while len(value) > 1 and size > 14:
        size -= 2
        value = wrap(item.value, inner, size, bold=True)
    value = Lines(clip(value, 2 if size <= 16 else 1, inner, size, bold=True), size, bold=True)
    label = Lines(clip(wrap(item.label, inner, 11), 1, inner, 11), 11)
    return label, value, Lines(wrap(item.caption, inner, 9.5) if item.caption else [], 9.5)


# --- bullets --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlacedBullet:
    marker: str
    text: Lines
    detail: Lines
    y: float


@dataclass(frozen=True)
class BulletLayout:
    heading: Lines | None
    items: list[PlacedBullet]
    size: float
    omitted: int


def bullets(block: Bullets, box: Box, largest: float = BULLET_SIZES[0]) -> BulletLayout:
    """The list at the largest size (up to ``largest``) at which every point fits the box,
    down to 11 pt; points that still do not fit are left out and counted."""
    sizes = [size for size in BULLET_SIZES if size <= largest] or [BULLET_SIZES[-1]]
    for size in sizes:
        layout = _bullets_at(block, box, size)
        if not layout.omitted:
            return layout
    return layout


def bullet_size(placed: Sequence[tuple[Block, Box]]) -> float:
    """One size for every list on a slide: the largest at which each of them fits."""
    sizes = [bullets(block, box).size for block, box in placed if isinstance(block, Bullets)]
    for block, box in placed:
        if isinstance(block, Columns):
            sizes += [bullets(column, inner).size for column, inner in
                      zip(block.columns, columns_boxes(block, box))]
    return min(sizes, default=BULLET_SIZES[0])


def _bullets_at(block: Bullets, box: Box, size: float) -> BulletLayout:
    y = box.y
    head = None
    if block.heading:
        head = Lines(wrap(block.heading, box.w, size, bold=True)[:2], size, bold=True)
        y += head.height + 4
    indent = size * (1.6 if block.numbered else 1.1)
    inner = box.w - indent
    items = []
    omitted = 0
    for number, item in enumerate(block.items, start=1):
        text = Lines(clip(wrap(item.text, inner, size), 3, inner, size), size)
        detail_size = max(9.0, size - 3)
        detail = Lines(clip(wrap(item.detail, inner, detail_size), 2, inner, detail_size)
                       if item.detail else [], detail_size)
        need = text.height + detail.height + size * 0.5
        if y + need > box.y + box.h + 0.5:
            omitted = len(block.items) - number + 1
            break
        items.append(PlacedBullet(f"{number}." if block.numbered else "•", text, detail, y))
        y += need
    return BulletLayout(head, items, size, omitted)


# --- tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableLayout:
    """A table fitted to its box: the columns, their widths, the header and each row's
    cells as lines, each row's height, the font size, and how many rows are left out."""
    columns: list[Column]
    widths: list[float]
    header: list[list[str]]
    rows: list[list[list[str]]]
    heights: list[float]
    header_height: float
    size: float
    omitted: int
    heading: Lines | None
    note: Lines | None = None

    @property
    def height(self) -> float:
        return self.header_height + sum(self.heights)


@lru_cache(maxsize=64)
def _texts(table: Table) -> list[list[str]]:
    """A table's cells as shown, once per table (a table is measured many times)."""
    return table.texts()


def _natural(column: Column, block: TableBlock, size: float = 11.0) -> tuple[float, float]:
    """(natural width, minimum width) of a column at ``size``: the widest cell or header,
    and for text the widest word (numbers never wrap)."""
    index = list(block.table.columns).index(column)
    cells = [row[index] for row in _texts(block.table)[:60]]
    pad = 2 * CELL_PAD_X + 2
    header = text_width(column.label, size, bold=True)
    header_word = max(text_width(w, size, bold=True) for w in column.label.split() or [""])
    widest = max([text_width(c, size) for c in cells] + [0.0])
    if column.kind.numeric:
        return max(widest, header) + pad, max(widest, header_word) + pad
    words = [text_width(w, size) for c in cells for w in c.split()[:12]]
    return (max(widest, header) + pad,
            min(max(words + [header_word, 40.0]), 160) + pad)


def _widths(block: TableBlock, width: float, size: float) -> list[float]:
    columns = block.columns()
    natural = [_natural(c, block, size) for c in columns]
    total = sum(n for n, _ in natural)
    if total <= width:
        # Room to spare goes to the text columns.
        texts = [i for i, c in enumerate(columns) if not c.kind.numeric] or list(
            range(len(columns)))
        spare = width - total
        text_total = sum(natural[i][0] for i in texts)
        return [n + (spare * n / text_total if i in texts else 0)
                for i, (n, _) in enumerate(natural)]
    # Too wide: each column gives up part of what it has beyond its minimum (numbers
    # never wrap, headers wrap at spaces), text columns first.
    minimum = [m for _, m in natural]
    out = [n for n, _ in natural]
    for numeric in (False, True):
        excess = sum(out) - width
        if excess <= 0:
            break
        slack = {i: out[i] - minimum[i] for i, c in enumerate(columns)
                 if c.kind.numeric == numeric and out[i] > minimum[i]}
        total = sum(slack.values())
        for i, room in slack.items():
            out[i] -= min(room, excess * room / total)
    scale = min(1.0, width / sum(out))
    return [w * scale for w in out]


def table(block: TableBlock, box: Box) -> TableLayout:
    """The table at the largest size (14, 12, 11 pt) at which every row asked for fits
    (``block.rows``, else all), else at 11 pt with the rows that fit (``omitted`` says how
    many rows of the table are not shown)."""
    wanted = len(block.table) if block.rows is None else min(block.rows, len(block.table))
    for size in TABLE_SIZES:
        layout = _table_at(block, box, size)
        if len(layout.rows) >= wanted:
            return layout
    return layout


def _cell_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    inner = width - 2 * CELL_PAD_X
    return clip(wrap(text, inner, size, bold), MAX_CELL_LINES, inner, size, bold)


def _table_at(block: TableBlock, box: Box, size: float) -> TableLayout:
    columns = block.columns()
    indexes = [list(block.table.columns).index(c) for c in columns]
    widths = _widths(block, box.w, size)
    y = box.y
    head = None
    if block.heading:
        head = Lines([block.heading], size + 1, bold=True)
        y += head.height + 4
    line = size * LINE_HEIGHT
    header = [_cell_lines(c.label, w, size, bold=True) for c, w in zip(columns, widths)]
    header_height = max(len(h) for h in header) * line + 2 * CELL_PAD_Y + 2
    # Room for the table's note (what to read with care) and the line that says how many
    # rows are left out.
    note = None
    if block.table.note:
        note = Lines(clip(wrap(block.table.note, box.w, 10), 3, box.w, 10), 10)
    bottom = box.y + box.h - line - 4 - (note.height + 4 if note else 0)
    rows, heights = [], []
    texts = _texts(block.table)
    limit = len(texts) if block.rows is None else min(block.rows, len(texts))
    used = y + header_height
    for row in texts[:limit]:
        cells = [_cell_lines(row[i], w, size) for i, w in zip(indexes, widths)]
        height = max(len(c) for c in cells) * line + 2 * CELL_PAD_Y + 2
        if used + height > bottom:
            break
        rows.append(cells)
        heights.append(height)
        used += height
    return TableLayout(columns, widths, header, rows, heights, header_height, size,
                       len(texts) - len(rows), head, note)


def omitted_note(count: int, total: int) -> str:
    """What a page says under a table it could not show whole."""
    return (f"First {total - count} of {total} rows shown; the HTML report and the workbook "
            "have every row.")


def chart_box(chart: Chart, box: Box) -> Box:
    """A chart's box, less the line under it that says what it shows."""
    return Box(box.x, box.y, box.w, box.h - (16 if chart.note else 0))


def columns_boxes(block: Columns, box: Box) -> list[Box]:
    """The columns of a :class:`Columns` block, side by side."""
    count = max(1, len(block.columns))
    width = (box.w - GAP * (count - 1)) / count
    return [Box(box.x + i * (width + GAP), box.y, width, box.h) for i in range(count)]


def footer_text(left: str, page: int, pages: int) -> tuple[str, str]:
    return left, f"{page} / {pages}"


def hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def kinds(blocks: Sequence[Block]) -> set[type]:
    return {type(b) for b in blocks}
