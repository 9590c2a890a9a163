"""A chart laid out the way Streamlit draws it in the browser, to check what a person sees.

Streamlit's frontend (1.67) puts its theme's config under the chart's own, sets the chart's
width to the width of its column when the page asks for ``width="stretch"``, and fits
everything (axes, legends, titles) inside that width (``autosize: fit``). The theme hides axis
labels that overlap (``labelOverlap: true``). vl-convert lays the chart out with the same Vega
and returns the scene graph: every mark with its position, text and opacity.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import altair as alt
import vl_convert

# Copied from streamlit/static/.../CustomTheme.*.js (the "streamlit" theme), in pixels.
STREAMLIT_THEME = {
    "autosize": {"type": "fit", "contains": "padding"},
    "title": {"anchor": "start", "fontSize": 16, "offset": 26, "fontWeight": 600},
    "axis": {"labelFontSize": 12, "titleFontSize": 14, "ticks": False, "domain": False,
             "labelFlush": True, "labelFlushOffset": 1, "labelBound": False, "labelLimit": 100,
             "titlePadding": 16, "labelPadding": 16, "labelSeparation": 4,
             "labelOverlap": True},
    "legend": {"labelFontSize": 14, "titleFontSize": 14, "titlePadding": 8, "labelPadding": 16,
               "columnPadding": 8, "rowPadding": 4, "padding": 8, "symbolStrokeWidth": 4},
    "view": {"strokeWidth": 0, "continuousWidth": 400, "continuousHeight": 350},
}
PHONE = 358      # the main column of a 390 px wide phone screen
DESKTOP = 1000   # the main column of a 1400 px wide window, sidebar open


def _merged(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = (_merged(merged[key], value)
                       if isinstance(value, dict) and isinstance(merged.get(key), dict)
                       else value)
    return merged


def _as_streamlit_spec(chart: alt.TopLevelMixin, width: int, overlaps_hidden: bool) -> str:
    spec = chart.to_dict()
    spec["config"] = _merged(STREAMLIT_THEME, spec.get("config", {}))
    if overlaps_hidden:
        spec["config"]["axis"]["labelOverlap"] = True
        for layer in spec.get("layer", [spec]):
            for channel in layer.get("encoding", {}).values():
                if isinstance(channel, dict) and isinstance(channel.get("axis"), dict):
                    channel["axis"]["labelOverlap"] = True
    spec["width"] = width
    spec.setdefault("autosize", {"type": "fit", "contains": "padding"})
    return json.dumps(spec)


def as_streamlit_draws(chart: alt.TopLevelMixin, width: int, *,
                       overlaps_hidden: bool = True) -> dict:
    """The scene graph of ``chart`` drawn by Streamlit at ``width`` (``width="stretch"``).

    With ``overlaps_hidden`` (the default) every axis hides a label that would overlap
    another, whatever the chart asks: a label left visible is one that fits.
    """
    return vl_convert.vegalite_to_scenegraph(_as_streamlit_spec(chart, width, overlaps_hidden))


def as_streamlit_png(chart: alt.TopLevelMixin, width: int) -> bytes:
    """The picture of :func:`as_streamlit_draws` (for a person to look at)."""
    return vl_convert.vegalite_to_png(_as_streamlit_spec(chart, width, False), scale=1)


def _items(node) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        for item in node.get("items", []) if isinstance(node.get("items"), list) else []:
            if isinstance(item, dict):
                yield node.get("role", ""), item
        for value in node.values():
            yield from _items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value)


def axis_labels(scene: dict) -> list[tuple[str, bool]]:
    """Every axis label as (its text, lines joined by spaces; whether it is shown)."""
    return [(" ".join(item["text"]) if isinstance(item.get("text"), list)
             else str(item.get("text")), item.get("opacity", 1) != 0)
            for role, item in _items(scene) if role == "axis-label"]


def texts(scene: dict, role: str = "mark") -> list[dict]:
    """The text items of the marks (not axes, legends or titles)."""
    return [item for r, item in _items(scene) if r == role and "text" in item]


def drawn_width(scene: dict) -> float:
    """How wide the whole drawing is, axes, legends and titles included."""
    return scene["width"]


def plot_width(scene: dict) -> float:
    """How wide the plot itself is (where the bars, cells or points are), without axes."""
    return scene["scenegraph"]["items"][0]["width"]


def text_boxes(scene: dict, character_em: float = 0.55) -> list[tuple[str, tuple]]:
    """Each mark text as (text, (left, top, right, bottom)) in pixels, its width estimated at
    ``character_em`` of the font size a character."""
    boxes = []
    for item in texts(scene):
        text, size = str(item["text"]), item.get("fontSize", 11)
        width = len(text) * character_em * size
        x, y = item["x"] + item.get("dx", 0), item["y"] + item.get("dy", 0)
        left = x - {"left": 0, "center": 0.5, "right": 1}[item.get("align", "left")] * width
        top = y - {"top": 0, "middle": 0.5, "bottom": 1, "alphabetic": 0.8}[
            item.get("baseline", "alphabetic")] * size
        boxes.append((text, (left, top, left + width, top + size)))
    return boxes


def points(scene: dict) -> list[tuple[float, float]]:
    """The centres of the chart's point (circle) marks."""
    return [(item["x"], item["y"]) for role, item in _items(scene)
            if role == "mark" and "size" in item and "text" not in item]


def legend_labels(scene: dict) -> list[str]:
    """The texts of every legend entry."""
    return [str(item["text"]) for role, item in _items(scene) if role == "legend-label"]


def _hex(color: str) -> str:
    """"#rrggbb" for a Vega colour given as "#rrggbb" or "rgb(r, g, b)"."""
    found = re.fullmatch(r"rgb\((\d+), ?(\d+), ?(\d+)\)", color)
    return "#" + "".join(f"{int(v):02x}" for v in found.groups()) if found else color


def legend_colors(scene: dict) -> list[str]:
    """The fill of every legend symbol, in the legend's order, as "#rrggbb"."""
    return [_hex(str(item["fill"])) for role, item in _items(scene) if role == "legend-symbol"]
