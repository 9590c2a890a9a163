"""The board pack as a PDF for executives: the same slides, charts as vectors.

Each page (16:9, 960 x 540 points) is laid out by :mod:`reports.pack_layout` and drawn by
fpdf2: text as text in Liberation Sans (metric-compatible with the deck's Arial), embedded
once per document from ``assets/fonts`` (nothing beyond Python wheels is needed). Each chart
is the app's own Altair chart, rendered to a PDF page by vl-convert (vectors) and laid onto
its box by pypdf. Drawing the page text through vl-convert too cost about 0.15 ms a
character (a page of method notes took over a second); fpdf2 takes milliseconds a page.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reports import pack_layout as layout
from reports.images import chart_svg as rendered
from reports.pack import Bullets, Chart, Columns, Deck, Metrics, Slide, TableBlock
from reports.pack_layout import ACCENT, INK, LIGHT, MUTED, RULE, Box, Lines
from reports.textfit import LINE_HEIGHT

FONT = "Liberation"
FONT_FILES = {"": "LiberationSans-Regular.ttf", "B": "LiberationSans-Bold.ttf"}
FONT_FOLDER = Path(__file__).resolve().parent / "fonts"     # licence beside the files
# Characters a PDF text string cannot hold (controls, lone surrogates, non-characters).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ASCENT = 0.905          # Liberation Sans: the baseline sits this far below a line's top


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters both of the font's faces can draw."""
    from fontTools.ttLib import TTFont

    faces = [set(TTFont(FONT_FOLDER / name).getBestCmap()) for name in FONT_FILES.values()]
    return frozenset(set.intersection(*faces))


def _clean(text: object) -> str:
    """``text`` as the page can set it: no control or invisible formatting characters, and
    a "?" for a character the font cannot draw (a CJK name would otherwise vanish)."""
    covered = _covered()
    return "".join(
        char if ord(char) in covered else " " if char.isspace()
        else "" if unicodedata.category(char) in ("Cf", "Cc") else "?"
        for char in _NOT_TEXT.sub("", str(text)))


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


@dataclass
class Page:
    """One page being drawn: shapes and text straight onto the PDF, charts kept for later
    (a vl-convert PDF page each, laid over their box when the document is joined)."""
    pdf: object
    charts: list[tuple[bytes, Box]] = field(default_factory=list)

    def rect(self, box: Box, fill: str, stroke: str | None = None, radius: float = 0) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*_rgb(fill))
        if stroke:
            pdf.set_draw_color(*_rgb(stroke))
            pdf.set_line_width(0.75)
        pdf.rect(box.x, box.y, box.w, box.h, style="DF" if stroke else "F",
                 round_corners=bool(radius), corner_radius=radius)

    def text(self, x: float, top: float, lines: Lines, color: str = INK,
             anchor: str = "start") -> float:
        """Draw ``lines`` from ``top`` down; returns the y below them."""
        pdf = self.pdf
        pdf.set_font(FONT, "B" if lines.bold else "", lines.size)
        pdf.set_text_color(*_rgb(color))
        for index, line in enumerate(lines.lines):
            text = _clean(line)
            if not text:
                continue
            baseline = top + index * lines.size * LINE_HEIGHT + lines.size * _ASCENT
            left = x - pdf.get_string_width(text) if anchor == "end" else x
            pdf.text(left, baseline, text)
        return top + lines.height


# --- blocks ----------------------------------------------------------------------------------

def _metrics(page: Page, block: Metrics, box: Box) -> None:
    for card in layout.cards(block, box):
        page.rect(card.box, LIGHT, RULE, radius=6)
        height = card.label.height + card.value.height + card.caption.height + 4
        y = card.box.y + (card.box.h - height) / 2
        x = card.box.x + 10
        y = page.text(x, y, card.label, MUTED) + 2
        y = page.text(x, y, card.value, INK) + 2
        page.text(x, y, card.caption, MUTED)


def _bullets(page: Page, block: Bullets, box: Box, size: float) -> None:
    placed = layout.bullets(block, box, size)
    if placed.heading:
        page.text(box.x, box.y, placed.heading, ACCENT)
    indent = placed.size * (1.6 if block.numbered else 1.1)
    for item in placed.items:
        page.text(box.x, item.y, Lines([item.marker], placed.size), INK)
        y = page.text(box.x + indent, item.y, item.text, INK)
        if item.detail.lines:
            page.text(box.x + indent, y, item.detail, MUTED)
    if placed.omitted:
        last = placed.items[-1] if placed.items else None
        y = (last.y + last.text.height + last.detail.height + 4) if last else box.y
        page.text(box.x, y, Lines([f"{placed.omitted} more not shown here (see the HTML "
                                   "report)."], 10), MUTED)


