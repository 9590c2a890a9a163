"""A self-contained HTML report of an engagement: opens offline, prints well.

Charts are embedded as inline SVG rendered by vl-convert, so the file needs no script and no
network; every piece of user text is HTML-escaped.
"""
from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from reports.images import chart_svg

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
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


@dataclass(frozen=True)
class ReportInput:
    """What the HTML report shows; plain data only."""
    engagement: Mapping[str, object]
    metrics: Sequence[tuple[str, str, str]]          # (label, value, caption)
    actions: pd.DataFrame                            # title, finding, phase, detail, source
    phase_titles: Mapping[str, str]
    roadmap: Mapping[str, pd.DataFrame]              # phase -> frame with title, area_name
    tables: Sequence[tuple[str, pd.DataFrame]] = field(default_factory=tuple)
    charts: Sequence[tuple[str, alt.TopLevelMixin]] = field(default_factory=tuple)
    exported_on: str = ""


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return html.escape(str(value))


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = "".join(
            f"<td class='num'>{_text(v)}</td>" if isinstance(v, (int, float)) and not
            isinstance(v, bool) else f"<td>{_text(v)}</td>" for v in row)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def engagement_report(report: ReportInput) -> str:
    """The report as one HTML document (UTF-8 text)."""
    e = report.engagement
    name = _text(e.get("name", ""))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
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
    parts.append("<div class='metrics'>" + "".join(
        f"<div class='metric'>{html.escape(label)}<b>{html.escape(value)}</b>"
        f"<small>{html.escape(caption)}</small></div>"
        for label, value, caption in report.metrics) + "</div>")
    parts.append("<h2>What to do first</h2>")
    if report.actions.empty:
        parts.append("<p>No gap to close: every dimension and competency is at target.</p>")
    for number, (_, row) in enumerate(report.actions.iterrows(), start=1):
        parts.append(f"<div class='action'><b>{number}. {_text(row['title'])}</b>"
                     f"<small>{_text(row['source'])} · {_text(row['finding'])} · "
                     f"{_text(report.phase_titles.get(row['phase'], row['phase']))}</small>"
                     f"<p>{_text(row['detail'])}</p></div>")
    parts.append("<h2>Roadmap</h2>")
    for phase, items in report.roadmap.items():
        parts.append(f"<h3>{_text(report.phase_titles.get(phase, phase))}</h3><ul>"
                     + "".join(f"<li>{_text(r['title'])} <small>({_text(r['area_name'])})"
                               f"</small></li>" for _, r in items.iterrows())
                     + ("" if len(items) else "<li>Nothing urgent in this phase.</li>")
                     + "</ul>")
    for title, chart in report.charts:
        parts.append(f"<h2>{html.escape(title)}</h2><figure>{chart_svg(chart)}</figure>")
    for title, frame in report.tables:
        parts.append(f"<h2>{html.escape(title)}</h2>{_table(frame)}")
    parts.append("<p class='meta'>Made with SocialReady.</p></body></html>")
    return "\n".join(parts)
