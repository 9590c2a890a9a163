"""The board pack as a PowerPoint deck a consultant can edit.

One template for every slide (16:9, Arial, the app's colours), text as text, real tables and
native charts (bars, stacked bars in the app's category colours, a scatter for the 2x2, lines
for the trend) whose data a consultant can open and change in PowerPoint. Each slide's
speaker notes say how its numbers were made. Layout comes from :mod:`reports.pack_layout`,
so the deck and the PDF place things alike.
"""
from __future__ import annotations

import copy
import functools
import io
import re

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.chart import XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn as _qn
from pptx.parts.slide import NotesSlidePart
from pptx.util import Pt

from reports import pack_layout as layout
from reports.formats import Kind
from reports.pack import Bullets, Chart, Columns, Deck, Metrics, Slide, TableBlock
from reports.pack_layout import ACCENT, FONT, INK, LIGHT, MUTED, RULE, Box, Lines

# Characters XML cannot hold (python-pptx would refuse the whole deck); dropped from text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EMU_PER_PT = 12700
_TITLE_ONLY = 5


@functools.cache
def qn(tag: str) -> str:
    """python-pptx's ``qn`` ("a:rPr" -> "{namespace}rPr"), remembered: a deck asks for the
    same few tags tens of thousands of times."""
    return _qn(tag)


def clean(text: object) -> str:
    """Text a slide can hold: characters XML cannot carry are dropped."""
    return _NOT_XML.sub("", str(text))


def _emu(points: float) -> int:
    return int(round(points * _EMU_PER_PT))


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _style(run, size: float, color: str = INK, bold: bool = False) -> None:
    # A new run has no properties yet; they go first (python-pptx's get_or_add_rPr looks
    # for where they belong, at a millisecond a run).
    properties = run._r.find(qn("a:rPr"))
    if properties is None:
        properties = etree.Element(qn("a:rPr"))
        run._r.insert(0, properties)
    _format(properties, size, color, bold)


def _format(properties, size: float, color: str, bold: bool) -> None:
    """Font, size, weight and colour of a run, written straight into its XML (python-pptx's
    property objects cost a millisecond a run, and a deck has thousands)."""
    properties.set("lang", "en-US")
    properties.set("sz", str(int(round(size * 100))))
    properties.set("b", "1" if bold else "0")
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    # Latin and complex scripts (Hebrew, Arabic) alike in the deck's font.
    etree.SubElement(properties, qn("a:latin")).set("typeface", FONT)
    etree.SubElement(properties, qn("a:cs")).set("typeface", FONT)


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}
_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}


def _plain_body(properties, anchor=MSO_ANCHOR.TOP) -> None:
    """A text body that wraps, never resizes its shape, has no margins and sits at
    ``anchor``, written into its ``a:bodyPr``."""
    for child in list(properties):
        properties.remove(child)
    properties.attrib.clear()
    for name, value in (("wrap", "square"), ("lIns", "0"), ("tIns", "0"), ("rIns", "0"),
                        ("bIns", "0"), ("anchor", _ANCHOR[anchor])):
        properties.set(name, value)
    etree.SubElement(properties, qn("a:noAutofit"))


def _frame(shape, anchor=MSO_ANCHOR.TOP):
    frame = shape.text_frame
    _plain_body(frame._txBody.find(qn("a:bodyPr")), anchor)
    return frame


def _textbox(slide, box: Box, lines: Lines, color: str = INK, align=PP_ALIGN.LEFT,
             anchor=MSO_ANCHOR.TOP) -> None:
    """One line of styled text in a box: the shape written as XML (python-pptx's shape and
    text-frame objects took a third of the deck's time)."""
    shapes = slide.shapes
    shape_id = shapes._next_shape_id
    sp = shapes._spTree.add_textbox(shape_id, f"TextBox {shape_id - 1}", _emu(box.x),
                                    _emu(box.y), _emu(box.w), _emu(box.h))
    body = sp.find(qn("p:txBody"))
    _plain_body(body.find(qn("a:bodyPr")), anchor)
    paragraph = body.find(qn("a:p"))
    etree.SubElement(paragraph, qn("a:pPr")).set("algn", _ALIGN[align])
    run = etree.SubElement(paragraph, qn("a:r"))
    _format(etree.SubElement(run, qn("a:rPr")), lines.size, color, lines.bold)
    etree.SubElement(run, qn("a:t")).text = clean(" ".join(lines.lines))


