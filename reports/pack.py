"""The board pack's content: slides of blocks, plain data, drawn by every format alike.

``outcomes.pack`` fills it from the app's results; ``reports.pptx_pack`` draws it as an
editable PowerPoint deck, ``reports.pdf_pack`` as a PDF, ``reports.html`` as the HTML report.
A slide has a title, a one-sentence message and blocks: headline numbers, bullets, a shared
:class:`reports.formats.Table`, a chart given as data (with the app's own Altair chart for
the formats that draw pictures), or columns of bullets. Nothing here computes a result.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import altair as alt

from reports.formats import Kind, Table

#: Chart kinds every format can draw natively.
CHART_KINDS = ("bar", "clustered_bar", "stacked_bar", "scatter", "line")


@dataclass(frozen=True)
class Headline:
    """A headline number: what it is, its value as shown, a caption."""
    label: str
    value: str
    caption: str = ""


@dataclass(frozen=True)
class Metrics:
    """A row of headline numbers."""
    items: Sequence[Headline]


@dataclass(frozen=True)
class Bullet:
    """One point: its text, and a smaller line under it (a source, an area) or ""."""
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list of points under an optional heading; numbered for ranked actions."""
    items: Sequence[Bullet]
    heading: str = ""
    numbered: bool = False


@dataclass(frozen=True)
class Columns:
    """Lists side by side (the roadmap's phases); an empty list says ``empty``."""
    columns: Sequence[Bullets]
    empty: str = "Nothing in this phase."


@dataclass(frozen=True)
class TableBlock:
    """A shared table. Paged formats (slides, PDF) show the columns ``keys`` (all when
    empty) and as many rows as fit, saying how many are left out; HTML shows all."""
    table: Table
    heading: str = ""
    keys: Sequence[str] = ()
    rows: int | None = None

    def columns(self):
        """The columns shown on a page, in the table's order."""
        wanted = set(self.keys)
        return [c for c in self.table.columns if not wanted or c.key in wanted]


@dataclass(frozen=True)
class Series:
    """One series of a chart: a value per category (None where missing).

    ``color`` is hex without "#"; ``point_colors`` colours each value on its own (culture
    bands); ``faded`` marks values drawn faded (knocked-out vendors).
    """
    name: str
    values: Sequence[float | None]
    color: str = ""
    point_colors: Sequence[str] = ()
    faded: Sequence[bool] = ()


@dataclass(frozen=True)
class Chart:
    """A chart as data, for native charts, and the app's Altair chart for pictures.

    Attributes:
        kind: one of :data:`CHART_KINDS`.
        title: the chart's title.
        categories: the category axis (bars, lines) or the point names (scatter).
        series: the values; a scatter's series hold y values over ``x_values`` (None
            where a point is not in that series: one series per group of points).
        kind_of_value: the :class:`Kind` of the values (digits and percentages).
        value_title: the value axis title (for a scatter, the vertical axis).
        value_range: the value axis (low, high), or None to let the format choose.
        x_values / x_title / guides: a scatter's horizontal values and title, and the
            dashed lines (x, y) that split it into quadrants.
        target: a value marked across bars (the culture target), or None.
        x_kind: a scatter's horizontal kind (amounts), None for ``kind_of_value``.
        joined: a scatter's first series is drawn joined by a line, from left to right
            (the efficient frontier).
        note: what the chart shows, in a sentence.
        draw: the app's Altair chart of the same data (PDF and HTML draw it).
    """
    kind: str
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    kind_of_value: Kind
    value_title: str = ""
    value_range: tuple[float, float] | None = None
    x_values: Sequence[float] = ()
    x_title: str = ""
    guides: tuple[float, float] | None = None
    target: float | None = None
    x_kind: Kind | None = None
    joined: bool = False
    note: str = ""
    draw: Callable[[], alt.TopLevelMixin] | None = field(default=None, compare=False)


Block = Metrics | Bullets | Columns | TableBlock | Chart


@dataclass(frozen=True)
class Slide:
    """One slide (a page of the PDF, a section of the HTML report).

    Attributes:
        key: a stable name ("answer", "ranking", ...), for tests and links.
        section: the part of the pack it belongs to ("Readiness", "Decision", ...).
        title: the heading.
        message: the one sentence a reader should take away.
        blocks: what the slide shows, in order.
        notes: speaker notes: how the numbers were made.
    """
    key: str
    section: str
    title: str
    message: str
    blocks: Sequence[Block] = ()
    notes: str = ""


@dataclass(frozen=True)
class Deck:
    """The whole pack: who it is for, when, and its slides (the first is the title)."""
    title: str
    subtitle: str
    exported_on: str
    slides: Sequence[Slide]
    purpose: str = ""
    is_example: bool = False
    footer: str = ""
