"""The board pack as a PDF for executives: the same slides, charts as vectors.

Each page is composed as SVG (16:9, 960 x 540 points) from :mod:`reports.pack_layout`, with
the app's own Altair chart rendered by vl-convert and nested as SVG; vl-convert turns each
page into a PDF page (text stays text, fonts embedded: Liberation Sans ships inside
vl-convert, so nothing beyond Python wheels is needed) and pypdf joins the pages.
"""
from __future__ import annotations

import html
import io
import re

from reports import pack_layout as layout
from reports.images import chart_svg as rendered
from reports.pack import Bullets, Chart, Columns, Deck, Metrics, Slide, TableBlock
from reports.pack_layout import ACCENT, INK, LIGHT, MUTED, RULE, Box, Lines
from reports.textfit import LINE_HEIGHT

FONT = layout.PDF_FONT
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ASCENT = 0.905          # Liberation Sans: the baseline sits this far below a line's top


def _escape(text: object) -> str:
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


class Page:
    """One page's SVG elements, in drawing order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, box: Box, fill: str, stroke: str | None = None, radius: float = 0) -> None:
        line = f' stroke="#{stroke}" stroke-width="0.75"' if stroke else ""
        self.parts.append(f'<rect x="{box.x:.2f}" y="{box.y:.2f}" width="{box.w:.2f}" '
                          f'height="{box.h:.2f}" rx="{radius}" fill="#{fill}"{line}/>')

    def text(self, x: float, top: float, lines: Lines, color: str = INK,
             anchor: str = "start") -> float:
        """Draw ``lines`` from ``top`` down; returns the y below them."""
        weight = ' font-weight="bold"' if lines.bold else ""
        for index, line in enumerate(lines.lines):
            baseline = top + index * lines.size * LINE_HEIGHT + lines.size * _ASCENT
            self.parts.append(
                f'<text x="{x:.2f}" y="{baseline:.2f}" font-family="{FONT}" '
                f'font-size="{lines.size:g}"{weight} fill="#{color}" '
                f'text-anchor="{anchor}" xml:space="preserve">{_escape(line)}</text>')
        return top + lines.height

    def svg(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.WIDTH:g}" '
                f'height="{layout.HEIGHT:g}" viewBox="0 0 {layout.WIDTH:g} {layout.HEIGHT:g}">'
                f'<rect width="100%" height="100%" fill="#FFFFFF"/>' + "".join(self.parts)
                + "</svg>")


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


def chart_svg(chart: Chart, box: Box) -> str:
    """The app's chart for ``chart`` as a nested SVG in ``box`` (vectors). A chart taller
    than the box is drawn again with a lower plot, so its text keeps its size."""
    drawn = chart.draw().properties(width=int(box.w))
    width, height, attributes, rest = _sized(rendered(drawn))
    found = _plot_height(drawn.to_dict(), len(chart.categories))
    if height > box.h * 1.02 and found is not None:
        plot, lowest = found
        lower = max(plot - (height - box.h), lowest, 80.0)
        drawn = drawn.properties(height=int(lower))
        width, height, attributes, rest = _sized(rendered(drawn))
    if "viewBox" not in attributes + rest[:rest.index(">")]:
        attributes += f' viewBox="0 0 {width:g} {height:g}"'
    return (f'<svg{attributes} x="{box.x:.2f}" y="{box.y:.2f}" width="{box.w:.2f}" '
            f'height="{box.h:.2f}" preserveAspectRatio="xMidYMin meet"' + rest)


def _chart(page: Page, chart: Chart, box: Box) -> None:
    if chart.draw is None:
        page.text(box.x, box.y, Lines([chart.title], 12, bold=True), INK)
        return
    page.parts.append(chart_svg(chart, box))


# --- pages ------------------------------------------------------------------------------------

def _title_page(deck: Deck) -> Page:
    page = Page()
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
    return page


def _page(deck: Deck, slide: Slide, number: int, count: int) -> Page:
    page = Page()
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
    return page


def page_svgs(deck: Deck) -> list[str]:
    """Every page of the pack as an SVG document."""
    count = len(deck.slides)
    return [(_title_page(deck) if slide.key == "title" else _page(deck, slide, n, count)).svg()
            for n, slide in enumerate(deck.slides, start=1)]


def deck_pdf(deck: Deck) -> bytes:
    """The pack as a PDF document (bytes), one 16:9 page per slide.

    Raises:
        TypeError: a slide holds something that is not a board-pack block.
    """
    import vl_convert
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for svg in page_svgs(deck):
        for page in PdfReader(io.BytesIO(vl_convert.svg_to_pdf(svg))).pages:
            writer.add_page(page)
    writer.add_metadata({"/Title": _NOT_XML.sub("", deck.title), "/Author": "SocialReady",
                         "/Subject": "Board pack"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