_RECTANGLE = (
    '<p:sp %s><p:nvSpPr><p:cNvPr id="%%d" name="%%s"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
    '<p:spPr><a:xfrm><a:off x="%%d" y="%%d"/><a:ext cx="%%d" cy="%%d"/></a:xfrm>'
    '<a:prstGeom prst="%%s"><a:avLst>%%s</a:avLst></a:prstGeom>'
    '<a:solidFill><a:srgbClr val="%%s"/></a:solidFill>%%s</p:spPr>'
    '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
    '</p:txBody></p:sp>' % nsdecls("a", "p"))


def _rectangle(slide, box: Box, fill: str, line: str | None = None, rounded: bool = False):
    """A filled rectangle (corners rounded by 8 %), written as XML: python-pptx's autoshape
    and its fill and line objects took a tenth of a small deck's time. No theme style: the
    template sets its own colours and no shadow."""
    shapes = slide.shapes
    shape_id = shapes._next_shape_id
    outline = (f'<a:ln w="9525"><a:solidFill><a:srgbClr val="{line}"/></a:solidFill></a:ln>'
               if line else "<a:ln><a:noFill/></a:ln>")
    sp = parse_xml(_RECTANGLE % (
        shape_id, f"{'Rounded Rectangle' if rounded else 'Rectangle'} {shape_id - 1}",
        _emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h),
        "roundRect" if rounded else "rect",
        '<a:gd name="adj" fmla="val 8000"/>' if rounded else "", fill, outline))
    shapes._spTree.insert_element_before(sp, "p:extLst")
    return shapes._shape_factory(sp)


def _chrome(slide, deck: Deck, number: int, count: int) -> None:
    """The accent band at the top and the footer (engagement, date, page)."""
    _rectangle(slide, Box(0, 0, layout.WIDTH, 6), ACCENT)
    _textbox(slide, Box(layout.MARGIN, layout.FOOTER_Y, 600, 14),
             Lines([deck.footer], layout.FOOTER_SIZE), MUTED)
    _textbox(slide, Box(layout.WIDTH - layout.MARGIN - 100, layout.FOOTER_Y, 100, 14),
             Lines([f"{number} / {count}"], layout.FOOTER_SIZE), MUTED, align=PP_ALIGN.RIGHT)


def _heading(slide, page: Slide) -> float:
    placed = layout.heading(page)
    width = layout.WIDTH - 2 * layout.MARGIN
    _textbox(slide, Box(layout.MARGIN, layout.SECTION_Y - 12, width, 14), placed.section,
             ACCENT)
    title = _title(slide)
    title.left, title.top = _emu(layout.MARGIN), _emu(placed.title_y)
    title.width, title.height = _emu(width), _emu(placed.title.height + 4)
    frame = _frame(title)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = clean(page.title)
    _style(run, placed.title.size, INK, bold=True)
    if page.message:
        _textbox(slide, Box(layout.MARGIN, placed.message_y, width, placed.message.height + 4),
                 placed.message, "333333")
    return placed.body_y


def _to_back(slide, shape) -> None:
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)       # after the group's own properties


