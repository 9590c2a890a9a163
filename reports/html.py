"""A self-contained HTML report of an engagement: opens offline, prints well.

Charts are embedded as inline SVG rendered by vl-convert, so the file needs no script and no
network; every piece of user and bank text is HTML-escaped, and tables show their numbers
with the same digits as the app (:class:`reports.formats.Table`).
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from reports.formats import MISSING, Table
from reports.images import chart_svg
from reports.pack import Block, Bullets, Chart, Columns, Metrics, TableBlock

STYLE = """
body { font-family: "Source Sans Pro", Helvetica, Arial, sans-serif; color: #222;
       max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { margin-bottom: 0.1em; } h2 { border-bottom: 2px solid #1f6f8b; padding-bottom: 0.2em;
  margin-top: 1.8em; }
.meta { color: #555; } .note { background: #fff6e0; padding: 0.6em 0.9em; border-radius: 6px; }
.metrics { display: flex; gap: 1em; flex-wrap: wrap; }
.metric { border: 1px solid #ddd; border-radius: 8px; padding: 0.6em 1em; min-width: 10em; }
.metric b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left;
         vertical-align: top; }
th { background: #f4f6f8; } td.num { text-align: right; white-space: nowrap; }
.action { border: 1px solid #ddd; border-radius: 8px; padding: 0.6em 1em; margin: 0.6em 0;
          page-break-inside: avoid; }
.action small { color: #555; display: block; }
figure { margin: 1em 0; page-break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
.wide { overflow-x: auto; max-width: 100%; }
.message { font-size: 1.12em; margin-top: 0.2em; }
.columns { display: flex; gap: 1.5em; flex-wrap: wrap; } .columns > div { flex: 1; min-width: 14em; }
li small { color: #555; display: block; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


@dataclass(frozen=True)
class Section:
    """One part of the report, drawn in this order: message, notes, actions, roadmap,
    charts, tables, then the board pack's blocks (a slide of :mod:`reports.pack`).

    Attributes:
        title: the heading.
        notes: paragraphs of plain text (what is missing, what to read with care).
        actions: numbered cards with title, source, finding, phase_title and detail.
        roadmap: phase title -> frame with title and area_name (an empty phase says so).
        charts: Altair charts, embedded as SVG.
        tables: (subheading or "", table) pairs.
        message: the one sentence to take away, under the heading.
        blocks: headline numbers, lists, tables and charts of a board-pack slide.
    """
    title: str
    notes: Sequence[str] = ()
    actions: pd.DataFrame | None = None
    roadmap: Mapping[str, pd.DataFrame] | None = None
    charts: Sequence[alt.TopLevelMixin] = ()
    tables: Sequence[tuple[str, Table]] = ()
    message: str = ""
    blocks: Sequence[Block] = ()


@dataclass(frozen=True)
class ReportInput:
    """What the HTML report shows; plain data only."""
    engagement: Mapping[str, object]
    metrics: Sequence[tuple[str, str, str]]          # (label, value, caption)
    sections: Sequence[Section] = field(default_factory=tuple)
    exported_on: str = ""


def _text(value: object) -> str:
    return MISSING if value is None else html.escape(str(value))


def _table(shown: Table) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label in shown.labels)
    numeric = [column.kind.numeric for column in shown.columns]
    rows = []
    for row in shown.texts():
        cells = "".join(f"<td class='num'>{html.escape(v)}</td>" if number
                        else f"<td>{html.escape(v)}</td>" for v, number in zip(row, numeric))
        rows.append(f"<tr>{cells}</tr>")
    # A wide table scrolls inside its own box on a phone; the page never scrolls sideways.
    return (f"<div class='wide'><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _actions(actions: pd.DataFrame) -> list[str]:
    return [f"<div class='action'><b>{number}. {_text(row['title'])}</b>"
            f"<small>{_text(row['source'])} · {_text(row['finding'])} · "
            f"{_text(row['phase_title'])}</small><p>{_text(row['detail'])}</p></div>"
            for number, (_, row) in enumerate(actions.iterrows(), start=1)]


def _roadmap(roadmap: Mapping[str, pd.DataFrame]) -> list[str]:
    return [f"<h3>{_text(phase)}</h3><ul>"
            + "".join(f"<li>{_text(r['title'])} <small>({_text(r['area_name'])})</small></li>"
                      for _, r in items.iterrows())
            + ("" if len(items) else "<li>Nothing urgent in this phase.</li>") + "</ul>"
            for phase, items in roadmap.items()]


def _metrics(items) -> str:
    return "<div class='metrics'>" + "".join(
        f"<div class='metric'>{_text(label)}<b>{_text(value)}</b><small>{_text(caption)}</small>"
        "</div>" for label, value, caption in items) + "</div>"


def _list(block: Bullets, empty: str = "") -> str:
    tag = "ol" if block.numbered else "ul"
    items = "".join(f"<li>{_text(b.text)}" + (f"<small>{_text(b.detail)}</small>"
                                                if b.detail else "") + "</li>"
                    for b in block.items)
    if not block.items and empty:
        items = f"<li>{_text(empty)}</li>"
    heading = f"<h3>{_text(block.heading)}</h3>" if block.heading else ""
    return f"{heading}<{tag}>{items}</{tag}>"


def _shown_table(subtitle: str, shown: Table) -> list[str]:
    parts = [f"<h3>{_text(subtitle)}</h3>"] if subtitle else []
    if shown.note and shown.empty:
        parts.append(f"<p>{_text(shown.note)}</p>")
    else:
        if shown.note:
            parts.append(f"<p class='note'>{_text(shown.note)}</p>")
        parts.append(_table(shown))
    return parts


def _block(block: Block) -> list[str]:
    """A board-pack block: every column and row of a table (slides show fewer)."""
    if isinstance(block, Metrics):
        return [_metrics((m.label, m.value, m.caption) for m in block.items)]
    if isinstance(block, Bullets):
        return [_list(block)]
    if isinstance(block, Columns):
        return ["<div class='columns'>" + "".join(f"<div>{_list(c, block.empty)}</div>"
                                                  for c in block.columns) + "</div>"]
    if isinstance(block, TableBlock):
        return _shown_table(block.heading, block.table)
    if isinstance(block, Chart):
        return [f"<figure>{chart_svg(block.draw())}</figure>"] if block.draw else []
    raise TypeError(f"the HTML report cannot show {type(block).__name__}")


def _section(section: Section) -> list[str]:
    parts = [f"<h2>{_text(section.title)}</h2>"]
    if section.message:
        parts.append(f"<p class='message'>{_text(section.message)}</p>")
    parts += [f"<p class='note'>{_text(note)}</p>" for note in section.notes if note]
    if section.actions is not None:
        parts += _actions(section.actions)
    if section.roadmap is not None:
        parts += _roadmap(section.roadmap)
    parts += [f"<figure>{chart_svg(chart)}</figure>" for chart in section.charts]
    for subtitle, shown in section.tables:
        parts += _shown_table(subtitle, shown)
    for block in section.blocks:
        parts += _block(block)
    return parts


def engagement_report(report: ReportInput) -> str:
    """The report as one HTML document (UTF-8 text)."""
    e = report.engagement
    name = _text(e.get("name", ""))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             "<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>{name} · SocialReady</title><style>{STYLE}</style></head><body>",
             f"<h1>{name}</h1>",
             "<p class='meta'>" + " · ".join(_text(e[k]) for k in ("organization", "industry",
                                                                    "size") if e.get(k))
             + (f" · exported {html.escape(report.exported_on)}" if report.exported_on else "")
             + "</p>"]
    if e.get("purpose"):
        parts.append(f"<p>{_text(e['purpose'])}</p>")
    if e.get("is_example"):
        parts.append("<p class='note'>Example engagement: the answers and scores are invented "
                     "to illustrate the method; they are not analyst facts.</p>")
    if report.metrics:
        parts.append(_metrics(report.metrics))
    for section in report.sections:
        parts += _section(section)
    parts.append("<p class='meta'>Made with SocialReady.</p></body></html>")
    return "\n".join(parts)