def _columns(page: Page, block: Columns, box: Box, size: float) -> None:
    for column, area in zip(block.columns, layout.columns_boxes(block, box)):
        page.rect(Box(area.x, area.y, area.w, 4), ACCENT)
        inner = Box(area.x, area.y + 10, area.w, area.h - 10)
        _bullets(page, column if column.items else Bullets([], heading=column.heading), inner,
                 size)
        if not column.items:
            page.text(inner.x, inner.y + 28, Lines([block.empty], 12), MUTED)


def _table(page: Page, block: TableBlock, box: Box) -> None:
    if block.table.empty:
        page.text(box.x, box.y, Lines([block.table.note or "Nothing to show."], 14), MUTED)
        return
    placed = layout.table(block, box)
    y = box.y
    if placed.heading:
        y = page.text(box.x, y, placed.heading, ACCENT) + 4

    def row(cells: list[list[str]], top: float, height: float, fill: str, color: str,
            bold: bool) -> None:
        page.rect(Box(box.x, top, sum(placed.widths), height), fill)
        x = box.x
        for column, lines, width in zip(placed.columns, cells, placed.widths):
            numeric = column.kind.numeric
            page.text(x + (width - layout.CELL_PAD_X if numeric else layout.CELL_PAD_X),
                      top + layout.CELL_PAD_Y, Lines(lines, placed.size, bold), color,
                      anchor="end" if numeric else "start")
            x += width

    row(placed.header, y, placed.header_height, ACCENT, "FFFFFF", True)
    y += placed.header_height
    for index, (cells, height) in enumerate(zip(placed.rows, placed.heights)):
        row(cells, y, height, "FFFFFF" if index % 2 == 0 else LIGHT, INK, False)
        y += height
    page.rect(Box(box.x, y, sum(placed.widths), 0.75), RULE)
    y += 4
    if placed.omitted:
        y = page.text(box.x, y, Lines([layout.omitted_note(placed.omitted,
                                                            len(block.table))], 10), MUTED) + 4
    if placed.note:
        page.text(box.x, y, placed.note, "7A5B00")


_SIZE = re.compile(r'^<svg([^>]*?)\swidth="([\d.]+)"\s+height="([\d.]+)"')