def _title_slide(slide, deck: Deck) -> None:
    _to_back(slide, _rectangle(slide, Box(0, 0, 14, layout.HEIGHT), ACCENT))
    _to_back(slide, _rectangle(slide, Box(0, 0, layout.WIDTH, layout.HEIGHT), LIGHT))
    width = layout.WIDTH - 2 * layout.MARGIN - 40
    x = layout.MARGIN + 30
    _textbox(slide, Box(x, 120, width, 16), Lines(["BOARD PACK"], 12, bold=True), ACCENT)
    title_lines = layout.wrap(deck.title, width, 36, bold=True)[:3]
    title = _title(slide)
    title.left, title.top, title.width = _emu(x), _emu(145), _emu(width)
    title.height = _emu(len(title_lines) * 36 * 1.2 + 6)
    paragraph = _frame(title).paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = clean(deck.title)
    _style(run, 36, INK, bold=True)
    y = 145 + len(title_lines) * 36 * 1.2 + 14
    if deck.subtitle:
        _textbox(slide, Box(x, y, width, 24), Lines([deck.subtitle], 18), MUTED)
        y += 34
    if deck.purpose:
        lines = layout.clip(layout.wrap(deck.purpose, width, 14), 5, width, 14)
        _textbox(slide, Box(x, y, width, len(lines) * 14 * 1.2 + 6), Lines(lines, 14), INK)
        y += len(lines) * 14 * 1.2 + 16
    if deck.is_example:
        note = ("Example engagement: the answers and scores are invented to illustrate the "
                "method; they are not analyst facts.")
        box = _rectangle(slide, Box(x, y, width, 30), "FFF6E0", rounded=True)
        frame = _frame(box, MSO_ANCHOR.MIDDLE)
        frame.margin_left = Pt(10)
        run = frame.paragraphs[0].add_run()
        run.text = note
        _style(run, 12, "7A5B00")
    _textbox(slide, Box(x, layout.HEIGHT - 80, width, 18),
             Lines([f"Exported {deck.exported_on} · SocialReady"], 12), MUTED)


# --- blocks ----------------------------------------------------------------------------------

def _metrics(slide, block: Metrics, box: Box) -> None:
    for card in layout.cards(block, box):
        shape = _rectangle(slide, card.box, LIGHT, RULE, rounded=True)
        frame = _frame(shape, MSO_ANCHOR.MIDDLE)
        frame.margin_left = frame.margin_right = Pt(10)
        for index, (lines, color) in enumerate(((card.label, MUTED), (card.value, INK),
                                                (card.caption, MUTED))):
            if not lines.lines or not "".join(lines.lines):
                continue
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = clean(" ".join(lines.lines))
            _style(run, lines.size, color, lines.bold)


def _bullet(paragraph, numbered: bool, size: float) -> None:
    """A real bullet (or automatic number), so the list stays a list when edited."""
    properties = paragraph._p.get_or_add_pPr()
    indent = _emu(size * (1.6 if numbered else 1.1))
    properties.set("marL", str(indent))
    properties.set("indent", str(-indent))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    font = etree.SubElement(properties, qn("a:buFont"))
    font.set("typeface", FONT)
    if numbered:
        etree.SubElement(properties, qn("a:buAutoNum")).set("type", "arabicPeriod")
    else:
        etree.SubElement(properties, qn("a:buChar")).set("char", "•")


def _no_bullet(paragraph, size: float, numbered: bool) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(_emu(size * (1.6 if numbered else 1.1))))
    properties.set("indent", "0")
    etree.SubElement(properties, qn("a:buNone"))


def _bullets(slide, block: Bullets, box: Box, size: float) -> None:
    placed = layout.bullets(block, box, size)
    shape = slide.shapes.add_textbox(_emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h))
    frame = _frame(shape)
    first = True

    def paragraph():
        nonlocal first
        if first:
            first = False
            return frame.paragraphs[0]
        return frame.add_paragraph()

    if placed.heading:
        run = paragraph().add_run()
        run.text = clean(" ".join(placed.heading.lines))
        _style(run, placed.heading.size, ACCENT, bold=True)
    for item in placed.items:
        p = paragraph()
        _bullet(p, block.numbered, placed.size)
        p.space_before = Pt(placed.size * 0.5 if p is not frame.paragraphs[0] else 0)
        run = p.add_run()
        run.text = clean(" ".join(item.text.lines))
        _style(run, item.text.size, INK)
        if item.detail.lines:
            d = paragraph()
            _no_bullet(d, placed.size, block.numbered)
            run = d.add_run()
            run.text = clean(" ".join(item.detail.lines))
            _style(run, item.detail.size, MUTED)
    if placed.omitted:
        run = paragraph().add_run()
        run.text = f"{placed.omitted} more not shown here (see the HTML report)."
        _style(run, 10, MUTED)


def _columns(slide, block: Columns, box: Box, size: float) -> None:
    for column, area in zip(block.columns, layout.columns_boxes(block, box)):
        _rectangle(slide, Box(area.x, area.y, area.w, 4), ACCENT)
        inner = Box(area.x, area.y + 10, area.w, area.h - 10)
        if column.items:
            _bullets(slide, column, inner, size)
        else:
            _bullets(slide, Bullets([], heading=column.heading), inner, size)
            _textbox(slide, Box(inner.x, inner.y + 28, inner.w, 20), Lines([block.empty], 12),
                     MUTED)


def _cell(cell, lines: list[str], size: float, color: str, bold: bool, align: str,
          fill: str) -> None:
    """A table cell's text, alignment, margins and fill, written as XML."""
    tc = cell._tc
    for child in list(tc):
        tc.remove(child)
    body = etree.SubElement(tc, qn("a:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    paragraph = etree.SubElement(body, qn("a:p"))
    etree.SubElement(paragraph, qn("a:pPr")).set("algn", align)
    run = etree.SubElement(paragraph, qn("a:r"))
    _format(etree.SubElement(run, qn("a:rPr")), size, color, bold)
    etree.SubElement(run, qn("a:t")).text = clean(" ".join(lines))
    properties = etree.SubElement(tc, qn("a:tcPr"))
    properties.set("marL", str(_emu(layout.CELL_PAD_X)))
    properties.set("marR", str(_emu(layout.CELL_PAD_X)))
    properties.set("marT", str(_emu(layout.CELL_PAD_Y)))
    properties.set("marB", str(_emu(layout.CELL_PAD_Y)))
    solid = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr")).set("val", fill)


def _table(slide, block: TableBlock, box: Box) -> None:
    if block.table.empty:
        _textbox(slide, box, Lines([block.table.note or "Nothing to show."], 14), MUTED)
        return
    placed = layout.table(block, box)
    y = box.y
    if placed.heading:
        _textbox(slide, Box(box.x, y, box.w, placed.heading.height), placed.heading, ACCENT)
        y += placed.heading.height + 4
    if placed.omitted:
        # Above the table, in the room the layout keeps under it: PowerPoint and LibreOffice
        # may draw rows taller than placed, which pushed a note under the table into its
        # last row.
        _textbox(slide, Box(box.x, y, box.w, 14),
                 Lines([layout.omitted_note(placed.omitted, len(block.table))], 10), MUTED)
        y += 16
    rows = len(placed.rows) + 1
    shape = slide.shapes.add_table(rows, len(placed.columns), _emu(box.x), _emu(y),
                                   _emu(sum(placed.widths)), _emu(placed.height))
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    # Straight into the XML: python-pptx's setters resize the whole frame at every row and
    # column (the frame already has the table's size).
    for column, width in zip(grid._tbl.tblGrid.gridCol_lst, placed.widths):
        column.set("w", str(_emu(width)))
    for row, height in zip(grid._tbl.tr_lst, [placed.header_height, *placed.heights]):
        row.set("h", str(_emu(height)))
    for c, (column, lines) in enumerate(zip(placed.columns, placed.header)):
        _cell(grid.cell(0, c), lines, placed.size, "FFFFFF", True,
              "r" if column.kind.numeric else "l", ACCENT)
    for r, cells in enumerate(placed.rows, start=1):
        fill = "FFFFFF" if r % 2 else LIGHT
        for c, (column, lines) in enumerate(zip(placed.columns, cells)):
            _cell(grid.cell(r, c), lines, placed.size, INK, False,
                  "r" if column.kind.numeric else "l", fill)
    below = y + placed.height + 4
    if placed.note:
        _textbox(slide, Box(box.x, below, box.w, placed.note.height + 2), placed.note,
                 "7A5B00")


# --- charts ------------------------------------------------------------------------------------

def _fade(fill_format, alpha: int = 35) -> None:
    """Make a solid fill partly transparent (a knocked-out vendor's bar)."""
    color = fill_format._xPr.find(".//" + qn("a:srgbClr"))
    if color is not None:
        etree.SubElement(color, qn("a:alpha")).set("val", str(alpha * 1000))


def _fill(fill_format, color: str) -> None:
    fill_format.solid()
    fill_format.fore_color.rgb = _rgb(color)


def _axis_title(axis, text: str) -> None:
    if not text:
        return
    axis.has_title = True
    frame = axis.axis_title.text_frame
    frame.text = clean(text)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            _style(run, 10, MUTED)


def _value_axis(axis, chart: Chart) -> None:
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("E3E7EB")
    axis.format.line.fill.background()
    axis.tick_labels.number_format = chart.kind_of_value.excel
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(10)
    axis.tick_labels.font.color.rgb = _rgb(MUTED)
    if chart.value_range is not None:
        axis.minimum_scale, axis.maximum_scale = chart.value_range


def _category_chart(slide, chart: Chart, box: Box):
    data = CategoryChartData(number_format=chart.kind_of_value.excel)
    data.categories = [clean(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean(series.name), list(series.values))
    kind = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "clustered_bar": XL_CHART_TYPE.BAR_CLUSTERED,
            "stacked_bar": XL_CHART_TYPE.BAR_STACKED,
            "line": XL_CHART_TYPE.LINE_MARKERS}[chart.kind]
    frame = slide.shapes.add_chart(kind, _emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h),
                                   data)
    native = frame.chart
    native.has_title = False
    native.font.name = FONT
    native.font.size = Pt(10)
    native.font.color.rgb = _rgb(INK)
    horizontal = chart.kind != "line"
    category_axis = native.category_axis
    category_axis.format.line.color.rgb = _rgb(RULE)
    category_axis.tick_labels.font.size = Pt(10 if len(chart.categories) <= 12 else 8)
    category_axis.has_major_gridlines = False
    if horizontal:
        # First category at the top, as in the app's charts; values along the bottom.
        category_axis.reverse_order = True
        # The value axis crosses the reversed category axis at its far end: at the bottom.
        native.value_axis._element.find(qn("c:crosses")).set("val", "max")
        plot = native.plots[0]
        plot.gap_width = 60 if chart.kind != "clustered_bar" else 40
        if chart.kind == "stacked_bar":
            plot.overlap = 100
    _value_axis(native.value_axis, chart)
    _axis_title(native.value_axis, chart.value_title)
    for series, given in zip(native.series, chart.series):
        if chart.kind == "line":
            series.smooth = False
            series.format.line.color.rgb = _rgb(given.color or ACCENT)
            series.format.line.width = Pt(3.5 if given.name == "Overall" else 1.75)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            _fill(series.marker.format.fill, given.color or ACCENT)
            series.marker.format.line.color.rgb = _rgb(given.color or ACCENT)
            continue
        _fill(series.format.fill, given.color or ACCENT)
        for index, color in enumerate(given.point_colors):
            _fill(series.points[index].format.fill, color)
        for index, faded in enumerate(given.faded):
            if faded:
                point = series.points[index]
                _fill(point.format.fill, given.color or ACCENT)
                _fade(point.format.fill)
    if chart.kind == "bar" and len(chart.series) == 1:
        plot = native.plots[0]
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = chart.kind_of_value.excel
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(10)
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(9 if len(chart.series) > 6 else 10)
    return native


def _scatter_chart(slide, chart: Chart, box: Box):
    data = XyChartData(number_format=chart.kind_of_value.excel)
    # Each series holds the points where it has a value (a group of vendors), with their
    # names: indexes into chart.categories, per series.
    named: list[list[int]] = []
    # Every series holds every point, blank where it has no value: LibreOffice draws only
    # the longest series of a scatter. Left to right, so a joined series is a line.
    order = list(range(len(chart.x_values)))
    if chart.joined:
        order.sort(key=lambda i: chart.x_values[i])
    for given in chart.series:
        points = data.add_series(clean(given.name))
        named.append([i if given.values[i] is not None else -1 for i in order])
        for index in order:
            points.add_data_point(chart.x_values[index], given.values[index])

    def span(values, kind: Kind) -> tuple[float, float]:
        low, high = min(values), max(values)
        if kind is not Kind.SCORE_5:        # amounts: from 0, with room for the names
            return 0.0, high * 1.08 or 1.0
        pad = max(0.15, (high - low) * 0.15)
        return max(0.0, low - pad), min(5.0, high + pad)

    x_kind = chart.x_kind or chart.kind_of_value
    x_range = span(chart.x_values, x_kind)
    y_range = (chart.value_range if chart.value_range is not None else
               span([v for s in chart.series for v in s.values if v is not None],
                    chart.kind_of_value))
    if chart.guides is not None:
        across = data.add_series("Mean across")
        across.add_data_point(chart.guides[0], y_range[0])
        across.add_data_point(chart.guides[0], y_range[1])
        up = data.add_series("Mean up")
        up.add_data_point(x_range[0], chart.guides[1])
        up.add_data_point(x_range[1], chart.guides[1])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, _emu(box.x), _emu(box.y),
                                   _emu(box.w), _emu(box.h), data)
    native = frame.chart
    native.has_title = False
    native.font.name = FONT
    native.font.size = Pt(10)
    native.has_legend = False
    for axis, (low, high), title, kind in (
            (native.category_axis, x_range, chart.x_title, x_kind),
            (native.value_axis, y_range, chart.value_title, chart.kind_of_value)):
        axis.minimum_scale, axis.maximum_scale = round(low, 2), round(high, 2)
        axis.tick_labels.number_format = "0.0" if kind is Kind.SCORE_5 else "#,##0"
        axis.tick_labels.number_format_is_linked = False
        axis.tick_labels.font.size = Pt(10)
        axis.has_major_gridlines = False
        axis.format.line.color.rgb = _rgb(RULE)
        _axis_title(axis, title)
    drawn = list(native.series)
    for vendors, given, indexes in zip(drawn, chart.series, named):
        vendors.format.line.fill.background()
        vendors.marker.style = XL_MARKER_STYLE.CIRCLE
        vendors.marker.size = 10
        _fill(vendors.marker.format.fill, given.color or ACCENT)
        vendors.marker.format.line.color.rgb = _rgb("FFFFFF")
        for point, index in enumerate(indexes):
            if index < 0:
                continue
            label = vendors.points[point].data_label
            label.has_text_frame = True
            label.text_frame.text = clean(chart.categories[index])
            label.position = (XL_LABEL_POSITION.RIGHT if index % 2 == 0
                              else XL_LABEL_POSITION.LEFT)
            label.font.size = Pt(9)
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(10)
    extra = drawn[len(chart.series):]
    if chart.joined:
        # Across the blanks of the other series' points.
        native._chartSpace.chart.find(qn("c:dispBlanksAs")).set("val", "span")
        # The line belongs to the points' own series: LibreOffice draws no markers in a
        # chart where a separate series of other x values draws the line.
        drawn[0].format.line.color.rgb = _rgb(chart.series[0].color or ACCENT)
        drawn[0].format.line.width = Pt(1.5)
    for guide in extra:
        guide.marker.style = XL_MARKER_STYLE.NONE
        guide.format.line.color.rgb = _rgb("999999")
        guide.format.line.width = Pt(1)
        guide.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    return native