def _sized(svg: str) -> tuple[float, float, str, str]:
    """(width, height, the root's other attributes, the rest) of a vl-convert SVG."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    found = _SIZE.match(svg)
    if found is None:
        raise ValueError("vl-convert returned an SVG without a size")
    return float(found.group(2)), float(found.group(3)), found.group(1), svg[found.end():]


def _plot_height(spec: dict, rows: int) -> tuple[float, float] | None:
    """(plot height, the lowest it may go): a fixed height to half, rows of a band scale
    to 80 % of their step (a heatmap's cells hold three lines of text)."""
    height = spec.get("height")
    if isinstance(height, (int, float)):
        return float(height), float(height) * 0.5
    if isinstance(height, dict) and "step" in height:
        plot = float(height["step"]) * max(1, rows)
        return plot, plot * 0.8
    return None


def chart_svg(chart: Chart, box: Box) -> tuple[str, float, float]:
    """The app's chart for ``chart`` as an SVG document sized for ``box`` (vectors), with
    its width and height. A chart taller than the box is drawn again with a lower plot, so
    its text keeps its size."""
    drawn = chart.draw().properties(width=int(box.w))
    svg = rendered(drawn)
    width, height, _attributes, _rest = _sized(svg)
    found = _plot_height(drawn.to_dict(validate=False), len(chart.categories))
    if height > box.h * 1.02 and found is not None:
        plot, lowest = found
        lower = max(plot - (height - box.h), lowest, 80.0)
        svg = rendered(drawn.properties(height=int(lower)))
        width, height, _attributes, _rest = _sized(svg)
    return svg, width, height


def _chart(page: Page, chart: Chart, box: Box) -> None:
    if chart.draw is None:
        page.text(box.x, box.y, Lines([chart.title], 12, bold=True), INK)
        return
    import vl_convert

    svg, width, height = chart_svg(chart, box)
    # Fitted into the box as the deck fits it: whole, centred across, from the top.
    scale = min(box.w / width, box.h / height)
    placed = Box(box.x + (box.w - width * scale) / 2, box.y, width * scale, height * scale)
    page.charts.append((vl_convert.svg_to_pdf(svg), placed))


# --- pages ------------------------------------------------------------------------------------

def _title_page(deck: Deck, page: Page) -> None:
    page.rect(Box(0, 0, layout.WIDTH, layout.HEIGHT), LIGHT)
    page.rect(Box(0, 0, 14, layout.HEIGHT), ACCENT)
    x = layout.MARGIN + 30
    width = layout.WIDTH - 2 * layout.MARGIN - 40
    page.text(x, 120, Lines(["BOARD PACK"], 12, bold=True), ACCENT)
    y = page.text(x, 145, Lines(layout.clip(layout.wrap(deck.title, width, 36, bold=True), 3,
                                            width, 36, bold=True), 36, bold=True)) + 10
    if deck.subtitle:
        y = page.text(x, y, Lines(layout.clip(layout.wrap(deck.subtitle, width, 18), 1,
                                              width, 18), 18), MUTED) + 10
    if deck.purpose:
        y = page.text(x, y, Lines(layout.clip(layout.wrap(deck.purpose, width, 14), 5, width,
                                              14), 14)) + 12
    if deck.is_example:
        page.rect(Box(x, y, width, 30), "FFF6E0", radius=6)
        page.text(x + 10, y + 8, Lines(["Example engagement: the answers and scores are "
                                        "invented to illustrate the method; they are not "
                                        "analyst facts."], 12), "7A5B00")
    page.text(x, layout.HEIGHT - 80, Lines([f"Exported {deck.exported_on} · SocialReady"],
                                           12), MUTED)


def _page(deck: Deck, slide: Slide, number: int, count: int, page: Page) -> None:
    page.rect(Box(0, 0, layout.WIDTH, 6), ACCENT)
    placed_heading = layout.heading(slide)
    page.text(layout.MARGIN, layout.SECTION_Y - 12, placed_heading.section, ACCENT)
    page.text(layout.MARGIN, placed_heading.title_y, placed_heading.title, INK)
    if slide.message:
        page.text(layout.MARGIN, placed_heading.message_y, placed_heading.message, "333333")
    placed = layout.body(slide, placed_heading.body_y)
    size = layout.bullet_size(placed)
    for block, box in placed:
        if isinstance(block, Metrics):
            _metrics(page, block, box)
        elif isinstance(block, Bullets):
            _bullets(page, block, box, size)
        elif isinstance(block, Columns):
            _columns(page, block, box, size)
        elif isinstance(block, TableBlock):
            _table(page, block, box)
        elif isinstance(block, Chart):
            _chart(page, block, box)
        else:
            raise TypeError(f"a board-pack page cannot hold {type(block).__name__}")
    page.text(layout.MARGIN, layout.FOOTER_Y, Lines([deck.footer], layout.FOOTER_SIZE), MUTED)
    page.text(layout.WIDTH - layout.MARGIN, layout.FOOTER_Y,
              Lines([f"{number} / {count}"], layout.FOOTER_SIZE), MUTED, anchor="end")


def _document():
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="pt", format=(layout.HEIGHT, layout.WIDTH))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.c_margin = 0
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_FOLDER / name))
    return pdf


def _lay(writer, target, chart, box: Box, name: str) -> None:
    """Draw ``chart`` (a one-page PDF) onto ``target`` in ``box``, as a form XObject: the
    chart's own drawing, referenced once, not merged operator by operator (pypdf's merge
    parsed every content stream: a second for the example's seven charts)."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject,
                               FloatObject, NameObject)

    form = DecodedStreamObject()
    form.set_data(chart.get_contents().get_data())
    width, height = float(chart.mediabox.width), float(chart.mediabox.height)
    form.update({NameObject("/Type"): NameObject("/XObject"),
                 NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                  FloatObject(width), FloatObject(height)]),
                 NameObject("/Resources"): chart["/Resources"].clone(writer)})
    resources = target["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = writer._add_object(form)
    scale = box.w / width
    # PDF's y runs up from the bottom of the page.
    place = DecodedStreamObject()
    place.set_data(f"q {scale:.6f} 0 0 {scale:.6f} {box.x:.3f} "
                   f"{layout.HEIGHT - box.y - box.h:.3f} cm {name} Do Q".encode("ascii"))
    contents = target["/Contents"]
    streams = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) \
        else [contents]
    target[NameObject("/Contents")] = ArrayObject([*streams, writer._add_object(place)])


def deck_pdf(deck: Deck) -> bytes:
    """The pack as a PDF document (bytes), one 16:9 page per slide.

    Raises:
        TypeError: a slide holds something that is not a board-pack block.
    """
    from pypdf import PdfReader, PdfWriter

    pdf = _document()
    pdf.set_title(_NOT_TEXT.sub("", deck.title))      # document properties need no font
    pdf.set_author("SocialReady")
    pdf.set_subject("Board pack")
    pages = []
    count = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        pdf.add_page()
        page = Page(pdf)
        if slide.key == "title":
            _title_page(deck, page)
        else:
            _page(deck, slide, number, count, page)
        pages.append(page)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    number = 0
    for target, page in zip(writer.pages, pages):
        for data, box in page.charts:
            number += 1
            _lay(writer, target, PdfReader(io.BytesIO(data)).pages[0], box, f"/Chart{number}")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