def _chart(slide, chart: Chart, box: Box) -> None:
    area = layout.chart_box(chart, box)
    title = Lines([chart.title], 12, bold=True)
    _textbox(slide, Box(area.x, area.y, area.w, 16), title, INK)
    plot = Box(area.x, area.y + 18, area.w, area.h - 18)
    if chart.kind == "scatter":
        _scatter_chart(slide, chart, plot)
    else:
        _category_chart(slide, chart, plot)
    if chart.note:
        _textbox(slide, Box(box.x, box.y + box.h - 14, box.w, 14),
                 Lines(layout.clip(layout.wrap(chart.note, box.w, 9.5), 1, box.w, 9.5), 9.5),
                 MUTED)


def _block(slide, block, box: Box, size: float) -> None:
    if isinstance(block, Metrics):
        _metrics(slide, block, box)
    elif isinstance(block, Bullets):
        _bullets(slide, block, box, size)
    elif isinstance(block, Columns):
        _columns(slide, block, box, size)
    elif isinstance(block, TableBlock):
        _table(slide, block, box)
    elif isinstance(block, Chart):
        _chart(slide, block, box)
    else:
        raise TypeError(f"a board-pack slide cannot hold {type(block).__name__}")


def _notes(slide, text: str, blank: list | None) -> list:
    """Give ``slide`` speaker notes; returns the notes page's empty placeholders for the
    next slide. python-pptx copies them from the notes master for every slide, looking each
    up (15 ms a slide); after the first they are copied from that one."""
    if blank is None:
        notes = slide.notes_slide
        blank = [copy.deepcopy(shape) for shape in notes.shapes._spTree.iter_shape_elms()]
    else:
        part = slide.part
        notes_part = NotesSlidePart._add_notes_slide_part(
            part.package, part, part.package.presentation_part.notes_master_part)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        shapes = notes_part.notes_slide.shapes
        for shape in blank:
            shapes._spTree.append(copy.deepcopy(shape))
        [body] = shapes._spTree.xpath("./p:sp[p:nvSpPr/p:nvPr/p:ph[@type='body']]")
        shapes._shape_factory(body).text_frame.text = text
        return blank
    notes.notes_text_frame.text = text
    return blank


def _add_slide(presentation, blank: list | None) -> tuple:
    """A new title-only slide, and its empty placeholders for the next one: python-pptx
    clones them from the layout for every slide, looking each up (a tenth of a small deck's
    time); after the first they are copied from that one."""
    layout_ = presentation.slide_layouts[_TITLE_ONLY]
    if blank is None:
        slide = presentation.slides.add_slide(layout_)
        return slide, [copy.deepcopy(shape)
                       for shape in slide.shapes._spTree.iter_shape_elms()]
    rId, slide = presentation.part.add_slide(layout_)
    tree = slide.shapes._spTree
    for shape in blank:
        tree.append(copy.deepcopy(shape))
    presentation.slides._sldIdLst.add_sldId(rId)
    return slide, blank


def _title(slide):
    """The slide's title placeholder (found in its XML, not by looking at every shape)."""
    [title] = slide.shapes._spTree.xpath("./p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title']]")
    return slide.shapes._shape_factory(title)


def _remember_partnames(package) -> None:
    """Give ``package`` a ``next_partname`` that remembers the names it issued.

    python-pptx finds each new part's name (a chart, its embedded workbook, a notes page) by
    walking every part of the package: quadratic in the deck's parts, a sixth of a small
    deck's time. A deck being built only gains parts, so the names of a kind are read once
    and then counted on.
    """
    from pptx.opc.packuri import PackURI

    issued: dict[str, set[str]] = {}

    def next_partname(template: str) -> PackURI:
        if template not in issued:
            prefix = template[:(template % 42).find("42")]
            issued[template] = {str(part.partname) for part in package.iter_parts()
                                if part.partname.startswith(prefix)}
        names = issued[template]
        number = len(names) + 1
        while template % number in names:
            number += 1
        names.add(template % number)
        return PackURI(template % number)

    package.next_partname = next_partname


def deck_pptx(deck: Deck) -> bytes:
    """The deck as a .pptx file (bytes).

    Raises:
        TypeError: a slide holds something that is not a board-pack block.
    """
    presentation = Presentation()
    _remember_partnames(presentation.part.package)
    presentation.slide_width = _emu(layout.WIDTH)
    presentation.slide_height = _emu(layout.HEIGHT)
    properties = presentation.core_properties
    properties.title = clean(deck.title)[:255]
    properties.author = "SocialReady"
    properties.subject = "Board pack"
    count = len(deck.slides)
    blank_notes: list | None = None
    blank_slide: list | None = None
    for number, page in enumerate(deck.slides, start=1):
        slide, blank_slide = _add_slide(presentation, blank_slide)
        if page.key == "title":
            _title_slide(slide, deck)
        else:
            top = _heading(slide, page)
            placed = layout.body(page, top)
            size = layout.bullet_size(placed)
            for block, box in placed:
                _block(slide, block, box, size)
            _chrome(slide, deck, number, count)
        if page.notes:
            blank_notes = _notes(slide, clean(page.notes), blank_notes)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
